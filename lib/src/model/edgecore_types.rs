//! EdgeCore configuration types (`edgecore.config.kubeedge.io/v1alpha2`, kind `EdgeCore`).
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
pub struct EdgeCoreConfig {
    /// API version. KubeEdge never checks it on load; the chart writes `cloudcore.config.kubeedge.io/v1alpha2` for cloudcore, which is read exactly like v1alpha1.
    ///
    /// Go type `string (from embedded metav1.TypeMeta)`; KubeEdge v1.23.1 default: `edgecore.config.kubeedge.io/v1alpha2`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// Kind (`CloudCore` or `EdgeCore`); never checked on load.
    ///
    /// Go type `string (from embedded metav1.TypeMeta)`; KubeEdge v1.23.1 default: `EdgeCore`.
    #[serde(rename = "kind")]
    pub kind: String,
    /// `database`.
    ///
    /// Go type `*DataBase`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "database")]
    pub database: DataBase,
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
    /// The edgecore version that wrote the file. When it differs from the running binary, edgecore rewrites the whole file (keys sorted, comments gone).
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `""`.
    #[serde(rename = "edgecoreVersion")]
    pub edgecore_version: String,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EdgeCoreConfig {
    fn default() -> Self {
        Self {
            api_version: "edgecore.config.kubeedge.io/v1alpha2".to_owned(),
            kind: "EdgeCore".to_owned(),
            database: DataBase::default(),
            modules: Modules::default(),
            feature_gates: Default::default(),
            edgecore_version: "".to_owned(),
            unknown: BTreeMap::new(),
        }
    }
}

/// The local SQLite database of edgecore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct DataBase {
    /// `database.driverName`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `sqlite3`.
    #[serde(rename = "driverName")]
    pub driver_name: String,
    /// `database.aliasName`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `default`.
    #[serde(rename = "aliasName")]
    pub alias_name: String,
    /// Path of the SQLite database; its directory is created if missing.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/var/lib/kubeedge/edgecore.db`.
    #[serde(rename = "dataSource")]
    pub data_source: String,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for DataBase {
    fn default() -> Self {
        Self {
            driver_name: "sqlite3".to_owned(),
            alias_name: "default".to_owned(),
            data_source: "/var/lib/kubeedge/edgecore.db".to_owned(),
            unknown: BTreeMap::new(),
        }
    }
}

/// The modules of the daemon, each with an `enable` switch. A module set to `null` crashes the daemon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Modules {
    /// `modules.edged`.
    ///
    /// Go type `*Edged`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "edged")]
    pub edged: Edged,
    /// `modules.edgeHub`.
    ///
    /// Go type `*EdgeHub`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "edgeHub")]
    pub edge_hub: EdgeHub,
    /// `modules.eventBus`.
    ///
    /// Go type `*EventBus`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "eventBus")]
    pub event_bus: EventBus,
    /// `modules.metaManager`.
    ///
    /// Go type `*MetaManager`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "metaManager")]
    pub meta_manager: MetaManager,
    /// `modules.serviceBus`.
    ///
    /// Go type `*ServiceBus`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "serviceBus")]
    pub service_bus: ServiceBus,
    /// `modules.deviceTwin`.
    ///
    /// Go type `*DeviceTwin`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "deviceTwin")]
    pub device_twin: DeviceTwin,
    /// `modules.dbTest`.
    ///
    /// Go type `*DBTest`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "dbTest")]
    pub db_test: DBTest,
    /// `modules.edgeStream`.
    ///
    /// Go type `*EdgeStream`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "edgeStream")]
    pub edge_stream: EdgeStream,
    /// `modules.taskManager`.
    ///
    /// Go type `*TaskManager`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "taskManager")]
    pub task_manager: TaskManager,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for Modules {
    fn default() -> Self {
        Self {
            edged: Edged::default(),
            edge_hub: EdgeHub::default(),
            event_bus: EventBus::default(),
            meta_manager: MetaManager::default(),
            service_bus: ServiceBus::default(),
            device_twin: DeviceTwin::default(),
            db_test: DBTest::default(),
            edge_stream: EdgeStream::default(),
            task_manager: TaskManager::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// Edged: the embedded, tailored kubelet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Edged {
    /// `modules.edged.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.edged.reportEvent`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "reportEvent")]
    pub report_event: bool,
    /// `modules.edged.tailoredKubeletConfig`.
    ///
    /// Go type `*TailoredKubeletConfiguration`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "tailoredKubeletConfig")]
    pub tailored_kubelet_config: TailoredKubeletConfiguration,
    /// Node name; a lower-case RFC 1123 subdomain.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `edge-node`.
    #[serde(rename = "hostnameOverride")]
    pub hostname_override: String,
    /// Node IP reported to the cloud; empty means auto-detected (a warning).
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "nodeIP")]
    pub node_ip: String,
    /// `modules.edged.runtimeCgroups`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "runtimeCgroups")]
    pub runtime_cgroups: String,
    /// `modules.edged.podSandboxImage`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `kubeedge/pause:3.6`.
    #[serde(rename = "podSandboxImage")]
    pub pod_sandbox_image: String,
    /// `modules.edged.rootDirectory`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/var/lib/kubelet`.
    #[serde(rename = "rootDirectory")]
    pub root_directory: String,
    /// `modules.edged.windowsService`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "windowsService")]
    pub windows_service: bool,
    /// `modules.edged.windowsPriorityClass`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "windowsPriorityClass")]
    pub windows_priority_class: String,
    /// `modules.edged.experimentalMounterPath`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "experimentalMounterPath")]
    pub experimental_mounter_path: String,
    /// `modules.edged.experimentalNodeAllocatableIgnoreEvictionThreshold`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "experimentalNodeAllocatableIgnoreEvictionThreshold")]
    pub experimental_node_allocatable_ignore_eviction_threshold: bool,
    /// `modules.edged.nodeLabels`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "nodeLabels")]
    pub node_labels: BTreeMap<String, String>,
    /// `modules.edged.minimumGCAge`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `0s`.
    #[serde(rename = "minimumGCAge")]
    pub minimum_gc_age: GoDuration,
    /// `modules.edged.maxPerPodContainerCount`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "maxPerPodContainerCount")]
    pub max_per_pod_container_count: i32,
    /// `modules.edged.maxContainerCount`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `-1`.
    #[serde(rename = "maxContainerCount")]
    pub max_container_count: i32,
    /// `modules.edged.registerSchedulable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "registerSchedulable")]
    pub register_schedulable: bool,
    /// `modules.edged.seccompDefault`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "seccompDefault")]
    pub seccomp_default: bool,
    /// `modules.edged.customInterfaceName`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "customInterfaceName")]
    pub custom_interface_name: String,
    /// `modules.edged.registerNodeNamespace`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `default`.
    #[serde(rename = "registerNodeNamespace")]
    pub register_node_namespace: String,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for Edged {
    fn default() -> Self {
        Self {
            enable: true,
            report_event: false,
            tailored_kubelet_config: TailoredKubeletConfiguration::default(),
            hostname_override: "edge-node".to_owned(),
            node_ip: Default::default(),
            runtime_cgroups: Default::default(),
            pod_sandbox_image: "kubeedge/pause:3.6".to_owned(),
            root_directory: "/var/lib/kubelet".to_owned(),
            windows_service: Default::default(),
            windows_priority_class: Default::default(),
            experimental_mounter_path: Default::default(),
            experimental_node_allocatable_ignore_eviction_threshold: Default::default(),
            node_labels: Default::default(),
            minimum_gc_age: GoDuration::from("0s"),
            max_per_pod_container_count: 1,
            max_container_count: -1,
            register_schedulable: true,
            seccomp_default: Default::default(),
            custom_interface_name: Default::default(),
            register_node_namespace: "default".to_owned(),
            unknown: BTreeMap::new(),
        }
    }
}

/// The subset of the kubelet configuration edged accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct TailoredKubeletConfiguration {
    /// `modules.edged.tailoredKubeletConfig.staticPodPath`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/manifests`.
    #[serde(rename = "staticPodPath")]
    pub static_pod_path: String,
    /// `modules.edged.tailoredKubeletConfig.podLogsDir`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/var/log/pods`.
    #[serde(rename = "podLogsDir")]
    pub pod_logs_dir: String,
    /// `modules.edged.tailoredKubeletConfig.syncFrequency`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `1m0s`.
    #[serde(rename = "syncFrequency")]
    pub sync_frequency: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.fileCheckFrequency`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `20s`.
    #[serde(rename = "fileCheckFrequency")]
    pub file_check_frequency: GoDuration,
    /// Address of edged's read-only kubelet API. Keep `127.0.0.1`: the cloud side hard-codes `127.0.0.1:10350`, and the readiness probe uses localhost. Never expose it: it is unauthenticated.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `127.0.0.1`.
    #[serde(rename = "address")]
    pub address: String,
    /// Port of edged's read-only kubelet API. Keep 10350: the stream connectors on the cloud side hard-code it.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `10350`.
    #[serde(rename = "readOnlyPort")]
    pub read_only_port: i32,
    /// `modules.edged.tailoredKubeletConfig.registryPullQPS`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `5`.
    #[serde(rename = "registryPullQPS")]
    pub registry_pull_qps: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.registryBurst`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `10`.
    #[serde(rename = "registryBurst")]
    pub registry_burst: i32,
    /// `modules.edged.tailoredKubeletConfig.eventRecordQPS`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `50`.
    #[serde(rename = "eventRecordQPS")]
    pub event_record_qps: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.eventBurst`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "eventBurst")]
    pub event_burst: i32,
    /// `modules.edged.tailoredKubeletConfig.enableDebuggingHandlers`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enableDebuggingHandlers")]
    pub enable_debugging_handlers: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.enableContentionProfiling`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "enableContentionProfiling")]
    pub enable_contention_profiling: bool,
    /// `modules.edged.tailoredKubeletConfig.oomScoreAdj`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `-999`.
    #[serde(rename = "oomScoreAdj")]
    pub oom_score_adj: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.clusterDomain`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `cluster.local`.
    #[serde(rename = "clusterDomain")]
    pub cluster_domain: String,
    /// DNS servers for pods.
    ///
    /// Go type `[]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "clusterDNS")]
    pub cluster_dns: Vec<String>,
    /// `modules.edged.tailoredKubeletConfig.streamingConnectionIdleTimeout`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `4h0m0s`.
    #[serde(rename = "streamingConnectionIdleTimeout")]
    pub streaming_connection_idle_timeout: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.nodeStatusUpdateFrequency`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `10s`.
    #[serde(rename = "nodeStatusUpdateFrequency")]
    pub node_status_update_frequency: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.nodeStatusReportFrequency`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `5m0s`.
    #[serde(rename = "nodeStatusReportFrequency")]
    pub node_status_report_frequency: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.nodeLeaseDurationSeconds`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `40`.
    #[serde(rename = "nodeLeaseDurationSeconds")]
    pub node_lease_duration_seconds: i32,
    /// `modules.edged.tailoredKubeletConfig.imageMinimumGCAge`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `2m0s`.
    #[serde(rename = "imageMinimumGCAge")]
    pub image_minimum_gc_age: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.imageMaximumGCAge`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `0s`.
    #[serde(rename = "imageMaximumGCAge")]
    pub image_maximum_gc_age: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.imageGCHighThresholdPercent`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `85`.
    #[serde(rename = "imageGCHighThresholdPercent")]
    pub image_gc_high_threshold_percent: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.imageGCLowThresholdPercent`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `80`.
    #[serde(rename = "imageGCLowThresholdPercent")]
    pub image_gc_low_threshold_percent: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.volumeStatsAggPeriod`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `1m0s`.
    #[serde(rename = "volumeStatsAggPeriod")]
    pub volume_stats_agg_period: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.kubeletCgroups`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "kubeletCgroups")]
    pub kubelet_cgroups: String,
    /// `modules.edged.tailoredKubeletConfig.systemCgroups`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "systemCgroups")]
    pub system_cgroups: String,
    /// `modules.edged.tailoredKubeletConfig.cgroupRoot`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "cgroupRoot")]
    pub cgroup_root: String,
    /// `modules.edged.tailoredKubeletConfig.cgroupsPerQOS`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "cgroupsPerQOS")]
    pub cgroups_per_qos: Option<bool>,
    /// `cgroupfs` or `systemd` (Linux); must match the container runtime.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `cgroupfs`.
    #[serde(rename = "cgroupDriver")]
    pub cgroup_driver: String,
    /// `modules.edged.tailoredKubeletConfig.singleProcessOOMKill`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "singleProcessOOMKill")]
    pub single_process_oom_kill: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.cpuManagerPolicy`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `none`.
    #[serde(rename = "cpuManagerPolicy")]
    pub cpu_manager_policy: String,
    /// `modules.edged.tailoredKubeletConfig.cpuManagerPolicyOptions`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "cpuManagerPolicyOptions")]
    pub cpu_manager_policy_options: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.cpuManagerReconcilePeriod`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `10s`.
    #[serde(rename = "cpuManagerReconcilePeriod")]
    pub cpu_manager_reconcile_period: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.memoryManagerPolicy`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `None`.
    #[serde(rename = "memoryManagerPolicy")]
    pub memory_manager_policy: String,
    /// `modules.edged.tailoredKubeletConfig.topologyManagerPolicy`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `none`.
    #[serde(rename = "topologyManagerPolicy")]
    pub topology_manager_policy: String,
    /// `modules.edged.tailoredKubeletConfig.topologyManagerScope`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `container`.
    #[serde(rename = "topologyManagerScope")]
    pub topology_manager_scope: String,
    /// `modules.edged.tailoredKubeletConfig.topologyManagerPolicyOptions`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "topologyManagerPolicyOptions")]
    pub topology_manager_policy_options: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.qosReserved`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "qosReserved")]
    pub qos_reserved: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.runtimeRequestTimeout`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `2m0s`.
    #[serde(rename = "runtimeRequestTimeout")]
    pub runtime_request_timeout: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.hairpinMode`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `promiscuous-bridge`.
    #[serde(rename = "hairpinMode")]
    pub hairpin_mode: String,
    /// `modules.edged.tailoredKubeletConfig.maxPods`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `110`.
    #[serde(rename = "maxPods")]
    pub max_pods: i32,
    /// `modules.edged.tailoredKubeletConfig.podCIDR`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "podCIDR")]
    pub pod_cidr: String,
    /// `modules.edged.tailoredKubeletConfig.podPidsLimit`.
    ///
    /// Go type `*int64`; KubeEdge v1.23.1 default: `-1`.
    #[serde(rename = "podPidsLimit")]
    pub pod_pids_limit: Option<i64>,
    /// `modules.edged.tailoredKubeletConfig.resolvConf`.
    ///
    /// Go type `*string`; KubeEdge v1.23.1 default: `/etc/resolv.conf`.
    #[serde(rename = "resolvConf")]
    pub resolv_conf: Option<String>,
    /// `modules.edged.tailoredKubeletConfig.cpuCFSQuota`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "cpuCFSQuota")]
    pub cpu_cfs_quota: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.cpuCFSQuotaPeriod`.
    ///
    /// Go type `*metav1.Duration`; KubeEdge v1.23.1 default: `100ms`.
    #[serde(rename = "cpuCFSQuotaPeriod")]
    pub cpu_cfs_quota_period: Option<GoDuration>,
    /// `modules.edged.tailoredKubeletConfig.nodeStatusMaxImages`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `0`.
    #[serde(rename = "nodeStatusMaxImages")]
    pub node_status_max_images: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.maxOpenFiles`.
    ///
    /// Go type `int64`; KubeEdge v1.23.1 default: `1000000`.
    #[serde(rename = "maxOpenFiles")]
    pub max_open_files: i64,
    /// `modules.edged.tailoredKubeletConfig.contentType`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `application/json`.
    #[serde(rename = "contentType")]
    pub content_type: String,
    /// `modules.edged.tailoredKubeletConfig.serializeImagePulls`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "serializeImagePulls")]
    pub serialize_image_pulls: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.maxParallelImagePulls`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "maxParallelImagePulls")]
    pub max_parallel_image_pulls: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.evictionHard`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: `{"imagefs.available": "15%", "imagefs.inodesFree": "5%", "memory.available": "100Mi", "nodefs.available": "10%", "nodefs.inodesFree": "5%"}`.
    #[serde(rename = "evictionHard")]
    pub eviction_hard: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.evictionSoft`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "evictionSoft")]
    pub eviction_soft: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.evictionSoftGracePeriod`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "evictionSoftGracePeriod")]
    pub eviction_soft_grace_period: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.evictionPressureTransitionPeriod`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `5m0s`.
    #[serde(rename = "evictionPressureTransitionPeriod")]
    pub eviction_pressure_transition_period: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.evictionMaxPodGracePeriod`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "evictionMaxPodGracePeriod")]
    pub eviction_max_pod_grace_period: i32,
    /// `modules.edged.tailoredKubeletConfig.evictionMinimumReclaim`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "evictionMinimumReclaim")]
    pub eviction_minimum_reclaim: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.podsPerCore`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "podsPerCore")]
    pub pods_per_core: i32,
    /// `modules.edged.tailoredKubeletConfig.enableControllerAttachDetach`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enableControllerAttachDetach")]
    pub enable_controller_attach_detach: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.protectKernelDefaults`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "protectKernelDefaults")]
    pub protect_kernel_defaults: bool,
    /// `modules.edged.tailoredKubeletConfig.makeIPTablesUtilChains`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "makeIPTablesUtilChains")]
    pub make_ip_tables_util_chains: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.iptablesMasqueradeBit`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `14`.
    #[serde(rename = "iptablesMasqueradeBit")]
    pub iptables_masquerade_bit: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.iptablesDropBit`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `15`.
    #[serde(rename = "iptablesDropBit")]
    pub iptables_drop_bit: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.featureGates`.
    ///
    /// Go type `map[string]bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "featureGates")]
    pub feature_gates: BTreeMap<String, bool>,
    /// `modules.edged.tailoredKubeletConfig.failSwapOn`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "failSwapOn")]
    pub fail_swap_on: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.memorySwap`.
    ///
    /// Go type `tailoredkubeletconfigv1beta1.MemorySwapConfiguration`; KubeEdge v1.23.1 default: `{}`.
    #[serde(rename = "memorySwap")]
    pub memory_swap: serde_json::Map<String, serde_json::Value>,
    /// `modules.edged.tailoredKubeletConfig.containerLogMaxSize`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `10Mi`.
    #[serde(rename = "containerLogMaxSize")]
    pub container_log_max_size: String,
    /// `modules.edged.tailoredKubeletConfig.containerLogMaxFiles`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `5`.
    #[serde(rename = "containerLogMaxFiles")]
    pub container_log_max_files: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.containerLogMaxWorkers`.
    ///
    /// Go type `*int32`; KubeEdge v1.23.1 default: `1`.
    #[serde(rename = "containerLogMaxWorkers")]
    pub container_log_max_workers: Option<i32>,
    /// `modules.edged.tailoredKubeletConfig.containerLogMonitorInterval`.
    ///
    /// Go type `*metav1.Duration`; KubeEdge v1.23.1 default: `10s`.
    #[serde(rename = "containerLogMonitorInterval")]
    pub container_log_monitor_interval: Option<GoDuration>,
    /// `modules.edged.tailoredKubeletConfig.configMapAndSecretChangeDetectionStrategy`.
    ///
    /// Go type `tailoredkubeletconfigv1beta1.ResourceChangeDetectionStrategy`; KubeEdge v1.23.1 default: `Get`.
    #[serde(rename = "configMapAndSecretChangeDetectionStrategy")]
    pub config_map_and_secret_change_detection_strategy: String,
    /// `modules.edged.tailoredKubeletConfig.systemReserved`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "systemReserved")]
    pub system_reserved: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.kubeReserved`.
    ///
    /// Go type `map[string]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "kubeReserved")]
    pub kube_reserved: BTreeMap<String, String>,
    /// `modules.edged.tailoredKubeletConfig.reservedSystemCPUs`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "reservedSystemCPUs")]
    pub reserved_system_cp_us: String,
    /// `modules.edged.tailoredKubeletConfig.showHiddenMetricsForVersion`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "showHiddenMetricsForVersion")]
    pub show_hidden_metrics_for_version: String,
    /// `modules.edged.tailoredKubeletConfig.systemReservedCgroup`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "systemReservedCgroup")]
    pub system_reserved_cgroup: String,
    /// `modules.edged.tailoredKubeletConfig.kubeReservedCgroup`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "kubeReservedCgroup")]
    pub kube_reserved_cgroup: String,
    /// `modules.edged.tailoredKubeletConfig.enforceNodeAllocatable`.
    ///
    /// Go type `[]string`; KubeEdge v1.23.1 default: `["pods"]`.
    #[serde(rename = "enforceNodeAllocatable")]
    pub enforce_node_allocatable: Vec<String>,
    /// `modules.edged.tailoredKubeletConfig.allowedUnsafeSysctls`.
    ///
    /// Go type `[]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "allowedUnsafeSysctls")]
    pub allowed_unsafe_sysctls: Vec<String>,
    /// `modules.edged.tailoredKubeletConfig.volumePluginDir`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/usr/libexec/kubernetes/kubelet-plugins/volume/exec/`.
    #[serde(rename = "volumePluginDir")]
    pub volume_plugin_dir: String,
    /// `modules.edged.tailoredKubeletConfig.kernelMemcgNotification`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "kernelMemcgNotification")]
    pub kernel_memcg_notification: bool,
    /// `modules.edged.tailoredKubeletConfig.logging`.
    ///
    /// Go type `logsapi.LoggingConfiguration`; KubeEdge v1.23.1 default: `{"flushFrequency": "5s", "format": "text", "options": {"json": {"infoBufferSize": "0"}, "text": {"infoBufferSize": "0"}}, "verbosity": 0}`.
    #[serde(rename = "logging")]
    pub logging: serde_json::Map<String, serde_json::Value>,
    /// `modules.edged.tailoredKubeletConfig.enableSystemLogHandler`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enableSystemLogHandler")]
    pub enable_system_log_handler: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.enableSystemLogQuery`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "enableSystemLogQuery")]
    pub enable_system_log_query: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.shutdownGracePeriod`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `0s`.
    #[serde(rename = "shutdownGracePeriod")]
    pub shutdown_grace_period: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.shutdownGracePeriodCriticalPods`.
    ///
    /// Go type `metav1.Duration`; KubeEdge v1.23.1 default: `0s`.
    #[serde(rename = "shutdownGracePeriodCriticalPods")]
    pub shutdown_grace_period_critical_pods: GoDuration,
    /// `modules.edged.tailoredKubeletConfig.shutdownGracePeriodByPodPriority`.
    ///
    /// Go type `[]tailoredkubeletconfigv1beta1.ShutdownGracePeriodByPodPriority`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "shutdownGracePeriodByPodPriority")]
    pub shutdown_grace_period_by_pod_priority: Vec<serde_json::Value>,
    /// `modules.edged.tailoredKubeletConfig.crashLoopBackOff`.
    ///
    /// Go type `tailoredkubeletconfigv1beta1.CrashLoopBackOffConfig`; KubeEdge v1.23.1 default: `{}`.
    #[serde(rename = "crashLoopBackOff")]
    pub crash_loop_back_off: serde_json::Map<String, serde_json::Value>,
    /// `modules.edged.tailoredKubeletConfig.reservedMemory`.
    ///
    /// Go type `[]tailoredkubeletconfigv1beta1.MemoryReservation`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "reservedMemory")]
    pub reserved_memory: Vec<serde_json::Value>,
    /// `modules.edged.tailoredKubeletConfig.enableProfilingHandler`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enableProfilingHandler")]
    pub enable_profiling_handler: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.enableDebugFlagsHandler`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enableDebugFlagsHandler")]
    pub enable_debug_flags_handler: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.seccompDefault`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "seccompDefault")]
    pub seccomp_default: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.memoryThrottlingFactor`.
    ///
    /// Go type `*float64`; KubeEdge v1.23.1 default: `0.9`.
    #[serde(rename = "memoryThrottlingFactor")]
    pub memory_throttling_factor: Option<f64>,
    /// `modules.edged.tailoredKubeletConfig.registerWithTaints`.
    ///
    /// Go type `[]v1.Taint`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "registerWithTaints")]
    pub register_with_taints: Vec<serde_json::Value>,
    /// `modules.edged.tailoredKubeletConfig.registerNode`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "registerNode")]
    pub register_node: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.localStorageCapacityIsolation`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "localStorageCapacityIsolation")]
    pub local_storage_capacity_isolation: Option<bool>,
    /// `modules.edged.tailoredKubeletConfig.containerRuntimeEndpoint`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `unix:///run/containerd/containerd.sock`.
    #[serde(rename = "containerRuntimeEndpoint")]
    pub container_runtime_endpoint: String,
    /// `modules.edged.tailoredKubeletConfig.imageServiceEndpoint`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `unix:///run/containerd/containerd.sock`.
    #[serde(rename = "imageServiceEndpoint")]
    pub image_service_endpoint: String,
    /// `modules.edged.tailoredKubeletConfig.failCgroupV1`.
    ///
    /// Go type `*bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "failCgroupV1")]
    pub fail_cgroup_v1: Option<bool>,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for TailoredKubeletConfiguration {
    fn default() -> Self {
        Self {
            static_pod_path: "/etc/kubeedge/manifests".to_owned(),
            pod_logs_dir: "/var/log/pods".to_owned(),
            sync_frequency: GoDuration::from("1m0s"),
            file_check_frequency: GoDuration::from("20s"),
            address: "127.0.0.1".to_owned(),
            read_only_port: 10350,
            registry_pull_qps: Some(5),
            registry_burst: 10,
            event_record_qps: Some(50),
            event_burst: 100,
            enable_debugging_handlers: Some(true),
            enable_contention_profiling: Default::default(),
            oom_score_adj: Some(-999),
            cluster_domain: "cluster.local".to_owned(),
            cluster_dns: Default::default(),
            streaming_connection_idle_timeout: GoDuration::from("4h0m0s"),
            node_status_update_frequency: GoDuration::from("10s"),
            node_status_report_frequency: GoDuration::from("5m0s"),
            node_lease_duration_seconds: 40,
            image_minimum_gc_age: GoDuration::from("2m0s"),
            image_maximum_gc_age: GoDuration::from("0s"),
            image_gc_high_threshold_percent: Some(85),
            image_gc_low_threshold_percent: Some(80),
            volume_stats_agg_period: GoDuration::from("1m0s"),
            kubelet_cgroups: Default::default(),
            system_cgroups: Default::default(),
            cgroup_root: Default::default(),
            cgroups_per_qos: Some(true),
            cgroup_driver: "cgroupfs".to_owned(),
            single_process_oom_kill: None,
            cpu_manager_policy: "none".to_owned(),
            cpu_manager_policy_options: Default::default(),
            cpu_manager_reconcile_period: GoDuration::from("10s"),
            memory_manager_policy: "None".to_owned(),
            topology_manager_policy: "none".to_owned(),
            topology_manager_scope: "container".to_owned(),
            topology_manager_policy_options: Default::default(),
            qos_reserved: Default::default(),
            runtime_request_timeout: GoDuration::from("2m0s"),
            hairpin_mode: "promiscuous-bridge".to_owned(),
            max_pods: 110,
            pod_cidr: Default::default(),
            pod_pids_limit: Some(-1),
            resolv_conf: Some("/etc/resolv.conf".to_owned()),
            cpu_cfs_quota: Some(true),
            cpu_cfs_quota_period: Some(GoDuration::from("100ms")),
            node_status_max_images: Some(0),
            max_open_files: 1000000,
            content_type: "application/json".to_owned(),
            serialize_image_pulls: Some(true),
            max_parallel_image_pulls: None,
            eviction_hard: [
                ("imagefs.available".to_owned(), "15%".to_owned()),
                ("imagefs.inodesFree".to_owned(), "5%".to_owned()),
                ("memory.available".to_owned(), "100Mi".to_owned()),
                ("nodefs.available".to_owned(), "10%".to_owned()),
                ("nodefs.inodesFree".to_owned(), "5%".to_owned()),
            ]
            .into_iter()
            .collect(),
            eviction_soft: Default::default(),
            eviction_soft_grace_period: Default::default(),
            eviction_pressure_transition_period: GoDuration::from("5m0s"),
            eviction_max_pod_grace_period: Default::default(),
            eviction_minimum_reclaim: Default::default(),
            pods_per_core: Default::default(),
            enable_controller_attach_detach: Some(true),
            protect_kernel_defaults: Default::default(),
            make_ip_tables_util_chains: Some(true),
            iptables_masquerade_bit: Some(14),
            iptables_drop_bit: Some(15),
            feature_gates: Default::default(),
            fail_swap_on: Some(false),
            memory_swap: json_object(serde_json::json!({})),
            container_log_max_size: "10Mi".to_owned(),
            container_log_max_files: Some(5),
            container_log_max_workers: Some(1),
            container_log_monitor_interval: Some(GoDuration::from("10s")),
            config_map_and_secret_change_detection_strategy: "Get".to_owned(),
            system_reserved: Default::default(),
            kube_reserved: Default::default(),
            reserved_system_cp_us: Default::default(),
            show_hidden_metrics_for_version: Default::default(),
            system_reserved_cgroup: Default::default(),
            kube_reserved_cgroup: Default::default(),
            enforce_node_allocatable: vec!["pods".to_owned()],
            allowed_unsafe_sysctls: Default::default(),
            volume_plugin_dir: "/usr/libexec/kubernetes/kubelet-plugins/volume/exec/".to_owned(),
            kernel_memcg_notification: Default::default(),
            logging: json_object(
                serde_json::json!({"flushFrequency": "5s", "format": "text", "options": {"json": {"infoBufferSize": "0"}, "text": {"infoBufferSize": "0"}}, "verbosity": 0}),
            ),
            enable_system_log_handler: Some(true),
            enable_system_log_query: None,
            shutdown_grace_period: GoDuration::from("0s"),
            shutdown_grace_period_critical_pods: GoDuration::from("0s"),
            shutdown_grace_period_by_pod_priority: Default::default(),
            crash_loop_back_off: json_object(serde_json::json!({})),
            reserved_memory: Default::default(),
            enable_profiling_handler: Some(true),
            enable_debug_flags_handler: Some(true),
            seccomp_default: Some(false),
            memory_throttling_factor: Some(0.9),
            register_with_taints: Default::default(),
            register_node: Some(true),
            local_storage_capacity_isolation: Some(true),
            container_runtime_endpoint: "unix:///run/containerd/containerd.sock".to_owned(),
            image_service_endpoint: "unix:///run/containerd/containerd.sock".to_owned(),
            fail_cgroup_v1: Some(false),
            unknown: BTreeMap::new(),
        }
    }
}

