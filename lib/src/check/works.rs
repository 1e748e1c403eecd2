//! "What works": for each capability users care about — `kubectl logs/exec`, `kubectl top`,
//! metaServer / EdgeMesh, cloudcore's own metrics — whether it works, is broken (by which
//! rules) or is unknown (an input is missing), per group of edge nodes.

use std::collections::{BTreeMap, HashSet};

use super::{CheckReport, System};

/// A capability's status across the edge nodes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Capability {
    /// `kubectl logs/exec`, `kubectl top`, `metaServer/EdgeMesh`, `edge node status`,
    /// `cloudcore metrics`.
    pub name: &'static str,
    /// Why it cannot be decided (an input is missing); then the lists below are empty.
    pub unknown: Option<String>,
    /// Nodes (edge config labels) where it works.
    pub works: Vec<String>,
    /// Nodes where it is broken, grouped by the rules that break it.
    pub broken: Vec<(Vec<String>, Vec<String>)>,
    /// Nodes where it may or may not work (what decides is not in the files), grouped by the
    /// rules that put it at risk.
    pub at_risk: Vec<(Vec<String>, Vec<String>)>,
    /// Nodes where it is not in use (metaServer off).
    pub not_used: Vec<String>,
}

/// The rules that break `kubectl logs/exec` on a node. The hub's port rules are not among them:
/// on a running KubeEdge (tests/system) logs and exec kept working through the stream tunnel
/// with edgeHub dialling a dead port; they put it at risk instead (a node that has no
/// certificate yet cannot get one, and cannot open the tunnel).
const LOGS: &[&str] = &[
    "stream-pairing",
    "stream-tunnel-port",
    "stream-forward-port",
    "stream-edged-endpoint",
    "stream-tunnel-certs",
    "hub-off",
    "hub-address",
    "node-certificate",
];
/// The rules that put `kubectl logs/exec` at risk (see [`LOGS`]).
const LOGS_AT_RISK: &[&str] = &["hub-port", "hub-service-target"];
const TOP: &[&str] = &["metrics-server"];
const META: &[&str] = &[
    "metaserver-dynamiccontroller",
    "require-authorization",
    "cluster-dns",
    "hub-port",
    "hub-address",
    "hub-service-target",
    "hub-off",
    "stream-tunnel-certs",
];
/// The rules that keep a node from reporting its status (NotReady, no new pods).
const NODE: &[&str] = &[
    "hub-port",
    "hub-address",
    "hub-service-target",
    "hub-off",
    "heartbeat-keepalive",
    "node-certificate",
    "stream-tunnel-certs",
];
/// A cloud-wide limit: which nodes connect first is not in the files.
const NODE_AT_RISK: &[&str] = &["node-limit"];

/// The capabilities of the system as the report's errors leave them.
pub fn what_works(system: &System, report: &CheckReport) -> Vec<Capability> {
    // Each error once, with the edge files it names; `None` when it names none (a cloud-side
    // finding breaks every node).
    let edge_files: HashSet<&str> = system.edges.iter().map(|e| e.file.as_str()).collect();
    let errors: Vec<(&str, Option<HashSet<&str>>)> = report
        .findings
        .iter()
        .filter(|f| f.severity == crate::model::Severity::Error)
        .map(|f| {
            let on_edges: HashSet<&str> = f
                .locations
                .iter()
                .map(|l| l.file.as_str())
                .filter(|file| edge_files.contains(file))
                .collect();
            (f.rule.as_str(), (!on_edges.is_empty()).then_some(on_edges))
        })
        .collect();
    // For a node (its edge config's file): the rules among `rules` that break it.
    let breaking = |file: &str, rules: &[&str]| -> Vec<String> {
        let mut out: Vec<String> = errors
            .iter()
            .filter(|(rule, _)| rules.contains(rule))
            .filter(|(_, on)| on.as_ref().is_none_or(|on| on.contains(file)))
            .map(|(rule, _)| (*rule).to_owned())
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let per_node = |name: &'static str,
                    rules: &[&str],
                    risky: &[&str],
                    unknown: Option<String>,
                    used: &dyn Fn(&super::Config) -> bool| {
        let mut c = Capability {
            name,
            unknown,
            works: vec![],
            broken: vec![],
            at_risk: vec![],
            not_used: vec![],
        };
        if c.unknown.is_some() {
            return c;
        }
        let mut groups: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        let mut risks: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        for e in &system.edges {
            if !used(e) {
                c.not_used.push(e.label());
                continue;
            }
            let b = breaking(&e.file, rules);
            let r = breaking(&e.file, risky);
            if !b.is_empty() {
                groups.entry(b).or_default().push(e.label());
            } else if !r.is_empty() {
                risks.entry(r).or_default().push(e.label());
            } else {
                c.works.push(e.label());
            }
        }
        c.broken = groups.into_iter().collect();
        c.at_risk = risks.into_iter().collect();
        c
    };
    let no_cloud = system
        .clouds
        .is_empty()
        .then(|| "no cloud configuration among the inputs".to_owned());
    let no_edges = system
        .edges
        .is_empty()
        .then(|| "no edge configuration among the inputs".to_owned());
    let logs_rules: Vec<&str> = LOGS.to_vec();
    let mut top_rules = logs_rules.clone();
    top_rules.extend_from_slice(TOP);
    let all = |_: &super::Config| true;
    let meta_on = |e: &super::Config| {
        e.config
            .get("modules.metaManager.metaServer.enable")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    };
    let mut out = vec![
        per_node(
            "kubectl logs/exec",
            &logs_rules,
            LOGS_AT_RISK,
            no_edges.clone().or(no_cloud.clone()),
            &all,
        ),
        per_node(
            "kubectl top",
            &top_rules,
            LOGS_AT_RISK,
            no_edges.clone().or(no_cloud.clone()).or_else(|| {
                system
                    .metrics_servers
                    .is_empty()
                    .then(|| "no metrics-server Deployment among the inputs".to_owned())
            }),
            &all,
        ),
        per_node(
            "metaServer/EdgeMesh",
            META,
            &[],
            no_edges.clone().or(no_cloud.clone()),
            &meta_on,
        ),
        per_node(
            "edge node status",
            NODE,
            NODE_AT_RISK,
            no_edges.or(no_cloud.clone()),
            &all,
        ),
    ];
    // cloudcore's own metrics: a cloud-side capability.
    let mut cloud = Capability {
        name: "cloudcore metrics",
        unknown: no_cloud,
        works: vec![],
        broken: vec![],
        at_risk: vec![],
        not_used: vec![],
    };
    if cloud.unknown.is_none() {
        let broken: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.rule == "cloud-metrics")
            .map(|f| f.rule.clone())
            .take(1)
            .collect();
        let label = "cloudcore".to_owned();
        if broken.is_empty() {
            cloud.works.push(label);
        } else {
            cloud.broken.push((broken, vec![label]));
        }
    }
    out.push(cloud);
    out
}
