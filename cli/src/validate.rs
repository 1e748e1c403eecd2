//! `edgecfg validate`: runs the library's validator and prints findings.

use std::path::Path as FsPath;

use anstyle::{AnsiColor, Style};
use edgecfg::document::Document;
use edgecfg::edit::{self, Selector};
use edgecfg::model::{
    ConfigKind, Detected, Finding, Release, Report, Severity, ValidateOptions, validate_with,
};

use crate::report::{Failure, Out};
use crate::{SelectArgs, parse_doc, read_input, selector};

/// Validates every file; exit 0 (no errors), 1 (errors) or 2 (could not run).
pub fn run(
    out: &mut Out,
    files: &[std::path::PathBuf],
    kind: Option<ConfigKind>,
    release: Option<Release>,
    json: bool,
    select: &SelectArgs,
    many: &crate::files::ManyArgs,
) -> Result<u8, Failure> {
    let options = ValidateOptions::new().kind(kind).release(release);
    let mut any_error = false;
    let mut json_files = Vec::new();
    let files = crate::files::inputs(files, many)?;
    let progress = crate::files::Progress::new(files.len());
    let (mut with_errors, mut clean, mut failed) = (Vec::new(), 0usize, Vec::new());
    let sel = selector(select)?;
    let work = |file: &std::path::PathBuf| validate_file(file, &options, kind, &sel);
    crate::files::for_each_ordered(&files, many.jobs(), work, |file, result| {
        progress.tick(file);
        // One file that cannot be read, parsed or selected does not stop the others: it is
        // reported, counted as failed, and the run exits 2 (a single file: exactly as before).
        let (doc, multi, reports) = match result {
            Ok(r) => r,
            Err(f) if f.broken_pipe || files.len() == 1 => return Err(f),
            Err(f) => {
                if json {
                    json_files.push(serde_json::json!({
                        "file": file.display().to_string(),
                        "error": f.message,
                    }));
                } else {
                    progress.suspend(|| crate::report::print_failure(&f));
                }
                failed.push(file.display().to_string());
                return Ok(());
            }
        };
        let has_errors = reports.iter().any(|(_, r)| r.has_errors());
        if has_errors {
            with_errors.push(file.display().to_string());
        } else {
            clean += 1;
        }
        for (i, report) in &reports {
            any_error |= report.has_errors();
            if json {
                json_files.push(json_report(file, *i, report));
            } else if !many.quiet || report.has_errors() {
                progress.suspend(|| print_human(out, file, &doc, *i, multi, report, many.quiet))?;
            }
        }
        Ok(())
    })?;
    progress.finish();
    if json {
        let text = serde_json::to_string_pretty(&serde_json::json!({ "files": json_files }))
            .expect("json");
        out.text(&format!("{text}\n"))?;
    } else if files.len() > 1 {
        crate::files::summary(
            out,
            true,
            files.len(),
            // "failed" only when a file failed: the line is unchanged otherwise
            &[
                (with_errors.len(), "with errors"),
                (clean, "without"),
                (failed.len(), "failed"),
            ][..if failed.is_empty() { 2 } else { 3 }],
            &with_errors
                .iter()
                .chain(&failed)
                .cloned()
                .collect::<Vec<_>>(),
        )?;
    }
    Ok(if !failed.is_empty() {
        2
    } else if any_error {
        1
    } else {
        0
    })
}

/// One file's document, whether it is a stream of several, and its reports by document index.
type Validated = (Document, bool, Vec<(usize, Report)>);

/// Reads, parses and validates one file: the document, whether it is a stream of several, and
/// a report per KubeEdge document.
fn validate_file(
    file: &FsPath,
    options: &ValidateOptions,
    kind: Option<ConfigKind>,
    sel: &Selector,
) -> Result<Validated, Failure> {
    let text = read_input(file)?;
    let doc = parse_doc(file, text)?;
    let indexes: Vec<usize> = match sel {
        Selector::Only if doc.documents().len() > 1 => (0..doc.documents().len()).collect(),
        other => vec![edit::select(&doc, other).map_err(|e| Failure::in_file(file, e))?],
    };
    let multi = indexes.len() > 1;
    let mut reports = Vec::new();
    for i in indexes {
        if doc.documents().is_empty() {
            break;
        }
        let report = validate_with(&doc, i, options).map_err(|e| Failure::in_file(file, e))?;
        // In a multi-document stream, documents that are not KubeEdge configs are skipped.
        if multi && kind.is_none() && matches!(report.detected, Detected::Unknown) {
            continue;
        }
        reports.push((i, report));
    }
    if reports.is_empty() {
        return Err(Failure::in_file(file, "no document to validate"));
    }
    Ok((doc, multi, reports))
}

fn kind_name(r: &Report) -> &'static str {
    r.kind.map_or("unknown", ConfigKind::name)
}

fn json_report(file: &FsPath, index: usize, r: &Report) -> serde_json::Value {
    serde_json::json!({
        "file": file.display().to_string(),
        "document": index,
        "kind": kind_name(r),
        "release": r.release,
        "errors": r.count(Severity::Error),
        "warnings": r.count(Severity::Warning),
        "infos": r.count(Severity::Info),
        "findings": r.findings,
    })
}

fn print_human(
    out: &mut Out,
    file: &FsPath,
    doc: &Document,
    index: usize,
    multi: bool,
    r: &Report,
    errors_only: bool,
) -> Result<(), Failure> {
    for f in r
        .findings
        .iter()
        .filter(|f| !errors_only || f.severity == Severity::Error)
    {
        out.styled(&heading(file, f), severity_style(f.severity))?;
        out.text(&format!("{}\n", f.location.snippet(doc.as_str())))?;
        if let Some(h) = &f.help {
            out.text(&format!("  = help: {h}\n"))?;
        }
    }
    let doc_note = if multi {
        format!(" (document {index})")
    } else {
        String::new()
    };
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let release = r
        .release
        .as_ref()
        .map_or(String::new(), |c| format!(", {c}"));
    out.text(&format!(
        "{}{doc_note}: {}{release}: {}, {}, {}\n",
        file.display(),
        kind_name(r),
        plural(r.count(Severity::Error), "error"),
        plural(r.count(Severity::Warning), "warning"),
        plural(r.count(Severity::Info), "info"),
    ))
}

fn heading(file: &FsPath, f: &Finding) -> String {
    crate::report::finding_line(&file.display(), f)
}

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info => AnsiColor::Cyan.on_default(),
    }
}
