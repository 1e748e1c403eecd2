//! `edgecfg agent` end to end, without a cluster but with real processes: a temporary root
//! holds an edgecore.yaml of a given release, a stand-in edgecore process (a shell script whose
//! process name is unique per test) and a restart command that plays systemd (kills the
//! stand-in, starts a new one, logs each call). The stand-in crashes one second after it starts
//! when the config contains the text in `crash-if`, which is how a change makes edgecore
//! unhealthy here.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// One edge node's host, in a temporary directory.
struct Host {
    dir: tempfile::TempDir,
    name: String,
}

const STAND_IN: &str = r#"#!/bin/sh
# A stand-in for edgecore: runs until killed; crashes 1 s after starting when the config
# contains the text in $ROOT/crash-if.
ROOT=$(dirname "$0")
if [ -f "$ROOT/crash-if" ] && grep -qF "$(cat "$ROOT/crash-if")" "$ROOT/etc/kubeedge/config/edgecore.yaml"; then sleep 1; exit 1; fi
while :; do sleep 1; done
"#;

const RESTART: &str = r#"#!/bin/sh
# Plays `systemctl restart edgecore`: stops the stand-in, starts a new one, logs the call.
ROOT=$(dirname "$0")
echo restart >> "$ROOT/restarts.log"
[ -f "$ROOT/pid" ] && kill "$(cat "$ROOT/pid")" 2>/dev/null
setsid "$ROOT/NAME" >/dev/null 2>&1 < /dev/null &
echo $! > "$ROOT/pid"
"#;

