//! Validation of CloudCore and EdgeCore files: the structure against the JSON Schema derived
//! from the typed model ([`super::walker`]: unknown keys, types, YAML 1.1 traps), then
//! KubeEdge's own rules and the traps it accepts silently ([`super::rules`]), on the effective
//! config (defaults + file).
//!
//! Every finding has a severity, a stable rule id, a message, the YAML path and a location.

use serde_json::Value as J;

use super::effective::{defaults_json, defaults_shared, merge};
use super::finding::{Finding, Report, Severity};
use super::kind::{ConfigKind, Detected, detect};
use super::release::{LATEST, Release, ReleaseChoice, ReleaseSource};
use super::releases::{Family, FamilyData, choose, family};
use super::rules::{RuleId, Rules};
use super::schema::SchemaView;
use super::walker::{Versions, Walker};
use super::{cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig};
use crate::document::{Document, EditError, Location, Node, NodeKind, Path, ScalarStyle};

/// How to validate: the kind and the KubeEdge release, each detected when not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// Validate as this kind instead of detecting it.
    pub kind: Option<ConfigKind>,
    /// Validate for this KubeEdge release instead of choosing one (see [`super::releases::choose`]).
    pub release: Option<Release>,
}

impl ValidateOptions {
    /// Detect both.
    pub fn new() -> ValidateOptions {
        ValidateOptions::default()
    }

    /// Validate as `kind`.
    pub fn kind(mut self, kind: Option<ConfigKind>) -> ValidateOptions {
        self.kind = kind;
        self
    }

    /// Validate for `release`.
    pub fn release(mut self, release: Option<Release>) -> ValidateOptions {
        self.release = release;
        self
    }
}

/// Validates document `index` of `doc`. `kind` forces the kind; otherwise it is detected (and a
/// ConfigMap embedding `cloudcore.yaml` is validated inside). The release is chosen from the
/// file ([`super::releases::choose`]); [`validate_with`] can give it.
pub fn validate(
    doc: &Document,
    index: usize,
    kind: Option<ConfigKind>,
) -> Result<Report, EditError> {
    validate_with(doc, index, &ValidateOptions::new().kind(kind))
}

/// Validates document `index` of `doc` with options.
pub fn validate_with(
    doc: &Document,
    index: usize,
    options: &ValidateOptions,
) -> Result<Report, EditError> {
    validate_keeping_effective(doc, index, options).map(|(report, _)| report)
}

/// Validates document `index` of `doc` and returns, with the report, the configuration KubeEdge
/// reads from it: the release's defaults with the file decoded onto them (the embedded config's,
/// for a ConfigMap; `None` when the document is no configuration). Values KubeEdge would refuse
/// are reported as errors and keep their defaults here.
pub fn read_as_kubeedge(
    doc: &Document,
    index: usize,
    options: &ValidateOptions,
) -> Result<(Report, Option<J>), EditError> {
    validate_keeping_effective(doc, index, options)
}

