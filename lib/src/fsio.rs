//! Reading inputs and writing results safely.
//!
//! In-place writes go to a temporary file in the target's directory, are flushed to disk
//! (`fsync`), get the original file's permissions, owner and group (where allowed) and extended
//! attributes (POSIX ACLs and SELinux labels are extended attributes), and then replace the
//! original with one `rename`, so a reader sees either the old or the new file and never a
//! half-written one. A symbolic link is followed: its target is replaced and the link stays a
//! link. A result equal to the current contents is not written at all (the modification time
//! does not change).
//!
//! **Concurrent writers**: [`EditLock`] is an exclusive advisory lock (`flock`) on the target's
//! directory, held from the read to the rename, so edgecfg processes editing files in the same
//! directory take turns and none loses another's update. A writer that does not take the lock
//! (an editor, keadm) is caught before the rename: [`write_if_unchanged`] refuses when the file
//! is no longer what was read.
//!
//! **Refused**: anything but a regular file (devices, FIFOs, sockets; reading those only as `-`),
//! a file with several hard links (replacing it would split them), inputs larger than
//! [`max_input`] bytes.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// An I/O failure, naming the file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {action}: {source}")]
pub struct FsError {
    /// The file involved.
    pub path: PathBuf,
    /// What was being done (`read`, `write`, …).
    pub action: &'static str,
    /// The underlying error.
    #[source]
    pub source: io::Error,
}

fn fs_err<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> FsError + 'a {
    move |source| FsError {
        path: path.to_owned(),
        action,
        source,
    }
}

