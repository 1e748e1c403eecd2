//! `edgecfg migrate`: an EdgeCore v1alpha1 file (KubeEdge 1.11 and earlier) to EdgeCore
//! v1alpha2 of a chosen release, as lossless edits.

use std::path::{Path as FsPath, PathBuf};

use clap::Args;
use edgecfg::document::Path;
use edgecfg::model::migrate::{MigrateStep, migrate_plan};
use edgecfg::model::{Detected, Release, release::LATEST};
use edgecfg::{Assignment, Selector, Value};

use crate::report::{Failure, Out};
use crate::{ModeArgs, deliver, open};

/// Arguments of `edgecfg migrate` (an EdgeCore v1alpha1 file, or a v1alpha2 / CloudCore file
/// moved to another release).
#[derive(Args, Debug)]
pub struct MigrateArgs {
    /// EdgeCore v1alpha1 files (`edgecore.yaml` of KubeEdge 1.11 and earlier).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The format to migrate to.
    #[arg(long, value_name = "FORMAT", value_parser = ["v1alpha2"], default_value = "v1alpha2")]
    to: String,
    /// The release a v1alpha2 / CloudCore file is for now (default: chosen from its keys).
    #[arg(long, value_name = "X.Y[.Z]")]
    from: Option<Release>,
    #[command(flatten)]
    mode: ModeArgs,
}

/// Exit 0 (migrated, or nothing to do), 1 (`--check`: would change), 2 (an error).
pub fn run(out: &mut Out, args: &MigrateArgs) -> Result<u8, Failure> {
    let mut code = 0u8;
    for file in &args.files {
        match one(out, file, args) {
            Ok(c) => code = code.max(c),
            Err(f) if f.broken_pipe => return Err(f),
            Err(f) => {
                crate::report::print_failure(&f);
                out.note(&format!("{}: failed", file.display()));
                code = 2;
            }
        }
    }
    Ok(code)
}

fn one(out: &mut Out, file: &FsPath, args: &MigrateArgs) -> Result<u8, Failure> {
    let release: Release = args.mode.kubeedge_version().unwrap_or(LATEST);
    if release.minor < 12 {
        return Err(Failure::usage(format!(
            "EdgeCore v1alpha2 starts with KubeEdge 1.12; --kubeedge-version {release} has no v1alpha2"
        )));
    }
    let editor = open(file, &args.mode)?
        .release(Some(release))
        .select_config(&Selector::Only)?;
    let (doc, index) = editor.target();
    let detected =
        edgecfg::model::detect(&doc.value(index).map_err(|e| Failure::in_file(file, e))?);
    let steps = if detected == Detected::EdgeCoreV1alpha1 {
        migrate_plan(doc, index, release).map_err(|e| Failure::in_file(file, e))?
    } else {
        // Between releases of the same format: the moves and drops of `upgrade-check`, from the
        // release the file is for to the one given.
        let kind = editor.kind().expect("select_config chose a config");
        let value = doc.value(index).map_err(|e| Failure::in_file(file, e))?;
        let from = args
            .from
            .unwrap_or_else(|| edgecfg::model::releases::choose(kind, &value, None).release);
        let items = edgecfg::model::upgrade::upgrade_check(doc, index, kind, from, release)
            .map_err(|e| Failure::in_file(file, e))?;
        out.note(&format!("{}: KubeEdge {from} → {release}", file.display()));
        plan_between(&items)
    };
    let mut sets = Vec::new();
    let mut unsets = Vec::new();
    for step in &steps {
        match step {
            MigrateStep::Move {
                from,
                to,
                value,
                note,
            } => {
                let note = note.as_deref().map_or(String::new(), |n| format!(" ({n})"));
                out.note(&format!("{}: {from} → {to}{note}", file.display()));
                sets.push(Assignment::new(
                    Path::parse(to).map_err(Failure::plain)?,
                    Value::from_json(value),
                ));
                unsets.push(Path::parse(from).map_err(Failure::plain)?);
            }
            MigrateStep::Drop { path, reason } => {
                out.note(&format!("{}: {path} dropped: {reason}", file.display()));
                unsets.push(Path::parse(path).map_err(Failure::plain)?);
            }
            MigrateStep::Keep { path, value, note } => {
                out.note(&format!("{}: {path} = {value} ({note})", file.display()));
                sets.push(Assignment::new(
                    Path::parse(path).map_err(Failure::plain)?,
                    Value::from_json(value),
                ));
            }
            MigrateStep::ApiVersion => sets.push(Assignment::new(
                Path::keys(["apiVersion"]),
                Value::String("edgecore.config.kubeedge.io/v1alpha2".into()),
            )),
        }
    }
    let outcome = editor.set(&sets)?.unset(&unsets)?.finish()?;
    let code = deliver(out, file, &outcome, &args.mode)?;
    crate::report::new_findings(out, &outcome);
    out.note(&format!(
        "{}: {} for KubeEdge {release}",
        file.display(),
        if detected == Detected::EdgeCoreV1alpha1 {
            "EdgeCore v1alpha1 → v1alpha2"
        } else {
            "migrated"
        }
    ));
    Ok(code)
}

/// Migration steps between two releases of one format, from an upgrade check: moved settings
/// move, keys the target lacks go, defaults that flip are written out.
fn plan_between(items: &[edgecfg::model::upgrade::UpgradeItem]) -> Vec<MigrateStep> {
    use edgecfg::model::upgrade::UpgradeKind;
    let mut steps = Vec::new();
    for i in items {
        match (i.kind, &i.keep) {
            (UpgradeKind::Removed, Some(k)) => steps.push(MigrateStep::Move {
                from: i.path.clone(),
                to: k.path.clone(),
                value: k.value.clone().unwrap_or(serde_json::Value::Null),
                note: None,
            }),
            (UpgradeKind::Removed, None) => steps.push(MigrateStep::Drop {
                path: i.path.clone(),
                reason: i.message.clone(),
            }),
            (UpgradeKind::FeatureGate, _) => steps.push(MigrateStep::Drop {
                path: i.path.clone(),
                reason: i.message.clone(),
            }),
            (UpgradeKind::DefaultChange, Some(k)) => steps.push(MigrateStep::Keep {
                path: k.path.clone(),
                value: k.value.clone().unwrap_or(serde_json::Value::Null),
                note: "keeps the old default".into(),
            }),
            _ => {}
        }
    }
    steps
}

impl MigrateArgs {
    /// `--color`.
    pub(crate) fn color(&self) -> &crate::ColorArg {
        &self.mode.color
    }
}
