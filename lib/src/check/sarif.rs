//! SARIF 2.1.0 output of a [`CheckReport`], for code scanning in CI
//! (GitHub code scanning, GitLab, Azure DevOps read it).

use serde_json::{Value as J, json};

use super::{Capability, CheckReport, rules as check_rules};
use crate::model::Severity;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The report as one SARIF 2.1.0 log with one run: the rules `check` knows (and any
/// `validate` rule a finding names, each with its evidence), a result per finding with every
/// location, and the "what works" verdicts ([`super::what_works`]) as the run's `works`
/// property.
pub fn to_sarif(report: &CheckReport, works: &[Capability], tool_version: &str) -> J {
    let descriptor = |r: &crate::model::Rule| {
        json!({
            "id": r.id,
            "shortDescription": { "text": r.summary },
            "fullDescription": { "text": r.kubeedge },
            "properties": {
                "implements": r.implements,
                "releases": r.releases,
                "evidence": r.evidence,
                "confirmed": r.confirmed,
            },
            "defaultConfiguration": { "level": level(r.severity) },
        })
    };
    let mut rules: Vec<J> = check_rules().map(descriptor).collect();
    for f in &report.findings {
        if !rules.iter().any(|r| r["id"] == f.rule.as_str()) {
            rules.push(descriptor(f.rule.rule()));
        }
    }
    let results: Vec<J> = report
        .findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            if !f.symptom.is_empty() {
                text.push_str(&format!(" Symptom: {}", f.symptom));
            }
            if !f.fix.is_empty() {
                text.push_str(&format!(" Fix: {}", f.fix));
            }
            json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": f.locations.iter().map(|l| json!({
                    "physicalLocation": {
                        "artifactLocation": { "uri": l.file.trim_start_matches("./") },
                        "region": { "startLine": l.line, "startColumn": l.column },
                    }
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "edgecfg",
                "version": tool_version,
                "informationUri": "https://kubeedge.io",
                "rules": rules,
            }},
            "results": results,
            "properties": { "works": works },
        }],
    })
}
