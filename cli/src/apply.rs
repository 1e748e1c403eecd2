//! `edgecfg apply` and `edgecfg profiles`.

use std::path::{Path as FsPath, PathBuf};

use clap::Args;
use edgecfg::model::Severity;
use edgecfg::profile::{self, Profile, Target};
use edgecfg::{ApplyOptions, Params};

use crate::report::{Failure, Out};
use crate::{ModeArgs, SelectArgs, open, read_input, selector};

/// The profile flags, shared by `apply` and `post-render`.
#[derive(Args, Debug, Default, Clone)]
pub struct ProfileArgs {
    /// A profile to apply (built in, or defined in a --profile-file); repeatable or
    /// comma-separated (`-p streams-on,observability`), applied in order.
    #[arg(
        long = "profile",
        short = 'p',
        value_name = "NAME",
        value_delimiter = ','
    )]
    pub profiles: Vec<String>,
    /// A profile parameter; repeatable.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    /// Load a profile from a YAML file (its name can then be used with --profile; a file given
    /// without a matching --profile is applied too).
    #[arg(long = "profile-file", value_name = "PATH")]
    pub profile_files: Vec<PathBuf>,
    /// Accept parameter values that are refused by default (a loopback cloudAddress).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `edgecfg apply`.
#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// Files to change (`-` for standard input, result on standard output); a directory means
    /// every `*.yaml`/`*.yml` below it.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    profile: ProfileArgs,
    /// Refuse a result with any validation error, also errors the file already had (by
    /// default only errors the change introduces refuse it).
    #[arg(long)]
    strict: bool,
    /// List the findings the file already had and still has (by default only counted).
    #[arg(long, short = 'v')]
    verbose: bool,
    #[command(flatten)]
    many: crate::files::ManyArgs,
    #[command(flatten)]
    select: SelectArgs,
    #[command(flatten)]
    mode: ModeArgs,
}

fn load_files(files: &[PathBuf]) -> Result<Vec<Profile>, Failure> {
    files
        .iter()
        .map(|f| {
            let text = read_input(f)?;
            Profile::parse(&f.display().to_string(), &text).map_err(Failure::plain)
        })
        .collect()
}

/// The profiles (with their includes, in order) and parameters the profile flags name.
pub(crate) fn resolve(args: &ProfileArgs) -> Result<(Vec<Profile>, Params), Failure> {
    let files = load_files(&args.profile_files)?;
    let mut names = args.profiles.clone();
    for f in &files {
        if !names.contains(&f.name) {
            names.push(f.name.clone());
        }
    }
    if names.is_empty() {
        return Err(Failure::usage(
            "no profile given: use --profile NAME (see `edgecfg profiles`)".into(),
        ));
    }
    let profiles = profile::resolve(&names, &files).map_err(Failure::plain)?;
    let params = Params::parse(&args.params).map_err(|_| {
        let bad = args
            .params
            .iter()
            .find(|p| !p.contains('='))
            .cloned()
            .unwrap_or_default();
        Failure::usage(format!("`{bad}` is not KEY=VALUE"))
    })?;
    Ok((profiles, params))
}

