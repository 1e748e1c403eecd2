//! `edgecfg post-render`: the Helm 3 post-renderer executable and the Helm 4 plugin command.
//!
//! Reads a manifest stream on standard input and writes it, with profiles applied, on standard
//! output. On any error: a non-zero exit, one line on standard error, nothing on standard
//! output, and the same line appended to `--log FILE` / `$EDGECFG_LOG` (Helm 4 discards a
//! plugin's standard error).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use edgecfg::profile::{self, Profile};
use edgecfg::{ApplyOptions, Params};

use crate::report::{Failure, Out};

/// Profiles the post-renderer applies when none is named.
pub const DEFAULT_PROFILES: &[&str] = &["metrics-server", "streams-on"];

/// Arguments of `edgecfg post-render` (also accepted without the subcommand, as Helm 3 passes
/// only `--post-renderer-args`).
#[derive(Args, Debug, Default)]
pub struct PostRenderArgs {
    /// Profiles (default: metrics-server and streams-on, which change only what they find:
    /// the metrics-server Deployment, the cloudcore chart's objects), parameters, profile files.
    #[command(flatten)]
    profile: crate::apply::ProfileArgs,
    /// The KubeEdge release the embedded cloudcore.yaml is checked for (default: chosen from
    /// its keys).
    #[arg(long, value_name = "X.Y[.Z]", env = "EDGECFG_KUBEEDGE_VERSION")]
    kubeedge_version: Option<edgecfg::model::Release>,
    /// Append errors (and a one-line summary) to this file; Helm 4 does not show a plugin's
    /// standard error. Also `$EDGECFG_LOG`.
    #[arg(long, value_name = "FILE", env = "EDGECFG_LOG")]
    log: Option<PathBuf>,
    /// `json`: write a report (`{"profiles", "documents", "parsed", "changed": [{"object",
    /// "changes"}], "error"}`) on standard error, or to --report FILE; the manifest stream on
    /// standard output is unchanged by it.
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
    format: String,
    /// Write the JSON report to FILE (replaced) instead of standard error; implies --format
    /// json.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

impl PostRenderArgs {
    fn json(&self) -> bool {
        self.format == "json" || self.report.is_some()
    }

    /// Writes the JSON report where it was asked for (a failure to write it is said on
    /// standard error and does not fail the render).
    fn emit(&self, report: &serde_json::Value) {
        if !self.json() {
            return;
        }
        let text = format!("{}\n", serde_json::to_string_pretty(report).expect("json"));
        match &self.report {
            Some(path) => {
                let written = open_output(path, false)
                    .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_data()));
                if let Err(e) = written {
                    eprintln!(
                        "edgecfg: cannot write the report to {}: {e}",
                        path.display()
                    );
                }
            }
            None => eprint!("{text}"),
        }
    }
}

/// Opens the log (appending) or the report (replacing its content): never through a symbolic
/// link (a dangling link in /tmp must not make edgecfg create or write another file), never a
/// FIFO or device (no hang, no write to a terminal or disk). A report truncated by the open
/// is a regular file by then: a FIFO or device ignores `O_TRUNC`.
fn open_output(path: &std::path::Path, append: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .mode(0o644);
    }
    let file = options.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            std::io::Error::other("a symbolic link; not written through")
        } else if e.raw_os_error() == Some(libc::ENXIO) {
            std::io::Error::other("a FIFO or socket; not written")
        } else {
            e
        }
    })?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file; not written"));
    }
    Ok(file)
}

fn open_log(path: &std::path::Path) -> Option<std::fs::File> {
    open_output(path, true).ok()
}

fn log_line(log: &Option<PathBuf>, line: &str) {
    if let Some(path) = log
        && let Some(mut f) = open_log(path)
    {
        let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now());
        let _ = writeln!(f, "{now} edgecfg post-render: {line}");
    }
}

/// Runs the post-renderer.
pub fn run(out: &mut Out, args: &PostRenderArgs) -> Result<u8, Failure> {
    let fail = |message: String| {
        log_line(&args.log, &format!("error: {message}"));
        args.emit(&serde_json::json!({
            "profiles": args.profile.profiles,
            "documents": null,
            "parsed": null,
            "changed": [],
            "error": message,
        }));
        Failure::plain(message)
    };
    // Read all of stdin first, even when the arguments are wrong: a post-renderer that exits
    // early makes Helm fail on a broken pipe instead of showing our reason.
    let input = edgecfg::fsio::read_stdin().map_err(|e| fail(e.to_string()))?;
    let profiles = load(args).map_err(fail)?;
    let params = Params::parse(&args.profile.params).map_err(|e| fail(e.to_string()))?;
    let options = ApplyOptions::new()
        .force(args.profile.force)
        .release(args.kubeedge_version);
    // Everything is computed before the first byte is written: on error, stdout stays empty.
    let (pieces, report) =
        edgecfg::stream::post_render_pieces(&input, &profiles, &params, &options)
            .map_err(|e| fail(error_line(&e)))?;
    let changed: Vec<String> = report
        .changed
        .iter()
        .map(|(w, n)| format!("{w} ({n})"))
        .collect();
    log_line(
        &args.log,
        &format!(
            "{} documents, {} parsed, changed: {}",
            report.documents,
            report.parsed,
            if changed.is_empty() {
                "none".to_owned()
            } else {
                changed.join(", ")
            }
        ),
    );
    args.emit(&serde_json::json!({
        "profiles": profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        "documents": report.documents,
        "parsed": report.parsed,
        "changed": report
            .changed
            .iter()
            .map(|(object, n)| serde_json::json!({ "object": object, "changes": n }))
            .collect::<Vec<_>>(),
        "error": null,
    }));
    out.pieces(&pieces)?;
    Ok(0)
}

fn load(args: &PostRenderArgs) -> Result<Vec<Profile>, String> {
    let files: Vec<Profile> = args
        .profile
        .profile_files
        .iter()
        .map(|f| {
            let text = edgecfg::fsio::read_text(f).map_err(|e| e.to_string())?;
            Profile::parse(&f.display().to_string(), &text).map_err(|e| e.to_string())
        })
        .collect::<Result<_, _>>()?;
    let mut names = args.profile.profiles.clone();
    names.extend(
        files
            .iter()
            .map(|f| f.name.clone())
            .filter(|n| !args.profile.profiles.contains(n)),
    );
    if names.is_empty() {
        names = DEFAULT_PROFILES.iter().map(|s| (*s).to_owned()).collect();
    }
    profile::resolve(&names, &files).map_err(|e| e.to_string())
}

/// The error and its causes on one line (Helm shows one line).
fn error_line(e: &dyn std::error::Error) -> String {
    let mut line = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !line.contains(&text) {
            line.push_str(&format!(": {text}"));
        }
        cur = s.source();
    }
    line
}