/// [`validate_with`], also returning the effective configuration the pass computed (the
/// embedded config's, for a ConfigMap; `None` when the document is no configuration).
pub(crate) fn validate_keeping_effective(
    doc: &Document,
    index: usize,
    options: &ValidateOptions,
) -> Result<(Report, Option<J>), EditError> {
    let kind = options.kind;
    let value = doc.value_ref(index)?;
    let detected = detect(value);
    let root = doc.documents()[index].root.as_ref();
    let here = |offset| doc.location(offset);
    let root_loc = root.map_or(here(0), |r| here(r.start));

    if let Detected::ConfigMap { key } = &detected
        && kind.is_none()
    {
        return validate_configmap(doc, index, key, detected.clone(), options);
    }
    let mut findings = Vec::new();
    let kind = match (kind, &detected) {
        (Some(k), _) => Some(k),
        (None, d) if d.config_kind().is_some() => d.config_kind(),
        (None, Detected::LegacyEdge) => {
            findings.push(Finding {
                severity: Severity::Error,
                rule: RuleId::LegacyLayout,
                message: "this is the pre-componentconfig edge.yaml layout (mqtt/edgehub/edged at the top): edgecore 1.12 and later start with pure defaults and ignore every setting in it".into(),
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
    if index > 0 && detected.config_kind().is_some() {
        let empty_before = doc.documents()[..index].iter().all(|d| d.is_null());
        let (severity, first) = if empty_before {
            (
                Severity::Error,
                "the documents before it are empty, so KubeEdge runs on pure defaults",
            )
        } else {
            (
                Severity::Warning,
                "if this file is its config file, KubeEdge reads the first document instead",
            )
        };
        findings.push(Finding {
            severity,
            rule: RuleId::LaterDocument,
            message: format!(
                "this config is document {} of the file, but KubeEdge reads only the first document of its config file: {first}, and nothing here is read",
                index + 1
            ),
            path: String::new(),
            location: root_loc,
            help: Some("make it the file's only document (remove the `---` lines and documents before it)".into()),
        });
    }
    let mut release = None;
    let mut effective = None;
    if let Some(kind) = kind {
        let target = Target {
            kind,
            choice: choose(kind, value, options.release),
        };
        let (sub, eff) =
            validate_effective(doc, index, &target, &detected, &|o| here(o), Pass::Full);
        findings.extend(sub);
        release = Some(target.choice);
        effective = Some(eff);
    }
    Ok((
        Report {
            detected,
            kind,
            release,
            findings,
        },
        effective,
    ))
}

/// What a document is checked against: its kind and KubeEdge release.
pub(crate) struct Target {
    pub(crate) kind: ConfigKind,
    pub(crate) choice: ReleaseChoice,
}

impl Target {
    /// The latest release, as the typed structs describe it.
    pub(crate) fn latest(kind: ConfigKind) -> Target {
        Target {
            kind,
            choice: ReleaseChoice::given(LATEST),
        }
    }

    fn family(&self) -> Family {
        Family::of(self.kind, self.choice.release)
    }

    /// The latest release of a kind is described by the typed structs (richer: enums, field
    /// documentation); other releases by the generated release data.
    fn typed(&self) -> bool {
        self.family() != Family::EdgeCoreV1alpha1 && self.choice.release.minor == LATEST.minor
    }

    fn schema(&self) -> SchemaView<'static> {
        SchemaView::for_release(self.kind, self.choice.release)
    }

    pub(crate) fn defaults(&self) -> J {
        (*self.defaults_shared()).clone()
    }

    /// [`Target::defaults`], shared (built once per release and process).
    pub(crate) fn defaults_shared(&self) -> std::sync::Arc<J> {
        if self.typed() {
            defaults_shared(self.kind)
        } else {
            family(self.family()).defaults_shared(self.choice.release)
        }
    }
}

/// Validates the config embedded in a ConfigMap's `data.<key>`, with locations in the outer file.
fn validate_configmap(
    doc: &Document,
    index: usize,
    key: &str,
    detected: Detected,
    options: &ValidateOptions,
) -> Result<(Report, Option<J>), EditError> {
    let path = Path::keys(["data", key]);
    let node = doc.get(index, &path)?.expect("detected key exists");
    let text = node.scalar_text().unwrap_or_default().to_owned();
    let node_loc = doc.location(node.start);
    let inner = match Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let loc = InnerMap::new(doc, node).map(e.location);
            let report = Report {
                detected,
                kind: None,
                release: None,
                findings: vec![Finding {
                    severity: Severity::Error,
                    rule: RuleId::WrongType,
                    message: format!("data.\"{key}\" is not valid YAML: {}", e.message),
                    path: format!("data.\"{key}\""),
                    location: loc,
                    help: None,
                }],
            };
            return Ok((report, None));
        }
    };
    if inner.documents().is_empty() {
        let report = Report {
            detected,
            kind: None,
            release: None,
            findings: vec![],
        };
        return Ok((report, None));
    }
    let (inner_report, effective) = validate_keeping_effective(
        &inner,
        0,
        &ValidateOptions {
            kind: None,
            ..*options
        },
    )?;
    let inner_map = InnerMap::new(doc, node);
    let findings = inner_report
        .findings
        .into_iter()
        .map(|mut f| {
            f.location = inner_map.map(f.location);
            if !matches!(node_style(node), Some(ScalarStyle::Literal)) {
                f.message = format!("{} (inside data.\"{key}\" at {node_loc})", f.message);
            }
            f
        })
        .collect();
    let report = Report {
        detected,
        kind: inner_report.kind,
        release: inner_report.release,
        findings,
    };
    Ok((report, effective))
}

fn node_style(n: &Node) -> Option<ScalarStyle> {
    match &n.kind {
        NodeKind::Scalar { style, .. } => Some(*style),
        _ => None,
    }
}

/// Maps locations inside a literal block scalar's text to the outer file. The block's line
/// starts and the outer file's line index are computed once, so mapping many findings stays
/// linear.
pub(crate) struct InnerMap<'a> {
    src: &'a str,
    literal: bool,
    node_start: usize,
    /// Outer offset of each content line's start (after the block's indentation).
    lines: Vec<usize>,
    outer: &'a crate::document::LineIndex,
}

