//! edgecore's rules (`pkg/apis/componentconfig/edgecore/v1alpha2/validation`, edged's kubelet
//! validation, and the cloud side's hard-coded stream endpoint).

use std::net::IpAddr;

use super::common::{is_rfc1123_subdomain, split_host_port};
use super::{RuleId, Rules};
use crate::model::edgecore::EdgeCoreConfig;

impl Rules<'_, '_> {
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
            if !(hs.starts_with("https://") || hs.starts_with("http://")) {
                self.push(
                    RuleId::HttpScheme,
                    "modules.edgeHub.httpServer",
                    format!("`{hs}` has no scheme; edgecore builds certificate URLs from it"),
                    Some("write https://<cloudcore>:10002"),
                );
            }
            for (path, server) in [
                ("modules.edgeHub.websocket.server", &hub.websocket.server),
                ("modules.edgeHub.quic.server", &hub.quic.server),
            ] {
                if split_host_port(server).is_none() {
                    self.push(
                        RuleId::HostPort,
                        path,
                        format!("`{server}` must be host:port (no scheme)"),
                        None,
                    );
                }
            }
        }
        let edged = &m.edged;
        let kc = &edged.tailored_kubelet_config;
        if edged.enable {
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
        match addr.parse::<IpAddr>() {
            Ok(ip) if ip.is_loopback() && addr == "127.0.0.1" => {}
            Ok(ip) if ip.is_unspecified() => self.push(
                RuleId::EdgedAddress,
                "modules.edged.tailoredKubeletConfig.address",
                format!("`{addr}` exposes edged's unauthenticated read-only API on every interface; the cloud side only ever uses 127.0.0.1:10350"),
                Some("keep 127.0.0.1"),
            ),
            Ok(ip) if ip.is_loopback() => self.push(
                RuleId::EdgedAddress,
                "modules.edged.tailoredKubeletConfig.address",
                format!("`{addr}`: the cloud-side stream connectors hard-code 127.0.0.1:10350"),
                Some("keep 127.0.0.1"),
            ),
            _ => self.push(
                RuleId::EdgedAddress,
                "modules.edged.tailoredKubeletConfig.address",
                format!("`{addr}`: edged's readiness probe uses localhost and the cloud side hard-codes 127.0.0.1:10350, so edged never becomes ready and kubectl logs/exec/top break"),
                Some("keep 127.0.0.1"),
            ),
        }
        if kc.read_only_port != 10350 {
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
        if m.event_bus.enable && m.event_bus.mqtt_mode > 2 {
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
                None => self.push( RuleId::HostPort, "modules.edgeStream.server", format!("`{}` must be host:port (the cloudcore tunnel port, 10004)", es.server), None),
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
