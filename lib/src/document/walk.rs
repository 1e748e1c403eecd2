//! Walking a path through a document's node tree, and the anchor checks edits need.

use std::collections::{HashMap, HashSet};

use super::nodes::node_value;
use super::{Document, EditError, Node, NodeKind, Path, Segment, Value, YamlDocument};

/// One step from a node to a child, used to address the same place in a [`Value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Entry(usize),
    Item(usize),
}

/// Where a node sits in its parent.
#[derive(Debug, Clone, Copy)]
pub(super) enum Owner<'a> {
    Root,
    MapValue { key: &'a Node, flow: bool },
    SeqItem { flow: bool },
}

/// The result of walking a path as far as it exists.
pub(super) struct Walk<'a> {
    /// Nodes from the root down to the deepest one reached.
    pub(super) chain: Vec<&'a Node>,
    /// Owner of each node in `chain`.
    pub(super) owners: Vec<Owner<'a>>,
    /// Value-tree steps to the deepest node.
    pub(super) steps: Vec<Step>,
    /// Number of path segments consumed.
    pub(super) consumed: usize,
}

impl Document {
    pub(super) fn doc(&self, index: usize) -> Result<&YamlDocument, EditError> {
        self.docs.get(index).ok_or(EditError::NoSuchDocument {
            index,
            count: self.docs.len(),
        })
    }

    /// Walks `path` from the root as far as it exists.
    pub(super) fn walk<'a>(
        &'a self,
        doc: &'a YamlDocument,
        path: &Path,
        follow_aliases: bool,
    ) -> Result<Walk<'a>, EditError> {
        let mut walk = Walk {
            chain: vec![],
            owners: vec![],
            steps: vec![],
            consumed: 0,
        };
        let Some(root) = &doc.root else {
            return Ok(walk);
        };
        let anchors = anchor_nodes(root);
        walk.chain.push(root);
        walk.owners.push(Owner::Root);
        let mut cur = root;
        for (i, seg) in path.segments.iter().enumerate() {
            if let NodeKind::Alias { name } = &cur.kind {
                match anchors.get(name.as_str()) {
                    Some(target) if follow_aliases => cur = target,
                    _ => {
                        return Err(EditError::Alias {
                            path: path.prefix(i).to_string(),
                            what: "alias",
                            anchor: name.clone(),
                            location: self.location(cur.start),
                        });
                    }
                }
            }
            let loc = self.location(cur.start);
            match &cur.kind {
                NodeKind::Mapping { entries, flow } => {
                    let key = match seg {
                        Segment::Key(k) | Segment::Token(k) => k,
                        _ => {
                            return Err(EditError::WrongSegment {
                                path: path.prefix(i).to_string(),
                                found: "mapping",
                                segment: seg.to_string(),
                                location: loc,
                            });
                        }
                    };
                    let key_text = |n: &'a Node| -> Option<&'a str> {
                        match &n.kind {
                            NodeKind::Alias { name } => {
                                anchors.get(name.as_str()).and_then(|t| t.scalar_text())
                            }
                            _ => n.scalar_text(),
                        }
                    };
                    let found = entries
                        .iter()
                        .rposition(|e| key_text(&e.key) == Some(key.as_str()));
                    match found {
                        Some(j) => {
                            let e = &entries[j];
                            walk.chain.push(&e.value);
                            walk.owners.push(Owner::MapValue {
                                key: &e.key,
                                flow: *flow,
                            });
                            walk.steps.push(Step::Entry(j));
                            cur = &e.value;
                        }
                        None => return Ok(walk),
                    }
                }
                NodeKind::Sequence { items, flow } => {
                    let idx = match seg {
                        Segment::Index(n) => Some(*n),
                        Segment::Append => None,
                        Segment::Token(t) => match t.parse::<usize>() {
                            Ok(n) if t == &n.to_string() => Some(n),
                            _ => {
                                return Err(EditError::WrongSegment {
                                    path: path.prefix(i).to_string(),
                                    found: "sequence",
                                    segment: seg.to_string(),
                                    location: loc,
                                });
                            }
                        },
                        Segment::Match(k, v) => {
                            let key_of = |n: &Node| -> Option<String> {
                                let NodeKind::Mapping { entries, .. } = &n.kind else {
                                    return None;
                                };
                                entries
                                    .iter()
                                    .rev()
                                    .find(|e| e.key.scalar_text() == Some(k.as_str()))
                                    .and_then(|e| e.value.scalar_text().map(str::to_owned))
                            };
                            // `[name=a|b]`: the first alternative that some item has.
                            let keys: Vec<Option<String>> = items.iter().map(key_of).collect();
                            match super::path::alternatives(v)
                                .find_map(|alt| keys.iter().position(|k| k.as_deref() == Some(alt)))
                            {
                                Some(n) => Some(n),
                                None => return Ok(walk),
                            }
                        }
                        Segment::Key(_) => {
                            return Err(EditError::WrongSegment {
                                path: path.prefix(i).to_string(),
                                found: "sequence",
                                segment: seg.to_string(),
                                location: loc,
                            });
                        }
                    };
                    match idx {
                        Some(n) if n < items.len() => {
                            walk.chain.push(&items[n]);
                            walk.owners.push(Owner::SeqItem { flow: *flow });
                            walk.steps.push(Step::Item(n));
                            cur = &items[n];
                        }
                        Some(n) if n > items.len() => {
                            return Err(EditError::IndexOutOfRange {
                                path: path.prefix(i).to_string(),
                                index: n,
                                len: items.len(),
                                location: loc,
                            });
                        }
                        _ => return Ok(walk),
                    }
                }
                NodeKind::Scalar { .. } if node_value(cur) == Value::Null => return Ok(walk),
                NodeKind::Scalar { .. } | NodeKind::Alias { .. } => {
                    return Err(EditError::NotACollection {
                        path: path.prefix(i).to_string(),
                        found: node_value(cur).type_name(),
                        location: loc,
                    });
                }
            }
            walk.consumed = i + 1;
        }
        Ok(walk)
    }

    /// Refuses edits that would change an anchored node that aliases share.
    pub(super) fn check_anchors(
        &self,
        doc: &YamlDocument,
        walk: &Walk<'_>,
        path: &Path,
    ) -> Result<(), EditError> {
        let Some(root) = &doc.root else { return Ok(()) };
        let aliased = aliased_names(root);
        if aliased.is_empty() {
            return Ok(());
        }
        for (i, node) in walk.chain.iter().enumerate() {
            if let Some(a) = &node.anchor
                && aliased.contains(a.as_str())
            {
                return Err(EditError::Alias {
                    path: path.prefix(i).to_string(),
                    what: "anchor",
                    anchor: a.clone(),
                    location: self.location(node.props_start),
                });
            }
        }
        Ok(())
    }
}