impl<'a> InnerMap<'a> {
    pub(crate) fn new(doc: &'a Document, node: &Node) -> InnerMap<'a> {
        let src = doc.as_str();
        let literal = node_style(node) == Some(ScalarStyle::Literal);
        let mut lines = Vec::new();
        if literal {
            // Content starts on the line after the header; its indentation is the first
            // content line's.
            let after_header = src[node.start..]
                .find('\n')
                .map_or(src.len(), |i| node.start + i + 1);
            let indent = src[after_header..]
                .bytes()
                .take_while(|&b| b == b' ')
                .count();
            let end = node.end.max(after_header).min(src.len());
            let mut start = after_header;
            loop {
                let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
                lines.push((start + indent).min(line_end));
                if line_end >= end || line_end >= src.len() {
                    break;
                }
                start = line_end + 1;
            }
        }
        InnerMap {
            src,
            literal,
            node_start: node.start,
            lines,
            outer: doc.line_index(),
        }
    }

    pub(crate) fn map(&self, inner: Location) -> Location {
        if !self.literal || self.lines.is_empty() {
            return self.outer.locate(self.src, self.node_start);
        }
        let mut offset = self.lines[(inner.line.max(1) - 1).min(self.lines.len() - 1)];
        let line_end = self.src[offset..]
            .find('\n')
            .map_or(self.src.len(), |i| offset + i);
        // Walk `column - 1` characters.
        for _ in 1..inner.column {
            match self.src[offset..line_end].chars().next() {
                Some(c) => offset += c.len_utf8(),
                None => break,
            }
        }
        self.outer.locate(self.src, offset)
    }
}

/// Whether [`validate_effective`] runs KubeEdge's rules after the structural pass.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    /// The structural pass and the rules: a full report.
    Full,
    /// Only what the effective configuration needs (the profile engine's reads).
    EffectiveOnly,
}

