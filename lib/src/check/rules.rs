//! The cross-file rules. Each edge configuration is checked against each cloud configuration
//! and the objects that expose cloudcore (its Service, Deployment, iptables-manager), and the
//! metrics-server Deployments against both; hits with the same rule, message and fix are one
//! finding with every location.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value as J;

use super::inputs::{Config, ConfigSource, Object, Place, System};
use super::{CheckFinding, rule};
use crate::model::{Severity, split_host_port};

/// Collects hits and groups the ones that repeat.
#[derive(Default)]
struct Hits {
    order: Vec<(String, String, String)>,
    groups: HashMap<(String, String, String), Group>,
}

struct Group {
    severity: Severity,
    symptom: String,
    locations: Vec<Place>,
    nodes: Vec<String>,
}

/// One hit: `symptom` may contain `{nodes}`, replaced by the node names of the group.
struct Hit<'a> {
    rule: &'a str,
    severity: Option<Severity>,
    message: String,
    symptom: String,
    fix: String,
    locations: Vec<Place>,
    node: Option<String>,
}

impl Hits {
    fn push(&mut self, h: Hit<'_>) {
        let key = (h.rule.to_owned(), h.message, h.fix);
        let severity = h
            .severity
            .unwrap_or_else(|| rule(h.rule).map_or(Severity::Warning, |r| r.severity));
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
        if let Some(n) = h.node {
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

fn b(c: &Config, path: &str, default: bool) -> bool {
    c.config.get(path).and_then(J::as_bool).unwrap_or(default)
}

fn int(c: &Config, path: &str) -> Option<i64> {
    match c.config.get(path)? {
        J::Number(n) => n.as_i64(),
        J::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn string<'a>(c: &'a Config, path: &str) -> Option<&'a str> {
    c.config
        .get(path)
        .and_then(J::as_str)
        .filter(|s| !s.is_empty())
}

fn host_port(s: &str) -> Option<(String, u32)> {
    let s = s
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("wss://")
        .trim_end_matches('/');
    let s = s.split('/').next().unwrap_or(s);
    split_host_port(s).map(|(h, p)| (h.to_owned(), p))
}

/// A port of the cloudcore Service (or of the chart values that render it).
#[derive(Debug, Clone)]
struct SvcPort {
    name: String,
    target: Option<u64>,
    port: Option<u64>,
    node_port: Option<u64>,
    place: Place,
}

/// How edges reach cloudcore: on the host network, or through the Service.
#[derive(Debug, Default)]
struct Exposure {
    host_network: Option<(bool, Place)>,
    service_type: Option<String>,
    ports: Vec<SvcPort>,
    replicas: Option<(i64, Place)>,
}

/// The chart's Service ports: name, the cloudcore port, the values key of its NodePort.
const CHART_PORTS: &[(&str, u64, &str)] = &[
    ("cloudhub", 10000, "cloudhubNodePort"),
    ("cloudhub-quic", 10001, "cloudhubQuicNodePort"),
    ("cloudhub-https", 10002, "cloudhubHttpsNodePort"),
    ("cloudstream", 10003, "cloudstreamNodePort"),
    ("tunnelport", 10004, "tunnelNodePort"),
];

fn exposure(system: &System, cloud: &Config) -> Exposure {
    let mut e = Exposure::default();
    if let Some(d) = system.cloudcore_deployments.first() {
        e.host_network = Some((d.host_network(), d.place("spec.template.spec.hostNetwork")));
        let replicas = d.get("spec.replicas").and_then(J::as_i64).unwrap_or(1);
        e.replicas = Some((replicas, d.place("spec.replicas")));
    }
    if let Some(s) = system.cloudcore_services.first() {
        e.service_type = Some(
            s.get("spec.type")
                .and_then(J::as_str)
                .unwrap_or("ClusterIP")
                .to_owned(),
        );
        e.ports = service_ports(s);
    }
    if cloud.source == ConfigSource::ChartValues
        && let Some(v) = system.chart_values.iter().find(|v| v.file == cloud.file)
    {
        let host = v
            .get("cloudCore.hostNetWork")
            .and_then(J::as_bool)
            .unwrap_or(true);
        e.host_network
            .get_or_insert((host, v.place("cloudCore.hostNetWork")));
        let replicas = v
            .get("cloudCore.replicaCount")
            .and_then(J::as_i64)
            .unwrap_or(1);
        e.replicas
            .get_or_insert((replicas, v.place("cloudCore.replicaCount")));
        let enabled = v
            .get("cloudCore.service.enable")
            .and_then(J::as_bool)
            .unwrap_or(true);
        if e.service_type.is_none() && enabled {
            let ty = v
                .get("cloudCore.service.type")
                .and_then(J::as_str)
                .unwrap_or("NodePort");
            // The chart renders a NodePort only off the host network.
            let node_port = ty == "NodePort" && !host;
            e.service_type = Some(if node_port { "NodePort" } else { "ClusterIP" }.into());
            e.ports = CHART_PORTS
                .iter()
                .map(|(name, port, key)| {
                    let path = format!("cloudCore.service.{key}");
                    SvcPort {
                        name: (*name).to_owned(),
                        target: Some(*port),
                        port: Some(*port),
                        node_port: node_port
                            .then(|| match v.get(&path) {
                                Some(J::String(s)) => s.parse().ok(),
                                Some(J::Number(n)) => n.as_u64(),
                                _ => None,
                            })
                            .flatten(),
                        place: v.place(&path),
                    }
                })
                .collect();
        }
    }
    e
}

fn service_ports(s: &Object) -> Vec<SvcPort> {
    let Some(ports) = s.get("spec.ports").and_then(J::as_array) else {
        return vec![];
    };
    ports
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let port = p.get("port").and_then(J::as_u64);
            SvcPort {
                name: p.get("name").and_then(J::as_str).unwrap_or("").to_owned(),
                // A named targetPort refers to a container port: unknown here.
                target: match p.get("targetPort") {
                    Some(J::Number(n)) => n.as_u64(),
                    None => port,
                    _ => None,
                },
                port,
                node_port: p.get("nodePort").and_then(J::as_u64),
                place: s.place(&format!("spec.ports.{i}")),
            }
        })
        .collect()
}

impl Exposure {
    /// The ports an edge may dial to reach cloudcore's `port` (Service port `name`), and a
    /// description of each.
    fn reachable(&self, port: u64, name: &str) -> Vec<(u64, String)> {
        let mut out = Vec::new();
        let host = self.host_network.as_ref().map(|(h, _)| *h);
        if host != Some(false) {
            out.push((port, "cloudcore's own port".to_owned()));
        }
        let ty = self.service_type.as_deref().unwrap_or("ClusterIP");
        for p in self
            .ports
            .iter()
            .filter(|p| p.target == Some(port) || p.name == name)
        {
            if let ("NodePort" | "LoadBalancer", Some(n)) = (ty, p.node_port) {
                out.push((n, format!("the Service's NodePort for {}", p.name)));
            }
            if ty == "LoadBalancer"
                && let Some(lb) = p.port
            {
                out.push((lb, format!("the LoadBalancer port for {}", p.name)));
            }
        }
        if out.is_empty() {
            // Off the host network with no NodePort: reachable only through something outside
            // these files (an ingress, a LoadBalancer); accept the port itself.
            out.push((port, "cloudcore's own port".to_owned()));
        }
        out
    }

