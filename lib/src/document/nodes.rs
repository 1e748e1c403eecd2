//! The value of a node: scalars resolved as KubeEdge reads YAML (1.1), aliases resolved.

use std::collections::HashMap;

use super::value::resolve_scalar;
use super::{Node, NodeKind, ParseError, ScalarStyle, Value, YamlDocument};

/// The most nodes a document may expand to with its aliases resolved: 1,000,000, or
/// `EDGECFG_MAX_ALIAS_NODES`. A few hundred bytes of nested aliases (a "billion laughs" bomb)
/// expand to billions; such a document is refused where it is parsed, before anything turns it
/// into values.
pub fn max_alias_nodes() -> u64 {
    std::env::var("EDGECFG_MAX_ALIAS_NODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// Refuses a stream with a document whose alias expansion exceeds [`max_alias_nodes`], naming
/// the alias where the limit is crossed. Linear in the stream's size. A text without `*` has no
/// alias, so nothing expands beyond the tree already built from it (bounded by the text's size):
/// the check is skipped. Only expansion is limited: a subtree without aliases is as large as the
/// text that holds it, and is never refused here, however many nodes it has.
pub(super) fn check_expansion(src: &str, docs: &[YamlDocument]) -> Result<(), ParseError> {
    if memchr::memchr(b'*', src.as_bytes()).is_none() {
        return Ok(());
    }
    /// A subtree's node count with its aliases resolved, and whether an alias is in it.
    #[derive(Clone, Copy)]
    struct Size {
        nodes: u64,
        aliased: bool,
    }
    impl Size {
        fn add(self, other: Size) -> Size {
            Size {
                nodes: self.nodes.saturating_add(other.nodes),
                aliased: self.aliased || other.aliased,
            }
        }
    }
    fn size(
        n: &Node,
        sizes: &mut HashMap<String, u64>,
        limit: u64,
        src: &str,
    ) -> Result<Size, ParseError> {
        let leaf = Size {
            nodes: 1,
            aliased: false,
        };
        let s = match &n.kind {
            NodeKind::Alias { name } => {
                let s = sizes.get(name).copied().unwrap_or(1);
                if s > limit {
                    return Err(ParseError::at(
                        src,
                        n.start,
                        format!(
                            "alias `*{name}` expands to {s} nodes, more than the limit of {limit} (a YAML alias bomb?); set EDGECFG_MAX_ALIAS_NODES to raise it"
                        ),
                    ));
                }
                Size {
                    nodes: s,
                    aliased: true,
                }
            }
            NodeKind::Scalar { .. } => leaf,
            NodeKind::Sequence { items, .. } => {
                let mut t = leaf;
                for i in items {
                    t = t.add(size(i, sizes, limit, src)?);
                }
                t
            }
            NodeKind::Mapping { entries, .. } => {
                let mut t = leaf;
                for e in entries {
                    t = t
                        .add(size(&e.key, sizes, limit, src)?)
                        .add(size(&e.value, sizes, limit, src)?);
                }
                t
            }
        };
        if let Some(a) = &n.anchor {
            sizes.insert(a.clone(), s.nodes);
        }
        if s.aliased && s.nodes > limit {
            let what = match &n.anchor {
                Some(a) => format!("anchor `&{a}`"),
                None => "this node".to_owned(),
            };
            return Err(ParseError::at(
                src,
                n.start,
                format!(
                    "{what} expands to {} nodes with its aliases resolved, more than the limit of {limit} (a YAML alias bomb?); set EDGECFG_MAX_ALIAS_NODES to raise it",
                    s.nodes
                ),
            ));
        }
        Ok(s)
    }
    let limit = max_alias_nodes();
    for d in docs {
        if let Some(root) = &d.root {
            size(root, &mut HashMap::new(), limit, src)?;
        }
    }
    Ok(())
}

pub(super) fn doc_value(doc: &YamlDocument) -> Value {
    match &doc.root {
        None => Value::Null,
        Some(root) => {
            let mut anchors = HashMap::new();
            to_value(root, &mut anchors)
        }
    }
}

/// The value of a node inside a document (aliases resolved against the whole document).
pub(super) fn node_value_in(doc: &YamlDocument, node: &Node) -> Value {
    let mut anchors = HashMap::new();
    if let Some(root) = &doc.root {
        // Collect anchors defined before the node.
        collect_anchor_values(root, node.props_start, &mut anchors);
    }
    to_value(node, &mut anchors)
}

pub(super) fn collect_anchor_values(
    node: &Node,
    before: usize,
    anchors: &mut HashMap<String, Value>,
) {
    if node.props_start >= before {
        return;
    }
    match &node.kind {
        NodeKind::Sequence { items, .. } => items
            .iter()
            .for_each(|n| collect_anchor_values(n, before, anchors)),
        NodeKind::Mapping { entries, .. } => {
            for e in entries {
                collect_anchor_values(&e.key, before, anchors);
                collect_anchor_values(&e.value, before, anchors);
            }
        }
        _ => {}
    }
    if let Some(a) = &node.anchor
        && node.end <= before
    {
        let mut tmp = anchors.clone();
        let v = to_value(node, &mut tmp);
        anchors.insert(a.clone(), v);
    }
}

/// The value of a node without alias context (aliases become `Null`).
pub(super) fn node_value(node: &Node) -> Value {
    to_value(node, &mut HashMap::new())
}

pub(super) fn to_value(node: &Node, anchors: &mut HashMap<String, Value>) -> Value {
    let v = match &node.kind {
        NodeKind::Scalar { value, style, .. } => {
            match resolve_scalar(value, *style == ScalarStyle::Plain, node.tag.as_deref()) {
                Some(Ok(v)) => v,
                // A tag go-yaml v2 refuses for this value, or one it does not resolve: kept.
                Some(Err(_)) | None => match node.tag.as_deref() {
                    Some("!") => Value::String(value.clone()),
                    tag => Value::Tagged(
                        tag.unwrap_or_default().to_owned(),
                        Box::new(Value::String(value.clone())),
                    ),
                },
            }
        }
        NodeKind::Sequence { items, .. } => {
            Value::Sequence(items.iter().map(|n| to_value(n, anchors)).collect())
        }
        NodeKind::Mapping { entries, .. } => Value::Mapping(
            entries
                .iter()
                .map(|e| (to_value(&e.key, anchors), to_value(&e.value, anchors)))
                .collect(),
        ),
        NodeKind::Alias { name } => anchors.get(name).cloned().unwrap_or(Value::Null),
    };
    let v = match (&node.kind, node.tag.as_deref()) {
        (NodeKind::Sequence { .. } | NodeKind::Mapping { .. }, Some(tag))
            if !matches!(tag, "!!map" | "!!seq" | "!!omap" | "!!set" | "!!pairs") =>
        {
            Value::Tagged(tag.to_owned(), Box::new(v))
        }
        _ => v,
    };
    if let Some(a) = &node.anchor {
        anchors.insert(a.clone(), v.clone());
    }
    v
}
