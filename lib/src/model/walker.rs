//! The structural pass of validation: a document checked against its kind's JSON Schema —
//! unknown keys, wrong case, duplicates, types, YAML 1.1 traps, nulls — producing the JSON
//! value KubeEdge would decode.

use std::collections::HashMap;

use serde_json::Value as J;

use super::GoDuration;
use super::finding::Finding;
use super::kind::ConfigKind;
use super::release::{Release, ranges_text};
use super::releases::{Family, family};
use super::rules::RuleId;
use super::schema::{Expect, SchemaView};
use super::suggest::did_you_mean;
use crate::document::{
    Location, Node, NodeKind, ScalarStyle, Value, parse_int_yaml11, resolve_plain, resolve_scalar,
};
use crate::document::{MergeItem, merge_entries};

/// The structural pass: walks a document against its kind's schema, reports what does not fit,
/// and builds the JSON KubeEdge would decode (values it would reject are left out, so their
/// defaults stay).
pub(crate) struct Walker<'a> {
    pub(crate) schema: SchemaView<'a>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) loc: &'a dyn Fn(usize) -> Location,
    /// Anchored nodes of the document, for `<<: *anchor` merge keys.
    pub(crate) anchors: HashMap<&'a str, Vec<&'a Node>>,
    /// The release checked, for keys it lacks that other releases have.
    pub(crate) versions: Option<Versions>,
    /// The release's defaults (what a `null` list or map would drop).
    pub(crate) defaults: Option<std::sync::Arc<J>>,
}

/// Key and value nodes of a mapping.
type Pairs<'a> = Vec<(&'a Node, &'a Node)>;

/// The release a walk checks against.
pub(crate) struct Versions {
    pub(crate) kind: ConfigKind,
    pub(crate) family: Family,
    pub(crate) release: Release,
    /// The release is known (given, or the file's edgecoreVersion), not inferred from the keys.
    pub(crate) known: bool,
}

impl<'a> Walker<'a> {
    /// Whether `path` is a string field KubeEdge reaches through `Edged`'s embedded Go structs
    /// (`TailoredKubeletFlag`, `ContainerRuntimeOptions`): sigs.k8s.io/yaml converts a YAML
    /// number or boolean to a string only for fields it finds by JSON name, and it does not look
    /// into embedded structs, so there the value stays a number and decoding fails. Probed with
    /// KubeEdge's own decoding of 1.12.7, 1.15.4, 1.17.5, 1.20.0 and 1.23.1 (kecheck): every
    /// string field directly under `modules.edged` but `Edged`'s own `customInterfaceName` and
    /// `registerNodeNamespace`, and the values of `nodeLabels`.
    fn through_embedded_struct(&self, path: &str) -> bool {
        let is_v1alpha2 = self
            .versions
            .as_ref()
            .is_none_or(|v| v.kind == ConfigKind::EdgeCore && v.family == Family::EdgeCore);
        let folded = super::fold::go_fold(path);
        let Some(rest) = folded.strip_prefix("modules.edged.") else {
            return false;
        };
        // `Edged`'s own string fields (folded, as keys are matched).
        const OWN: &[&str] = &["custominterfacename", "registernodenamespace"];
        is_v1alpha2
            && match rest.split_once('.') {
                None => !OWN.contains(&rest) && !rest.contains('['),
                Some(("nodelabels", key)) => !key.is_empty(),
                Some(_) => false,
            }
    }

    /// A mapping's entries as go-yaml v2 builds its map (keys given twice and `<<` merge keys
    /// applied in document order, the later entry replacing the earlier): the entries kept, and
    /// the own entries replaced (they never reach KubeEdge's JSON step; only their tags are
    /// checked, by `tag_conflicts`).
    fn go_yaml_map(&self, entries: &'a [crate::document::Entry]) -> (Pairs<'a>, Pairs<'a>) {
        let source = |src: &'a Node| -> Option<Pairs<'a>> {
            let target = match &src.kind {
                NodeKind::Alias { name } => self.anchor(name, src.start)?,
                _ => src,
            };
            match &target.kind {
                NodeKind::Mapping { entries, .. } => {
                    Some(entries.iter().map(|m| (&m.key, &m.value)).collect())
                }
                _ => None,
            }
        };
        let items: Vec<MergeItem<&Node, &Node>> = entries
            .iter()
            .map(|e| {
                if e.key.scalar_text() == Some("<<") {
                    let sources = match &e.value.kind {
                        NodeKind::Sequence { items, .. } => items.iter().collect(),
                        _ => vec![&e.value],
                    };
                    MergeItem::Merge(sources.into_iter().filter_map(source).collect())
                } else {
                    MergeItem::Own(&e.key, &e.value)
                }
            })
            .collect();
        merge_entries(
            items,
            |k: &&Node| k.scalar_text().map(crate::document::hash_str),
            |a: &&Node, b: &&Node| a.scalar_text().is_some() && a.scalar_text() == b.scalar_text(),
        )
    }

