//! `check`: is the whole system consistent — the cloud side, every edge node, metrics-server?
//!
//! Single files can each be valid and still disagree: cloudStream on in the chart but
//! edgeStream off on the node, `edgeStream.server` dialling 10004 while cloudcore is reached
//! through NodePort 30004, a metaServer without the cloud's dynamicController. [`System`]
//! reads any mix of inputs and recognises each document; [`check`] runs the cross-file rules
//! (reference §C, C1–C17; [`rules`] says which each implements) and returns findings a user
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
    Certificate, ChartValues, Config, ConfigSource, EdgeMesh, InputSummary, NodeInfo, Object,
    Place, System, Unreadable,
};

pub use works::{Capability, what_works};

use crate::model::rules::Scope;
use crate::model::{Rule, RuleId, Severity};

/// The rules `check` runs: the [`Scope::Check`] entries of the one rule registry
/// ([`crate::model::RULES`]), which `validate` shares (one set of ids, one `edgecfg explain`).
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    crate::model::RULES
        .iter()
        .filter(|r| r.scope == Scope::Check)
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
    /// The rule (a [`rules`] id, or a `validate` rule's with `--all`).
    pub rule: RuleId,
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
                    rule: f.rule,
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
