//! The fleet agent: what runs in a pod on every edge node (`edgecfg agent`, deployed by the
//! `helm/edgecfg-agent` chart) and applies profiles to the host's `edgecore.yaml`.
//!
//! One [`run`]:
//! 1. reads the agent's configuration ([`AgentConfig`], a mounted ConfigMap) and works out what
//!    this node should get ([`Desired`]: profiles, per-node parameters, a hash);
//! 2. takes keadm's own lock ([`crate::fsio::KeadmLock`]), so it never races `keadm upgrade` or
//!    `keadm config-update`;
//! 3. applies the profiles through the checked-edit path ([`crate::Editor`]) for the file's
//!    release; when nothing changes it stops there: no write, no restart;
//! 4. otherwise keeps `edgecore.yaml.bak`, writes atomically, restarts edgecore
//!    ([`RestartMethod`]) and checks it ([`HealthCheck`]: a new process that stays up; the
//!    Node `Ready` when the API answers);
//! 5. on a failed check restores the previous file byte for byte and restarts again;
//! 6. reports: a [`RunReport`] (one JSON line), a status file on the host, and when the
//!    Kubernetes API is reachable, annotations on the Node (`<domain>/applied: <profiles>@<hash>`)
//!    and an Event on failure.
//!
//! A run that rolled back is not tried again for the same profiles and parameters
//! ([`RunResult::Held`]): a pod restart must not restart edgecore in a loop.

mod api;
mod config;
#[cfg(feature = "kube-client")]
mod http;
mod process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

pub use api::{ApiError, ClusterApi, FirstThatAnswers, NoApi, NodeEvent, node_ready};
pub use config::{AgentConfig, ConfigError, Desired, NodeFacts, Prepared};
#[cfg(feature = "kube-client")]
pub use http::HttpApi;
pub use process::{
    HealthCheck, ProcId, RestartMethod, check_running, find as find_processes, restart_and_check,
};

use crate::fsio::{self, KeadmLock, WriteOptions};
use crate::model::{ConfigKind, Release};
use crate::{ApplyOptions, Editor, Selector};

/// The default annotation domain: `edgecfg.io/applied`, `edgecfg.io/result`, ….
pub const DEFAULT_DOMAIN: &str = "edgecfg.io";

/// Everything a run needs besides the API.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The agent's configuration file (`agent.yaml`; `profile-*.yaml` beside it).
    pub config: PathBuf,
    /// The host's `edgecore.yaml`.
    pub edgecore: PathBuf,
    /// This node's name (`spec.nodeName` through the Downward API).
    pub node: Option<String>,
    /// How edgecore is restarted.
    pub restart: RestartMethod,
    /// How its health is judged after a restart.
    pub health: HealthCheck,
    /// How long to wait for the Node's `Ready` condition after a restart when the API answers
    /// (zero: not checked).
    pub ready_timeout: Duration,
    /// The status file on the host (the last run's [`RunReport`]).
    pub status_file: Option<PathBuf>,
    /// A file written after a successful run and removed otherwise (the pod's readiness).
    pub ready_file: Option<PathBuf>,
    /// keadm's lock (`/etc/kubeedge/idempotency_record` on the host).
    pub keadm_lock: PathBuf,
    /// How long to wait for keadm to release its lock.
    pub lock_wait: Duration,
    /// The annotation domain ([`DEFAULT_DOMAIN`]).
    pub domain: String,
    /// The KubeEdge release, when not taken from the file.
    pub release: Option<Release>,
    /// Try again even though the last run for the same profiles and parameters rolled back.
    pub retry: bool,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunResult {
    /// The file was changed, edgecore restarted and found healthy.
    Applied,
    /// The file already had everything; nothing was written or restarted.
    Unchanged,
    /// The change made edgecore unhealthy; the previous file is back and edgecore restarted.
    RolledBack,
    /// Not run again: the last run for the same profiles and parameters rolled back.
    Held,
    /// Something failed; see the reason. When a file was written and could not be rolled back,
    /// the reason says so.
    Failed,
    /// Only in the status file: the file was written and edgecore is being restarted and
    /// checked. Found by the next run, it means this one was interrupted: the next run checks
    /// edgecore and rolls back if it is unhealthy.
    InProgress,
}

