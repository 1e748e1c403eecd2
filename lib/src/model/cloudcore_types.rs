//! CloudCore configuration types (`cloudcore.config.kubeedge.io/v1alpha1`, kind `CloudCore`).
//!
//! Generated once by `tools/gen-model.py` from the field tables of the KubeEdge v1.23.1
//! reference, then owned here. Every field carries its exact YAML key and its default.
// Explicit Default impls spell out KubeEdge's defaults, even where they equal Rust's.
#![allow(clippy::derivable_impls)]

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::types::{GoDuration, IptablesMode, json_object};

/// The root of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CloudCoreConfig {
    /// API version. KubeEdge never checks it on load; the chart writes `cloudcore.config.kubeedge.io/v1alpha2` for cloudcore, which is read exactly like v1alpha1.
    ///
    /// Go type `string (from embedded metav1.TypeMeta)`; KubeEdge v1.23.1 default: `cloudcore.config.kubeedge.io/v1alpha1`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Kind (`CloudCore` or `EdgeCore`); never checked on load.
    ///
    /// Go type `string (from embedded metav1.TypeMeta)`; KubeEdge v1.23.1 default: `CloudCore`.
    #[serde(rename = "kind")]
    pub kind: String,
    /// `commonConfig`.
    ///
    /// Go type `*CommonConfig`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "commonConfig")]
    pub common_config: CommonConfig,
    /// `kubeAPIConfig`.
    ///
    /// Go type `*KubeAPIConfig`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "kubeAPIConfig")]
    pub kube_api_config: KubeAPIConfig,
    /// `modules`.
    ///
    /// Go type `*Modules`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "modules")]
    pub modules: Modules,
    /// Feature gates. An unknown gate name is fatal at start-up.
    ///
    /// Go type `map[string]bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "featureGates")]
    pub feature_gates: BTreeMap<String, bool>,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CloudCoreConfig {
    fn default() -> Self {
        Self {
            api_version: "cloudcore.config.kubeedge.io/v1alpha1".to_owned(),
            kind: "CloudCore".to_owned(),
            common_config: CommonConfig::default(),
            kube_api_config: KubeAPIConfig::default(),
            modules: Modules::default(),
            feature_gates: Default::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// Settings shared by all cloudcore modules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CommonConfig {
    /// The tunnel port of this cloudcore. Overwritten at every start by the port negotiation (the first cloudcore gets 10351), so setting it has no lasting effect.
    ///
    /// Go type `int`; KubeEdge v1.23.1 default: `10350`.
    #[serde(rename = "tunnelPort")]
    pub tunnel_port: i64,
    /// `commonConfig.monitorServer`.
    ///
    /// Go type `MonitorServer`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "monitorServer")]
    pub monitor_server: MonitorServer,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CommonConfig {
    fn default() -> Self {
        Self {
            tunnel_port: 10350,
            monitor_server: MonitorServer::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// The Prometheus `/metrics` (and pprof) endpoint of cloudcore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct MonitorServer {
    /// `IP:port` of the metrics endpoint. Must be a literal IP (`localhost:9091` is rejected). Bind to a routable address for Prometheus to scrape cloudcore.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `127.0.0.1:9091`.
    #[serde(rename = "bindAddress")]
    pub bind_address: String,
    /// Serves pprof on the monitor server.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "enableProfiling")]
    pub enable_profiling: bool,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for MonitorServer {
    fn default() -> Self {
        Self {
            bind_address: "127.0.0.1:9091".to_owned(),
            enable_profiling: Default::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// How cloudcore talks to the Kubernetes API server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct KubeAPIConfig {
    /// `kubeAPIConfig.master`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `""`.
    #[serde(rename = "master")]
    pub master: String,
    /// `kubeAPIConfig.contentType`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `application/vnd.kubernetes.protobuf`.
    #[serde(rename = "contentType")]
    pub content_type: String,
    /// API QPS. cloudcore forces it to 5 × nodeLimit at start (and rewrites its ConfigMap if it differs).
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `2500`.
    #[serde(rename = "qps")]
    pub qps: i32,
    /// API burst. cloudcore forces it to 10 × nodeLimit at start.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `5000`.
    #[serde(rename = "burst")]
    pub burst: i32,
    /// Path of a kubeconfig; empty means in-cluster. When set it must be absolute and exist.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `""`.
    #[serde(rename = "kubeConfig")]
    pub kube_config: String,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for KubeAPIConfig {
    fn default() -> Self {
        Self {
            master: "".to_owned(),
            content_type: "application/vnd.kubernetes.protobuf".to_owned(),
            qps: 2500,
            burst: 5000,
            kube_config: "".to_owned(),
            unknown: BTreeMap::new(),
        }
    }
}

/// The modules of the daemon, each with an `enable` switch. A module set to `null` crashes the daemon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Modules {
    /// `modules.cloudHub`.
    ///
    /// Go type `*CloudHub`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "cloudHub")]
    pub cloud_hub: CloudHub,
    /// `modules.edgeController`.
    ///
    /// Go type `*EdgeController`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "edgeController")]
    pub edge_controller: EdgeController,
    /// `modules.deviceController`.
    ///
    /// Go type `*DeviceController`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "deviceController")]
    pub device_controller: DeviceController,
    /// `modules.taskManager`.
    ///
    /// Go type `*TaskManager`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "taskManager")]
    pub task_manager: TaskManager,
    /// `modules.syncController`.
    ///
    /// Go type `*SyncController`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "syncController")]
    pub sync_controller: SyncController,
    /// `modules.dynamicController`.
    ///
    /// Go type `*DynamicController`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "dynamicController")]
    pub dynamic_controller: DynamicController,
    /// `modules.cloudStream`.
    ///
    /// Go type `*CloudStream`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "cloudStream")]
    pub cloud_stream: CloudStream,
    /// `modules.router`.
    ///
    /// Go type `*Router`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "router")]
    pub router: Router,
    /// `modules.iptablesManager`.
    ///
    /// Go type `*IptablesManager`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "iptablesManager")]
    pub iptables_manager: IptablesManager,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for Modules {
    fn default() -> Self {
        Self {
            cloud_hub: CloudHub::default(),
            edge_controller: EdgeController::default(),
            device_controller: DeviceController::default(),
            task_manager: TaskManager::default(),
            sync_controller: SyncController::default(),
            dynamic_controller: DynamicController::default(),
            cloud_stream: CloudStream::default(),
            router: Router::default(),
            iptables_manager: IptablesManager::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// CloudHub: the endpoints edge nodes connect to (WebSocket 10000, QUIC 10001, HTTPS 10002 for certificates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CloudHub {
    /// Enables CloudHub. `cloudcore --minconfig` prints `false` here, which leaves edge nodes nothing to connect to.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.cloudHub.keepaliveInterval`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `30`.
    #[serde(rename = "keepaliveInterval")]
    pub keepalive_interval: i32,
    /// Maximum number of edge nodes (the default is 500, not the 1000 the upstream comment says).
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `500`.
    #[serde(rename = "nodeLimit")]
    pub node_limit: i32,
    /// `modules.cloudHub.tlsCAFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/ca/rootCA.crt`.
    #[serde(rename = "tlsCAFile")]
    pub tls_ca_file: String,
    /// `modules.cloudHub.tlsCAKeyFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/ca/rootCA.key`.
    #[serde(rename = "tlsCAKeyFile")]
    pub tls_ca_key_file: String,
    /// `modules.cloudHub.tlsCertFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.crt`.
    #[serde(rename = "tlsCertFile")]
    pub tls_cert_file: String,
    /// `modules.cloudHub.tlsPrivateKeyFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.key`.
    #[serde(rename = "tlsPrivateKeyFile")]
    pub tls_private_key_file: String,
    /// `modules.cloudHub.writeTimeout`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `30`.
    #[serde(rename = "writeTimeout")]
    pub write_timeout: i32,
    /// `modules.cloudHub.quic`.
    ///
    /// Go type `*CloudHubQUIC`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "quic")]
    pub quic: CloudHubQUIC,
    /// `modules.cloudHub.unixsocket`.
    ///
    /// Go type `*CloudHubUnixSocket`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "unixsocket")]
    pub unixsocket: CloudHubUnixSocket,
    /// `modules.cloudHub.websocket`.
    ///
    /// Go type `*CloudHubWebSocket`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "websocket")]
    pub websocket: CloudHubWebSocket,
    /// `modules.cloudHub.https`.
    ///
    /// Go type `*CloudHubHTTPS`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "https")]
    pub https: CloudHubHTTPS,
    /// Addresses edge nodes use to reach cloudcore; they become the IP SANs of the CloudHub certificate. Must not be empty (`[""]` is a chart default that passes the length check but is useless).
    ///
    /// Go type `[]string`; KubeEdge v1.23.1 default: `["192.168.0.10"]`.
    #[serde(rename = "advertiseAddress")]
    pub advertise_address: Vec<String>,
    /// DNS SANs of the CloudHub certificate.
    ///
    /// Go type `[]string`; KubeEdge v1.23.1 default: `[""]`.
    #[serde(rename = "dnsNames")]
    pub dns_names: Vec<String>,
    /// Validity of edge certificates in **days**, as a bare integer (`365d` is a decode error).
    ///
    /// Go type `time.Duration`; KubeEdge v1.23.1 default: `365`.
    #[serde(rename = "edgeCertSigningDuration")]
    pub edge_cert_signing_duration: i64,
    /// Token refresh interval in **hours**, as a bare integer; must be positive.
    ///
    /// Go type `time.Duration`; KubeEdge v1.23.1 default: `12`.
    #[serde(rename = "tokenRefreshDuration")]
    pub token_refresh_duration: i64,
    /// `modules.cloudHub.authorization`.
    ///
    /// Go type `*CloudHubAuthorization`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "authorization")]
    pub authorization: CloudHubAuthorization,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CloudHub {
    fn default() -> Self {
        Self {
            enable: true,
            keepalive_interval: 30,
            node_limit: 500,
            tls_ca_file: "/etc/kubeedge/ca/rootCA.crt".to_owned(),
            tls_ca_key_file: "/etc/kubeedge/ca/rootCA.key".to_owned(),
            tls_cert_file: "/etc/kubeedge/certs/server.crt".to_owned(),
            tls_private_key_file: "/etc/kubeedge/certs/server.key".to_owned(),
            write_timeout: 30,
            quic: CloudHubQUIC::default(),
            unixsocket: CloudHubUnixSocket::default(),
            websocket: CloudHubWebSocket::default(),
            https: CloudHubHTTPS::default(),
            advertise_address: vec!["192.168.0.10".to_owned()],
            dns_names: vec!["".to_owned()],
            edge_cert_signing_duration: 365,
            token_refresh_duration: 12,
            authorization: CloudHubAuthorization::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.cloudHub.quic`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CloudHubQUIC {
    /// `modules.cloudHub.quic.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// Listen address; must be a valid IP even when QUIC is disabled.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `0.0.0.0`.
    #[serde(rename = "address")]
    pub address: String,
    /// QUIC port (1–65535).
    ///
    /// Go type `uint32`; KubeEdge v1.23.1 default: `10001`.
    #[serde(rename = "port")]
    pub port: u32,
    /// `modules.cloudHub.quic.maxIncomingStreams`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `10000`.
    #[serde(rename = "maxIncomingStreams")]
    pub max_incoming_streams: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CloudHubQUIC {
    fn default() -> Self {
        Self {
            enable: false,
            address: "0.0.0.0".to_owned(),
            port: 10001,
            max_incoming_streams: 10000,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.cloudHub.unixsocket`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CloudHubUnixSocket {
    /// `modules.cloudHub.unixsocket.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// Unix socket address; must start with `unix://`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `unix:///var/lib/kubeedge/kubeedge.sock`.
    #[serde(rename = "address")]
    pub address: String,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CloudHubUnixSocket {
    fn default() -> Self {
        Self {
            enable: true,
            address: "unix:///var/lib/kubeedge/kubeedge.sock".to_owned(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.cloudHub.websocket`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CloudHubWebSocket {
    /// `modules.cloudHub.websocket.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// Listen address; must be a valid IP even when WebSocket is disabled.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `0.0.0.0`.
    #[serde(rename = "address")]
    pub address: String,
    /// WebSocket port edge nodes connect to (1–65535).
    ///
    /// Go type `uint32`; KubeEdge v1.23.1 default: `10000`.
    #[serde(rename = "port")]
    pub port: u32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CloudHubWebSocket {
    fn default() -> Self {
        Self {
            enable: true,
            address: "0.0.0.0".to_owned(),
            port: 10000,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.cloudHub.https`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CloudHubHTTPS {
    /// `modules.cloudHub.https.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.cloudHub.https.address`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `0.0.0.0`.
    #[serde(rename = "address")]
    pub address: String,
    /// HTTPS port for certificate requests (1–65535).
    ///
    /// Go type `uint32`; KubeEdge v1.23.1 default: `10002`.
    #[serde(rename = "port")]
    pub port: u32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CloudHubHTTPS {
    fn default() -> Self {
        Self {
            enable: true,
            address: "0.0.0.0".to_owned(),
            port: 10002,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.cloudHub.authorization`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CloudHubAuthorization {
    /// `modules.cloudHub.authorization.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.cloudHub.authorization.debug`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "debug")]
    pub debug: bool,
    /// `modules.cloudHub.authorization.modes`.
    ///
    /// Go type `[]AuthorizationMode`; KubeEdge v1.23.1 default: `[{"node": {"enable": true}}]`.
    #[serde(rename = "modes")]
    pub modes: Vec<serde_json::Value>,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CloudHubAuthorization {
    fn default() -> Self {
        Self {
            enable: false,
            debug: true,
            modes: vec![serde_json::json!({"node": {"enable": true}})],
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.edgeController`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EdgeController {
    /// `modules.edgeController.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// Node status update frequency in seconds; must be > 0 when the module is enabled.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `10`.
    #[serde(rename = "nodeUpdateFrequency")]
    pub node_update_frequency: i32,
    /// `modules.edgeController.buffer`.
    ///
    /// Go type `*EdgeControllerBuffer`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "buffer")]
    pub buffer: EdgeControllerBuffer,
    /// `modules.edgeController.load`.
    ///
    /// Go type `*EdgeControllerLoad`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "load")]
    pub load: EdgeControllerLoad,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EdgeController {
    fn default() -> Self {
        Self {
            enable: true,
            node_update_frequency: 10,
            buffer: EdgeControllerBuffer::default(),
            load: EdgeControllerLoad::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.edgeController.buffer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EdgeControllerBuffer {
    /// `modules.edgeController.buffer.processEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "processEvent")]
    pub process_event: i32,
    /// `modules.edgeController.buffer.updatePodStatus`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "updatePodStatus")]
    pub update_pod_status: i32,
    /// `modules.edgeController.buffer.updateNodeStatus`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "updateNodeStatus")]
    pub update_node_status: i32,
    /// `modules.edgeController.buffer.queryConfigMap`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "queryConfigMap")]
    pub query_config_map: i32,
    /// `modules.edgeController.buffer.querySecret`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "querySecret")]
    pub query_secret: i32,
    /// `modules.edgeController.buffer.podEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "podEvent")]
    pub pod_event: i32,
    /// `modules.edgeController.buffer.configMapEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "configMapEvent")]
    pub config_map_event: i32,
    /// `modules.edgeController.buffer.secretEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "secretEvent")]
    pub secret_event: i32,
    /// `modules.edgeController.buffer.rulesEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "rulesEvent")]
    pub rules_event: i32,
    /// `modules.edgeController.buffer.ruleEndpointsEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "ruleEndpointsEvent")]
    pub rule_endpoints_event: i32,
    /// `modules.edgeController.buffer.queryPersistentVolume`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "queryPersistentVolume")]
    pub query_persistent_volume: i32,
    /// `modules.edgeController.buffer.queryPersistentVolumeClaim`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "queryPersistentVolumeClaim")]
    pub query_persistent_volume_claim: i32,
    /// `modules.edgeController.buffer.queryVolumeAttachment`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "queryVolumeAttachment")]
    pub query_volume_attachment: i32,
    /// `modules.edgeController.buffer.createNode`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "createNode")]
    pub create_node: i32,
    /// `modules.edgeController.buffer.patchNode`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1274`.
    #[serde(rename = "patchNode")]
    pub patch_node: i32,
    /// `modules.edgeController.buffer.queryNode`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1524`.
    #[serde(rename = "queryNode")]
    pub query_node: i32,
    /// `modules.edgeController.buffer.updateNode`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "updateNode")]
    pub update_node: i32,
    /// `modules.edgeController.buffer.patchPod`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "patchPod")]
    pub patch_pod: i32,
    /// `modules.edgeController.buffer.deletePod`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "deletePod")]
    pub delete_pod: i32,
    /// `modules.edgeController.buffer.createLease`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1524`.
    #[serde(rename = "createLease")]
    pub create_lease: i32,
    /// `modules.edgeController.buffer.queryLease`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "queryLease")]
    pub query_lease: i32,
    /// `modules.edgeController.buffer.serviceAccountToken`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "serviceAccountToken")]
    pub service_account_token: i32,
    /// `modules.edgeController.buffer.createPod`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "createPod")]
    pub create_pod: i32,
    /// `modules.edgeController.buffer.certificateSigningRequest`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "certificateSigningRequest")]
    pub certificate_signing_request: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EdgeControllerBuffer {
    fn default() -> Self {
        Self {
            process_event: 1024,
            update_pod_status: 1024,
            update_node_status: 1024,
            query_config_map: 1024,
            query_secret: 1024,
            pod_event: 1,
            config_map_event: 1,
            secret_event: 1,
            rules_event: 1,
            rule_endpoints_event: 1,
            query_persistent_volume: 1024,
            query_persistent_volume_claim: 1024,
            query_volume_attachment: 1024,
            create_node: 1024,
            patch_node: 1274,
            query_node: 1524,
            update_node: 1024,
            patch_pod: 1024,
            delete_pod: 1024,
            create_lease: 1524,
            query_lease: 1024,
            service_account_token: 1024,
            create_pod: 1024,
            certificate_signing_request: 1024,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.edgeController.load`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EdgeControllerLoad {
    /// `modules.edgeController.load.processEventWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `4`.
    #[serde(rename = "processEventWorkers")]
    pub process_event_workers: i32,
    /// `modules.edgeController.load.updatePodStatusWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "updatePodStatusWorkers")]
    pub update_pod_status_workers: i32,
    /// `modules.edgeController.load.updateNodeStatusWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "updateNodeStatusWorkers")]
    pub update_node_status_workers: i32,
    /// `modules.edgeController.load.queryConfigMapWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "queryConfigMapWorkers")]
    pub query_config_map_workers: i32,
    /// `modules.edgeController.load.querySecretWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "querySecretWorkers")]
    pub query_secret_workers: i32,
    /// `modules.edgeController.load.queryPersistentVolumeWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `4`.
    #[serde(rename = "queryPersistentVolumeWorkers")]
    pub query_persistent_volume_workers: i32,
    /// `modules.edgeController.load.queryPersistentVolumeClaimWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `4`.
    #[serde(rename = "queryPersistentVolumeClaimWorkers")]
    pub query_persistent_volume_claim_workers: i32,
    /// `modules.edgeController.load.queryVolumeAttachmentWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `4`.
    #[serde(rename = "queryVolumeAttachmentWorkers")]
    pub query_volume_attachment_workers: i32,
    /// `modules.edgeController.load.createNodeWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "createNodeWorkers")]
    pub create_node_workers: i32,
    /// `modules.edgeController.load.patchNodeWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `110`.
    #[serde(rename = "patchNodeWorkers")]
    pub patch_node_workers: i32,
    /// `modules.edgeController.load.queryNodeWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `500`.
    #[serde(rename = "queryNodeWorkers")]
    pub query_node_workers: i32,
    /// `modules.edgeController.load.updateNodeWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `4`.
    #[serde(rename = "updateNodeWorkers")]
    pub update_node_workers: i32,
    /// `modules.edgeController.load.patchPodWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "patchPodWorkers")]
    pub patch_pod_workers: i32,
    /// `modules.edgeController.load.deletePodWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "deletePodWorkers")]
    pub delete_pod_workers: i32,
    /// `modules.edgeController.load.createLeaseWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `500`.
    #[serde(rename = "createLeaseWorkers")]
    pub create_lease_workers: i32,
    /// `modules.edgeController.load.queryLeaseWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "queryLeaseWorkers")]
    pub query_lease_workers: i32,
    /// `modules.edgeController.load.UpdateRuleStatusWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `4`.
    #[serde(rename = "UpdateRuleStatusWorkers")]
    pub update_rule_status_workers: i32,
    /// `modules.edgeController.load.ServiceAccountTokenWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "ServiceAccountTokenWorkers")]
    pub service_account_token_workers: i32,
    /// `modules.edgeController.load.CreatePodWorks`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `4`.
    #[serde(rename = "CreatePodWorks")]
    pub create_pod_works: i32,
    /// `modules.edgeController.load.certificateSigningRequestWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `4`.
    #[serde(rename = "certificateSigningRequestWorkers")]
    pub certificate_signing_request_workers: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EdgeControllerLoad {
    fn default() -> Self {
        Self {
            process_event_workers: 4,
            update_pod_status_workers: 1,
            update_node_status_workers: 1,
            query_config_map_workers: 100,
            query_secret_workers: 100,
            query_persistent_volume_workers: 4,
            query_persistent_volume_claim_workers: 4,
            query_volume_attachment_workers: 4,
            create_node_workers: 100,
            patch_node_workers: 110,
            query_node_workers: 500,
            update_node_workers: 4,
            patch_pod_workers: 100,
            delete_pod_workers: 100,
            create_lease_workers: 500,
            query_lease_workers: 100,
            update_rule_status_workers: 4,
            service_account_token_workers: 100,
            create_pod_works: 4,
            certificate_signing_request_workers: 4,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.deviceController`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct DeviceController {
    /// `modules.deviceController.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.deviceController.buffer`.
    ///
    /// Go type `*DeviceControllerBuffer`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "buffer")]
    pub buffer: DeviceControllerBuffer,
    /// `modules.deviceController.load`.
    ///
    /// Go type `*DeviceControllerLoad`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "load")]
    pub load: DeviceControllerLoad,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for DeviceController {
    fn default() -> Self {
        Self {
            enable: true,
            buffer: DeviceControllerBuffer::default(),
            load: DeviceControllerLoad::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.deviceController.buffer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct DeviceControllerBuffer {
    /// `modules.deviceController.buffer.updateDeviceTwins`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "updateDeviceTwins")]
    pub update_device_twins: i32,
    /// `modules.deviceController.buffer.updateDeviceStatus`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "updateDeviceStatus")]
    pub update_device_status: i32,
    /// `modules.deviceController.buffer.deviceEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "deviceEvent")]
    pub device_event: i32,
    /// `modules.deviceController.buffer.deviceModelEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "deviceModelEvent")]
    pub device_model_event: i32,
    /// `modules.deviceController.buffer.deviceStatusEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "deviceStatusEvent")]
    pub device_status_event: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for DeviceControllerBuffer {
    fn default() -> Self {
        Self {
            update_device_twins: 1024,
            update_device_status: 1024,
            device_event: 1,
            device_model_event: 1,
            device_status_event: Default::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.deviceController.load`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct DeviceControllerLoad {
    /// `modules.deviceController.load.updateDeviceStatusWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "updateDeviceStatusWorkers")]
    pub update_device_status_workers: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for DeviceControllerLoad {
    fn default() -> Self {
        Self {
            update_device_status_workers: 1,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.taskManager`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct TaskManager {
    /// `modules.taskManager.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.taskManager.buffer`.
    ///
    /// Go type `*TaskManagerBuffer`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "buffer")]
    pub buffer: TaskManagerBuffer,
    /// `modules.taskManager.load`.
    ///
    /// Go type `*TaskManagerLoad`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "load")]
    pub load: TaskManagerLoad,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for TaskManager {
    fn default() -> Self {
        Self {
            enable: false,
            buffer: TaskManagerBuffer::default(),
            load: TaskManagerLoad::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.taskManager.buffer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct TaskManagerBuffer {
    /// `modules.taskManager.buffer.taskStatus`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1024`.
    #[serde(rename = "taskStatus")]
    pub task_status: i32,
    /// `modules.taskManager.buffer.taskEvent`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "taskEvent")]
    pub task_event: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for TaskManagerBuffer {
    fn default() -> Self {
        Self {
            task_status: 1024,
            task_event: 1,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.taskManager.load`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct TaskManagerLoad {
    /// `modules.taskManager.load.taskWorkers`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "taskWorkers")]
    pub task_workers: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for TaskManagerLoad {
    fn default() -> Self {
        Self {
            task_workers: 1,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.syncController`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct SyncController {
    /// `modules.syncController.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for SyncController {
    fn default() -> Self {
        Self {
            enable: true,
            unknown: BTreeMap::new(),
        }
    }
}

/// DynamicController: serves list/watch of arbitrary resources to edge metaServers (EdgeMesh, in-cluster config).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct DynamicController {
    /// Enables DynamicController (needed by edge metaServer clients such as EdgeMesh).
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for DynamicController {
    fn default() -> Self {
        Self {
            enable: false,
            unknown: BTreeMap::new(),
        }
    }
}

/// CloudStream: the tunnel server behind `kubectl logs/exec/attach/top` for edge nodes (tunnel 10004 for edgecore, stream 10003 for the API server).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct CloudStream {
    /// Enables CloudStream. Off by default; `kubectl logs/exec/attach/top` for edge nodes need it on.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.cloudStream.tlsTunnelCAFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/ca/rootCA.crt`.
    #[serde(rename = "tlsTunnelCAFile")]
    pub tls_tunnel_ca_file: String,
    /// `modules.cloudStream.tlsTunnelCertFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.crt`.
    #[serde(rename = "tlsTunnelCertFile")]
    pub tls_tunnel_cert_file: String,
    /// `modules.cloudStream.tlsTunnelPrivateKeyFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.key`.
    #[serde(rename = "tlsTunnelPrivateKeyFile")]
    pub tls_tunnel_private_key_file: String,
    /// Port edgecore's edgeStream connects to (edge `edgeStream.server` = `<cloudcore>:<tunnelPort>`).
    ///
    /// Go type `uint32`; KubeEdge v1.23.1 default: `10004`.
    #[serde(rename = "tunnelPort")]
    pub tunnel_port: u32,
    /// Stream CA; the file must exist when CloudStream is enabled.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/ca/streamCA.crt`.
    #[serde(rename = "tlsStreamCAFile")]
    pub tls_stream_ca_file: String,
    /// Stream certificate; the file must exist when CloudStream is enabled.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/stream.crt`.
    #[serde(rename = "tlsStreamCertFile")]
    pub tls_stream_cert_file: String,
    /// Stream key; the file must exist when CloudStream is enabled.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/stream.key`.
    #[serde(rename = "tlsStreamPrivateKeyFile")]
    pub tls_stream_private_key_file: String,
    /// Port the API server's requests reach through the iptables DNAT of the negotiated tunnel port.
    ///
    /// Go type `uint32`; KubeEdge v1.23.1 default: `10003`.
    #[serde(rename = "streamPort")]
    pub stream_port: u32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for CloudStream {
    fn default() -> Self {
        Self {
            enable: false,
            tls_tunnel_ca_file: "/etc/kubeedge/ca/rootCA.crt".to_owned(),
            tls_tunnel_cert_file: "/etc/kubeedge/certs/server.crt".to_owned(),
            tls_tunnel_private_key_file: "/etc/kubeedge/certs/server.key".to_owned(),
            tunnel_port: 10004,
            tls_stream_ca_file: "/etc/kubeedge/ca/streamCA.crt".to_owned(),
            tls_stream_cert_file: "/etc/kubeedge/certs/stream.crt".to_owned(),
            tls_stream_private_key_file: "/etc/kubeedge/certs/stream.key".to_owned(),
            stream_port: 10003,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.router`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Router {
    /// `modules.router.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.router.address`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `0.0.0.0`.
    #[serde(rename = "address")]
    pub address: String,
    /// `modules.router.port`.
    ///
    /// Go type `uint32`; KubeEdge v1.23.1 default: `9443`.
    #[serde(rename = "port")]
    pub port: u32,
    /// `modules.router.restTimeout`.
    ///
    /// Go type `uint32`; KubeEdge v1.23.1 default: `60`.
    #[serde(rename = "restTimeout")]
    pub rest_timeout: u32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for Router {
    fn default() -> Self {
        Self {
            enable: false,
            address: "0.0.0.0".to_owned(),
            port: 9443,
            rest_timeout: 60,
            unknown: BTreeMap::new(),
        }
    }
}

/// The iptables manager that DNATs the negotiated tunnel port to the stream port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct IptablesManager {
    /// Enables the iptables manager.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `internal` (inside cloudcore) or `external` (the chart's iptables-manager DaemonSet). Any other value is a decode error.
    ///
    /// Go type `IptablesMgrMode`; KubeEdge v1.23.1 default: `internal`.
    #[serde(rename = "mode")]
    pub mode: IptablesMode,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for IptablesManager {
    fn default() -> Self {
        Self {
            enable: true,
            mode: IptablesMode::Internal,
            unknown: BTreeMap::new(),
        }
    }
}
