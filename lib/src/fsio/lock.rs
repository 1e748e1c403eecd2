//! The edit lock (edgecfg's own, on a directory) and keadm's lock (a record file).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{FsError, fs_err, refused};

/// How long a write waits for the directory's [`EditLock`] unless told otherwise: 10 seconds.
/// Edits take milliseconds; a lock held longer is held by something else than an edit.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(10);

/// An exclusive advisory lock (`flock`) on the directory of a file (after following symbolic
/// links), held until dropped: edgecfg takes it from reading a file to replacing it. Take it
/// with [`super::Target::lock`] (or [`EditLock::acquire`]).
#[derive(Debug)]
pub struct EditLock {
    _dir: fs::File,
}

impl EditLock {
    /// Resolves `path` and takes the lock of its directory, waiting at most
    /// [`DEFAULT_LOCK_WAIT`].
    pub fn acquire(path: &Path) -> Result<EditLock, FsError> {
        super::Target::resolve(path)?.lock(DEFAULT_LOCK_WAIT)
    }

    /// Locks the open directory `dir` (named `dir_path` in messages), polling until `wait`
    /// has passed. A lock still held then is an error naming the holder when `/proc/locks`
    /// tells it.
    pub(super) fn take(
        dir: fs::File,
        dir_path: &Path,
        wait: Duration,
    ) -> Result<EditLock, FsError> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match dir.try_lock() {
                Ok(()) => return Ok(EditLock { _dir: dir }),
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(pause.min(wait.saturating_sub(started.elapsed())));
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let holder = lock_holder(&dir)
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    return Err(refused(
                        dir_path,
                        "lock",
                        format!(
                            "another process{holder} has held the edit lock of this directory for more than {}; nothing was written (edgecfg writers hold it for milliseconds: find the holder with `fuser -v {}`, or wait longer with --lock-timeout)",
                            humantime::format_duration(wait),
                            dir_path.display()
                        ),
                    ));
                }
                Err(fs::TryLockError::Error(e)) => return Err(fs_err(dir_path, "lock")(e)),
            }
        }
    }
}

/// Who holds a `flock` on `dir`: `process 1234 (flock)`, from `/proc/locks` (Linux).
fn lock_holder(dir: &fs::File) -> Option<String> {
    let st = rustix::fs::fstat(dir).ok()?;
    let want = format!(
        "{:02x}:{:02x}:{}",
        rustix::fs::major(st.st_dev),
        rustix::fs::minor(st.st_dev),
        st.st_ino
    );
    let locks = fs::read_to_string("/proc/locks").ok()?;
    let pid: u32 = locks.lines().find_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        // `1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF`
        (words.get(1) == Some(&"FLOCK") && words.get(5) == Some(&want.as_str()))
            .then(|| words.get(4)?.parse().ok())
            .flatten()
    })?;
    let name = proc_stat(Path::new("/proc"), pid).map(|(comm, _, _)| comm);
    Some(match name {
        Some(comm) => format!("process {pid}, `{comm}`"),
        None => format!("process {pid}"),
    })
}

/// Where keadm keeps its lock: `/etc/kubeedge/idempotency_record`, or `$EDGECFG_KEADM_LOCK`.
pub fn keadm_record() -> PathBuf {
    std::env::var_os("EDGECFG_KEADM_LOCK").map_or_else(
        || PathBuf::from("/etc/kubeedge/idempotency_record"),
        Into::into,
    )
}

/// keadm's own lock, taken: `keadm upgrade`, `backup`, `rollback` and `config-update` create
/// `/etc/kubeedge/idempotency_record` while they run and refuse to start while it exists
/// (`idempotency.Occupy`). edgecfg creates it the same way, but exclusively (`O_EXCL`), writes
/// `edgecfg PID STARTTIME` in it, and removes it when dropped (or from
/// [`super::remove_pending`] in a signal handler), so neither side edits `edgecore.yaml` or
/// restarts edgecore while the other one does. A record edgecfg left behind when it was killed
/// (its process is gone) is taken over; keadm's records (empty) are never touched.
#[derive(Debug)]
pub struct KeadmLock {
    path: PathBuf,
}

/// keadm locks held right now, for [`super::remove_pending`].
static HELD: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes the keadm records held (from a signal handler); returns how many.
pub(super) fn release_all() -> usize {
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    let n = held.iter().filter(|p| fs::remove_file(p).is_ok()).count();
    held.clear();
    n
}

impl KeadmLock {
    /// Takes the lock at `path`; `Ok(None)` when someone holds it (the file exists).
    pub fn try_take(path: &Path) -> Result<Option<KeadmLock>, FsError> {
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(mut f) => {
                    use std::io::Write;
                    let me = std::process::id();
                    let _ = writeln!(f, "edgecfg {me} {}", start_time(me).unwrap_or(0));
                    HELD.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(path.to_owned());
                    return Ok(Some(KeadmLock {
                        path: path.to_owned(),
                    }));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if !left_by_dead_edgecfg(path) || fs::remove_file(path).is_err() {
                        return Ok(None);
                    }
                }
                Err(e) => return Err(fs_err(path, "create keadm's lock")(e)),
            }
        }
        Ok(None)
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for KeadmLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        HELD.lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p| p != &self.path);
    }
}

/// `(comm, starttime, state)` of a process from `PROC_ROOT/PID/stat` (fields 2, 22 and 3), on
/// Linux: the start time tells a process from a later one that got the same PID.
pub(crate) fn proc_stat(proc_root: &Path, pid: u32) -> Option<(String, u64, char)> {
    let text = fs::read_to_string(proc_root.join(pid.to_string()).join("stat")).ok()?;
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let mut rest = text[close + 1..].split_whitespace();
    // After the name: state (field 3) … starttime (field 22).
    let state = rest.next()?.chars().next()?;
    let start = rest.nth(18)?.parse().ok()?;
    Some((text[open + 1..close].to_owned(), start, state))
}

/// The start time of process `pid` (clock ticks since boot), on Linux.
pub(super) fn start_time(pid: u32) -> Option<u64> {
    proc_stat(Path::new("/proc"), pid).map(|(_, start, _)| start)
}

/// True when the record says `edgecfg PID STARTTIME` and that process is gone. The record is
/// read as a regular file of at most 4 KiB, without following a link or waiting on a FIFO.
fn left_by_dead_edgecfg(path: &Path) -> bool {
    let Ok(text) = super::read_small(path, 4096) else {
        return false;
    };
    let mut words = text.split_whitespace();
    if words.next() != Some("edgecfg") {
        return false;
    }
    let (Some(Ok(pid)), Some(Ok(start))) = (
        words.next().map(str::parse::<u32>),
        words.next().map(str::parse::<u64>),
    ) else {
        return false;
    };
    start_time(pid) != Some(start)
}
