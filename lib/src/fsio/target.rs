//! A file to replace, resolved once: its directory held open, its name in it.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Write};
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rustix::fs::{AtFlags, FileType, Mode, OFlags, Stat};

use super::{EditLock, FsError, PENDING, WriteOptions, WriteOutcome, fs_err, refused};

/// A file to be replaced, resolved once ([`Target::resolve`]): the directory it is in is held
/// open, and every later step (the lock, reads, the temporary file, the rename) works on that
/// directory and the file's name in it. Swapping the name for a symbolic link, or the
/// directory for another one, after this does not redirect the write.
#[derive(Debug)]
pub struct Target {
    given: PathBuf,
    dir_path: PathBuf,
    dir: OwnedFd,
    name: OsString,
}

/// What was read from a [`Target`]: the text, and the identity of the file it came from
/// (device, inode, size, modification and change times), compared again before the write.
#[derive(Debug, Clone)]
pub struct Snapshot {
    text: String,
    id: Option<FileId>,
}

/// The identity and state of a file, as `stat` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
    size: i64,
    mtime: (i64, u64),
    ctime: (i64, u64),
}

impl FileId {
    fn of(st: &Stat) -> FileId {
        FileId {
            dev: st.st_dev,
            ino: st.st_ino,
            size: st.st_size,
            mtime: (st.st_mtime, st.st_mtime_nsec),
            ctime: (st.st_ctime, st.st_ctime_nsec),
        }
    }
}

impl Snapshot {
    /// A snapshot of text read some other way: only the bytes are compared before a write.
    pub fn of_text(text: &str) -> Snapshot {
        Snapshot {
            text: text.to_owned(),
            id: None,
        }
    }

    /// The text read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text read, owned.
    pub fn into_text(self) -> String {
        self.text
    }
}

const CHANGED: &str =
    "the file changed since it was read (another program wrote it); nothing was written, run again";

impl Target {
    /// Resolves `path` (following symbolic links, once) and opens its directory. On Linux the
    /// directory is opened with `RESOLVE_NO_SYMLINKS`, so a directory on the way swapped for a
    /// link between the resolution and the open is refused.
    pub fn resolve(path: &Path) -> Result<Target, FsError> {
        let real = fs::canonicalize(path).map_err(fs_err(path, "resolve"))?;
        let (Some(dir_path), Some(name)) = (real.parent(), real.file_name()) else {
            return Err(refused(path, "resolve", "not a file".into()));
        };
        let dir = open_dir(dir_path).map_err(fs_err(dir_path, "open directory"))?;
        Ok(Target {
            given: path.to_owned(),
            dir_path: dir_path.to_owned(),
            dir,
            name: name.to_owned(),
        })
    }

    /// The path as given.
    pub fn given(&self) -> &Path {
        &self.given
    }

    /// The file's resolved path.
    pub fn path(&self) -> PathBuf {
        self.dir_path.join(&self.name)
    }

    /// Takes the directory's [`EditLock`], waiting at most `wait`.
    pub fn lock(&self, wait: Duration) -> Result<EditLock, FsError> {
        let dir = rustix::fs::openat(
            &self.dir,
            ".",
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| fs_err(&self.dir_path, "lock")(e.into()))?;
        EditLock::take(fs::File::from(dir), &self.dir_path, wait)
    }

    /// Opens the file by its name in the directory, without following a link or waiting on
    /// a FIFO; anything but a regular file is refused.
    fn open(&self, action: &'static str) -> Result<(fs::File, Stat), FsError> {
        let path = self.path();
        let fd = rustix::fs::openat(
            &self.dir,
            &self.name,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| {
            if e == rustix::io::Errno::LOOP {
                refused(
                    &self.given,
                    action,
                    format!(
                        "{} is now a symbolic link (it was a file when edgecfg resolved the path); nothing was written",
                        path.display()
                    ),
                )
            } else {
                fs_err(&path, action)(e.into())
            }
        })?;
        let st = rustix::fs::fstat(&fd).map_err(|e| fs_err(&path, action)(e.into()))?;
        if FileType::from_raw_mode(st.st_mode) != FileType::RegularFile {
            return Err(refused(
                &self.given,
                action,
                "not a regular file (a directory, FIFO, device or socket); nothing was written"
                    .into(),
            ));
        }
        Ok((fs::File::from(fd), st))
    }

