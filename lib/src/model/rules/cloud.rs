//! cloudcore's rules (`pkg/apis/componentconfig/cloudcore/v1alpha1/validation` and what
//! cloudcore does at start-up).

use std::net::IpAddr;

use super::common::split_host_port;
use super::{RuleId, Rules};
use crate::model::cloudcore::CloudCoreConfig;
use crate::model::finding::Severity;

impl Rules<'_, '_> {
    /// The rules for a decoded, effective cloudcore configuration.
    pub(crate) fn cloudcore(&mut self, c: &CloudCoreConfig) {
        self.feature_gates(&c.feature_gates);
        let bind = &c.common_config.monitor_server.bind_address;
        match split_host_port(bind) {
            Some((host, port)) => {
                if host.parse::<IpAddr>().is_err() {
                    self.push(
                        RuleId::IpAddress,
                        "commonConfig.monitorServer.bindAddress",
                        format!(
                            "`{bind}`: the host must be a literal IP (`localhost` is rejected)"
                        ),
                        None,
                    );
                }
                if !(1..=65535).contains(&port) {
                    self.push(
                        RuleId::PortRange,
                        "commonConfig.monitorServer.bindAddress",
                        format!("`{bind}`: port outside 1–65535"),
                        None,
                    );
                }
            }
            None => self.push(
                RuleId::HostPort,
                "commonConfig.monitorServer.bindAddress",
                format!("`{bind}` must be IP:port"),
                None,
            ),
        }
        let kc = &c.kube_api_config.kube_config;
        if !kc.is_empty() && !kc.starts_with('/') {
            self.push(
                RuleId::KubeconfigPath,
                "kubeAPIConfig.kubeConfig",
                format!("`{kc}` is not an absolute path; cloudcore refuses it"),
                None,
            );
        }
        let hub = &c.modules.cloud_hub;
        if !hub.enable {
            self.push(
                RuleId::HubDisabled,
                "modules.cloudHub.enable",
                "cloudHub is disabled, so no edge node can connect (`cloudcore --minconfig` prints `enable: false` here)".into(),
                Some("set modules.cloudHub.enable to true"),
            );
        } else {
            self.port("modules.cloudHub.https.port", hub.https.port);
            self.port("modules.cloudHub.websocket.port", hub.websocket.port);
            self.port("modules.cloudHub.quic.port", hub.quic.port);
            self.ip("modules.cloudHub.websocket.address", &hub.websocket.address);
            self.ip("modules.cloudHub.quic.address", &hub.quic.address);
            if !hub
                .unixsocket
                .address
                .to_ascii_lowercase()
                .starts_with("unix://")
            {
                self.push(
                    RuleId::UnixSocket,
                    "modules.cloudHub.unixsocket.address",
                    format!("`{}` must start with unix://", hub.unixsocket.address),
                    None,
                );
            }
            if hub.token_refresh_duration <= 0 {
                self.push(
                    RuleId::NonNegative,
                    "modules.cloudHub.tokenRefreshDuration",
                    "tokenRefreshDuration must be positive".into(),
                    None,
                );
            }
        }
        if hub.advertise_address.is_empty()
            || hub.advertise_address.iter().any(|a| a.trim().is_empty())
        {
            self.push(
                RuleId::AdvertiseAddress,
                "modules.cloudHub.advertiseAddress",
                "advertiseAddress is empty or holds an empty entry; edge nodes need an address to reach cloudcore, and it becomes the certificate's IP SAN".into(),
                Some("set it to the address edge nodes use, e.g. [192.0.2.10]"),
            );
        }
        for (i, a) in hub.advertise_address.iter().enumerate() {
            if !a.trim().is_empty() && a.parse::<IpAddr>().is_err() {
                self.push_as(
                    Severity::Warning,
                    RuleId::AdvertiseAddress,
                    &format!("modules.cloudHub.advertiseAddress.{i}"),
                    format!("`{a}` is not an IP address; advertise addresses become the IP SANs of the CloudHub certificate"),
                    Some("use the IP edge nodes connect to; put host names in dnsNames"),
                );
            }
        }
        if c.modules.edge_controller.enable && c.modules.edge_controller.node_update_frequency <= 0
        {
            self.push(
                RuleId::NonNegative,
                "modules.edgeController.nodeUpdateFrequency",
                "nodeUpdateFrequency must be > 0".into(),
                None,
            );
        }
        if c.modules.cloud_stream.enable {
            self.port(
                "modules.cloudStream.tunnelPort",
                c.modules.cloud_stream.tunnel_port,
            );
            self.port(
                "modules.cloudStream.streamPort",
                c.modules.cloud_stream.stream_port,
            );
        }
        let limit = i64::from(hub.node_limit);
        let (qps, burst) = (
            i64::from(c.kube_api_config.qps),
            i64::from(c.kube_api_config.burst),
        );
        // `AdjustCloudCoreConfig` forces them since 1.13.
        if self.minor >= 13 && (qps != 5 * limit || burst != 10 * limit) {
            self.push(
                RuleId::QpsRewrite,
                "kubeAPIConfig.qps",
                format!("cloudcore forces qps = 5 × nodeLimit = {} and burst = 10 × nodeLimit = {} at start (here {qps}/{burst}) and rewrites its ConfigMap", 5 * limit, 10 * limit),
                Some("set them to those values to keep the file stable"),
            );
        }
    }
}
