//! Rules between the sides that are not about the network: metaServer (C10), DNS (C11),
//! heartbeat (C12), nodeLimit (C13), node tasks (C14), feature gates (C15), node names and
//! releases against the inventory (C4 in part, C17).

use std::collections::{BTreeMap, HashMap};

use serde_json::Value as J;

use super::exposure::Exposure;
use super::{Hit, Hits, b, int, string};
use crate::check::inputs::{Config, ConfigSource, System};
use crate::model::{RuleId, Severity};

pub(super) fn meta(system: &System, cloud: &Config, hits: &mut Hits) {
    let dynamic = b(cloud, "modules.dynamicController.enable", false);
    let cloud_auth = b(cloud, "featureGates.requireAuthorization", false);
    for edge in &system.edges {
        if !b(edge, "modules.metaManager.metaServer.enable", false) {
            continue;
        }
        let node = edge.label();
        if !dynamic {
            hits.push(Hit {
                rule: RuleId::MetaserverDynamiccontroller,
                severity: None,
                message: "metaServer is on at the edge, but the cloud's dynamicController is off".into(),
                symptom: "list/watch through metaServer on {nodes} (EdgeMesh, in-cluster clients) times out: \"failed to access cloud Application center: timeout to get response\"".into(),
                fix: "edgecfg apply -p edgemesh CLOUDCORE EDGE (turns dynamicController on in the cloud)".into(),
                locations: vec![edge.place("modules.metaManager.metaServer.enable"), cloud.place("modules.dynamicController.enable")],
                node: Some(node.clone()),
            });
        }
        let edge_auth = b(edge, "featureGates.requireAuthorization", false);
        // Per direction (cc-server.go:119-122, metaserver/certificate/manager.go:110-117,
        // metaserver/server.go:185-194@v1.23.1): edge on, cloud off, the edge waits for a
        // serving certificate only cloudcore's approver signs and panics (1.17 and later);
        // edge off, cloud on, the metaServer serves plain HTTP, which HTTP clients use.
        if edge_auth && !cloud_auth {
            hits.push(Hit {
                rule: RuleId::RequireAuthorization,
                severity: None,
                message: "featureGates.requireAuthorization is on at the edge and off in the cloud: the edge's metaServer waits for a serving certificate that only cloudcore's approver (on with the gate) signs".into(),
                symptom: "edgecore on {nodes} panics about 4 minutes after start (the metaServer certificate request times out), again at every restart".into(),
                fix: "turn the edge gate off (edgecfg set EDGE featureGates.requireAuthorization=false), or turn it on in the cloud too (then the metaServer is HTTPS-only: move its clients, EdgeMesh included, to HTTPS)".into(),
                locations: vec![edge.place("featureGates.requireAuthorization"), cloud.place("featureGates.requireAuthorization")],
                node: Some(node.clone()),
            });
        } else if cloud_auth && !edge_auth {
            hits.push(Hit {
                rule: RuleId::RequireAuthorization,
                severity: Some(Severity::Warning),
                message: "featureGates.requireAuthorization is on in the cloud and off at the edge: the edge's metaServer serves plain HTTP without authorization".into(),
                symptom: "HTTP clients of metaServer on {nodes} (EdgeMesh's default) work; HTTPS / in-cluster-config clients are refused".into(),
                fix: "leave it if the clients use HTTP; for authorization, turn the edge gate on too and move the clients to HTTPS (metaServer.security)".into(),
                locations: vec![edge.place("featureGates.requireAuthorization"), cloud.place("featureGates.requireAuthorization")],
                node: Some(node.clone()),
            });
        }
    }
}

