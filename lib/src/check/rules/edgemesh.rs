//! EdgeMesh's agent against each edge node's metaServer (audit, uncovered 14–15). The agent
//! runs on the host network and, in edge mode (no `kubeAPIConfig.master` or `kubeConfig`),
//! builds its client from `kubeAPIConfig.metaServer`: `server` (default
//! `http://127.0.0.1:10550`, `pkg/apis/config/defaults/default.go:32@edgemesh v1.17.0`), with
//! `http://` turned into `https://` when `security.requireAuthorization` is on
//! (`cmd/edgemesh-agent/app/server.go:155-159`). edgecore's metaServer listens on
//! `metaServer.server` (default 127.0.0.1:10550) and serves HTTPS only with the edge's
//! `requireAuthorization` gate (`edge/pkg/metamanager/metaserver/server.go:185-194@v1.23.1`).

use serde_json::Value as J;

use super::{Hit, Hits, b, host_port, string};
use crate::check::inputs::{Config, EdgeMesh, System};
use crate::model::RuleId;

const DEFAULT_SERVER: &str = "http://127.0.0.1:10550";

/// What an EdgeMesh agent dials: (https, host, port), or `None` in manual mode (it then talks
/// to kube-apiserver, not to the metaServer).
fn dials(m: &EdgeMesh) -> Option<(bool, String, u32)> {
    let api = &m.kube_api;
    let set = |k: &str| {
        api.get(k)
            .and_then(J::as_str)
            .is_some_and(|s| !s.is_empty())
    };
    if set("master") || set("kubeConfig") {
        return None;
    }
    let server = api
        .pointer("/metaServer/server")
        .and_then(J::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_SERVER);
    let secure = api
        .pointer("/metaServer/security/requireAuthorization")
        .and_then(J::as_bool)
        .unwrap_or(false);
    let https = server.starts_with("https://") || (secure && server.starts_with("http://"));
    let (host, port) = host_port(server)?;
    Some((https, host, port))
}

fn loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a host-network client dialling `to` reaches a server listening on `listen`.
fn reaches(to: (&str, u32), listen: (&str, u32)) -> bool {
    let (lh, lp) = listen;
    let lh = lh.trim_matches(['[', ']']);
    to.1 == lp
        && (to.0 == lh
            || lh.is_empty()
            || lh == "0.0.0.0"
            || lh == "::"
            || (loopback(to.0) && lh == "127.0.0.1" && to.0 != "::1"))
}

pub(super) fn metaserver(system: &System, hits: &mut Hits) {
    for m in &system.edgemesh {
        let Some((https, host, port)) = dials(m) else {
            continue;
        };
        let scheme = if https { "https" } else { "http" };
        for edge in &system.edges {
            push_for(m, edge, (https, &host, port), scheme, hits);
        }
    }
}

fn push_for(
    m: &EdgeMesh,
    edge: &Config,
    (https, host, port): (bool, &str, u32),
    scheme: &str,
    hits: &mut Hits,
) {
    let node = edge.label();
    let dial = format!("{scheme}://{host}:{port}");
    if !b(edge, "modules.metaManager.metaServer.enable", false) {
        hits.push(Hit {
            rule: RuleId::EdgemeshMetaserver,
            severity: None,
            message: format!("EdgeMesh's agent dials the edge metaServer at {dial}, but metaServer is off on this node"),
            symptom: format!("edgemesh-agent on {{nodes}} cannot list Services (\"dial tcp {host}:{port}: connect: connection refused\"): no Service resolves or proxies there"),
            fix: "edgecfg apply -p edgemesh EDGE (turns the metaServer on)".into(),
            locations: vec![edge.place("modules.metaManager.metaServer.enable"), m.server_at.clone()],
            node: Some(node),
        });
        return;
    }
    let listen = string(edge, "modules.metaManager.metaServer.server").unwrap_or("127.0.0.1:10550");
    if let Some((lh, lp)) = host_port(listen)
        && !reaches((host, port), (&lh, lp))
    {
        hits.push(Hit {
            rule: RuleId::EdgemeshMetaserver,
            severity: None,
            message: format!("EdgeMesh's agent dials {dial}, but the edge metaServer listens on {listen}"),
            symptom: format!("edgemesh-agent on {{nodes}}: \"dial tcp {host}:{port}: connect: connection refused\" (edgemesh#365): no Service resolves or proxies there"),
            fix: format!("set EdgeMesh's kubeAPIConfig.metaServer.server to {scheme}://{}:{lp} (chart: --set agent.kubeAPIConfig.metaServer.server=…), or move metaServer.server back", if lh == "0.0.0.0" || lh.is_empty() { "127.0.0.1" } else { lh.as_str() }),
            locations: vec![edge.place("modules.metaManager.metaServer.server"), m.server_at.clone()],
            node: Some(node),
        });
        return;
    }
    let edge_https = b(edge, "featureGates.requireAuthorization", false);
    if edge_https != https {
        let (message, symptom, fix) = if edge_https {
            (
                "the edge's requireAuthorization gate makes its metaServer HTTPS-only, but EdgeMesh's agent speaks HTTP to it".to_owned(),
                "edgemesh-agent on {nodes} is refused (\"Client sent an HTTP request to an HTTPS server\"): no Service resolves or proxies there".to_owned(),
                "chart: --set agent.kubeAPIConfig.metaServer.security.requireAuthorization=true, with the metaServer certificates (agent.metaServerSecret); CHANGELOG-1.12.md:229".to_owned(),
            )
        } else {
            (
                "EdgeMesh's agent speaks HTTPS to the edge metaServer, which serves plain HTTP (the edge's requireAuthorization gate is off)".to_owned(),
                "edgemesh-agent on {nodes}: \"http: server gave HTTP response to HTTPS client\": no Service resolves or proxies there".to_owned(),
                "turn EdgeMesh's metaServer.security.requireAuthorization off (and use http://), or turn the gate on at the edge and in the cloud".to_owned(),
            )
        };
        hits.push(Hit {
            rule: RuleId::EdgemeshMetaserver,
            severity: None,
            message,
            symptom,
            fix,
            locations: vec![
                edge.place("featureGates.requireAuthorization"),
                m.security_at.clone(),
            ],
            node: Some(node),
        });
    }
}
