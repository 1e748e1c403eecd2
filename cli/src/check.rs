//! `edgecfg check`: the cross-file rules over a whole system.

use std::path::PathBuf;

use anstyle::{AnsiColor, Style};
use clap::Args;
use edgecfg::check::{CheckOptions, System, check, sarif};
use edgecfg::model::Severity;

use crate::read_input;
use crate::report::{Failure, Out};

/// Arguments of `edgecfg check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files and directories (recursively, `*.yaml`, `*.yml`, `*.json`, `*.crt`, `*.pem`): cloudcore.yaml, edgecore.yaml (one per node),
    /// ConfigMaps embedding them, rendered Helm streams (`helm template` / `helm get manifest`
    /// of the cloudcore and metrics-server charts, components.yaml), the cloudcore chart's
    /// values, a node inventory (`kubectl get nodes -o json`), edge certificates (`*.crt`,
    /// `*.pem` beside an edge config). `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Also report every single-file `validate` finding.
    #[arg(long)]
    all: bool,
    /// Output: `human`, `json` (`{"inputs", "findings": [{"rule", "severity", "message",
    /// "symptom", "fix", "locations": [{"file", "line", "column"}]}], "works": [{"name",
    /// "unknown", "works", "broken": [[RULES, NODES]], "at_risk": [[RULES, NODES]], "not_used"}]}`)
    /// or `sarif` (SARIF
    /// 2.1.0, for code scanning).
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json", "sarif"])]
    format: String,
    /// How many locations to list per finding in human output (all are in JSON and SARIF).
    #[arg(long, value_name = "N", default_value_t = 3)]
    show: usize,
    #[command(flatten)]
    release: crate::ReleaseArg,
    #[command(flatten)]
    many: crate::files::ManyArgs,
    #[command(flatten)]
    pub(crate) color: crate::ColorArg,
}

