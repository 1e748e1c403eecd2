//! `check`: is the whole system consistent — the cloud side, every edge node, metrics-server?
//!
//! Single files can each be valid and still disagree: cloudStream on in the chart but
//! edgeStream off on the node, `edgeStream.server` dialling 10004 while cloudcore is reached
//! through NodePort 30004, a metaServer without the cloud's dynamicController. [`System`]
//! reads any mix of inputs and recognises each document; [`check`] runs the cross-file rules
//! (reference §C, C1–C17; [`RULES`] says which each implements) and returns findings a user
//! can act on: a stable rule id, a severity (error: the named feature will not work), every
//! location involved, the symptom the user would see, and the fix. Findings that repeat
//! across many edge configurations are one finding with many locations.
//!
//! ```
//! use edgecfg::check::{System, check, CheckOptions};
//! use edgecfg::document::Document;
//!
//! let mut system = System::default();
//! system.add("cloudcore.yaml", Document::parse(
//!     "apiVersion: cloudcore.config.kubeedge.io/v1alpha2\nkind: CloudCore\nmodules:\n  cloudHub:\n    advertiseAddress: [192.0.2.10]\n  cloudStream:\n    enable: true\n",
//! ).unwrap(), None);
//! system.add("edge-1.yaml", Document::parse(
//!     "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeHub:\n    websocket:\n      server: 192.0.2.10:10000\n  edged:\n    hostnameOverride: edge-1\n  edgeStream:\n    enable: false\n    server: 192.0.2.10:10004\n",
//! ).unwrap(), None);
//! let report = check(&system, &CheckOptions::default());
//! assert!(report.findings.iter().any(|f| f.rule == "stream-pairing"));
//! ```

mod inputs;
mod rules;
pub mod sarif;
mod works;

pub use inputs::{
    Certificate, ChartValues, Config, ConfigSource, InputSummary, NodeInfo, Object, Place, System,
};

pub use works::{Capability, what_works};

use crate::model::Severity;

/// A cross-file rule: its id, the reference rules (C1–C17) it implements, and what it checks.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct CheckRule {
    /// Stable id (`stream-pairing`).
    pub id: &'static str,
    /// The rules of the reference's §C it implements (`C5`).
    pub implements: &'static str,
    /// The default severity.
    pub severity: Severity,
    /// One line: what it checks.
    pub summary: &'static str,
}

