//! What `check` reads: every input file is split into documents and each document is
//! recognised by its content (never by its file name): CloudCore / EdgeCore configurations,
//! ConfigMaps that embed them, the cloudcore chart's Service, Deployment and iptables-manager
//! DaemonSet, the metrics-server Deployment, the cloudcore chart's values, and Nodes
//! (`kubectl get nodes -o json`).

use std::sync::Arc;

use serde_json::Value as J;

use crate::document::{Document, Location};
use crate::model::{ConfigKind, LoadedConfig, Release};

/// A place in an input file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Place {
    /// The file as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Place {
    fn at(file: &str, loc: Location) -> Place {
        Place {
            file: file.to_owned(),
            line: loc.line,
            column: loc.column,
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// How a configuration was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigSource {
    /// A `cloudcore.yaml` / `edgecore.yaml` file.
    File,
    /// A ConfigMap embedding it (alone, or in a rendered stream).
    ConfigMap,
    /// The cloudcore chart's values (`cloudCore.modules`, `cloudCore.featureGates`).
    ChartValues,
}

/// A loaded CloudCore or EdgeCore configuration and where it came from.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file.
    pub file: String,
    /// How it was given.
    pub source: ConfigSource,
    /// The configuration.
    pub config: LoadedConfig,
}

impl Config {
    /// Where the dotted path is (or would be) in the file.
    pub fn place(&self, dotted: &str) -> Place {
        Place::at(&self.file, self.config.locate(dotted))
    }

    /// The node name of an edge configuration (`edged.hostnameOverride`), if set.
    pub fn node_name(&self) -> Option<&str> {
        self.config
            .get("modules.edged.hostnameOverride")
            .and_then(J::as_str)
            .filter(|s| !s.is_empty())
    }

    /// How the configuration is named in messages: the node name, else the file.
    pub fn label(&self) -> String {
        self.node_name()
            .map_or_else(|| self.file.clone(), str::to_owned)
    }
}

/// A Kubernetes object of the system, with its fields as JSON and a way back to its text.
#[derive(Debug, Clone)]
pub struct Object {
    /// The file.
    pub file: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// The object.
    pub value: J,
    doc: Arc<Document>,
    index: usize,
}

impl Object {
    /// Where the dotted path (or its nearest existing parent) is.
    pub fn place(&self, dotted: &str) -> Place {
        let start = self.doc.documents()[self.index]
            .root
            .as_ref()
            .map_or(0, |r| r.start);
        let offset = self.doc.nearest_start(self.index, dotted).unwrap_or(start);
        Place::at(&self.file, self.doc.location(offset))
    }

    /// The value at a dotted path.
    pub fn get(&self, dotted: &str) -> Option<&J> {
        dotted.split('.').try_fold(&self.value, |v, k| match v {
            J::Array(a) => a.get(k.parse::<usize>().ok()?),
            _ => v.get(k),
        })
    }

    /// The pod spec path of a workload (`spec.template.spec`).
    pub const POD_SPEC: &'static str = "spec.template.spec";

    /// The index of the first container whose name or image contains `needle`.
    pub fn container(&self, needle: &str) -> Option<usize> {
        self.get("spec.template.spec.containers")?
            .as_array()?
            .iter()
            .position(|c| {
                ["name", "image"].iter().any(|k| {
                    c.get(k)
                        .and_then(J::as_str)
                        .is_some_and(|s| s.contains(needle))
                })
            })
    }

    /// A container's args and command, in order.
    pub fn container_args(&self, index: usize) -> Vec<String> {
        let c = self.get(&format!("spec.template.spec.containers.{index}"));
        ["command", "args"]
            .iter()
            .filter_map(|k| c.and_then(|c| c.get(k)).and_then(J::as_array))
            .flatten()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect()
    }

    /// `spec.template.spec.hostNetwork` (false when absent).
    pub fn host_network(&self) -> bool {
        self.get("spec.template.spec.hostNetwork")
            .and_then(J::as_bool)
            .unwrap_or(false)
    }
}

