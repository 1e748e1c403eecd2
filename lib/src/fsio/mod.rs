//! Reading inputs and writing results safely.
//!
//! **Writes** ([`Target`]): the path is resolved once. Its directory is opened then (without
//! following a symbolic link on the way, where the kernel can), and every later step works
//! on that open directory and the file's name in it: the file is opened without following a
//! link, the temporary file is created in that directory, and `renameat` replaces the name
//! there. A name swapped for a symbolic link after it was resolved is refused, never followed.
//! The temporary file is flushed to disk (`fsync`), gets the original's permissions, owner and
//! group (where allowed) and extended attributes (POSIX ACLs and SELinux labels are extended
//! attributes), and replaces the original with one `rename`, so a reader sees either the old
//! or the new file and never a half-written one. A symbolic link given as the path is followed
//! once, when it is resolved: its target is replaced and the link stays a link. A result equal
//! to the current contents is not written at all (the modification time does not change).
//!
//! **Concurrent writers**: [`EditLock`] is an exclusive advisory lock (`flock`) on the target's
//! directory, held from the read to the rename, so edgecfg processes editing files in the same
//! directory take turns and none loses another's update. It is taken with a deadline
//! ([`WriteOptions::lock_wait`], [`DEFAULT_LOCK_WAIT`]): anyone who can read a directory can
//! lock it, and a lock held longer is reported with the holder's process ID, not waited for
//! without end. A writer that does not take the lock (an editor, `cat >`, a config manager) is
//! caught by comparing the file with what was read (device, inode, size, modification and
//! change times, and the bytes) twice: before the temporary file is written, and again right
//! before the rename. A file whose size or times change while it is read is refused as being
//! written. What remains possible: such a writer that replaces the file in the microseconds
//! between the last comparison and the rename loses its change. Writers that take the same lock
//! (`flock DIR command`) never do.
//!
//! **Refused**: anything but a regular file (devices, FIFOs, sockets; reading those only as
//! `-`), a file with several hard links (replacing it would split them), inputs larger than
//! [`max_input`] bytes (counted while reading, whatever the file's size says).

use std::fs;
use std::io::{self, Read};
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
/// files (after following symbolic links) of at most [`max_input`] bytes. A FIFO or device
/// swapped in for the file is refused, not waited on.
pub fn read_text(path: &Path) -> Result<String, FsError> {
    let file = open_regular(path, "read")?;
    let size = file.metadata().map_err(fs_err(path, "read"))?.len();
    utf8(path, read_input(path, file, size)?)
}

/// Opens `path` for reading without blocking (a FIFO would wait for a writer), and refuses it
/// unless it is a regular file.
fn open_regular(path: &Path, action: &'static str) -> Result<fs::File, FsError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(
            (rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY).bits() as i32,
        );
    }
    let file = options.open(path).map_err(fs_err(path, action))?;
    let meta = file.metadata().map_err(fs_err(path, action))?;
    if !meta.is_file() {
        return Err(refused(
            path,
            action,
            "not a regular file (a directory, FIFO, device or socket); pipe it in as `-`".into(),
        ));
    }
    Ok(file)
}

/// Reads an open file to its end, refusing more than [`max_input`] bytes as they are read (a
/// file of `/proc` says it has 0 bytes and may have gigabytes); `size` is what the file says.
fn read_input(path: &Path, file: impl Read, size: u64) -> Result<Vec<u8>, FsError> {
    let limit = max_input();
    let over = |why: String| {
        refused(
            path,
            "read",
            format!("{why} (set EDGECFG_MAX_INPUT to raise it)"),
        )
    };
    if size > limit {
        return Err(over(format!(
            "{size} bytes is more than the limit of {limit}"
        )));
    }
    read_at_most(path, file, size, limit)?
        .ok_or_else(|| over(format!("more than the limit of {limit} bytes")))
}

/// The bytes of `file` when there are at most `cap` (counted while reading; `size`, what the
/// file says, only sizes the buffer); `None` when there are more.
fn read_at_most(
    path: &Path,
    file: impl Read,
    size: u64,
    cap: u64,
) -> Result<Option<Vec<u8>>, FsError> {
    let mut bytes = Vec::with_capacity(size.min(cap) as usize + 1);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(fs_err(path, "read"))?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

/// Reads a small file of edgecfg's own (a status record, a lock record): a regular file,
/// opened without following a symbolic link or waiting on a FIFO, of at most `cap` bytes.
pub fn read_small(path: &Path, cap: u64) -> Result<String, FsError> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY).bits() as i32)
        .open(path)
        .map_err(fs_err(path, "read"))?;
    if !file.metadata().map_err(fs_err(path, "read"))?.is_file() {
        return Err(refused(path, "read", "not a regular file".into()));
    }
    let Some(bytes) = read_at_most(path, file, 0, cap)? else {
        return Err(refused(
            path,
            "read",
            format!("more than {cap} bytes: not a file edgecfg wrote"),
        ));
    };
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

mod lock;
mod target;

pub(crate) use lock::proc_stat;
pub use lock::{DEFAULT_LOCK_WAIT, EditLock, KeadmLock, keadm_record};
pub use target::{Snapshot, Target, write_private, write_replacing};

/// Options for writing a file in place.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    /// Keep the previous contents as `FILE.bak` (next to the name given).
    pub backup: bool,
    /// How long to wait for the directory's [`EditLock`] when the write takes it
    /// ([`DEFAULT_LOCK_WAIT`]).
    pub lock_wait: std::time::Duration,
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions {
            backup: false,
            lock_wait: DEFAULT_LOCK_WAIT,
        }
    }
}

impl WriteOptions {
    /// The defaults, keeping a backup or not.
    pub fn backup(backup: bool) -> WriteOptions {
        WriteOptions {
            backup,
            ..WriteOptions::default()
        }
    }
}

/// What a write did.
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
    n + lock::release_all()
}

/// Replaces `path` with `contents` ([`Target::replace`]) only when it still holds `expected`
/// (what was read): a writer that does not take [`EditLock`] changed it otherwise, and nothing
/// is written. The caller holds the directory's lock, or knows that no edgecfg writer runs.
pub fn write_if_unchanged(
    path: &Path,
    expected: &str,
    contents: &str,
    opts: WriteOptions,
) -> Result<WriteOutcome, FsError> {
    Target::resolve(path)?.replace(Some(&Snapshot::of_text(expected)), contents, opts)
}

/// Atomically replaces the contents of `path` (following a symbolic link once) with
/// `contents`, keeping the file's mode, owner, group and extended attributes. Refuses anything
/// but a regular file, and a file with several hard links.
pub fn write_in_place(
    path: &Path,
    contents: &str,
    opts: WriteOptions,
) -> Result<WriteOutcome, FsError> {
    Target::resolve(path)?.replace(None, contents, opts)
}
#[cfg(test)]
mod tests;
