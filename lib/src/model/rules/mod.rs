//! KubeEdge's own validation rules and the traps it accepts silently, checked on the effective
//! configuration (defaults + file), grouped as KubeEdge groups them: `cloud` modules,
//! `edge` modules, and what both share (`common`). Every finding names a rule of the
//! [`registry`].

mod cloud;
mod common;
mod edge;
pub mod registry;

pub use registry::{RULES, Rule, RuleId, Scope, UnknownRule, markdown_table, markdown_table_for};

pub(crate) use common::split_host_port;

use super::finding::{Finding, Severity};
use crate::document::Location;

/// KubeEdge's own validation and the traps it accepts silently, on the effective config.
pub(crate) struct Rules<'f, 'l> {
    pub(crate) findings: &'f mut Vec<Finding>,
    pub(crate) at: &'l dyn Fn(&str) -> Location,
    /// The KubeEdge minor checked (feature gates and start-up behaviour differ).
    pub(crate) minor: u8,
}

impl Rules<'_, '_> {
    /// Reports `rule` at `path` with the rule's default severity.
    pub(crate) fn push(&mut self, rule: RuleId, path: &str, message: String, help: Option<&str>) {
        let location = (self.at)(path);
        self.findings
            .push(Finding::new(rule, path, location, message).help(help));
    }

    /// Reports `rule` with one of its documented variant severities.
    fn push_as(
        &mut self,
        severity: Severity,
        rule: RuleId,
        path: &str,
        message: String,
        help: Option<&str>,
    ) {
        let location = (self.at)(path);
        self.findings.push(
            Finding::new(rule, path, location, message)
                .help(help)
                .severity(severity),
        );
    }
}
