//! Validation of CloudCore and EdgeCore files: the structure against the JSON Schema derived
//! from the typed model (unknown keys, types, YAML 1.1 traps), then KubeEdge's own rules and the
//! traps that KubeEdge accepts silently, on the effective config (defaults + file).
//!
//! Every finding has a severity, a stable rule id, a message, the YAML path and a location.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::OnceLock;

use serde_json::Value as J;

use super::kind::{ConfigKind, Detected, detect};
use super::{cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig};
use crate::document::{
    Document, EditError, Location, Node, NodeKind, Path, ScalarStyle, Segment, Value,
};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// KubeEdge fails, crashes, or silently does something other than intended.
    Error,
    /// Works, but probably not as meant, or will change under you.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One validation finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// Stable rule id (see [`RULES`]).
    pub rule: &'static str,
    /// What is wrong, in one sentence or two.
    pub message: String,
    /// The YAML path the finding is about (dotted).
    pub path: String,
    /// Where, in the file given (for an embedded config: in the outer file).
    pub location: Location,
    /// A suggestion, such as the key that was probably meant.
    pub help: Option<String>,
}

/// The rule ids with their default severity and a one-line description.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "unknown-key",
        Severity::Error,
        "a key KubeEdge does not know; it is silently ignored",
    ),
    (
        "case-mismatch",
        Severity::Warning,
        "a key in the wrong case; KubeEdge accepts it (case-insensitive), other tools do not",
    ),
    (
        "duplicate-key",
        Severity::Warning,
        "a key given twice; the last one wins",
    ),
    (
        "wrong-type",
        Severity::Error,
        "a value of the wrong type; KubeEdge refuses to start",
    ),
    (
        "quoted-scalar",
        Severity::Error,
        "a quoted boolean or number in a typed field; KubeEdge refuses to start",
    ),
    (
        "out-of-range",
        Severity::Error,
        "a number outside its Go type's range",
    ),
    (
        "bad-duration",
        Severity::Error,
        "not a Go duration (`1m0s`, `20s`)",
    ),
    (
        "invalid-enum",
        Severity::Error,
        "a value outside the allowed set",
    ),
    (
        "yaml11-bool",
        Severity::Warning,
        "a YAML 1.1 boolean spelling (`yes`, `on`, `y`); write `true`/`false`",
    ),
    (
        "yaml11-octal",
        Severity::Warning,
        "an integer with a leading 0, which KubeEdge reads as octal",
    ),
    (
        "yaml11-coerced",
        Severity::Warning,
        "an unquoted string KubeEdge reads as a bool or number and converts (`yes` becomes \"true\")",
    ),
    (
        "null-object",
        Severity::Error,
        "`null` for a module or section; KubeEdge dereferences it and crashes",
    ),
    (
        "null-value",
        Severity::Warning,
        "an empty or null value; KubeEdge keeps the default",
    ),
    (
        "api-version",
        Severity::Info,
        "apiVersion notes (v1alpha2 label for cloudcore, unknown versions)",
    ),
    (
        "legacy-v1alpha1",
        Severity::Warning,
        "an EdgeCore v1alpha1 file, read as v1alpha2 by KubeEdge",
    ),
    (
        "legacy-layout",
        Severity::Error,
        "the pre-componentconfig edge.yaml layout, which edgecore no longer reads",
    ),
    (
        "hub-disabled",
        Severity::Error,
        "cloudHub/edgeHub disabled (the `--minconfig` trap)",
    ),
    (
        "feature-gate",
        Severity::Error,
        "an unknown feature gate; fatal at start-up",
    ),
    (
        "edgehub-transport",
        Severity::Error,
        "edgeHub needs exactly one of websocket and quic enabled",
    ),
    (
        "non-negative",
        Severity::Error,
        "a value KubeEdge requires to be ≥ 0 (or > 0)",
    ),
    (
        "node-name",
        Severity::Error,
        "hostnameOverride is not a lower-case RFC 1123 subdomain",
    ),
    (
        "node-ip",
        Severity::Info,
        "nodeIP is empty; edgecore picks one",
    ),
    (
        "cgroup-driver",
        Severity::Error,
        "cgroupDriver must be cgroupfs or systemd",
    ),
    (
        "edged-address",
        Severity::Error,
        "edged's read-only API moved off 127.0.0.1, which the cloud side hard-codes",
    ),
    (
        "edged-readonly-port",
        Severity::Error,
        "readOnlyPort changed from 10350, which the cloud side hard-codes",
    ),
    (
        "mqtt-mode",
        Severity::Error,
        "eventBus.mqttMode must be 0, 1 or 2",
    ),
    (
        "host-port",
        Severity::Error,
        "an address that must be host:port (or IP:port) is not",
    ),
    (
        "http-scheme",
        Severity::Error,
        "edgeHub.httpServer must include https://",
    ),
    (
        "stream-loopback",
        Severity::Warning,
        "edgeStream points at a loopback address",
    ),
    (
        "advertise-address",
        Severity::Error,
        "cloudHub.advertiseAddress is empty, holds an empty string (error) or a non-IP (warning)",
    ),
    ("port-range", Severity::Error, "a port outside 1–65535"),
    (
        "ip-address",
        Severity::Error,
        "a listen address that must be a literal IP",
    ),
    (
        "unix-socket",
        Severity::Error,
        "cloudHub.unixsocket.address must start with unix://",
    ),
    (
        "kubeconfig-path",
        Severity::Error,
        "kubeAPIConfig.kubeConfig must be an absolute path",
    ),
    (
        "qps-rewrite",
        Severity::Info,
        "cloudcore will rewrite qps/burst to 5×/10× nodeLimit (and its ConfigMap)",
    ),
    (
        "kubelet",
        Severity::Error,
        "a value the kubelet's own validation rejects",
    ),
    (
        "not-kubeedge",
        Severity::Error,
        "not a CloudCore or EdgeCore config (use --kind to force one)",
    ),
];

/// Feature gates KubeEdge v1.23.1 knows (`pkg/features/features.go`).
pub const KNOWN_FEATURE_GATES: &[&str] = &[
    "requireAuthorization",
    "moduleRestart",
    "disableNodeTaskV1alpha2",
];

/// The result of validating one document.
#[derive(Debug, Clone)]
pub struct Report {
    /// What the document was recognised as.
    pub detected: Detected,
    /// The kind it was validated as, if any.
    pub kind: Option<ConfigKind>,
    /// Findings, in document order within each pass.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Number of findings with this severity.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// The JSON Schema of a kind (draft 2020-12). This is the checked-in `schemas/` file, embedded
/// at build time (parsing it is faster than generating it at every start); a test keeps it
/// identical to [`generate_schema`].
pub fn schema(kind: ConfigKind) -> &'static J {
    static CLOUD: OnceLock<J> = OnceLock::new();
    static EDGE: OnceLock<J> = OnceLock::new();
    let (cell, text) = match kind {
        ConfigKind::CloudCore => (
            &CLOUD,
            include_str!("../../../schemas/cloudcore.schema.json"),
        ),
        ConfigKind::EdgeCore => (&EDGE, include_str!("../../../schemas/edgecore.schema.json")),
    };
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or_else(|_| generate_schema(kind)))
}