    /// Reads the file: its text and identity. A file whose size or times change while it is
    /// read is refused (another program is writing it).
    pub fn read(&self) -> Result<Snapshot, FsError> {
        let (file, st) = self.open("read")?;
        let (bytes, after) = self.read_open(file, &st)?;
        if FileId::of(&after) != FileId::of(&st)
            || (st.st_size != 0 && bytes.len() as i64 != st.st_size)
        {
            return Err(refused(
                &self.given,
                "read",
                "the file changed while it was read (another program is writing it); run again when it is done".into(),
            ));
        }
        let text = super::utf8(&self.given, bytes)?;
        Ok(Snapshot {
            text,
            id: Some(FileId::of(&st)),
        })
    }

    /// The bytes of an open file (capped) and its `stat` after the read.
    fn read_open(&self, mut file: fs::File, st: &Stat) -> Result<(Vec<u8>, Stat), FsError> {
        let bytes = super::read_input(&self.given, &mut file, st.st_size.max(0) as u64)?;
        let after = rustix::fs::fstat(&file).map_err(|e| fs_err(&self.given, "read")(e.into()))?;
        Ok((bytes, after))
    }

    /// True when the name still holds the file of `id` with the bytes `bytes`: compared by
    /// `stat` without following a link, then by reading it again.
    fn still(&self, id: FileId, bytes: &[u8]) -> Result<bool, FsError> {
        match rustix::fs::statat(&self.dir, &self.name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) if FileId::of(&st) == id => {}
            _ => return Ok(false),
        }
        let (file, st) = match self.open("write") {
            Ok(f) => f,
            Err(_) => return Ok(false),
        };
        if FileId::of(&st) != id {
            return Ok(false);
        }
        let (now, after) = self.read_open(file, &st)?;
        Ok(FileId::of(&after) == id && now == bytes)
    }

    /// Replaces the file with `contents`, keeping its mode, owner, group and extended
    /// attributes, when it still is what `read` says (identity and bytes; `None`: whatever it
    /// holds). The comparison is made before the temporary file is written and again right
    /// before the rename. Refuses anything but a regular file, and a file with several hard
    /// links. The caller holds the directory's [`EditLock`], or knows that no edgecfg writer
    /// runs there.
    pub fn replace(
        &self,
        read: Option<&Snapshot>,
        contents: &str,
        opts: WriteOptions,
    ) -> Result<WriteOutcome, FsError> {
        let (file, st) = self.open("write")?;
        if st.st_nlink > 1 {
            return Err(refused(
                &self.given,
                "write",
                format!(
                    "the file has {} hard links; replacing it would leave the other names with the old contents, so nothing was written (edit the file through a single name, or use --stdout)",
                    st.st_nlink
                ),
            ));
        }
        let id = FileId::of(&st);
        if read.and_then(|r| r.id).is_some_and(|was| was != id) {
            return Err(refused(&self.given, "write", CHANGED.into()));
        }
        let (current, _) =
            self.read_open(file.try_clone().map_err(fs_err(&self.given, "read"))?, &st)?;
        if read.is_some_and(|r| r.text.as_bytes() != current) {
            return Err(refused(&self.given, "write", CHANGED.into()));
        }
        if current == contents.as_bytes() {
            return Ok(WriteOutcome::Unchanged);
        }
        if opts.backup {
            let mut bak = self.given.as_os_str().to_owned();
            bak.push(".bak");
            let bak = PathBuf::from(bak);
            let bak_dir_path = match bak.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(p) => fs::canonicalize(p).map_err(fs_err(p, "resolve"))?,
                None => std::env::current_dir().map_err(fs_err(&bak, "resolve"))?,
            };
            let bak_dir =
                open_dir(&bak_dir_path).map_err(fs_err(&bak_dir_path, "open directory"))?;
            let bak_name = bak.file_name().unwrap_or(OsStr::new("edgecfg.bak"));
            sweep_dead(&bak_dir, &bak_dir_path);
            write_new(
                &bak_dir,
                &bak_dir_path,
                bak_name,
                &current,
                &file,
                &st,
                || Ok(true),
            )
            .map_err(fs_err(&bak, "write backup"))?;
        }
        let written = write_new(
            &self.dir,
            &self.dir_path,
            &self.name,
            contents.as_bytes(),
            &file,
            &st,
            || self.still(id, &current),
        )
        .map_err(fs_err(&self.path(), "write"))?;
        if !written {
            return Err(refused(
                &self.given,
                "write",
                "the file changed while the new one was being written (another program wrote it); nothing was written, run again".into(),
            ));
        }
        Ok(WriteOutcome::Written)
    }

    /// Removes temporary files (`.edgecfg-*`) that edgecfg processes killed in the middle of a
    /// write left in the directory. Only safe while holding the directory's [`EditLock`]:
    /// every edgecfg writer holds it while its temporary file exists. Files named for a
    /// process that is still running (a backup written by a writer of another directory) are
    /// kept.
    pub fn sweep_debris(&self, _lock: &EditLock) -> Result<usize, FsError> {
        let mut removed = 0;
        for entry in fs::read_dir(&self.dir_path)
            .map_err(fs_err(&self.dir_path, "list"))?
            .flatten()
        {
            let name = entry.file_name();
            let Some(owner) = debris_owner(&name) else {
                continue;
            };
            if owner.is_some_and(alive) {
                continue;
            }
            if is_regular_at(&self.dir, &name)
                && rustix::fs::unlinkat(&self.dir, &name, AtFlags::empty()).is_ok()
            {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// Opens a directory: on Linux with `RESOLVE_NO_SYMLINKS` (`path` is already resolved, so a
/// link on the way means something was swapped since), elsewhere not following a final link.
fn open_dir(path: &Path) -> io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    #[cfg(target_os = "linux")]
    match rustix::fs::openat2(
        rustix::fs::CWD,
        path,
        flags,
        Mode::empty(),
        rustix::fs::ResolveFlags::NO_SYMLINKS,
    ) {
        Err(rustix::io::Errno::NOSYS) => {}
        Err(rustix::io::Errno::LOOP) => {
            return Err(io::Error::other(
                "a directory on the path was replaced by a symbolic link after it was resolved",
            ));
        }
        other => return other.map_err(Into::into),
    }
    Ok(rustix::fs::openat(
        rustix::fs::CWD,
        path,
        flags | OFlags::NOFOLLOW,
        Mode::empty(),
    )?)
}

fn is_regular_at(dir: &OwnedFd, name: &OsStr) -> bool {
    rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
        .is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::RegularFile)
}

/// `Some(owner)` when `name` is an edgecfg temporary file: `Some((pid, start))` when named
/// `.edgecfg-PID-START-…` (this version), `None` for older names.
#[allow(clippy::option_option)]
fn debris_owner(name: &OsStr) -> Option<Option<(u32, u64)>> {
    let rest = name.to_str()?.strip_prefix(".edgecfg-")?;
    let mut parts = rest.splitn(3, '-');
    let tagged = match (parts.next(), parts.next(), parts.next()) {
        (Some(pid), Some(start), Some(_)) => pid.parse().ok().zip(start.parse().ok()),
        _ => None,
    };
    Some(tagged)
}

/// True when process `pid` with start time `start` runs.
fn alive((pid, start): (u32, u64)) -> bool {
    super::lock::start_time(pid) == Some(start)
}

/// Removes temporary files of edgecfg processes that are gone (from a directory whose lock is
/// not held: a backup's directory).
fn sweep_dead(dir: &OwnedFd, dir_path: &Path) {
    let Ok(entries) = fs::read_dir(dir_path) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(Some(owner)) = debris_owner(&name)
            && !alive(owner)
            && is_regular_at(dir, &name)
        {
            let _ = rustix::fs::unlinkat(dir, &name, AtFlags::empty());
        }
    }
}