impl Host {
    fn new(edgecore: &str, agent_yaml: &str) -> Host {
        let dir = tempfile::tempdir().unwrap();
        let name = format!(
            "ec-{}-{}",
            std::process::id() % 10_000,
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let h = Host { dir, name };
        std::fs::create_dir_all(h.path("etc/kubeedge/config")).unwrap();
        std::fs::create_dir_all(h.path("cfg")).unwrap();
        std::fs::write(h.edgecore(), edgecore).unwrap();
        std::fs::write(h.path("cfg/agent.yaml"), agent_yaml).unwrap();
        for (file, text) in [
            (h.name.clone(), STAND_IN.to_owned()),
            ("restart.sh".into(), RESTART.replace("NAME", &h.name)),
        ] {
            std::fs::write(h.path(&file), text).unwrap();
            std::fs::set_permissions(h.path(&file), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        // edgecore runs before the agent does (started once, not logged as a restart).
        let status = spawn_fresh_script(&mut Command::new(h.path("restart.sh")))
            .wait()
            .unwrap();
        assert!(status.success());
        std::fs::remove_file(h.path("restarts.log")).unwrap();
        h
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn edgecore(&self) -> PathBuf {
        self.path("etc/kubeedge/config/edgecore.yaml")
    }

    fn restarts(&self) -> usize {
        std::fs::read_to_string(self.path("restarts.log")).map_or(0, |s| s.lines().count())
    }

    fn args(&self) -> Vec<String> {
        let p = |r: &str| self.path(r).display().to_string();
        [
            "agent",
            "--config",
            &p("cfg/agent.yaml"),
            "--edgecore",
            &p("etc/kubeedge/config/edgecore.yaml"),
            "--node",
            "edge-1",
            "--restart",
            "command",
            "--restart-command",
            &p("restart.sh"),
            "--process-name",
            &self.name,
            "--stable-seconds",
            "2",
            "--start-timeout",
            "10",
            "--status-file",
            &p("var/lib/edgecfg/status.json"),
            "--ready-file",
            &p("ready"),
            "--keadm-lock",
            &p("etc/kubeedge/idempotency_record"),
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    }

    fn run(&self, extra: &[&str]) -> (Output, serde_json::Value) {
        let out = Command::new(common::bin())
            .args(self.args())
            .args(extra)
            .env_remove("NODE_NAME")
            .env("EDGECFG_API", "none")
            .output()
            .unwrap();
        let line = String::from_utf8_lossy(&out.stdout).into_owned();
        let report = serde_json::from_str(line.trim()).unwrap_or_else(|e| {
            panic!(
                "not one JSON line ({e}): {line}\nstderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out, report)
    }

    /// Starts the agent with a 30 s health check and returns once it has written the file and
    /// restarted edgecore (the agent is then in its health check).
    fn spawn_until_restart(&self) -> std::process::Child {
        let mut args = self.args();
        let i = args.iter().position(|a| a == "--stable-seconds").unwrap();
        args[i + 1] = "30".into();
        let agent = Command::new(common::bin())
            .args(&args)
            .env_remove("NODE_NAME")
            .env("EDGECFG_API", "none")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let t = std::time::Instant::now();
        while self.restarts() < 1 && t.elapsed().as_secs() < 20 {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(self.restarts(), 1, "the agent restarted edgecore");
        std::thread::sleep(std::time::Duration::from_millis(300));
        agent
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_str(
            &std::fs::read_to_string(self.path("var/lib/edgecfg/status.json")).unwrap(),
        )
        .unwrap()
    }
}

/// Starts a script this process has just written. Another test thread forking while the script
/// was open for writing leaves a copy of that descriptor in its child until the child execs, and
/// executing the script meanwhile fails with ETXTBSY ("Text file busy"; rust-lang/rust#114554):
/// retried for up to a second.
fn spawn_fresh_script(cmd: &mut Command) -> std::process::Child {
    for _ in 0..50 {
        match cmd.spawn() {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.unwrap(),
        }
    }
    cmd.spawn().unwrap()
}

impl Drop for Host {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.path("pid")) {
            let _ = Command::new("kill")
                .arg(pid.trim())
                .stderr(std::process::Stdio::null())
                .status();
        }
    }
}

const AGENT: &str = "profiles: [streams-on]\nparams:\n  cloudAddress: 192.0.2.10\n";

fn get(file: &Path, path: &str) -> String {
    let out = Command::new(common::bin())
        .args(["get", &file.display().to_string(), path])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .collect()
}

/// Real edgecore.yaml files of several releases: the repo's hand-collected ones and, from
/// ../shared, `edgecore --defaultconfig` / `--minconfig` of v1.23.1.
fn release_files() -> Vec<(String, String)> {
    let root = common::root();
    let mut files: Vec<(String, String)> = [
        "tests/fixtures/real/edgecore-keadm-1.15-stale.yaml",
        "tests/fixtures/real/edgecore-1.20-crlf.yaml",
        "tests/fixtures/real/edgecore-v1alpha1-1.11.yaml",
    ]
    .iter()
    .map(|f| {
        (
            f.to_string(),
            std::fs::read_to_string(root.join(f)).unwrap(),
        )
    })
    .collect();
    if let Some(dir) = common::shared("fixtures/kubeedge/generated") {
        for f in [
            "edgecore--defaultconfig.stdout.yaml",
            "edgecore--minconfig.stdout.yaml",
        ] {
            files.push((f.to_string(), std::fs::read_to_string(dir.join(f)).unwrap()));
        }
    }
    files
}

#[test]
fn applies_once_and_then_does_nothing_on_every_release() {
    for (name, text) in release_files() {
        let host = Host::new(&text, AGENT);
        let (out, r) = host.run(&[]);
        assert_eq!(out.status.code(), Some(0), "{name}: {r}");
        assert_eq!(r["result"], "applied", "{name}: {r}");
        assert_eq!(r["restarts"], 1, "{name}");
        assert_eq!(host.restarts(), 1, "{name}: edgecore restarted once");
        assert!(
            r["health"].as_str().unwrap().contains("up for 2 s"),
            "{name}: {r}"
        );
        assert!(
            r["desired"].as_str().unwrap().starts_with("streams-on@"),
            "{r}"
        );
        let after = std::fs::read_to_string(host.edgecore()).unwrap();
        assert_eq!(comments(&after), comments(&text), "{name}: comments kept");
        assert_eq!(
            std::fs::read_to_string(host.path("etc/kubeedge/config/edgecore.yaml.bak")).unwrap(),
            text,
            "{name}: backup"
        );
        assert_eq!(
            get(&host.edgecore(), "modules.edgeStream.enable"),
            "true",
            "{name}"
        );
        assert!(host.path("ready").is_file());
        assert_eq!(host.status()["result"], "applied");
        assert!(
            !host.path("etc/kubeedge/idempotency_record").exists(),
            "keadm's lock released"
        );

        let mtime = std::fs::metadata(host.edgecore())
            .unwrap()
            .modified()
            .unwrap();
        let (out, r) = host.run(&[]);
        assert_eq!(out.status.code(), Some(0), "{name}: {r}");
        assert_eq!(r["result"], "unchanged", "{name}: {r}");
        assert_eq!(r["restarts"], 0);
        assert_eq!(host.restarts(), 1, "{name}: no second restart");
        assert_eq!(std::fs::read_to_string(host.edgecore()).unwrap(), after);
        assert_eq!(
            std::fs::metadata(host.edgecore())
                .unwrap()
                .modified()
                .unwrap(),
            mtime,
            "not written again"
        );
    }
}

#[test]
fn an_unhealthy_edgecore_is_rolled_back_byte_for_byte_and_then_held() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/real/edgecore-1.20-crlf.yaml"))
            .unwrap();
    let host = Host::new(&text, AGENT);
    std::fs::write(host.path("crash-if"), "192.0.2.10:10004").unwrap();
    let (out, r) = host.run(&[]);
    assert_eq!(out.status.code(), Some(1), "{r}");
    assert_eq!(r["result"], "rolled-back");
    assert_eq!(r["restarts"], 2);
    assert_eq!(
        host.restarts(),
        2,
        "restarted after the change and again after the rollback"
    );
    assert!(r["reason"].as_str().unwrap().contains("exited"), "{r}");
    assert_eq!(
        std::fs::read(host.edgecore()).unwrap(),
        text.as_bytes(),
        "restored byte for byte (CRLF too)"
    );
    assert!(!host.path("ready").exists());
    assert_eq!(host.status()["result"], "rolled-back");

    // The pod restarting must not restart edgecore in a loop.
    let (out, r) = host.run(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(r["result"], "held", "{r}");
    assert!(r["reason"].as_str().unwrap().contains("--retry"), "{r}");
    assert_eq!(host.restarts(), 2);
    assert_eq!(std::fs::read(host.edgecore()).unwrap(), text.as_bytes());

    // Fixed edgecore, --retry: applied.
    std::fs::remove_file(host.path("crash-if")).unwrap();
    let (out, r) = host.run(&["--retry"]);
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(r["result"], "applied");
    assert_eq!(host.restarts(), 3);
}

#[test]
fn keadm_holding_its_lock_means_nothing_is_written() {
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/real/edgecore-keadm-1.15-stale.yaml"),
    )
    .unwrap();
    let host = Host::new(&text, AGENT);
    let lock = host.path("etc/kubeedge/idempotency_record");
    std::fs::write(&lock, "").unwrap();
    let (out, r) = host.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{r}");
    assert_eq!(r["result"], "failed");
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("keadm holds its lock") && reason.contains("nothing was written"),
        "{reason}"
    );
    assert_eq!(std::fs::read_to_string(host.edgecore()).unwrap(), text);
    assert_eq!(host.restarts(), 0);
    assert!(lock.exists(), "keadm's lock is keadm's: not removed");

    // keadm finishes while the agent waits (--lock-wait): the agent goes on.
    let release = {
        let lock = lock.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(1500));
            std::fs::remove_file(lock).unwrap();
        })
    };
    let (out, r) = host.run(&["--lock-wait", "20"]);
    release.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(r["result"], "applied");
    assert_eq!(host.restarts(), 1);
}

#[test]
fn a_malformed_file_is_not_touched_and_the_status_says_where() {
    let text = "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeHub:\n    enable: [true\n";
    let host = Host::new(text, AGENT);
    let (out, r) = host.run(&[]);
    assert_eq!(out.status.code(), Some(2), "{r}");
    assert_eq!(r["result"], "failed");
    let reason = r["reason"].as_str().unwrap();
    let file = host.edgecore().display().to_string();
    assert!(
        reason.starts_with(&format!("{file}:")) && reason.contains("nothing was written"),
        "{reason}"
    );
    assert!(
        reason[file.len()..].starts_with(":5:") || reason[file.len()..].starts_with(":6:"),
        "line and column: {reason}"
    );
    assert_eq!(std::fs::read_to_string(host.edgecore()).unwrap(), text);
    assert!(!host.path("etc/kubeedge/config/edgecore.yaml.bak").exists());
    assert_eq!(host.restarts(), 0);
    assert_eq!(host.status()["result"], "failed");

    // A malformed agent configuration: also named with its place.
    std::fs::write(host.path("cfg/agent.yaml"), "profiles: [streams-on\n").unwrap();
    let (out, r) = host.run(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(r["reason"].as_str().unwrap().contains("agent.yaml:"), "{r}");
    // An unknown profile.
    std::fs::write(host.path("cfg/agent.yaml"), "profiles: [streams-onn]\n").unwrap();
    let (_, r) = host.run(&[]);
    assert!(
        r["reason"].as_str().unwrap().contains("streams-on"),
        "did you mean: {r}"
    );
}

#[test]
fn an_unwritable_file_is_reported_and_left_alone() {
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/real/edgecore-keadm-1.15-stale.yaml"),
    )
    .unwrap();
    let host = Host::new(&text, AGENT);
    // Root ignores file modes: run the agent as nobody (setpriv, util-linux) when we are root.
    let root = rustix_uid_is_root();
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(host.dir.path(), 0o755);
    for d in ["cfg", "etc", "etc/kubeedge"] {
        mode(&host.path(d), 0o777);
    }
    std::fs::create_dir_all(host.path("var")).unwrap();
    mode(&host.path("var"), 0o777);
    mode(&host.path("cfg/agent.yaml"), 0o644);
    mode(&host.edgecore(), 0o444);
    mode(&host.path("etc/kubeedge/config"), 0o555);
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(common::bin());
        c
    } else {
        Command::new(common::bin())
    };
    let out = cmd
        .args(host.args())
        .env_remove("NODE_NAME")
        .env("EDGECFG_API", "none")
        .output()
        .unwrap();
    mode(&host.path("etc/kubeedge/config"), 0o755);
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(out.status.code(), Some(2), "{r}");
    assert_eq!(r["result"], "failed");
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("nothing was written")
            && reason.to_lowercase().contains("permission denied"),
        "{reason}"
    );
    assert_eq!(std::fs::read_to_string(host.edgecore()).unwrap(), text);
    assert_eq!(host.restarts(), 0);
    assert!(
        !host.path("etc/kubeedge/idempotency_record").exists(),
        "lock released after the failure"
    );
}