pub(super) fn heartbeat(system: &System, cloud: &Config, hits: &mut Hits) {
    let keepalive = int(cloud, "modules.cloudHub.keepaliveInterval").unwrap_or(30);
    for edge in &system.edges {
        let Some(hb) = int(edge, "modules.edgeHub.heartbeat") else {
            continue;
        };
        let severity = if hb >= keepalive {
            Severity::Error
        } else if hb * 2 > keepalive {
            Severity::Warning
        } else {
            continue;
        };
        hits.push(Hit {
            rule: RuleId::HeartbeatKeepalive,
            severity: Some(severity),
            message: format!("edgeHub.heartbeat is {hb} s, cloudHub.keepaliveInterval {keepalive} s: the heartbeat must be well below it"),
            symptom: "cloudcore: \"timeout to receive keepalive for node\" — the session of {nodes} is dropped and the node flaps".into(),
            fix: format!("edgecfg set EDGE modules.edgeHub.heartbeat={} (or raise the cloud's keepaliveInterval)", (keepalive / 2).max(1)),
            locations: vec![edge.place("modules.edgeHub.heartbeat"), cloud.place("modules.cloudHub.keepaliveInterval")],
            node: Some(edge.label()),
        });
    }
}

pub(super) fn node_limit(system: &System, cloud: &Config, e: &Exposure, hits: &mut Hits) {
    let Some(limit) = int(cloud, "modules.cloudHub.nodeLimit") else {
        return;
    };
    let replicas = e.replicas.as_ref().map_or(1, |(r, _)| (*r).max(1));
    let inventory_edges = system.nodes.iter().filter(|n| n.edge).count();
    let nodes = system.edges.len().max(inventory_edges) as i64;
    if nodes > limit * replicas {
        let mut locations = vec![cloud.place("modules.cloudHub.nodeLimit")];
        if let Some((_, p)) = &e.replicas {
            locations.push(p.clone());
        }
        hits.push(Hit {
            rule: RuleId::NodeLimit,
            severity: None,
            message: format!("{nodes} edge nodes, but cloudHub.nodeLimit {limit} × {replicas} cloudcore replica{} admits {}", if replicas == 1 { "" } else { "s" }, limit * replicas),
            symptom: "the nodes over the limit keep reconnecting and stay NotReady; only cloudcore's log says \"reach node limit\"".into(),
            fix: format!("edgecfg set CLOUDCORE modules.cloudHub.nodeLimit={} (or add cloudcore replicas)", (nodes + replicas - 1) / replicas),
            locations,
            node: None,
        });
    }
}

pub(super) fn tasks(system: &System, cloud: &Config, hits: &mut Hits) {
    let cloud_on = b(cloud, "modules.taskManager.enable", false);
    // The v1alpha2 job controllers moved to the controller-manager in 1.21; at 1.20 they are in
    // cloudcore's taskManager (cloud/pkg/taskmanager@v1.20.0).
    if let Some(v) = system.chart_values.iter().find(|v| v.file == cloud.file)
        && cloud_on
        && cloud.config.release.release.minor >= 21
        && !v
            .get("controllerManager.enable")
            .and_then(J::as_bool)
            .unwrap_or(false)
    {
        hits.push(Hit {
            rule: RuleId::TaskManager,
            severity: None,
            message: "taskManager is on in cloudcore, but the chart's controllerManager is off"
                .into(),
            symptom: "ConfigUpdateJob / NodeUpgradeJob / ImagePrePullJob stay in Init".into(),
            fix: "helm upgrade … --set controllerManager.enable=true".into(),
            locations: vec![
                v.place("controllerManager.enable"),
                cloud.place("modules.taskManager.enable"),
            ],
            node: None,
        });
    }
    for edge in &system.edges {
        // The edge taskManager module exists from KubeEdge 1.21.
        if edge.config.release.release.minor < 21 {
            continue;
        }
        let edge_on = b(edge, "modules.taskManager.enable", false);
        if cloud_on && !edge_on {
            hits.push(Hit {
                rule: RuleId::TaskManager,
                severity: None,
                message: "taskManager is on in the cloud and off at the edge".into(),
                symptom: "node tasks (ConfigUpdateJob, NodeUpgradeJob, ImagePrePullJob) for {nodes} stay InProgress".into(),
                fix: "edgecfg set EDGE modules.taskManager.enable=true".into(),
                locations: vec![edge.place("modules.taskManager.enable")],
                node: Some(edge.label()),
            });
        }
    }
}

