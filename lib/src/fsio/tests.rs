//! The write path against other programs: links swapped in, locks held, changes mid-write.

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
    let out = write_in_place(&link, "a: 2\n", WriteOptions::backup(true)).unwrap();
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

/// The TOCTOU: the name is a regular file when resolved and read, then swapped for a
/// link to a root-only file. The write must not go through the link (nor into the link's
/// directory), and the link's target keeps its bytes.
#[test]
fn a_name_swapped_for_a_link_after_the_read_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("secret");
    fs::write(&secret, "root only\n").unwrap();
    let p = dir.path().join("edgecore.yaml");
    fs::write(&p, "a: 1\n").unwrap();
    let target = Target::resolve(&p).unwrap();
    let read = target.read().unwrap();
    fs::rename(&p, dir.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(&secret, &p).unwrap();
    let err = target
        .replace(Some(&read), "a: 2\n", WriteOptions::default())
        .unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(fs::read_to_string(&secret).unwrap(), "root only\n");
    assert!(fs::symlink_metadata(&p).unwrap().file_type().is_symlink());
    let names: Vec<_> = fs::read_dir(secret_dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing new in the link's directory");
}

/// Another file with the same bytes put in place of the one read (a different inode) is a
/// change: the comparison is by identity, not only by contents the other user controls.
#[test]
fn a_file_replaced_by_an_identical_copy_is_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.yaml");
    fs::write(&p, "a: 1\n").unwrap();
    let target = Target::resolve(&p).unwrap();
    let read = target.read().unwrap();
    let copy = dir.path().join("copy");
    fs::write(&copy, "a: 1\n").unwrap();
    fs::rename(&copy, &p).unwrap();
    let err = target
        .replace(Some(&read), "a: 2\n", WriteOptions::default())
        .unwrap_err();
    assert!(
        err.to_string().contains("changed since it was read"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&p).unwrap(), "a: 1\n");
}

/// The directory given is the one written: replacing the directory's path by a link to another
/// directory after the resolution redirects nothing.
#[test]
fn the_directory_is_the_one_resolved() {
    let top = tempfile::tempdir().unwrap();
    let d = top.path().join("d");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("f.yaml"), "a: 1\n").unwrap();
    let other = top.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("f.yaml"), "a: 1\n").unwrap();
    let target = Target::resolve(&d.join("f.yaml")).unwrap();
    let read = target.read().unwrap();
    fs::rename(&d, top.path().join("d-moved")).unwrap();
    std::os::unix::fs::symlink(&other, &d).unwrap();
    target
        .replace(Some(&read), "a: 2\n", WriteOptions::default())
        .unwrap();
    assert_eq!(fs::read_to_string(other.join("f.yaml")).unwrap(), "a: 1\n");
    assert_eq!(
        fs::read_to_string(top.path().join("d-moved/f.yaml")).unwrap(),
        "a: 2\n"
    );
}

/// A lock held by someone else ends in an error naming the holder after the deadline, not in
/// a wait without end.
#[test]
fn the_lock_is_waited_for_until_a_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f.yaml");
    fs::write(&p, "a: 1\n").unwrap();
    let holder = fs::File::open(dir.path()).unwrap();
    holder.lock().unwrap();
    let target = Target::resolve(&p).unwrap();
    let started = std::time::Instant::now();
    let err = target
        .lock(std::time::Duration::from_millis(300))
        .unwrap_err();
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_millis(300),
        "{waited:?}"
    );
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    let text = err.to_string();
    assert!(text.contains("held the edit lock"), "{text}");
    assert!(
        text.contains(&format!("process {}", std::process::id())),
        "the holder is named: {text}"
    );
    drop(holder);
    target.lock(std::time::Duration::from_millis(300)).unwrap();
}

/// Reading is capped while reading: a file of /proc says it has 0 bytes and has more.
#[test]
fn reads_are_capped_whatever_the_size_says() {
    assert_eq!(fs::metadata("/proc/self/maps").unwrap().len(), 0);
    let err = read_small(Path::new("/proc/self/maps"), 16).unwrap_err();
    assert!(err.to_string().contains("more than 16 bytes"), "{err}");
}

/// The agent's own files are never written through a link: the link is replaced.
#[test]
fn private_files_replace_links() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "keep\n").unwrap();
    let state = dir.path().join("state");
    let ready = state.join("ready");
    write_private(&ready, b"first\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&state).unwrap().permissions().mode() & 0o777,
        0o700
    );
    fs::remove_file(&ready).unwrap();
    std::os::unix::fs::symlink(&victim, &ready).unwrap();
    write_private(&ready, b"second\n").unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep\n");
    assert_eq!(fs::read_to_string(&ready).unwrap(), "second\n");
    fs::set_permissions(&state, fs::Permissions::from_mode(0o777)).unwrap();
    let err = write_private(&ready, b"third\n").unwrap_err();
    assert!(err.to_string().contains("writable by other users"), "{err}");
}