fn rustix_uid_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

#[test]
fn the_signal_method_lets_the_supervisor_restart_edgecore() {
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/real/edgecore-keadm-1.15-stale.yaml"),
    )
    .unwrap();
    let host = Host::new(&text, AGENT);
    // Replace the restart-script model by a supervisor loop (systemd's Restart=always).
    let _ = Command::new("kill")
        .arg(std::fs::read_to_string(host.path("pid")).unwrap().trim())
        .status();
    let sup = host.path("supervise");
    std::fs::write(&sup, format!("#!/bin/sh\nwhile :; do \"$(dirname \"$0\")/{}\"; echo start >> \"$(dirname \"$0\")/starts.log\"; sleep 0.3; done\n", host.name)).unwrap();
    std::fs::set_permissions(&sup, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut supervisor = spawn_fresh_script(Command::new(&sup).stderr(std::process::Stdio::null()));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut args = host.args();
    let i = args.iter().position(|a| a == "command").unwrap();
    args[i] = "signal".into();
    let out = Command::new(common::bin())
        .args(&args)
        .env_remove("NODE_NAME")
        .env("EDGECFG_API", "none")
        .output()
        .unwrap();
    let _ = supervisor.kill();
    let _ = supervisor.wait();
    for pid in edgecfg::agent::find_processes(Path::new("/proc"), &host.name) {
        let _ = Command::new("kill").arg(pid.pid.to_string()).status();
    }
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(r["result"], "applied");
    assert!(
        std::fs::read_to_string(host.path("starts.log"))
            .unwrap()
            .lines()
            .count()
            >= 1,
        "the SIGTERM ended the old process"
    );
}