pub(super) fn feature_gates(c: &Config, hits: &mut Hits) {
    let Some(J::Object(gates)) = c.config.set.get("featureGates") else {
        return;
    };
    let release = c.config.release.release;
    let Some(known) = crate::model::releases::feature_gates(release.minor) else {
        return;
    };
    for name in gates.keys() {
        if !known.contains(&name.as_str()) {
            let side = if c.config.kind == crate::model::ConfigKind::CloudCore {
                "cloudcore"
            } else {
                "edgecore"
            };
            hits.push(Hit {
                rule: RuleId::FeatureGates,
                severity: None,
                message: format!("feature gate `{name}` is unknown to KubeEdge {release} ({side})"),
                symptom: format!(
                    "{side} {release} exits at start: \"unrecognized feature gate: {name}\""
                ),
                fix: format!(
                    "edgecfg unset FILE featureGates.{name} (the gates of {release}: {})",
                    known.join(", ")
                ),
                locations: vec![c.place(&format!("featureGates.{name}"))],
                node: (c.config.kind == crate::model::ConfigKind::EdgeCore).then(|| c.label()),
            });
        }
    }
}

pub(super) fn edge_vs_cloud_release(system: &System, cloud: &Config, hits: &mut Hits) {
    if cloud.source == ConfigSource::ChartValues {
        return;
    }
    let cr = cloud.config.release.release;
    for edge in &system.edges {
        let er = edge.config.release.release;
        if er.minor > cr.minor
            && matches!(
                edge.config.release.source,
                crate::model::ReleaseSource::EdgecoreVersion { .. }
                    | crate::model::ReleaseSource::Given
            )
        {
            hits.push(Hit {
                rule: RuleId::NodeRelease,
                severity: Some(Severity::Warning),
                message: format!("the edge runs KubeEdge {er}, newer than the cloud's {cr}"),
                symptom: "KubeEdge supports edges at or behind the cloud's release; newer edges may use messages the cloud does not handle".into(),
                fix: "upgrade cloudcore first".into(),
                locations: vec![edge.place("modules.edged"), cloud.place("")],
                node: Some(edge.label()),
            });
        }
    }
}

pub(super) fn cluster_dns(system: &System, hits: &mut Hits) {
    let tkc = "modules.edged.tailoredKubeletConfig";
    let mut domains: BTreeMap<String, Vec<&Config>> = BTreeMap::new();
    for edge in &system.edges {
        if let Some(d) = string(edge, &format!("{tkc}.clusterDomain")) {
            domains.entry(d.to_owned()).or_default().push(edge);
        }
        let meta = b(edge, "modules.metaManager.metaServer.enable", false);
        let dns_empty = edge
            .config
            .get(&format!("{tkc}.clusterDNS"))
            .is_none_or(|v| {
                v.as_array().is_none_or(|a| a.is_empty()) && v.as_str().is_none_or(str::is_empty)
            });
        if meta && dns_empty {
            hits.push(Hit {
                rule: RuleId::ClusterDns,
                severity: None,
                message: "metaServer is on (EdgeMesh) but clusterDNS is empty: pods get the host's resolver".into(),
                symptom: "pods on {nodes} cannot resolve Service names".into(),
                fix: "edgecfg apply -p edgemesh EDGE (adds EdgeMesh's DNS 169.254.96.16)".into(),
                locations: vec![edge.place(&format!("{tkc}.clusterDNS"))],
                node: Some(edge.label()),
            });
        }
    }
    if domains.len() > 1 {
        let common = domains
            .iter()
            .max_by_key(|(_, v)| v.len())
            .map(|(d, _)| d.clone())
            .unwrap_or_default();
        for (d, edges) in &domains {
            if *d == common {
                continue;
            }
            for edge in edges {
                hits.push(Hit {
                    rule: RuleId::ClusterDns,
                    severity: None,
                    message: format!("clusterDomain is `{d}`; most edge configs say `{common}`"),
                    symptom: "pods on {nodes} resolve Service names under the wrong domain".into(),
                    fix: format!("edgecfg set EDGE {tkc}.clusterDomain={common}"),
                    locations: vec![edge.place(&format!("{tkc}.clusterDomain"))],
                    node: Some(edge.label()),
                });
            }
        }
    }
}

