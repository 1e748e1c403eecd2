//! The monitoring stack around KubeEdge (Prometheus Operator): a ServiceMonitor, PodMonitor,
//! Probe or ScrapeConfig that no Prometheus among the inputs selects is never scraped, and no
//! one is told. The observability profile labels its cloudcore ServiceMonitor
//! `release: <prometheusRelease>`; left at its default beside a release of another name, that
//! is exactly this.
//!
//! The operator's semantics (Prometheus CRD, `monitoring.coreos.com/v1`): a selector that is
//! absent (null) selects nothing, an empty one everything; a namespace selector that is absent
//! means the Prometheus's own namespace, an empty one every namespace. Namespace labels are not
//! among the inputs, so a namespace selector other than those (or one naming
//! `kubernetes.io/metadata.name`) leaves the verdict open: a warning.

use serde_json::Value as J;

use super::{Hit, Hits};
use crate::check::inputs::{Object, System};
use crate::model::{RuleId, Severity};

/// (monitor kind, the Prometheus field selecting it, its namespace selector field).
const SELECTORS: &[(&str, &str, &str)] = &[
    (
        "ServiceMonitor",
        "serviceMonitorSelector",
        "serviceMonitorNamespaceSelector",
    ),
    (
        "PodMonitor",
        "podMonitorSelector",
        "podMonitorNamespaceSelector",
    ),
    ("Probe", "probeSelector", "probeNamespaceSelector"),
    (
        "ScrapeConfig",
        "scrapeConfigSelector",
        "scrapeConfigNamespaceSelector",
    ),
];

/// Whether a Kubernetes label selector matches `labels`; `None` for a selector it cannot
/// evaluate (an unknown operator).
pub(super) fn selects(selector: &J, labels: &serde_json::Map<String, J>) -> Option<bool> {
    let get = |k: &str| labels.get(k).and_then(J::as_str);
    if let Some(m) = selector.get("matchLabels").and_then(J::as_object) {
        for (k, v) in m {
            if get(k) != v.as_str() {
                return Some(false);
            }
        }
    }
    for e in selector
        .get("matchExpressions")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
    {
        let key = e.get("key").and_then(J::as_str).unwrap_or("");
        let values: Vec<&str> = e
            .get("values")
            .and_then(J::as_array)
            .into_iter()
            .flatten()
            .filter_map(J::as_str)
            .collect();
        let ok = match e.get("operator").and_then(J::as_str)? {
            "In" => get(key).is_some_and(|v| values.contains(&v)),
            "NotIn" => get(key).is_none_or(|v| !values.contains(&v)),
            "Exists" => get(key).is_some(),
            "DoesNotExist" => get(key).is_none(),
            _ => return None,
        };
        if !ok {
            return Some(false);
        }
    }
    Some(true)
}

fn namespace(o: &Object) -> Option<&str> {
    o.get("metadata.namespace").and_then(J::as_str)
}

/// Whether Prometheus `p` watches the namespace of monitor `m` (`None`: cannot be told).
fn watches(p: &Object, field: &str, m: &Object) -> Option<bool> {
    match p.get(&format!("spec.{field}")) {
        None | Some(J::Null) => match (namespace(p), namespace(m)) {
            (Some(a), Some(b)) => Some(a == b),
            // a render without namespaces: both land in the release's namespace
            (None, None) => Some(true),
            _ => None,
        },
        Some(sel) if sel.as_object().is_some_and(|o| o.is_empty()) => Some(true),
        Some(sel) => {
            let ns = namespace(m)?;
            let mut labels = serde_json::Map::new();
            labels.insert("kubernetes.io/metadata.name".into(), J::from(ns));
            // only the name label is known; a selector on other labels cannot be told
            let only_name = sel
                .get("matchLabels")
                .and_then(J::as_object)
                .is_none_or(|m| m.keys().all(|k| k == "kubernetes.io/metadata.name"))
                && sel
                    .get("matchExpressions")
                    .and_then(J::as_array)
                    .is_none_or(|a| a.iter().all(|e| e["key"] == "kubernetes.io/metadata.name"));
            if only_name {
                selects(sel, &labels)
            } else {
                None
            }
        }
    }
}