#[test]
fn probe_follows_the_last_run() {
    let host = Host::new(
        "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeHub:\n    enable: true\n",
        AGENT,
    );
    let probe = || {
        Command::new(common::bin())
            .args([
                "agent",
                "--probe",
                "--ready-file",
                &host.path("ready").display().to_string(),
            ])
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(probe(), Some(1), "not ready before a run");
    host.run(&[]);
    assert_eq!(probe(), Some(0));
    std::fs::write(host.edgecore(), "modules: [\n").unwrap();
    host.run(&[]);
    assert_eq!(probe(), Some(1), "a failed run makes the pod not ready");
}

/// A stand-in for the Kubernetes API at its HTTP boundary (no kube-apiserver can be installed
/// from this machine's registries; see the README): it answers GET/PATCH Node and POST Event
/// with responses written by hand in the API's documented shapes, and records every request.
struct FakeApi {
    port: u16,
    requests: Arc<Mutex<Vec<(String, String, String)>>>,
}

impl FakeApi {
    fn start(node: serde_json::Value, patch_status: u16) -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let (method, path) = (
                    parts.next().unwrap_or("").to_owned(),
                    parts.next().unwrap_or("").to_owned(),
                );
                let mut len = 0;
                let mut ctype = String::new();
                loop {
                    let mut h = String::new();
                    reader.read_line(&mut h).unwrap();
                    if h.trim().is_empty() {
                        break;
                    }
                    let lower = h.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap();
                    }
                    if let Some(v) = lower.strip_prefix("content-type:") {
                        ctype = v.trim().to_owned();
                    }
                    if lower.starts_with("authorization:") {
                        ctype.push_str(&format!("[{}]", h.trim()));
                    }
                }
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                let body = String::from_utf8_lossy(&body).into_owned();
                log.lock()
                    .unwrap()
                    .push((method.clone(), path.clone(), format!("{ctype} {body}")));
                let (code, answer) = match method.as_str() {
                    "GET" if path == "/api/v1/nodes" => (200, serde_json::json!({"kind": "NodeList", "items": [node.clone()]}).to_string()),
                    "GET" => (200, node.to_string()),
                    "PATCH" if patch_status != 200 => (
                        patch_status,
                        serde_json::json!({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                            "message": "nodes \"edge-1\" is forbidden: User \"system:serviceaccount:kubeedge:edgecfg-agent\" cannot patch resource \"nodes\"",
                            "reason": "Forbidden", "code": 403}).to_string(),
                    ),
                    "PATCH" => (200, node.to_string()),
                    _ => (201, body.clone()),
                };
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {code} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        FakeApi { port, requests }
    }
}

fn node_object(labels: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": "edge-1", "labels": labels, "annotations": {}},
        "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "EdgeReady"}]}
    })
}