/// A Node from an inventory (`kubectl get nodes -o json`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct NodeInfo {
    /// `metadata.name`.
    pub name: String,
    /// The first InternalIP.
    pub internal_ip: Option<String>,
    /// The first ExternalIP.
    pub external_ip: Option<String>,
    /// `status.daemonEndpoints.kubeletEndpoint.Port`.
    pub kubelet_port: Option<u64>,
    /// `status.nodeInfo.kubeletVersion` (`v1.29.5-kubeedge-v1.20.0` on an edge node).
    pub kubelet_version: Option<String>,
    /// Labelled `node-role.kubernetes.io/edge`.
    pub edge: bool,
    /// Where the node is in the inventory.
    #[serde(skip)]
    pub place: Place,
}

impl NodeInfo {
    /// The KubeEdge release in the kubelet version of an edge node.
    pub fn kubeedge_release(&self) -> Option<Release> {
        let v = self.kubelet_version.as_deref()?;
        let (_, ke) = v.split_once("-kubeedge-")?;
        Release::parse_any(ke.trim_start_matches('v'))
    }
}

/// An X.509 certificate from a PEM file (an edge node's `server.crt`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Certificate {
    /// The file.
    pub file: String,
    /// The subject's common name.
    pub common_name: Option<String>,
    /// Where the certificate starts in the file.
    #[serde(skip)]
    pub place: Place,
}

/// The certificates of a PEM text: (common name, byte offset of the `BEGIN` line).
fn pem_certificates(text: &str) -> Vec<(Option<String>, usize)> {
    let mut out = Vec::new();
    for (begin, _) in text.match_indices("-----BEGIN CERTIFICATE-----") {
        let Ok((_, pem)) = x509_parser::pem::parse_x509_pem(&text.as_bytes()[begin..]) else {
            continue;
        };
        let Ok(cert) = pem.parse_x509() else { continue };
        let cn = cert
            .subject()
            .iter_common_name()
            .next()
            .and_then(|a| a.as_str().ok())
            .map(str::to_owned);
        out.push((cn, begin));
    }
    out
}

/// The cloudcore chart's values that are not configuration (how cloudcore is exposed).
#[derive(Debug, Clone)]
pub struct ChartValues {
    /// The values file.
    pub file: String,
    /// The values.
    pub value: J,
    doc: Arc<Document>,
    index: usize,
}

impl ChartValues {
    /// The value at a dotted path.
    pub fn get(&self, dotted: &str) -> Option<&J> {
        dotted.split('.').try_fold(&self.value, |v, k| v.get(k))
    }

    /// Where the dotted path (or its nearest parent) is.
    pub fn place(&self, dotted: &str) -> Place {
        let offset = self.doc.nearest_start(self.index, dotted).unwrap_or(0);
        Place::at(&self.file, self.doc.location(offset))
    }
}

/// An EdgeMesh agent's configuration: its chart's values (`agent.*`), or the rendered
/// `edgemesh-agent.yaml` of its ConfigMap. Only `kubeAPIConfig` is read.
#[derive(Debug, Clone)]
pub struct EdgeMesh {
    /// The file.
    pub file: String,
    /// `kubeAPIConfig` as written (EdgeMesh's defaults are applied by the rules).
    pub kube_api: J,
    /// Where `kubeAPIConfig.metaServer.server` is (or the config, when not given).
    pub server_at: Place,
    /// Where `kubeAPIConfig.metaServer.security.requireAuthorization` is (or the nearest).
    pub security_at: Place,
}

/// Everything `check` found in its inputs.
#[derive(Debug, Default)]
pub struct System {
    /// Cloud configurations (cloudcore.yaml, its ConfigMap, the chart's values).
    pub clouds: Vec<Config>,
    /// Edge configurations (one per node).
    pub edges: Vec<Config>,
    /// metrics-server Deployments.
    pub metrics_servers: Vec<Object>,
    /// The cloudcore Service(s).
    pub cloudcore_services: Vec<Object>,
    /// The cloudcore Deployment(s).
    pub cloudcore_deployments: Vec<Object>,
    /// The iptables-manager DaemonSet(s).
    pub iptables_managers: Vec<Object>,
    /// Prometheus Operator `Prometheus` resources (their monitor selectors).
    pub prometheuses: Vec<Object>,
    /// The monitoring stack's cloud-side workloads: Alertmanager resources, and the
    /// Deployments and StatefulSets of Grafana, kube-state-metrics and the Prometheus Operator.
    pub monitoring_workloads: Vec<Object>,
    /// ServiceMonitors, PodMonitors, Probes and ScrapeConfigs (Prometheus Operator).
    pub monitors: Vec<Object>,
    /// EdgeMesh agent configurations.
    pub edgemesh: Vec<EdgeMesh>,
    /// Secrets (only their key names are read: what a Deployment's secret volume provides).
    pub secrets: Vec<Object>,
    /// The cloudcore chart's values.
    pub chart_values: Vec<ChartValues>,
    /// Nodes from an inventory.
    pub nodes: Vec<NodeInfo>,
    /// Certificates (PEM files), by file.
    pub certificates: Vec<Certificate>,
    /// What each input file held, for the summary.
    pub inputs: Vec<InputSummary>,
}

