//! The structural pass of validation: a document checked against its kind's JSON Schema —
//! unknown keys, wrong case, duplicates, types, YAML 1.1 traps, nulls — producing the JSON
//! value KubeEdge would decode.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value as J;

use super::GoDuration;
use super::finding::Finding;
use super::kind::ConfigKind;
use super::release::{Release, ranges_text};
use super::releases::{Family, family};
use super::rules::RuleId;
use super::schema::{Expect, SchemaView};
use super::suggest::did_you_mean;
use crate::document::merge_entries;
use crate::document::{
    Location, Node, NodeKind, ScalarStyle, Value, parse_int_yaml11, resolve_plain,
};

/// The structural pass: walks a document against its kind's schema, reports what does not fit,
/// and builds the JSON KubeEdge would decode (values it would reject are left out, so their
/// defaults stay).
pub(crate) struct Walker<'a> {
    pub(crate) schema: SchemaView<'a>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) loc: &'a dyn Fn(usize) -> Location,
    /// Anchored nodes of the document, for `<<: *anchor` merge keys.
    pub(crate) anchors: HashMap<&'a str, &'a Node>,
    /// The release checked, for keys it lacks that other releases have.
    pub(crate) versions: Option<Versions>,
    /// The release's defaults (what a `null` list or map would drop).
    pub(crate) defaults: Option<J>,
}

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
        const OWN: &[&str] = &["customInterfaceName", "registerNodeNamespace"];
        let is_v1alpha2 = self
            .versions
            .as_ref()
            .is_none_or(|v| v.kind == ConfigKind::EdgeCore && v.family == Family::EdgeCore);
        let Some(rest) = path.strip_prefix("modules.edged.") else {
            return false;
        };
        is_v1alpha2
            && match rest.split_once('.') {
                None => !OWN.contains(&rest) && !rest.contains('['),
                Some(("nodeLabels", key)) => !key.is_empty(),
                Some(_) => false,
            }
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
            .and_then(|d| shown.split('.').try_fold(d, |v, seg| v.get(seg)));
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
        if let NodeKind::Alias { .. } = node.kind {
            return None; // Aliases are resolved by KubeEdge; their anchors are checked where defined.
        }
        let scalar = match &node.kind {
            NodeKind::Scalar { value, style, .. } => Some((value.as_str(), *style)),
            _ => None,
        };
        let resolved = scalar.map(|(v, style)| {
            if node.empty {
                Value::Null
            } else if style == ScalarStyle::Plain {
                resolve_plain(v)
            } else {
                Value::String(v.to_owned())
            }
        });
        let shown = path.trim_start_matches('.');
        let is_null = matches!(resolved, Some(Value::Null));
        match expect {
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
                    }
                    return None;
                }
                let NodeKind::Mapping { entries, .. } = &node.kind else {
                    self.wrong_type(node, shown, "a mapping");
                    return None;
                };
                let mut out = serde_json::Map::new();
                // (field, spelling, where, path, value) as given
                let mut given: Vec<(String, String, usize, String, J)> = Vec::new();
                // YAML 1.1 merge keys (`<<: *defaults`), which KubeEdge's decoder applies: the
                // merged entries come first, so the mapping's own keys override them.
                let own: Vec<(&Node, &Node)> = entries
                    .iter()
                    .filter(|e| e.key.scalar_text() != Some("<<"))
                    .map(|e| (&e.key, &e.value))
                    .collect();
                let sources = entries
                    .iter()
                    .filter(|e| e.key.scalar_text() == Some("<<"))
                    .flat_map(|e| match &e.value.kind {
                        NodeKind::Sequence { items, .. } => items.iter().collect(),
                        _ => vec![&e.value],
                    })
                    .filter_map(|src| match &src.kind {
                        NodeKind::Alias { name } => self.anchors.get(name.as_str()).copied(),
                        _ => Some(src),
                    })
                    .filter_map(|target| match &target.kind {
                        NodeKind::Mapping { entries, .. } => {
                            Some(entries.iter().map(|m| (&m.key, &m.value)).collect())
                        }
                        _ => None,
                    })
                    .collect::<Vec<Vec<(&Node, &Node)>>>();
                let (all, merged_count) = merge_entries(own, sources, |a, b| {
                    a.scalar_text().is_some() && a.scalar_text() == b.scalar_text()
                });
                for (i, (key_node, value_node)) in all.into_iter().enumerate() {
                    let Some(key) = key_node.scalar_text() else {
                        continue;
                    };
                    if i < merged_count {
                        // merged entries come first; the mapping's own keys override them
                        given.retain(|(_, spelling, _, _, _)| spelling != key);
                    }
                    let child_path =
                        format!("{shown}{}{key}", if shown.is_empty() { "" } else { "." });
                    let (canonical, sub) = match props.get(key) {
                        Some(s) => (key.to_owned(), s),
                        None => match props.keys().find(|k| k.eq_ignore_ascii_case(key)) {
                            Some(k) => {
                                self.push(
                                    RuleId::CaseMismatch,
                                    &child_path,
                                    key_node.start,
                                    format!("`{key}` is spelled `{k}`; KubeEdge matches keys case-insensitively and accepts it, but edgecfg, keadm and most tools do not"),
                                    Some(format!("write `{k}`")),
                                );
                                (k.clone(), &props[k])
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
                    if let Some(v) = self.walk(value_node, sub, &child_path, false) {
                        given.push((canonical, key.to_owned(), key_node.start, child_path, v));
                    }
                }
                // As KubeEdge decodes (yaml.go:159,174,94@v1.23.1): the YAML becomes a map, so
                // of one spelling given twice the last stays; then a JSON object with its keys
                // sorted byte-wise, decoded with case-insensitive matching: the spellings of one
                // field apply in byte order (objects merge into the field, anything else
                // replaces), so the spelling that sorts last wins wherever it is in the file.
                let mut fields: Vec<String> = Vec::new();
                let mut by_field: BTreeMap<String, BTreeMap<String, (usize, String, J)>> =
                    BTreeMap::new();
                for (canonical, spelling, at, child_path, v) in given {
                    if !by_field.contains_key(&canonical) {
                        fields.push(canonical.clone());
                    }
                    let spellings = by_field.entry(canonical.clone()).or_default();
                    if let Some((prev, _, _)) = spellings.get(&spelling) {
                        let first = (self.loc)(*prev);
                        self.push(
                            RuleId::DuplicateKey,
                            &child_path,
                            at,
                            format!("`{spelling}` is given twice (first at {first}); KubeEdge uses this one, the last"),
                            None,
                        );
                    }
                    spellings.insert(spelling, (at, child_path, v));
                }
                for canonical in fields {
                    let spellings = by_field.remove(&canonical).unwrap_or_default();
                    if spellings.len() > 1 {
                        let (winner, (won_at, _, _)) = spellings.iter().next_back().expect("two");
                        let won = (self.loc)(*won_at);
                        let losers: Vec<(String, usize, String)> = spellings
                            .iter()
                            .filter(|(k, _)| *k != winner)
                            .map(|(k, (a, p, _))| (k.clone(), *a, p.clone()))
                            .collect();
                        let winner = winner.clone();
                        for (loser, at, path) in losers {
                            self.push(
                                RuleId::DuplicateKey,
                                &path,
                                at,
                                format!("`{loser}` and `{winner}` (at {won}) are one field, `{canonical}`: KubeEdge matches keys case-insensitively and applies them in byte order, so `{winner}` wins wherever it is in the file (mappings merge key by key)"),
                                Some(format!("keep one key, spelled `{canonical}`")),
                            );
                        }
                    }
                    let mut value: Option<J> = None;
                    for (_, (_, _, v)) in spellings {
                        value = Some(match value {
                            Some(acc) => super::effective::merge(acc, v),
                            None => v,
                        });
                    }
                    if let Some(v) = value {
                        out.insert(canonical, v);
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
                for e in entries {
                    let Some(key) = e.key.scalar_text() else {
                        continue;
                    };
                    let child = format!("{shown}.{key}");
                    if let Some(v) = self.walk(&e.value, value_schema, &child, false) {
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
                if resolved == Value::Null && style == ScalarStyle::Plain {
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
                let v = if *style == ScalarStyle::Plain {
                    resolve_plain(value)
                } else {
                    Value::String(value.clone())
                };
                format!("the {} {v}", v.type_name())
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