pub(super) fn nodes(system: &System, hits: &mut Hits) {
    let mut by_name: BTreeMap<&str, Vec<&Config>> = BTreeMap::new();
    for edge in &system.edges {
        if let Some(n) = edge.node_name() {
            by_name.entry(n).or_default().push(edge);
        }
    }
    for (name, edges) in &by_name {
        if edges.len() > 1 {
            hits.push(Hit {
                rule: RuleId::NodeIdentity,
                severity: None,
                message: format!("{} edge configs name the node `{name}`", edges.len()),
                symptom: "the second node to join is refused (keadm: the node name exists), or the two fight over one Node object and its certificate (CN system:node:NAME)".into(),
                fix: "give each node its own modules.edged.hostnameOverride".into(),
                locations: edges.iter().map(|e| e.place("modules.edged.hostnameOverride")).collect(),
                node: None,
            });
        }
    }
    if system.nodes.is_empty() {
        return;
    }
    let inventory: HashMap<&str, &crate::check::NodeInfo> =
        system.nodes.iter().map(|n| (n.name.as_str(), n)).collect();
    for edge in &system.edges {
        let Some(name) = edge.node_name() else {
            continue;
        };
        let Some(node) = inventory.get(name) else {
            hits.push(Hit {
                rule: RuleId::NodeIdentity,
                severity: Some(Severity::Warning),
                message: "the edge config's node is not in the node inventory".into(),
                symptom: "{nodes}: not registered (never joined, or renamed — a renamed node needs a new certificate: \"certificate CN system:node:OLD does not match\")".into(),
                fix: "check modules.edged.hostnameOverride against `kubectl get nodes`".into(),
                locations: vec![edge.place("modules.edged.hostnameOverride")],
                node: Some(name.to_owned()),
            });
            continue;
        };
        if let (Some(ip), Some(iip)) = (
            string(edge, "modules.edged.nodeIP"),
            node.internal_ip.as_deref(),
        ) && ip != iip
        {
            hits.push(Hit {
                rule: RuleId::NodeIdentity,
                severity: Some(Severity::Warning),
                message: format!("the edge config sets nodeIP {ip}; the Node reports InternalIP {iip}"),
                symptom: "the Node's address changes when edgecore restarts with this file; metrics-server and kube-apiserver dial the address in the Node's status".into(),
                fix: format!("edgecfg set EDGE modules.edged.nodeIP={iip} (or leave it out)"),
                locations: vec![edge.place("modules.edged.nodeIP"), node.place.clone()],
                node: Some(name.to_owned()),
            });
        }
        // C17: the file's fields must exist in the release the node runs.
        if let (Some(nr), crate::model::ReleaseSource::Fields { fits }) =
            (node.kubeedge_release(), &edge.config.release.source)
            && (nr.minor < fits.first.minor || nr.minor > fits.last.minor)
        {
            hits.push(Hit {
                rule: RuleId::NodeRelease,
                severity: None,
                message: format!("the keys of this edge config fit KubeEdge {fits}, but the node runs {nr} ({})", node.kubelet_version.as_deref().unwrap_or("")),
                symptom: format!("edgecore {nr} on {{nodes}} ignores or refuses the keys its release does not have"),
                fix: format!("edgecfg upgrade-check / migrate --kubeedge-version {nr} EDGE, then validate --kubeedge-version {nr}"),
                locations: vec![edge.place(""), node.place.clone()],
                node: Some(name.to_owned()),
            });
        }
        if b(edge, "modules.edgeStream.enable", false)
            && let Some(port) = node.kubelet_port
            && port <= 10350
        {
            hits.push(Hit {
                rule: RuleId::StreamPairing,
                severity: Some(Severity::Warning),
                message: format!("the Node's kubelet port is {port}: its stream tunnel is not connected (a connected tunnel sets 10351+)"),
                symptom: "`kubectl logs/exec/top` for {nodes}: \"connection refused\" on that port".into(),
                fix: "check edgecore's log for edgeStream errors (TLSClientConnect) and the edge's edgeStream.server".into(),
                locations: vec![edge.place("modules.edgeStream.enable"), node.place.clone()],
                node: Some(name.to_owned()),
            });
        }
    }
}