/// What one input file held.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputSummary {
    /// The file.
    pub file: String,
    /// What was recognised in it, e.g. `cloud config (ConfigMap)`, `2 nodes`.
    pub found: Vec<String>,
    /// Why it could not be read or parsed ([`System::add_unreadable`]); nothing in it was
    /// checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Unreadable>,
}

/// An input that could not be read or parsed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unreadable {
    /// Where the parser stopped (line 0: the file could not be read).
    pub line: usize,
    /// Column there.
    pub column: usize,
    /// The reader's or parser's message.
    pub message: String,
}

/// The parts of an edge configuration's effective config the rules read (the rest is dropped
/// from [`LoadedConfig::effective`] of edge configs, which keeps a 10,000-node fleet in memory).
pub const EDGE_PATHS: &[&str] = &[
    "modules.edgeHub",
    "modules.edgeStream",
    "modules.edged.hostnameOverride",
    "modules.edged.nodeIP",
    "modules.edged.tailoredKubeletConfig.address",
    "modules.edged.tailoredKubeletConfig.readOnlyPort",
    "modules.edged.tailoredKubeletConfig.clusterDNS",
    "modules.edged.tailoredKubeletConfig.clusterDomain",
    "modules.metaManager.metaServer.enable",
    "modules.metaManager.metaServer.server",
    "modules.taskManager.enable",
    "featureGates",
];

/// Containers (name or image) of the monitoring stack's cloud-side workloads
/// (kube-prometheus-stack's Grafana, kube-state-metrics and operator).
const MONITORING_CONTAINERS: &[&str] = &["grafana", "kube-state-metrics", "prometheus-operator"];

/// The EdgeMesh chart's values: an `agent` mapping with the agent's image, config or PSK.
fn is_edgemesh_values(value: &J) -> bool {
    let Some(agent) = value.get("agent").and_then(J::as_object) else {
        return false;
    };
    agent
        .get("image")
        .and_then(J::as_str)
        .is_some_and(|i| i.contains("edgemesh-agent"))
        || ["kubeAPIConfig", "psk", "relayNodes", "metaServerSecret"]
            .iter()
            .any(|k| agent.contains_key(*k))
}

/// Keeps only `paths` (dotted) of `v`.
fn prune(v: &mut J, paths: &[&str]) {
    let mut out = J::Object(Default::default());
    for p in paths {
        let mut src = &*v;
        let mut ok = true;
        for k in p.split('.') {
            match src.get(k) {
                Some(x) => src = x,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            continue;
        }
        let value = src.clone();
        let mut dst = &mut out;
        let keys: Vec<&str> = p.split('.').collect();
        for (i, k) in keys.iter().enumerate() {
            let map = dst.as_object_mut().expect("objects on the way");
            if i + 1 == keys.len() {
                map.insert((*k).to_owned(), value.clone());
                break;
            }
            dst = map
                .entry((*k).to_owned())
                .or_insert_with(|| J::Object(Default::default()));
        }
    }
    *v = out;
}

/// A Node's first address of `kind` (`InternalIP`, `ExternalIP`).
fn address(node: &J, kind: &str) -> Option<String> {
    node.pointer("/status/addresses")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .find(|a| a.get("type").and_then(J::as_str) == Some(kind))
        .and_then(|a| a.get("address").and_then(J::as_str))
        .map(str::to_owned)
}

fn labels(v: &J) -> impl Iterator<Item = (&str, &str)> {
    v.pointer("/metadata/labels")
        .and_then(J::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or("")))
}

impl System {
    /// Whether `text` is a PEM file with certificates (added with [`System::add_pem`]).
    pub fn is_pem(text: &str) -> bool {
        text.contains("-----BEGIN CERTIFICATE-----")
    }

