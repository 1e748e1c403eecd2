//! The `edgecfg` command-line tool: parses flags, calls the library, prints.
#![forbid(unsafe_code)]

mod agent;
mod apply;
mod check;
mod explain;
mod files;
mod fleet;
mod migrate;
mod postrender;
mod report;
mod upgrade;
mod validate;

use std::path::{Path as FsPath, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use edgecfg::document::{Document, Path};
use edgecfg::edit::Selector;
use edgecfg::fsio::{self, WriteOptions};
use edgecfg::model::ConfigKind;
use edgecfg::{Assignment, Editor};

use report::{Failure, Out};

/// The version line: edgecfg, its commit, and what it models.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("EDGECFG_GIT_COMMIT"),
    ")\nmodels KubeEdge 1.11–1.23.1: cloudcore.yaml (CloudCore v1alpha1), edgecore.yaml (EdgeCore v1alpha1 for 1.11, v1alpha2 for 1.12–1.23)\ncharts: cloudcore (KubeEdge 1.23.1), metrics-server 3.13.1 (app 0.8.1), kube-prometheus-stack, promtail and blackbox-exporter pass through"
);

/// Declarative, lossless, checked configuration for KubeEdge.
///
/// edgecfg edits cloudcore.yaml, edgecore.yaml and the ConfigMaps and Helm charts that carry
/// them: it changes the values you name and keeps every other byte (comments, order, quoting,
/// line endings), checks the result against the KubeEdge release the file is for, shows a diff
/// before writing, and writes atomically. Profiles (`streams-on`, `observability`,
/// `edgemesh`, `metrics-server`) turn on what `kubectl logs/exec/top` and monitoring need.
///
/// Exit status: 0 success; 1 `--check` found a file that would change (validate: errors were
/// found); 2 any error (usage, unreadable or malformed input, I/O).
#[derive(Parser, Debug)]
#[command(
    name = "edgecfg",
    version,
    long_version = LONG_VERSION,
    max_term_width = 100,
    after_help = "Examples:\n  edgecfg apply --dry-run -p streams-on --param cloudAddress=192.0.2.10 /etc/kubeedge/config/edgecore.yaml\n  edgecfg validate edgecore.yaml cloudcore.yaml\n  edgecfg set edgecore.yaml modules.edgeStream.enable=true\n  helm install cloudcore CHART --post-renderer edgecfg\n\nMore: `edgecfg COMMAND --help`, `edgecfg man`, `edgecfg completions bash`."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum ProfilesCommand {
    /// Show a profile: description, parameters, and what it changes per file kind.
    Show {
        /// The profile name.
        name: String,
    },
}