#[test]
fn the_node_is_annotated_and_failures_become_events() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/real/edgecore-1.20-crlf.yaml"))
            .unwrap();
    // cloudAddress per site from a Node label.
    let agent =
        "profiles: [streams-on]\nparamsFromNodeLabels:\n  cloudAddress: example.com/cloudcore\n";
    let api = FakeApi::start(
        node_object(serde_json::json!({"example.com/cloudcore": "198.51.100.7"})),
        200,
    );
    let host = Host::new(&text, agent);
    let base = format!("http://127.0.0.1:{}", api.port);
    let (out, r) = host.run(&[
        "--api",
        "metaserver",
        "--metaserver",
        &base,
        "--ready-timeout",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(r["result"], "applied");
    assert!(r["health"].as_str().unwrap().contains("Node Ready"), "{r}");
    assert_eq!(
        get(&host.edgecore(), "modules.edgeStream.server"),
        "198.51.100.7:10004",
        "the label's value"
    );
    assert!(
        r["api"]
            .as_str()
            .unwrap()
            .starts_with("annotated Node edge-1 through metaServer"),
        "{r}"
    );
    let reqs = api.requests.lock().unwrap().clone();
    let patch = reqs.iter().find(|(m, _, _)| m == "PATCH").expect("a PATCH");
    assert_eq!(patch.1, "/api/v1/nodes/edge-1");
    let (ctype, body) = patch.2.split_once(' ').unwrap();
    assert_eq!(ctype, "application/merge-patch+json");
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    let a = &body["metadata"]["annotations"];
    assert_eq!(a["edgecfg.io/applied"], r["desired"]);
    assert_eq!(a["edgecfg.io/desired"], r["desired"]);
    assert_eq!(a["edgecfg.io/result"], "applied");
    assert!(a["edgecfg.io/reason"].is_null(), "removed on success");
    let event = reqs.iter().find(|(m, _, _)| m == "POST").expect("an Event");
    assert_eq!(event.1, "/api/v1/namespaces/default/events");
    assert!(
        event.2.contains("\"reason\":\"EdgecfgApplied\""),
        "{}",
        event.2
    );

    // A rollback: a Warning Event, no `applied` annotation; a 403 on the PATCH is reported.
    let api = FakeApi::start(
        node_object(serde_json::json!({"example.com/cloudcore": "198.51.100.7"})),
        403,
    );
    let host = Host::new(&text, agent);
    std::fs::write(host.path("crash-if"), "198.51.100.7:10004").unwrap();
    let base = format!("http://127.0.0.1:{}", api.port);
    let (out, r) = host.run(&[
        "--api",
        "metaserver",
        "--metaserver",
        &base,
        "--ready-timeout",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(1), "{r}");
    let said = r["api"].as_str().unwrap();
    assert!(
        said.contains("HTTP 403") && said.contains("cannot patch resource"),
        "{said}"
    );
    assert!(said.contains("Event EdgecfgRolledBack"), "{said}");
    let reqs = api.requests.lock().unwrap().clone();
    let patch: serde_json::Value = serde_json::from_str(
        reqs.iter()
            .find(|(m, _, _)| m == "PATCH")
            .unwrap()
            .2
            .split_once(' ')
            .unwrap()
            .1,
    )
    .unwrap();
    assert!(
        patch["metadata"]["annotations"]
            .get("edgecfg.io/applied")
            .is_none(),
        "{patch}"
    );
    assert_eq!(
        patch["metadata"]["annotations"]["edgecfg.io/result"],
        "rolled-back"
    );
    let event: serde_json::Value = serde_json::from_str(
        reqs.iter()
            .find(|(m, _, _)| m == "POST")
            .unwrap()
            .2
            .split_once(' ')
            .unwrap()
            .1,
    )
    .unwrap();
    assert_eq!(event["type"], "Warning");
    assert_eq!(event["involvedObject"]["kind"], "Node");

    // The label missing on the node: failed before anything is touched.
    let api = FakeApi::start(node_object(serde_json::json!({})), 200);
    let host = Host::new(&text, agent);
    let (out, r) = host.run(&[
        "--api",
        "metaserver",
        "--metaserver",
        &format!("http://127.0.0.1:{}", api.port),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .contains("example.com/cloudcore"),
        "{r}"
    );
    assert_eq!(std::fs::read_to_string(host.edgecore()).unwrap(), text);
}

/// `edgecfg fleet status` and `fleet configupdatejob` (CLI, JSON, exit codes).
#[test]
fn fleet_status_counts_and_lists_the_failures() {
    let node = |name: &str, ready: &str, ann: serde_json::Value| {
        serde_json::json!({"kind": "Node", "metadata": {"name": name, "labels": {"node-role.kubernetes.io/edge": ""}, "annotations": ann},
            "status": {"conditions": [{"type": "Ready", "status": ready}]}})
    };
    let list = serde_json::json!({"kind": "List", "items": [
        node("e1", "True", serde_json::json!({"edgecfg.io/desired": "streams-on@1", "edgecfg.io/applied": "streams-on@1", "edgecfg.io/result": "applied"})),
        node("e2", "True", serde_json::json!({"edgecfg.io/desired": "streams-on@1", "edgecfg.io/result": "rolled-back",
            "edgecfg.io/time": "2026-11-26T05:00:00Z", "edgecfg.io/reason": "edgecore was unhealthy after the change"})),
        node("e3", "False", serde_json::json!({})),
    ]});
    let mut child = Command::new(common::bin())
        .args(["fleet", "status", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        j["counts"],
        serde_json::json!({"applied": 1, "failed": 1, "offline": 1, "pending": 0})
    );
    assert_eq!(
        j["nodes"][1]["reason"],
        "edgecore was unhealthy after the change"
    );
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), "{\"kind\": \"List\",\n  \"items\": [\n}").unwrap();
    let out = Command::new(common::bin())
        .args(["fleet", "status"])
        .arg(bad.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{}:3:", bad.path().display())),
        "{err}"
    );
}

fn cuj(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(common::bin())
        .args(["fleet", "configupdatejob"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn configupdatejob_for_what_it_can_express_and_valid_for_kubeedges_crd() {
    let (code, yaml, err) = cuj(&[
        "-p",
        "streams-on",
        "--param",
        "cloudAddress=192.0.2.10",
        "--kubeedge-version",
        "1.23.1",
        "--nodes",
        "edge-1,edge-2",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("never reaches Completed") && err.contains("zero struct"),
        "the limits are printed: {err}"
    );
    let doc = edgecfg::Document::parse(yaml.as_str()).unwrap();
    let job = doc.value(0).unwrap().to_json().unwrap();
    assert_eq!(
        job["spec"]["updateFields"],
        serde_json::json!({
            "modules.edgeStream.enable": "true",
            "modules.edgeStream.server": "192.0.2.10:10004"
        })
    );
    assert_eq!(
        job["spec"]["nodeNames"],
        serde_json::json!(["edge-1", "edge-2"])
    );
    assert!(yaml.starts_with("# A ConfigUpdateJob made by edgecfg"));
    // KubeEdge's own CRD (the cloudcore chart's crds/) accepts it.
    if let Some(crds) = common::shared("fixtures/charts/cloudcore/crds") {
        let crd = edgecfg::Document::parse(
            std::fs::read_to_string(crds.join("operations_v1alpha2_configupdatejob.yaml")).unwrap(),
        )
        .unwrap();
        let idx = (0..crd.documents().len())
            .find(|i| crd.documents()[*i].root.is_some())
            .unwrap();
        let crd = crd.value(idx).unwrap().to_json().unwrap();
        let mut schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"].clone();
        // Strict: no field the CRD does not declare.
        fn close(s: &mut serde_json::Value) {
            if let Some(props) = s.get_mut("properties").and_then(|p| p.as_object_mut()) {
                for v in props.values_mut() {
                    close(v);
                }
                if s.get("additionalProperties").is_none() {
                    s["additionalProperties"] = serde_json::Value::Bool(false);
                }
            }
            if let Some(items) = s.get_mut("items") {
                close(items);
            }
        }
        close(&mut schema);
        schema["properties"]["metadata"] = serde_json::json!({"type": "object"});
        let v = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = v.iter_errors(&job).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        let mut wrong = job.clone();
        wrong["spec"]["updateField"] = serde_json::json!({});
        assert!(
            !v.is_valid(&wrong),
            "the strict schema rejects an unknown field"
        );
    }
    // A label selector; embedded Edged fields by Go name; strings that look like numbers quoted.
    let dir = tempfile::tempdir().unwrap();
    let prof = dir.path().join("site.yaml");
    std::fs::write(&prof, "name: site\ndescription: site values\noperations:\n  - target: edgecore\n    set:\n      modules.edged.nodeIP: 192.0.2.5\n      modules.edged.tailoredKubeletConfig.clusterDomain: \"1234\"\n").unwrap();
    let (code, yaml, err) = cuj(&[
        "--profile-file",
        prof.to_str().unwrap(),
        "--kubeedge-version",
        "1.22.2",
        "--selector",
        "site=north",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        yaml.contains("    Modules.Edged.NodeIP: 192.0.2.5\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("    modules.edged.tailoredKubeletConfig.clusterDomain: \"\\\"1234\\\"\"\n"),
        "quoted for ParseSet: {yaml}"
    );
    assert!(yaml.contains("matchLabels:\n      site: north"), "{yaml}");
}

#[test]
fn configupdatejob_refuses_what_it_cannot_express() {
    let streams = [
        "-p",
        "streams-on",
        "--param",
        "cloudAddress=192.0.2.10",
        "--nodes",
        "e",
    ];
    for (release, why) in [
        ("1.22.1", "CVE-2026-62182"),
        ("1.23.0", "CVE-2026-62182"),
        ("1.21", "patch release"),
        ("1.20.0", "new in 1.21"),
    ] {
        let mut args = streams.to_vec();
        args.extend(["--kubeedge-version", release]);
        let (code, yaml, err) = cuj(&args);
        assert_eq!(code, Some(2), "{release}");
        assert!(yaml.is_empty(), "{release}: nothing printed");
        assert!(err.contains(why), "{release}: {err}");
    }
    let (code, _, err) = cuj(&[
        "-p",
        "edgemesh",
        "--kubeedge-version",
        "1.23.1",
        "--nodes",
        "e",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("clusterDNS") && err.contains("replace the whole list"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let prof = dir.path().join("bad.yaml");
    std::fs::write(&prof, "name: bad\ndescription: bad\noperations:\n  - target: edgecore\n    set:\n      modules.edged.hostnameOverride: a=b\n  - target: edgecore\n    unset: [modules.edgeHub.quic]\n").unwrap();
    let (code, _, err) = cuj(&[
        "--profile-file",
        prof.to_str().unwrap(),
        "--kubeedge-version",
        "1.23.1",
        "--nodes",
        "e",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("`a=b` contains `,` or `=`"), "{err}");
    assert!(err.contains("cannot remove a key"), "{err}");
    // The agent's configuration: accepted as one value for all, refused with per-node values.
    std::fs::write(dir.path().join("agent.yaml"), AGENT).unwrap();
    let agent_yaml = dir.path().join("agent.yaml").display().to_string();
    let (code, yaml, err) = cuj(&[
        "--agent-config",
        &agent_yaml,
        "--kubeedge-version",
        "1.23.1",
        "--nodes",
        "e",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        yaml.contains("modules.edgeStream.server: 192.0.2.10:10004"),
        "{yaml}"
    );
    assert!(yaml.contains("name: edgecfg-streams-on"), "{yaml}");
    std::fs::write(
        dir.path().join("agent.yaml"),
        format!("{AGENT}nodes:\n  edge-7: {{cloudAddress: 198.51.100.7}}\n"),
    )
    .unwrap();
    let (code, yaml, err) = cuj(&[
        "--agent-config",
        &agent_yaml,
        "--kubeedge-version",
        "1.23.1",
        "--nodes",
        "e",
    ]);
    assert_eq!(code, Some(2));
    assert!(yaml.is_empty());
    assert!(err.contains("`nodes` gives per-node values"), "{err}");
}

/// `fleet status --server`: the Nodes from the API, with a bearer token (HTTP stand-in) and over
/// real TLS (openssl s_server serving a NodeList file, a CA-signed server certificate).
#[test]
fn fleet_status_reads_the_api_over_http_and_tls() {
    let dir = tempfile::tempdir().unwrap();
    let mut node = node_object(serde_json::json!({"node-role.kubernetes.io/edge": ""}));
    node["metadata"]["annotations"] =
        serde_json::json!({"edgecfg.io/desired": "s@1", "edgecfg.io/applied": "s@1"});
    let api = FakeApi::start(node.clone(), 200);
    std::fs::write(dir.path().join("token"), "s3cret\n").unwrap();
    let out = Command::new(common::bin())
        .args([
            "fleet",
            "status",
            "--server",
            &format!("http://127.0.0.1:{}", api.port),
            "--token-file",
        ])
        .arg(dir.path().join("token"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("edge nodes: 1 (applied 1,"));
    let reqs = api.requests.lock().unwrap().clone();
    assert_eq!(reqs[0].1, "/api/v1/nodes");
    assert!(
        reqs[0]
            .2
            .to_ascii_lowercase()
            .contains("[authorization: bearer s3cret]"),
        "{:?}",
        reqs[0]
    );

    let Some(openssl) = common::tool("openssl") else {
        return;
    };
    let run = |args: &[&str]| {
        let o = Command::new(&openssl)
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=test-ca",
        ],
    ]
    .concat());
    run(&[
        &["req"][..],
        &ec,
        &[
            "-keyout",
            "srv.key",
            "-out",
            "srv.csr",
            "-subj",
            "/CN=kube-apiserver",
        ],
    ]
    .concat());
    std::fs::write(
        dir.path().join("ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "srv.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "srv.pem",
        "-days",
        "2",
        "-extfile",
        "ext",
    ]);
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-keyout",
            "o.key",
            "-out",
            "other.pem",
            "-days",
            "2",
            "-subj",
            "/CN=other",
        ],
    ]
    .concat());
    std::fs::create_dir_all(dir.path().join("api/v1")).unwrap();
    std::fs::write(
        dir.path().join("api/v1/nodes"),
        serde_json::json!({"kind": "NodeList", "items": [node]}).to_string(),
    )
    .unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(&openssl)
        .args([
            "s_server",
            "-quiet",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            "srv.pem",
            "-key",
            "srv.key",
            "-WWW",
        ])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status = |ca: &str| {
        let mut last = None;
        for _ in 0..50 {
            let o = Command::new(common::bin())
                .args([
                    "fleet",
                    "status",
                    "--server",
                    &format!("https://127.0.0.1:{port}"),
                    "--ca-file",
                    ca,
                ])
                .current_dir(dir.path())
                .output()
                .unwrap();
            if !String::from_utf8_lossy(&o.stderr).contains("onnection refused") {
                return o;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            last = Some(o);
        }
        last.unwrap()
    };
    let good = status("ca.pem");
    let bad = status("other.pem");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(String::from_utf8_lossy(&good.stdout).starts_with("edge nodes: 1 (applied 1,"));
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("UnknownIssuer"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// The agent killed in the middle of its health check (SIGKILL: no handler runs; SIGTERM: the
/// pod deleted): keadm's lock is not left to block keadm forever, and the next run finishes the
/// job, rolling back when edgecore is unhealthy.
#[test]
fn an_interrupted_run_is_finished_by_the_next_one() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/real/edgecore-1.20-crlf.yaml"))
            .unwrap();
    for signal in ["KILL", "TERM"] {
        let host = Host::new(&text, AGENT);
        std::fs::write(host.path("crash-if"), "192.0.2.10:10004").unwrap();
        let agent = host.spawn_until_restart();
        Command::new("kill")
            .args([format!("-{signal}"), agent.id().to_string()])
            .status()
            .unwrap();
        let mut agent = agent;
        agent.wait().unwrap();
        let lock = host.path("etc/kubeedge/idempotency_record");
        if signal == "TERM" {
            assert!(!lock.exists(), "SIGTERM releases keadm's lock");
        } else {
            let held = std::fs::read_to_string(&lock).unwrap();
            assert!(
                held.starts_with(&format!("edgecfg {} ", agent.id())),
                "{held}"
            );
        }
        assert_eq!(host.status()["result"], "in-progress", "{signal}");
        assert_ne!(std::fs::read_to_string(host.edgecore()).unwrap(), text);

        // The next run takes the dead agent's lock over, finds edgecore crashed, rolls back.
        let (out, r) = host.run(&[]);
        assert_eq!(out.status.code(), Some(1), "{signal}: {r}");
        assert_eq!(r["result"], "rolled-back", "{r}");
        let reason = r["reason"].as_str().unwrap();
        assert!(
            reason.contains("exited") || reason.contains("no `ec-"),
            "{r}"
        );
        assert!(r["health"].as_str().unwrap().contains("restarted"), "{r}");
        assert_eq!(
            std::fs::read(host.edgecore()).unwrap(),
            text.as_bytes(),
            "{signal}: restored byte for byte"
        );
        assert_eq!(host.restarts(), 2);
        assert!(!lock.exists());
    }
    // Interrupted while edgecore is healthy: the next run checks it and reports applied.
    let host = Host::new(&text, AGENT);
    let mut agent = host.spawn_until_restart();
    agent.kill().unwrap();
    agent.wait().unwrap();
    let written = std::fs::read_to_string(host.edgecore()).unwrap();
    let (out, r) = host.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(r["result"], "applied");
    assert!(
        r["health"]
            .as_str()
            .unwrap()
            .starts_with("checked after an interrupted run"),
        "{r}"
    );
    assert_eq!(host.restarts(), 1, "no second restart");
    assert_eq!(std::fs::read_to_string(host.edgecore()).unwrap(), written);
    let (_, r) = host.run(&[]);
    assert_eq!(r["result"], "unchanged");

    // keadm's own (empty) record is never taken over.
    let host = Host::new(&text, AGENT);
    std::fs::write(host.path("etc/kubeedge/idempotency_record"), "").unwrap();
    let (_, r) = host.run(&[]);
    assert_eq!(r["result"], "failed");
    assert!(host.path("etc/kubeedge/idempotency_record").exists());
}

/// `fleet status` over 10,000 nodes into a reader that stops early (`| head`): no panic, no error.
#[test]
fn fleet_status_into_a_closed_pipe() {
    let items: Vec<serde_json::Value> = (0..10_000)
        .map(|i| {
            serde_json::json!({"kind": "Node", "metadata": {"name": format!("edge-{i}"),
                "labels": {"node-role.kubernetes.io/edge": ""}},
                "status": {"conditions": [{"type": "Ready", "status": "Unknown"}]}})
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let nodes = dir.path().join("nodes.json");
    std::fs::write(
        &nodes,
        serde_json::json!({"kind": "List", "items": items}).to_string(),
    )
    .unwrap();
    let mut child = Command::new(common::bin())
        .args(["fleet", "status"])
        .arg(&nodes)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(
        first.starts_with("edge nodes: 10000 (applied 0, failed 0, offline 10000"),
        "{first}"
    );
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        out.status.code(),
        Some(0),
        "a closed pipe is not an error: {err}"
    );
}

/// A status file forged to name another file as the backup: the next run restores the backup
/// it wrote itself (`EDGECORE.bak`), never the file the status names. Before, the forged file
/// was copied over edgecore.yaml.
#[test]
fn a_forged_status_file_cannot_choose_the_backup() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/real/edgecore-1.20-crlf.yaml"))
            .unwrap();
    let host = Host::new(&text, AGENT);
    std::fs::write(host.path("crash-if"), "192.0.2.10:10004").unwrap();
    let mut agent = host.spawn_until_restart();
    agent.kill().unwrap();
    agent.wait().unwrap();
    let forged = host.path("forged.yaml");
    std::fs::write(
        &forged,
        "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\n# forged\n",
    )
    .unwrap();
    let mut status = host.status();
    assert_eq!(status["result"], "in-progress");
    status["backup"] = forged.display().to_string().into();
    std::fs::write(
        host.path("var/lib/edgecfg/status.json"),
        serde_json::to_string(&status).unwrap(),
    )
    .unwrap();
    let (_, r) = host.run(&[]);
    assert_eq!(r["result"], "rolled-back", "{r}");
    assert_eq!(
        std::fs::read(host.edgecore()).unwrap(),
        text.as_bytes(),
        "restored from the agent's own backup"
    );
    assert_ne!(r["backup"], forged.display().to_string(), "{r}");
}

/// The state directory is created 0700, and the ready file is not written through a link.
#[test]
fn the_agents_own_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/real/edgecore-1.20-crlf.yaml"))
            .unwrap();
    let host = Host::new(&text, AGENT);
    let victim = host.path("victim");
    std::fs::write(&victim, "keep\n").unwrap();
    std::os::unix::fs::symlink(&victim, host.path("ready")).unwrap();
    let (out, r) = host.run(&[]);
    assert_eq!(out.status.code(), Some(0), "{r}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep\n");
    assert!(
        !std::fs::symlink_metadata(host.path("ready"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let mode = std::fs::metadata(host.path("var/lib/edgecfg"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "{mode:o}");
}