    /// Adds the certificates of a PEM file.
    pub fn add_pem(&mut self, file: &str, text: &str) {
        let certs = pem_certificates(text);
        for (cn, offset) in &certs {
            self.certificates.push(Certificate {
                file: file.to_owned(),
                common_name: cn.clone(),
                place: Place::at(file, Location::of(text, *offset)),
            });
        }
        self.inputs.push(InputSummary {
            file: file.to_owned(),
            error: None,
            found: if certs.is_empty() {
                vec![]
            } else {
                vec![format!(
                    "{} certificate{}",
                    certs.len(),
                    if certs.len() == 1 { "" } else { "s" }
                )]
            },
        });
    }

    /// Adds the documents of one parsed file. `release` overrides the release chosen per
    /// configuration (`--kubeedge-version`).
    pub fn add(&mut self, file: &str, doc: Document, release: Option<Release>) {
        let doc = Arc::new(doc);
        let mut found = Vec::new();
        for index in 0..doc.documents().len() {
            if doc.documents()[index].root.is_none() {
                continue;
            }
            let Some(value) = doc
                .value(index)
                .ok()
                .and_then(|v| v.resolve_merge_keys().to_json().ok())
            else {
                continue;
            };
            if let Some(what) = self.add_document(file, &doc, index, &value, release) {
                found.push(what);
            }
        }
        self.inputs.push(InputSummary {
            file: file.to_owned(),
            found,
            error: None,
        });
    }

    /// Records an input that could not be read or parsed, so that the report says what it
    /// left out (`check` goes on with the other files). `line` 0: unreadable as a whole.
    pub fn add_unreadable(&mut self, file: &str, line: usize, column: usize, message: &str) {
        self.inputs.push(InputSummary {
            file: file.to_owned(),
            found: Vec::new(),
            error: Some(Unreadable {
                line,
                column,
                message: message.to_owned(),
            }),
        });
    }