/// The anchored nodes below `root`, by anchor name (the last definition wins).
pub(crate) fn anchor_nodes(root: &Node) -> HashMap<&str, &Node> {
    anchor_nodes_all(root)
        .into_iter()
        .filter_map(|(name, nodes)| Some((name, *nodes.last()?)))
        .collect()
}

/// Every anchored node by name, in document order (a name can be anchored again: an alias
/// refers to the last one before it).
pub(crate) fn anchor_nodes_all(root: &Node) -> HashMap<&str, Vec<&Node>> {
    fn go<'a>(n: &'a Node, out: &mut HashMap<&'a str, Vec<&'a Node>>) {
        if let Some(a) = &n.anchor {
            out.entry(a.as_str()).or_default().push(n);
        }
        match &n.kind {
            NodeKind::Sequence { items, .. } => items.iter().for_each(|c| go(c, out)),
            NodeKind::Mapping { entries, .. } => entries.iter().for_each(|e| {
                go(&e.key, out);
                go(&e.value, out);
            }),
            _ => {}
        }
    }
    let mut out = HashMap::new();
    go(root, &mut out);
    out
}

pub(super) fn aliased_names(root: &Node) -> HashSet<&str> {
    fn go<'a>(n: &'a Node, out: &mut HashSet<&'a str>) {
        match &n.kind {
            NodeKind::Alias { name } => {
                out.insert(name.as_str());
            }
            NodeKind::Sequence { items, .. } => items.iter().for_each(|c| go(c, out)),
            NodeKind::Mapping { entries, .. } => entries.iter().for_each(|e| {
                go(&e.key, out);
                go(&e.value, out);
            }),
            NodeKind::Scalar { .. } => {}
        }
    }
    let mut out = HashSet::new();
    go(root, &mut out);
    out
}
