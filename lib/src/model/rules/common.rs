//! Rules and helpers shared by cloudcore and edgecore: feature gates, ports, addresses.

use std::collections::BTreeMap;
use std::net::IpAddr;

use super::{RuleId, Rules};
use crate::model::releases::feature_gates;
use crate::model::suggest::did_you_mean;

/// Feature gates the latest KubeEdge knows (`pkg/features/features.go`).
pub(crate) const KNOWN_FEATURE_GATES: &[&str] = &[
    "requireAuthorization",
    "moduleRestart",
    "disableNodeTaskV1alpha2",
];

/// `host:port` with a numeric port (IPv6 in brackets).
pub(crate) fn split_host_port(s: &str) -> Option<(&str, u32)> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (h, p) = rest.split_once("]:")?;
        (h, p)
    } else {
        let (h, p) = s.rsplit_once(':')?;
        if h.contains(':') {
            return None;
        }
        (h, p)
    };
    if host.is_empty() || port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((host, port.parse().ok()?))
}

pub(crate) fn is_rfc1123_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

impl Rules<'_, '_> {
    pub(super) fn feature_gates(&mut self, gates: &BTreeMap<String, bool>) {
        let Some(known) = feature_gates(self.minor) else {
            return; // Not known for this release: not checked.
        };
        for g in gates.keys() {
            if !known.contains(&g.as_str()) {
                let hint = did_you_mean(g, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| {
                        KNOWN_FEATURE_GATES
                            .contains(&g.as_str())
                            .then(|| format!("`{g}` is a gate of a later KubeEdge release"))
                    });
                self.push(
                    RuleId::FeatureGate,
                    &format!("featureGates.{g}"),
                    format!("unknown feature gate `{g}` for KubeEdge 1.{}; KubeEdge exits at start-up (\"unrecognized feature gate\")", self.minor),
                    hint.as_deref(),
                );
            }
        }
    }

    pub(super) fn port(&mut self, path: &str, port: u32) {
        if !(1..=65535).contains(&port) {
            self.push(
                RuleId::PortRange,
                path,
                format!("port {port} is outside 1–65535"),
                None,
            );
        }
    }

    pub(super) fn ip(&mut self, path: &str, addr: &str) {
        if addr.parse::<IpAddr>().is_err() {
            self.push(
                RuleId::IpAddress,
                path,
                format!("`{addr}` is not a literal IP address; KubeEdge's validation rejects it"),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(
            did_you_mean("enabel", ["enable", "server"].into_iter()),
            Some("enable")
        );
        assert_eq!(did_you_mean("zzz", ["enable", "server"].into_iter()), None);
        assert_eq!(
            split_host_port("192.0.2.1:10004"),
            Some(("192.0.2.1", 10004))
        );
        assert_eq!(split_host_port("[::1]:80"), Some(("::1", 80)));
        assert_eq!(split_host_port("https://x:1"), None);
        assert!(is_rfc1123_subdomain("edge-node-01"));
        assert!(!is_rfc1123_subdomain("Edge_Node"));
    }
}
