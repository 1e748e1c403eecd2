//! Validation of CloudCore and EdgeCore files: the structure against the JSON Schema derived
//! from the typed model ([`super::walker`]: unknown keys, types, YAML 1.1 traps), then
//! KubeEdge's own rules and the traps it accepts silently ([`super::rules`]), on the effective
//! config (defaults + file).
//!
//! Every finding has a severity, a stable rule id, a message, the YAML path and a location.

use serde_json::Value as J;

use super::effective::{defaults_json, merge};
use super::finding::{Finding, Report, Severity};
use super::kind::{ConfigKind, Detected, detect};
use super::rules::{RuleId, Rules};
use super::schema::SchemaView;
use super::walker::Walker;
use super::{cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig};
use crate::document::{Document, EditError, Location, Node, NodeKind, Path, ScalarStyle, Segment};

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
                rule: RuleId::LegacyLayout,
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
                rule: RuleId::NotKubeedge,
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
                    rule: RuleId::WrongType,
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
pub(crate) fn validate_effective(
    doc: &Document,
    index: usize,
    kind: ConfigKind,
    detected: &Detected,
    loc: &dyn Fn(usize) -> Location,
) -> (Vec<Finding>, J) {
    let view = SchemaView::of(kind);
    let root_schema = view.root;
    let mut w = Walker {
        schema: view,
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
        .walk(root, root_schema, "", true)
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
                rule: RuleId::ApiVersion,
                message: format!("apiVersion {v}: KubeEdge has no CloudCore v1alpha2 type and reads this file exactly as v1alpha1 (the cloudcore chart writes this label)"),
                path: "apiVersion".into(),
                location: at("apiVersion"),
                help: None,
            });
        }
        (ConfigKind::EdgeCore, Detected::EdgeCoreV1alpha1) => findings.push(Finding {
            severity: Severity::Warning,
            rule: RuleId::LegacyV1alpha1,
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
        rules.push(RuleId::WrongType, "", format!("the effective configuration does not decode ({e}); KubeEdge's own rules were not checked"), None);
    }
    (findings, effective)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::effective_json;

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
            .map(|f| (f.rule.as_str(), f.path.as_str(), f.location.line))
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
}