    /// The node an alias at `at` refers to: the last one anchored with `name` before it.
    fn anchor(&self, name: &str, at: usize) -> Option<&'a Node> {
        self.anchors
            .get(name)?
            .iter()
            .rev()
            .find(|n| n.props_start < at)
            .copied()
    }

    /// Whether the field at `shown` is a Go pointer (`*struct`, `*bool`, …) in the release
    /// checked: `null` sets it to nil, dropping its default.
    fn is_pointer(&self, shown: &str) -> bool {
        self.go_kind(shown).is_some_and(|n| n.starts_with('*'))
    }

    /// The field's Go kind in the release checked (`*struct`, `v1.Duration`, `int32`, …).
    fn go_kind(&self, shown: &str) -> Option<&'static str> {
        let v = self.versions.as_ref()?;
        family(v.family)
            .field_ignore_case(&inventory_path(shown))
            .and_then(|f| f.norm(v.release.minor))
    }

    /// A `version-mismatch` finding when `path` (unknown to the checked release) is a field of
    /// another release or of the kind's other format.
    fn version_note(&self, path: &str, at: usize) -> Option<Finding> {
        let v = self.versions.as_ref()?;
        let ipath = inventory_path(path);
        let release = v.release;
        let title = v.family.title();
        let (message, help) = if let Some(f) = family(v.family).field_ignore_case(&ipath) {
            (
                format!(
                    "`{path}` is not a field of {title} in KubeEdge {release}, which ignores it; it exists in KubeEdge {}",
                    ranges_text(&f.minors())
                ),
                match super::upgrade::MOVES
                    .iter()
                    .find(|(old, _, since)| *old == ipath && *since <= release.minor)
                {
                    Some((_, new, since)) => format!(
                        "since KubeEdge 1.{since} the setting is `{new}`; or, if the node runs one of those releases, pass --kubeedge-version"
                    ),
                    None => {
                        "if the node runs one of those releases, pass --kubeedge-version".to_owned()
                    }
                },
            )
        } else {
            let other = match (v.kind, v.family) {
                (ConfigKind::EdgeCore, Family::EdgeCore) => Family::EdgeCoreV1alpha1,
                (ConfigKind::EdgeCore, _) => Family::EdgeCore,
                _ => return None,
            };
            let f = family(other).field_ignore_case(&ipath)?;
            (
                format!(
                    "`{path}` is a field of {} (KubeEdge {}); KubeEdge {release} reads this file as {title} and ignores it",
                    other.title(),
                    ranges_text(&f.minors())
                ),
                format!(
                    "write the file for {title}, or pass the release the node runs with --kubeedge-version"
                ),
            )
        };
        // With the release known, the key is simply dropped there: the setting has no effect.
        let severity = if v.known {
            super::finding::Severity::Error
        } else {
            super::finding::Severity::Warning
        };
        Some(
            Finding::new(RuleId::VersionMismatch, path, (self.loc)(at), message)
                .help(Some(help))
                .severity(severity),
        )
    }

    /// `null` for a list or map field: Go's encoding/json sets it to nil, so its default is
    /// gone ([kecheck] `evictionHard:` gives no hard eviction at all).
    fn null_collection(&mut self, shown: &str, at: usize, what: &str) {
        let default = self
            .defaults
            .as_ref()
            .and_then(|d| shown.split('.').try_fold(&**d, |v, seg| v.get(seg)));
        let empty = match default {
            None | Some(J::Null) => true,
            Some(J::Array(a)) => a.is_empty(),
            Some(J::Object(o)) => o.is_empty(),
            Some(_) => false,
        };
        if empty && self.defaults.is_some() {
            return; // nil is the default anyway (`edgecore --defaultconfig` prints such nulls)
        }
        self.push(
            RuleId::NullValue,
            shown,
            at,
            format!("`{shown}` is null: KubeEdge sets the {what} to nil, which drops its default (it does not keep it)"),
            Some(format!("remove the key to keep the default, or write the {what} you want")),
        );
    }

    fn push(&mut self, rule: RuleId, path: &str, at: usize, message: String, help: Option<String>) {
        self.findings
            .push(Finding::new(rule, path, (self.loc)(at), message).help(help));
    }

    /// Checks `node` against `schema`; returns the JSON KubeEdge would decode (None: the default
    /// stays).
    pub(crate) fn walk(
        &mut self,
        node: &'a Node,
        schema: &'a J,
        path: &str,
        is_root: bool,
    ) -> Option<J> {
        let expect = self.schema.expect(schema);
        if let NodeKind::Alias { name } = &node.kind {
            // KubeEdge reads the anchored node here: walk it at this path (its findings point at
            // the anchored node). An alias inside its own anchor is refused by go-yaml.
            let target = self.anchor(name, node.start)?;
            if target.start <= node.start && node.start < target.end {
                return None;
            }
            return self.walk(target, schema, path, is_root);
        }
        let scalar = match &node.kind {
            NodeKind::Scalar { value, style, .. } => Some((value.as_str(), *style)),
            _ => None,
        };
        let resolved = match scalar {
            None => None,
            Some(_) if node.empty => Some(Value::Null),
            Some((v, style)) => {
                match resolve_scalar(v, style == ScalarStyle::Plain, node.tag.as_deref()) {
                    Some(Ok(r)) => Some(r),
                    // go-yaml v2 refuses the document: reported by `tag_conflicts`.
                    Some(Err(_)) => return None,
                    None if style == ScalarStyle::Plain => Some(resolve_plain(v)),
                    None => Some(Value::String(v.to_owned())),
                }
            }
        };
        let shown = path.trim_start_matches('.');
        let is_null = matches!(resolved, Some(Value::Null));
        match expect {
            // encoding/json: null leaves a value type as it is (a custom type's UnmarshalJSON,
            // such as TimeOrMetaDuration, takes it as "no change" too), and sets a pointer, map,
            // slice or interface to nil.
            Expect::Any if is_null => match self.go_kind(shown) {
                Some(k) if !(k.starts_with('*') || k.starts_with('[') || k.starts_with("map[")) => {
                    None
                }
                _ => Some(J::Null),
            },
            // component-base's TimeOrMetaDuration (`logging.flushFrequency`): a JSON string
            // must be a Go duration, anything else an integer of nanoseconds.
            Expect::Any if self.go_kind(shown) == Some("duration-or-int") => {
                let v = to_json_lossy(node)?;
                let ok = match &v {
                    J::String(s) => super::GoDuration::is_valid(s),
                    J::Number(n) => n.is_i64() || n.is_u64(),
                    _ => false,
                };
                if !ok {
                    self.push(
                        RuleId::BadDuration,
                        shown,
                        node.start,
                        format!("`{shown}` must be a Go duration string (`5s`) or an integer of nanoseconds, found {v}; KubeEdge fails to start"),
                        Some("write a duration such as `5s`".into()),
                    );
                    return None;
                }
                Some(v)
            }
            Expect::Any => to_json_lossy(node),
            Expect::Struct(props) => {
                if is_null {
                    if !is_root {
                        let edge = self
                            .versions
                            .as_ref()
                            .is_none_or(|v| v.kind == ConfigKind::EdgeCore);
                        let cloud = self
                            .versions
                            .as_ref()
                            .is_none_or(|v| v.kind == ConfigKind::CloudCore);
                        // Sections KubeEdge checks for nil (cloud/cmd/cloudcore/app/server.go:
                        // 99,128,166, edge/pkg/taskmanager/taskmanager.go:64@v1.23.1).
                        let meaning = match shown {
                            "modules.iptablesManager" if cloud => Some(
                                "KubeEdge runs the internal iptables manager (as `mode: internal`), not what the defaults say",
                            ),
                            "modules.cloudHub.authorization" if cloud => {
                                Some("KubeEdge treats it as authorization off")
                            }
                            "modules.taskManager" if edge => {
                                Some("KubeEdge treats it as the module off")
                            }
                            _ => None,
                        };
                        match meaning {
                            Some(m) => self.findings.push(
                                Finding::new(
                                    RuleId::NullObject,
                                    shown,
                                    (self.loc)(node.start),
                                    format!("`{shown}` is null: {m}"),
                                )
                                .help(Some("remove the key to keep the defaults, or give it a mapping"))
                                .severity(super::finding::Severity::Warning),
                            ),
                            None => self.push(
                                RuleId::NullObject,
                                shown,
                                node.start,
                                format!("`{shown}` is null; KubeEdge sets the section to nil and crashes when it reads it"),
                                Some("remove the key to keep the defaults, or give it a mapping".into()),
                            ),
                        }
                        // A null pointer-to-struct is set to nil: the section's defaults are
                        // gone. A struct value keeps them (encoding/json ignores null there).
                        if self.is_pointer(shown) {
                            return Some(J::Null);
                        }
                    }
                    return None;
                }
                let NodeKind::Mapping { entries, .. } = &node.kind else {
                    self.wrong_type(node, shown, "a mapping");
                    return None;
                };
                let mut out = serde_json::Map::new();
                // Borrowed from the schema and the document, paths by index into `paths`: this
                // runs for every key of every file.
                // (field, spelling, where, path, value) as given
                let mut given: Vec<(&str, &str, usize, usize, J)> = Vec::new();
                // (field, spelling, path) of every known key, valid or not
                let mut seen: Vec<(&str, &str, usize)> = Vec::new();
                let mut paths: Vec<String> = Vec::new();
                let (all, replaced) = self.go_yaml_map(entries);
                for (key_node, _) in replaced {
                    let Some(key) = key_node.scalar_text() else {
                        continue;
                    };
                    let child_path =
                        format!("{shown}{}{key}", if shown.is_empty() { "" } else { "." });
                    let (by, at) = all
                        .iter()
                        .find(|(k, _)| k.scalar_text() == Some(key))
                        .map(|(k, _)| (*k, k.start))
                        .expect("a replaced key is set again");
                    let later = (self.loc)(at);
                    let how = if by.start < key_node.start {
                        format!("a `<<` merge key after it sets it again (from {later})")
                    } else {
                        format!("it is given again at {later}")
                    };
                    self.push(
                        RuleId::DuplicateKey,
                        &child_path,
                        key_node.start,
                        format!("`{key}` has no effect: {how}, and KubeEdge uses the last value"),
                        Some("keep one".into()),
                    );
                }
                for (key_node, value_node) in all {
                    let Some(key) = key_node.scalar_text() else {
                        continue;
                    };
                    let child_path =
                        format!("{shown}{}{key}", if shown.is_empty() { "" } else { "." });
                    let (canonical, sub): (&str, &J) = match props.get_key_value(key) {
                        Some((k, s)) => (k.as_str(), s),
                        None => match props.iter().find(|(k, _)| super::fold::go_fold_eq(k, key)) {
                            Some((k, s)) => {
                                self.push(
                                    RuleId::CaseMismatch,
                                    &child_path,
                                    key_node.start,
                                    format!("`{key}` is spelled `{k}`; KubeEdge matches keys case-insensitively and accepts it, but edgecfg, keadm and most tools do not"),
                                    Some(format!("write `{k}`")),
                                );
                                (k.as_str(), s)
                            }
                            None => {
                                if let Some(f) = self.version_note(&child_path, key_node.start) {
                                    self.findings.push(f);
                                    continue;
                                }
                                let suggestion =
                                    did_you_mean(key, props.keys().map(String::as_str));
                                let parent = if shown.is_empty() {
                                    "the top level".to_owned()
                                } else {
                                    format!("`{shown}`")
                                };
                                self.push(
                                    RuleId::UnknownKey,
                                    &child_path,
                                    key_node.start,
                                    format!("unknown key `{key}` in {parent}; KubeEdge ignores it silently, so this setting has no effect"),
                                    suggestion.map(|s| format!("did you mean `{s}`?")),
                                );
                                continue;
                            }
                        },
                    };
                    let walked = self.walk(value_node, sub, &child_path, false);
                    // A null that leaves the field as it is (a value type) replaces nothing.
                    let no_op = walked.is_none()
                        && (value_node.empty
                            || matches!(&value_node.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain, .. }
                                if value_node.tag.is_none() && resolve_plain(value) == Value::Null));
                    paths.push(child_path);
                    let path = paths.len() - 1;
                    if !no_op {
                        seen.push((canonical, key, path));
                    }
                    if let Some(v) = walked {
                        given.push((canonical, key, key_node.start, path, v));
                    }
                }
                // Enumerations are checked on the decoded struct (IptablesManager's
                // UnmarshalJSON, then validation): a spelling that a later one (byte order)
                // replaces does not count there.
                for &(canonical, spelling, path) in &seen {
                    let last = seen
                        .iter()
                        .filter(|(c, _, _)| *c == canonical)
                        .map(|(_, s, _)| *s)
                        .max()
                        .expect("itself");
                    // Only the field's own value: a losing spelling of a section is decoded
                    // (and IptablesManager checks its mode) before the winner merges in.
                    if last != spelling {
                        let path = &paths[path];
                        self.findings
                            .retain(|f| f.rule != RuleId::InvalidEnum || f.path != *path);
                    }
                }
                // As KubeEdge decodes (yaml.go:159,174,94@v1.23.1): the YAML becomes a map, so
                // of one spelling given twice the last stays; then a JSON object with its keys
                // sorted byte-wise, decoded with case-insensitive matching: the spellings of one
                // field apply in byte order (objects merge into the field, anything else
                // replaces), so the spelling that sorts last wins wherever it is in the file.
                // Fields in the order first given; each field's spellings (one, nearly always)
                // deduplicated, then sorted byte-wise.
                // (field, [(spelling, where, path, value)])
                type Spellings<'k> = Vec<(&'k str, usize, usize, J)>;
                let mut groups: Vec<(&str, Spellings)> = Vec::new();
                for (canonical, spelling, at, path, v) in given {
                    let i = match groups.iter().position(|(c, _)| *c == canonical) {
                        Some(i) => i,
                        None => {
                            groups.push((canonical, Vec::new()));
                            groups.len() - 1
                        }
                    };
                    let spellings = &mut groups[i].1;
                    match spellings.iter().position(|(s, ..)| *s == spelling) {
                        Some(j) => spellings[j] = (spelling, at, path, v),
                        None => spellings.push((spelling, at, path, v)),
                    }
                }
                for (canonical, mut spellings) in groups {
                    if spellings.len() > 1 {
                        spellings.sort_by(|a, b| a.0.cmp(b.0));
                        let (winner, won_at, _, _) = spellings.last().expect("two");
                        let (winner, won) = (*winner, (self.loc)(*won_at));
                        let losers: Vec<(&str, usize, usize)> = spellings[..spellings.len() - 1]
                            .iter()
                            .map(|(k, a, p, _)| (*k, *a, *p))
                            .collect();
                        for (loser, at, path) in losers {
                            self.push(
                                RuleId::DuplicateKey,
                                &paths[path],
                                at,
                                format!("`{loser}` and `{winner}` (at {won}) are one field, `{canonical}`: KubeEdge matches keys case-insensitively and applies them in byte order, so `{winner}` wins wherever it is in the file (mappings merge key by key)"),
                                Some(format!("keep one key, spelled `{canonical}`")),
                            );
                        }
                    }
                    let mut value: Option<J> = None;
                    for (_, _, _, v) in spellings {
                        value = Some(match value {
                            // A later null sets the field to nil, whatever came before.
                            Some(_) if v.is_null() => J::Null,
                            // nil, then an object: decoded into a new zero struct or map.
                            Some(J::Null) if v.is_object() => super::effective::fresh(v),
                            Some(acc) if acc.get(super::effective::FRESH).is_some() => {
                                let mut acc = acc;
                                if let (J::Object(a), J::Object(o)) = (&mut acc, v) {
                                    for (k, x) in o {
                                        match a.get_mut(&k) {
                                            Some(slot) => {
                                                *slot = super::effective::merge(slot.take(), x)
                                            }
                                            None => {
                                                a.insert(k, x);
                                            }
                                        }
                                    }
                                }
                                acc
                            }
                            Some(acc) => super::effective::merge(acc, v),
                            None => v,
                        });
                    }
                    if let Some(v) = value {
                        out.insert(canonical.to_owned(), v);
                    }
                }
                Some(J::Object(out))
            }
            Expect::Map(value_schema) => {
                if is_null {
                    self.null_collection(shown, node.start, "map");
                    return Some(J::Null);
                }
                let NodeKind::Mapping { entries, .. } = &node.kind else {
                    self.wrong_type(node, shown, "a mapping");
                    return None;
                };
                let mut out = serde_json::Map::new();
                let (kept, _) = self.go_yaml_map(entries);
                for (key_node, value_node) in kept {
                    let Some(key) = key_node.scalar_text() else {
                        continue;
                    };
                    let child = format!("{shown}.{key}");
                    let null = value_node.empty
                        || matches!(&value_node.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain, .. } if resolve_plain(value) == Value::Null);
                    if null && value_node.tag.is_none() {
                        // A null map value is stored as the element type's zero value.
                        let zero = match self.schema.expect(value_schema) {
                            Expect::Bool => J::Bool(false),
                            Expect::Int { .. } | Expect::Number => J::from(0),
                            Expect::Str { .. } => J::String(String::new()),
                            _ => J::Null,
                        };
                        out.insert(key.to_owned(), zero);
                        continue;
                    }
                    if let Some(v) = self.walk(value_node, value_schema, &child, false) {
                        out.insert(key.to_owned(), v);
                    }
                }
                Some(J::Object(out))
            }
            Expect::Array(items) => {
                if is_null {
                    self.null_collection(shown, node.start, "list");
                    return Some(J::Null);
                }
                let NodeKind::Sequence { items: nodes, .. } = &node.kind else {
                    self.wrong_type(node, shown, "a sequence");
                    return None;
                };
                let mut out = Vec::new();
                for (i, n) in nodes.iter().enumerate() {
                    let child = format!("{shown}[{i}]");
                    if n.empty
                        || matches!(&n.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain, .. } if resolve_plain(value) == Value::Null)
                    {
                        self.push(
                            RuleId::NullValue,
                            &child,
                            n.start,
                            format!(
                                "`{child}` is empty; KubeEdge reads it as the empty string \"\""
                            ),
                            Some("remove the item, or give it a value".into()),
                        );
                        out.push(J::String(String::new()));
                        continue;
                    }
                    // A null item in a []string becomes "" in KubeEdge.
                    out.push(
                        self.walk(n, items, &child, false)
                            .unwrap_or(J::String(String::new())),
                    );
                }
                Some(J::Array(out))
            }
            Expect::Bool | Expect::Int { .. } | Expect::Number | Expect::Str { .. } => {
                let Some((text, style)) = scalar else {
                    let what = match expect {
                        Expect::Bool => "a boolean",
                        Expect::Int { .. } => "an integer",
                        Expect::Number => "a number",
                        _ => "a string",
                    };
                    self.wrong_type(node, shown, what);
                    return None;
                };
                let resolved = resolved.unwrap_or(Value::Null);
                if resolved == Value::Null && (style == ScalarStyle::Plain || node.tag.is_some()) {
                    // encoding/json: null sets a pointer to nil and leaves anything else as it is.
                    if self.is_pointer(shown) {
                        self.push(
                            RuleId::NullValue,
                            shown,
                            node.start,
                            format!("`{shown}` is empty or null; KubeEdge sets it to nil, so the default does not apply"),
                            Some("remove the key to keep the default, or give it a value".into()),
                        );
                        return Some(J::Null);
                    }
                    if self.go_kind(shown) == Some("v1.Duration") {
                        // metav1.Duration's UnmarshalJSON parses null as the string "".
                        self.push(
                            RuleId::BadDuration,
                            shown,
                            node.start,
                            format!("`{shown}` is empty or null, which KubeEdge reads as the duration \"\" and fails to start (time: invalid duration \"\")"),
                            Some("remove the key to keep the default, or give a duration such as `1m0s`".into()),
                        );
                        return None;
                    }
                    self.push(
                        RuleId::NullValue,
                        shown,
                        node.start,
                        format!("`{shown}` is empty or null; KubeEdge keeps the default"),
                        Some("remove the key, or give it a value".into()),
                    );
                    return None;
                }
                self.scalar(node, shown, text, style, &resolved, expect)
            }
        }
    }

    fn scalar(
        &mut self,
        node: &Node,
        shown: &str,
        text: &str,
        style: ScalarStyle,
        resolved: &Value,
        expect: Expect<'_>,
    ) -> Option<J> {
        let quoted = style != ScalarStyle::Plain;
        match expect {
            Expect::Bool => match resolved {
                Value::Bool(b) => {
                    if text != "true" && text != "false" {
                        self.push(
                            RuleId::Yaml11Bool,
                            shown,
                            node.start,
                            format!("`{text}` is read as {b} by KubeEdge (YAML 1.1), but as a string by YAML 1.2 tools"),
                            Some(format!("write `{b}`")),
                        );
                    }
                    Some(J::Bool(*b))
                }
                Value::String(s) if quoted && matches!(resolve_plain(s), Value::Bool(_)) => {
                    let b = matches!(resolve_plain(s), Value::Bool(true));
                    self.push(
                        RuleId::QuotedScalar,
                        shown,
                        node.start,
                        format!("`{shown}` is a boolean but the value is the quoted string {text:?}; KubeEdge fails to start (cannot unmarshal string into bool)"),
                        Some(format!("write `{b}` without quotes")),
                    );
                    None
                }
                _ => {
                    self.wrong_type(node, shown, "a boolean (`true` or `false`)");
                    None
                }
            },
            Expect::Int { min, max } => {
                let n: Option<i128> = match resolved {
                    Value::Int(i) => Some(*i),
                    Value::Float(f) if f.fract() == 0.0 && f.is_finite() => Some(*f as i128),
                    Value::String(s) if quoted && parse_int_yaml11(s).is_some() => {
                        self.push(
                            RuleId::QuotedScalar,
                            shown,
                            node.start,
                            format!("`{shown}` is a number but the value is the quoted string {text:?}; KubeEdge fails to start"),
                            Some(format!("write {s} without quotes")),
                        );
                        return None;
                    }
                    _ => None,
                };
                let Some(n) = n else {
                    self.wrong_type(node, shown, "an integer");
                    return None;
                };
                let digits = text.trim_start_matches(['-', '+']);
                if digits.len() > 1
                    && digits.starts_with('0')
                    && digits.as_bytes()[1].is_ascii_digit()
                {
                    self.push(
                        RuleId::Yaml11Octal,
                        shown,
                        node.start,
                        format!("`{text}` has a leading 0, so KubeEdge reads it as octal: {n}"),
                        Some(format!("write {n} if that is meant, or drop the leading 0")),
                    );
                }
                if min.is_some_and(|m| (n as f64) < m) || max.is_some_and(|m| (n as f64) > m) {
                    self.push(
                        RuleId::OutOfRange,
                        shown,
                        node.start,
                        format!(
                            "{n} is out of range for `{shown}` ({}..={})",
                            min.unwrap_or(f64::MIN),
                            max.unwrap_or(f64::MAX)
                        ),
                        None,
                    );
                    return None;
                }
                i64::try_from(n).ok().map(J::from)
            }
            Expect::Number => match resolved {
                Value::Int(i) => Some(J::from(*i as f64)),
                Value::Float(f) => serde_json::Number::from_f64(*f).map(J::Number),
                _ => {
                    self.wrong_type(node, shown, "a number");
                    None
                }
            },
            Expect::Str {
                pattern,
                enumeration,
            } => {
                let s = match resolved {
                    Value::String(s) => s.clone(),
                    other if self.through_embedded_struct(shown) => {
                        self.push(
                            RuleId::UnquotedScalar,
                            shown,
                            node.start,
                            format!("`{shown}` is a string, and unquoted `{text}` is read as {}; for this field (of edged's embedded structs) KubeEdge does not convert it and fails to start (cannot unmarshal {} into … of type string)", article(other.type_name()), if matches!(other, Value::Bool(_)) { "bool" } else { "number" }),
                            Some(format!("quote it: \"{text}\"")),
                        );
                        return None;
                    }
                    other if pattern => {
                        self.push(
                            RuleId::BadDuration,
                            shown,
                            node.start,
                            format!("unquoted `{text}` is read as {}; a duration field has its own JSON decoding, which refuses it (no conversion to a string happens), so KubeEdge fails to start", article(other.type_name())),
                            Some("write a duration with a unit, such as `1m0s`, `20s` or `100ms`".into()),
                        );
                        return None;
                    }
                    other => {
                        let coerced = match other {
                            Value::Bool(b) => b.to_string(),
                            Value::Int(i) => i.to_string(),
                            Value::Float(f) => format!("{}", *f as f32),
                            _ => text.to_owned(),
                        };
                        self.push(
                            RuleId::Yaml11Coerced,
                            shown,
                            node.start,
                            format!("unquoted `{text}` is read as {} by KubeEdge (YAML 1.1) and turned into the string \"{coerced}\"", article(other.type_name())),
                            Some(format!("quote it: \"{text}\"")),
                        );
                        coerced
                    }
                };
                if let Some(allowed) = enumeration
                    && !allowed.contains(&s)
                {
                    self.push(
                        RuleId::InvalidEnum,
                        shown,
                        node.start,
                        format!("`{s}` is not allowed for `{shown}`; KubeEdge fails to decode it"),
                        Some(format!("one of: {}", allowed.join(", "))),
                    );
                    return None;
                }
                if pattern && !GoDuration::is_valid(&s) {
                    self.push(
                        RuleId::BadDuration,
                        shown,
                        node.start,
                        format!("`{s}` is not a Go duration; KubeEdge fails to decode it"),
                        Some(
                            "write a duration with a unit, such as `1m0s`, `20s` or `100ms`".into(),
                        ),
                    );
                    return None;
                }
                Some(J::String(s))
            }
            _ => None,
        }
    }

    fn wrong_type(&mut self, node: &Node, shown: &str, expected: &str) {
        let found = match &node.kind {
            NodeKind::Mapping { .. } => "a mapping".to_owned(),
            NodeKind::Sequence { .. } => "a sequence".to_owned(),
            NodeKind::Scalar { value, style, .. } => {
                let v = match resolve_scalar(
                    value,
                    *style == ScalarStyle::Plain,
                    node.tag.as_deref(),
                ) {
                    Some(Ok(v)) => v,
                    _ if *style == ScalarStyle::Plain => resolve_plain(value),
                    _ => Value::String(value.clone()),
                };
                match &node.tag {
                    Some(t) => format!("the {} {v} (tagged {t})", v.type_name()),
                    None => format!("the {} {v}", v.type_name()),
                }
            }
            NodeKind::Alias { name } => format!("alias *{name}"),
        };
        self.push(
            RuleId::WrongType,
            shown,
            node.start,
            format!("`{shown}` must be {expected}, found {found}; KubeEdge fails to start"),
            None,
        );
    }
}

