//! Restarting edgecore and checking that it stays up: processes are found by name in `/proc`
//! (the host's, with `hostPID: true`) and told apart by PID and start time.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How the agent restarts edgecore after writing its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestartMethod {
    /// `nsenter -t 1 -m -u -i -n -p -- systemctl restart UNIT`: runs the host's systemctl in
    /// the host's namespaces. Needs `hostPID: true` and a privileged container.
    Systemctl {
        /// The systemd unit (`edgecore`).
        unit: String,
    },
    /// SIGTERM to the process of that name that reads this edgecore.yaml
    /// ([`HealthCheck::config`]); systemd (`Restart=always` in KubeEdge's `edgecore.service`)
    /// starts it again. Needs `hostPID: true`, `CAP_KILL` and, to tell several edgecores
    /// apart, `CAP_SYS_PTRACE` (reading `/proc/PID/root`).
    Signal,
    /// A program and its arguments, run as given (no shell).
    Command(Vec<String>),
    /// Do not restart: the change takes effect at edgecore's next start.
    Never,
}

impl RestartMethod {
    /// The method named `name` (`systemctl`, `signal`, `command`, `none`); `command` takes the
    /// program and its arguments, `systemctl` the unit.
    pub fn parse(name: &str, unit: &str, command: &[String]) -> Result<RestartMethod, String> {
        match name {
            "systemctl" => Ok(RestartMethod::Systemctl {
                unit: unit.to_owned(),
            }),
            "signal" => Ok(RestartMethod::Signal),
            "command" if command.is_empty() => {
                Err("the `command` restart method needs --restart-command PROGRAM [ARG…]".into())
            }
            "command" => Ok(RestartMethod::Command(command.to_vec())),
            "none" => Ok(RestartMethod::Never),
            other => Err(format!(
                "unknown restart method `{other}` (systemctl, signal, command or none)"
            )),
        }
    }
}

/// How edgecore's health is judged after a restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCheck {
    /// The process name (`/proc/PID/comm`, at most 15 bytes compared): `edgecore`.
    pub process: String,
    /// Where the process table is (`/proc`).
    pub proc_root: PathBuf,
    /// How long the new process may take to appear.
    pub start_timeout: Duration,
    /// How long the same process must then stay up.
    pub stable_for: Duration,
    /// How long a restart command may run.
    pub command_timeout: Duration,
    /// edgecore.yaml as this process sees it. When set, only the processes that read this very
    /// file (the same device and inode through `/proc/PID/root`, whatever path each one names)
    /// are signalled and watched: a host can run several edgecores (tests, staged upgrades),
    /// and with `hostPID` the agent sees them all.
    pub config: Option<PathBuf>,
}

impl Default for HealthCheck {
    fn default() -> HealthCheck {
        HealthCheck {
            process: "edgecore".into(),
            proc_root: PathBuf::from("/proc"),
            start_timeout: Duration::from_secs(60),
            stable_for: Duration::from_secs(30),
            command_timeout: Duration::from_secs(120),
            config: None,
        }
    }
}

/// One process: its PID and start time (clock ticks after boot), so a reused PID is not
/// mistaken for the same process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcId {
    /// The PID.
    pub pid: u32,
    /// `starttime` from `/proc/PID/stat`.
    pub start: u64,
}

/// The live (not zombie) processes whose name is `name`.
pub fn find(proc_root: &Path, name: &str) -> Vec<ProcId> {
    let want = &name.as_bytes()[..name.len().min(15)];
    let Ok(dir) = std::fs::read_dir(proc_root) else {
        return Vec::new();
    };
    let mut found: Vec<ProcId> = dir
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let (comm, id, state) = stat(proc_root, pid)?;
            (comm.as_bytes() == want && state != 'Z' && state != 'X').then_some(id)
        })
        .collect();
    found.sort_by_key(|p| p.pid);
    found
}

