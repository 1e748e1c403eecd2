//! Upgrade check: what changes meaning for *this* file between two KubeEdge releases — keys it
//! sets that the new release drops or retypes, defaults that flip under keys it leaves out,
//! feature gates the new release does not know — each with the edit that keeps today's
//! behaviour where there is one.

use serde_json::Value as J;

use super::kind::ConfigKind;
use super::release::{Release, ranges_text};
use super::releases::{Family, family, feature_gates};
use crate::document::{Document, EditError, Location, Value};

/// What kind of change an [`UpgradeItem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UpgradeKind {
    /// A key the file sets that the new release does not have (ignored there).
    Removed,
    /// A key the file sets whose Go type changes (the old value may not decode).
    TypeChange,
    /// A default that changes under a key the file leaves out.
    DefaultChange,
    /// A feature gate the file sets that the new release does not know (fatal at start-up).
    FeatureGate,
}

/// One thing that changes meaning for the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UpgradeItem {
    /// What kind of change.
    pub kind: UpgradeKind,
    /// The path concerned.
    pub path: String,
    /// What happens, in a sentence.
    pub message: String,
    /// The edit that keeps today's behaviour: set `path` to `value` (`None` value: remove it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep: Option<KeepEdit>,
    /// Where in the file (the key, or the closest existing parent).
    #[serde(flatten)]
    pub location: Location,
}

/// An edit that keeps a release's behaviour on another.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KeepEdit {
    /// The path to write.
    pub path: String,
    /// The value (`None`: remove the key).
    pub value: Option<J>,
}

/// Keys KubeEdge moved, with the release from which the new path is read (reference §A.4–A.5).
pub(crate) const MOVES: &[(&str, &str, u8)] = &[
    (
        "modules.edged.remoteRuntimeEndpoint",
        "modules.edged.tailoredKubeletConfig.containerRuntimeEndpoint",
        16,
    ),
    (
        "modules.edged.remoteImageEndpoint",
        "modules.edged.tailoredKubeletConfig.imageServiceEndpoint",
        16,
    ),
    (
        "modules.edged.registerNode",
        "modules.edged.tailoredKubeletConfig.registerNode",
        13,
    ),
    (
        "modules.edged.registerWithTaints",
        "modules.edged.tailoredKubeletConfig.registerWithTaints",
        13,
    ),
];

/// Defaults that are host-derived or stamped with the binary's version: not a behaviour change.
const NOT_BEHAVIOUR: &[&str] = &["edgecoreVersion"];

