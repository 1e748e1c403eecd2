//! "What works": for each capability users care about — `kubectl logs/exec`, `kubectl top`,
//! metaServer / EdgeMesh, the node's own connection, cloudcore's metrics — a verdict per group
//! of edge nodes: **works** (nothing on its path), **broken** (an error on its path, by which
//! rules), **at risk** (only warnings on its path: what decides is not in the files), or
//! **unknown** (an input the verdict needs is missing). Operators paste this table into
//! tickets, so it never says "works" next to a finding on the same path.
//!
//! A node whose edgecore would not start (a `validate` error KubeEdge exits on) or that never
//! connects (`hub-off`) is broken for everything. Each verdict was compared with a running
//! KubeEdge where the system tests can produce the condition (tests/system, `check_reality`).

use std::collections::BTreeMap;

use super::{CheckReport, System};
use crate::model::{RuleId, Severity};

/// A capability's status across the edge nodes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Capability {
    /// `kubectl logs/exec`, `kubectl top`, `metaServer/EdgeMesh`, `edge node status`,
    /// `cloudcore metrics`.
    pub name: &'static str,
    /// Why it cannot be decided for the nodes not listed below (an input is missing).
    pub unknown: Option<String>,
    /// Nodes (edge config labels) where it works.
    pub works: Vec<String>,
    /// Nodes where it is broken, grouped by the rules that break it.
    pub broken: Vec<(Vec<String>, Vec<String>)>,
    /// Nodes where it may or may not work (only warnings on its path), grouped by the rules
    /// that put it at risk.
    pub at_risk: Vec<(Vec<String>, Vec<String>)>,
    /// Nodes where it is not in use (metaServer off).
    pub not_used: Vec<String>,
}

use RuleId as R;

/// The rules on the path of `kubectl logs/exec`. The hub's port rules are only a risk there:
/// on a running KubeEdge (tests/system `hub-port`) logs and exec kept working through the
/// stream tunnel with edgeHub dialling a dead port (a node without its certificate yet cannot
/// get one, and cannot open the tunnel).
const LOGS: &[RuleId] = &[
    R::StreamPairing,
    R::StreamTunnelPort,
    R::StreamForwardPort,
    R::StreamEdgedEndpoint,
    R::StreamTunnelCerts,
    R::StreamTunnelCa,
    R::IptablesPlacement,
    R::HubService,
    R::HubAddress,
    R::NodeCertificate,
];
/// Rules whose errors only put logs/exec at risk (see [`LOGS`]).
const LOGS_RISK: &[RuleId] = &[R::HubPort, R::HubServiceTarget];
/// The rules on the path of `kubectl top` besides the stream's.
const TOP: &[RuleId] = &[R::MetricsServer, R::MetricsServerPlacement];
/// The rules on metaServer's path (it answers from the edge's cache and the cloud).
const META: &[RuleId] = &[
    R::MetaserverDynamiccontroller,
    R::EdgemeshMetaserver,
    R::RequireAuthorization,
    R::ClusterDns,
    R::HubPort,
    R::HubAddress,
    R::HubService,
    R::HubServiceTarget,
    R::StreamTunnelCerts,
];
/// The rules that keep a node from reporting its status (NotReady, no new pods).
const NODE: &[RuleId] = &[
    R::HubPort,
    R::HubAddress,
    R::HubService,
    R::HubServiceTarget,
    R::HeartbeatKeepalive,
    R::NodeCertificate,
    R::StreamTunnelCerts,
];
/// A cloud-wide limit: which nodes connect first is not in the files.
const NODE_RISK: &[RuleId] = &[R::NodeLimit];

/// `validate` errors on which edgecore refuses to start, exits or panics: such a node is broken
/// for everything (kecheck and the rules' evidence).
pub(super) const EXITS: &[RuleId] = &[
    R::WrongType,
    R::QuotedScalar,
    R::OutOfRange,
    R::BadDuration,
    R::InvalidEnum,
    R::UnquotedScalar,
    R::NullObject,
    R::LegacyLayout,
    R::FeatureGate,
    R::EdgehubTransport,
    R::NonNegative,
    R::NodeName,
    R::CgroupDriver,
    R::MqttMode,
    R::Kubelet,
    R::HttpScheme,
];

