//! The rule registry: every finding edgecfg reports comes from one entry of [`RULES`], so rule
//! ids, default severities and descriptions are written down once. The README's rules table,
//! `edgecfg explain RULE` and the JSON output all read this table.

use super::super::finding::Severity;

/// Which command reports a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// `validate` (one file at a time; `check --all` repeats them).
    Validate,
    /// `check` (across the files of a system).
    Check,
}

impl Scope {
    /// `validate` or `check`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Validate => "validate",
            Scope::Check => "check",
        }
    }
}

/// One rule: its stable id, default severity, what it is about and why edgecfg says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// The rule's id.
    pub id: RuleId,
    /// `validate` (single files) or `check` (a system).
    pub scope: Scope,
    /// The severity a finding of this rule has unless the rule documents a variant (see
    /// [`Rule::variants`]).
    pub severity: Severity,
    /// What the rule flags, in one line.
    pub summary: &'static str,
    /// What KubeEdge does with such a file: why it matters.
    pub kubeedge: &'static str,
    /// The KubeEdge releases the rule applies to, as edgecfg checks it: `all` for rules on the
    /// YAML as written or that hold in every release, otherwise a range.
    pub releases: &'static str,
    /// Other severities this rule reports in some cases, and when (empty: always the default).
    pub variants: &'static str,
    /// Where KubeEdge's code decides it: upstream `file:line@tag`, and `[kecheck]` when
    /// KubeEdge's own loader (tools/kecheck) confirmed it.
    pub evidence: &'static str,
    /// The running-system test that produces the rule's condition and shows its symptom
    /// (`tests/system`, condition names of `check_reality`), or empty.
    pub confirmed: &'static str,
    /// The rules of the reference's §C a `check` rule implements (`C5`), or empty.
    pub implements: &'static str,
}

macro_rules! rules {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal, $scope:ident, $sev:ident, $releases:literal,
        summary: $summary:literal,
        kubeedge: $kubeedge:literal,
        evidence: $evidence:literal
        $(, variants: $variants:literal)?
        $(, confirmed: $confirmed:literal)?
        $(, implements: $implements:literal)?;
    )*) => {
        /// A rule's stable id. Its string form (`unknown-key`, …) is what the CLI prints and
        /// JSON carries; ids never change meaning once released, and `validate` and `check`
        /// share one set of ids.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleId {
            $( $(#[$doc])* $variant, )*
        }

        /// Every rule, `validate`'s then `check`'s, in the order of [`RuleId`] (the index of a
        /// rule is its id as a number).
        pub const RULES: &[Rule] = &[
            $( Rule {
                id: RuleId::$variant,
                scope: Scope::$scope,
                severity: Severity::$sev,
                summary: $summary,
                kubeedge: $kubeedge,
                releases: $releases,
                variants: rules!(@opt $($variants)?),
                evidence: $evidence,
                confirmed: rules!(@opt $($confirmed)?),
                implements: rules!(@opt $($implements)?),
            }, )*
        ];

        impl RuleId {
            /// The id as written in output (`unknown-key`).
            pub fn as_str(self) -> &'static str {
                match self { $( RuleId::$variant => $id, )* }
            }

            /// The rule with this id, from a string (`unknown-key`).
            pub fn parse(s: &str) -> Option<RuleId> {
                match s { $( $id => Some(RuleId::$variant), )* _ => None }
            }
        }
    };
    (@opt $v:literal) => { $v };
    (@opt) => { "" };
}

mod catalog;

pub use catalog::{RULES, RuleId};

impl RuleId {
    /// The registry entry of this rule.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    /// The severity of this rule's findings unless the rule documents a variant.
    pub fn default_severity(self) -> Severity {
        self.rule().severity
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for RuleId {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<RuleId, UnknownRule> {
        RuleId::parse(s).ok_or_else(|| UnknownRule(s.to_owned()))
    }
}

/// A string that is no rule id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule `{0}` (`edgecfg explain` lists the rules)")]
pub struct UnknownRule(pub String);

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<RuleId> for &str {
    fn eq(&self, other: &RuleId) -> bool {
        *self == other.as_str()
    }
}

/// The rules as Markdown: one table for `validate`'s rules and one for `check`'s (see
/// [`markdown_table_for`]).
pub fn markdown_table() -> String {
    format!(
        "Rules of `validate` (one file at a time):\n\n{}\nRules of `check` (across the files of a system):\n\n{}",
        markdown_table_for(Scope::Validate),
        markdown_table_for(Scope::Check)
    )
}

/// One scope's rules as a Markdown table (id, default severity, what it flags, what KubeEdge
/// does, releases, evidence; for `check`, the reference rules each implements). The README's
/// tables are this text.
pub fn markdown_table_for(scope: Scope) -> String {
    let check = scope == Scope::Check;
    let mut s = String::from(if check {
        "| rule | §C | severity | flags | what KubeEdge does | releases | evidence |\n|---|---|---|---|---|---|---|\n"
    } else {
        "| rule | severity | flags | what KubeEdge does | releases | evidence |\n|---|---|---|---|---|---|\n"
    });
    let cell = |t: &str| t.replace('|', "\\|");
    for r in RULES.iter().filter(|r| r.scope == scope) {
        let mut does = r.kubeedge.to_owned();
        if !r.variants.is_empty() {
            does.push_str(&format!(" (also: {})", r.variants));
        }
        let mut evidence = r.evidence.to_owned();
        if !r.confirmed.is_empty() {
            evidence.push_str(&format!("; running system: tests/system `{}`", r.confirmed));
        }
        let implements = if check {
            format!(
                " {} |",
                if r.implements.is_empty() {
                    "–"
                } else {
                    r.implements
                }
            )
        } else {
            String::new()
        };
        s.push_str(&format!(
            "| `{}` |{implements} {} | {} | {} | {} | {} |\n",
            r.id,
            r.severity,
            cell(r.summary),
            cell(&does),
            r.releases,
            cell(&evidence)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_matches_the_ids() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.id as usize, i, "{}", r.id);
            assert_eq!(RuleId::parse(r.id.as_str()), Some(r.id));
            assert!(!r.summary.is_empty() && !r.kubeedge.is_empty(), "{}", r.id);
            assert!(!r.evidence.is_empty(), "{} has no evidence", r.id);
            assert_eq!(
                r.implements.is_empty(),
                r.scope == Scope::Validate
                    || r.id == RuleId::Input
                    || r.id.as_str().starts_with("cloud-")
                    || r.id.as_str().starts_with("monitoring-"),
                "{}: a check rule names the reference rules it implements",
                r.id
            );
        }
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(
            ids.len(),
            n,
            "rule ids are unique across validate and check"
        );
        assert_eq!(RuleId::parse("no-such-rule"), None);
    }
}