/// Runs the check; exit 0 (no errors), 1 (errors found) or 2 (could not run).
pub fn run(out: &mut Out, args: &CheckArgs) -> Result<u8, Failure> {
    let files = crate::files::inputs_with(
        &args.paths,
        &args.many,
        &["yaml", "yml", "json", "crt", "pem"],
    )?;
    let progress = crate::files::Progress::new(files.len());
    let mut system = System::default();
    // A file that cannot be read or parsed does not stop the others: the report names it (an
    // `input` error, and "not read" in the summary) and the run exits 2. One file alone: as
    // before, the error and exit 2.
    let mut unread = 0usize;
    for file in &files {
        progress.tick(file);
        let text = match read_input(file) {
            Ok(t) => t,
            Err(f) if files.len() == 1 || f.broken_pipe => return Err(f),
            Err(f) => {
                progress.suspend(|| crate::report::print_failure(&f));
                system.add_unreadable(&crate::shown(file), 0, 0, &f.message);
                unread += 1;
                continue;
            }
        };
        if System::is_pem(&text) {
            system.add_pem(&crate::shown(file), &text);
            continue;
        }
        match edgecfg::document::Document::parse(text.clone()) {
            Ok(doc) => system.add(&crate::shown(file), doc, args.release.kubeedge_version),
            Err(e) if files.len() == 1 => {
                return Err(Failure::located(file, &text, e.location, e.message));
            }
            Err(e) => {
                let f = Failure::located(file, &text, e.location, &e.message);
                progress.suspend(|| crate::report::print_failure(&f));
                system.add_unreadable(
                    &crate::shown(file),
                    e.location.line,
                    e.location.column,
                    &e.message,
                );
                unread += 1;
            }
        }
    }
    progress.finish();
    let report = check(&system, &CheckOptions::default().all(args.all));
    let code = if unread > 0 {
        2
    } else {
        u8::from(report.has_errors())
    };
    match args.format.as_str() {
        "json" => {
            // The report, and "works": what works per capability, as the human output ends.
            let mut v = serde_json::to_value(&report).expect("json");
            v["works"] =
                serde_json::to_value(edgecfg::check::what_works(&system, &report)).expect("json");
            let text = serde_json::to_string_pretty(&v).expect("json");
            out.text(&format!("{text}\n"))?;
        }
        "sarif" => {
            let works = edgecfg::check::what_works(&system, &report);
            let log = sarif::to_sarif(&report, &works, env!("CARGO_PKG_VERSION"));
            let text = serde_json::to_string_pretty(&log).expect("json");
            out.text(&format!("{text}\n"))?;
        }
        _ => {
            if !args.many.quiet {
                out.text(&format!("checked: {}\n", system.summary()))?;
                let unrecognised: Vec<&str> = report
                    .inputs
                    .iter()
                    .filter(|i| i.found.is_empty() && i.error.is_none())
                    .map(|i| i.file.as_str())
                    .collect();
                let unread: Vec<&str> = report
                    .inputs
                    .iter()
                    .filter(|i| i.error.is_some())
                    .map(|i| i.file.as_str())
                    .collect();
                if !unread.is_empty() {
                    out.text(&format!(
                        "not read (could not be parsed, see above): {}\n",
                        unread.join(", ")
                    ))?;
                }
                if !unrecognised.is_empty() {
                    out.text(&format!(
                        "not used (nothing check reads): {}\n",
                        unrecognised.join(", ")
                    ))?;
                }
            }
            for f in &report.findings {
                if args.many.quiet && f.severity != Severity::Error {
                    continue;
                }
                let style = match f.severity {
                    Severity::Error => AnsiColor::Red.on_default().bold(),
                    Severity::Warning => AnsiColor::Yellow.on_default().bold(),
                    Severity::Info => AnsiColor::Cyan.on_default(),
                };
                out.styled(
                    &format!("{}[{}]: {}", f.severity.as_str(), f.rule, f.message),
                    style,
                )?;
                let mut text = String::new();
                for l in f.locations.iter().take(args.show.max(1)) {
                    text.push_str(&format!("  --> {l}\n"));
                }
                if f.locations.len() > args.show.max(1) {
                    text.push_str(&format!(
                        "  ... and {} more (--show N, or --format json)\n",
                        f.locations.len() - args.show.max(1)
                    ));
                }
                if !f.symptom.is_empty() {
                    text.push_str(&format!("  = symptom: {}\n", f.symptom));
                }
                if !f.fix.is_empty() {
                    text.push_str(&format!("  = fix: {}\n", f.fix));
                }
                out.text(&text)?;
            }
            if !args.many.quiet {
                print_works(out, &edgecfg::check::what_works(&system, &report))?;
            }
            let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
            out.styled(
                &format!(
                    "{}, {}, {}",
                    plural(report.count(Severity::Error), "error"),
                    plural(report.count(Severity::Warning), "warning"),
                    plural(report.count(Severity::Info), "info"),
                ),
                Style::new().bold(),
            )?;
        }
    }
    Ok(code)
}

/// The "what works" summary: per capability, the nodes where it works, is broken (by which
/// rules) or is not used, or why it is unknown.
fn print_works(out: &mut Out, caps: &[edgecfg::check::Capability]) -> Result<(), Failure> {
    let nodes = |v: &[String]| -> String {
        match v.len() {
            1 => v[0].clone(),
            n if n <= 3 => format!("{n} nodes ({})", v.join(", ")),
            n => format!("{n} nodes ({}, …)", v[..3].join(", ")),
        }
    };
    let mut text = String::from("what works:\n");
    for c in caps {
        let mut parts = Vec::new();
        if let Some(why) = &c.unknown {
            parts.push(format!("unknown: {why}"));
        }
        if !c.works.is_empty() {
            parts.push(format!("works on {}", nodes(&c.works)));
        }
        for (rules, on) in &c.broken {
            parts.push(format!("broken on {} [{}]", nodes(on), rules.join(", ")));
        }
        for (rules, on) in &c.at_risk {
            parts.push(format!("at risk on {} [{}]", nodes(on), rules.join(", ")));
        }
        if !c.not_used.is_empty() {
            parts.push(format!("not used on {}", nodes(&c.not_used)));
        }
        if parts.is_empty() {
            parts.push("no edge nodes".into());
        }
        text.push_str(&format!("  {:<20} {}\n", c.name, parts.join("; ")));
    }
    out.text(&text)
}