/// Runs `apply` on every file; exit 0, 1 (`--check` found a change) or 2 (a file failed).
pub fn run(out: &mut Out, args: &ApplyArgs) -> Result<u8, Failure> {
    let (profiles, params) = resolve(&args.profile)?;
    let options = ApplyOptions::new().force(args.profile.force);
    let mut code = 0u8;
    let targets = crate::files::inputs(&args.files, &args.many)?;
    let progress = crate::files::Progress::new(targets.len());
    let (mut changed, mut unchanged, mut failed) = (0usize, 0usize, Vec::new());
    // Files are read, edited and checked on several threads when nothing is written; the
    // results are delivered (printed, or written) one at a time, in order.
    let jobs = if args.mode.writes() {
        1
    } else {
        args.many.jobs()
    };
    let prepare = |file: &PathBuf| prepare(file, &profiles, &params, &options, args);
    crate::files::for_each_ordered(&targets, jobs, prepare, |file, prepared| {
        let result = prepared.and_then(|(outcome, kind)| {
            progress.suspend(|| deliver(out, file, &outcome, kind, &profiles, args))
        });
        progress.tick(file);
        match result {
            Ok((c, did_change)) => {
                code = code.max(c);
                if did_change {
                    changed += 1;
                } else {
                    unchanged += 1;
                }
            }
            Err(f) if f.broken_pipe => return Err(f),
            Err(f) => {
                if args.mode.json() {
                    crate::json_file(file, None, &args.mode, Some(&f.message));
                } else {
                    progress.suspend(|| {
                        crate::report::print_failure(&f);
                        out.note(&format!("{}: failed", file.display()));
                    });
                }
                failed.push(file.display().to_string());
                code = 2;
            }
        }
        Ok(())
    })?;
    progress.finish();
    if targets.len() > 1 && !args.mode.json() {
        let verb = if args.mode.check || args.mode.dry_run {
            "would change"
        } else {
            "changed"
        };
        crate::files::summary(
            out,
            false,
            targets.len(),
            &[
                (changed, verb),
                (unchanged, "unchanged"),
                (failed.len(), "failed"),
            ],
            &failed,
        )?;
    }
    Ok(code)
}

/// Reads `file` and applies the profiles to it (nothing is delivered yet).
fn prepare(
    file: &FsPath,
    profiles: &[Profile],
    params: &Params,
    options: &ApplyOptions,
    args: &ApplyArgs,
) -> Result<(edgecfg::Outcome, &'static str), Failure> {
    let editor = open(file, &args.mode)?
        .strict(args.strict)
        .select_config(&selector(&args.select)?)?;
    let kind = editor.kind().map_or("?", |k| k.name());
    Ok((editor.apply(profiles, params, options)?.finish()?, kind))
}

/// Delivers one file's outcome as the mode says, and prints its status line.
fn deliver(
    out: &mut Out,
    file: &FsPath,
    outcome: &edgecfg::Outcome,
    kind: &str,
    profiles: &[Profile],
    args: &ApplyArgs,
) -> Result<(u8, bool), Failure> {
    let code = crate::deliver_quietly(out, file, outcome, &args.mode)?;
    if !args.mode.json() {
        crate::report::new_findings(out, outcome);
    }
    if args.verbose && !args.mode.json() {
        for f in &outcome.existing_findings {
            out.note(&format!(
                "{} (left as it was)",
                crate::report::finding_line(&file.display(), f)
            ));
        }
    }
    let n = outcome.changes.len();
    let mut status = if !outcome.changed() {
        "unchanged".to_owned()
    } else if args.mode.check || args.mode.dry_run {
        format!("would change ({n} change{})", if n == 1 { "" } else { "s" })
    } else {
        format!("changed ({n} change{})", if n == 1 { "" } else { "s" })
    };
    let existing = outcome.existing(Severity::Error);
    if existing > 0 {
        status.push_str(&format!(
            "; {existing} existing error{} left as {} (--verbose or `edgecfg validate` lists them)",
            if existing == 1 { "" } else { "s" },
            if existing == 1 { "it was" } else { "they were" }
        ));
    }
    let inside = outcome
        .embedded
        .as_deref()
        .map_or(String::new(), |k| format!(" in data.\"{k}\""));
    if !args.many.quiet && !args.mode.json() {
        out.note(&format!(
            "{}: {kind}{inside} ({}): {status}",
            file.display(),
            names(profiles)
        ));
    }
    Ok((code, outcome.changed()))
}

fn names(profiles: &[Profile]) -> String {
    profiles
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `edgecfg profiles`.
pub fn list(out: &mut Out, files: &[PathBuf], json: bool) -> Result<u8, Failure> {
    let mut all = Profile::builtins();
    all.extend(load_files(files)?);
    if json {
        let list: Vec<_> = all
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.name,
                    "description": p.description,
                    "targets": kinds_of(p, &all),
                    "include": p.include,
                    "parameters": p.parameters,
                })
            })
            .collect();
        let text =
            serde_json::to_string_pretty(&serde_json::json!({ "profiles": list })).expect("json");
        out.text(&format!("{text}\n"))?;
        return Ok(0);
    }
    let width = all.iter().map(|p| p.name.len()).max().unwrap_or(0);
    for p in &all {
        let first = p.description.lines().next().unwrap_or("");
        let kinds = kinds_of(p, &all).join(", ");
        out.text(&format!("{:width$}  [{kinds}]  {first}\n", p.name))?;
    }
    Ok(0)
}