/// `--color`, on the commands that colour their output (diffs, findings).
#[derive(Args, Debug, Clone)]
pub(crate) struct ColorArg {
    /// When to colour diffs and findings: auto (a terminal, unless NO_COLOR is set), always,
    /// never.
    #[arg(long, value_name = "WHEN", default_value = "auto")]
    color: ColorChoice,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the value at PATH: a scalar as plain text, a collection as YAML.
    ///
    /// Exit status: 0 the path is set; 1 it is not (the message gives KubeEdge's default for
    /// the file's release); 2 an error, also a path KubeEdge does not know (with a
    /// did-you-mean).
    #[command(
        after_help = "Examples:\n  edgecfg get edgecore.yaml modules.edgeStream.server\n  edgecfg get cloudcore-configmap.yaml modules.cloudStream.enable   # inside data.\"cloudcore.yaml\"\n  edgecfg get --select kind=EdgeCore stream.yaml /modules/edgeHub"
    )]
    Get {
        /// The YAML file (`-` for standard input).
        file: PathBuf,
        /// Dotted path (`modules.edgeStream.enable`, `a.list[0]`, `data."cloudcore.yaml"`) or
        /// JSON Pointer (`/modules/edgeStream/enable`).
        path: String,
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        release: ReleaseArg,
        /// Output format: `human` (the value), or `json` (`{"file", "path", "set", "value",
        /// "raw", "default"}` on standard output: `value` is what KubeEdge reads, `raw` the
        /// value as the file writes it).
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
        format: String,
        /// Print the value as the file writes it, not the value KubeEdge reads (they differ
        /// where a key is also given in another case, under a merge key, or as `yes`/`~`).
        #[arg(long)]
        raw: bool,
    },
    /// Set values: `edgecfg set FILE PATH=VALUE [PATH=VALUE ...]`.
    ///
    /// VALUE is a YAML flow value (`true`, `10004`, `"a,b"`, `[a, b]`, `{k: v}`); an assignment
    /// is split at its first `=`. Missing mappings on the path are created. Every byte outside
    /// the changed values stays as it was.
    #[command(
        after_help = "Examples:\n  edgecfg set edgecore.yaml modules.edgeStream.enable=true modules.edgeStream.server=192.0.2.10:10004\n  edgecfg set --dry-run edgecore.yaml modules.edged.nodeLabels.rack=r7\n  edgecfg set --kubeedge-version 1.17 edgecore.yaml modules.edged.containerRuntime=remote"
    )]
    Set {
        /// The YAML file (`-` for standard input, result on standard output).
        file: PathBuf,
        /// PATH=VALUE assignments, applied in order.
        #[arg(required = true, value_name = "PATH=VALUE")]
        assignments: Vec<String>,
        /// Take every VALUE as a string, written quoted if YAML would read it otherwise.
        #[arg(long)]
        string: bool,
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        mode: ModeArgs,
    },
    /// Helm post-renderer: read a manifest stream on stdin, write it with profiles applied.
    ///
    /// `helm template|install ... --post-renderer edgecfg` (Helm 3) runs this, also without the
    /// subcommand; the Helm 4 plugin in `helm/edgecfg` runs `edgecfg post-render`. Documents
    /// no profile changes are copied byte for byte. Without --profile: metrics-server and
    /// streams-on, which change only what they find (the metrics-server Deployment, the
    /// cloudcore chart's objects).
    #[command(
        after_help = "Examples:\n  helm install cloudcore CHART --post-renderer edgecfg\n  helm install ms metrics-server/metrics-server --post-renderer edgecfg\n  helm template cloudcore CHART | edgecfg post-render -p observability"
    )]
    PostRender(postrender::PostRenderArgs),
    /// Apply profiles to cloudcore.yaml / edgecore.yaml files (the operations for each file's kind).
    ///
    /// Idempotent: a second apply reports `unchanged` and does not touch the file. The result is
    /// validated before it is written; a result with errors is refused.
    #[command(
        after_help = "Examples:\n  edgecfg apply --dry-run -p streams-on --param cloudAddress=192.0.2.10 edgecore.yaml\n  edgecfg apply -p edgemesh edgecore.yaml cloudcore.yaml\n  edgecfg apply --check -p streams-on --param cloudAddress=192.0.2.10 edgecore.yaml   # exit 1: not applied\n  edgecfg apply -p observability cloudcore-configmap.yaml"
    )]
    Apply(apply::ApplyArgs),
    /// List the built-in profiles, or show one with `profiles show NAME`.
    #[command(
        after_help = "Examples:\n  edgecfg profiles\n  edgecfg profiles show streams-on\n  edgecfg profiles --profile-file site.yaml\n  edgecfg profiles --format json"
    )]
    Profiles {
        #[command(subcommand)]
        command: Option<ProfilesCommand>,
        /// Also list profiles from these files.
        #[arg(long = "profile-file", value_name = "PATH", global = true)]
        profile_files: Vec<PathBuf>,
        /// Output format: `human`, or `json` (the list: `{"profiles": [{"name",
        /// "description", "targets", "include", "parameters"}]}`; `show`: `{"name", "profiles":
        /// [...]}`, the profile and its includes in the profile file format of `edgecfg schema
        /// profile`, in the order they apply).
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"], global = true)]
        format: String,
    },
    /// Check CloudCore / EdgeCore files against the model and rules of their KubeEdge release.
    ///
    /// The kind comes from apiVersion/kind (or --kind); a ConfigMap embedding `cloudcore.yaml`
    /// is checked inside. Exit status: 0 no errors (warnings allowed), 1 errors found, 2 could
    /// not run.
    #[command(
        after_help = "Examples:\n  edgecfg validate edgecore.yaml cloudcore.yaml\n  edgecfg validate --kubeedge-version 1.17 edgecore.yaml\n  edgecfg validate --format json edgecore.yaml"
    )]
    Validate {
        /// Files to check (`-` for standard input).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Validate as this kind instead of detecting it.
        #[arg(long, value_name = "KIND", value_parser = ["cloudcore", "edgecore"])]
        kind: Option<String>,
        #[command(flatten)]
        release: ReleaseArg,
        /// Output format.
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"])]
        format: String,
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        many: files::ManyArgs,
        #[command(flatten)]
        color: ColorArg,
    },
    /// Is the whole system consistent: the cloud side, every edge node, metrics-server?
    ///
    /// Reads any mix of files and directories, recognises each document by its content (cloud
    /// and edge configs, ConfigMaps embedding them, rendered Helm streams, the cloudcore
    /// chart's values, `kubectl get nodes -o json`), and checks the rules between them: stream
    /// pairing and ports, hub ports and certificate names, metaServer and dynamicController,
    /// heartbeat and keepalive, nodeLimit, node tasks, feature gates per release, node names
    /// and releases against the inventory. Findings that repeat across edge configs are one
    /// finding with every location. Exit status: 0 no errors, 1 errors found, 2 could not run.
    #[command(
        after_help = "Examples:\n  helm get manifest cloudcore -n kubeedge > cloud.yaml\n  kubectl get nodes -o json > nodes.json\n  edgecfg check cloud.yaml nodes/ nodes.json\n  helm template cloudcore CHART | edgecfg check - edge-configs/\n  edgecfg check --format sarif cloud.yaml nodes/ > check.sarif"
    )]
    Check(check::CheckArgs),
    /// The fleet agent: apply profiles to this edge node's edgecore.yaml, restart edgecore,
    /// check it, roll back on failure (run by the `helm/edgecfg-agent` chart's DaemonSet).
    ///
    /// Prints one JSON line (`{"time", "node", "file", "release", "profiles", "desired",
    /// "result", "changes", "restarts", "reason", "health", "backup", "api", "durationMs"}`)
    /// and keeps it in --status-file. An unchanged file is never written and edgecore never
    /// restarted. Exit status: 0 applied or unchanged, 1 rolled back (or held after a rollback
    /// for the same profiles and parameters), 2 failed (nothing written, or see the reason).
    #[command(
        after_help = "Examples:\n  edgecfg agent --config /etc/edgecfg/agent.yaml --node edge-1\n  edgecfg agent --restart signal --stable-seconds 20 --stay\n  edgecfg agent --restart command --restart-command \"/usr/local/bin/restart-edgecore\" --api none\n  edgecfg agent --probe   # readinessProbe"
    )]
    Agent(agent::AgentArgs),
    /// The fleet seen from the cloud: `fleet status` (the agent's rollout, from the Nodes) and
    /// `fleet configupdatejob` (KubeEdge's ConfigUpdateJob for a profile, where it can express it).
    #[command(
        after_help = "Examples:\n  kubectl get nodes -o json | edgecfg fleet status -\n  edgecfg fleet configupdatejob -p streams-on --param cloudAddress=192.0.2.10 --kubeedge-version 1.23.1 --nodes edge-1"
    )]
    Fleet {
        #[command(subcommand)]
        command: fleet::FleetCommand,
    },
    /// What changes meaning for a file between two KubeEdge releases, and the edits that keep
    /// today's behaviour.
    ///
    /// Lists keys the file sets that the new release drops or retypes, defaults that flip under
    /// keys the file leaves out (`rootDirectory` in 1.20, …), and feature gates the new release
    /// does not know. `--fix` writes the edits (losslessly, checked); `--dry-run` shows them.
    /// Exit status: 0 nothing changes meaning (or --fix applied the edits), 1 something does,
    /// 2 an error.
    #[command(
        after_help = "Examples:\n  edgecfg upgrade-check --to 1.20 edgecore.yaml\n  edgecfg upgrade-check --from 1.19 --to 1.20 --fix --dry-run edgecore.yaml"
    )]
    UpgradeCheck(upgrade::UpgradeArgs),
    /// Migrate a file to a KubeEdge release: EdgeCore v1alpha1 (1.11 and earlier) to v1alpha2,
    /// or a v1alpha2 / CloudCore file to another release.
    ///
    /// Moves, renames and converts the settings KubeEdge moved (edged's kubelet settings into
    /// tailoredKubeletConfig, clusterDNS from a string to a list, seconds to durations,
    /// remoteRuntimeEndpoint to containerRuntimeEndpoint, …) for the release given with
    /// --kubeedge-version (default: the latest), drops what that release has no equivalent for,
    /// writes out defaults that the release changes, and says why for each. Keys that stay keep
    /// their comments.
    #[command(
        after_help = "Examples:\n  edgecfg migrate --dry-run edgecore.yaml                      # v1alpha1 → v1alpha2, latest release\n  edgecfg migrate --kubeedge-version 1.12 edgecore.yaml"
    )]
    Migrate(migrate::MigrateArgs),
    /// Print a shell completion script: `edgecfg completions bash > /etc/bash_completion.d/edgecfg`.
    #[command(
        after_help = "Examples:\n  edgecfg completions bash > /etc/bash_completion.d/edgecfg\n  edgecfg completions zsh > \"${fpath[1]}/_edgecfg\"\n  edgecfg completions fish > ~/.config/fish/completions/edgecfg.fish"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `edgecfg man > /usr/local/share/man/man1/edgecfg.1`.
    #[command(
        after_help = "Examples:\n  edgecfg man > /usr/local/share/man/man1/edgecfg.1 && man edgecfg\n  edgecfg man | man -l -"
    )]
    Man,
    /// Explain a validation rule: what it flags, what KubeEdge does, the releases it covers.
    ///
    /// Without RULE, lists every rule with its default severity.
    #[command(
        after_help = "Examples:\n  edgecfg explain\n  edgecfg explain edged-readonly-port\n  edgecfg explain --format markdown"
    )]
    Explain {
        /// A rule id, as printed in brackets by `validate` (`unknown-key`).
        rule: Option<String>,
        /// Output format.
        #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json", "markdown"])]
        format: String,
    },
    /// Print the Helm values a profile recommends for what post-rendering cannot reach.
    ///
    /// Helm 3 does not pass hooks (pre-/post-install Jobs, test Pods) to a post-renderer;
    /// profiles that change such objects carry the chart's values for them. Helm 4
    /// post-renders hooks, so there the values are optional.
    #[command(
        after_help = "Examples:\n  edgecfg values edge-monitoring --chart kube-prometheus-stack > edge-values.yaml\n  helm upgrade --install kps prometheus-community/kube-prometheus-stack -f edge-values.yaml --post-renderer edgecfg --post-renderer-args -p --post-renderer-args edge-monitoring"
    )]
    Values {
        /// The profile.
        profile: String,
        /// The chart (`kube-prometheus-stack`); needed when the profile has values for several.
        #[arg(long, value_name = "NAME")]
        chart: Option<String>,
        /// Also look for the profile in these files.
        #[arg(long = "profile-file", value_name = "PATH")]
        profile_files: Vec<PathBuf>,
    },
    /// Print the JSON Schema (draft 2020-12) of a configuration kind or of the profile format.
    #[command(
        after_help = "Examples:\n  edgecfg schema edgecore > edgecore.schema.json\n  edgecfg schema edgecore --kubeedge-version 1.17"
    )]
    Schema {
        /// `cloudcore`, `edgecore` or `profile`.
        #[arg(value_parser = ["cloudcore", "edgecore", "profile"])]
        kind: String,
        /// The release (default: the latest, from the typed model with field documentation;
        /// other releases are generated from KubeEdge's types per release).
        #[arg(long, value_name = "X.Y[.Z]", env = "EDGECFG_KUBEEDGE_VERSION")]
        kubeedge_version: Option<edgecfg::model::Release>,
    },
    /// Remove keys or sequence items, with their own comment lines. Missing paths are skipped.
    #[command(
        after_help = "Examples:\n  edgecfg unset edgecore.yaml modules.edged.containerRuntime\n  edgecfg unset --dry-run edgecore.yaml modules.dbTest"
    )]
    Unset {
        /// The YAML file (`-` for standard input, result on standard output).
        file: PathBuf,
        /// Paths to remove.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        mode: ModeArgs,
    },
}