/// The largest input edgecfg reads: 64 MiB, or `EDGECFG_MAX_INPUT` bytes.
pub fn max_input() -> u64 {
    std::env::var("EDGECFG_MAX_INPUT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64 << 20)
}

fn refused(path: &Path, action: &'static str, why: String) -> FsError {
    FsError {
        path: path.to_owned(),
        action,
        source: io::Error::new(io::ErrorKind::InvalidInput, why),
    }
}

/// Reads a UTF-8 text file, exactly as stored (no line-ending or BOM changes). Only regular
/// files (after following symbolic links) of at most [`max_input`] bytes.
pub fn read_text(path: &Path) -> Result<String, FsError> {
    let meta = fs::metadata(path).map_err(fs_err(path, "read"))?;
    if !meta.is_file() {
        return Err(refused(
            path,
            "read",
            "not a regular file (a directory, FIFO, device or socket); pipe it in as `-`".into(),
        ));
    }
    let limit = max_input();
    if meta.len() > limit {
        return Err(refused(
            path,
            "read",
            format!(
                "{} bytes is more than the limit of {limit} (set EDGECFG_MAX_INPUT to raise it)",
                meta.len()
            ),
        ));
    }
    let bytes = fs::read(path).map_err(fs_err(path, "read"))?;
    utf8(path, bytes)
}

/// The text of `bytes`, or an error that names the encoding found (UTF-16/32 by their byte
/// order mark) or the line and column of the first byte that is not UTF-8.
fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, FsError> {
    let encoding = match bytes.as_slice() {
        [0xFF, 0xFE, 0, 0, ..] => Some("UTF-32 (little-endian)"),
        [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 (big-endian)"),
        [0xFF, 0xFE, ..] => Some("UTF-16 (little-endian)"),
        [0xFE, 0xFF, ..] => Some("UTF-16 (big-endian)"),
        _ => None,
    };
    if let Some(enc) = encoding {
        return Err(refused(
            path,
            "read",
            format!(
                "the text is {enc} (by its byte order mark); KubeEdge and edgecfg read UTF-8: convert it with `iconv -f {} -t UTF-8`",
                if enc.starts_with("UTF-16") {
                    "UTF-16"
                } else {
                    "UTF-32"
                }
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(good);
        let loc = crate::document::Location::of(&text, text.len());
        refused(
            path,
            "read",
            format!(
                "{}:{}: not UTF-8 text (byte 0x{:02x}); KubeEdge and edgecfg read UTF-8",
                loc.line,
                loc.column,
                e.as_bytes()[e.utf8_error().valid_up_to()]
            ),
        )
    })
}

/// Reads all of standard input as UTF-8 text.
pub fn read_stdin() -> Result<String, FsError> {
    // When standard input is a file, read it into a buffer of the right size at once.
    #[cfg(not(unix))]
    let size = 0;
    #[cfg(unix)]
    let size = {
        use std::os::fd::AsFd;
        io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .ok()
            .and_then(|fd| fs::File::from(fd).metadata().ok())
            .filter(|m| m.is_file())
            .map_or(0, |m| m.len() as usize)
    };
    let limit = max_input();
    // A pipe has no size: start at 4 MiB (untouched pages cost nothing), so a Helm render of a
    // few MiB is read without regrowing and copying the buffer.
    let initial = if size == 0 { 4 << 20 } else { size };
    let mut bytes = Vec::with_capacity(initial.min(limit as usize) + 1);
    io::stdin()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(fs_err(Path::new("-"), "read"))?;
    if bytes.len() as u64 > limit {
        return Err(refused(
            Path::new("-"),
            "read",
            format!(
                "standard input is larger than the limit of {limit} bytes (set EDGECFG_MAX_INPUT to raise it)"
            ),
        ));
    }
    utf8(Path::new("-"), bytes)
}

/// Options for [`write_in_place`].
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Keep the previous contents as `FILE.bak` (next to the name given).
    pub backup: bool,
}

/// What [`write_in_place`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// The file already had these contents; nothing was written.
    Unchanged,
    /// The file was replaced.
    Written,
}

/// Temporary files being written right now, for [`remove_pending`].
static PENDING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes the temporary files of writes in progress and releases the [`KeadmLock`]s held: a
/// program embedding edgecfg calls this from its SIGTERM/SIGINT/SIGHUP handler before exiting
/// (the `edgecfg` binary does), so an interrupted write leaves no `.edgecfg-*` file and keadm is
/// not locked out. Returns how many files were removed.
pub fn remove_pending() -> usize {
    let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    let n = pending
        .iter()
        .filter(|p| fs::remove_file(p).is_ok())
        .count();
    pending.clear();
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    let m = held.iter().filter(|p| fs::remove_file(p).is_ok()).count();
    held.clear();
    n + m
}

/// An exclusive advisory lock (`flock`) on the directory of a file (after following symbolic
/// links), held until dropped: edgecfg takes it from reading a file to replacing it.
#[derive(Debug)]
pub struct EditLock {
    _dir: fs::File,
}

impl EditLock {
    /// Waits for and takes the lock for editing `path`.
    pub fn acquire(path: &Path) -> Result<EditLock, FsError> {
        let target = fs::canonicalize(path).map_err(fs_err(path, "resolve"))?;
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let file = fs::File::open(dir).map_err(fs_err(dir, "lock"))?;
        file.lock().map_err(fs_err(dir, "lock"))?;
        Ok(EditLock { _dir: file })
    }
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
/// `edgecfg PID STARTTIME` in it, and removes it when dropped (or from [`remove_pending`] in a
/// signal handler), so neither side edits `edgecore.yaml` or restarts edgecore while the other
/// one does. A record edgecfg left behind when it was killed (its process is gone) is taken
/// over; keadm's records (empty) are never touched.
#[derive(Debug)]
pub struct KeadmLock {
    path: PathBuf,
}

/// keadm locks held right now, for [`remove_pending`].
static HELD: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

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
                    use io::Write;
                    let me = std::process::id();
                    let _ = writeln!(f, "edgecfg {me} {}", start_time(me).unwrap_or(0));
                    HELD.lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(path.to_owned());
                    return Ok(Some(KeadmLock {
                        path: path.to_owned(),
                    }));
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
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

fn start_time(pid: u32) -> Option<u64> {
    proc_stat(Path::new("/proc"), pid).map(|(_, start, _)| start)
}

/// True when the record says `edgecfg PID STARTTIME` and that process is gone.
fn left_by_dead_edgecfg(path: &Path) -> bool {
    let Ok(text) = fs::read_to_string(path) else {
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

/// Removes temporary files (`.edgecfg-*`) that an edgecfg process killed in the middle of a
/// write left in the directory of `path`. Only safe while holding the directory's
/// [`EditLock`]: every edgecfg writer holds it while its temporary file exists, so any such file
/// found then belongs to a process that is gone.
pub fn sweep_debris(_lock: &EditLock, path: &Path) -> Result<usize, FsError> {
    let target = fs::canonicalize(path).map_err(fs_err(path, "resolve"))?;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut removed = 0;
    for entry in fs::read_dir(dir).map_err(fs_err(dir, "list"))?.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(".edgecfg-")
            && entry.file_type().is_ok_and(|t| t.is_file())
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    Ok(removed)
}

/// [`write_in_place`], but only when the file still holds `expected` (what was read): a writer
/// that does not take [`EditLock`] changed it otherwise, and nothing is written.
pub fn write_if_unchanged(
    path: &Path,
    expected: &str,
    contents: &str,
    opts: WriteOptions,
) -> Result<WriteOutcome, FsError> {
    replace(path, contents, opts, Some(expected))
}

/// Atomically replaces the contents of `path` (following symlinks) with `contents`, keeping
/// the file's mode, owner, group and extended attributes. Refuses anything but a regular file,
/// and a file with several hard links.
pub fn write_in_place(
    path: &Path,
    contents: &str,
    opts: WriteOptions,
) -> Result<WriteOutcome, FsError> {
    replace(path, contents, opts, None)
}

/// The write both entry points share: checks the target, reads it once, and (when `expected`
/// is given) refuses if it no longer holds what was read.
fn replace(
    path: &Path,
    contents: &str,
    opts: WriteOptions,
    expected: Option<&str>,
) -> Result<WriteOutcome, FsError> {
    let target = fs::canonicalize(path).map_err(fs_err(path, "resolve"))?;
    let meta = fs::metadata(&target).map_err(fs_err(&target, "stat"))?;
    if !meta.is_file() {
        return Err(refused(
            path,
            "write",
            "not a regular file (a directory, FIFO, device or socket); nothing was written".into(),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(refused(
                path,
                "write",
                format!(
                    "the file has {} hard links; replacing it would leave the other names with the old contents, so nothing was written (edit the file through a single name, or use --stdout)",
                    meta.nlink()
                ),
            ));
        }
    }
    let current = fs::read(&target).map_err(fs_err(&target, "read"))?;
    if expected.is_some_and(|e| current != e.as_bytes()) {
        return Err(refused(
            path,
            "write",
            "the file changed since it was read (another program wrote it); nothing was written, run again".into(),
        ));
    }
    if current == contents.as_bytes() {
        return Ok(WriteOutcome::Unchanged);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    if opts.backup {
        let mut bak = path.as_os_str().to_owned();
        bak.push(".bak");
        let bak = PathBuf::from(bak);
        write_new(&bak, &current, dir, &target, &meta).map_err(fs_err(&bak, "write backup"))?;
    }
    write_new(&target, contents.as_bytes(), dir, &target, &meta)
        .map_err(fs_err(&target, "write"))?;
    Ok(WriteOutcome::Written)
}

/// Writes `bytes` to a new file that replaces `dest`, with the identity of `source` (`meta`).
fn write_new(
    dest: &Path,
    bytes: &[u8],
    dir: &Path,
    source: &Path,
    meta: &fs::Metadata,
) -> io::Result<()> {
    let dest_dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(".edgecfg-")
        .tempfile_in(dest_dir)?;
    let tmp_path = tmp.path().to_owned();
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tmp_path.clone());
    let written = (|| {
        tmp.write_all(bytes)?;
        // A test seam: hold the temporary file open for a while, so tests can interrupt a
        // write in progress (tests/concurrency.rs). Unset in normal use.
        if let Some(ms) = std::env::var("EDGECFG_TEST_WRITE_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        keep_identity(tmp.as_file(), source, meta)?;
        tmp.as_file().sync_all()?;
        tmp.persist(dest).map_err(|e| e.error)
    })();
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| *p != tmp_path);
    written?;
    // Make the rename durable too (best effort: not every platform can open a directory).
    if let Ok(d) = fs::File::open(dest_dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Gives `file` the permissions, owner, group and extended attributes of `source` (`like` is
/// its metadata).
fn keep_identity(file: &fs::File, source: &Path, like: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Owner and group first: changing them can clear set-id bits, which the mode restores.
        match std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid())) {
            Ok(()) => {}
            // Not root: a user can only give files to themselves; keep what we can.
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                let _ = std::os::unix::fs::fchown(file, None, Some(like.gid()));
            }
            Err(e) => return Err(e),
        }
    }
    file.set_permissions(like.permissions())?;
    #[cfg(unix)]
    if let Ok(names) = xattr::list(source) {
        for name in names {
            if let Ok(Some(value)) = xattr::get(source, &name) {
                // Best effort: a namespace the process may not write (trusted.*) is skipped.
                let _ = xattr::FileExt::set_xattr(file, &name, &value);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.yaml");
        fs::write(&p, "a: 1\n").unwrap();
        let before = fs::metadata(&p).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(
            write_in_place(&p, "a: 1\n", WriteOptions::default()).unwrap(),
            WriteOutcome::Unchanged
        );
        assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), before);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_and_permissions_and_backup() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        let link = dir.path().join("link.yaml");
        fs::write(&real, "a: 1\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let out = write_in_place(&link, "a: 2\n", WriteOptions { backup: true }).unwrap();
        assert_eq!(out, WriteOutcome::Written);
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "a: 2\n");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("link.yaml.bak")).unwrap(),
            "a: 1\n"
        );
    }

    #[test]
    fn a_file_changed_by_another_writer_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.yaml");
        fs::write(&p, "a: 1\n").unwrap();
        let read = read_text(&p).unwrap();
        fs::write(&p, "a: 1\nb: 2\n").unwrap(); // an editor or keadm, without the lock
        let err = write_if_unchanged(&p, &read, "a: 3\n", WriteOptions::default()).unwrap_err();
        assert!(
            err.to_string().contains("changed since it was read"),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&p).unwrap(), "a: 1\nb: 2\n");
    }
}