/// The structural pass and the rules; also returns the effective configuration as JSON.
pub(crate) fn validate_effective(
    doc: &Document,
    index: usize,
    target: &Target,
    detected: &Detected,
    loc: &dyn Fn(usize) -> Location,
    pass: Pass,
) -> (Vec<Finding>, J) {
    let kind = target.kind;
    let view = target.schema();
    let root_schema = view.root;
    let defaults = target.defaults_shared();
    let mut w = Walker {
        schema: view,
        findings: Vec::new(),
        loc,
        anchors: doc.documents()[index]
            .root
            .as_ref()
            .map(crate::document::anchor_nodes_all)
            .unwrap_or_default(),
        versions: Some(Versions {
            kind,
            family: target.family(),
            release: target.choice.release,
            known: matches!(
                target.choice.source,
                super::release::ReleaseSource::Given
                    | super::release::ReleaseSource::EdgecoreVersion { .. }
            ),
        }),
        defaults: Some(defaults.clone()),
    };
    let Some(root) = doc.documents()[index].root.as_ref() else {
        return (vec![], (*defaults).clone());
    };
    let normalized = w
        .walk(root, root_schema, "", true)
        .unwrap_or(J::Object(Default::default()));
    let mut findings = w.findings;
    super::walker::tag_conflicts(root, loc, &mut findings);
    let at = |path: &str| -> Location { loc(doc.nearest_start(index, path).unwrap_or(root.start)) };

    match (kind, detected) {
        (
            ConfigKind::CloudCore,
            Detected::CloudCore {
                api_version: Some(v),
            },
        ) if v.ends_with("/v1alpha2") => {
            findings.push(Finding {
                severity: Severity::Info,
                rule: RuleId::ApiVersion,
                message: format!("apiVersion {v}: KubeEdge has no CloudCore v1alpha2 type and reads this file exactly as v1alpha1 (the cloudcore chart writes this label)"),
                path: "apiVersion".into(),
                location: at("apiVersion"),
                help: None,
            });
        }
        (ConfigKind::EdgeCore, Detected::EdgeCoreV1alpha1) => {
            // [kecheck] 1.12.7–1.23.1 accept a v1alpha1 file and drop what moved
            // (cgroupDriver: systemd becomes cgroupfs, clusterDNS is lost).
            let (severity, message) = if target.choice.release.minor >= 12 {
                (
                    Severity::Error,
                    format!(
                        "EdgeCore v1alpha1 checked as KubeEdge {}: 1.12 and later never check apiVersion and read this file as v1alpha2, so the fields that moved or were renamed are silently dropped (cgroupDriver: systemd becomes cgroupfs, clusterDNS is lost)",
                        target.choice.release
                    ),
                )
            } else if matches!(target.choice.source, ReleaseSource::Given) {
                (Severity::Info, String::new())
            } else {
                (Severity::Info, "EdgeCore v1alpha1, checked as KubeEdge 1.11 (the last release that reads it); on 1.12 and later edgecore reads it as v1alpha2 and silently drops the fields that moved (pass --kubeedge-version to check it as the node's release)".into())
            };
            if !message.is_empty() {
                findings.push(Finding {
                    severity,
                    rule: RuleId::LegacyV1alpha1,
                    message,
                    path: "apiVersion".into(),
                    location: at("apiVersion"),
                    help: Some(
                        "migrate to edgecore.config.kubeedge.io/v1alpha2 (`edgecfg migrate`)"
                            .into(),
                    ),
                });
            }
        }
        _ => {}
    }
    let release = target.choice.release;
    match &target.choice.source {
        ReleaseSource::Fields { fits } if fits.last.minor != LATEST.minor => findings.push(
            Finding::new(
                RuleId::KubeedgeRelease,
                "",
                loc(root.start),
                format!("the keys of this file fit KubeEdge {fits}; checked as {release}"),
            )
            .help(Some("pass --kubeedge-version to check for another release")),
        ),
        ReleaseSource::Fallback => findings.push(
            Finding::new(
                RuleId::KubeedgeRelease,
                "",
                loc(root.start),
                format!("no KubeEdge release has every key of this file; checked as {release}"),
            )
            .help(Some(
                "pass --kubeedge-version to check for the release the node runs",
            )),
        ),
        _ => {}
    }

    if kind == ConfigKind::EdgeCore {
        runtime_endpoint_trap(&normalized, release, &at, &mut findings);
    }
    let effective = merge((*defaults).clone(), normalized);
    if pass == Pass::EffectiveOnly {
        return (findings, effective);
    }
    let mut rules = Rules {
        findings: &mut findings,
        at: &at,
        minor: release.minor,
    };
    // KubeEdge's rules read the typed (latest) structs: other releases' values are carried over
    // where the field has the same path and Go kind.
    let typed_input = if target.typed() {
        effective.clone()
    } else {
        merge(
            defaults_json(kind),
            compatible(&effective, target.family(), release.minor, kind),
        )
    };
    let decoded = match kind {
        ConfigKind::CloudCore => {
            serde_json::from_value::<CloudCoreConfig>(typed_input).map(|c| rules.cloudcore(&c))
        }
        ConfigKind::EdgeCore => {
            serde_json::from_value::<EdgeCoreConfig>(typed_input).map(|c| rules.edgecore(&c))
        }
    };
    if let Err(e) = decoded {
        // The structural pass drops every value it rejects, so this means a gap in edgecfg's
        // model; say so rather than skipping the rules silently.
        rules.push(RuleId::WrongType, "", format!("the effective configuration does not decode ({e}); KubeEdge's own rules were not checked"), None);
    }
    (findings, effective)
}