/// C4: the edge's certificate, when the inputs hold it beside the edge config (same directory,
/// the file name of `edgeHub.tlsCertFile`, `server.crt` by default), names the node.
pub(super) fn certificates(system: &System, hits: &mut Hits) {
    if system.certificates.is_empty() {
        return;
    }
    for edge in &system.edges {
        let Some(name) = edge.node_name() else {
            continue;
        };
        let cert_file = string(edge, "modules.edgeHub.tlsCertFile").unwrap_or("server.crt");
        let base = cert_file.rsplit('/').next().unwrap_or(cert_file);
        let dir = edge.file.rsplit_once('/').map_or("", |(d, _)| d);
        let wanted = if dir.is_empty() {
            base.to_owned()
        } else {
            format!("{dir}/{base}")
        };
        let Some(cert) = system.certificates.iter().find(|c| c.file == wanted) else {
            continue;
        };
        let expected = format!("system:node:{name}");
        if cert.common_name.as_deref() != Some(expected.as_str()) {
            let cn = cert.common_name.as_deref().unwrap_or("(none)");
            hits.push(Hit {
                rule: RuleId::NodeCertificate,
                severity: None,
                message: format!("the certificate's CN is `{cn}`, but the node is `{name}` (expected `{expected}`)"),
                symptom: format!("edgecore on {{nodes}}: \"certificate CN {cn} does not match node name {name}\"; the node cannot connect"),
                fix: "delete the edge's certificate and give edgecore a new token (`keadm gettoken` in the cloud, then modules.edgeHub.token): the token is blanked after the first certificate, and without one edgecore panics (\"failed to apply the edge certs\"); or set modules.edged.hostnameOverride back to the name it was issued for".into(),
                locations: vec![edge.place("modules.edged.hostnameOverride"), cert.place.clone()],
                node: Some(name.to_owned()),
            });
        }
    }
}

/// cloudcore's own metrics: `commonConfig.monitorServer.bindAddress` defaults to
/// 127.0.0.1:9091, which nothing outside the pod can scrape.
pub(super) fn cloud_metrics(cloud: &Config, hits: &mut Hits) {
    if cloud.source == ConfigSource::ChartValues {
        return; // The chart's template writes commonConfig, not the values.
    }
    if cloud.config.release.release.minor < 13 {
        return; // 1.12 has no monitorServer
    }
    let addr = string(cloud, "commonConfig.monitorServer.bindAddress").unwrap_or("127.0.0.1:9091");
    let host = addr.rsplit_once(':').map_or(addr, |(h, _)| h);
    if matches!(host, "127.0.0.1" | "localhost" | "[::1]" | "::1") {
        hits.push(Hit {
            rule: RuleId::CloudMetrics,
            severity: None,
            message: format!("cloudcore's metrics listen on {addr}: only the cloudcore pod itself can scrape them"),
            symptom: "Prometheus shows cloudcore's target down (or has none); no cloudHub connection or message metrics".into(),
            fix: "edgecfg apply -p observability CLOUDCORE (bindAddress 0.0.0.0:9091)".into(),
            locations: vec![cloud.place("commonConfig.monitorServer.bindAddress")],
            node: None,
        });
    }
}