/// The KubeEdge release to check against.
#[derive(Args, Debug, Clone)]
pub(crate) struct ReleaseArg {
    /// The KubeEdge release the file is for (1.11 to 1.23, e.g. 1.17 or v1.17.5). Default:
    /// the file's `edgecoreVersion`, else the newest release whose fields fit the file's keys.
    #[arg(long, value_name = "X.Y[.Z]", env = "EDGECFG_KUBEEDGE_VERSION")]
    pub(crate) kubeedge_version: Option<edgecfg::model::Release>,
}

impl ModeArgs {
    /// The release given with `--kubeedge-version` (or the environment).
    pub(crate) fn kubeedge_version(&self) -> Option<edgecfg::model::Release> {
        self.release.kubeedge_version
    }
}

/// Which document of a multi-document file to work on.
#[derive(Args, Debug, Clone)]
pub(crate) struct SelectArgs {
    /// The document with this 0-based index.
    #[arg(long, value_name = "N", conflicts_with = "select")]
    doc: Option<usize>,
    /// The document whose value at PATH equals VALUE, e.g. `kind=EdgeCore`.
    #[arg(long, value_name = "PATH=VALUE")]
    select: Option<String>,
}

/// How a command that changes a file delivers the result. Default: write in place.
#[derive(Args, Debug, Clone)]
pub(crate) struct ModeArgs {
    /// Print a unified diff and write nothing.
    #[arg(long, conflicts_with_all = ["check", "stdout", "diff"])]
    dry_run: bool,
    /// Write the file and print a unified diff of the change.
    #[arg(long, conflicts_with_all = ["check", "stdout"])]
    diff: bool,
    /// Write nothing; exit 1 if the file would change.
    #[arg(long, conflicts_with = "stdout")]
    check: bool,
    /// Print the whole result on standard output instead of writing the file.
    #[arg(long)]
    stdout: bool,
    /// Keep the previous contents as FILE.bak when writing.
    #[arg(long)]
    backup: bool,
    /// How long to wait for the directory's edit lock when writing (another edgecfg writer
    /// holds it for milliseconds): a duration such as `10s` (the default), `2m` or `0s`.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    lock_timeout: std::time::Duration,
    /// Skip the KubeEdge model checks (known keys, value types, validation of the result).
    #[arg(long)]
    no_validate: bool,
    /// Output format: `human` (status lines, diffs), or `json` (one document on standard output
    /// with each file's result, changes, findings and, with --dry-run, the diff).
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = ["human", "json"], conflicts_with_all = ["stdout", "diff"])]
    format: String,
    #[command(flatten)]
    release: ReleaseArg,
    #[command(flatten)]
    color: ColorArg,
}