    fn add_document(
        &mut self,
        file: &str,
        doc: &Arc<Document>,
        index: usize,
        value: &J,
        release: Option<Release>,
    ) -> Option<String> {
        if let Some(config) = LoadedConfig::load(doc, index, release) {
            let source = if config.embedded_key().is_some() {
                ConfigSource::ConfigMap
            } else {
                ConfigSource::File
            };
            let side = match config.kind {
                ConfigKind::CloudCore => "cloud",
                ConfigKind::EdgeCore => "edge",
            };
            let what = format!(
                "{side} config{} (KubeEdge {})",
                if source == ConfigSource::ConfigMap {
                    " in a ConfigMap"
                } else {
                    ""
                },
                config.release.release
            );
            let mut c = Config {
                file: file.to_owned(),
                source,
                config,
            };
            if c.config.kind == ConfigKind::EdgeCore {
                // A fleet has thousands of these: keep only what the rules read.
                prune(&mut c.config.effective, EDGE_PATHS);
            }
            match c.config.kind {
                ConfigKind::CloudCore => self.clouds.push(c),
                ConfigKind::EdgeCore => self.edges.push(c),
            }
            return Some(what);
        }
        if let Ok(v) = doc.value(index) {
            let legacy = match crate::model::detect(&v) {
                crate::model::Detected::LegacyEdge => true,
                crate::model::Detected::ConfigMap { key } => key == "edge.yaml",
                _ => false,
            };
            if legacy {
                return Some(
                    "a pre-1.0 edge.yaml (not read by current edgecore; not checked)".into(),
                );
            }
        }
        let kind = value.get("kind").and_then(J::as_str).unwrap_or("");
        let name = value
            .pointer("/metadata/name")
            .and_then(J::as_str)
            .unwrap_or("")
            .to_owned();
        let object = || Object {
            file: file.to_owned(),
            kind: kind.to_owned(),
            name: name.clone(),
            value: value.clone(),
            doc: doc.clone(),
            index,
        };
        match kind {
            "Deployment" => {
                let o = object();
                if o.container("metrics-server").is_some() {
                    self.metrics_servers.push(o);
                    return Some("metrics-server Deployment".into());
                }
                if o.container("cloudcore").is_some() {
                    self.cloudcore_deployments.push(o);
                    return Some("cloudcore Deployment".into());
                }
                self.monitoring_workload(o)
            }
            "StatefulSet" => self.monitoring_workload(object()),
            "Alertmanager"
                if value
                    .get("apiVersion")
                    .and_then(J::as_str)
                    .is_some_and(|v| v.starts_with("monitoring.coreos.com/")) =>
            {
                self.monitoring_workloads.push(object());
                Some(format!("Alertmanager {name}"))
            }
            "Prometheus" | "ServiceMonitor" | "PodMonitor" | "Probe" | "ScrapeConfig"
                if value
                    .get("apiVersion")
                    .and_then(J::as_str)
                    .is_some_and(|v| v.starts_with("monitoring.coreos.com/")) =>
            {
                let o = object();
                let what = format!("{kind} {name}");
                if kind == "Prometheus" {
                    self.prometheuses.push(o);
                } else {
                    self.monitors.push(o);
                }
                Some(what)
            }
            "DaemonSet" => {
                let o = object();
                if o.container("iptables-manager").is_some() {
                    self.iptables_managers.push(o);
                    return Some("iptables-manager DaemonSet".into());
                }
                None
            }
            "ConfigMap" => {
                let text = value
                    .pointer("/data/edgemesh-agent.yaml")
                    .and_then(J::as_str)?;
                let o = object();
                // The embedded text is a YAML document of its own; a broken one is reported by
                // EdgeMesh, not here.
                let parsed = Document::parse(text.to_owned())
                    .ok()
                    .and_then(|d| d.value(0).ok().and_then(|v| v.to_json().ok()))
                    .unwrap_or(J::Null);
                let at = o.place("data.edgemesh-agent.yaml");
                self.edgemesh.push(EdgeMesh {
                    file: file.to_owned(),
                    kube_api: parsed.get("kubeAPIConfig").cloned().unwrap_or(J::Null),
                    server_at: at.clone(),
                    security_at: at,
                });
                Some(format!("EdgeMesh agent config (ConfigMap {name})"))
            }
            "Secret" => {
                // Not an input of its own: read only to resolve secret volumes.
                self.secrets.push(object());
                None
            }
            "Service" => {
                let cloudcore = name == "cloudcore"
                    || labels(value).any(|(k, v)| k == "kubeedge" && v == "cloudcore");
                if cloudcore {
                    self.cloudcore_services.push(object());
                    return Some("cloudcore Service".into());
                }
                None
            }
            "Node" | "List" | "NodeList" => {
                let before = self.nodes.len();
                let items: Vec<(String, &J)> = if kind == "Node" {
                    vec![(String::new(), value)]
                } else {
                    value
                        .get("items")
                        .and_then(J::as_array)
                        .into_iter()
                        .flatten()
                        .enumerate()
                        .map(|(i, v)| (format!("items.{i}"), v))
                        .collect()
                };
                for (path, item) in items {
                    if item.get("kind").and_then(J::as_str) != Some("Node") {
                        continue;
                    }
                    let at = |p: &str| {
                        let dotted = if path.is_empty() {
                            p.to_owned()
                        } else {
                            format!("{path}.{p}")
                        };
                        let offset = doc.nearest_start(index, &dotted).unwrap_or(0);
                        Place::at(file, doc.location(offset))
                    };
                    self.nodes.push(NodeInfo {
                        name: item
                            .pointer("/metadata/name")
                            .and_then(J::as_str)
                            .unwrap_or("")
                            .to_owned(),
                        internal_ip: address(item, "InternalIP"),
                        external_ip: address(item, "ExternalIP"),
                        kubelet_port: item
                            .pointer("/status/daemonEndpoints/kubeletEndpoint/Port")
                            .and_then(J::as_u64),
                        kubelet_version: item
                            .pointer("/status/nodeInfo/kubeletVersion")
                            .and_then(J::as_str)
                            .map(str::to_owned),
                        edge: labels(item).any(|(k, _)| k == "node-role.kubernetes.io/edge"),
                        place: at("metadata.name"),
                    });
                }
                let n = self.nodes.len() - before;
                (n > 0).then(|| format!("{n} node{}", if n == 1 { "" } else { "s" }))
            }
            "" if value.pointer("/cloudCore/modules").is_some() => {
                let config = LoadedConfig::from_values(
                    doc,
                    index,
                    "cloudCore",
                    ConfigKind::CloudCore,
                    release,
                )?;
                self.clouds.push(Config {
                    file: file.to_owned(),
                    source: ConfigSource::ChartValues,
                    config,
                });
                self.chart_values.push(ChartValues {
                    file: file.to_owned(),
                    value: value.clone(),
                    doc: doc.clone(),
                    index,
                });
                Some("cloudcore chart values".into())
            }
            "" if is_edgemesh_values(value) => {
                let at = |dotted: &str| {
                    let offset = doc.nearest_start(index, dotted).unwrap_or(0);
                    Place::at(file, doc.location(offset))
                };
                self.edgemesh.push(EdgeMesh {
                    file: file.to_owned(),
                    kube_api: value
                        .pointer("/agent/kubeAPIConfig")
                        .cloned()
                        .unwrap_or(J::Null),
                    server_at: at("agent.kubeAPIConfig.metaServer.server"),
                    security_at: at("agent.kubeAPIConfig.metaServer.security.requireAuthorization"),
                });
                Some("EdgeMesh chart values".into())
            }
            _ => None,
        }
    }