    fn describe(&self) -> String {
        match (&self.host_network, self.service_type.as_deref()) {
            (Some((false, _)), Some(t)) => {
                format!("cloudcore is off the host network behind a {t} Service")
            }
            (Some((true, _)), _) => "cloudcore is on the host network".to_owned(),
            _ => "cloudcore's exposure is not in the inputs (no Deployment or Service)".to_owned(),
        }
    }
}

/// Runs every rule.
pub(super) fn run(system: &System) -> Vec<CheckFinding> {
    let mut hits = Hits::default();
    inputs(system, &mut hits);
    for cloud in &system.clouds {
        let e = exposure(system, cloud);
        hub(system, cloud, &e, &mut hits);
        streams(system, cloud, &e, &mut hits);
        meta(system, cloud, &mut hits);
        heartbeat(system, cloud, &mut hits);
        node_limit(system, cloud, &e, &mut hits);
        tasks(system, cloud, &mut hits);
        edge_vs_cloud_release(system, cloud, &mut hits);
    }
    for c in system.clouds.iter().chain(&system.edges) {
        feature_gates(c, &mut hits);
    }
    edged_endpoint(system, &mut hits);
    metrics_server(system, &mut hits);
    cluster_dns(system, &mut hits);
    nodes(system, &mut hits);
    hits.finish()
}

fn inputs(system: &System, hits: &mut Hits) {
    if system.clouds.is_empty() && !system.edges.is_empty() {
        hits.push(Hit {
            rule: "input",
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
            rule: "input",
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

fn hub(system: &System, cloud: &Config, e: &Exposure, hits: &mut Hits) {
    // The Service must target the ports the config listens on (off the host network).
    if e.host_network.as_ref().is_some_and(|(h, _)| !h) {
        for (name, path) in [
            ("cloudhub", "modules.cloudHub.websocket.port"),
            ("cloudhub-quic", "modules.cloudHub.quic.port"),
            ("cloudhub-https", "modules.cloudHub.https.port"),
            ("cloudstream", "modules.cloudStream.streamPort"),
            ("tunnelport", "modules.cloudStream.tunnelPort"),
        ] {
            let (Some(want), Some(p)) = (int(cloud, path), e.ports.iter().find(|p| p.name == name))
            else {
                continue;
            };
            if let Some(t) = p.target
                && t != want as u64
            {
                hits.push(Hit {
                    rule: "hub-service-target",
                    severity: None,
                    message: format!("the cloudcore Service's port `{name}` targets {t}, but cloudcore listens on {want} (`{path}`)"),
                    symptom: "connections through the Service are refused; edges keep reconnecting".into(),
                    fix: format!("set `{path}` back to {t} (the chart hard-codes the Service's ports), or put cloudcore on the host network"),
                    locations: vec![cloud.place(path), p.place.clone()],
                    node: None,
                });
            }
        }
    }
    let cloud_ws = b(cloud, "modules.cloudHub.websocket.enable", true);
    let cloud_quic = b(cloud, "modules.cloudHub.quic.enable", false);
    for edge in &system.edges {
        if !b(edge, "modules.edgeHub.enable", true) {
            continue;
        }
        let node = edge.label();
        let quic = b(edge, "modules.edgeHub.quic.enable", false);
        let ws = b(edge, "modules.edgeHub.websocket.enable", true) && !quic;
        let mut dials: Vec<(&str, &str, &str, bool)> = vec![(
            "modules.edgeHub.httpServer",
            "modules.cloudHub.https.port",
            "cloudhub-https",
            true,
        )];
        if ws {
            dials.push((
                "modules.edgeHub.websocket.server",
                "modules.cloudHub.websocket.port",
                "cloudhub",
                cloud_ws,
            ));
        }
        if quic {
            dials.push((
                "modules.edgeHub.quic.server",
                "modules.cloudHub.quic.port",
                "cloudhub-quic",
                cloud_quic,
            ));
        }
        for (edge_path, cloud_path, name, cloud_on) in dials {
            let Some((host, port)) = string(edge, edge_path).and_then(host_port) else {
                continue;
            };
            let transport = cloud_path.split('.').nth(2).unwrap_or("");
            if !cloud_on {
                let enable = format!("modules.cloudHub.{transport}.enable");
                hits.push(Hit {
                    rule: "hub-port",
                    severity: None,
                    message: format!("the edge connects over {transport}, which cloudcore has off (`{enable}: false`)"),
                    symptom: "edgecore on {nodes} cannot connect: \"Init websocket connection failed\" / dial errors in its log; the node stays NotReady".into(),
                    fix: format!("edgecfg set CLOUDCORE {enable}=true (or switch the edge to the transport the cloud serves)"),
                    locations: vec![edge.place(edge_path), cloud.place(&enable)],
                    node: Some(node.clone()),
                });
                continue;
            }
            let Some(listen) = int(cloud, cloud_path) else {
                continue;
            };
            let ok = e.reachable(listen as u64, name);
            if !ok.iter().any(|(p, _)| u64::from(port) == *p) {
                let want = ok[0].0;
                let via = ok
                    .iter()
                    .map(|(p, how)| format!("{p} ({how})"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                let mut locations = vec![edge.place(edge_path), cloud.place(cloud_path)];
                if let Some((_, p)) = &e.host_network {
                    locations.push(p.clone());
                }
                hits.push(Hit {
                    rule: "hub-port",
                    severity: None,
                    message: format!("`{edge_path}` dials port {port}, but {}: edges reach cloudHub {transport} on {via}", e.describe()),
                    symptom: if name == "cloudhub-https" {
                        "edgecore on {nodes} cannot fetch its certificate: \"failed to get CA certificate … connection refused\"".into()
                    } else {
                        "edgecore on {nodes} cannot connect: \"dial websocket error\" / \"Init websocket connection failed\"; the node stays NotReady".into()
                    },
                    fix: format!(
                        "edgecfg set EDGE {edge_path}={}",
                        if edge_path.ends_with("httpServer") {
                            format!("https://{host}:{want}")
                        } else {
                            format!("{host}:{want}")
                        }
                    ),
                    locations,
                    node: Some(node.clone()),
                });
            }
            // C2: the certificate's SANs.
            let sans: Vec<&str> = [
                "modules.cloudHub.advertiseAddress",
                "modules.cloudHub.dnsNames",
            ]
            .iter()
            .filter_map(|p| cloud.config.get(p).and_then(J::as_array))
            .flatten()
            .filter_map(J::as_str)
            .filter(|s| !s.is_empty())
            .collect();
            if !sans.is_empty() && !sans.contains(&host.as_str()) {
                hits.push(Hit {
                    rule: "hub-address",
                    severity: None,
                    message: format!("edges dial cloudcore as `{host}`, which is not in cloudHub.advertiseAddress or dnsNames ({}): the certificate cloudcore issues does not name it", sans.join(", ")),
                    symptom: format!("edgecore on {{nodes}}: \"x509: certificate is valid for {}, not {host}\"", sans.join(", ")),
                    fix: format!("add `{host}` to modules.cloudHub.advertiseAddress (an IP) or dnsNames (a name) and delete secret kubeedge/cloudcoresecret so cloudcore re-issues it — or dial one of {}", sans.join(", ")),
                    locations: vec![edge.place(edge_path), cloud.place("modules.cloudHub.advertiseAddress")],
                    node: Some(node.clone()),
                });
            }
        }
    }
}

fn streams(system: &System, cloud: &Config, e: &Exposure, hits: &mut Hits) {
    let cloud_on = b(cloud, "modules.cloudStream.enable", false);
    let host = cloud
        .config
        .get("modules.cloudHub.advertiseAddress")
        .and_then(J::as_array)
        .and_then(|a| a.iter().filter_map(J::as_str).find(|s| !s.is_empty()))
        .unwrap_or("CLOUD_ADDRESS")
        .to_owned();
    if !cloud_on && !system.edges.is_empty() {
        hits.push(Hit {
            rule: "stream-pairing",
            severity: None,
            message: "cloudStream is off: kubectl logs, exec, attach and top cannot reach any edge node".into(),
            symptom: "`kubectl logs` for pods on edge nodes: \"dial tcp <node>:10350: connect: connection refused\"; `kubectl top node` has no metrics for them".into(),
            fix: "edgecfg apply -p streams-on CLOUDCORE (the Go default leaves cloudStream off; the chart turns it on)".into(),
            locations: vec![cloud.place("modules.cloudStream.enable")],
            node: None,
        });
    }
    let tunnel = int(cloud, "modules.cloudStream.tunnelPort").unwrap_or(10004) as u64;
    let stream_port = int(cloud, "modules.cloudStream.streamPort").unwrap_or(10003);
    for edge in &system.edges {
        let node = edge.label();
        let on = b(edge, "modules.edgeStream.enable", false);
        if cloud_on && !on {
            hits.push(Hit {
                rule: "stream-pairing",
                severity: None,
                message: "edgeStream is off while cloudStream is on".into(),
                symptom: "`kubectl logs/exec` for pods on {nodes}: \"dial tcp <node>:10350: connect: connection refused\"; `kubectl top` has no metrics for those nodes".into(),
                fix: format!("edgecfg apply -p streams-on --param cloudAddress={host} EDGE (keadm join leaves edgeStream off)"),
                locations: vec![edge.place("modules.edgeStream.enable")],
                node: Some(node.clone()),
            });
        }
        if !on {
            continue;
        }
        let Some((shost, port)) = string(edge, "modules.edgeStream.server").and_then(host_port)
        else {
            continue;
        };
        let ok = e.reachable(tunnel, "tunnelport");
        if !ok.iter().any(|(p, _)| u64::from(port) == *p) {
            let via = ok
                .iter()
                .map(|(p, how)| format!("{p} ({how})"))
                .collect::<Vec<_>>()
                .join(" or ");
            hits.push(Hit {
                rule: "stream-tunnel-port",
                severity: None,
                message: format!("`modules.edgeStream.server` dials port {port}, but {}: the stream tunnel is on {via}", e.describe()),
                symptom: "edgecore on {nodes} logs \"TLSClientConnect error\" every 2 s; `kubectl logs/exec` then fail with \"connection refused\" on port 10350".into(),
                fix: format!("edgecfg apply -p streams-on --param cloudAddress={shost} --param tunnelPort={} EDGE", ok[0].0),
                locations: vec![edge.place("modules.edgeStream.server"), cloud.place("modules.cloudStream.tunnelPort")],
                node: Some(node.clone()),
            });
        }
    }
    // C7: the DNAT from the negotiated tunnel ports to streamPort.
    if !cloud_on {
        return;
    }
    let values = system.chart_values.iter().find(|v| v.file == cloud.file);
    let (ipt_on, mode, ipt_place) = match values {
        Some(v) => (
            v.get("iptablesManager.enable")
                .and_then(J::as_bool)
                .unwrap_or(true),
            v.get("iptablesManager.mode")
                .and_then(J::as_str)
                .unwrap_or("external")
                .to_owned(),
            v.place("iptablesManager.enable"),
        ),
        None => (
            b(cloud, "modules.iptablesManager.enable", true),
            string(cloud, "modules.iptablesManager.mode")
                .unwrap_or("internal")
                .to_owned(),
            cloud.place("modules.iptablesManager.enable"),
        ),
    };
    if !ipt_on {
        hits.push(Hit {
            rule: "stream-forward-port",
            severity: Some(Severity::Warning),
            message: "iptables-manager is off: nothing forwards the negotiated tunnel ports (10351+) to cloudStream's streamPort".into(),
            symptom: "`kubectl logs` for edge pods: \"dial tcp <node>:10351: connect: connection refused\" unless you maintain the DNAT rules yourself".into(),
            fix: "turn iptablesManager on (chart: --set iptablesManager.enable=true; cloudcore.yaml: modules.iptablesManager.enable=true)".into(),
            locations: vec![ipt_place],
            node: None,
        });
        return;
    }
    if mode == "external" {
        for ds in &system.iptables_managers {
            let Some(ci) = ds.container("iptables-manager") else {
                continue;
            };
            let args = ds.container_args(ci);
            let forward = args
                .iter()
                .enumerate()
                .find_map(|(i, a)| {
                    a.strip_prefix("--forwardport=")
                        .map(str::to_owned)
                        .or_else(|| {
                            (a == "--forwardport")
                                .then(|| args.get(i + 1).cloned())
                                .flatten()
                        })
                })
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(10003);
            if forward != stream_port {
                hits.push(Hit {
                    rule: "stream-forward-port",
                    severity: None,
                    message: format!("the iptables-manager forwards the tunnel ports to {forward}, but cloudStream.streamPort is {stream_port}"),
                    symptom: "`kubectl logs/exec` for edge pods: \"connection refused\" on the node's tunnel port (10351+)".into(),
                    fix: format!("run the iptables-manager with --forwardport={stream_port}, or set modules.cloudStream.streamPort back to {forward}"),
                    locations: vec![ds.place(&format!("spec.template.spec.containers.{ci}")), cloud.place("modules.cloudStream.streamPort")],
                    node: None,
                });
            }
        }
        if system.iptables_managers.is_empty() && !system.cloudcore_deployments.is_empty() {
            hits.push(Hit {
                rule: "stream-forward-port",
                severity: Some(Severity::Warning),
                message: "iptablesManager mode is external, but the render has no iptables-manager DaemonSet".into(),
                symptom: "`kubectl logs` for edge pods: \"dial tcp <node>:10351: connect: connection refused\"".into(),
                fix: "deploy the chart's iptables-manager (iptablesManager.enable=true, mode external), or use mode internal with cloudcore on the host network".into(),
                locations: vec![ipt_place],
                node: None,
            });
        }
    }
}

fn edged_endpoint(system: &System, hits: &mut Hits) {
    for edge in &system.edges {
        if !b(edge, "modules.edgeStream.enable", false) {
            continue;
        }
        let node = edge.label();
        let tkc = "modules.edged.tailoredKubeletConfig";
        if let Some(port) = int(edge, &format!("{tkc}.readOnlyPort"))
            && port != 10350
        {
            hits.push(Hit {
                rule: "stream-edged-endpoint",
                severity: None,
                message: format!(
                    "edged's readOnlyPort is {port}; cloudStream always connects to 127.0.0.1:10350"
                ),
                symptom:
                    "`kubectl logs/exec/top` for {nodes} fail: the stream reaches nothing on 10350"
                        .into(),
                fix: format!("edgecfg set EDGE {tkc}.readOnlyPort=10350"),
                locations: vec![edge.place(&format!("{tkc}.readOnlyPort"))],
                node: Some(node.clone()),
            });
        }
        if let Some(addr) = string(edge, &format!("{tkc}.address"))
            && !matches!(addr, "127.0.0.1" | "0.0.0.0" | "localhost" | "::" | "::1")
        {
            hits.push(Hit {
                rule: "stream-edged-endpoint",
                severity: None,
                message: format!("edged listens on {addr}; cloudStream always connects to 127.0.0.1:10350"),
                symptom: "`kubectl logs/exec/top` for {nodes} fail; a non-loopback address also keeps edged from becoming ready".into(),
                fix: format!("edgecfg set EDGE {tkc}.address=127.0.0.1"),
                locations: vec![edge.place(&format!("{tkc}.address"))],
                node: Some(node.clone()),
            });
        }
    }
}

fn meta(system: &System, cloud: &Config, hits: &mut Hits) {
    let dynamic = b(cloud, "modules.dynamicController.enable", false);
    let cloud_auth = b(cloud, "featureGates.requireAuthorization", false);
    for edge in &system.edges {
        if !b(edge, "modules.metaManager.metaServer.enable", false) {
            continue;
        }
        let node = edge.label();
        if !dynamic {
            hits.push(Hit {
                rule: "metaserver-dynamiccontroller",
                severity: None,
                message: "metaServer is on at the edge, but the cloud's dynamicController is off".into(),
                symptom: "list/watch through metaServer on {nodes} (EdgeMesh, in-cluster clients) times out: \"failed to access cloud Application center: timeout to get response\"".into(),
                fix: "edgecfg apply -p edgemesh CLOUDCORE EDGE (turns dynamicController on in the cloud)".into(),
                locations: vec![edge.place("modules.metaManager.metaServer.enable"), cloud.place("modules.dynamicController.enable")],
                node: Some(node.clone()),
            });
        }
        let edge_auth = b(edge, "featureGates.requireAuthorization", false);
        if edge_auth != cloud_auth {
            hits.push(Hit {
                rule: "require-authorization",
                severity: None,
                message: format!("featureGates.requireAuthorization is {edge_auth} at the edge and {cloud_auth} in the cloud; metaServer needs them equal"),
                symptom: "clients of metaServer on {nodes} are refused (metaServer serves https only with requireAuthorization, and the cloud must authorise them)".into(),
                fix: format!("set featureGates.requireAuthorization to the same value on both sides (edgecfg set FILE featureGates.requireAuthorization={})", edge_auth || cloud_auth),
                locations: vec![edge.place("featureGates.requireAuthorization"), cloud.place("featureGates.requireAuthorization")],
                node: Some(node.clone()),
            });
        }
    }
}

fn heartbeat(system: &System, cloud: &Config, hits: &mut Hits) {
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
            rule: "heartbeat-keepalive",
            severity: Some(severity),
            message: format!("edgeHub.heartbeat is {hb} s, cloudHub.keepaliveInterval {keepalive} s: the heartbeat must be well below it"),
            symptom: "cloudcore: \"timeout to receive keepalive for node\" — the session of {nodes} is dropped and the node flaps".into(),
            fix: format!("edgecfg set EDGE modules.edgeHub.heartbeat={} (or raise the cloud's keepaliveInterval)", (keepalive / 2).max(1)),
            locations: vec![edge.place("modules.edgeHub.heartbeat"), cloud.place("modules.cloudHub.keepaliveInterval")],
            node: Some(edge.label()),
        });
    }
}

fn node_limit(system: &System, cloud: &Config, e: &Exposure, hits: &mut Hits) {
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
            rule: "node-limit",
            severity: None,
            message: format!("{nodes} edge nodes, but cloudHub.nodeLimit {limit} × {replicas} cloudcore replica{} admits {}", if replicas == 1 { "" } else { "s" }, limit * replicas),
            symptom: "the nodes over the limit keep reconnecting and stay NotReady; only cloudcore's log says \"reach node limit\"".into(),
            fix: format!("edgecfg set CLOUDCORE modules.cloudHub.nodeLimit={} (or add cloudcore replicas)", (nodes + replicas - 1) / replicas),
            locations,
            node: None,
        });
    }
}

fn tasks(system: &System, cloud: &Config, hits: &mut Hits) {
    let cloud_on = b(cloud, "modules.taskManager.enable", false);
    if let Some(v) = system.chart_values.iter().find(|v| v.file == cloud.file)
        && cloud_on
        && !v
            .get("controllerManager.enable")
            .and_then(J::as_bool)
            .unwrap_or(false)
    {
        hits.push(Hit {
            rule: "task-manager",
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
                rule: "task-manager",
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

fn feature_gates(c: &Config, hits: &mut Hits) {
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
                rule: "feature-gates",
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

fn edge_vs_cloud_release(system: &System, cloud: &Config, hits: &mut Hits) {
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
                rule: "node-release",
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

fn metrics_server(system: &System, hits: &mut Hits) {
    for ms in &system.metrics_servers {
        let Some(ci) = ms.container("metrics-server") else {
            continue;
        };
        let args = ms.container_args(ci);
        let at = ms.place(&format!("spec.template.spec.containers.{ci}"));
        if !args.iter().any(|a| {
            a == "--kubelet-use-node-status-port" || a == "--kubelet-use-node-status-port=true"
        }) {
            hits.push(Hit {
                rule: "metrics-server",
                severity: None,
                message: format!("metrics-server ({}) scrapes the kubelet port, not the node status port", ms.name),
                symptom: "`kubectl top node` for edge nodes: \"dial tcp <node>:10250: connect: connection refused\"".into(),
                fix: "helm … --post-renderer edgecfg (profile metrics-server), or add --kubelet-use-node-status-port".into(),
                locations: vec![at.clone()],
                node: None,
            });
        }
        if !ms.host_network() {
            hits.push(Hit {
                rule: "metrics-server",
                severity: None,
                message: format!("metrics-server ({}) is not on the host network: the DNAT of the edge tunnel ports applies only to host-network traffic of cloud nodes", ms.name),
                symptom: "`kubectl top node` for edge nodes: \"connection refused\" / timeouts on port 10351+".into(),
                fix: "helm … --post-renderer edgecfg (profile metrics-server: hostNetwork, secure port off 10250, control-plane placement)".into(),
                locations: vec![ms.place("spec.template.spec.hostNetwork")],
                node: None,
            });
        }
        if !args.iter().any(|a| a.starts_with("--kubelet-insecure-tls")) && !system.edges.is_empty()
        {
            hits.push(Hit {
                rule: "metrics-server",
                severity: Some(Severity::Warning),
                message: format!("metrics-server ({}) verifies kubelet certificates; an edge node's metrics come through cloudStream, whose certificate names cloudcore, not the node", ms.name),
                symptom: "`kubectl top node` for edge nodes: \"x509: certificate is valid for …, not <node IP>\"".into(),
                fix: "post-render with --param insecureTLS=true (knowingly: it turns verification off for every kubelet), or give cloudStream a certificate naming the nodes".into(),
                locations: vec![at],
                node: None,
            });
        }
    }
}

fn cluster_dns(system: &System, hits: &mut Hits) {
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
                rule: "cluster-dns",
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
                    rule: "cluster-dns",
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

fn nodes(system: &System, hits: &mut Hits) {
    let mut by_name: BTreeMap<&str, Vec<&Config>> = BTreeMap::new();
    for edge in &system.edges {
        if let Some(n) = edge.node_name() {
            by_name.entry(n).or_default().push(edge);
        }
    }
    for (name, edges) in &by_name {
        if edges.len() > 1 {
            hits.push(Hit {
                rule: "node-name",
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
    let inventory: HashMap<&str, &super::NodeInfo> =
        system.nodes.iter().map(|n| (n.name.as_str(), n)).collect();
    for edge in &system.edges {
        let Some(name) = edge.node_name() else {
            continue;
        };
        let Some(node) = inventory.get(name) else {
            hits.push(Hit {
                rule: "node-name",
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
                rule: "node-name",
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
                rule: "node-release",
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
                rule: "stream-pairing",
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
