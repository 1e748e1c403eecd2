//! The cross-file rules. Each edge configuration is checked against each cloud configuration
//! and the objects that expose cloudcore (its Service, Deployment, iptables-manager), and the
//! metrics-server Deployments against both; hits with the same rule, message and fix are one
//! finding with every location.

use std::collections::HashMap;

use serde_json::Value as J;

mod edgemesh;
mod exposure;
mod fleet;
mod monitoring;
mod network;
mod pod_files;

use super::CheckFinding;
use super::inputs::{Config, Place, System};
use crate::model::{RuleId, Severity, split_host_port};
use exposure::exposure;

/// Collects hits and groups the ones that repeat.
#[derive(Default)]
pub(super) struct Hits {
    order: Vec<(RuleId, String, String)>,
    groups: HashMap<(RuleId, String, String), Group>,
}

struct Group {
    pub(super) severity: Severity,
    pub(super) symptom: String,
    pub(super) locations: Vec<Place>,
    nodes: Vec<String>,
}

/// One hit: `symptom` may contain `{nodes}`, replaced by the node names of the group.
pub(super) struct Hit {
    pub(super) rule: RuleId,
    pub(super) severity: Option<Severity>,
    pub(super) message: String,
    pub(super) symptom: String,
    pub(super) fix: String,
    pub(super) locations: Vec<Place>,
    pub(super) node: Option<String>,
}

impl Hits {
    pub(super) fn push(&mut self, h: Hit) {
        let key = (h.rule, h.message, h.fix);
        let severity = h.severity.unwrap_or_else(|| h.rule.default_severity());
        let g = self.groups.entry(key.clone()).or_insert_with(|| {
            self.order.push(key);
            Group {
                severity,
                symptom: h.symptom,
                locations: Vec::new(),
                nodes: Vec::new(),
            }
        });
        for l in h.locations {
            if !g.locations.contains(&l) {
                g.locations.push(l);
            }
        }
        if let Some(n) = h.node
            && !g.nodes.contains(&n)
        {
            g.nodes.push(n);
        }
    }

    fn finish(mut self) -> Vec<CheckFinding> {
        self.order
            .into_iter()
            .map(|key| {
                let g = self.groups.remove(&key).expect("grouped");
                let nodes = match g.nodes.len() {
                    0 => "the edge nodes".to_owned(),
                    1 => g.nodes[0].clone(),
                    2..=3 => g.nodes.join(", "),
                    n => format!("{}, … ({n} nodes)", g.nodes[..3].join(", ")),
                };
                let (rule, message, fix) = key;
                let message = match g.nodes.len() {
                    0 | 1 => message,
                    n => format!("{n} edge configs: {message}"),
                };
                CheckFinding {
                    rule,
                    severity: g.severity,
                    message,
                    symptom: g.symptom.replace("{nodes}", &nodes),
                    fix,
                    locations: g.locations,
                }
            })
            .collect()
    }
}

pub(super) fn b(c: &Config, path: &str, default: bool) -> bool {
    c.config.get(path).and_then(J::as_bool).unwrap_or(default)
}

pub(super) fn int(c: &Config, path: &str) -> Option<i64> {
    match c.config.get(path)? {
        J::Number(n) => n.as_i64(),
        J::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn string<'a>(c: &'a Config, path: &str) -> Option<&'a str> {
    c.config
        .get(path)
        .and_then(J::as_str)
        .filter(|s| !s.is_empty())
}

pub(super) fn host_port(s: &str) -> Option<(String, u32)> {
    let s = s
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("wss://")
        .trim_end_matches('/');
    let s = s.split('/').next().unwrap_or(s);
    split_host_port(s).map(|(h, p)| (h.to_owned(), p))
}

/// Whether a pod spec keeps its pods off edge nodes: a `node-role.kubernetes.io/edge
/// DoesNotExist` node-affinity expression, or a nodeSelector on another node role (edge nodes
/// carry `node-role.kubernetes.io/edge` and `…/agent`).
pub(super) fn kept_off_edge_nodes(spec: &J) -> bool {
    let affinity = spec.get("affinity").map(J::to_string).unwrap_or_default();
    (affinity.contains("node-role.kubernetes.io/edge") && affinity.contains("DoesNotExist"))
        || spec
            .get("nodeSelector")
            .and_then(J::as_object)
            .is_some_and(|s| {
                s.keys().any(|k| {
                    k.starts_with("node-role.kubernetes.io/")
                        && k != "node-role.kubernetes.io/edge"
                        && k != "node-role.kubernetes.io/agent"
                })
            })
}

/// Whether a pod spec tolerates the control-plane taints (`node-role.kubernetes.io/
/// control-plane` or `…/master`, or every taint).
pub(super) fn tolerates_control_plane(spec: &J) -> bool {
    spec.get("tolerations")
        .and_then(J::as_array)
        .is_some_and(|t| {
            t.iter().any(|t| {
                let key = t.get("key").and_then(J::as_str);
                (key.is_none() && t.get("operator").and_then(J::as_str) == Some("Exists"))
                    || key.is_some_and(|k| {
                        k == "node-role.kubernetes.io/control-plane"
                            || k == "node-role.kubernetes.io/master"
                    })
            })
        })
}

