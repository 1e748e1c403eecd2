//! cloudcore's rules (`pkg/apis/componentconfig/cloudcore/v1alpha1/validation` and what
//! cloudcore does at start-up).

use std::net::IpAddr;

use super::common::split_host_port;
use super::{RuleId, Rules};
use crate::model::cloudcore::CloudCoreConfig;

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
        // `net.ParseIP` of each entry becomes an IP SAN; nil (an empty string, a host name)
        // makes a certificate that does not load, saved in secret cloudcoresecret first
        // (pre_server.go:120-143,162@v1.23.1): cloudcore exits or panics until it is deleted.
        if hub.advertise_address.is_empty() {
            self.push(
                RuleId::AdvertiseAddress,
                "modules.cloudHub.advertiseAddress",
                "advertiseAddress is empty: cloudcore exits at start (\"AdvertiseAddress must be specified!\")".into(),
                Some("set it to the address edge nodes use, e.g. [192.0.2.10]"),
            );
        }
        for (i, a) in hub.advertise_address.iter().enumerate() {
            if a.trim().parse::<IpAddr>().is_err() {
                let what = if a.trim().is_empty() {
                    "an empty entry (the cloudcore chart renders `[\"\"]` when cloudCore.modules.cloudHub.advertiseAddress is not set)".to_owned()
                } else {
                    format!("`{a}` is not an IP address")
                };
                self.push(
                    RuleId::AdvertiseAddress,
                    &format!("modules.cloudHub.advertiseAddress.{i}"),
                    format!("{what}: it becomes a zero-length IP SAN, the CloudHub certificate does not load (\"x509: cannot parse IP address of length 0\") and cloudcore exits or panics, again at every start, because the bad certificate is already saved in secret kubeedge/cloudcoresecret"),
                    Some("use the IPs edge nodes connect to and put host names in dnsNames; then `kubectl -n kubeedge delete secret cloudcoresecret` and restart cloudcore"),
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
            // not validated: the listener exits (tunnelserver.go:209-212@v1.23.1)
            for (path, port) in [
                (
                    "modules.cloudStream.tunnelPort",
                    c.modules.cloud_stream.tunnel_port,
                ),
                (
                    "modules.cloudStream.streamPort",
                    c.modules.cloud_stream.stream_port,
                ),
            ] {
                if !(1..=65535).contains(&port) {
                    self.push(
                        RuleId::PortRange,
                        path,
                        format!("port {port} is outside 1–65535: validation accepts it, and cloudcore exits when the cloudStream listener starts"),
                        None,
                    );
                }
            }
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