/// The processes named `check.process` that read `check.config` (all of them without one).
/// A process whose configuration cannot be told (no access to its `/proc/PID/root`) is kept
/// only when no process is known to read the file; [`restart_and_check`] refuses to signal
/// several such processes.
pub fn find_for(check: &HealthCheck) -> Vec<ProcId> {
    let all = find(&check.proc_root, &check.process);
    let Some(config) = &check.config else {
        return all;
    };
    let Some(ours) = file_id(config) else {
        return all;
    };
    let judged: Vec<(ProcId, Option<bool>)> = all
        .into_iter()
        .map(|p| (p, reads(&check.proc_root, p.pid, ours)))
        .collect();
    if judged.iter().any(|(_, r)| *r == Some(true)) {
        return judged
            .into_iter()
            .filter(|(_, r)| *r == Some(true))
            .map(|(p, _)| p)
            .collect();
    }
    judged
        .into_iter()
        .filter(|(_, r)| r.is_none())
        .map(|(p, _)| p)
        .collect()
}

fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Whether process `pid` reads the file `ours` (device, inode) as its `--config` (edgecore's
/// default `/etc/kubeedge/config/edgecore.yaml` without one), resolved in its own mount
/// namespace through `/proc/PID/root` (and `/proc/PID/cwd` for a relative path). `None` when
/// that cannot be seen (no access: `CAP_SYS_PTRACE`, or the path does not resolve). A process
/// that is exiting (its memory, then its root, already gone) reads nothing: `Some(false)`. Taking it for "cannot tell"
/// once made an agent on a running KubeEdge watch the neighbour edgecore that another agent
/// was restarting, and roll back a good change.
fn reads(proc_root: &Path, pid: u32, ours: (u64, u64)) -> Option<bool> {
    use std::io::ErrorKind;
    let gone = |e: &std::io::Error| {
        matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
            || e.raw_os_error() == Some(3) // ESRCH
    };
    let dir = proc_root.join(pid.to_string());
    let cmdline = match std::fs::read(dir.join("cmdline")) {
        Ok(c) => c,
        Err(e) if gone(&e) => return Some(false),
        Err(_) => return None,
    };
    if cmdline.is_empty() {
        // a zombie or an exiting process
        return Some(false);
    }
    let args: Vec<String> = cmdline
        .split(|b| *b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let named = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--config=")
            .map(str::to_owned)
            .or_else(|| (a == "--config").then(|| args.get(i + 1).cloned())?)
    });
    let path = named.unwrap_or_else(|| "/etc/kubeedge/config/edgecore.yaml".to_owned());
    let seen = match path.strip_prefix('/') {
        Some(abs) => dir.join("root").join(abs),
        None => dir.join("cwd").join(&path),
    };
    match std::fs::metadata(&seen) {
        Ok(m) => Some(same_file(&m, ours)),
        // The kernel drops a process's memory (its command line reads empty) before its root
        // and cwd: with the root gone and the command line empty, the process is exiting.
        // A live process whose path does not resolve stays "cannot tell".
        Err(e) if gone(&e) && exiting(&dir) => Some(false),
        Err(_) => None,
    }
}

/// Whether the process of `/proc/PID` is gone or exiting (its command line reads empty).
fn exiting(dir: &Path) -> bool {
    std::fs::read(dir.join("cmdline")).map_or(true, |c| c.is_empty())
}

#[cfg(unix)]
fn same_file(m: &std::fs::Metadata, ours: (u64, u64)) -> bool {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino()) == ours
}

#[cfg(not(unix))]
fn same_file(_m: &std::fs::Metadata, _ours: (u64, u64)) -> bool {
    false
}

/// `(comm, id, state)` of a PID from `/proc/PID/stat`.
fn stat(proc_root: &Path, pid: u32) -> Option<(String, ProcId, char)> {
    crate::fsio::proc_stat(proc_root, pid)
        .map(|(comm, start, state)| (comm, ProcId { pid, start }, state))
}

fn alive(proc_root: &Path, id: ProcId) -> bool {
    stat(proc_root, id.pid).is_some_and(|(_, now, state)| now == id && state != 'Z' && state != 'X')
}

