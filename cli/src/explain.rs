//! `edgecfg explain [RULE]`: the rule registry, as text, JSON or the README's Markdown table.

use edgecfg::model::rules::{self, RULES, Rule, RuleId};

use crate::report::{Failure, Out};

/// Prints one rule, or all of them.
pub fn run(out: &mut Out, rule: Option<&str>, format: &str) -> Result<u8, Failure> {
    let selected: Vec<&Rule> = match rule {
        Some(id) => vec![
            id.parse::<RuleId>()
                .map_err(|e| {
                    let hint = RULES
                        .iter()
                        .map(|r| r.id.as_str())
                        .filter(|r| r.contains(id) || id.contains(r))
                        .collect::<Vec<_>>();
                    if hint.is_empty() {
                        Failure::plain(e)
                    } else {
                        Failure::plain(format!("{e}; did you mean {}?", hint.join(", ")))
                    }
                })?
                .rule(),
        ],
        None => RULES.iter().collect(),
    };
    let text = match format {
        "json" => {
            let v = if rule.is_some() {
                serde_json::to_string_pretty(selected[0])
            } else {
                serde_json::to_string_pretty(&selected)
            };
            format!("{}\n", v.expect("rules serialize"))
        }
        "markdown" => rules::markdown_table(),
        _ if rule.is_some() => {
            let r = selected[0];
            let mut s = format!(
                "{} ({} by default; reported by `{}`)\n\n  Flags:    {}\n  KubeEdge: {}\n  Releases: {}\n",
                r.id,
                r.severity,
                r.scope.as_str(),
                r.summary,
                r.kubeedge,
                r.releases
            );
            if !r.variants.is_empty() {
                s.push_str(&format!("  Also:     {}\n", r.variants));
            }
            s.push_str(&format!("  Evidence: {}\n", r.evidence));
            if !r.confirmed.is_empty() {
                s.push_str(&format!(
                    "  Seen on a running KubeEdge: tests/system, {}\n",
                    r.confirmed
                ));
            }
            s
        }
        _ => {
            let width = RULES.iter().map(|r| r.id.as_str().len()).max().unwrap_or(0);
            RULES
                .iter()
                .map(|r| {
                    format!(
                        "{:width$}  {:8}  {:7}  {}\n",
                        r.id.as_str(),
                        r.scope.as_str(),
                        r.severity.as_str(),
                        r.summary
                    )
                })
                .collect()
        }
    };
    out.text(&text)?;
    Ok(0)
}