impl ModeArgs {
    /// Whether the file is written (not `--check`, `--dry-run` or `--stdout`).
    pub(crate) fn writes(&self) -> bool {
        !(self.check || self.dry_run || self.stdout)
    }

    /// `--format json`.
    pub(crate) fn json(&self) -> bool {
        self.format == "json"
    }
}

/// The per-file results of a command run with `--format json`, printed at the end.
pub(crate) static JSON_FILES: std::sync::Mutex<Vec<serde_json::Value>> =
    std::sync::Mutex::new(Vec::new());

/// Records one file's result for `--format json`.
pub(crate) fn json_file(
    file: &FsPath,
    outcome: Option<&edgecfg::Outcome>,
    mode: &ModeArgs,
    error: Option<&str>,
) {
    let result = match (outcome, error) {
        (_, Some(_)) => "failed",
        (Some(o), None) if !o.changed() => "unchanged",
        (Some(_), None) if mode.check || mode.dry_run => "would-change",
        _ => "changed",
    };
    let mut v = serde_json::json!({
        "file": file.display().to_string(),
        "result": result,
        "outcome": outcome,
        "error": error,
    });
    if let (Some(o), true) = (outcome, mode.dry_run) {
        v["diff"] = serde_json::Value::String(o.diff());
    }
    JSON_FILES.lock().unwrap_or_else(|e| e.into_inner()).push(v);
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(with_default_command(std::env::args_os().collect())) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = cli.command.as_ref().and_then(Command::color);
    let mut out = Out::new(match color.map(|c| c.color) {
        Some(ColorChoice::Always) => anstream::ColorChoice::Always,
        Some(ColorChoice::Never) => anstream::ColorChoice::Never,
        Some(ColorChoice::Auto) | None => anstream::ColorChoice::Auto,
    });
    let Some(command) = cli.command else {
        let _ = <Cli as clap::CommandFactory>::command().print_help();
        return ExitCode::from(2);
    };
    let result = match command {
        Command::PostRender(args) => postrender::run(&mut out, &args),
        Command::Get {
            file,
            path,
            select,
            release,
            format,
            raw,
        } => cmd_get(
            &mut out,
            &file,
            &path,
            &select,
            &release,
            format == "json",
            raw,
        ),
        Command::Set {
            file,
            assignments,
            string,
            select,
            mode,
        } => cmd_set(&mut out, &file, &assignments, string, &select, &mode),
        Command::Validate {
            files,
            kind,
            release,
            format,
            select,
            many,
            color: _,
        } => validate::run(
            &mut out,
            &files,
            kind.as_deref().and_then(ConfigKind::parse),
            release.kubeedge_version,
            format == "json",
            &select,
            &many,
        ),
        Command::Apply(args) => apply::run(&mut out, &args),
        Command::Check(args) => check::run(&mut out, &args),
        Command::Agent(args) => agent::run(&mut out, &args),
        Command::Fleet { command } => fleet::run(&mut out, &command),
        Command::Profiles {
            command,
            profile_files,
            format,
        } => match command {
            None => apply::list(&mut out, &profile_files, format == "json"),
            Some(ProfilesCommand::Show { name }) => {
                apply::show(&mut out, &name, &profile_files, format == "json")
            }
        },
        Command::UpgradeCheck(args) => upgrade::run(&mut out, &args),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "edgecfg",
                &mut buf,
            );
            out.text(&String::from_utf8_lossy(&buf)).map(|_| 0)
        }
        Command::Man => {
            let mut buf = Vec::new();
            let man = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            match man.render(&mut buf) {
                Ok(()) => out.text(&String::from_utf8_lossy(&buf)).map(|_| 0),
                Err(e) => Err(Failure::plain(e)),
            }
        }
        Command::Migrate(args) => migrate::run(&mut out, &args),
        Command::Values {
            profile,
            chart,
            profile_files,
        } => apply::values(&mut out, &profile, chart.as_deref(), &profile_files),
        Command::Explain { rule, format } => explain::run(&mut out, rule.as_deref(), &format),
        Command::Schema {
            kind,
            kubeedge_version,
        } => {
            let schema = match ConfigKind::parse(&kind) {
                Some(kind) => edgecfg::model::schema_for(kind, kubeedge_version),
                None => edgecfg::profile::profile_schema(),
            };
            let text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
            out.text(&format!("{text}\n")).map(|_| 0)
        }
        Command::Unset {
            file,
            paths,
            select,
            mode,
        } => cmd_unset(&mut out, &file, &paths, &select, &mode),
    };
    let json_files = std::mem::take(&mut *JSON_FILES.lock().unwrap_or_else(|e| e.into_inner()));
    if !json_files.is_empty() {
        let text = serde_json::to_string_pretty(&serde_json::json!({ "files": json_files }))
            .expect("json");
        let _ = out.text(&format!("{text}\n"));
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            if f.broken_pipe {
                return ExitCode::SUCCESS;
            }
            report::print_failure(&f);
            ExitCode::from(2)
        }
    }
}