/// Lists what changes meaning for document `index` (a `kind` config) from release `from` to
/// release `to`.
pub fn upgrade_check(
    doc: &Document,
    index: usize,
    kind: ConfigKind,
    from: Release,
    to: Release,
) -> Result<Vec<UpgradeItem>, EditError> {
    let value = doc.value(index)?.resolve_merge_keys();
    let (fa, fb) = (Family::of(kind, from), Family::of(kind, to));
    let (a, b) = (family(fa), family(fb));
    let (ma, mb) = (a.closest(from.minor), b.closest(to.minor));
    let set: Vec<String> = a.paths_of(&value);
    let loc =
        |path: &str| -> Location { doc.location(doc.nearest_start(index, path).unwrap_or(0)) };
    let json = value.to_json().unwrap_or(J::Null);
    let at = |path: &str| -> Option<&J> {
        path.split('.')
            .try_fold(&json, |cur, seg| cur.as_object()?.get(seg))
    };
    let mut items = Vec::new();
    for path in &set {
        let Some(field) = a.field_ignore_case(path) else {
            continue; // Not a field of the old release either: `validate` reports it.
        };
        if !field.exists_in(ma) {
            continue;
        }
        match b.field_ignore_case(path) {
            Some(nf) if nf.exists_in(mb) => {
                let (na, nb) = (field.norm(ma), nf.norm(mb));
                if na != nb && !(na == Some("time.Duration") && nb == Some("duration-or-int")) {
                    items.push(UpgradeItem {
                        kind: UpgradeKind::TypeChange,
                        path: path.clone(),
                        message: format!(
                            "`{path}` changes type from {} in KubeEdge {from} to {} in {to}; check that the value still decodes",
                            na.unwrap_or("?"),
                            nb.unwrap_or("?")
                        ),
                        keep: None,
                        location: loc(path),
                    });
                }
            }
            _ => {
                let moved = MOVES
                    .iter()
                    .find(|(old, _, since)| old == path && *since <= to.minor)
                    .filter(|(_, new, _)| b.field(new).is_some_and(|f| f.exists_in(mb)));
                let (message, keep) = match moved {
                    Some((_, new, _)) => (
                        format!(
                            "`{path}` is not read by KubeEdge {to} (it exists in {}); its setting moved to `{new}`",
                            ranges_text(&field.minors())
                        ),
                        (!set.iter().any(|p| p == new))
                            .then(|| at(path).cloned())
                            .flatten()
                            .map(|v| KeepEdit {
                                path: (*new).to_owned(),
                                value: Some(v),
                            }),
                    ),
                    None => (
                        format!(
                            "`{path}` is not a field of KubeEdge {to} (it exists in {}); {to} ignores it",
                            ranges_text(&field.minors())
                        ),
                        None,
                    ),
                };
                items.push(UpgradeItem {
                    kind: UpgradeKind::Removed,
                    path: path.clone(),
                    message,
                    keep,
                    location: loc(path),
                });
            }
        }
    }
    // Defaults that flip under keys the file leaves out.
    if fa == fb {
        let (da, db) = (a.defaults(from), b.defaults(to));
        let mut flips = Vec::new();
        leaf_flips(&da, &db, "", &mut flips);
        for (path, old, new) in flips {
            if NOT_BEHAVIOUR.contains(&path.as_str()) || at(&path).is_some() {
                continue;
            }
            let (message, keep) = match (&old, &new) {
                // Maps decode onto the default map key by key (Go's json keeps existing
                // entries): the file can restore changed values, not remove added keys.
                (J::Object(o), J::Object(n)) => {
                    let restore: serde_json::Map<String, J> = o
                        .iter()
                        .filter(|(k, v)| n.get(*k) != Some(*v))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    let added: Vec<String> = n
                        .iter()
                        .filter(|(k, _)| !o.contains_key(*k))
                        .map(|(k, v)| format!("{k}: {}", compact(v)))
                        .collect();
                    let mut m = format!(
                        "the file leaves `{path}` to the default, which changes from KubeEdge {from} to {to}"
                    );
                    if !added.is_empty() {
                        m.push_str(&format!(
                            "; {to} adds {} (a map merges onto its default, so the file cannot take it out)",
                            added.join(", ")
                        ));
                    }
                    if !restore.is_empty() {
                        m.push_str(&format!(
                            "; {} change",
                            restore.keys().cloned().collect::<Vec<_>>().join(", ")
                        ));
                    }
                    let keep = (!restore.is_empty()).then(|| KeepEdit {
                        path: path.clone(),
                        value: Some(J::Object(restore)),
                    });
                    (m, keep)
                }
                _ => (
                    format!(
                        "the file leaves `{path}` to the default, which changes from {} in KubeEdge {from} to {} in {to}",
                        compact(&old),
                        compact(&new)
                    ),
                    Some(KeepEdit {
                        path: path.clone(),
                        value: Some(old.clone()),
                    }),
                ),
            };
            items.push(UpgradeItem {
                kind: UpgradeKind::DefaultChange,
                path: path.clone(),
                message,
                keep,
                location: loc(&path),
            });
        }
    }
    // Feature gates.
    if let (Some(Value::Mapping(gates)), Some(known)) =
        (value.get("featureGates"), feature_gates(to.minor))
    {
        for (g, _) in gates {
            let Value::String(g) = g else { continue };
            if !known.contains(&g.as_str()) {
                let path = format!("featureGates.{g}");
                items.push(UpgradeItem {
                    kind: UpgradeKind::FeatureGate,
                    message: format!(
                        "KubeEdge {to} does not know the feature gate `{g}` and exits at start-up"
                    ),
                    keep: Some(KeepEdit {
                        path: path.clone(),
                        value: None,
                    }),
                    location: loc(&path),
                    path,
                });
            }
        }
    }
    Ok(items)
}

