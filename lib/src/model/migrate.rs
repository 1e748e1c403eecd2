//! Migration of an EdgeCore v1alpha1 file (KubeEdge 1.11 and earlier) to EdgeCore v1alpha2 of a
//! chosen release: the field moves, renames, unit changes and drops of reference §A.5, with the
//! later moves of §A.4, planned as edits for the lossless document layer.

use serde_json::Value as J;

use super::release::{Release, ranges_text};
use super::releases::{Family, family};
use crate::document::{Document, EditError, Path, Value};

/// One step of a migration.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum MigrateStep {
    /// Write `value` at `to` and remove `from`.
    Move {
        /// The v1alpha1 path.
        from: String,
        /// The v1alpha2 path.
        to: String,
        /// The value written (converted when the unit or type changed).
        value: J,
        /// What changed besides the path, if anything.
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Remove `path`: the target release has no equivalent.
    Drop {
        /// The v1alpha1 path.
        path: String,
        /// Why.
        reason: String,
    },
    /// Write `value` at `path` (a default the target release changed, kept explicitly).
    Keep {
        /// The path.
        path: String,
        /// The value that keeps today's behaviour.
        value: J,
        /// Why.
        note: String,
    },
    /// Set `apiVersion` to EdgeCore v1alpha2.
    ApiVersion,
}

#[derive(Clone, Copy)]
enum Conv {
    Same,
    /// `"a,b"` → `[a, b]`.
    Split,
    /// Seconds (int) → `"Ns"`.
    Seconds,
    /// Nanoseconds (int) → `"Ns"`.
    Nanos,
}

const TKC: &str = "modules.edged.tailoredKubeletConfig";

/// `modules.edged.<key>` of v1alpha1 → (v1alpha2 path at 1.12, conversion). `None`: dropped.
fn target(key: &str) -> Option<(String, Conv)> {
    let tkc = |k: &str| format!("{TKC}.{k}");
    let edged = |k: &str| format!("modules.edged.{k}");
    Some(match key {
        "cgroupDriver" | "cgroupRoot" | "clusterDomain" | "systemCgroups" | "cgroupsPerQOS" => {
            (tkc(key), Conv::Same)
        }
        "clusterDNS" => (tkc("clusterDNS"), Conv::Split),
        "edgeCoreCgroups" => (tkc("kubeletCgroups"), Conv::Same),
        "imageGCHighThreshold" => (tkc("imageGCHighThresholdPercent"), Conv::Same),
        "imageGCLowThreshold" => (tkc("imageGCLowThresholdPercent"), Conv::Same),
        "nodeStatusUpdateFrequency" => (tkc("nodeStatusUpdateFrequency"), Conv::Seconds),
        "runtimeRequestTimeout" => (tkc("runtimeRequestTimeout"), Conv::Seconds),
        "volumeStatsAggPeriod" => (tkc("volumeStatsAggPeriod"), Conv::Nanos),
        "labels" => (edged("nodeLabels"), Conv::Same),
        "taints" => (edged("registerWithTaints"), Conv::Same),
        "maximumDeadContainersPerPod" => (edged("maxPerPodContainerCount"), Conv::Same),
        "runtimeType" => (edged("containerRuntime"), Conv::Same),
        "dockerAddress" => (edged("dockerEndpoint"), Conv::Same),
        "cniCacheDirs" => (edged("cniCacheDir"), Conv::Same),
        "imagePullProgressDeadline" => (edged("imagePullProgressDeadline"), Conv::Seconds),
        "annotations"
        | "concurrentConsumers"
        | "devicePluginEnabled"
        | "edgedMemoryCapacity"
        | "enableMetrics"
        | "gpuPluginEnabled" => return None,
        other => (edged(other), Conv::Same),
    })
}

fn convert(v: &Value, conv: Conv) -> Option<(J, Option<String>)> {
    let json = v.to_json().ok()?;
    Some(match (conv, &json) {
        (Conv::Same, _) => (json, None),
        (Conv::Split, J::String(s)) => (
            J::Array(
                s.split(',')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(J::from)
                    .collect(),
            ),
            Some("a comma-separated string becomes a list".into()),
        ),
        (Conv::Seconds, J::Number(n)) => (
            J::String(format!("{}s", n.as_i64()?)),
            Some(format!(
                "{n} seconds becomes the duration \"{}s\"",
                n.as_i64()?
            )),
        ),
        (Conv::Nanos, J::Number(n)) => {
            let ns = n.as_i64()?;
            let text = if ns % 1_000_000_000 == 0 {
                format!("{}s", ns / 1_000_000_000)
            } else {
                format!("{ns}ns")
            };
            let note = format!("{ns} nanoseconds becomes the duration \"{text}\"");
            (J::String(text), Some(note))
        }
        _ => (json, None),
    })
}