/// Restarts edgecore with `method` and waits until a new process is up and has stayed up for
/// `check.stable_for`. `Ok` describes what happened; `Err` says why edgecore is not healthy.
pub fn restart_and_check(method: &RestartMethod, check: &HealthCheck) -> Result<String, String> {
    let before = find_for(check);
    let name = &check.process;
    match method {
        RestartMethod::Never => return Ok("not restarted (restart method `none`)".into()),
        RestartMethod::Signal if before.is_empty() => {
            // Nothing to signal: edgecore is between two starts of its supervisor (a crash
            // loop: seen on a running KubeEdge when the agent rolled back a configuration that
            // made it exit) or not running at all. The file is already written, so the next
            // start reads it; wait for one that stays up (the first may still have read the
            // previous file and exit).
            return settle(check).map_err(|e| {
                format!(
                    "{e}; no process named `{name}`{} was running to signal (is the pod's hostPID on, and is edgecore supervised, systemd Restart=always?)",
                    check
                        .config
                        .as_ref()
                        .map_or(String::new(), |c| format!(" reading {}", c.display()))
                )
            });
        }
        RestartMethod::Signal => {
            if before.len() > 1
                && let Some(config) = &check.config
            {
                let pids: Vec<String> = before.iter().map(|p| p.pid.to_string()).collect();
                return Err(format!(
                    "{} processes named `{name}` (pids {}) and which of them reads {} cannot be told (their /proc/PID/root is not readable: CAP_SYS_PTRACE); nothing was signalled",
                    before.len(),
                    pids.join(", "),
                    config.display()
                ));
            }
            for p in &before {
                signal_term(p.pid)
                    .map_err(|e| format!("SIGTERM to {name} (pid {}): {e}", p.pid))?;
            }
        }
        RestartMethod::Systemctl { unit } => {
            let argv: Vec<String> = std::iter::once(nsenter())
                .chain(
                    ["-t", "1", "-m", "-u", "-i", "-n", "-p", "--"]
                        .iter()
                        .map(|s| (*s).to_owned()),
                )
                .chain(["systemctl".into(), "restart".into(), unit.clone()])
                .collect();
            run(&argv, check.command_timeout)?;
        }
        RestartMethod::Command(argv) => run(argv, check.command_timeout)?,
    }
    let (new, up) = wait_stable(check, &before)?;
    let old = before
        .first()
        .map_or("not running".to_owned(), |p| format!("pid {}", p.pid));
    Ok(format!(
        "{name} restarted ({old} → pid {}), up for {} s",
        new.pid,
        up.as_secs()
    ))
}

/// Waits for a process that stays up, while the ones that exit are replaced (by edgecore's
/// supervisor), for up to the start timeout.
fn settle(check: &HealthCheck) -> Result<String, String> {
    let started = Instant::now();
    loop {
        let attempt = HealthCheck {
            start_timeout: check.start_timeout.saturating_sub(started.elapsed()),
            ..check.clone()
        };
        // an exited process is never found again (PID and start time do not come back)
        match wait_stable(&attempt, &[]) {
            Ok((p, up)) => {
                return Ok(format!(
                    "{} was not running; started by its supervisor (pid {}), up for {} s",
                    check.process,
                    p.pid,
                    up.as_secs()
                ));
            }
            Err(e) if started.elapsed() >= check.start_timeout => return Err(e),
            Err(_) => {}
        }
    }
}

/// Checks edgecore without restarting it: a process of that name must be up (or come up within
/// the start timeout) and stay up for `check.stable_for`.
pub fn check_running(check: &HealthCheck) -> Result<String, String> {
    let (p, up) = wait_stable(check, &[])?;
    Ok(format!(
        "{} (pid {}) up for {} s",
        check.process,
        p.pid,
        up.as_secs()
    ))
}

