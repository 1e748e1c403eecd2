//! The network between the sides: hub ports and certificate names (C1, C2), the stream
//! tunnel (C5-C8) and metrics-server (C9).

use serde_json::Value as J;

use super::exposure::Exposure;
use super::{Hit, Hits, b, host_port, int, string};
use crate::check::inputs::{Config, System};
use crate::model::{RuleId, Severity};

pub(super) fn hub(system: &System, cloud: &Config, e: &Exposure, hits: &mut Hits) {
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
                    rule: RuleId::HubServiceTarget,
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
    // The chart renders a ClusterIP Service unless service.type is NodePort
    // (service_cloudcore.yaml:13-17@v1.23.1): off the host network, nodes outside the cluster
    // network cannot reach cloudcore at all.
    if let (Some((false, host_at)), Some("ClusterIP")) =
        (e.host_network.as_ref(), e.service_type.as_deref())
        && !system.edges.is_empty()
    {
        let mut locations = vec![host_at.clone()];
        if let Some(p) = e.ports.first() {
            locations.push(p.place.clone());
        }
        hits.push(Hit {
            rule: RuleId::HubService,
            severity: None,
            message: "cloudcore is off the host network and its Service is ClusterIP: edge nodes outside the cluster network have no way to reach cloudHub or the stream tunnel".into(),
            symptom: "edgecore on {nodes}: \"dial tcp …: i/o timeout\" / \"connection refused\"; `keadm join` cannot fetch the CA; every edge node stays NotReady".into(),
            fix: "chart: --set cloudCore.service.type=NodePort (then dial the NodePorts), or cloudCore.hostNetWork=true; or a LoadBalancer Service".into(),
            locations,
            node: None,
        });
    }
    let cloud_ws = b(cloud, "modules.cloudHub.websocket.enable", true);
    let cloud_quic = b(cloud, "modules.cloudHub.quic.enable", false);
    for edge in &system.edges {
        if hub_off(edge, hits) {
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
                    rule: RuleId::HubPort,
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
                    rule: RuleId::HubPort,
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
            // quic (and the CA fetch) skip verification (quicclient.go:59-63@v1.23.1): only
            // websocket and the edge-certificate fetch over httpServer check the SAN.
            if name != "cloudhub-quic" && !sans.is_empty() && !sans.contains(&host.as_str()) {
                hits.push(Hit {
                    rule: RuleId::HubAddress,
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

/// `hub-off` for an edge with edgeHub off; whether it was.
fn hub_off(edge: &Config, hits: &mut Hits) -> bool {
    if b(edge, "modules.edgeHub.enable", true) {
        return false;
    }
    // Seen on a running KubeEdge 1.23.1 (tests/system `edgehub-off`): edgecore starts, the
    // node's status is never reported, and the stream tunnel has no session: `kubectl logs`
    // answers 200 with an empty body.
    hits.push(Hit {
        rule: RuleId::HubOff,
        severity: None,
        message: "edgeHub is off: this node never connects to cloudcore".into(),
        symptom: "{nodes}: status not reported (NotReady once the node controller notices), no new pods; `kubectl logs/exec` return nothing".into(),
        fix: "edgecfg set EDGE modules.edgeHub.enable=true (`edgecore --minconfig` has it off)".into(),
        locations: vec![edge.place("modules.edgeHub.enable")],
        node: Some(edge.label()),
    });
    true
}

/// What the edge files alone decide when no cloud configuration is among the inputs: a node
/// with edgeHub off never connects, and one with edgeStream off has no tunnel, whatever the
/// cloud side says.
pub(super) fn edges_alone(system: &System, hits: &mut Hits) {
    for edge in &system.edges {
        hub_off(edge, hits);
        if !b(edge, "modules.edgeStream.enable", false) {
            hits.push(Hit {
                rule: RuleId::StreamPairing,
                severity: None,
                message: "edgeStream is off: no stream tunnel, whatever the cloud side says".into(),
                symptom: "`kubectl logs/exec` for pods on {nodes}: \"dial tcp <node>:10350: connect: connection refused\"; `kubectl top` has no metrics for those nodes".into(),
                fix: "edgecfg apply -p streams-on --param cloudAddress=CLOUD EDGE (keadm join leaves edgeStream off)".into(),
                locations: vec![edge.place("modules.edgeStream.enable")],
                node: Some(edge.label()),
            });
        }
    }
}

pub(super) fn streams(system: &System, cloud: &Config, e: &Exposure, hits: &mut Hits) {
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
            rule: RuleId::StreamPairing,
            severity: None,
            message: "cloudStream is off: kubectl logs, exec, attach and top cannot reach any edge node".into(),
            symptom: "`kubectl logs` for pods on edge nodes: \"dial tcp <node>:10350: connect: connection refused\"; `kubectl top node` has no metrics for them".into(),
            fix: "edgecfg apply -p streams-on CLOUDCORE (the Go default leaves cloudStream off; the chart turns it on), with the stream certificates in place: cloudcore refuses to start without modules.cloudStream.tlsStreamCertFile, tlsStreamPrivateKeyFile and tlsStreamCAFile (the chart's cloudcore secret, or `certgen.sh stream`)".into(),
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
                rule: RuleId::StreamPairing,
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
        tunnel_certs(edge, &node, hits);
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
                rule: RuleId::StreamTunnelPort,
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
            rule: RuleId::StreamForwardPort,
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
                    rule: RuleId::StreamForwardPort,
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
                rule: RuleId::StreamForwardPort,
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

pub(super) fn edged_endpoint(system: &System, hits: &mut Hits) {
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
                rule: RuleId::StreamEdgedEndpoint,
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
            && !matches!(addr, "127.0.0.1" | "0.0.0.0" | "::")
        {
            // `localhost` never listens (`<nil>:10350`, KL/pkg/kubelet/server/server.go:
            // 207-217@v1.23.1) and `::1` is not 127.0.0.1 (containerlog_connection.go:84).
            hits.push(Hit {
                rule: RuleId::StreamEdgedEndpoint,
                severity: None,
                message: format!("edged listens on {addr}; cloudStream always connects to 127.0.0.1:10350"),
                symptom: "`kubectl logs/exec/top` for {nodes} fail; from KubeEdge 1.19 a non-loopback address or `localhost` also keeps edged from syncing any pod".into(),
                fix: format!("edgecfg set EDGE {tkc}.address=127.0.0.1"),
                locations: vec![edge.place(&format!("{tkc}.address"))],
                node: Some(node.clone()),
            });
        }
    }
}

pub(super) fn metrics_server(system: &System, hits: &mut Hits) {
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
                rule: RuleId::MetricsServer,
                severity: None,
                message: format!("metrics-server ({}) scrapes the kubelet port, not the node status port", ms.name),
                symptom: "`kubectl top node` for edge nodes: \"dial tcp <node>:10250: connect: connection refused\"".into(),
                fix: "helm … --post-renderer edgecfg (profile metrics-server), or add --kubelet-use-node-status-port".into(),
                locations: vec![at.clone()],
                node: None,
            });
        }
        // Where it runs decides, host network or not: TUNNEL-PORT is jumped from nat OUTPUT
        // and PREROUTING (iptables.go:71-74@v1.23.1), but only on nodes that have the chain.
        if let Some(why) = placement_risk(system, ms).or_else(|| internal_mode_risk(system, ms)) {
            hits.push(Hit {
                rule: RuleId::MetricsServerPlacement,
                severity: None,
                message: format!("metrics-server ({}) {why}", ms.name),
                symptom: "`kubectl top` for edge nodes, on the nodes without the chain: \"dial tcp <node>:10351+: connection refused\" / timeouts".into(),
                fix: "give metrics-server a nodeSelector or affinity for the cloud nodes the iptables-manager DaemonSet runs on (not edge nodes; with tainted control-plane nodes, add matching tolerations to the iptables-manager too)".into(),
                locations: vec![ms.place("spec.template.spec")],
                node: None,
            });
        }
        // The stream server finds the session by the Host it is dialled as
        // (streamserver.go:181,190@v1.23.1), registered under the node name and the InternalIP
        // the edge reports (tunnelserver.go:158-160): an edge node dialled by its ExternalIP
        // has no session.
        let types: Vec<String> = args
            .iter()
            .find_map(|a| a.strip_prefix("--kubelet-preferred-address-types="))
            .unwrap_or("Hostname,InternalDNS,InternalIP,ExternalDNS,ExternalIP")
            .split(',')
            .map(str::to_owned)
            .collect();
        let rank = |t: &str| types.iter().position(|x| x == t).unwrap_or(usize::MAX);
        // (every Node has a Hostname address; InternalDNS is counted as present too)
        let before_names = rank("ExternalIP") < rank("Hostname").min(rank("InternalDNS"));
        let by_external: Vec<&str> = system
            .nodes
            .iter()
            .filter(|n| before_names && n.edge && n.external_ip.is_some())
            .filter(|n| n.internal_ip.is_none() || rank("ExternalIP") < rank("InternalIP"))
            .map(|n| n.name.as_str())
            .collect();
        if !by_external.is_empty() {
            hits.push(Hit {
                rule: RuleId::MetricsServer,
                severity: None,
                message: format!(
                    "metrics-server ({}) prefers ExternalIP, and edge node{} {} {} one: cloudcore's stream server keys its sessions on the node name and InternalIP only",
                    ms.name,
                    if by_external.len() == 1 { "" } else { "s" },
                    by_external.join(", "),
                    if by_external.len() == 1 { "has" } else { "have" }
                ),
                symptom: "`kubectl top node` for those nodes: \"can not find <ExternalIP>:10351 session\"".into(),
                fix: "put InternalIP first: --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname (the metrics-server profile does)".into(),
                locations: vec![at.clone()],
                node: None,
            });
        }
        if !args.iter().any(|a| a.starts_with("--kubelet-insecure-tls")) && !system.edges.is_empty()
        {
            hits.push(Hit {
                rule: RuleId::MetricsServer,
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

/// edgeStream reads the node's certificate from its own `tlsTunnel*` paths, but only edgeHub
/// writes that certificate, to its `tls*` paths. Where they differ and nothing else puts the
/// files there, edgecore exits at start: seen on a running KubeEdge 1.23.1 (tests/system,
/// `F edgestream.go:97 Failed to load x509 key pair: open /etc/kubeedge/certs/server.crt`,
/// `edge/pkg/edgestream/edgestream.go:95-97@v1.23.1`) — the "naive fix", `keadm join --set
/// modules.edgeStream.enable=true` with the certificates in a non-default directory.
fn tunnel_certs(edge: &Config, node: &str, hits: &mut Hits) {
    let pairs = [
        (
            "modules.edgeStream.tlsTunnelCertFile",
            "modules.edgeHub.tlsCertFile",
        ),
        (
            "modules.edgeStream.tlsTunnelPrivateKeyFile",
            "modules.edgeHub.tlsPrivateKeyFile",
        ),
        (
            "modules.edgeStream.tlsTunnelCAFile",
            "modules.edgeHub.tlsCaFile",
        ),
    ];
    let differ: Vec<(&str, &str, &str, &str)> = pairs
        .iter()
        .filter_map(|(t, h)| {
            let (tv, hv) = (string(edge, t)?, string(edge, h)?);
            (tv != hv).then_some((*t, tv, *h, hv))
        })
        .collect();
    let Some((_, tv, _, hv)) = differ.first() else {
        return;
    };
    let sets: Vec<String> = differ
        .iter()
        .map(|(t, _, _, hv)| format!("{t}={hv}"))
        .collect();
    hits.push(Hit {
        rule: RuleId::StreamTunnelCerts,
        severity: None,
        message: format!(
            "edgeStream reads the node certificate from `{tv}`, but edgeHub writes it to `{hv}`{}: unless something else puts the files there, edgecore exits at start",
            if differ.len() > 1 {
                format!(" ({} paths differ)", differ.len())
            } else {
                String::new()
            }
        ),
        symptom: format!("edgecore on {{nodes}} exits at start: \"Failed to load x509 key pair: open {tv}: no such file or directory\"; the node goes NotReady"),
        fix: format!(
            "edgecfg apply -p streams-on --param cloudAddress=CLOUD EDGE (it points the tunnel at edgeHub's certificate), or edgecfg set EDGE {}",
            sets.join(" ")
        ),
        locations: differ.iter().map(|(t, ..)| edge.place(t)).collect(),
        node: Some(node.to_owned()),
    });
}

/// Why metrics-server might land on a node without the iptables-manager's `TUNNEL-PORT` chain,
/// or `None` when its placement is confined to nodes that have it (as far as the inputs show).
fn placement_risk(system: &System, ms: &crate::check::inputs::Object) -> Option<String> {
    let spec = ms.get("spec.template.spec")?;
    let selector = spec.get("nodeSelector").and_then(J::as_object);
    let excludes_edge = super::kept_off_edge_nodes(spec);
    if !excludes_edge {
        return Some(
            "can be scheduled on an edge node (no nodeSelector or affinity keeps it on cloud nodes), where the TUNNEL-PORT chain is not".into(),
        );
    }
    let on_control_plane = selector.is_some_and(|s| {
        s.keys().any(|k| {
            k == "node-role.kubernetes.io/control-plane" || k == "node-role.kubernetes.io/master"
        })
    });
    let tolerates = |o: &crate::check::inputs::Object| {
        o.get("spec.template.spec")
            .is_some_and(super::tolerates_control_plane)
    };
    if on_control_plane && let Some(ds) = system.iptables_managers.iter().find(|d| !tolerates(d)) {
        return Some(format!(
            "is placed on control-plane nodes, but the iptables-manager DaemonSet ({}) does not tolerate their taints, so those nodes have no TUNNEL-PORT chain (kubeedge#4958)",
            ds.name
        ));
    }
    None
}

/// Whether a cloud config's iptables manager runs inside cloudcore (internal mode, the Go
/// default): the TUNNEL-PORT chain is then written on cloudcore's node only, in its network
/// namespace (server.go:128-133@v1.23.1).
fn iptables_internal(c: &Config) -> bool {
    b(c, "modules.iptablesManager.enable", true)
        && string(c, "modules.iptablesManager.mode").unwrap_or("internal") == "internal"
}

/// `kubernetes.io/hostname` values a pod spec is pinned to (nodeSelector, or every required
/// node-affinity term), if it is pinned.
fn pinned_hosts(spec: &J) -> Option<Vec<String>> {
    const HOST: &str = "kubernetes.io/hostname";
    if let Some(h) = spec
        .pointer("/nodeSelector")
        .and_then(|s| s.get(HOST))
        .and_then(J::as_str)
    {
        return Some(vec![h.to_owned()]);
    }
    let terms = spec
        .pointer("/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")?
        .as_array()?;
    let mut hosts = Vec::new();
    for t in terms {
        let exprs = t.get("matchExpressions").and_then(J::as_array)?;
        let e = exprs.iter().find(|e| {
            e.get("key").and_then(J::as_str) == Some(HOST)
                && e.get("operator").and_then(J::as_str) == Some("In")
        })?;
        hosts.extend(
            e.get("values")?
                .as_array()?
                .iter()
                .filter_map(J::as_str)
                .map(str::to_owned),
        );
    }
    (!hosts.is_empty()).then_some(hosts)
}

/// Whether a pod spec requires being on the same node as a pod with `labels`.
fn co_located_with(spec: &J, labels: &serde_json::Map<String, J>) -> bool {
    spec.pointer("/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution")
        .and_then(J::as_array)
        .is_some_and(|terms| {
            terms.iter().any(|t| {
                t.get("topologyKey").and_then(J::as_str) == Some("kubernetes.io/hostname")
                    && t.pointer("/labelSelector/matchLabels")
                        .and_then(J::as_object)
                        .is_some_and(|m| {
                            !m.is_empty() && m.iter().all(|(k, v)| labels.get(k) == Some(v))
                        })
            })
        })
}

/// In internal mode the chain is on cloudcore's node only: metrics-server must be pinned there
/// (to cloudcore's pinned host, or by pod affinity to cloudcore's pods).
fn internal_mode_risk(system: &System, ms: &crate::check::inputs::Object) -> Option<String> {
    // Only a cloud whose streams are on uses the chain.
    if !system
        .clouds
        .iter()
        .any(|c| b(c, "modules.cloudStream.enable", false) && iptables_internal(c))
    {
        return None;
    }
    let spec = ms.get("spec.template.spec")?;
    let deployment = system.cloudcore_deployments.first();
    if let Some(d) = deployment {
        if !d.host_network() {
            return None; // No node has the chain: iptables-placement's error says so.
        }
        let labels = d
            .get("spec.template.metadata.labels")
            .and_then(J::as_object);
        if labels.is_some_and(|l| co_located_with(spec, l)) {
            return None;
        }
        let cloudcore_hosts = d.get("spec.template.spec").and_then(pinned_hosts);
        if let (Some(cc), Some(mine)) = (cloudcore_hosts, pinned_hosts(spec))
            && mine.iter().all(|h| cc.contains(h))
        {
            return None;
        }
        return Some(format!(
            "is not pinned to cloudcore's node ({}): iptablesManager runs in internal mode, which writes the TUNNEL-PORT chain on that node only",
            d.name
        ));
    }
    // A bare cloudcore: its host is not in the inputs; a pin to some host is taken as that one.
    pinned_hosts(spec).is_none().then(|| {
        "is not pinned to cloudcore's host: iptablesManager runs in internal mode, which writes the TUNNEL-PORT chain on that host only".to_owned()
    })
}

/// Where the iptables-manager writes its rules: a DaemonSet off the host network, or internal
/// mode with cloudcore off the host network, writes them into a pod's own network namespace
/// (cloud/cmd/cloudcore/app/server.go:128-133@v1.23.1, daemonset_iptablesmanager.yaml:25), where
/// they DNAT nothing; a DaemonSet without control-plane tolerations skips kubeadm's API server
/// nodes (kubeedge#4958).
pub(super) fn iptables_placement(system: &System, cloud: &Config, e: &Exposure, hits: &mut Hits) {
    if !b(cloud, "modules.cloudStream.enable", false) {
        return;
    }
    for ds in &system.iptables_managers {
        if !ds.host_network() {
            hits.push(Hit {
                rule: RuleId::IptablesPlacement,
                severity: Some(Severity::Error),
                message: format!("the iptables-manager DaemonSet ({}) is off the host network: it writes the TUNNEL-PORT rules into its own pod's network namespace", ds.name),
                symptom: "`kubectl logs/exec/top` for edge pods: \"dial tcp <node>:10351+: connection refused\"".into(),
                fix: "chart: --set iptablesManager.hostNetWork=true (the default)".into(),
                locations: vec![ds.place("spec.template.spec.hostNetwork")],
                node: None,
            });
        }
        let tolerated = ds
            .get("spec.template.spec")
            .is_some_and(super::tolerates_control_plane);
        if !tolerated {
            hits.push(Hit {
                rule: RuleId::IptablesPlacement,
                severity: None,
                message: format!("the iptables-manager DaemonSet ({}) does not tolerate control-plane taints: on clusters whose kube-apiserver runs on tainted control-plane nodes (kubeadm), those nodes get no TUNNEL-PORT chain", ds.name),
                symptom: "`kubectl logs/exec` for edge pods from the API server on those nodes: \"dial tcp <node>:10351+: connection refused\" (kubeedge#4958)".into(),
                fix: "chart: --set-json 'iptablesManager.tolerations=[{\"key\":\"node-role.kubernetes.io/control-plane\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]'".into(),
                locations: vec![ds.place("spec.template.spec")],
                node: None,
            });
        }
    }
    let internal = iptables_internal(cloud);
    // A cloudcore Deployment moves between nodes, and the chain moves with it; kube-apiserver
    // (not among the inputs) stays. A bare cloudcore usually runs beside kube-apiserver.
    if internal
        && !matches!(&e.host_network, Some((false, _)))
        && !system.cloudcore_deployments.is_empty()
    {
        hits.push(Hit {
            rule: RuleId::IptablesPlacement,
            severity: Some(Severity::Info),
            message: "iptablesManager runs in internal mode with cloudcore as a Deployment: the TUNNEL-PORT chain is written on the node cloudcore's pod runs on only, and moves with it".into(),
            symptom: "`kubectl logs/exec/top` for edge pods, when kube-apiserver or metrics-server runs on another node: \"dial tcp <node>:10351+: connection refused\"".into(),
            fix: "run kube-apiserver and metrics-server on cloudcore's node, or use mode external with the iptables-manager DaemonSet on every node they can run on".into(),
            locations: vec![cloud.place("modules.iptablesManager")],
            node: None,
        });
    }
    if internal
        && system.chart_values.iter().all(|v| v.file != cloud.file)
        && let Some((false, at)) = &e.host_network
    {
        hits.push(Hit {
            rule: RuleId::IptablesPlacement,
            severity: Some(Severity::Error),
            message: "iptablesManager runs in internal mode while cloudcore is off the host network: the rules go into cloudcore's pod network namespace".into(),
            symptom: "`kubectl logs/exec/top` for edge pods: \"dial tcp <node>:10351+: connection refused\"".into(),
            fix: "put cloudcore on the host network (chart: cloudCore.hostNetWork=true), or use mode external with the iptables-manager DaemonSet".into(),
            locations: vec![cloud.place("modules.iptablesManager.mode"), at.clone()],
            node: None,
        });
    }
}

/// cloudStream verifies edge client certificates against `tlsTunnelCAFile`
/// (tunnelserver.go:170-206@v1.23.1); edge certificates are signed by cloudHub's CA. A tunnel
/// CA at another path than cloudHub's (with neither at the defaults) is probably another CA.
pub(super) fn tunnel_ca(cloud: &Config, hits: &mut Hits) {
    if !b(cloud, "modules.cloudStream.enable", false) {
        return;
    }
    let (Some(tunnel), Some(hub)) = (
        string(cloud, "modules.cloudStream.tlsTunnelCAFile"),
        string(cloud, "modules.cloudHub.tlsCAFile"),
    ) else {
        return;
    };
    if tunnel != hub {
        hits.push(Hit {
            rule: RuleId::StreamTunnelCa,
            severity: Some(Severity::Warning),
            message: format!("cloudStream verifies edge certificates against `{tunnel}`, but they are signed by cloudHub's CA `{hub}`: unless both files hold the same CA, every tunnel is refused"),
            symptom: "edgecore: \"TLSClientConnect error\" every 2 s; `kubectl logs/exec` for edge pods fail".into(),
            fix: format!("edgecfg set CLOUDCORE modules.cloudStream.tlsTunnelCAFile={hub}"),
            locations: vec![cloud.place("modules.cloudStream.tlsTunnelCAFile"), cloud.place("modules.cloudHub.tlsCAFile")],
            node: None,
        });
    }
}
