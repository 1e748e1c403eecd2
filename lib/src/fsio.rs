//! Reading inputs and writing results safely.
//!
//! In-place writes go to a temporary file in the target's directory, are flushed to disk
//! (`fsync`), get the original file's permissions, and then replace the original with one
//! `rename`, so a reader sees either the old or the new file and never a half-written one. A
//! symbolic link is followed: its target is replaced and the link stays a link. A result equal
//! to the current contents is not written at all (the modification time does not change).

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

/// Reads a UTF-8 text file, exactly as stored (no line-ending or BOM changes).
pub fn read_text(path: &Path) -> Result<String, FsError> {
    let bytes = fs::read(path).map_err(fs_err(path, "read"))?;
    String::from_utf8(bytes).map_err(|e| FsError {
        path: path.to_owned(),
        action: "read",
        source: io::Error::new(io::ErrorKind::InvalidData, format!("not UTF-8 text ({e})")),
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
    let mut bytes = Vec::with_capacity(size + 1);
    io::stdin()
        .read_to_end(&mut bytes)
        .map_err(fs_err(Path::new("-"), "read"))?;
    String::from_utf8(bytes).map_err(|e| FsError {
        path: PathBuf::from("-"),
        action: "read",
        source: io::Error::new(io::ErrorKind::InvalidData, format!("not UTF-8 text ({e})")),
    })
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

/// Atomically replaces the contents of `path` (following symlinks) with `contents`.
pub fn write_in_place(
    path: &Path,
    contents: &str,
    opts: WriteOptions,
) -> Result<WriteOutcome, FsError> {
    let target = fs::canonicalize(path).map_err(fs_err(path, "resolve"))?;
    let current = fs::read(&target).map_err(fs_err(&target, "read"))?;
    if current == contents.as_bytes() {
        return Ok(WriteOutcome::Unchanged);
    }
    let meta = fs::metadata(&target).map_err(fs_err(&target, "stat"))?;
    let dir = target.parent().unwrap_or(Path::new("."));
    if opts.backup {
        let mut bak = path.as_os_str().to_owned();
        bak.push(".bak");
        let bak = PathBuf::from(bak);
        write_new(&bak, &current, dir, &meta).map_err(fs_err(&bak, "write backup"))?;
    }
    write_new(&target, contents.as_bytes(), dir, &meta).map_err(fs_err(&target, "write"))?;
    Ok(WriteOutcome::Written)
}

fn write_new(dest: &Path, bytes: &[u8], dir: &Path, meta: &fs::Metadata) -> io::Result<()> {
    let dest_dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(".edgecfg-")
        .tempfile_in(dest_dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    tmp.persist(dest).map_err(|e| e.error)?;
    // Make the rename durable too (best effort: not every platform can open a directory).
    if let Ok(d) = fs::File::open(dest_dir) {
        let _ = d.sync_all();
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
}