/// EdgeHub: the connection from the edge node to CloudHub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EdgeHub {
    /// Enables EdgeHub. `edgecore --minconfig` prints `false` here, so the node never connects.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.edgeHub.heartbeat`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `15`.
    #[serde(rename = "heartbeat")]
    pub heartbeat: i32,
    /// Message QPS to the cloud; must be ≥ 0.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `30`.
    #[serde(rename = "messageQPS")]
    pub message_qps: i32,
    /// Message burst; must be ≥ 0.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `60`.
    #[serde(rename = "messageBurst")]
    pub message_burst: i32,
    /// `modules.edgeHub.projectID`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `e632aba927ea4ac2b575ec1603d56f10`.
    #[serde(rename = "projectID")]
    pub project_id: String,
    /// `modules.edgeHub.tlsCaFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/ca/rootCA.crt`.
    #[serde(rename = "tlsCaFile")]
    pub tls_ca_file: String,
    /// `modules.edgeHub.tlsCertFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.crt`.
    #[serde(rename = "tlsCertFile")]
    pub tls_cert_file: String,
    /// `modules.edgeHub.tlsPrivateKeyFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.key`.
    #[serde(rename = "tlsPrivateKeyFile")]
    pub tls_private_key_file: String,
    /// `modules.edgeHub.quic`.
    ///
    /// Go type `*EdgeHubQUIC`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "quic")]
    pub quic: EdgeHubQUIC,
    /// `modules.edgeHub.websocket`.
    ///
    /// Go type `*EdgeHubWebSocket`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "websocket")]
    pub websocket: EdgeHubWebSocket,
    /// Bootstrap token; edgecore blanks it after the first start and rewrites the file.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `""`.
    #[serde(rename = "token")]
    pub token: String,
    /// CloudHub HTTPS endpoint with scheme, e.g. `https://<cloudcore>:10002`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `https://192.168.0.10:10002`.
    #[serde(rename = "httpServer")]
    pub http_server: String,
    /// `modules.edgeHub.rotateCertificates`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "rotateCertificates")]
    pub rotate_certificates: bool,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EdgeHub {
    fn default() -> Self {
        Self {
            enable: true,
            heartbeat: 15,
            message_qps: 30,
            message_burst: 60,
            project_id: "e632aba927ea4ac2b575ec1603d56f10".to_owned(),
            tls_ca_file: "/etc/kubeedge/ca/rootCA.crt".to_owned(),
            tls_cert_file: "/etc/kubeedge/certs/server.crt".to_owned(),
            tls_private_key_file: "/etc/kubeedge/certs/server.key".to_owned(),
            quic: EdgeHubQUIC::default(),
            websocket: EdgeHubWebSocket::default(),
            token: "".to_owned(),
            http_server: "https://192.168.0.10:10002".to_owned(),
            rotate_certificates: true,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.edgeHub.quic`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EdgeHubQUIC {
    /// Use QUIC. Exactly one of `websocket.enable` and `quic.enable` must be true.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.edgeHub.quic.handshakeTimeout`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `30`.
    #[serde(rename = "handshakeTimeout")]
    pub handshake_timeout: i32,
    /// `modules.edgeHub.quic.readDeadline`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `15`.
    #[serde(rename = "readDeadline")]
    pub read_deadline: i32,
    /// CloudHub QUIC `host:port`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `192.168.0.10:10001`.
    #[serde(rename = "server")]
    pub server: String,
    /// `modules.edgeHub.quic.writeDeadline`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `15`.
    #[serde(rename = "writeDeadline")]
    pub write_deadline: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EdgeHubQUIC {
    fn default() -> Self {
        Self {
            enable: false,
            handshake_timeout: 30,
            read_deadline: 15,
            server: "192.168.0.10:10001".to_owned(),
            write_deadline: 15,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.edgeHub.websocket`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EdgeHubWebSocket {
    /// Use WebSocket. Exactly one of `websocket.enable` and `quic.enable` must be true.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.edgeHub.websocket.handshakeTimeout`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `30`.
    #[serde(rename = "handshakeTimeout")]
    pub handshake_timeout: i32,
    /// `modules.edgeHub.websocket.readDeadline`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `15`.
    #[serde(rename = "readDeadline")]
    pub read_deadline: i32,
    /// CloudHub WebSocket `host:port` (no scheme).
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `192.168.0.10:10000`.
    #[serde(rename = "server")]
    pub server: String,
    /// `modules.edgeHub.websocket.writeDeadline`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `15`.
    #[serde(rename = "writeDeadline")]
    pub write_deadline: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EdgeHubWebSocket {
    fn default() -> Self {
        Self {
            enable: true,
            handshake_timeout: 30,
            read_deadline: 15,
            server: "192.168.0.10:10000".to_owned(),
            write_deadline: 15,
            unknown: BTreeMap::new(),
        }
    }
}

/// EventBus: the MQTT bridge for devices and applications.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EventBus {
    /// `modules.eventBus.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.eventBus.mqttQOS`.
    ///
    /// Go type `uint8`; KubeEdge v1.23.1 default: `0`.
    #[serde(rename = "mqttQOS")]
    pub mqtt_qos: u8,
    /// `modules.eventBus.mqttRetain`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "mqttRetain")]
    pub mqtt_retain: bool,
    /// `modules.eventBus.mqttSessionQueueSize`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `100`.
    #[serde(rename = "mqttSessionQueueSize")]
    pub mqtt_session_queue_size: i32,
    /// `modules.eventBus.mqttServerInternal`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `tcp://127.0.0.1:1884`.
    #[serde(rename = "mqttServerInternal")]
    pub mqtt_server_internal: String,
    /// `modules.eventBus.mqttServerExternal`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `tcp://127.0.0.1:1883`.
    #[serde(rename = "mqttServerExternal")]
    pub mqtt_server_external: String,
    /// `modules.eventBus.mqttSubClientID`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `""`.
    #[serde(rename = "mqttSubClientID")]
    pub mqtt_sub_client_id: String,
    /// `modules.eventBus.mqttPubClientID`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `""`.
    #[serde(rename = "mqttPubClientID")]
    pub mqtt_pub_client_id: String,
    /// `modules.eventBus.mqttUsername`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `""`.
    #[serde(rename = "mqttUsername")]
    pub mqtt_username: String,
    /// `modules.eventBus.mqttPassword`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `""`.
    #[serde(rename = "mqttPassword")]
    pub mqtt_password: String,
    /// 0 internal broker, 1 both, 2 external broker; must be 0–2 (a Go `int`: checked only while eventBus is enabled).
    ///
    /// Go type `MqttMode`; KubeEdge v1.23.1 default: `2`.
    #[serde(rename = "mqttMode")]
    pub mqtt_mode: i64,
    /// `modules.eventBus.eventBusTLS`.
    ///
    /// Go type `*EventBusTLS`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "eventBusTLS")]
    pub event_bus_tls: EventBusTLS,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self {
            enable: true,
            mqtt_qos: 0,
            mqtt_retain: false,
            mqtt_session_queue_size: 100,
            mqtt_server_internal: "tcp://127.0.0.1:1884".to_owned(),
            mqtt_server_external: "tcp://127.0.0.1:1883".to_owned(),
            mqtt_sub_client_id: "".to_owned(),
            mqtt_pub_client_id: "".to_owned(),
            mqtt_username: "".to_owned(),
            mqtt_password: "".to_owned(),
            mqtt_mode: 2,
            event_bus_tls: EventBusTLS::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.eventBus.eventBusTLS`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EventBusTLS {
    /// `modules.eventBus.eventBusTLS.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.eventBus.eventBusTLS.tlsMqttCAFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/ca/rootCA.crt`.
    #[serde(rename = "tlsMqttCAFile")]
    pub tls_mqtt_ca_file: String,
    /// `modules.eventBus.eventBusTLS.tlsMqttCertFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.crt`.
    #[serde(rename = "tlsMqttCertFile")]
    pub tls_mqtt_cert_file: String,
    /// `modules.eventBus.eventBusTLS.tlsMqttPrivateKeyFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.key`.
    #[serde(rename = "tlsMqttPrivateKeyFile")]
    pub tls_mqtt_private_key_file: String,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EventBusTLS {
    fn default() -> Self {
        Self {
            enable: false,
            tls_mqtt_ca_file: "/etc/kubeedge/ca/rootCA.crt".to_owned(),
            tls_mqtt_cert_file: "/etc/kubeedge/certs/server.crt".to_owned(),
            tls_mqtt_private_key_file: "/etc/kubeedge/certs/server.key".to_owned(),
            unknown: BTreeMap::new(),
        }
    }
}

/// MetaManager: the edge's metadata cache.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct MetaManager {
    /// `modules.metaManager.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.metaManager.contextSendGroup`.
    ///
    /// Go type `metaconfig.GroupName`; KubeEdge v1.23.1 default: `hub`.
    #[serde(rename = "contextSendGroup")]
    pub context_send_group: String,
    /// `modules.metaManager.contextSendModule`.
    ///
    /// Go type `metaconfig.ModuleName`; KubeEdge v1.23.1 default: `websocket`.
    #[serde(rename = "contextSendModule")]
    pub context_send_module: String,
    /// `modules.metaManager.remoteQueryTimeout`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `60`.
    #[serde(rename = "remoteQueryTimeout")]
    pub remote_query_timeout: i32,
    /// `modules.metaManager.metaServer`.
    ///
    /// Go type `*MetaServer`; KubeEdge v1.23.1 default: the defaults of each field.
    #[serde(rename = "metaServer")]
    pub meta_server: MetaServer,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for MetaManager {
    fn default() -> Self {
        Self {
            enable: true,
            context_send_group: "hub".to_owned(),
            context_send_module: "websocket".to_owned(),
            remote_query_timeout: 60,
            meta_server: MetaServer::default(),
            unknown: BTreeMap::new(),
        }
    }
}

/// MetaServer: a local Kubernetes-API-compatible endpoint on the edge node (EdgeMesh and in-cluster clients use it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct MetaServer {
    /// Enables MetaServer (EdgeMesh and in-cluster clients need it).
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `ip:port` MetaServer listens on (default loopback).
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `127.0.0.1:10550`.
    #[serde(rename = "server")]
    pub server: String,
    /// `modules.metaManager.metaServer.tlsCaFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/ca/rootCA.crt`.
    #[serde(rename = "tlsCaFile")]
    pub tls_ca_file: String,
    /// `modules.metaManager.metaServer.tlsCertFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.crt`.
    #[serde(rename = "tlsCertFile")]
    pub tls_cert_file: String,
    /// `modules.metaManager.metaServer.tlsPrivateKeyFile`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.key`.
    #[serde(rename = "tlsPrivateKeyFile")]
    pub tls_private_key_file: String,
    /// `modules.metaManager.metaServer.serviceAccountIssuers`.
    ///
    /// Go type `[]string`; KubeEdge v1.23.1 default: `["https://kubernetes.default.svc.cluster.local"]`.
    #[serde(rename = "serviceAccountIssuers")]
    pub service_account_issuers: Vec<String>,
    /// `modules.metaManager.metaServer.apiAudiences`.
    ///
    /// Go type `[]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "apiAudiences")]
    pub api_audiences: Vec<String>,
    /// `modules.metaManager.metaServer.serviceAccountKeyFiles`.
    ///
    /// Go type `[]string`; KubeEdge v1.23.1 default: not set.
    #[serde(rename = "serviceAccountKeyFiles")]
    pub service_account_key_files: Vec<String>,
    /// `ip:port` of the dummy interface used with `requireAuthorization`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `169.254.30.10:10550`.
    #[serde(rename = "dummyServer")]
    pub dummy_server: String,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for MetaServer {
    fn default() -> Self {
        Self {
            enable: false,
            server: "127.0.0.1:10550".to_owned(),
            tls_ca_file: "/etc/kubeedge/ca/rootCA.crt".to_owned(),
            tls_cert_file: "/etc/kubeedge/certs/server.crt".to_owned(),
            tls_private_key_file: "/etc/kubeedge/certs/server.key".to_owned(),
            service_account_issuers: vec![
                "https://kubernetes.default.svc.cluster.local".to_owned(),
            ],
            api_audiences: Default::default(),
            service_account_key_files: Default::default(),
            dummy_server: "169.254.30.10:10550".to_owned(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.serviceBus`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct ServiceBus {
    /// `modules.serviceBus.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.serviceBus.server`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `127.0.0.1`.
    #[serde(rename = "server")]
    pub server: String,
    /// ServiceBus port.
    ///
    /// Go type `int`; KubeEdge v1.23.1 default: `9060`.
    #[serde(rename = "port")]
    pub port: i64,
    /// `modules.serviceBus.timeout`.
    ///
    /// Go type `int`; KubeEdge v1.23.1 default: `60`.
    #[serde(rename = "timeout")]
    pub timeout: i64,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for ServiceBus {
    fn default() -> Self {
        Self {
            enable: false,
            server: "127.0.0.1".to_owned(),
            port: 9060,
            timeout: 60,
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.deviceTwin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct DeviceTwin {
    /// `modules.deviceTwin.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `true`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// `modules.deviceTwin.dmiSockPath`.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/`.
    #[serde(rename = "dmiSockPath")]
    pub dmi_sock_path: String,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for DeviceTwin {
    fn default() -> Self {
        Self {
            enable: true,
            dmi_sock_path: "/etc/kubeedge/".to_owned(),
            unknown: BTreeMap::new(),
        }
    }
}

/// `modules.dbTest`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct DBTest {
    /// `modules.dbTest.enable`.
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for DBTest {
    fn default() -> Self {
        Self {
            enable: false,
            unknown: BTreeMap::new(),
        }
    }
}

/// EdgeStream: the edge end of the stream tunnel used by `kubectl logs/exec/top`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct EdgeStream {
    /// Enables the edge end of the stream tunnel (`keadm join` leaves it off).
    ///
    /// Go type `bool`; KubeEdge v1.23.1 default: `false`.
    #[serde(rename = "enable")]
    pub enable: bool,
    /// Tunnel CA; defaults to the edgeHub CA.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/ca/rootCA.crt`.
    #[serde(rename = "tlsTunnelCAFile")]
    pub tls_tunnel_ca_file: String,
    /// Tunnel client certificate; defaults to the edgeHub certificate.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.crt`.
    #[serde(rename = "tlsTunnelCertFile")]
    pub tls_tunnel_cert_file: String,
    /// Tunnel client key; defaults to the edgeHub key.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `/etc/kubeedge/certs/server.key`.
    #[serde(rename = "tlsTunnelPrivateKeyFile")]
    pub tls_tunnel_private_key_file: String,
    /// `modules.edgeStream.handshakeTimeout`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `30`.
    #[serde(rename = "handshakeTimeout")]
    pub handshake_timeout: i32,
    /// `modules.edgeStream.readDeadline`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `15`.
    #[serde(rename = "readDeadline")]
    pub read_deadline: i32,
    /// CloudStream tunnel `host:port`, e.g. `<cloudcore>:10004`. A loopback address only works when cloudcore runs on the node itself.
    ///
    /// Go type `string`; KubeEdge v1.23.1 default: `127.0.0.1:10004`.
    #[serde(rename = "server")]
    pub server: String,
    /// `modules.edgeStream.writeDeadline`.
    ///
    /// Go type `int32`; KubeEdge v1.23.1 default: `15`.
    #[serde(rename = "writeDeadline")]
    pub write_deadline: i32,
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for EdgeStream {
    fn default() -> Self {
        Self {
            enable: false,
            tls_tunnel_ca_file: "/etc/kubeedge/ca/rootCA.crt".to_owned(),
            tls_tunnel_cert_file: "/etc/kubeedge/certs/server.crt".to_owned(),
            tls_tunnel_private_key_file: "/etc/kubeedge/certs/server.key".to_owned(),
            handshake_timeout: 30,
            read_deadline: 15,
            server: "127.0.0.1:10004".to_owned(),
            write_deadline: 15,
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
    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.
    #[serde(flatten)]
    #[schemars(skip)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for TaskManager {
    fn default() -> Self {
        Self {
            enable: false,
            unknown: BTreeMap::new(),
        }
    }
}