/// Runs every rule.
pub(super) fn run(system: &System) -> Vec<CheckFinding> {
    let mut hits = Hits::default();
    inputs(system, &mut hits);
    if system.clouds.is_empty() {
        network::edges_alone(system, &mut hits);
    }
    for cloud in &system.clouds {
        let e = exposure(system, cloud);
        network::hub(system, cloud, &e, &mut hits);
        network::streams(system, cloud, &e, &mut hits);
        network::iptables_placement(system, cloud, &e, &mut hits);
        network::tunnel_ca(cloud, &mut hits);
        pod_files::stream_certs(system, cloud, &mut hits);
        fleet::meta(system, cloud, &mut hits);
        fleet::heartbeat(system, cloud, &mut hits);
        fleet::node_limit(system, cloud, &e, &mut hits);
        fleet::tasks(system, cloud, &mut hits);
        fleet::cloud_metrics(cloud, &mut hits);
        fleet::edge_vs_cloud_release(system, cloud, &mut hits);
    }
    for c in system.clouds.iter().chain(&system.edges) {
        fleet::feature_gates(c, &mut hits);
    }
    network::edged_endpoint(system, &mut hits);
    network::metrics_server(system, &mut hits);
    fleet::cluster_dns(system, &mut hits);
    edgemesh::metaserver(system, &mut hits);
    fleet::nodes(system, &mut hits);
    fleet::certificates(system, &mut hits);
    monitoring::selectors(system, &mut hits);
    monitoring::placement(system, &mut hits);
    hits.finish()
}

fn inputs(system: &System, hits: &mut Hits) {
    // A file that could not be read: whatever it holds is in no verdict.
    for i in &system.inputs {
        let Some(e) = &i.error else { continue };
        hits.push(Hit {
            rule: RuleId::Input,
            severity: Some(Severity::Error),
            message: format!("{} could not be read, so nothing in it was checked: {}", i.file, e.message),
            symptom: "the verdicts leave it out: a node or cloud config in it is in no \"what works\" row".into(),
            fix: format!("edgecfg validate {} shows where it breaks; fix it and check again", i.file),
            locations: vec![crate::check::Place {
                file: i.file.clone(),
                line: e.line.max(1),
                column: e.column.max(1),
            }],
            node: None,
        });
    }
    // A file KubeEdge would not run with: the cross-file verdicts about it assume it would.
    for c in system.clouds.iter().chain(&system.edges) {
        let edge = system.edges.iter().any(|e| e.file == c.file);
        let stops: Vec<&crate::model::Finding> = c
            .config
            .report
            .findings
            .iter()
            // an edge with edgeHub off is `hub-off`'s (CLOUD_DOWN is the cloud's only),
            // feature gates are `feature-gates`'
            .filter(|f| f.rule != RuleId::FeatureGate && super::works::stops(f, edge))
            .collect();
        let Some(first) = stops.first() else {
            continue;
        };
        let mut rules: Vec<String> = stops.iter().map(|f| f.rule.to_string()).collect();
        rules.dedup();
        hits.push(Hit {
            rule: RuleId::Input,
            severity: Some(Severity::Error),
            message: format!(
                "{} would not run with this file ({}): {}",
                if edge { "edgecore" } else { "cloudcore" },
                rules.join(", "),
                first.message
            ),
            symptom: if edge {
                "{nodes}: edgecore exits at start (or never gets as far as the cloud)".into()
            } else {
                "cloudcore exits, crashes or serves no edge node: every edge node is cut off".into()
            },
            fix: format!("edgecfg validate {} (or check --all)", c.file),
            locations: vec![crate::check::Place {
                file: c.file.clone(),
                line: first.location.line,
                column: first.location.column,
            }],
            node: edge.then(|| c.label()),
        });
    }
    if system.clouds.is_empty() && !system.edges.is_empty() {
        hits.push(Hit {
            rule: RuleId::Input,
            severity: None,
            message: format!(
                "no cloud configuration among the inputs: the cloud side of the rules was not checked for {} edge config{}",
                system.edges.len(),
                if system.edges.len() == 1 { "" } else { "s" }
            ),
            symptom: String::new(),
            fix: "add cloudcore.yaml, the cloudcore ConfigMap, or the chart render (`helm get manifest cloudcore -n kubeedge > cloud.yaml`)".into(),
            locations: system.edges.iter().take(1).map(|e| e.place("")).collect(),
            node: None,
        });
    }
    if system.clouds.len() > 1 {
        hits.push(Hit {
            rule: RuleId::Input,
            severity: None,
            message: format!(
                "{} cloud configurations: every edge config is checked against each",
                system.clouds.len()
            ),
            symptom: String::new(),
            fix: "give one cloud configuration per check (the ConfigMap or chart render the cluster runs)".into(),
            locations: system.clouds.iter().map(|c| c.place("")).collect(),
            node: None,
        });
    }
}