impl RunResult {
    /// The process exit code: 0 applied or unchanged, 1 rolled back or held, 2 failed.
    pub fn exit_code(self) -> u8 {
        match self {
            RunResult::Applied | RunResult::Unchanged => 0,
            RunResult::RolledBack | RunResult::Held => 1,
            RunResult::Failed | RunResult::InProgress => 2,
        }
    }

    /// `applied`, `unchanged`, `rolled-back`, `held`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            RunResult::Applied => "applied",
            RunResult::Unchanged => "unchanged",
            RunResult::RolledBack => "rolled-back",
            RunResult::Held => "held",
            RunResult::Failed => "failed",
            RunResult::InProgress => "in-progress",
        }
    }

    /// True for applied and unchanged: the node has what it should.
    pub fn ok(self) -> bool {
        self.exit_code() == 0
    }
}

/// What one run did: printed as one JSON line and kept in the status file.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunReport {
    /// When the run started (RFC 3339, UTC).
    pub time: String,
    /// The node.
    pub node: Option<String>,
    /// The edgecore.yaml.
    pub file: String,
    /// The KubeEdge release the file was judged by (`1.15 (keys fit 1.15–1.16)`).
    pub release: Option<String>,
    /// The profiles.
    pub profiles: Vec<String>,
    /// `<profiles>@<hash>` of what this node should have.
    pub desired: Option<String>,
    /// How it ended.
    pub result: RunResult,
    /// How many changes the profiles made to the file.
    pub changes: usize,
    /// How many times edgecore was restarted (2 after a rollback).
    pub restarts: u32,
    /// Why it did not apply (rolled back, held, failed).
    pub reason: Option<String>,
    /// The health check's findings.
    pub health: Option<String>,
    /// The backup of the previous file, when one was written.
    pub backup: Option<String>,
    /// SHA-256 of the file as this run wrote it (to recognise it after an interruption).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// What the Kubernetes API side did (annotated, unreachable, …).
    pub api: Option<String>,
    /// How long the run took.
    pub duration_ms: u64,
}

impl RunReport {
    fn new(s: &Settings) -> RunReport {
        RunReport {
            time: now(),
            node: s.node.clone(),
            file: s.edgecore.display().to_string(),
            release: None,
            profiles: Vec::new(),
            desired: None,
            result: RunResult::Failed,
            changes: 0,
            restarts: 0,
            reason: None,
            health: None,
            backup: None,
            written: None,
            api: None,
            duration_ms: 0,
        }
    }