/// Generates the JSON Schema of a kind from the Rust types (schemars).
pub fn generate_schema(kind: ConfigKind) -> J {
    match kind {
        ConfigKind::CloudCore => finish_schema(schemars::schema_for!(CloudCoreConfig), kind),
        ConfigKind::EdgeCore => finish_schema(schemars::schema_for!(EdgeCoreConfig), kind),
    }
}

/// Go writes a nil slice or map as `null` (`metaServer.apiAudiences: null` in
/// `edgecore --defaultconfig`), and reads `null` back as nil: lists and maps accept `null`.
fn nullable_collections(v: &mut J) {
    match v {
        J::Object(m) => {
            let is_collection = match m.get("type") {
                Some(J::String(t)) if t == "array" => true,
                Some(J::String(t)) if t == "object" => {
                    m.get("additionalProperties").is_some_and(J::is_object)
                }
                _ => false,
            };
            if is_collection {
                let t = m["type"].clone();
                m.insert("type".into(), J::Array(vec![t, J::String("null".into())]));
            }
            m.values_mut().for_each(nullable_collections);
        }
        J::Array(a) => a.iter_mut().for_each(nullable_collections),
        _ => {}
    }
}

fn finish_schema(s: schemars::Schema, kind: ConfigKind) -> J {
    let mut v = s.to_value();
    nullable_collections(&mut v);
    if let J::Object(m) = &mut v {
        m.insert(
            "$id".into(),
            J::String(format!(
                "https://edgecfg.invalid/schemas/{}.schema.json",
                kind.name()
            )),
        );
        m.insert(
            "title".into(),
            J::String(match kind {
                ConfigKind::CloudCore => {
                    "KubeEdge cloudcore.yaml (CloudCore v1alpha1, KubeEdge v1.23.1)".into()
                }
                ConfigKind::EdgeCore => {
                    "KubeEdge edgecore.yaml (EdgeCore v1alpha2, KubeEdge v1.23.1)".into()
                }
            }),
        );
    }
    v
}

/// Validates document `index` of `doc`. `kind` forces the kind; otherwise it is detected (and a
/// ConfigMap embedding `cloudcore.yaml` is validated inside).
pub fn validate(
    doc: &Document,
    index: usize,
    kind: Option<ConfigKind>,
) -> Result<Report, EditError> {
    let value = doc.value(index)?;
    let detected = detect(&value);
    let root = doc.documents()[index].root.as_ref();
    let src = doc.as_str();
    let here = |offset: usize| Location::of(src, offset);
    let root_loc = root.map_or(here(0), |r| here(r.start));

    if let Detected::ConfigMap { key } = &detected
        && kind.is_none()
    {
        return validate_configmap(doc, index, key, detected.clone());
    }
    let mut findings = Vec::new();
    let kind = match (kind, &detected) {
        (Some(k), _) => Some(k),
        (None, d) if d.config_kind().is_some() => d.config_kind(),
        (None, Detected::LegacyEdge) => {
            findings.push(Finding {
                severity: Severity::Error,
                rule: "legacy-layout",
                message: "this is the pre-componentconfig edge.yaml layout (mqtt/edgehub/edged at the top); current edgecore does not read it".into(),
                path: String::new(),
                location: root_loc,
                help: Some("write an EdgeCore v1alpha2 edgecore.yaml (`edgecore --defaultconfig` prints one) and move the settings over".into()),
            });
            None
        }
        (None, _) => {
            findings.push(Finding {
                severity: Severity::Error,
                rule: "not-kubeedge",
                message:
                    "not a CloudCore or EdgeCore configuration (no matching apiVersion or kind)"
                        .into(),
                path: String::new(),
                location: root_loc,
                help: Some("use --kind cloudcore or --kind edgecore to validate it as one".into()),
            });
            None
        }
    };
    if let Some(kind) = kind {
        let sub = validate_root(doc, index, kind, &detected, &|o| here(o));
        findings.extend(sub);
    }
    Ok(Report {
        detected,
        kind,
        findings,
    })
}

/// Validates the config embedded in a ConfigMap's `data.<key>`, with locations in the outer file.
fn validate_configmap(
    doc: &Document,
    index: usize,
    key: &str,
    detected: Detected,
) -> Result<Report, EditError> {
    let path = Path::keys(["data", key]);
    let node = doc.get(index, &path)?.expect("detected key exists");
    let src = doc.as_str();
    let text = node.scalar_text().unwrap_or_default().to_owned();
    let node_loc = Location::of(src, node.start);
    let inner = match Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let loc = map_inner(src, node, e.location);
            return Ok(Report {
                detected,
                kind: None,
                findings: vec![Finding {
                    severity: Severity::Error,
                    rule: "wrong-type",
                    message: format!("data.\"{key}\" is not valid YAML: {}", e.message),
                    path: format!("data.\"{key}\""),
                    location: loc,
                    help: None,
                }],
            });
        }
    };
    if inner.documents().is_empty() {
        return Ok(Report {
            detected,
            kind: None,
            findings: vec![],
        });
    }
    let inner_report = validate(&inner, 0, None)?;
    let findings = inner_report
        .findings
        .into_iter()
        .map(|mut f| {
            f.location = map_inner(src, node, f.location);
            if !matches!(node_style(node), Some(ScalarStyle::Literal)) {
                f.message = format!("{} (inside data.\"{key}\" at {node_loc})", f.message);
            }
            f
        })
        .collect();
    Ok(Report {
        detected,
        kind: inner_report.kind,
        findings,
    })
}

fn node_style(n: &Node) -> Option<ScalarStyle> {
    match &n.kind {
        NodeKind::Scalar { style, .. } => Some(*style),
        _ => None,
    }
}