/// `monitoring-selector`: every monitor among the inputs is selected by a Prometheus among the
/// inputs (nothing is said when there is no Prometheus).
pub(super) fn selectors(system: &System, hits: &mut Hits) {
    if system.prometheuses.is_empty() {
        return;
    }
    let empty = serde_json::Map::new();
    for m in &system.monitors {
        let Some((_, field, ns_field)) = SELECTORS.iter().find(|(k, _, _)| *k == m.kind) else {
            continue;
        };
        let labels = m
            .get("metadata.labels")
            .and_then(J::as_object)
            .unwrap_or(&empty);
        // per Prometheus: Some(true) selected, Some(false) not, None cannot tell
        let verdicts: Vec<(String, Option<bool>)> = system
            .prometheuses
            .iter()
            .map(|p| {
                let by_labels = match p.get(&format!("spec.{field}")) {
                    None | Some(J::Null) => Some(false),
                    Some(sel) => selects(sel, labels),
                };
                let v = match by_labels {
                    Some(false) => Some(false),
                    l => match (l, watches(p, ns_field, m)) {
                        (_, Some(false)) => Some(false),
                        (Some(true), Some(true)) => Some(true),
                        _ => None,
                    },
                };
                (p.name.clone(), v)
            })
            .collect();
        if verdicts.iter().any(|(_, v)| *v == Some(true)) {
            continue;
        }
        let open = verdicts.iter().any(|(_, v)| v.is_none());
        let names: Vec<String> = verdicts.iter().map(|(n, _)| n.clone()).collect();
        let shown: Vec<String> = system
            .prometheuses
            .iter()
            .map(|p| {
                format!(
                    "{} selects {}",
                    p.name,
                    p.get(&format!("spec.{field}"))
                        .map_or("nothing (no selector)".to_owned(), |s| s.to_string())
                )
            })
            .collect();
        let mut locations = vec![m.place("metadata.labels")];
        locations.extend(
            system
                .prometheuses
                .iter()
                .map(|p| p.place(&format!("spec.{field}"))),
        );
        hits.push(Hit {
            rule: RuleId::MonitoringSelector,
            severity: open.then_some(Severity::Warning),
            message: format!(
                "{} {} ({}) is {} by {} ({})",
                m.kind,
                m.name,
                if labels.is_empty() {
                    "no labels".to_owned()
                } else {
                    J::Object(labels.clone()).to_string()
                },
                if open {
                    "perhaps not selected (a namespace selector on labels not among the inputs)"
                } else {
                    "not selected"
                },
                if names.len() == 1 {
                    format!("Prometheus {}", names[0])
                } else {
                    format!("any of the Prometheuses {}", names.join(", "))
                },
                shown.join("; ")
            ),
            symptom: format!(
                "its targets never appear in Prometheus (no error anywhere){}",
                if m.name.contains("cloudcore") {
                    ": no KubeEdge_CloudHub_* metrics, cloudcore dashboards empty"
                } else {
                    ""
                }
            ),
            fix: if m.name.contains("cloudcore") {
                "edgecfg post-render -p observability --param prometheusRelease=<the kube-prometheus-stack release> (its Prometheus selects release=<name>), or label the monitor to match the selector".into()
            } else {
                "label the monitor to match the Prometheus's selector (kube-prometheus-stack: release=<release name>), or widen the selector".into()
            },
            locations,
            node: None,
        });
    }
}

/// `monitoring-placement`: a Prometheus (or Alertmanager) resource that can be scheduled on an
/// edge node: it must run where the cluster network and the tunnel-port DNAT are.
pub(super) fn placement(system: &System, hits: &mut Hits) {
    if system.edges.is_empty() && system.nodes.is_empty() {
        return; // nothing says this cluster has edge nodes
    }
    for p in &system.prometheuses {
        let kept_off = p.get("spec").is_some_and(super::kept_off_edge_nodes);
        if !kept_off {
            hits.push(Hit {
                rule: RuleId::MonitoringPlacement,
                severity: None,
                message: format!("Prometheus {} can be scheduled on an edge node (no affinity or nodeSelector keeps it on cloud nodes)", p.name),
                symptom: "on an edge node Prometheus has no cluster network and no TUNNEL-PORT DNAT: scrapes of the edge nodes through the tunnel and of cloud targets fail".into(),
                fix: "helm … --post-renderer edgecfg with -p edge-monitoring (it keeps the monitoring stack off edge nodes), or set prometheus.prometheusSpec.affinity".into(),
                locations: vec![p.place("spec")],
                node: None,
            });
        }
    }
    // The rest of the stack's cloud side: pod specs at spec.template.spec, an Alertmanager's
    // at spec.
    for w in &system.monitoring_workloads {
        let at = if w.kind == "Alertmanager" {
            "spec"
        } else {
            "spec.template.spec"
        };
        if w.get(at).is_some_and(super::kept_off_edge_nodes) {
            continue;
        }
        hits.push(Hit {
            rule: RuleId::MonitoringPlacement,
            severity: None,
            message: format!("{} {} can be scheduled on an edge node (no affinity or nodeSelector keeps it on cloud nodes)", w.kind, w.name),
            symptom: "on an edge node it depends on the cloud link and edge networking: dashboards, alerts or cluster metrics stop when the node loses the cloud".into(),
            fix: "helm … --post-renderer edgecfg with -p edge-monitoring (it keeps the monitoring stack off edge nodes), or give it a node-role.kubernetes.io/edge DoesNotExist node affinity".into(),
            locations: vec![w.place(at)],
            node: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_selectors_as_kubernetes_reads_them() {
        let l = json!({"release": "kps", "app": "x"});
        let l = l.as_object().unwrap();
        assert_eq!(selects(&json!({}), l), Some(true));
        assert_eq!(
            selects(&json!({"matchLabels": {"release": "kps"}}), l),
            Some(true)
        );
        assert_eq!(
            selects(
                &json!({"matchLabels": {"release": "kube-prometheus-stack"}}),
                l
            ),
            Some(false)
        );
        let e = |op: &str, v: J| json!({"matchExpressions": [{"key": "release", "operator": op, "values": v}]});
        assert_eq!(selects(&e("In", json!(["a", "kps"])), l), Some(true));
        assert_eq!(selects(&e("NotIn", json!(["kps"])), l), Some(false));
        assert_eq!(selects(&e("Exists", json!([])), l), Some(true));
        assert_eq!(selects(&e("DoesNotExist", json!([])), l), Some(false));
        assert_eq!(selects(&e("Gt", json!(["1"])), l), None);
    }
}
