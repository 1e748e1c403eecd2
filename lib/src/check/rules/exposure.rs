//! How edges reach cloudcore: on the host network, through the cloudcore Service's NodePorts
//! or LoadBalancer, as the chart render (or its values) says.

use serde_json::Value as J;

use crate::check::inputs::{Config, ConfigSource, Object, Place, System};

/// A port of the cloudcore Service (or of the chart values that render it).
#[derive(Debug, Clone)]
pub(super) struct SvcPort {
    pub(super) name: String,
    pub(super) target: Option<u64>,
    pub(super) port: Option<u64>,
    pub(super) node_port: Option<u64>,
    pub(super) place: Place,
}

/// How edges reach cloudcore: on the host network, or through the Service.
#[derive(Debug, Default)]
pub(super) struct Exposure {
    pub(super) host_network: Option<(bool, Place)>,
    pub(super) service_type: Option<String>,
    pub(super) ports: Vec<SvcPort>,
    pub(super) replicas: Option<(i64, Place)>,
}

/// The chart's Service ports: name, the cloudcore port, the values key of its NodePort.
const CHART_PORTS: &[(&str, u64, &str)] = &[
    ("cloudhub", 10000, "cloudhubNodePort"),
    ("cloudhub-quic", 10001, "cloudhubQuicNodePort"),
    ("cloudhub-https", 10002, "cloudhubHttpsNodePort"),
    ("cloudstream", 10003, "cloudstreamNodePort"),
    ("tunnelport", 10004, "tunnelNodePort"),
];

pub(super) fn exposure(system: &System, cloud: &Config) -> Exposure {
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
    pub(super) fn reachable(&self, port: u64, name: &str) -> Vec<(u64, String)> {
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

    pub(super) fn describe(&self) -> String {
        match (&self.host_network, self.service_type.as_deref()) {
            (Some((false, _)), Some(t)) => {
                format!("cloudcore is off the host network behind a {t} Service")
            }
            (Some((true, _)), _) => "cloudcore is on the host network".to_owned(),
            _ => "cloudcore's exposure is not in the inputs (no Deployment or Service)".to_owned(),
        }
    }
}