/// Waits for a process named `check.process` that is not one of `before`, then for it to stay
/// up `check.stable_for`.
fn wait_stable(check: &HealthCheck, before: &[ProcId]) -> Result<(ProcId, Duration), String> {
    let name = &check.process;
    let started = Instant::now();
    let new = loop {
        if let Some(p) = find_for(check).into_iter().find(|p| !before.contains(p)) {
            break p;
        }
        if started.elapsed() >= check.start_timeout {
            return Err(format!(
                "no {}`{name}` process within {} s{}",
                if before.is_empty() { "" } else { "new " },
                check.start_timeout.as_secs(),
                if before.is_empty() {
                    ""
                } else {
                    " of the restart"
                }
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let up = Instant::now();
    while up.elapsed() < check.stable_for {
        if !alive(&check.proc_root, new) {
            return Err(format!(
                "{name} (pid {}) exited {:.1} s after it started",
                new.pid,
                up.elapsed().as_secs_f64()
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok((new, check.stable_for))
}

#[cfg(unix)]
fn signal_term(pid: u32) -> std::io::Result<()> {
    let pid =
        rustix::process::Pid::from_raw(pid as i32).ok_or_else(|| std::io::Error::other("PID 0"))?;
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).map_err(Into::into)
}

#[cfg(not(unix))]
fn signal_term(_pid: u32) -> std::io::Result<()> {
    Err(std::io::Error::other("signals are Unix only"))
}

/// The most of a restart command's standard error kept for the report.
const STDERR_KEPT: usize = 4096;

/// Runs `argv` without a shell, in a process group of its own; an error when it cannot start,
/// fails or times out. Its standard error is read while it runs (a command writing more than a
/// pipe holds must not block), and the first [`STDERR_KEPT`] bytes are kept. At the deadline the
/// whole group is killed, so a grandchild holding the pipe does not outlive it; after the
/// command exits, a grandchild still holding standard error is not waited for.
fn run(argv: &[String], timeout: Duration) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    let shown = argv.join(" ");
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("`{shown}` could not start: {e}"))?;
    let (tx, rx) = std::sync::mpsc::channel();
    if let Some(mut pipe) = child.stderr.take() {
        std::thread::spawn(move || {
            use std::io::Read;
            let mut kept = Vec::new();
            let mut buf = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let room = STDERR_KEPT.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
            let _ = tx.send(kept);
        });
    }
    let group = rustix::process::Pid::from_raw(child.id() as i32);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                if let Some(g) = group {
                    let _ = rustix::process::kill_process_group(g, rustix::process::Signal::KILL);
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`{shown}` did not finish within {} s (its process group was killed)",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("`{shown}`: {e}")),
        }
    };
    if status.success() {
        return Ok(());
    }
    let kept = rx.recv_timeout(Duration::from_secs(1)).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&kept);
    let stderr = stderr.trim();
    Err(format!(
        "`{shown}` failed ({status}){}",
        if stderr.is_empty() {
            String::new()
        } else if kept.len() >= STDERR_KEPT {
            format!(": {stderr} …")
        } else {
            format!(": {stderr}")
        }
    ))
}

/// `nsenter` from the system's own directories, never from `PATH` (which a pod's environment
/// sets).
fn nsenter() -> String {
    [
        "/usr/bin/nsenter",
        "/bin/nsenter",
        "/usr/sbin/nsenter",
        "/sbin/nsenter",
    ]
    .into_iter()
    .find(|p| Path::new(p).is_file())
    .unwrap_or("/usr/bin/nsenter")
    .to_owned()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn finds_itself_by_name_and_start_time() {
        let me = std::process::id();
        let (comm, id, state) = stat(Path::new("/proc"), me).unwrap();
        assert_eq!(id.pid, me);
        assert!(state == 'R' || state == 'S', "{state}");
        assert!(find(Path::new("/proc"), &comm).contains(&id));
        assert!(alive(Path::new("/proc"), id));
        assert!(!alive(
            Path::new("/proc"),
            ProcId {
                pid: me,
                start: id.start + 1
            }
        ));
    }

    #[test]
    fn only_the_process_reading_this_config_is_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        // two processes of one name (`sh`), each with `--config FILE` on its command line
        let spawn = |cfg: &Path| {
            Command::new("sh")
                .args(["-c", "sleep 30; :", "x", "--config"])
                .arg(cfg)
                .spawn()
                .unwrap()
        };
        let (mut pa, mut pb) = (spawn(&a), spawn(&b));
        std::thread::sleep(Duration::from_millis(300));
        let check = |cfg: &Path| HealthCheck {
            process: "sh".into(),
            config: Some(cfg.to_path_buf()),
            ..HealthCheck::default()
        };
        let mine = |cfg: &Path| -> Vec<u32> {
            find_for(&check(cfg))
                .into_iter()
                .map(|p| p.pid)
                .filter(|p| *p == pa.id() || *p == pb.id())
                .collect()
        };
        let (ra, rb) = (mine(&a), mine(&b));
        let _ = pa.kill();
        let _ = pb.kill();
        let _ = pa.wait();
        let _ = pb.wait();
        assert_eq!(ra, vec![pa.id()]);
        assert_eq!(rb, vec![pb.id()]);
    }

    #[test]
    fn an_exiting_process_is_not_taken_for_one_that_cannot_be_told() {
        // a /proc of two edgecores: 100 reads our file, 200 is exiting (its root is gone)
        let dir = tempfile::tempdir().unwrap();
        let host = dir.path().join("host");
        std::fs::create_dir_all(host.join("etc")).unwrap();
        let ours = host.join("etc/edgecore.yaml");
        std::fs::write(&ours, "x").unwrap();
        let proc_root = dir.path().join("proc");
        for (pid, root) in [(100, host.clone()), (200, dir.path().join("gone"))] {
            let d = proc_root.join(pid.to_string());
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(
                d.join("stat"),
                format!("{pid} (edgecore) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 {pid}0 0 0"),
            )
            .unwrap();
            std::fs::write(
                d.join("cmdline"),
                "edgecore\0--config\0/etc/edgecore.yaml\0",
            )
            .unwrap();
            std::os::unix::fs::symlink(&root, d.join("root")).unwrap();
        }
        let check = HealthCheck {
            proc_root: proc_root.clone(),
            config: Some(ours.clone()),
            ..HealthCheck::default()
        };
        let id = file_id(&ours).unwrap();
        assert_eq!(reads(&proc_root, 100, id), Some(true));
        // 200 is live but its path does not resolve: cannot tell
        assert_eq!(reads(&proc_root, 200, id), None);
        let pids = |c: &HealthCheck| find_for(c).iter().map(|p| p.pid).collect::<Vec<_>>();
        assert_eq!(pids(&check), vec![100]);
        // 200 exits: its memory goes first (an empty command line), then its root
        std::fs::write(proc_root.join("200/cmdline"), "").unwrap();
        assert_eq!(reads(&proc_root, 200, id), Some(false));
        // ours between two starts: the exiting neighbour is not taken for ours
        std::fs::remove_dir_all(proc_root.join("100")).unwrap();
        assert_eq!(pids(&check), Vec::<u32>::new());
    }

    #[test]
    fn a_failing_command_reports_its_stderr() {
        let argv = ["sh", "-c", "echo broken >&2; exit 3"].map(String::from);
        let e = run(&argv, Duration::from_secs(5)).unwrap_err();
        assert!(e.contains("broken") && e.contains('3'), "{e}");
        let e = run(&["/nonexistent/x".to_owned()], Duration::from_secs(5)).unwrap_err();
        assert!(e.contains("could not start"), "{e}");
    }

    /// A command that writes more to standard error than a pipe holds does not block, and a
    /// working restart is reported as working.
    #[test]
    fn much_output_on_stderr_does_not_block() {
        let argv = [
            "sh",
            "-c",
            "head -c 300000 /dev/zero | tr '\\0' x >&2; exit 0",
        ]
        .map(String::from);
        let started = Instant::now();
        run(&argv, Duration::from_secs(20)).unwrap();
        assert!(started.elapsed() < Duration::from_secs(10));
        let argv = [
            "sh",
            "-c",
            "head -c 300000 /dev/zero | tr '\\0' x >&2; exit 4",
        ]
        .map(String::from);
        let e = run(&argv, Duration::from_secs(20)).unwrap_err();
        assert!(e.len() < STDERR_KEPT + 200, "capped: {} bytes", e.len());
    }

    /// A grandchild holding standard error does not keep `run` waiting after the command
    /// exits, and at the deadline the whole process group is killed.
    #[test]
    fn grandchildren_neither_block_nor_outlive_the_deadline() {
        let argv = ["sh", "-c", "sleep 30 >&2 & echo failed >&2; exit 1"].map(String::from);
        let started = Instant::now();
        let e = run(&argv, Duration::from_secs(20)).unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert!(e.contains("failed"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let script = format!("sleep 30 & echo $! > {}; wait", pid_file.display());
        let argv = ["sh".to_owned(), "-c".to_owned(), script];
        let e = run(&argv, Duration::from_millis(500)).unwrap_err();
        assert!(e.contains("did not finish"), "{e}");
        let pid: u32 = std::fs::read_to_string(&pid_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let state = crate::fsio::proc_stat(Path::new("/proc"), pid).map(|(_, _, s)| s);
        assert!(
            matches!(state, None | Some('Z')),
            "the grandchild {pid} still runs: {state:?}"
        );
    }
}