impl Command {
    /// The `--color` of a command that colours its output.
    fn color(&self) -> Option<&ColorArg> {
        match self {
            Command::Set { mode, .. } | Command::Unset { mode, .. } => Some(&mode.color),
            Command::Apply(a) => Some(a.color()),
            Command::UpgradeCheck(a) => Some(a.color()),
            Command::Migrate(a) => Some(a.color()),
            Command::Validate { color, .. } => Some(color),
            Command::Check(a) => Some(&a.color),
            _ => None,
        }
    }
}

/// Helm 3 runs the post-renderer with no arguments, or with only `--post-renderer-args`:
/// without a subcommand, and with a non-terminal standard input, `edgecfg` is `edgecfg
/// post-render`.
fn with_default_command(mut argv: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    use std::io::IsTerminal;
    let first = argv.get(1).map(|a| a.to_string_lossy().into_owned());
    let informational = matches!(first.as_deref(), Some("-h" | "--help" | "-V" | "--version"));
    // Only post-render's own flags make a flag-first command line a post-render (Helm 3 passes
    // just `--post-renderer-args`); any other flag gets the top-level error and usage.
    const POST_RENDER_FLAGS: &[&str] = &[
        "-p",
        "--profile",
        "--param",
        "--profile-file",
        "--force",
        "--log",
        "--kubeedge-version",
        "--format",
        "--report",
    ];
    let flag_first = first.as_deref().is_some_and(|a| {
        let name = a.split('=').next().unwrap_or(a);
        POST_RENDER_FLAGS.contains(&name) || (a.starts_with("-p") && !a.starts_with("--"))
    }) && !informational;
    if (first.is_none() && !std::io::stdin().is_terminal()) || flag_first {
        argv.insert(1, "post-render".into());
    }
    argv
}

