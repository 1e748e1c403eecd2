//! Findings and reports: what validation says about a document.

use super::kind::{ConfigKind, Detected};
use super::release::ReleaseChoice;
use super::rules::RuleId;
use crate::document::Location;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// KubeEdge fails, crashes, or silently does something other than intended.
    Error,
    /// Works, but probably not as meant, or will change under you.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One validation finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// The rule that produced it (see [`super::rules::RULES`]).
    pub rule: RuleId,
    /// What is wrong, in one sentence or two.
    pub message: String,
    /// The YAML path the finding is about (dotted).
    pub path: String,
    /// Where, in the file given (for an embedded config: in the outer file).
    #[serde(flatten)]
    pub location: Location,
    /// A suggestion, such as the key that was probably meant (`null` in JSON when none).
    pub help: Option<String>,
}

impl Finding {
    /// A finding of `rule` with the rule's default severity.
    pub(crate) fn new(
        rule: RuleId,
        path: impl Into<String>,
        location: Location,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: rule.default_severity(),
            rule,
            message: message.into(),
            path: path.into(),
            location,
            help: None,
        }
    }

    /// The same finding with a suggestion.
    pub(crate) fn help(mut self, help: Option<impl Into<String>>) -> Finding {
        self.help = help.map(Into::into);
        self
    }

    /// The same finding with another severity (one of the rule's documented variants).
    pub(crate) fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Whether this finding and `other` are the same problem: the same rule at the same path.
    /// Line numbers are not compared, so an edit that moves lines keeps existing findings
    /// recognisable.
    pub fn same_problem(&self, other: &Finding) -> bool {
        self.problem() == other.problem()
    }

    /// What [`Finding::same_problem`] compares, as a key for sets: the rule and the path.
    pub fn problem(&self) -> (RuleId, &str) {
        (self.rule, &self.path)
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}[{}]: {}: {}",
            self.severity, self.rule, self.location, self.message
        )
    }
}

/// The result of validating one document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// What the document was recognised as.
    pub detected: Detected,
    /// The kind it was validated as, if any.
    pub kind: Option<ConfigKind>,
    /// The KubeEdge release it was validated for, and how that was chosen.
    pub release: Option<ReleaseChoice>,
    /// Findings, in document order within each pass.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Number of findings with this severity.
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The error findings.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }
}

/// A report is an error when it has errors: `effective` returns one when the file does not
/// load cleanly.
impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors = self.count(Severity::Error);
        write!(
            f,
            "{errors} error{}, {} warning{}",
            if errors == 1 { "" } else { "s" },
            self.count(Severity::Warning),
            if self.count(Severity::Warning) == 1 {
                ""
            } else {
                "s"
            }
        )?;
        if let Some(first) = self.errors().next() {
            write!(f, "; first: {first}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}