    fn fail(&mut self, reason: impl Into<String>) {
        self.result = RunResult::Failed;
        self.reason = Some(reason.into());
    }
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// Runs the agent once: see the [module documentation](self).
pub fn run(s: &Settings, api: &mut dyn ClusterApi) -> RunReport {
    let started = Instant::now();
    let mut report = RunReport::new(s);
    let mut api_ok = None;
    attempt(s, api, &mut report, &mut api_ok);
    report.duration_ms = started.elapsed().as_millis() as u64;
    if let Some(ready) = &s.ready_file {
        if report.result.ok() {
            let _ = fsio::write_replacing(
                ready,
                format!("{}\n", report.desired.as_deref().unwrap_or("")).as_bytes(),
            );
        } else {
            let _ = std::fs::remove_file(ready);
        }
    }
    report.api = Some(tell_api(s, api, &report, api_ok));
    if let Some(path) = &s.status_file
        && let Err(e) = write_status(path, &report)
    {
        let note = format!(
            "the status file {} could not be written: {e}",
            path.display()
        );
        report.api = Some(match report.api.take() {
            Some(a) => format!("{a}; {note}"),
            None => note,
        });
    }
    report
}

/// The last run's report from the status file, when there is one.
/// The status file is read as a regular file of at most this many bytes, not through a link.
const STATUS_MAX: u64 = 1 << 20;

/// The last run's report from the status file, when there is one (a regular file of at most
/// 1 MiB, not read through a symbolic link).
pub fn read_status(path: &Path) -> Option<RunReport> {
    serde_json::from_str(&fsio::read_small(path, STATUS_MAX).ok()?).ok()
}

/// Writes the status file with [`fsio::write_private`]: its directory is created 0700 and must
/// not be writable by other users.
fn write_status(path: &Path, report: &RunReport) -> Result<(), fsio::FsError> {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    fsio::write_private(path, text.as_bytes())
}

fn attempt(s: &Settings, api: &mut dyn ClusterApi, r: &mut RunReport, api_ok: &mut Option<bool>) {
    let (config, files) = match AgentConfig::load(&s.config) {
        Ok(c) => c,
        Err(e) => return r.fail(e.0),
    };
    r.profiles = config.profiles.clone();
    let mut facts = NodeFacts {
        name: s.node.clone(),
        ..NodeFacts::default()
    };
    if let (Some(name), Some(_)) = (&s.node, api.endpoint()) {
        match api.node(name) {
            Ok(node) => {
                *api_ok = Some(true);
                facts = NodeFacts::from_node(name, &node);
            }
            Err(e) => {
                *api_ok = Some(false);
                if config.needs_node_object() {
                    return r.fail(format!(
                        "the Node's labels or annotations are needed for the parameters, but {e}"
                    ));
                }
            }
        }
    }
    let desired = match config.desired(&files, &facts) {
        Ok(d) => d,
        Err(e) => return r.fail(e.0),
    };
    r.desired = Some(desired.label());
    let previous = s.status_file.as_deref().and_then(read_status);
    if !s.retry
        && let Some(prev) = &previous
        && prev.desired == r.desired
        && matches!(prev.result, RunResult::RolledBack | RunResult::Held)
    {
        r.result = RunResult::Held;
        r.reason = Some(format!(
            "not tried again: at {} the same profiles and parameters were rolled back ({}); change them, or run with --retry",
            prev.time,
            prev.reason.as_deref().unwrap_or("no reason recorded")
        ));
        return;
    }
    // The edit lock first (with a deadline), then keadm's: holding keadm's lock while waiting
    // for ours would lock keadm out for as long as someone else holds ours.
    let (target, edit_lock) = match fsio::Target::resolve(&s.edgecore)
        .and_then(|t| t.lock(s.lock_wait).map(|l| (t, l)))
    {
        Ok(t) => t,
        Err(e) => return r.fail(format!("{e}; nothing was written")),
    };
    let lock = match take_keadm_lock(&s.keadm_lock, s.lock_wait) {
        Ok(l) => l,
        Err(e) => return r.fail(e),
    };
    let editor = match Editor::read_locked(target, edit_lock)
        .and_then(|e| e.release(s.release).select_config(&Selector::Only))
    {
        Ok(e) => e,
        Err(e) => return r.fail(format!("{e}; nothing was written")),
    };
    if editor.kind() != Some(ConfigKind::EdgeCore) {
        return r.fail(format!(
            "{}: not an edgecore configuration (kind {}); nothing was written",
            s.edgecore.display(),
            editor.kind().map_or("unknown", |k| k.name())
        ));
    }
    if let Ok(value) = editor.target().0.value(editor.target().1) {
        r.release = Some(
            crate::model::releases::choose(ConfigKind::EdgeCore, &value, s.release).to_string(),
        );
    }
    let options = ApplyOptions::new().force(desired.force);
    let outcome = match editor
        .apply(&desired.profiles, &desired.params(), &options)
        .and_then(Editor::finish)
    {
        Ok(o) => o,
        Err(e) => return r.fail(format!("{e}; nothing was written")),
    };
    r.changes = outcome.changes.len();
    if let Some(prev) = &previous
        && prev.result == RunResult::InProgress
        && prev.file == r.file
        && prev.desired == r.desired
        && prev.written.as_deref() == Some(sha256(outcome.before()).as_str())
    {
        // The previous run wrote this file and was interrupted before its health check
        // finished: check edgecore now, and roll back to its backup if it is unhealthy. The
        // backup is the one this run would write (`--edgecore` plus `.bak`), never a path the
        // status file names: whoever can write that file must not pick what is copied over
        // edgecore.yaml.
        let bak = backup_of(&s.edgecore);
        r.backup = Some(bak.clone());
        r.changes = 0;
        return resume(s, api, *api_ok, r, outcome.before(), &bak, &lock);
    }
    if !outcome.changed() {
        r.result = RunResult::Unchanged;
        return;
    }
    // Recorded before the write: killed after it, the next run recognises the file it wrote.
    r.backup = Some(backup_of(&s.edgecore));
    r.written = Some(sha256(outcome.after()));
    mark_in_progress(s, r);
    if let Err(e) = outcome.write_holding(&s.edgecore, WriteOptions::backup(true), &lock) {
        r.backup = None;
        r.written = None;
        return r.fail(format!("{e}; nothing was written"));
    }
    if s.restart != RestartMethod::Never {
        r.restarts += 1;
    }
    let check = restart_and_check(&s.restart, &s.health)
        .and_then(|h| ready(s, api, *api_ok).map(|n| format!("{h}{n}")));
    settle(s, r, check, outcome.after(), outcome.before());
    drop(lock);
}

/// The backup a write of `edgecore` keeps: `EDGECORE.bak`.
fn backup_of(edgecore: &Path) -> String {
    let mut bak = edgecore.as_os_str().to_owned();
    bak.push(".bak");
    PathBuf::from(bak).display().to_string()
}

/// The SHA-256 of `text`, in hex.
fn sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records in the status file that the file is written and edgecore about to be restarted.
fn mark_in_progress(s: &Settings, r: &RunReport) {
    if let Some(path) = &s.status_file {
        let mut now = r.clone();
        now.result = RunResult::InProgress;
        let _ = write_status(path, &now);
    }
}

/// Ends a run whose file was written: `check` is the health check after the restart; when it
/// failed, `ours` (what is in the file now) is replaced by `previous` and edgecore restarted.
fn settle(
    s: &Settings,
    r: &mut RunReport,
    check: Result<String, String>,
    ours: &str,
    previous: &str,
) {
    let why = match check {
        Ok(health) => {
            r.health = Some(health);
            r.result = RunResult::Applied;
            r.written = None;
            return;
        }
        Err(why) => why,
    };
    let restored = fsio::write_if_unchanged(&s.edgecore, ours, previous, WriteOptions::default());
    if let Err(e) = restored {
        return r.fail(format!(
            "edgecore is unhealthy after the change ({why}), and the previous file could not be put back ({e}); the previous file is in {}",
            r.backup.as_deref().unwrap_or("?")
        ));
    }
    r.written = None;
    if s.restart != RestartMethod::Never {
        r.restarts += 1;
    }
    match restart_and_check(&s.restart, &s.health) {
        Ok(h) => {
            r.health = Some(h);
            r.result = RunResult::RolledBack;
            r.reason = Some(format!(
                "edgecore was unhealthy after the change ({why}); the previous file was restored byte for byte and edgecore restarted"
            ));
        }
        Err(again) => r.fail(format!(
            "edgecore was unhealthy after the change ({why}); the previous file was restored, but edgecore is still unhealthy ({again})"
        )),
    }
}

/// Finishes a run that was interrupted after writing `current`: checks edgecore as it runs now,
/// and rolls back to the backup `bak` when it is unhealthy.
fn resume(
    s: &Settings,
    api: &mut dyn ClusterApi,
    api_ok: Option<bool>,
    r: &mut RunReport,
    current: &str,
    bak: &str,
    _keadm: &KeadmLock,
) {
    let previous = match fsio::read_text(Path::new(bak)) {
        Ok(t) => t,
        Err(e) => {
            return r.fail(format!(
                "the previous run was interrupted after writing the file, and its backup cannot be read ({e}); check edgecore by hand"
            ));
        }
    };
    let check = check_running(&s.health)
        .and_then(|h| ready(s, api, api_ok).map(|n| format!("{h}{n}")))
        .map(|h| format!("checked after an interrupted run: {h}"));
    settle(s, r, check, current, &previous);
}

fn take_keadm_lock(path: &Path, wait: Duration) -> Result<KeadmLock, String> {
    let started = Instant::now();
    loop {
        match KeadmLock::try_take(path) {
            Ok(Some(lock)) => return Ok(lock),
            Ok(None) if started.elapsed() >= wait => {
                return Err(format!(
                    "keadm holds its lock ({} exists: upgrade, backup, rollback or config-update is running){}; nothing was written",
                    path.display(),
                    if wait.is_zero() {
                        String::new()
                    } else {
                        format!(" and did not release it within {} s", wait.as_secs())
                    }
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(500)),
            Err(e) => return Err(format!("{e}; nothing was written")),
        }
    }
}

/// Waits for the Node's `Ready` condition, when the API answered before the restart.
fn ready(s: &Settings, api: &mut dyn ClusterApi, api_ok: Option<bool>) -> Result<String, String> {
    let (Some(name), Some(true)) = (&s.node, api_ok) else {
        return Ok(String::new());
    };
    if s.ready_timeout.is_zero() {
        return Ok(String::new());
    }
    let started = Instant::now();
    let mut last = String::from("not read yet");
    while started.elapsed() < s.ready_timeout {
        match api.node(name) {
            Ok(node) if node_ready(&node) == Some(true) => return Ok("; Node Ready".into()),
            Ok(_) => last = "the Node's Ready condition is not True".into(),
            Err(e) => last = e.0,
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    Err(format!(
        "the Node did not become Ready within {} s ({last})",
        s.ready_timeout.as_secs()
    ))
}

/// The annotations a run leaves on its Node: `<domain>/desired`, `/result`, `/time`,
/// `/reason` (removed on success) and `/applied` (only when the node has what it should).
pub fn annotations(domain: &str, report: &RunReport) -> BTreeMap<String, Option<String>> {
    let mut a = BTreeMap::new();
    let key = |k: &str| format!("{domain}/{k}");
    a.insert(key("desired"), report.desired.clone());
    a.insert(key("result"), Some(report.result.as_str().to_owned()));
    a.insert(key("time"), Some(report.time.clone()));
    a.insert(key("reason"), report.reason.clone());
    if report.result.ok() {
        a.insert(key("applied"), report.desired.clone());
    }
    a
}

fn tell_api(s: &Settings, api: &mut dyn ClusterApi, r: &RunReport, api_ok: Option<bool>) -> String {
    let Some(endpoint) = api.endpoint() else {
        return "no Kubernetes API configured: the Node was not annotated".into();
    };
    let Some(node) = &s.node else {
        return "no node name (set NODE_NAME from spec.nodeName): the Node was not annotated"
            .into();
    };
    let mut said = Vec::new();
    match api.annotate(node, &annotations(&s.domain, r)) {
        Ok(()) => said.push(format!("annotated Node {node} through {endpoint}")),
        Err(e) => said.push(format!(
            "the Node could not be annotated{}: {e}",
            if api_ok == Some(false) {
                " (the API did not answer before the run either)"
            } else {
                ""
            }
        )),
    }
    let event = match r.result {
        RunResult::Applied => Some(("Normal", "EdgecfgApplied")),
        RunResult::RolledBack => Some(("Warning", "EdgecfgRolledBack")),
        RunResult::Failed => Some(("Warning", "EdgecfgFailed")),
        RunResult::Unchanged | RunResult::Held | RunResult::InProgress => None,
    };
    if let Some((kind, reason)) = event {
        let message = match &r.reason {
            Some(why) => format!("{}: {why}", r.desired.as_deref().unwrap_or("edgecfg")),
            None => format!(
                "{}: {} change(s) to {}; {}",
                r.desired.as_deref().unwrap_or("edgecfg"),
                r.changes,
                r.file,
                r.health.as_deref().unwrap_or("")
            ),
        };
        let event = NodeEvent {
            kind,
            reason: reason.into(),
            message,
        };
        match api.event(node, &event) {
            Ok(()) => said.push(format!("Event {reason}")),
            Err(e) => said.push(format!("the Event could not be created: {e}")),
        }
    }
    said.join("; ")
}