pub(crate) fn selector(args: &SelectArgs) -> Result<Selector, Failure> {
    Ok(match (&args.doc, &args.select) {
        (Some(i), _) => Selector::Index(*i),
        (None, Some(s)) => Selector::parse_field(s).map_err(Failure::plain)?,
        (None, None) => Selector::Only,
    })
}

pub(crate) fn read_input(file: &FsPath) -> Result<String, Failure> {
    if file.as_os_str() == "-" {
        fsio::read_stdin()
    } else {
        fsio::read_text(file)
    }
    .map_err(Failure::io)
}

pub(crate) fn parse_doc(file: &FsPath, text: String) -> Result<Document, Failure> {
    Document::parse(text.clone()).map_err(|e| Failure::located(file, &text, e.location, e.message))
}

fn cmd_get(
    out: &mut Out,
    file: &FsPath,
    path: &str,
    select: &SelectArgs,
    release: &ReleaseArg,
    json: bool,
    raw: bool,
) -> Result<u8, Failure> {
    let path = Path::parse(path).map_err(Failure::plain)?;
    let text = read_input(file)?;
    let editor = Editor::open(file.display().to_string(), text)?
        .release(release.kubeedge_version)
        .select(&selector(select)?)?;
    let default = editor.default_json(&path);
    let effective = editor.effective_json(&path);
    let refused = |e: edgecfg::Error| match e {
        // A misspelt path: the model's message and did-you-mean (`get` writes nothing).
        edgecfg::Error::Refused { source, .. } => {
            let mut m = format!("{}: {}", shown(file), source.message);
            if let Some(h) = &source.help {
                m.push_str(&format!("\n  = help: {h}"));
            }
            Failure::plain(m)
        }
        other => other.into(),
    };
    if json {
        let value = editor.get_json(&path).map_err(refused)?;
        // Set: the file writes it, or KubeEdge reads something other than the default there
        // (a key in another case, a merge key).
        let set = value.is_some() || (effective.is_some() && effective != default);
        let doc = serde_json::json!({
            "file": file.display().to_string(),
            "path": path.to_string(),
            "set": set,
            "value": if set { effective.clone().or(value.clone()) } else { None },
            "raw": value,
            "default": default,
        });
        out.text(&format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).expect("json")
        ))?;
        return Ok(u8::from(!set));
    }
    let literal = editor.get(&path).map_err(refused)?;
    let set = literal.is_some() || (effective.is_some() && effective != default);
    match (literal, effective) {
        (literal, Some(v)) if set && !raw => {
            let shown_value = match &v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.text(&format!("{shown_value}\n"))?;
            match literal {
                Some(l) if l.trim() != shown_value && !v.is_object() && !v.is_array() => {
                    out.note(&format!(
                        "{}: the file writes `{}` at `{path}`; KubeEdge reads {v} (--raw prints the text)",
                        shown(file),
                        l.trim()
                    ));
                }
                None => out.note(&format!(
                    "{}: `{path}` is not written as such; KubeEdge reads {v} from a key in another case or a merge key (`edgecfg validate` shows which)",
                    shown(file)
                )),
                _ => {}
            }
            Ok(0)
        }
        (Some(s), _) => {
            out.text(&s)?;
            if !s.ends_with('\n') {
                out.text("\n")?;
            }
            Ok(0)
        }
        (None, _) => {
            let why = match default {
                Some(serde_json::Value::String(d)) if d.is_empty() => {
                    "; KubeEdge uses its default: \"\"".to_owned()
                }
                Some(serde_json::Value::String(d)) => format!("; KubeEdge uses its default: {d}"),
                Some(d) => format!("; KubeEdge uses its default: {d}"),
                None => String::new(),
            };
            out.note(&format!("{}: `{path}` is not set{why}", shown(file)));
            Ok(1)
        }
    }
}