/// KubeEdge 1.16 and 1.17 read `edged.remoteRuntimeEndpoint` only when
/// `tailoredKubeletConfig.containerRuntimeEndpoint` is empty, and default that to containerd's
/// socket: a file that sets only the old key silently switches to containerd (reference §A.4).
fn runtime_endpoint_trap(
    file: &J,
    release: Release,
    at: &dyn Fn(&str) -> Location,
    findings: &mut Vec<Finding>,
) {
    if !(16..=17).contains(&release.minor) {
        return;
    }
    let edged = file.pointer("/modules/edged");
    for (old, new) in [
        ("remoteRuntimeEndpoint", "containerRuntimeEndpoint"),
        ("remoteImageEndpoint", "imageServiceEndpoint"),
    ] {
        let Some(J::String(value)) = edged.and_then(|e| e.get(old)) else {
            continue;
        };
        if value.is_empty()
            || edged
                .and_then(|e| e.pointer(&format!("/tailoredKubeletConfig/{new}")))
                .is_some()
        {
            continue;
        }
        let path = format!("modules.edged.{old}");
        findings.push(
            Finding::new(
                RuleId::RuntimeEndpoint,
                &path,
                at(&path),
                format!("KubeEdge {release} uses `{old}` only when `tailoredKubeletConfig.{new}` is empty, and that defaults to unix:///run/containerd/containerd.sock: `{value}` is ignored and the node uses containerd"),
            )
            .help(Some(format!("set modules.edged.tailoredKubeletConfig.{new} to {value}"))),
        );
    }
}

/// The part of `effective` (of `from`'s release `minor`) that the latest release reads the same
/// way: fields with the same path and Go kind.
fn compatible(effective: &J, from: Family, minor: u8, kind: ConfigKind) -> J {
    fn go(v: &J, path: &str, src: &FamilyData, minor: u8, dst: &FamilyData) -> Option<J> {
        let J::Object(m) = v else { return None };
        let mut out = serde_json::Map::new();
        for (k, x) in m {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            let (Some(a), Some(b)) = (src.field(&p), dst.field(&p)) else {
                continue;
            };
            let (na, nb) = (a.norm(minor), b.norm(LATEST.minor));
            if na.is_none() || na != nb {
                continue;
            }
            if na.is_some_and(|n| n.trim_start_matches('*') == "struct") {
                if let Some(inner) = go(x, &p, src, minor, dst) {
                    out.insert(k.clone(), inner);
                }
            } else {
                out.insert(k.clone(), x.clone());
            }
        }
        Some(J::Object(out))
    }
    go(
        effective,
        "",
        family(from),
        minor,
        family(Family::of(kind, LATEST)),
    )
    .unwrap_or(J::Null)
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