/// `validate` errors in a cloud configuration on which no edge node gets anywhere: cloudcore
/// exits or crashes (`advertise-address`), or serves no node (`hub-disabled`).
pub(super) const CLOUD_DOWN: &[RuleId] = &[R::AdvertiseAddress, R::HubDisabled];

/// `check` errors on which cloudcore refuses to start: every node is cut off.
const CLOUD_STOPS: &[RuleId] = &[R::StreamCerts];

/// Whether a `validate` finding means KubeEdge would not run with its file: an error
/// edgecore or cloudcore exits or crashes on ([`EXITS`]), or, for a cloud config, one that
/// leaves every node cut off ([`CLOUD_DOWN`]).
pub(super) fn stops(f: &crate::model::Finding, edge: bool) -> bool {
    f.severity == Severity::Error
        && (EXITS.contains(&f.rule) || (!edge && CLOUD_DOWN.contains(&f.rule)))
}

/// `validate` errors on which edgecore runs and reports, but edged never syncs a pod (from
/// 1.19 it waits for its own health check on localhost:<readOnlyPort>): they break the node's
/// status (new pods) too.
const NO_PODS: &[RuleId] = &[R::EdgedAddress, R::EdgedReadonlyPort];

/// One finding's part in the verdicts: its rule, severity, and the edge files it names
/// (`None`: it names none, so it is about every node).
struct Hit<'r> {
    rule: RuleId,
    severity: Severity,
    edges: Option<Vec<&'r str>>,
}