    /// A Deployment or StatefulSet of the monitoring stack's cloud side, by its main container.
    fn monitoring_workload(&mut self, o: Object) -> Option<String> {
        let which = MONITORING_CONTAINERS
            .iter()
            .find(|c| o.container(c).is_some())?;
        let what = format!("{which} {}", o.kind);
        self.monitoring_workloads.push(o);
        Some(what)
    }

    /// One line: "1 cloud config (chart render), 212 edge configs, 1 metrics-server
    /// Deployment, 214 nodes".
    pub fn summary(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        let mut how: Vec<(&str, usize)> = Vec::new();
        for c in &self.clouds {
            let h = match c.source {
                ConfigSource::File => "file",
                // A render holds the ConfigMap with the Deployment that mounts it.
                ConfigSource::ConfigMap
                    if self.cloudcore_deployments.iter().any(|d| d.file == c.file) =>
                {
                    "chart render"
                }
                ConfigSource::ConfigMap => "ConfigMap",
                ConfigSource::ChartValues => "chart values",
            };
            match how.iter_mut().find(|(x, _)| *x == h) {
                Some((_, n)) => *n += 1,
                None => how.push((h, 1)),
            }
        }
        let how: Vec<String> = how
            .iter()
            .map(|(h, n)| {
                if self.clouds.len() == 1 {
                    (*h).to_owned()
                } else {
                    format!("{n} {h}")
                }
            })
            .collect();
        parts.push(format!(
            "{}{}",
            plural(self.clouds.len(), "cloud config", "cloud configs"),
            if how.is_empty() {
                String::new()
            } else {
                format!(" ({})", how.join(", "))
            }
        ));
        parts.push(plural(self.edges.len(), "edge config", "edge configs"));
        let objects: [(usize, &str, &str); 10] = [
            (
                self.metrics_servers.len(),
                "metrics-server Deployment",
                "metrics-server Deployments",
            ),
            (
                self.cloudcore_deployments.len(),
                "cloudcore Deployment",
                "cloudcore Deployments",
            ),
            (
                self.cloudcore_services.len(),
                "cloudcore Service",
                "cloudcore Services",
            ),
            (
                self.iptables_managers.len(),
                "iptables-manager DaemonSet",
                "iptables-manager DaemonSets",
            ),
            (self.prometheuses.len(), "Prometheus", "Prometheuses"),
            (
                self.monitoring_workloads.len(),
                "monitoring workload (Alertmanager, Grafana, kube-state-metrics, operator)",
                "monitoring workloads (Alertmanager, Grafana, kube-state-metrics, operator)",
            ),
            (
                self.monitors.len(),
                "monitor (ServiceMonitor, PodMonitor, Probe, ScrapeConfig)",
                "monitors (ServiceMonitor, PodMonitor, Probe, ScrapeConfig)",
            ),
            (
                self.edgemesh.len(),
                "EdgeMesh agent config",
                "EdgeMesh agent configs",
            ),
            (self.nodes.len(), "node", "nodes"),
            (self.certificates.len(), "certificate", "certificates"),
        ];
        for (n, one, many) in objects {
            if n > 0 {
                parts.push(plural(n, one, many));
            }
        }
        parts.join(", ")
    }
}
