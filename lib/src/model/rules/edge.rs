//! edgecore's rules (`pkg/apis/componentconfig/edgecore/v1alpha2/validation`, edged's kubelet
//! validation, and the cloud side's hard-coded stream endpoint).

use std::net::IpAddr;

use std::collections::BTreeMap;

use super::common::{is_rfc1123_subdomain, split_host_port};
use super::{RuleId, Rules};
use crate::model::edgecore::EdgeCoreConfig;
use crate::model::finding::Severity;
use crate::model::kubelet_gates::{Gate, kubelet_gates, minors_knowing};
use crate::model::suggest::did_you_mean;

impl Rules<'_, '_> {
    /// `tailoredKubeletConfig.featureGates` against the gate set of the Kubernetes the release
    /// vendors: edged's `SetFromMap` fails on an unknown name or a locked gate set the other way.
    fn kubelet_feature_gates(&mut self, gates: &BTreeMap<String, bool>) {
        let Some(set) = kubelet_gates(self.minor) else {
            return;
        };
        for (name, &value) in gates {
            let path = format!("modules.edged.tailoredKubeletConfig.featureGates.{name}");
            match set.gate(name) {
                Gate::Settable => {}
                Gate::Locked(locked) if locked == value => {}
                Gate::Locked(locked) => self.push(
                    RuleId::KubeletFeatureGate,
                    &path,
                    format!(
                        "kubelet feature gate `{name}` is locked to {locked} in KubeEdge 1.{} (Kubernetes {}); setting it to {value} makes edgecore exit (\"cannot set feature gate {name} to {value}, feature is locked to {locked}\")",
                        self.minor, set.kubernetes
                    ),
                    Some("remove the entry (the gate is always on or always off in this release)"),
                ),
                Gate::Unknown => {
                    let hint = did_you_mean(name, set.names())
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| {
                            let known = minors_knowing(name);
                            let (first, last) = (known.first()?, known.last()?);
                            Some(format!(
                                "`{name}` is a kubelet gate of KubeEdge 1.{first}–1.{last}; remove it for this release"
                            ))
                        });
                    self.push(
                        RuleId::KubeletFeatureGate,
                        &path,
                        format!(
                            "unknown kubelet feature gate `{name}` for KubeEdge 1.{} (Kubernetes {}); edgecore exits at start-up (\"init new edged error … unrecognized feature gate: {name}\")",
                            self.minor, set.kubernetes
                        ),
                        hint.as_deref(),
                    );
                }
            }
        }
    }

    /// The rules for a decoded, effective edgecore configuration.
    pub(crate) fn edgecore(&mut self, c: &EdgeCoreConfig) {
        self.feature_gates(&c.feature_gates);
        let m = &c.modules;
        let hub = &m.edge_hub;
        if !hub.enable {
            self.push(
                RuleId::HubDisabled,
                "modules.edgeHub.enable",
                "edgeHub is disabled, so this node never connects to the cloud (`edgecore --minconfig` prints `enable: false` here)".into(),
                Some("set modules.edgeHub.enable to true"),
            );
        } else {
            if hub.websocket.enable == hub.quic.enable {
                self.push(
                    RuleId::EdgehubTransport,
                    "modules.edgeHub.websocket.enable",
                    format!(
                        "websocket.enable and quic.enable are both {}; exactly one must be true",
                        hub.websocket.enable
                    ),
                    None,
                );
            }
            if hub.message_qps < 0 || hub.message_burst < 0 {
                self.push(
                    RuleId::NonNegative,
                    "modules.edgeHub.messageQPS",
                    "messageQPS and messageBurst must be ≥ 0".into(),
                    None,
                );
            }
            let hs = &hub.http_server;
            if hs.starts_with("http://") {
                self.push(
                    RuleId::HttpScheme,
                    "modules.edgeHub.httpServer",
                    format!("`{hs}`: cloudcore serves the certificates over TLS only, so the fetch fails and edgecore panics (\"failed to get CA certificate\")"),
                    Some("write https://<cloudcore>:10002"),
                );
            } else if !hs.starts_with("https://") {
                self.push(
                    RuleId::HttpScheme,
                    "modules.edgeHub.httpServer",
                    format!("`{hs}` has no https:// scheme; edgecore builds the certificate URLs from it, cannot fetch them and panics"),
                    Some("write https://<cloudcore>:10002"),
                );
            }
            // Only the transport in use is dialled. Neither server is validated: without a
            // port the URL is `wss://` + server, which dials 443 (edgehub/config/config.go:23).
            for (on, path, server) in [
                (
                    hub.websocket.enable,
                    "modules.edgeHub.websocket.server",
                    &hub.websocket.server,
                ),
                (
                    hub.quic.enable,
                    "modules.edgeHub.quic.server",
                    &hub.quic.server,
                ),
            ] {
                if on && split_host_port(server).is_none() {
                    let no_port = !server.contains("://") && !server.is_empty();
                    self.push_as(
                        if no_port { Severity::Warning } else { Severity::Error },
                        RuleId::HostPort,
                        path,
                        if no_port {
                            format!("`{server}` has no port: edgecore dials port 443, not cloudcore's 10000/10001")
                        } else {
                            format!("`{server}` must be host:port (no scheme)")
                        },
                        Some("write <cloudcore address>:10000 (websocket) or :10001 (quic)"),
                    );
                }
            }
        }
        let edged = &m.edged;
        let kc = &edged.tailored_kubelet_config;
        if edged.enable {
            self.kubelet_feature_gates(&kc.feature_gates);
            if !is_rfc1123_subdomain(&edged.hostname_override) {
                self.push(
                    RuleId::NodeName,
                    "modules.edged.hostnameOverride",
                    format!(
                        "`{}` is not a lower-case RFC 1123 subdomain",
                        edged.hostname_override
                    ),
                    None,
                );
            }
            if edged.node_ip.is_empty() {
                self.push(
                    RuleId::NodeIp,
                    "modules.edged.nodeIP",
                    "nodeIP is empty; edgecore uses an IP that can reach the cloud".into(),
                    None,
                );
            }
            if !matches!(kc.cgroup_driver.as_str(), "cgroupfs" | "systemd") {
                self.push(
                    RuleId::CgroupDriver,
                    "modules.edged.tailoredKubeletConfig.cgroupDriver",
                    format!("`{}` must be cgroupfs or systemd", kc.cgroup_driver),
                    None,
                );
            }
        }
        let addr = kc.address.as_str();
        const ADDRESS: &str = "modules.edged.tailoredKubeletConfig.address";
        // From 1.19 edged syncs no pod until http://localhost:<readOnlyPort>/healthz/syncloop
        // answers (edged.go:161-172,643-667@v1.23.1); 1.17 only waited 10 s.
        let health_waits = self.minor >= 19;
        match addr.parse::<IpAddr>() {
            Ok(ip) if ip.is_loopback() && addr == "127.0.0.1" => {}
            Ok(ip) if ip.is_unspecified() => self.push(
                RuleId::EdgedAddress,
                ADDRESS,
                format!("`{addr}` exposes edged's unauthenticated read-only API on every interface; the cloud side only ever uses 127.0.0.1:10350"),
                Some("keep 127.0.0.1"),
            ),
            // Another 127/8 address: localhost is 127.0.0.1, so from 1.19 the health check
            // fails too (tests/system `edged-loopback-2`: a new pod stays Pending on 1.23.1).
            Ok(IpAddr::V4(ip)) if ip.is_loopback() && health_waits => self.push_as(
                Severity::Error,
                RuleId::EdgedAddress,
                ADDRESS,
                format!("`{addr}`: edged's own health check dials localhost:{} (127.0.0.1), which nothing answers, so edged never syncs a pod (KubeEdge 1.19 and later); the cloud side also hard-codes 127.0.0.1:10350", kc.read_only_port),
                Some("keep 127.0.0.1"),
            ),
            Ok(ip) if ip.is_loopback() => self.push(
                RuleId::EdgedAddress,
                ADDRESS,
                format!("`{addr}`: the cloud-side stream connectors hard-code 127.0.0.1:10350, so kubectl logs/exec/top break"),
                Some("keep 127.0.0.1"),
            ),
            Ok(_) if health_waits => self.push_as(
                Severity::Error,
                RuleId::EdgedAddress,
                ADDRESS,
                format!("`{addr}`: edged's own health check dials localhost:{}, which nothing answers, so edged never syncs a pod (KubeEdge 1.19 and later); the cloud side also hard-codes 127.0.0.1:10350 for kubectl logs/exec/top", kc.read_only_port),
                Some("keep 127.0.0.1"),
            ),
            Ok(_) => self.push(
                RuleId::EdgedAddress,
                ADDRESS,
                format!("`{addr}`: the cloud side hard-codes 127.0.0.1:10350, so kubectl logs/exec/top break"),
                Some("keep 127.0.0.1"),
            ),
            Err(_) => self.push_as(
                if health_waits { Severity::Error } else { Severity::Warning },
                RuleId::EdgedAddress,
                ADDRESS,
                format!("`{addr}` is not an IP address: edged listens on `<nil>:{}`, which fails, so the read-only API never comes up{}", kc.read_only_port, if health_waits { " and edged never syncs a pod (KubeEdge 1.19 and later)" } else { "" }),
                Some("keep 127.0.0.1"),
            ),
        }
        if kc.read_only_port == 0 {
            self.push_as(
                if health_waits { Severity::Error } else { Severity::Warning },
                RuleId::EdgedReadonlyPort,
                "modules.edged.tailoredKubeletConfig.readOnlyPort",
                format!("readOnlyPort 0 starts no read-only server: kubectl logs/exec/attach/top cannot work{}", if health_waits { ", and edged's health check on localhost never passes, so no pod is ever synced (KubeEdge 1.19 and later)" } else { "" }),
                Some("keep 10350"),
            );
        } else if kc.read_only_port != 10350 {
            self.push(
                RuleId::EdgedReadonlyPort,
                "modules.edged.tailoredKubeletConfig.readOnlyPort",
                format!("readOnlyPort {}: the cloud side hard-codes 10350, so kubectl logs/exec/attach/top stop working for this node", kc.read_only_port),
                Some("keep 10350"),
            );
        }
        if kc.node_lease_duration_seconds <= 0 {
            self.push(
                RuleId::Kubelet,
                "modules.edged.tailoredKubeletConfig.nodeLeaseDurationSeconds",
                "nodeLeaseDurationSeconds must be > 0".into(),
                None,
            );
        }
        if let (Some(hi), Some(lo)) = (
            kc.image_gc_high_threshold_percent,
            kc.image_gc_low_threshold_percent,
        ) && (!(0..=100).contains(&hi) || !(0..=100).contains(&lo) || lo >= hi)
        {
            self.push(
                RuleId::Kubelet,
                "modules.edged.tailoredKubeletConfig.imageGCHighThresholdPercent",
                format!(
                    "image GC thresholds must be within 0–100 with low < high (here {lo}/{hi})"
                ),
                None,
            );
        }
        if let Some(adj) = kc.oom_score_adj
            && !(-1000..=1000).contains(&adj)
        {
            self.push(
                RuleId::Kubelet,
                "modules.edged.tailoredKubeletConfig.oomScoreAdj",
                format!("oomScoreAdj {adj} is outside −1000…1000"),
                None,
            );
        }
        if !matches!(
            kc.hairpin_mode.as_str(),
            "promiscuous-bridge" | "hairpin-veth" | "none"
        ) {
            self.push(
                RuleId::Kubelet,
                "modules.edged.tailoredKubeletConfig.hairpinMode",
                format!(
                    "hairpinMode `{}` must be promiscuous-bridge, hairpin-veth or none",
                    kc.hairpin_mode
                ),
                None,
            );
        }
        if !matches!(
            kc.topology_manager_policy.as_str(),
            "none" | "best-effort" | "restricted" | "single-numa-node"
        ) {
            self.push(
                RuleId::Kubelet,
                "modules.edged.tailoredKubeletConfig.topologyManagerPolicy",
                format!(
                    "`{}` is not a topology manager policy",
                    kc.topology_manager_policy
                ),
                None,
            );
        }
        if !matches!(kc.topology_manager_scope.as_str(), "container" | "pod") {
            self.push(
                RuleId::Kubelet,
                "modules.edged.tailoredKubeletConfig.topologyManagerScope",
                format!("`{}` must be container or pod", kc.topology_manager_scope),
                None,
            );
        }
        if let Some(f) = kc.memory_throttling_factor
            && !(f > 0.0 && f <= 1.0)
        {
            self.push(
                RuleId::Kubelet,
                "modules.edged.tailoredKubeletConfig.memoryThrottlingFactor",
                format!("memoryThrottlingFactor {f} must be in (0, 1]"),
                None,
            );
        }
        if kc.container_runtime_endpoint.is_empty() {
            self.push(
                RuleId::Kubelet,
                "modules.edged.tailoredKubeletConfig.containerRuntimeEndpoint",
                "containerRuntimeEndpoint must not be empty".into(),
                None,
            );
        }
        if m.event_bus.enable && !(0..=2).contains(&m.event_bus.mqtt_mode) {
            self.push(
                RuleId::MqttMode,
                "modules.eventBus.mqttMode",
                format!("mqttMode {} must be 0, 1 or 2", m.event_bus.mqtt_mode),
                None,
            );
        }
        let es = &m.edge_stream;
        if es.enable {
            match split_host_port(&es.server) {
                None if !es.server.contains("://") && !es.server.is_empty() => self.push_as(
                    Severity::Warning,
                    RuleId::HostPort,
                    "modules.edgeStream.server",
                    format!("`{}` has no port: edgecore dials the tunnel on port 443, not cloudcore's tunnelPort (10004)", es.server),
                    Some("write <cloudcore address>:10004"),
                ),
                None => self.push(RuleId::HostPort, "modules.edgeStream.server", format!("`{}` must be host:port (the cloudcore tunnel port, 10004)", es.server), None),
                Some((host, _)) if host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()) => self.push(
                    RuleId::StreamLoopback,
                    "modules.edgeStream.server",
                    format!("edgeStream is enabled but points at `{}`, which only works when cloudcore runs on this node", es.server),
                    Some("set it to <cloudcore address>:10004"),
                ),
                _ => {}
            }
        }
    }
}