/// Every cross-file rule `check` runs.
pub const RULES: &[CheckRule] = &[
    CheckRule {
        id: "hub-port",
        implements: "C1",
        severity: Severity::Error,
        summary: "edgeHub's websocket/quic/https addresses dial a port cloudcore serves (its config port, or the Service's NodePort when cloudcore is not on the host network); quic on the edge needs quic on the cloud",
    },
    CheckRule {
        id: "hub-service-target",
        implements: "C1",
        severity: Severity::Error,
        summary: "the cloudcore Service's targetPorts are the ports cloudcore's config listens on (the chart hard-codes 10000-10004)",
    },
    CheckRule {
        id: "hub-address",
        implements: "C2",
        severity: Severity::Error,
        summary: "the host edges dial for cloudHub is in cloudHub.advertiseAddress or dnsNames (the certificate's SANs)",
    },
    CheckRule {
        id: "stream-pairing",
        implements: "C5",
        severity: Severity::Error,
        summary: "cloudStream and edgeStream are both on (kubectl logs/exec/attach/top need both)",
    },
    CheckRule {
        id: "hub-off",
        implements: "C1",
        severity: Severity::Error,
        summary: "edgeHub is on: with it off the node never connects (no status, no tunnel session)",
    },
    CheckRule {
        id: "stream-tunnel-certs",
        implements: "C5",
        severity: Severity::Error,
        summary: "edgeStream's tlsTunnel* files are edgeHub's certificate files (the only ones edgecore writes); otherwise edgecore exits at start",
    },
    CheckRule {
        id: "stream-tunnel-port",
        implements: "C6",
        severity: Severity::Error,
        summary: "edgeStream.server dials cloudStream.tunnelPort (or its NodePort)",
    },
    CheckRule {
        id: "stream-forward-port",
        implements: "C7",
        severity: Severity::Error,
        summary: "the iptables-manager forwards the tunnel ports to cloudStream.streamPort; with it off, nothing does",
    },
    CheckRule {
        id: "stream-edged-endpoint",
        implements: "C8",
        severity: Severity::Error,
        summary: "edged serves on 127.0.0.1:10350, which cloudStream hard-codes",
    },
    CheckRule {
        id: "metrics-server",
        implements: "C9",
        severity: Severity::Error,
        summary: "metrics-server dials the node status port (--kubelet-use-node-status-port) from the host network, and the edges it scrapes have edgeStream on",
    },
    CheckRule {
        id: "metaserver-dynamiccontroller",
        implements: "C10",
        severity: Severity::Error,
        summary: "an edge metaServer needs the cloud's dynamicController",
    },
    CheckRule {
        id: "require-authorization",
        implements: "C10",
        severity: Severity::Error,
        summary: "featureGates.requireAuthorization is the same on both sides where metaServer is used",
    },
    CheckRule {
        id: "cluster-dns",
        implements: "C11",
        severity: Severity::Warning,
        summary: "edge configs agree on clusterDomain; with metaServer on (EdgeMesh), clusterDNS is set",
    },
    CheckRule {
        id: "heartbeat-keepalive",
        implements: "C12",
        severity: Severity::Error,
        summary: "edgeHub.heartbeat is well below cloudHub.keepaliveInterval",
    },
    CheckRule {
        id: "node-limit",
        implements: "C13",
        severity: Severity::Error,
        summary: "cloudHub.nodeLimit times cloudcore replicas covers the edge nodes",
    },
    CheckRule {
        id: "task-manager",
        implements: "C14",
        severity: Severity::Warning,
        summary: "node tasks (ConfigUpdateJob, NodeUpgradeJob, ImagePrePullJob) need taskManager on both sides",
    },
    CheckRule {
        id: "feature-gates",
        implements: "C15",
        severity: Severity::Error,
        summary: "each side's featureGates are known to that side's release",
    },
    CheckRule {
        id: "node-release",
        implements: "C17",
        severity: Severity::Error,
        summary: "an edge config's fields exist in the release its node runs (kubeletVersion); edge not newer than cloud",
    },
    CheckRule {
        id: "node-name",
        implements: "C4",
        severity: Severity::Error,
        summary: "edge node names are unique; an edge config's node is in the inventory with the same InternalIP",
    },
    CheckRule {
        id: "node-certificate",
        implements: "C4",
        severity: Severity::Error,
        summary: "the certificate beside an edge config (named like its edgeHub.tlsCertFile) has CN system:node:<node name>",
    },
    CheckRule {
        id: "cloud-metrics",
        implements: "-",
        severity: Severity::Info,
        summary: "cloudcore's own metrics (monitorServer) listen where Prometheus can scrape them, not on loopback",
    },
    CheckRule {
        id: "input",
        implements: "-",
        severity: Severity::Warning,
        summary: "the inputs contain what the rules need (a cloud config for edge configs, one cloud config)",
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static CheckRule> {
    RULES.iter().find(|r| r.id == id)
}

/// How to check.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CheckOptions {
    /// Also report every single-file `validate` finding.
    pub all: bool,
}

impl CheckOptions {
    /// With `validate`'s single-file findings too.
    pub fn all(mut self, on: bool) -> CheckOptions {
        self.all = on;
        self
    }
}

/// One finding: what disagrees, where, what the user sees, and how to fix it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckFinding {
    /// The rule id (a [`RULES`] id, or a `validate` rule id with `--all`).
    pub rule: String,
    /// Error: the named feature will not work. Warning: it may not, or only by chance.
    pub severity: Severity,
    /// What disagrees.
    pub message: String,
    /// What the user sees when it goes wrong.
    pub symptom: String,
    /// How to make the files agree (an `edgecfg` command or profile when there is one).
    pub fix: String,
    /// Every place involved; for a finding that repeats across edge configurations, one per
    /// configuration.
    pub locations: Vec<Place>,
}

/// The result of [`check`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct CheckReport {
    /// What each input held.
    pub inputs: Vec<InputSummary>,
    /// The findings, errors first.
    pub findings: Vec<CheckFinding>,
}

impl CheckReport {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Runs every cross-file rule on the system.
pub fn check(system: &System, options: &CheckOptions) -> CheckReport {
    let mut findings = rules::run(system);
    if options.all {
        for c in system.clouds.iter().chain(&system.edges) {
            for f in &c.config.report.findings {
                findings.push(CheckFinding {
                    rule: f.rule.to_string(),
                    severity: f.severity,
                    message: f.message.clone(),
                    symptom: String::new(),
                    fix: f.help.clone().unwrap_or_default(),
                    locations: vec![Place {
                        file: c.file.clone(),
                        line: f.location.line,
                        column: f.location.column,
                    }],
                });
            }
        }
    }
    findings.sort_by_key(|f| f.severity);
    CheckReport {
        inputs: system.inputs.clone(),
        findings,
    }
}
