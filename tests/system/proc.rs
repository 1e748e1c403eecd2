//! Processes of a running system: started in its namespaces, tracked by their `Child`, stopped
//! by PID only while it is still that child; and edgecore's supervisor, which restarts it like
//! systemd's `Restart=always` (`RestartSec=2`), as real edge nodes run it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Runs a command to completion; its output, or an error naming the command and its stderr.
pub fn run(argv: &[&str]) -> Result<String, String> {
    let out = Command::new(argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", argv[0]))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        // What the command said first (observations keep the start), then which command.
        Err(format!(
            "{}{} [`{}`: {}]",
            String::from_utf8_lossy(&out.stderr).trim(),
            String::from_utf8_lossy(&out.stdout).trim(),
            argv.join(" "),
            out.status,
        ))
    }
}

/// [`run`], panicking with the error: for set-up steps that must not fail.
pub fn must(argv: &[&str]) -> String {
    run(argv).unwrap_or_else(|e| panic!("{e}"))
}

/// Sends a signal by PID (`kill -SIG PID`; the tests have no unsafe code).
pub fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

fn log_file(path: &Path) -> File {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn spawn(argv: &[String], log: &Path) -> Child {
    let out = log_file(log);
    let err = out.try_clone().expect("log file");
    Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        // Its own process group: a Ctrl-C at the test's terminal reaches the test, whose
        // teardown then stops everything in order.
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", argv[0]))
}

/// A daemon of the system (etcd, kube-apiserver, cloudcore, containerd, …).
pub struct Proc {
    /// Its name in logs and messages.
    pub name: String,
    /// Its log file.
    pub log: PathBuf,
    argv: Vec<String>,
    child: Child,
}

impl Proc {
    /// Starts `argv` (usually `nsenter … -- BINARY ARGS`; nsenter execs, so the child is the
    /// daemon itself) with its output appended to `log`.
    pub fn start(name: &str, argv: Vec<String>, log: PathBuf) -> Proc {
        let child = spawn(&argv, &log);
        Proc {
            name: name.to_owned(),
            log,
            argv,
            child,
        }
    }

    /// Its PID.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether it still runs (a zombie is reaped, not counted).
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// SIGTERM, up to `grace`, then SIGKILL; reaped either way.
    pub fn stop(&mut self, grace: Duration) {
        stop_child(&mut self.child, grace);
    }

    /// Stops it and starts the same command again (same log, appended).
    pub fn restart(&mut self) {
        self.stop(Duration::from_secs(20));
        let _ = writeln!(log_file(&self.log), "==== edgecfg system test: restarted");
        self.child = spawn(&self.argv, &self.log);
    }
}

fn stop_child(child: &mut Child, grace: Duration) {
    if !matches!(child.try_wait(), Ok(None)) {
        return;
    }
    signal(child.id(), "TERM");
    let end = Instant::now() + grace;
    while Instant::now() < end {
        if !matches!(child.try_wait(), Ok(None)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// What the supervisor saw of edgecore.
#[derive(Debug, Default, Clone)]
pub struct Runs {
    /// The PID of the run in progress, if one is running.
    pub pid: Option<u32>,
    /// How many times it was started.
    pub starts: u32,
    /// When the current run started.
    pub since: Option<Instant>,
    /// Each run's end: its exit status as text.
    pub exits: Vec<String>,
    /// The byte offset in the log where each run's output starts.
    pub log_offsets: Vec<u64>,
}

/// edgecore under a restart loop (systemd's `Restart=always`, 2 s apart).
pub struct Supervised {
    /// Its log (every run appended, each after a `==== start #N` line).
    pub log: PathBuf,
    state: Arc<Mutex<Runs>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Supervised {
    /// Starts `argv` and keeps it running.
    pub fn start(argv: Vec<String>, log: PathBuf) -> Supervised {
        let state = Arc::new(Mutex::new(Runs::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, sp, lg) = (state.clone(), stop.clone(), log.clone());
        let thread = std::thread::spawn(move || {
            while !sp.load(Ordering::SeqCst) {
                let offset = std::fs::metadata(&lg).map(|m| m.len()).unwrap_or(0);
                let n = st.lock().unwrap().starts + 1;
                let _ = writeln!(log_file(&lg), "==== start #{n}");
                let mut child = spawn(&argv, &lg);
                {
                    let mut s = st.lock().unwrap();
                    s.pid = Some(child.id());
                    s.starts = n;
                    s.since = Some(Instant::now());
                    s.log_offsets.push(offset);
                }
                let status = loop {
                    if sp.load(Ordering::SeqCst) {
                        stop_child(&mut child, Duration::from_secs(15));
                        break child.wait().map(|s| s.to_string()).unwrap_or_default();
                    }
                    if let Ok(Some(status)) = child.try_wait() {
                        break status.to_string();
                    }
                    std::thread::sleep(Duration::from_millis(50));
                };
                {
                    let mut s = st.lock().unwrap();
                    s.pid = None;
                    s.since = None;
                    s.exits.push(status.clone());
                }
                let _ = writeln!(log_file(&lg), "==== exited: {status}");
                // RestartSec=2
                for _ in 0..40 {
                    if sp.load(Ordering::SeqCst) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        });
        Supervised {
            log,
            state,
            stop,
            thread: Some(thread),
        }
    }

    /// What it saw so far.
    pub fn runs(&self) -> Runs {
        self.state.lock().unwrap().clone()
    }

    /// SIGTERM to the running edgecore (the supervisor starts it again 2 s later).
    pub fn kill_current(&self) {
        if let Some(pid) = self.state.lock().unwrap().pid {
            signal(pid, "TERM");
        }
    }

    /// Restarts edgecore and waits until the new run has started; the new run's number.
    pub fn restart(&self) -> u32 {
        let before = self.runs().starts;
        self.kill_current();
        let end = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            let r = self.runs();
            if r.starts > before && r.pid.is_some() {
                return r.starts;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("edgecore was not started again within 30 s");
    }

    /// The output of run `n` (1-based) and the runs after it.
    pub fn log_since(&self, n: u32) -> String {
        let offset = self
            .runs()
            .log_offsets
            .get(n.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0);
        let all = std::fs::read(&self.log).unwrap_or_default();
        String::from_utf8_lossy(&all[(offset as usize).min(all.len())..]).into_owned()
    }

    /// Stops the loop and edgecore.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Supervised {
    fn drop(&mut self) {
        self.stop();
    }
}