/// What a profile (with its includes) changes: `cloudcore`, `edgecore`, `manifests`.
fn kinds_of(p: &Profile, all: &[Profile]) -> Vec<&'static str> {
    let resolved = profile::resolve(std::slice::from_ref(&p.name), all).unwrap_or_default();
    let mut k = Vec::new();
    for (t, name) in [
        (Target::Cloudcore, "cloudcore"),
        (Target::Edgecore, "edgecore"),
    ] {
        if resolved
            .iter()
            .any(|r| r.operations.iter().any(|o| o.target == t))
        {
            k.push(name);
        }
    }
    if profile::has_object_operations(&resolved) {
        k.push("manifests");
    }
    k
}

/// `edgecfg profiles show NAME`.
pub fn show(out: &mut Out, name: &str, files: &[PathBuf], json: bool) -> Result<u8, Failure> {
    let files = load_files(files)?;
    let resolved = profile::resolve(&[name.to_owned()], &files).map_err(Failure::plain)?;
    if json {
        let text = serde_json::to_string_pretty(
            &serde_json::json!({ "name": name, "profiles": resolved }),
        )
        .expect("json");
        out.text(&format!("{text}\n"))?;
        return Ok(0);
    }
    let p = resolved.last().expect("resolve returns the profile itself");
    let mut s = format!("{}\n\n{}\n", p.name, p.description.trim_end());
    if !p.include.is_empty() {
        s.push_str(&format!("\nIncludes: {}\n", p.include.join(", ")));
    }
    let params: Vec<_> = resolved
        .iter()
        .flat_map(|r| r.parameters.iter().map(move |x| (r, x)))
        .collect();
    if !params.is_empty() {
        s.push_str("\nParameters (--param NAME=VALUE):\n");
        for (owner, x) in params {
            let mut attrs = vec![format!("{:?}", x.ty).to_lowercase()];
            match &x.default {
                Some(d) => attrs.push(format!("default {d}")),
                None if x.required => attrs.push("required".into()),
                None => {}
            }
            if x.not_loopback {
                attrs.push("no loopback unless --force".into());
            }
            if owner.name != p.name {
                attrs.push(format!("from {}", owner.name));
            }
            s.push_str(&format!(
                "  {} ({})\n      {}\n",
                x.name,
                attrs.join(", "),
                x.description
            ));
        }
    }
    type Section = (&'static str, fn(&Target) -> bool);
    let sections: [Section; 3] = [
        ("cloudcore.yaml", |t| *t == Target::Cloudcore),
        ("edgecore.yaml", |t| *t == Target::Edgecore),
        ("Kubernetes manifests (post-render)", |t| {
            matches!(t, Target::Objects(_))
        }),
    ];
    for (title, wanted) in sections {
        let ops: Vec<_> = resolved
            .iter()
            .flat_map(|r| r.operations.iter().map(move |o| (r, o)))
            .filter(|(_, o)| wanted(&o.target))
            .collect();
        if ops.is_empty() {
            continue;
        }
        s.push_str(&format!("\nChanges to {title}:\n"));
        for (owner, o) in ops {
            let from = if owner.name != p.name {
                format!(" [{}]", owner.name)
            } else {
                String::new()
            };
            for line in describe(o) {
                s.push_str(&format!("  {line}{from}\n"));
            }
            if let Some(why) = &o.why {
                s.push_str(&format!(
                    "      why: {}\n",
                    why.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        }
    }
    out.text(&s)?;
    Ok(0)
}

fn describe(o: &profile::Operation) -> Vec<String> {
    let mut v = Vec::new();
    if let Target::Objects(sel) = &o.target {
        let mut what = if sel.kinds.is_empty() {
            "any kind".to_owned()
        } else {
            sel.kinds.join("/")
        };
        if let Some(n) = &sel.name {
            what.push_str(&format!(" named {n}"));
        }
        if let Some(c) = &sel.container {
            what.push_str(&format!(" with container {c}"));
        }
        v.push(format!("on {what}:"));
    }
    if let Some(w) = &o.when {
        v.push(format!("when {w}:"));
    }
    if let Some(set) = &o.set {
        for (k, x) in set {
            v.push(format!(
                "set {k} = {}",
                x.as_str().map_or_else(|| x.to_string(), str::to_owned)
            ));
        }
    }
    if let Some(u) = &o.unset {
        v.extend(u.iter().map(|k| format!("unset {k}")));
    }
    if let Some(m) = &o.merge {
        v.push(format!(
            "merge {} at {}",
            m,
            o.path.as_deref().unwrap_or("(root)")
        ));
    }
    if let Some(p) = &o.patch {
        v.extend(p.iter().map(|x| format!("patch {x}")));
    }
    if let Some(e) = &o.ensure_list {
        v.push(format!("ensure {} contains {}", e.path, e.items.join(", ")));
    }
    if let Some(e) = &o.embedded {
        if let Some(m) = &e.merge {
            v.push(format!("in {}: merge {m}", e.path));
        }
        for (k, x) in e.set.iter().flatten() {
            v.push(format!("in {}: set {k} = {x}", e.path));
        }
    }
    if let Some(e) = &o.ensure_items {
        let items: Vec<String> = e.items.iter().map(ToString::to_string).collect();
        v.push(format!("ensure {} contains {}", e.path, items.join(", ")));
    }
    v
}

impl ApplyArgs {
    /// `--color`.
    pub(crate) fn color(&self) -> &crate::ColorArg {
        &self.mode.color
    }
}

/// `edgecfg values PROFILE [--chart NAME]`: the Helm values a profile recommends for what
/// post-rendering cannot reach.
pub fn values(
    out: &mut Out,
    name: &str,
    chart: Option<&str>,
    files: &[PathBuf],
) -> Result<u8, Failure> {
    let files = load_files(files)?;
    let resolved = profile::resolve(&[name.to_owned()], &files).map_err(Failure::plain)?;
    let all: Vec<&profile::ChartValues> = resolved.iter().flat_map(|p| &p.values).collect();
    let charts: Vec<&str> = all.iter().map(|v| v.chart.as_str()).collect();
    let chosen: Vec<&&profile::ChartValues> = match chart {
        Some(c) => {
            let found: Vec<_> = all.iter().filter(|v| v.chart == c).collect();
            if found.is_empty() {
                return Err(Failure::usage(if charts.is_empty() {
                    format!(
                        "profile `{name}` needs no Helm values: post-rendering reaches everything it changes"
                    )
                } else {
                    format!(
                        "profile `{name}` has no values for chart `{c}` (it has values for: {})",
                        charts.join(", ")
                    )
                }));
            }
            found
        }
        None if charts.len() > 1 => {
            return Err(Failure::usage(format!(
                "profile `{name}` has values for several charts ({}): pick one with --chart",
                charts.join(", ")
            )));
        }
        None if charts.is_empty() => {
            out.note(&format!(
                "profile `{name}` needs no Helm values: post-rendering reaches everything it changes"
            ));
            return Ok(0);
        }
        None => all.iter().collect(),
    };
    let mut text = String::new();
    for v in chosen {
        text.push_str(&format!(
            "# Helm values for chart {} from edgecfg profile {name}:\n",
            v.chart
        ));
        let why = v.why.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut line = String::from("#");
        for word in why.split(' ') {
            if line.len() + word.len() > 95 {
                text.push_str(&line);
                text.push('\n');
                line = String::from("#");
            }
            line.push(' ');
            line.push_str(word);
        }
        text.push_str(&line);
        text.push_str(&format!(
            "\n# helm upgrade --install RELEASE CHART -f THIS_FILE --post-renderer edgecfg --post-renderer-args -p --post-renderer-args {name}\n"
        ));
        text.push_str(&edgecfg::document::Value::from_json(&v.values).to_block_yaml());
    }
    out.text(&text)?;
    Ok(0)
}