/// On SIGINT/SIGTERM/SIGHUP, removes the temporary file of a write in progress and exits as a
/// shell does for a signal (128 + 2; the handler cannot tell which one came). Installed once,
/// by the first command that may write a file in place (not at start-up: reading commands
/// and post-render do without the handler's thread).
pub(crate) fn install_signal_cleanup() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("EDGECFG_TEST_NO_SIGNAL_HANDLER").is_none() {
            let _ = ctrlc::set_handler(|| {
                edgecfg::fsio::remove_pending();
                std::process::exit(130);
            });
        }
    });
}

/// Opens FILE (`-`: standard input) for a checked edit.
pub(crate) fn open(file: &FsPath, mode: &ModeArgs) -> Result<Editor, Failure> {
    let editor = if file.as_os_str() == "-" {
        Editor::open("-", read_input(file)?)?
    } else if !mode.writes() {
        Editor::read_unlocked(file)?
    } else {
        install_signal_cleanup();
        Editor::read_waiting(file, mode.lock_timeout)?
    };
    Ok(editor
        .checks(!mode.no_validate)
        .release(mode.release.kubeedge_version))
}

fn cmd_set(
    out: &mut Out,
    file: &FsPath,
    assignments: &[String],
    string: bool,
    select: &SelectArgs,
    mode: &ModeArgs,
) -> Result<u8, Failure> {
    let assignments = assignments
        .iter()
        .map(|a| {
            if !a.contains('=') {
                return Err(Failure::usage(format!(
                    "`{a}` is not an assignment; write PATH=VALUE"
                )));
            }
            Assignment::parse(a, string).map_err(Failure::plain)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let outcome = open(file, mode)?
        .select(&selector(select)?)?
        .set(&assignments)?
        .finish()?;
    let code = deliver(out, file, &outcome, mode)?;
    if !mode.json() {
        report::new_findings(out, &outcome);
    }
    Ok(code)
}

fn cmd_unset(
    out: &mut Out,
    file: &FsPath,
    paths: &[String],
    select: &SelectArgs,
    mode: &ModeArgs,
) -> Result<u8, Failure> {
    let paths = paths
        .iter()
        .map(|p| Path::parse(p).map_err(Failure::plain))
        .collect::<Result<Vec<_>, _>>()?;
    let outcome = open(file, mode)?
        .select(&selector(select)?)?
        .unset(&paths)?
        .finish()?;
    let code = deliver(out, file, &outcome, mode)?;
    if !mode.json() {
        report::new_findings(out, &outcome);
    }
    Ok(code)
}

/// Delivers a result according to the mode: exit 1 for `--check` with a change, else 0.
/// `--check` says `FILE: would change` on standard error (see [`deliver_quietly`]).
pub(crate) fn deliver(
    out: &mut Out,
    file: &FsPath,
    outcome: &edgecfg::Outcome,
    mode: &ModeArgs,
) -> Result<u8, Failure> {
    let code = deliver_quietly(out, file, outcome, mode)?;
    if mode.check && code == 1 && !mode.json() {
        out.note(&format!("{}: would change", shown(file)));
    }
    Ok(code)
}

/// [`deliver`] without the `--check` line (the caller prints its own status line).
pub(crate) fn deliver_quietly(
    out: &mut Out,
    file: &FsPath,
    outcome: &edgecfg::Outcome,
    mode: &ModeArgs,
) -> Result<u8, Failure> {
    let (original, result) = (outcome.before(), outcome.after());
    if mode.json() {
        json_file(file, Some(outcome), mode, None);
        if mode.check {
            return Ok(u8::from(original != result));
        }
        if mode.dry_run || file.as_os_str() == "-" {
            return Ok(0);
        }
        if original != result {
            outcome.write(
                file,
                WriteOptions {
                    backup: mode.backup,
                    lock_wait: mode.lock_timeout,
                },
            )?;
        }
        return Ok(0);
    }
    let changed = result != original;
    let name = display_name(file);
    let stdin = file.as_os_str() == "-";
    if mode.check {
        return Ok(u8::from(changed));
    }
    if mode.dry_run {
        out.diff(&name, original, result)?;
        return Ok(0);
    }
    if mode.stdout || stdin {
        out.text(result)?;
        return Ok(0);
    }
    if changed {
        outcome.write(
            file,
            WriteOptions {
                backup: mode.backup,
                lock_wait: mode.lock_timeout,
            },
        )?;
    }
    if mode.diff {
        out.diff(&name, original, result)?;
    }
    Ok(0)
}

/// A file as messages name it: as given, without a leading `./`.
pub(crate) fn shown(file: &FsPath) -> String {
    let s = file.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// A file as a diff header names it (`a/…`, `b/…`: no leading `./` or `/`).
pub(crate) fn display_name(file: &FsPath) -> String {
    let s = file.to_string_lossy();
    s.trim_start_matches("./")
        .trim_start_matches('/')
        .to_string()
}