fn article(noun: &str) -> String {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// A node's JSON without checks (for opaque fields).
fn to_json_lossy(node: &Node) -> Option<J> {
    fn go(n: &Node) -> J {
        match &n.kind {
            NodeKind::Scalar { value, style, .. } => {
                let v = if *style == ScalarStyle::Plain && !n.empty {
                    resolve_plain(value)
                } else if n.empty {
                    Value::Null
                } else {
                    Value::String(value.clone())
                };
                v.to_json().unwrap_or(J::Null)
            }
            NodeKind::Sequence { items, .. } => J::Array(items.iter().map(go).collect()),
            NodeKind::Mapping { entries, .. } => J::Object(
                entries
                    .iter()
                    .filter_map(|e| e.key.scalar_text().map(|k| (k.to_owned(), go(&e.value))))
                    .collect(),
            ),
            NodeKind::Alias { .. } => J::Null,
        }
    }
    Some(go(node))
}

/// A walker path (`a.list[3].b`) in the release data's syntax (`a.list[].b`).
fn inventory_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            c => out.push(c),
        }
    }
    out
}

/// Scalars of the document whose explicit tag go-yaml v2 refuses for their value (`!!int abc`,
/// `!!null false`): KubeEdge's YAML-to-JSON step fails on any of them, whatever the key, so
/// each is an error. Linear in the document's size.
pub(crate) fn tag_conflicts(root: &Node, loc: &dyn Fn(usize) -> Location, out: &mut Vec<Finding>) {
    // The dotted path of a node is only spelt out for a finding: each stack entry names its
    // place as (parent place, segment) in `places`.
    enum Seg<'n> {
        Key(&'n str),
        Index(usize),
    }
    let mut places: Vec<(usize, Seg)> = vec![(0, Seg::Key(""))];
    let spell = |places: &[(usize, Seg)], mut at: usize| {
        let mut segs = Vec::new();
        while at != 0 {
            segs.push(&places[at].1);
            at = places[at].0;
        }
        let mut path = String::new();
        for seg in segs.into_iter().rev() {
            match seg {
                Seg::Key(k) if path.is_empty() => path.push_str(k),
                Seg::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Seg::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        path
    };
    let mut stack = vec![(root, 0usize)];
    while let Some((node, place)) = stack.pop() {
        match &node.kind {
            NodeKind::Scalar { value, style, .. } => {
                if let Some(Err(c)) =
                    resolve_scalar(value, *style == ScalarStyle::Plain, node.tag.as_deref())
                {
                    out.push(Finding::new(
                        RuleId::WrongType,
                        spell(&places, place),
                        loc(node.props_start),
                        format!(
                            "go-yaml v2 {}: the explicit tag does not fit the value, so KubeEdge cannot read the file and fails to start",
                            c.message
                        ),
                    ).help(Some("remove the tag, or write a value of that type")));
                }
            }
            NodeKind::Sequence { items, .. } => {
                for (i, n) in items.iter().enumerate().rev() {
                    places.push((place, Seg::Index(i)));
                    stack.push((n, places.len() - 1));
                }
            }
            NodeKind::Mapping { entries, .. } => {
                for e in entries.iter().filter(|e| e.key.scalar_text() == Some("<<")) {
                    let mapping = |n: &Node| {
                        matches!(n.kind, NodeKind::Mapping { .. } | NodeKind::Alias { .. })
                    };
                    let ok = match &e.value.kind {
                        NodeKind::Sequence { items, .. } => items.iter().all(mapping),
                        _ => mapping(&e.value),
                    };
                    if !ok {
                        out.push(
                            Finding::new(
                                RuleId::WrongType,
                                spell(&places, place),
                                loc(e.key.start),
                                "a `<<` merge key must name a mapping or a list of mappings; go-yaml v2 (\"map merge requires map or sequence of maps as the value\") refuses the file, and KubeEdge fails to start".to_owned(),
                            )
                            .help(Some("give `<<` an alias of a mapping (`<<: *defaults`), or remove it")),
                        );
                    }
                }
                for e in entries.iter().rev() {
                    places.push((place, Seg::Key(e.key.scalar_text().unwrap_or_default())));
                    stack.push((&e.value, places.len() - 1));
                    stack.push((&e.key, places.len() - 1));
                }
            }
            NodeKind::Alias { .. } => {}
        }
    }
}