/// Maps a location inside a literal block scalar's text to the outer file.
fn map_inner(src: &str, node: &Node, inner: Location) -> Location {
    if node_style(node) != Some(ScalarStyle::Literal) {
        return Location::of(src, node.start);
    }
    // Content starts on the line after the header; its indentation is the first content
    // line's.
    let after_header = src[node.start..]
        .find('\n')
        .map_or(src.len(), |i| node.start + i + 1);
    let mut line_start = after_header;
    for _ in 1..inner.line {
        match src[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    let indent = src[after_header..]
        .bytes()
        .take_while(|&b| b == b' ')
        .count();
    let line_end = src[line_start..]
        .find('\n')
        .map_or(src.len(), |i| line_start + i);
    let mut offset = (line_start + indent).min(line_end);
    // Walk `column - 1` characters.
    for _ in 1..inner.column {
        match src[offset..line_end].chars().next() {
            Some(c) => offset += c.len_utf8(),
            None => break,
        }
    }
    Location::of(src, offset)
}

/// The structural pass and the semantic rules for one kind.
fn validate_root(
    doc: &Document,
    index: usize,
    kind: ConfigKind,
    detected: &Detected,
    loc: &dyn Fn(usize) -> Location,
) -> Vec<Finding> {
    validate_effective(doc, index, kind, detected, loc).0
}

/// The structural pass and the rules; also returns the effective configuration as JSON.
fn validate_effective(
    doc: &Document,
    index: usize,
    kind: ConfigKind,
    detected: &Detected,
    loc: &dyn Fn(usize) -> Location,
) -> (Vec<Finding>, J) {
    let schema = schema(kind);
    let defs = schema
        .get("$defs")
        .and_then(J::as_object)
        .cloned()
        .unwrap_or_default();
    let mut w = Walker {
        defs: &defs,
        findings: Vec::new(),
        loc,
        anchors: doc.documents()[index]
            .root
            .as_ref()
            .map(crate::document::anchor_nodes)
            .unwrap_or_default(),
    };
    let Some(root) = doc.documents()[index].root.as_ref() else {
        return (vec![], defaults_json(kind));
    };
    let normalized = w
        .walk(root, schema, "", true)
        .unwrap_or(J::Object(Default::default()));
    let mut findings = w.findings;
    let at = |path: &str| -> Location {
        let segs: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
        for n in (0..=segs.len()).rev() {
            let path = Path {
                segments: segs[..n]
                    .iter()
                    .map(|s| Segment::Token((*s).to_owned()))
                    .collect(),
            };
            if let Ok(Some(node)) = doc.get(index, &path) {
                return loc(node.start);
            }
        }
        loc(root.start)
    };

    match (kind, detected) {
        (ConfigKind::CloudCore, Detected::CloudCore { api_version: Some(v) }) if v.ends_with("/v1alpha2") => {
            findings.push(Finding {
                severity: Severity::Info,
                rule: "api-version",
                message: format!("apiVersion {v}: KubeEdge has no CloudCore v1alpha2 type and reads this file exactly as v1alpha1 (the cloudcore chart writes this label)"),
                path: "apiVersion".into(),
                location: at("apiVersion"),
                help: None,
            });
        }
        (ConfigKind::EdgeCore, Detected::EdgeCoreV1alpha1) => findings.push(Finding {
            severity: Severity::Warning,
            rule: "legacy-v1alpha1",
            message: "EdgeCore v1alpha1: KubeEdge never checks apiVersion and reads this file as v1alpha2, so fields that moved or were renamed are silently lost".into(),
            path: "apiVersion".into(),
            location: at("apiVersion"),
            help: Some("migrate to edgecore.config.kubeedge.io/v1alpha2".into()),
        }),
        _ => {}
    }

    let effective = merge(defaults_json(kind), normalized);
    let mut rules = Rules {
        findings: &mut findings,
        at: &at,
    };
    let decoded = match kind {
        ConfigKind::CloudCore => serde_json::from_value::<CloudCoreConfig>(effective.clone())
            .map(|c| rules.cloudcore(&c)),
        ConfigKind::EdgeCore => {
            serde_json::from_value::<EdgeCoreConfig>(effective.clone()).map(|c| rules.edgecore(&c))
        }
    };
    if let Err(e) = decoded {
        // The structural pass drops every value it rejects, so this means a gap in edgecfg's
        // model; say so rather than skipping the rules silently.
        rules.push(Severity::Error, "wrong-type", "", format!("the effective configuration does not decode ({e}); KubeEdge's own rules were not checked"), None);
    }
    (findings, effective)
}

/// The effective configuration of document `index` as JSON: the defaults deep-merged with what
/// the file sets validly (values the validator rejects keep their defaults). Never fails.
pub fn effective_json(doc: &Document, index: usize, kind: ConfigKind) -> J {
    let src = doc.as_str();
    let detected = doc
        .value(index)
        .map(|v| detect(&v))
        .unwrap_or(Detected::Unknown);
    validate_effective(doc, index, kind, &detected, &|o| Location::of(src, o)).1
}

/// The effective configuration of document `index` as KubeEdge would load it: the v1.23.1
/// defaults deep-merged with the file (mappings merge, lists and scalars replace), after
/// KubeEdge's YAML 1.1 coercions. Returns the typed config with the validation report, or the
/// report alone when the file has errors.
pub fn effective<T: serde::de::DeserializeOwned>(
    doc: &Document,
    index: usize,
    kind: ConfigKind,
) -> Result<(T, Report), Report> {
    let src = doc.as_str();
    let value = doc.value(index).map_err(|_| Report {
        detected: Detected::Unknown,
        kind: Some(kind),
        findings: vec![],
    })?;
    let detected = detect(&value);
    let (findings, json) =
        validate_effective(doc, index, kind, &detected, &|o| Location::of(src, o));
    let report = Report {
        detected,
        kind: Some(kind),
        findings,
    };
    if report.has_errors() {
        return Err(report);
    }
    match serde_json::from_value(json) {
        Ok(t) => Ok((t, report)),
        Err(_) => Err(report),
    }
}

/// KubeEdge's defaults for a kind, as JSON.
fn defaults_json(kind: ConfigKind) -> J {
    match kind {
        ConfigKind::CloudCore => serde_json::to_value(CloudCoreConfig::default()),
        ConfigKind::EdgeCore => serde_json::to_value(EdgeCoreConfig::default()),
    }
    .expect("defaults serialize")
}

/// Deep merge as KubeEdge decodes onto defaults: objects merge key by key, everything else
/// (lists, scalars) replaces.
pub fn merge(base: J, over: J) -> J {
    match (base, over) {
        (J::Object(mut b), J::Object(o)) => {
            for (k, v) in o {
                let merged = match b.remove(&k) {
                    Some(bv) => merge(bv, v),
                    None => v,
                };
                b.insert(k, merged);
            }
            J::Object(b)
        }
        (_, o) => o,
    }
}

struct Walker<'a> {
    defs: &'a serde_json::Map<String, J>,
    findings: Vec<Finding>,
    loc: &'a dyn Fn(usize) -> Location,
    /// Anchored nodes of the document, for `<<: *anchor` merge keys.
    anchors: std::collections::HashMap<&'a str, &'a Node>,
}

/// What a schema expects, reduced to what the walker needs.
enum Expect<'s> {
    Any,
    Struct(&'s serde_json::Map<String, J>),
    Map(&'s J),
    Array(&'s J),
    Bool,
    Int {
        min: Option<f64>,
        max: Option<f64>,
    },
    Number,
    Str {
        pattern: bool,
        enumeration: Option<Vec<String>>,
    },
}

impl<'a> Walker<'a> {
    fn resolve_ref<'s>(&self, s: &'s J) -> &'s J
    where
        'a: 's,
    {
        match s
            .get("$ref")
            .and_then(J::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            Some(name) => self.defs.get(name).map_or(s, |d| self.resolve_ref(d)),
            None => s,
        }
    }

    fn resolve<'s>(&self, s: &'s J) -> &'s J
    where
        'a: 's,
    {
        // `$ref`s, then the non-null branch of an `Option` (`anyOf [T, null]`).
        let mut cur = self.resolve_ref(s);
        for _ in 0..8 {
            match cur
                .get("anyOf")
                .or_else(|| cur.get("oneOf"))
                .and_then(J::as_array)
                .and_then(|any| {
                    any.iter()
                        .find(|x| x.get("type").and_then(J::as_str) != Some("null"))
                }) {
                Some(first) => cur = self.resolve_ref(first),
                None => break,
            }
        }
        cur
    }

    fn expect<'s>(&self, s: &'s J) -> Expect<'s>
    where
        'a: 's,
    {
        let s = self.resolve_ref(s);
        // An enum of documented variants: `oneOf` of `const`s.
        if let Some(alts) = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(J::as_array)
            && !alts.is_empty()
            && alts
                .iter()
                .all(|a| a.get("const").is_some_and(J::is_string))
        {
            return Expect::Str {
                pattern: false,
                enumeration: Some(
                    alts.iter()
                        .filter_map(|a| a["const"].as_str().map(str::to_owned))
                        .collect(),
                ),
            };
        }
        let s = self.resolve(s);
        if s.as_bool() == Some(true) || s.as_object().is_some_and(|o| o.is_empty()) {
            return Expect::Any;
        }
        if let Some(e) = s.get("enum").and_then(J::as_array) {
            return Expect::Str {
                pattern: false,
                enumeration: Some(
                    e.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect(),
                ),
            };
        }
        let ty = match s.get("type") {
            Some(J::String(t)) => t.as_str(),
            Some(J::Array(ts)) => ts
                .iter()
                .filter_map(J::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null"),
            _ => "",
        };
        match ty {
            "object" => {
                if let Some(p) = s.get("properties").and_then(J::as_object) {
                    Expect::Struct(p)
                } else {
                    match s.get("additionalProperties") {
                        Some(ap) if ap.is_object() => Expect::Map(ap),
                        _ => Expect::Any,
                    }
                }
            }
            "array" => s.get("items").map_or(Expect::Any, Expect::Array),
            "boolean" => Expect::Bool,
            "integer" => {
                let (mut min, mut max) = (
                    s.get("minimum").and_then(J::as_f64),
                    s.get("maximum").and_then(J::as_f64),
                );
                match s.get("format").and_then(J::as_str) {
                    Some("int32") => {
                        min = min.or(Some(i32::MIN as f64));
                        max = max.or(Some(i32::MAX as f64));
                    }
                    Some("uint32") => max = max.or(Some(u32::MAX as f64)),
                    Some("uint8") => max = max.or(Some(255.0)),
                    _ => {}
                }
                Expect::Int { min, max }
            }
            "number" => Expect::Number,
            "string" => Expect::Str {
                pattern: s.get("pattern").is_some(),
                enumeration: None,
            },
            _ => Expect::Any,
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        rule: &'static str,
        path: &str,
        at: usize,
        message: String,
        help: Option<String>,
    ) {
        self.findings.push(Finding {
            severity,
            rule,
            message,
            path: path.to_owned(),
            location: (self.loc)(at),
            help,
        });
    }

    /// Checks `node` against `schema`; returns the JSON KubeEdge would decode (None: the default
    /// stays).
    fn walk(&mut self, node: &Node, schema: &J, path: &str, is_root: bool) -> Option<J> {
        let expect = self.expect(schema);
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
                crate::document::resolve_plain(v)
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
                        self.push(
                            Severity::Error,
                            "null-object",
                            shown,
                            node.start,
                            format!("`{shown}` is null; KubeEdge sets the section to nil and crashes when it reads it"),
                            Some("remove the key to keep the defaults, or give it a mapping".into()),
                        );
                    }
                    return None;
                }
                let NodeKind::Mapping { entries, .. } = &node.kind else {
                    self.wrong_type(node, shown, "a mapping");
                    return None;
                };
                let mut out = serde_json::Map::new();
                let mut seen: BTreeMap<String, usize> = BTreeMap::new();
                // YAML 1.1 merge keys (`<<: *defaults`), which KubeEdge's decoder applies: the
                // merged entries come first, so the mapping's own keys override them.
                let mut all: Vec<(&Node, &Node)> = Vec::new();
                for e in entries.iter().filter(|e| e.key.scalar_text() == Some("<<")) {
                    let sources: Vec<&Node> = match &e.value.kind {
                        NodeKind::Sequence { items, .. } => items.iter().collect(),
                        _ => vec![&e.value],
                    };
                    // Earlier sources in a `<<: [*a, *b]` list win over later ones.
                    for src in sources.into_iter().rev() {
                        let target = match &src.kind {
                            NodeKind::Alias { name } => self.anchors.get(name.as_str()).copied(),
                            _ => Some(src),
                        };
                        if let Some(Node {
                            kind:
                                NodeKind::Mapping {
                                    entries: merged, ..
                                },
                            ..
                        }) = target
                        {
                            all.extend(merged.iter().map(|m| (&m.key, &m.value)));
                        }
                    }
                }
                let own: Vec<&str> = entries.iter().filter_map(|e| e.key.scalar_text()).collect();
                all.retain(|(k, _)| k.scalar_text().is_some_and(|k| !own.contains(&k)));
                let mut dedup: Vec<(&Node, &Node)> = Vec::new();
                for (k, v) in all.into_iter().rev() {
                    if !dedup
                        .iter()
                        .any(|(d, _)| d.scalar_text() == k.scalar_text())
                    {
                        dedup.push((k, v));
                    }
                }
                dedup.reverse();
                let merged_count = dedup.len();
                dedup.extend(
                    entries
                        .iter()
                        .filter(|e| e.key.scalar_text() != Some("<<"))
                        .map(|e| (&e.key, &e.value)),
                );
                for (i, (key_node, value_node)) in dedup.into_iter().enumerate() {
                    let Some(key) = key_node.scalar_text() else {
                        continue;
                    };
                    if i < merged_count {
                        seen.remove(key);
                    }
                    let child_path =
                        format!("{shown}{}{key}", if shown.is_empty() { "" } else { "." });
                    let (canonical, sub) = match props.get(key) {
                        Some(s) => (key.to_owned(), s),
                        None => match props.keys().find(|k| k.eq_ignore_ascii_case(key)) {
                            Some(k) => {
                                self.push(
                                    Severity::Warning,
                                    "case-mismatch",
                                    &child_path,
                                    key_node.start,
                                    format!("`{key}` is spelled `{k}`; KubeEdge matches keys case-insensitively and accepts it, but edgecfg, keadm and most tools do not"),
                                    Some(format!("write `{k}`")),
                                );
                                (k.clone(), &props[k])
                            }
                            None => {
                                let suggestion =
                                    did_you_mean(key, props.keys().map(String::as_str));
                                let parent = if shown.is_empty() {
                                    "the top level".to_owned()
                                } else {
                                    format!("`{shown}`")
                                };
                                self.push(
                                    Severity::Error,
                                    "unknown-key",
                                    &child_path,
                                    key_node.start,
                                    format!("unknown key `{key}` in {parent}; KubeEdge ignores it silently, so this setting has no effect"),
                                    suggestion.map(|s| format!("did you mean `{s}`?")),
                                );
                                continue;
                            }
                        },
                    };
                    if let Some(prev) = seen.insert(canonical.clone(), key_node.start) {
                        let first = (self.loc)(prev);
                        self.push(
                            Severity::Warning,
                            "duplicate-key",
                            &child_path,
                            key_node.start,
                            format!("`{canonical}` is given twice (first at {first}); KubeEdge uses the last one"),
                            None,
                        );
                    }
                    if let Some(v) = self.walk(value_node, sub, &child_path, false) {
                        out.insert(canonical, v);
                    }
                }
                Some(J::Object(out))
            }
            Expect::Map(value_schema) => {
                if is_null {
                    return None;
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
                    return None;
                }
                let NodeKind::Sequence { items: nodes, .. } = &node.kind else {
                    self.wrong_type(node, shown, "a sequence");
                    return None;
                };
                let mut out = Vec::new();
                for (i, n) in nodes.iter().enumerate() {
                    let child = format!("{shown}[{i}]");
                    if n.empty
                        || matches!(&n.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain, .. } if crate::document::resolve_plain(value) == Value::Null)
                    {
                        self.push(
                            Severity::Warning,
                            "null-value",
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
                        Severity::Warning,
                        "null-value",
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
                            Severity::Warning,
                            "yaml11-bool",
                            shown,
                            node.start,
                            format!("`{text}` is read as {b} by KubeEdge (YAML 1.1), but as a string by YAML 1.2 tools"),
                            Some(format!("write `{b}`")),
                        );
                    }
                    Some(J::Bool(*b))
                }
                Value::String(s)
                    if quoted && matches!(crate::document::resolve_plain(s), Value::Bool(_)) =>
                {
                    let b = matches!(crate::document::resolve_plain(s), Value::Bool(true));
                    self.push(
                        Severity::Error,
                        "quoted-scalar",
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
                    Value::String(s)
                        if quoted && crate::document::parse_int_yaml11(s).is_some() =>
                    {
                        self.push(
                            Severity::Error,
                            "quoted-scalar",
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
                        Severity::Warning,
                        "yaml11-octal",
                        shown,
                        node.start,
                        format!("`{text}` has a leading 0, so KubeEdge reads it as octal: {n}"),
                        Some(format!("write {n} if that is meant, or drop the leading 0")),
                    );
                }
                if min.is_some_and(|m| (n as f64) < m) || max.is_some_and(|m| (n as f64) > m) {
                    self.push(
                        Severity::Error,
                        "out-of-range",
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
                    other => {
                        let coerced = match other {
                            Value::Bool(b) => b.to_string(),
                            Value::Int(i) => i.to_string(),
                            Value::Float(f) => format!("{}", *f as f32),
                            _ => text.to_owned(),
                        };
                        self.push(
                            Severity::Warning,
                            "yaml11-coerced",
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
                        Severity::Error,
                        "invalid-enum",
                        shown,
                        node.start,
                        format!("`{s}` is not allowed for `{shown}`; KubeEdge fails to decode it"),
                        Some(format!("one of: {}", allowed.join(", "))),
                    );
                    return None;
                }
                if pattern && !super::GoDuration::is_valid(&s) {
                    self.push(
                        Severity::Error,
                        "bad-duration",
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
                    crate::document::resolve_plain(value)
                } else {
                    Value::String(value.clone())
                };
                format!("the {} {v}", v.type_name())
            }
            NodeKind::Alias { name } => format!("alias *{name}"),
        };
        self.push(
            Severity::Error,
            "wrong-type",
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
                    crate::document::resolve_plain(value)
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

/// The closest candidate by edit distance (case-insensitive), if close enough.
pub fn did_you_mean<'a>(key: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let k = key.to_ascii_lowercase();
    candidates
        .map(|c| (levenshtein(&k, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// KubeEdge's own validation and the traps it accepts silently, on the effective config.
struct Rules<'f, 'l> {
    findings: &'f mut Vec<Finding>,
    at: &'l dyn Fn(&str) -> Location,
}

impl Rules<'_, '_> {
    fn push(
        &mut self,
        severity: Severity,
        rule: &'static str,
        path: &str,
        message: String,
        help: Option<&str>,
    ) {
        let location = (self.at)(path);
        self.findings.push(Finding {
            severity,
            rule,
            message,
            path: path.to_owned(),
            location,
            help: help.map(str::to_owned),
        });
    }

    fn feature_gates(&mut self, gates: &BTreeMap<String, bool>) {
        for g in gates.keys() {
            if !KNOWN_FEATURE_GATES.contains(&g.as_str()) {
                let hint = did_you_mean(g, KNOWN_FEATURE_GATES.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                self.push(
                    Severity::Error,
                    "feature-gate",
                    &format!("featureGates.{g}"),
                    format!("unknown feature gate `{g}`; KubeEdge exits at start-up (\"unrecognized feature gate\")"),
                    hint.as_deref(),
                );
            }
        }
    }

    fn port(&mut self, path: &str, port: u32) {
        if !(1..=65535).contains(&port) {
            self.push(
                Severity::Error,
                "port-range",
                path,
                format!("port {port} is outside 1–65535"),
                None,
            );
        }
    }

    fn ip(&mut self, path: &str, addr: &str) {
        if addr.parse::<IpAddr>().is_err() {
            self.push(
                Severity::Error,
                "ip-address",
                path,
                format!("`{addr}` is not a literal IP address; KubeEdge's validation rejects it"),
                None,
            );
        }
    }

    fn cloudcore(&mut self, c: &CloudCoreConfig) {
        self.feature_gates(&c.feature_gates);
        let bind = &c.common_config.monitor_server.bind_address;
        match split_host_port(bind) {
            Some((host, port)) => {
                if host.parse::<IpAddr>().is_err() {
                    self.push(
                        Severity::Error,
                        "ip-address",
                        "commonConfig.monitorServer.bindAddress",
                        format!(
                            "`{bind}`: the host must be a literal IP (`localhost` is rejected)"
                        ),
                        None,
                    );
                }
                if !(1..=65535).contains(&port) {
                    self.push(
                        Severity::Error,
                        "port-range",
                        "commonConfig.monitorServer.bindAddress",
                        format!("`{bind}`: port outside 1–65535"),
                        None,
                    );
                }
            }
            None => self.push(
                Severity::Error,
                "host-port",
                "commonConfig.monitorServer.bindAddress",
                format!("`{bind}` must be IP:port"),
                None,
            ),
        }
        let kc = &c.kube_api_config.kube_config;
        if !kc.is_empty() && !kc.starts_with('/') {
            self.push(
                Severity::Error,
                "kubeconfig-path",
                "kubeAPIConfig.kubeConfig",
                format!("`{kc}` is not an absolute path; cloudcore refuses it"),
                None,
            );
        }
        let hub = &c.modules.cloud_hub;
        if !hub.enable {
            self.push(
                Severity::Error,
                "hub-disabled",
                "modules.cloudHub.enable",
                "cloudHub is disabled, so no edge node can connect (`cloudcore --minconfig` prints `enable: false` here)".into(),
                Some("set modules.cloudHub.enable to true"),
            );
        } else {
            self.port("modules.cloudHub.https.port", hub.https.port);
            self.port("modules.cloudHub.websocket.port", hub.websocket.port);
            self.port("modules.cloudHub.quic.port", hub.quic.port);
            self.ip("modules.cloudHub.websocket.address", &hub.websocket.address);
            self.ip("modules.cloudHub.quic.address", &hub.quic.address);
            if !hub
                .unixsocket
                .address
                .to_ascii_lowercase()
                .starts_with("unix://")
            {
                self.push(
                    Severity::Error,
                    "unix-socket",
                    "modules.cloudHub.unixsocket.address",
                    format!("`{}` must start with unix://", hub.unixsocket.address),
                    None,
                );
            }
            if hub.token_refresh_duration <= 0 {
                self.push(
                    Severity::Error,
                    "non-negative",
                    "modules.cloudHub.tokenRefreshDuration",
                    "tokenRefreshDuration must be positive".into(),
                    None,
                );
            }
        }
        if hub.advertise_address.is_empty()
            || hub.advertise_address.iter().any(|a| a.trim().is_empty())
        {
            self.push(
                Severity::Error,
                "advertise-address",
                "modules.cloudHub.advertiseAddress",
                "advertiseAddress is empty or holds an empty entry; edge nodes need an address to reach cloudcore, and it becomes the certificate's IP SAN".into(),
                Some("set it to the address edge nodes use, e.g. [192.0.2.10]"),
            );
        }
        for (i, a) in hub.advertise_address.iter().enumerate() {
            if !a.trim().is_empty() && a.parse::<IpAddr>().is_err() {
                self.push(
                    Severity::Warning,
                    "advertise-address",
                    &format!("modules.cloudHub.advertiseAddress.{i}"),
                    format!("`{a}` is not an IP address; advertise addresses become the IP SANs of the CloudHub certificate"),
                    Some("use the IP edge nodes connect to; put host names in dnsNames"),
                );
            }
        }
        if c.modules.edge_controller.enable && c.modules.edge_controller.node_update_frequency <= 0
        {
            self.push(
                Severity::Error,
                "non-negative",
                "modules.edgeController.nodeUpdateFrequency",
                "nodeUpdateFrequency must be > 0".into(),
                None,
            );
        }
        if c.modules.cloud_stream.enable {
            self.port(
                "modules.cloudStream.tunnelPort",
                c.modules.cloud_stream.tunnel_port,
            );
            self.port(
                "modules.cloudStream.streamPort",
                c.modules.cloud_stream.stream_port,
            );
        }
        let limit = i64::from(hub.node_limit);
        let (qps, burst) = (
            i64::from(c.kube_api_config.qps),
            i64::from(c.kube_api_config.burst),
        );
        if qps != 5 * limit || burst != 10 * limit {
            self.push(
                Severity::Info,
                "qps-rewrite",
                "kubeAPIConfig.qps",
                format!("cloudcore forces qps = 5 × nodeLimit = {} and burst = 10 × nodeLimit = {} at start (here {qps}/{burst}) and rewrites its ConfigMap", 5 * limit, 10 * limit),
                Some("set them to those values to keep the file stable"),
            );
        }
    }

    fn edgecore(&mut self, c: &EdgeCoreConfig) {
        self.feature_gates(&c.feature_gates);
        let m = &c.modules;
        let hub = &m.edge_hub;
        if !hub.enable {
            self.push(
                Severity::Error,
                "hub-disabled",
                "modules.edgeHub.enable",
                "edgeHub is disabled, so this node never connects to the cloud (`edgecore --minconfig` prints `enable: false` here)".into(),
                Some("set modules.edgeHub.enable to true"),
            );
        } else {
            if hub.websocket.enable == hub.quic.enable {
                self.push(
                    Severity::Error,
                    "edgehub-transport",
                    "modules.edgeHub.websocket.enable",
                    format!(
                        "websocket.enable and quic.enable are both {}; exactly one must be true",
                        hub.websocket.enable
                    ),
                    None,
                );
            }
            if hub.message_qps < 0 || hub.message_burst < 0 {
                self.push(
                    Severity::Error,
                    "non-negative",
                    "modules.edgeHub.messageQPS",
                    "messageQPS and messageBurst must be ≥ 0".into(),
                    None,
                );
            }
            let hs = &hub.http_server;
            if !(hs.starts_with("https://") || hs.starts_with("http://")) {
                self.push(
                    Severity::Error,
                    "http-scheme",
                    "modules.edgeHub.httpServer",
                    format!("`{hs}` has no scheme; edgecore builds certificate URLs from it"),
                    Some("write https://<cloudcore>:10002"),
                );
            }
            for (path, server) in [
                ("modules.edgeHub.websocket.server", &hub.websocket.server),
                ("modules.edgeHub.quic.server", &hub.quic.server),
            ] {
                if split_host_port(server).is_none() {
                    self.push(
                        Severity::Error,
                        "host-port",
                        path,
                        format!("`{server}` must be host:port (no scheme)"),
                        None,
                    );
                }
            }
        }
        let edged = &m.edged;
        let kc = &edged.tailored_kubelet_config;
        if edged.enable {
            if !is_rfc1123_subdomain(&edged.hostname_override) {
                self.push(
                    Severity::Error,
                    "node-name",
                    "modules.edged.hostnameOverride",
                    format!(
                        "`{}` is not a lower-case RFC 1123 subdomain",
                        edged.hostname_override
                    ),
                    None,
                );
            }
            if edged.node_ip.is_empty() {
                self.push(
                    Severity::Info,
                    "node-ip",
                    "modules.edged.nodeIP",
                    "nodeIP is empty; edgecore uses an IP that can reach the cloud".into(),
                    None,
                );
            }
            if !matches!(kc.cgroup_driver.as_str(), "cgroupfs" | "systemd") {
                self.push(
                    Severity::Error,
                    "cgroup-driver",
                    "modules.edged.tailoredKubeletConfig.cgroupDriver",
                    format!("`{}` must be cgroupfs or systemd", kc.cgroup_driver),
                    None,
                );
            }
        }
        let addr = kc.address.as_str();
        match addr.parse::<IpAddr>() {
            Ok(ip) if ip.is_loopback() && addr == "127.0.0.1" => {}
            Ok(ip) if ip.is_unspecified() => self.push(
                Severity::Warning,
                "edged-address",
                "modules.edged.tailoredKubeletConfig.address",
                format!("`{addr}` exposes edged's unauthenticated read-only API on every interface; the cloud side only ever uses 127.0.0.1:10350"),
                Some("keep 127.0.0.1"),
            ),
            Ok(ip) if ip.is_loopback() => self.push(
                Severity::Warning,
                "edged-address",
                "modules.edged.tailoredKubeletConfig.address",
                format!("`{addr}`: the cloud-side stream connectors hard-code 127.0.0.1:10350"),
                Some("keep 127.0.0.1"),
            ),
            _ => self.push(
                Severity::Error,
                "edged-address",
                "modules.edged.tailoredKubeletConfig.address",
                format!("`{addr}`: edged's readiness probe uses localhost and the cloud side hard-codes 127.0.0.1:10350, so edged never becomes ready and kubectl logs/exec/top break"),
                Some("keep 127.0.0.1"),
            ),
        }
        if kc.read_only_port != 10350 {
            self.push(
                Severity::Error,
                "edged-readonly-port",
                "modules.edged.tailoredKubeletConfig.readOnlyPort",
                format!("readOnlyPort {}: the cloud side hard-codes 10350, so kubectl logs/exec/attach/top stop working for this node", kc.read_only_port),
                Some("keep 10350"),
            );
        }
        if kc.node_lease_duration_seconds <= 0 {
            self.push(
                Severity::Error,
                "kubelet",
                "modules.edged.tailoredKubeletConfig.nodeLeaseDurationSeconds",
                "nodeLeaseDurationSeconds must be > 0".into(),
                None,
            );
        }
        if let (Some(hi), Some(lo)) = (
            kc.image_gc_high_threshold_percent,
            kc.image_gc_low_threshold_percent,
        ) && (!(0..=100).contains(&hi) || !(0..=100).contains(&lo) || lo >= hi)
        {
            self.push(
                Severity::Error,
                "kubelet",
                "modules.edged.tailoredKubeletConfig.imageGCHighThresholdPercent",
                format!(
                    "image GC thresholds must be within 0–100 with low < high (here {lo}/{hi})"
                ),
                None,
            );
        }
        if let Some(adj) = kc.oom_score_adj
            && !(-1000..=1000).contains(&adj)
        {
            self.push(
                Severity::Error,
                "kubelet",
                "modules.edged.tailoredKubeletConfig.oomScoreAdj",
                format!("oomScoreAdj {adj} is outside −1000…1000"),
                None,
            );
        }
        if !matches!(
            kc.hairpin_mode.as_str(),
            "promiscuous-bridge" | "hairpin-veth" | "none"
        ) {
            self.push(
                Severity::Error,
                "kubelet",
                "modules.edged.tailoredKubeletConfig.hairpinMode",
                format!(
                    "hairpinMode `{}` must be promiscuous-bridge, hairpin-veth or none",
                    kc.hairpin_mode
                ),
                None,
            );
        }
        if !matches!(
            kc.topology_manager_policy.as_str(),
            "none" | "best-effort" | "restricted" | "single-numa-node"
        ) {
            self.push(
                Severity::Error,
                "kubelet",
                "modules.edged.tailoredKubeletConfig.topologyManagerPolicy",
                format!(
                    "`{}` is not a topology manager policy",
                    kc.topology_manager_policy
                ),
                None,
            );
        }
        if !matches!(kc.topology_manager_scope.as_str(), "container" | "pod") {
            self.push(
                Severity::Error,
                "kubelet",
                "modules.edged.tailoredKubeletConfig.topologyManagerScope",
                format!("`{}` must be container or pod", kc.topology_manager_scope),
                None,
            );
        }
        if let Some(f) = kc.memory_throttling_factor
            && !(f > 0.0 && f <= 1.0)
        {
            self.push(
                Severity::Error,
                "kubelet",
                "modules.edged.tailoredKubeletConfig.memoryThrottlingFactor",
                format!("memoryThrottlingFactor {f} must be in (0, 1]"),
                None,
            );
        }
        if kc.container_runtime_endpoint.is_empty() {
            self.push(
                Severity::Error,
                "kubelet",
                "modules.edged.tailoredKubeletConfig.containerRuntimeEndpoint",
                "containerRuntimeEndpoint must not be empty".into(),
                None,
            );
        }
        if m.event_bus.enable && m.event_bus.mqtt_mode > 2 {
            self.push(
                Severity::Error,
                "mqtt-mode",
                "modules.eventBus.mqttMode",
                format!("mqttMode {} must be 0, 1 or 2", m.event_bus.mqtt_mode),
                None,
            );
        }
        let es = &m.edge_stream;
        if es.enable {
            match split_host_port(&es.server) {
                None => self.push(Severity::Error, "host-port", "modules.edgeStream.server", format!("`{}` must be host:port (the cloudcore tunnel port, 10004)", es.server), None),
                Some((host, _)) if host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()) => self.push(
                    Severity::Warning,
                    "stream-loopback",
                    "modules.edgeStream.server",
                    format!("edgeStream is enabled but points at `{}`, which only works when cloudcore runs on this node", es.server),
                    Some("set it to <cloudcore address>:10004"),
                ),
                _ => {}
            }
        }
    }
}

/// `host:port` with a numeric port (IPv6 in brackets).
pub fn split_host_port(s: &str) -> Option<(&str, u32)> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (h, p) = rest.split_once("]:")?;
        (h, p)
    } else {
        let (h, p) = s.rsplit_once(':')?;
        if h.contains(':') {
            return None;
        }
        (h, p)
    };
    if host.is_empty() || port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((host, port.parse().ok()?))
}

fn is_rfc1123_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keys_are_applied_like_kubeedge() {
        let doc = Document::parse(
            "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeStream: &s\n    enable: true\n    server: 192.0.2.10:10004\n  edgeHub:\n    <<: *s\n    enable: true\n",
        )
        .unwrap();
        let report = validate(&doc, 0, None).unwrap();
        // `server` and `enable` arrive in edgeHub through the merge key: `server` is not an
        // edgeHub field, reported at the anchored line; `enable` is overridden, not duplicated.
        let rules: Vec<(&str, &str, usize)> = report
            .findings
            .iter()
            .map(|f| (f.rule, f.path.as_str(), f.location.line))
            .collect();
        assert!(
            rules.contains(&("unknown-key", "modules.edgeHub.server", 6)),
            "{rules:?}"
        );
        assert!(!rules.iter().any(|r| r.0 == "duplicate-key"), "{rules:?}");
        let eff = effective_json(&doc, 0, ConfigKind::EdgeCore);
        assert_eq!(
            eff.pointer("/modules/edgeStream/server"),
            Some(&J::from("192.0.2.10:10004"))
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(
            did_you_mean("enabel", ["enable", "server"].into_iter()),
            Some("enable")
        );
        assert_eq!(did_you_mean("zzz", ["enable", "server"].into_iter()), None);
        assert_eq!(
            split_host_port("192.0.2.1:10004"),
            Some(("192.0.2.1", 10004))
        );
        assert_eq!(split_host_port("[::1]:80"), Some(("::1", 80)));
        assert_eq!(split_host_port("https://x:1"), None);
        assert!(is_rfc1123_subdomain("edge-node-01"));
        assert!(!is_rfc1123_subdomain("Edge_Node"));
    }
}

/// Why a `set` assignment is refused before anything is edited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AssignmentError {
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

/// Checks `path = raw` against the model before editing: the path must name a field KubeEdge
/// knows (or lie inside a free-form map), and a boolean or integer field needs a canonical
/// literal (`true`/`false`, a decimal integer in range). `force_string` is `--string`.
pub fn check_assignment(
    kind: ConfigKind,
    path: &Path,
    raw: &str,
    force_string: bool,
) -> Result<(), AssignmentError> {
    let root = schema(kind);
    let defs = root
        .get("$defs")
        .and_then(J::as_object)
        .cloned()
        .unwrap_or_default();
    let loc = |_: usize| Location {
        offset: 0,
        line: 1,
        column: 1,
    };
    let w = Walker {
        defs: &defs,
        findings: Vec::new(),
        loc: &loc,
        anchors: std::collections::HashMap::new(),
    };
    let mut cur: &J = root;
    let mut shown = String::new();
    for seg in &path.segments {
        let key = match seg {
            Segment::Key(k) | Segment::Token(k) => Some(k.as_str()),
            _ => None,
        };
        match w.expect(cur) {
            Expect::Struct(props) => {
                let Some(key) = key else {
                    return Err(AssignmentError {
                        message: format!("`{shown}` is a mapping, not a sequence"),
                        help: None,
                    });
                };
                let next = if shown.is_empty() {
                    key.to_owned()
                } else {
                    format!("{shown}.{key}")
                };
                match props.get(key) {
                    Some(s) => cur = s,
                    None => {
                        let (message, help) = match props
                            .keys()
                            .find(|k| k.eq_ignore_ascii_case(key))
                        {
                            Some(k) => (
                                format!("`{next}`: the key is spelled `{k}`"),
                                Some(format!("use `{k}`")),
                            ),
                            None => (
                                format!(
                                    "`{next}` is not a field of {}.yaml; KubeEdge would ignore it",
                                    kind.name()
                                ),
                                did_you_mean(key, props.keys().map(String::as_str))
                                    .map(|s| format!("did you mean `{s}`?")),
                            ),
                        };
                        return Err(AssignmentError { message, help });
                    }
                }
                shown = next;
            }
            Expect::Map(v) => {
                cur = v;
                shown = format!("{shown}.{}", key.unwrap_or("?"));
            }
            Expect::Array(items) => {
                cur = items;
                shown.push_str("[]");
            }
            _ => return Ok(()), // A scalar or free-form value: nothing more to check here.
        }
    }
    let raw = raw.trim();
    match w.expect(cur) {
        Expect::Bool => {
            if force_string {
                return Err(AssignmentError {
                    message: format!(
                        "`{shown}` is a boolean; a string there is a KubeEdge decode error"
                    ),
                    help: Some("drop --string and write true or false".into()),
                });
            }
            if raw != "true" && raw != "false" {
                let help = match crate::document::resolve_plain(raw) {
                    Value::Bool(b) => format!(
                        "write `{b}` (KubeEdge reads `{raw}` as {b}, other YAML tools as a string)"
                    ),
                    _ => "write true or false".into(),
                };
                return Err(AssignmentError {
                    message: format!("`{shown}` is a boolean; `{raw}` is not `true` or `false`"),
                    help: Some(help),
                });
            }
        }
        Expect::Int { min, max } => {
            let n = (!force_string).then(|| raw.parse::<i128>().ok()).flatten();
            match n {
                None => {
                    let help = crate::document::parse_int_yaml11(raw).map(|n| format!("write {n}"));
                    return Err(AssignmentError {
                        message: format!(
                            "`{shown}` is an integer; `{raw}` is not a decimal integer"
                        ),
                        help,
                    });
                }
                Some(n)
                    if min.is_some_and(|m| (n as f64) < m)
                        || max.is_some_and(|m| (n as f64) > m) =>
                {
                    return Err(AssignmentError {
                        message: format!("{n} is out of range for `{shown}`"),
                        help: None,
                    });
                }
                _ => {}
            }
        }
        Expect::Str {
            pattern,
            enumeration,
        } => {
            let text = raw.trim_matches('"');
            if let Some(allowed) = enumeration
                && !allowed.iter().any(|a| a == text)
            {
                return Err(AssignmentError {
                    message: format!("`{text}` is not allowed for `{shown}`"),
                    help: Some(format!("one of: {}", allowed.join(", "))),
                });
            }
            if pattern && !super::GoDuration::is_valid(text) {
                return Err(AssignmentError {
                    message: format!("`{text}` is not a Go duration"),
                    help: Some("write a duration with a unit, such as 1m0s, 20s or 100ms".into()),
                });
            }
        }
        _ => {}
    }
    Ok(())
}