fn compact(v: &J) -> String {
    match v {
        J::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Leaves present in both default trees whose values differ.
fn leaf_flips(a: &J, b: &J, prefix: &str, out: &mut Vec<(String, J, J)>) {
    let (J::Object(x), J::Object(y)) = (a, b) else {
        return;
    };
    for (k, va) in x {
        let Some(vb) = y.get(k) else { continue };
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match (va, vb) {
            (J::Object(m), J::Object(_)) if !m.is_empty() && !is_map_leaf(&path) => {
                leaf_flips(va, vb, &path, out)
            }
            _ if va != vb && !same_duration(va, vb) => out.push((path, va.clone(), vb.clone())),
            _ => {}
        }
    }
}

/// A duration written as integer nanoseconds in one release and as a Go duration string in
/// another (`logging.flushFrequency`: 5000000000 and "5s") is the same value.
fn same_duration(a: &J, b: &J) -> bool {
    let ns = |v: &J| -> Option<f64> {
        match v {
            J::Number(n) => n.as_f64(),
            J::String(s) => go_duration_ns(s),
            _ => None,
        }
    };
    matches!(
        (a, b),
        (J::Number(_), J::String(_)) | (J::String(_), J::Number(_))
    ) && ns(a).is_some()
        && ns(a) == ns(b)
}

/// Nanoseconds of a Go duration (`1m30s`, `500ms`, `5s`).
fn go_duration_ns(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = s.trim();
    if rest == "0" {
        return Some(0.0);
    }
    while !rest.is_empty() {
        let num_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let n: f64 = rest[..num_end].parse().ok()?;
        rest = &rest[num_end..];
        let (unit, len) = [
            ("ns", 1.0),
            ("us", 1e3),
            ("µs", 1e3),
            ("ms", 1e6),
            ("s", 1e9),
            ("m", 60e9),
            ("h", 3600e9),
        ]
        .iter()
        .find(|(u, _)| rest.starts_with(u))
        .map(|(u, f)| (*f, u.len()))?;
        total += n * unit;
        rest = &rest[len..];
    }
    Some(total)
}

/// Maps whose default is a value of its own (`evictionHard`), not a section.
fn is_map_leaf(path: &str) -> bool {
    family(Family::EdgeCore)
        .field(path)
        .or_else(|| family(Family::CloudCore).field(path))
        .is_some_and(|f| {
            f.minors()
                .first()
                .and_then(|m| f.norm(*m))
                .is_some_and(|n| n.starts_with("map["))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_file_19_to_20_pins_root_directory() {
        let doc = Document::parse("apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edged:\n    hostnameOverride: n1\n").unwrap();
        let items = upgrade_check(
            &doc,
            0,
            ConfigKind::EdgeCore,
            Release::new(19, None),
            Release::new(20, None),
        )
        .unwrap();
        let root = items
            .iter()
            .find(|i| i.path == "modules.edged.rootDirectory")
            .expect("rootDirectory flips");
        assert_eq!(root.kind, UpgradeKind::DefaultChange);
        assert_eq!(
            root.keep.as_ref().and_then(|k| k.value.clone()),
            Some(J::from("/var/lib/edged"))
        );
    }

    #[test]
    fn runtime_endpoint_moves_and_gates_vanish() {
        let doc = Document::parse("apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nfeatureGates:\n  moduleRestart: true\nmodules:\n  edged:\n    containerRuntime: remote\n    remoteRuntimeEndpoint: unix:///var/run/cri-dockerd.sock\n").unwrap();
        let items = upgrade_check(
            &doc,
            0,
            ConfigKind::EdgeCore,
            Release::new(17, None),
            Release::new(18, None),
        )
        .unwrap();
        let kinds: Vec<(UpgradeKind, &str)> =
            items.iter().map(|i| (i.kind, i.path.as_str())).collect();
        assert!(kinds.contains(&(UpgradeKind::Removed, "modules.edged.containerRuntime")));
        let moved = items
            .iter()
            .find(|i| i.path == "modules.edged.remoteRuntimeEndpoint")
            .unwrap();
        assert_eq!(
            moved.keep.as_ref().map(|k| k.path.as_str()),
            Some("modules.edged.tailoredKubeletConfig.containerRuntimeEndpoint")
        );
        // moduleRestart exists from 1.17 on: no gate item going to 1.18, one going back to 1.16.
        assert!(!kinds.iter().any(|k| k.0 == UpgradeKind::FeatureGate));
        let back = upgrade_check(
            &doc,
            0,
            ConfigKind::EdgeCore,
            Release::new(17, None),
            Release::new(16, None),
        )
        .unwrap();
        assert!(back.iter().any(|i| i.kind == UpgradeKind::FeatureGate));
    }
}

#[cfg(test)]
mod durations {
    use super::*;

    #[test]
    fn nanoseconds_and_duration_strings_compare() {
        assert_eq!(go_duration_ns("1m30s"), Some(90e9));
        assert_eq!(go_duration_ns("500ms"), Some(5e8));
        assert!(same_duration(&J::from(5_000_000_000_i64), &J::from("5s")));
        assert!(!same_duration(&J::from(5), &J::from("5s")));
        assert!(!same_duration(&J::from("5s"), &J::from("5s")));
    }
}