/// Plans the migration of document `index` (an EdgeCore v1alpha1 file) to EdgeCore v1alpha2 of
/// release `to` (1.12 or later).
pub fn migrate_plan(
    doc: &Document,
    index: usize,
    to: Release,
) -> Result<Vec<MigrateStep>, EditError> {
    let data = family(Family::EdgeCore);
    let minor = data.closest(to.minor);
    let mut steps = Vec::new();
    let edged = doc.get_value(index, &Path::keys(["modules", "edged"]))?;
    if let Some(Value::Mapping(entries)) = edged {
        for (k, v) in &entries {
            let Value::String(key) = k else { continue };
            let from = format!("modules.edged.{key}");
            let Some((mut path, conv)) = target(key) else {
                steps.push(MigrateStep::Drop {
                    path: from,
                    reason: "EdgeCore v1alpha2 has no equivalent".into(),
                });
                continue;
            };
            // Later releases moved some settings again (reference §A.4).
            for (old, new, since) in super::upgrade::MOVES {
                if path == *old && to.minor >= *since {
                    path = (*new).to_owned();
                }
            }
            if path == "modules.edged.registerWithTaints" && to.minor >= 13 {
                path = format!("{TKC}.registerWithTaints");
            }
            let field = data.field(&path);
            if !field.is_some_and(|f| f.exists_in(minor)) {
                let when = field.map_or_else(String::new, |f| {
                    format!(" (it exists in KubeEdge {})", ranges_text(&f.minors()))
                });
                steps.push(MigrateStep::Drop {
                    path: from,
                    reason: format!("KubeEdge {to} has no `{path}`{when}"),
                });
                continue;
            }
            if path == from {
                continue;
            }
            let Some((value, note)) = convert(v, conv) else {
                steps.push(MigrateStep::Drop {
                    path: from,
                    reason: "the value cannot be converted".into(),
                });
                continue;
            };
            steps.push(MigrateStep::Move {
                from,
                to: path,
                value,
                note,
            });
        }
    }
    steps.push(MigrateStep::ApiVersion);
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1alpha1_edged_moves_into_the_kubelet_config() {
        let doc = Document::parse("apiVersion: edgecore.config.kubeedge.io/v1alpha1\nkind: EdgeCore\nmodules:\n  edged:\n    hostnameOverride: n1\n    clusterDNS: 10.96.0.10,10.96.0.11\n    nodeStatusUpdateFrequency: 10\n    runtimeType: docker\n    gpuPluginEnabled: false\n").unwrap();
        let steps = migrate_plan(&doc, 0, Release::new(23, None)).unwrap();
        assert!(steps.contains(&MigrateStep::Move {
            from: "modules.edged.clusterDNS".into(),
            to: format!("{TKC}.clusterDNS"),
            value: serde_json::json!(["10.96.0.10", "10.96.0.11"]),
            note: Some("a comma-separated string becomes a list".into()),
        }));
        let moved_freq = steps.iter().any(|s| matches!(s, MigrateStep::Move { to, value, .. } if to.ends_with("nodeStatusUpdateFrequency") && value.as_str() == Some("10s")));
        assert!(moved_freq, "{steps:?}");
        // runtimeType → containerRuntime, which 1.23 no longer has.
        assert!(steps.iter().any(
            |s| matches!(s, MigrateStep::Drop { path, .. } if path == "modules.edged.runtimeType")
        ));
        assert!(steps.iter().any(|s| matches!(s, MigrateStep::Drop { path, .. } if path == "modules.edged.gpuPluginEnabled")));
        let on_12 = migrate_plan(&doc, 0, Release::new(12, None)).unwrap();
        assert!(on_12.iter().any(
            |s| matches!(s, MigrateStep::Move { to, .. } if to == "modules.edged.containerRuntime")
        ));
    }
}