/// A new temporary file in `dir`, named `.edgecfg-PID-START-RANDOM` (so that a sweep can tell
/// whether its writer still runs), created exclusively, mode 0600.
pub(crate) fn create_temp(dir: &OwnedFd) -> io::Result<(fs::File, OsString)> {
    use std::hash::{BuildHasher, Hasher};
    let me = std::process::id();
    let start = super::lock::start_time(me).unwrap_or(0);
    for _ in 0..64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let name = OsString::from(format!(".edgecfg-{me}-{start}-{:016x}", h.finish()));
        match rustix::fs::openat(
            dir,
            &name,
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o600),
        ) {
            Ok(fd) => return Ok((fs::File::from(fd), name)),
            Err(rustix::io::Errno::EXIST) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(io::Error::other("could not create a temporary file"))
}

/// Writes `bytes` to a new temporary file in `dir` with the identity of `source` (`st`), then,
/// when `still()` says the name may be replaced, renames it over `name`. `Ok(false)`: refused by
/// `still()`, nothing changed.
fn write_new(
    dir: &OwnedFd,
    dir_path: &Path,
    name: &OsStr,
    bytes: &[u8],
    source: &fs::File,
    st: &Stat,
    still: impl FnOnce() -> Result<bool, FsError>,
) -> io::Result<bool> {
    let (mut tmp, tmp_name) = create_temp(dir)?;
    let tmp_path = dir_path.join(&tmp_name);
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tmp_path.clone());
    let written: io::Result<bool> = (|| {
        tmp.write_all(bytes)?;
        // A test seam: hold the temporary file open for a while, so tests can interrupt a
        // write in progress (tests/concurrency.rs). Unset in normal use.
        if let Some(ms) = std::env::var("EDGECFG_TEST_WRITE_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            std::thread::sleep(Duration::from_millis(ms));
        }
        keep_identity(&tmp, source, st)?;
        tmp.sync_all()?;
        if !still().map_err(|e| io::Error::other(e.to_string()))? {
            return Ok(false);
        }
        rustix::fs::renameat(dir, &tmp_name, dir, name)?;
        Ok(true)
    })();
    if !matches!(written, Ok(true)) {
        let _ = rustix::fs::unlinkat(dir, &tmp_name, AtFlags::empty());
    }
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| *p != tmp_path);
    if written? {
        // Make the rename durable too.
        let _ = rustix::fs::fsync(dir);
        return Ok(true);
    }
    Ok(false)
}

