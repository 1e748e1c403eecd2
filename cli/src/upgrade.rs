//! `edgecfg upgrade-check`: what changes meaning for a file between two KubeEdge releases, and
//! the edits that keep today's behaviour (`--fix`).

use std::path::{Path as FsPath, PathBuf};

use clap::Args;
use edgecfg::document::Path;
use edgecfg::model::Release;
use edgecfg::model::upgrade::{UpgradeItem, upgrade_check};
use edgecfg::{Assignment, Selector, Value};

use crate::report::{Failure, Out};
use crate::{ModeArgs, deliver, open};

/// Arguments of `edgecfg upgrade-check`.
#[derive(Args, Debug)]
pub struct UpgradeArgs {
    /// Files to check (cloudcore.yaml, edgecore.yaml, or a ConfigMap embedding one).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The release the node runs now (default: chosen from the file, as `validate` does).
    #[arg(long, value_name = "X.Y[.Z]")]
    from: Option<Release>,
    /// The release to upgrade (or downgrade) to.
    #[arg(long, value_name = "X.Y[.Z]", required = true)]
    to: Release,
    /// Apply the edits that keep today's behaviour (with --dry-run: show them as a diff).
    #[arg(long)]
    fix: bool,
    #[command(flatten)]
    mode: ModeArgs,
}

/// Exit 0: nothing changes meaning (or `--fix` applied the edits that keep it); 1: something
/// does; 2: an error.
pub fn run(out: &mut Out, args: &UpgradeArgs) -> Result<u8, Failure> {
    let mut code = 0u8;
    let mut json: Vec<serde_json::Value> = Vec::new();
    for file in &args.files {
        match one(out, file, args, &mut json) {
            Ok(c) => code = code.max(c),
            Err(f) if f.broken_pipe => return Err(f),
            Err(f) => {
                crate::report::print_failure(&f);
                code = 2;
            }
        }
    }
    // With --format json the report joins the per-file results main prints at the end.
    crate::JSON_FILES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(json);
    Ok(code)
}

fn one(
    out: &mut Out,
    file: &FsPath,
    args: &UpgradeArgs,
    json: &mut Vec<serde_json::Value>,
) -> Result<u8, Failure> {
    let editor = open(file, &args.mode)?.select_config(&Selector::Only)?;
    let kind = editor.kind().expect("select_config chose a config");
    let (doc, index) = editor.target();
    let from = match args.from {
        Some(r) => r,
        None => {
            edgecfg::model::releases::choose(
                kind,
                &doc.value(index).map_err(|e| Failure::in_file(file, e))?,
                None,
            )
            .release
        }
    };
    let items =
        upgrade_check(doc, index, kind, from, args.to).map_err(|e| Failure::in_file(file, e))?;
    let keep: Vec<&UpgradeItem> = items.iter().filter(|i| i.keep.is_some()).collect();
    if args.mode.json() {
        json.push(serde_json::json!({
            "file": file.display().to_string(),
            "kind": kind,
            "from": from,
            "to": args.to,
            "items": items,
        }));
    } else {
        let inside = editor
            .embedded_key()
            .map_or(String::new(), |k| format!(" (in data.\"{k}\")"));
        for i in &items {
            let mut line = format!(
                "{}:{}:{}{inside}: {}",
                file.display(),
                i.location.line,
                i.location.column,
                i.message
            );
            if let Some(k) = &i.keep {
                match &k.value {
                    Some(v) => line.push_str(&format!("\n  = keep: set {} = {v}", k.path)),
                    None => line.push_str(&format!("\n  = keep: remove {}", k.path)),
                }
            }
            out.text(&format!("{line}\n"))?;
        }
        out.note(&format!(
            "{}: {} {from} → {}: {} change{} of meaning, {} with an edit that keeps today's behaviour{}",
            file.display(),
            kind.name(),
            args.to,
            items.len(),
            if items.len() == 1 { "" } else { "s" },
            keep.len(),
            if args.fix || keep.is_empty() { "" } else { " (--fix applies them)" }
        ));
    }
    if !args.fix {
        return Ok(u8::from(!items.is_empty()));
    }
    let mut editor = editor.release(Some(args.to));
    let sets: Vec<Assignment> = keep
        .iter()
        .filter_map(|i| i.keep.as_ref())
        .filter_map(|k| {
            let v = k.value.as_ref()?;
            Some(Assignment::new(
                Path::parse(&k.path).ok()?,
                Value::from_json(v),
            ))
        })
        .collect();
    let unsets: Vec<Path> = keep
        .iter()
        .filter_map(|i| i.keep.as_ref())
        .filter(|k| k.value.is_none())
        .filter_map(|k| Path::parse(&k.path).ok())
        .collect();
    editor = editor.set(&sets)?.unset(&unsets)?;
    let outcome = editor.finish()?;
    deliver(out, file, &outcome, &args.mode)
}

impl UpgradeArgs {
    /// `--color`.
    pub(crate) fn color(&self) -> &crate::ColorArg {
        &self.mode.color
    }
}