/// The capabilities of the system as the report's findings leave them.
pub fn what_works(system: &System, report: &CheckReport) -> Vec<Capability> {
    let edge_files: Vec<&str> = system.edges.iter().map(|e| e.file.as_str()).collect();
    let hits: Vec<Hit<'_>> = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| {
            let on: Vec<&str> = f
                .locations
                .iter()
                .map(|l| l.file.as_str())
                .filter(|file| edge_files.contains(file))
                .collect();
            Hit {
                rule: f.rule,
                severity: f.severity,
                edges: (!on.is_empty()).then_some(on),
            }
        })
        .collect();
    // Per node: what breaks it for everything (edgecore would not run, or never connects).
    let own_errors = |e: &super::Config, rules: &[RuleId]| -> Vec<String> {
        e.config
            .report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && rules.contains(&f.rule))
            .map(|f| f.rule.to_string())
            .collect()
    };
    // A cloud config cloudcore cannot run with cuts every node off.
    let cloud_down: Vec<String> = system
        .clouds
        .iter()
        .flat_map(|c| &c.config.report.findings)
        .filter(|f| stops(f, false))
        .map(|f| f.rule.to_string())
        .chain(
            hits.iter()
                .filter(|h| h.severity == Severity::Error && CLOUD_STOPS.contains(&h.rule))
                .map(|h| h.rule.to_string()),
        )
        .collect();
    let dead = |e: &super::Config| -> Vec<String> {
        let mut out = own_errors(e, EXITS);
        out.extend(cloud_down.iter().cloned());
        if hits.iter().any(|h| {
            h.rule == R::HubOff
                && h.edges
                    .as_ref()
                    .is_none_or(|on| on.contains(&e.file.as_str()))
        }) {
            out.push(R::HubOff.to_string());
        }
        out.sort();
        out.dedup();
        out
    };
    // The rules among `rules` with a finding of `severity` on node `file`.
    let on_node = |file: &str, rules: &[RuleId], severity: Option<Severity>| -> Vec<String> {
        let mut out: Vec<String> = hits
            .iter()
            .filter(|h| rules.contains(&h.rule))
            .filter(|h| severity.is_none_or(|s| h.severity == s))
            .filter(|h| h.edges.as_ref().is_none_or(|on| on.contains(&file)))
            .map(|h| h.rule.to_string())
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let no_cloud = system
        .clouds
        .is_empty()
        .then(|| "no cloud configuration among the inputs".to_owned());
    let no_edges = system
        .edges
        .is_empty()
        .then(|| "no edge configuration among the inputs".to_owned());
    let no_ms = system
        .metrics_servers
        .is_empty()
        .then(|| "no metrics-server Deployment among the inputs".to_owned());
    let per_node = |name: &'static str,
                    rules: &[RuleId],
                    risky: &[RuleId],
                    own: &[RuleId],
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
        let mut broken: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        let mut risks: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        for e in &system.edges {
            if !used(e) {
                c.not_used.push(e.label());
                continue;
            }
            let mut b = dead(e);
            b.extend(own_errors(e, own));
            b.extend(on_node(&e.file, rules, Some(Severity::Error)));
            b.sort();
            b.dedup();
            let mut r = on_node(&e.file, risky, None);
            r.extend(on_node(&e.file, rules, Some(Severity::Warning)));
            r.sort();
            r.dedup();
            if !b.is_empty() {
                broken.entry(b).or_default().push(e.label());
            } else if c.unknown.is_some() {
                // decided only where the files at hand already break it
            } else if !r.is_empty() {
                risks.entry(r).or_default().push(e.label());
            } else {
                c.works.push(e.label());
            }
        }
        c.broken = broken.into_iter().collect();
        c.at_risk = risks.into_iter().collect();
        c
    };
    let all = |_: &super::Config| true;
    // In use where it is on, and on every node when EdgeMesh's agent (a DaemonSet on every
    // edge node) is among the inputs.
    let meta_on = |e: &super::Config| {
        !system.edgemesh.is_empty()
            || e.config
                .get("modules.metaManager.metaServer.enable")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false)
    };
    let mut top_rules = LOGS.to_vec();
    top_rules.extend_from_slice(TOP);
    let mut out = vec![
        per_node(
            "kubectl logs/exec",
            LOGS,
            LOGS_RISK,
            &[],
            no_edges.clone().or(no_cloud.clone()),
            &all,
        ),
        per_node(
            "kubectl top",
            &top_rules,
            LOGS_RISK,
            &[],
            no_edges.clone().or(no_cloud.clone()).or(no_ms),
            &all,
        ),
        per_node(
            "metaServer/EdgeMesh",
            META,
            &[],
            &[],
            no_edges.clone().or(no_cloud.clone()),
            &meta_on,
        ),
        per_node(
            "edge node status",
            NODE,
            NODE_RISK,
            NO_PODS,
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
        let label = "cloudcore".to_owned();
        if system
            .clouds
            .iter()
            .all(|c| c.config.release.release.minor < 13)
        {
            cloud.not_used.push(label); // KubeEdge 1.12 has no monitorServer
        } else {
            // cloudcore's own endpoint (cloud-metrics is an info: loopback is KubeEdge's
            // default, but nothing else can scrape it), and its ServiceMonitor when one is
            // among the inputs (monitoring-selector)
            let cloudcore_monitors: Vec<crate::check::Place> = system
                .monitors
                .iter()
                .filter(|m| m.name.contains("cloudcore"))
                .map(|m| m.place("metadata.labels"))
                .collect();
            let on_path = |f: &&super::CheckFinding| {
                f.rule == R::CloudMetrics
                    || (f.rule == R::MonitoringSelector
                        && f.locations
                            .first()
                            .is_some_and(|l| cloudcore_monitors.contains(l)))
            };
            let with = |warning: bool| -> Vec<String> {
                let mut v: Vec<String> = report
                    .findings
                    .iter()
                    .filter(on_path)
                    .filter(|f| (f.severity == Severity::Warning) == warning)
                    .map(|f| f.rule.to_string())
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            let (mut broken, risky) = (with(false), with(true));
            broken.extend(cloud_down.iter().cloned());
            broken.sort();
            broken.dedup();
            if !broken.is_empty() {
                cloud.broken.push((broken, vec![label]));
            } else if !risky.is_empty() {
                cloud.at_risk.push((risky, vec![label]));
            } else {
                cloud.works.push(label);
            }
        }
    }
    out.push(cloud);
    out
}