/// Gives `file` the permissions, owner, group and extended attributes of `source` (`st` is
/// its `stat`).
fn keep_identity(file: &fs::File, source: &fs::File, st: &Stat) -> io::Result<()> {
    use rustix::fs::{Gid, Uid};
    let (uid, gid) = (Uid::from_raw(st.st_uid), Gid::from_raw(st.st_gid));
    // Owner and group first: changing them can clear set-id bits, which the mode restores.
    match rustix::fs::fchown(file, Some(uid), Some(gid)) {
        Ok(()) => {}
        // Not root: a user can only give files to themselves; keep what we can.
        Err(rustix::io::Errno::PERM) => {
            let _ = rustix::fs::fchown(file, None, Some(gid));
        }
        Err(e) => return Err(e.into()),
    }
    rustix::fs::fchmod(file, Mode::from_raw_mode(st.st_mode & 0o7777))?;
    use xattr::FileExt;
    if let Ok(names) = source.list_xattr() {
        for name in names {
            if let Ok(Some(value)) = source.get_xattr(&name) {
                // Best effort: a namespace the process may not write (trusted.*) is skipped.
                let _ = file.set_xattr(&name, &value);
            }
        }
    }
    Ok(())
}

/// Writes a small file of edgecfg's own (the agent's status and ready files) so that no one
/// else can redirect it: its directory is created 0700 when missing, and refused when another
/// user could write to it (not owned by this user, or writable by group or others without the
/// sticky bit); the contents go to a new 0600 file that is renamed over the name, so a link or
/// FIFO at the name is replaced, never followed.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    write_own(path, bytes, true)
}

/// Writes a small file of edgecfg's own by a new file renamed over the name (a link or FIFO
/// there is replaced, never followed), in a directory that may be shared (the agent's ready
/// file in the pod's own `emptyDir`, which Kubernetes creates 0777).
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    write_own(path, bytes, false)
}

fn write_own(path: &Path, bytes: &[u8], private: bool) -> Result<(), FsError> {
    let dir_path = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p.to_owned(),
        None => PathBuf::from("."),
    };
    let Some(name) = path.file_name() else {
        return Err(refused(path, "write", "not a file name".into()));
    };
    if !dir_path.exists() {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir_path)
            .map_err(fs_err(&dir_path, "create directory"))?;
    }
    let real = fs::canonicalize(&dir_path).map_err(fs_err(&dir_path, "resolve"))?;
    let dir = open_dir(&real).map_err(fs_err(&dir_path, "open directory"))?;
    let st = rustix::fs::fstat(&dir).map_err(|e| fs_err(&dir_path, "stat")(e.into()))?;
    let me = rustix::process::geteuid().as_raw();
    let sticky = st.st_mode & 0o1000 != 0;
    if private && ((st.st_uid != me && st.st_uid != 0) || (st.st_mode & 0o022 != 0 && !sticky)) {
        return Err(refused(
            &dir_path,
            "write",
            format!(
                "the directory is writable by other users (owner {}, mode {:o}); edgecfg keeps its state only where no one else can replace it",
                st.st_uid,
                st.st_mode & 0o7777
            ),
        ));
    }
    let (mut tmp, tmp_name) = create_temp(&dir).map_err(fs_err(&dir_path, "write"))?;
    let done = (|| -> io::Result<()> {
        tmp.write_all(bytes)?;
        tmp.sync_all()?;
        rustix::fs::renameat(&dir, &tmp_name, &dir, name)?;
        Ok(())
    })();
    if done.is_err() {
        let _ = rustix::fs::unlinkat(&dir, &tmp_name, AtFlags::empty());
    }
    done.map_err(fs_err(path, "write"))
}
