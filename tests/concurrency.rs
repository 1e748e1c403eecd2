//! Reliability of in-place writes: concurrent writers lose no update, the file's identity is
//! kept, special files and hard-linked files are refused, inputs are bounded.

mod common;

use std::fs;
use std::process::Command;

/// Ten `edgecfg set` processes of different keys on one file, started together, 50 rounds:
/// every key of every round is in the file (500 writers, 0 lost updates), and no temporary
/// file is left behind.
#[test]
fn concurrent_writers_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    let (rounds, writers) = (50, 10);
    let mut lost = 0;
    for round in 0..rounds {
        fs::write(&file, "# shared by many writers\nkeys: {}\n").unwrap();
        let children: Vec<_> = (0..writers)
            .map(|w| {
                Command::new(common::bin())
                    .args(["set"])
                    .arg(&file)
                    .arg(format!("keys.k{w}=r{round}"))
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        let text = fs::read_to_string(&file).unwrap();
        lost += (0..writers)
            .filter(|w| !text.contains(&format!("k{w}: r{round}")))
            .count();
    }
    assert_eq!(lost, 0, "lost updates in {} writer runs", rounds * writers);
    let debris: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".edgecfg-"))
        .collect();
    assert!(debris.is_empty(), "{debris:?}");
}

#[cfg(unix)]
#[test]
fn identity_is_kept_and_special_files_are_refused() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.yaml");
    fs::write(&file, "a: 1\n").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    let root = Command::new("id")
        .arg("-u")
        .output()
        .unwrap()
        .stdout
        .starts_with(b"0");
    if root {
        // nobody:nogroup keeps owning the file edgecfg (root) rewrites.
        Command::new("chown")
            .args(["65534:65534"])
            .arg(&file)
            .status()
            .unwrap();
    }
    let xattr_ok = xattr_set(&file);
    let run = |args: &[&str], f: &std::path::Path, value: &str| {
        Command::new(common::bin())
            .args(args)
            .arg(f)
            .arg(format!("a={value}"))
            .output()
            .unwrap()
    };
    assert!(run(&["set"], &file, "2").status.success());
    assert_eq!(fs::read_to_string(&file).unwrap(), "a: 2\n");
    let meta = fs::metadata(&file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    }
    if xattr_ok {
        assert_eq!(
            xattr::get(&file, "user.edgecfg-test").unwrap().as_deref(),
            Some(&b"kept"[..]),
            "extended attributes are kept"
        );
    }
    // A second hard link: refused, both names unchanged.
    let other = dir.path().join("other-name.yaml");
    fs::hard_link(&file, &other).unwrap();
    let out = run(&["set"], &file, "3");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&other).unwrap(), "a: 2\n");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("hard links"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::remove_file(&other).unwrap();
    // A FIFO (no writer): refused at once, not read, not replaced.
    let fifo = dir.path().join("fifo.yaml");
    mkfifo(&fifo);
    let out = run(&["set"], &fifo, "3");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like()
    );
    // A character device through a symlink: refused, the device stays.
    let link = dir.path().join("null.yaml");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let out = run(&["set"], &link, "3");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device_like()
    );
}

/// Inputs are bounded: more than EDGECFG_MAX_INPUT bytes (on a file or standard input) is
/// refused, with exit 2.
#[test]
fn inputs_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.yaml");
    fs::write(&file, format!("a: \"{}\"\n", "x".repeat(4096))).unwrap();
    let out = Command::new(common::bin())
        .args(["get"])
        .arg(&file)
        .arg("a")
        .env("EDGECFG_MAX_INPUT", "1024")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("limit"));
    let out = Command::new(common::bin())
        .args(["validate", "-"])
        .env("EDGECFG_MAX_INPUT", "1024")
        .stdin(fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Sets a user extended attribute; a filesystem without them skips that check loudly.
#[cfg(unix)]
fn xattr_set(file: &std::path::Path) -> bool {
    match xattr::set(file, "user.edgecfg-test", b"kept") {
        Ok(()) => true,
        Err(e) => common::skip::<()>(
            &format!(
                "SKIPPED: extended attributes unsupported on {} ({e})",
                file.display()
            ),
            "EDGECFG_REQUIRE_TOOLS",
        )
        .is_some(),
    }
}

trait FileTypeLike {
    fn is_fifo_like(&self) -> bool;
    fn is_char_device_like(&self) -> bool;
}

#[cfg(unix)]
impl FileTypeLike for fs::FileType {
    fn is_fifo_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_fifo()
    }
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
}

/// While keadm holds its lock (`/etc/kubeedge/idempotency_record`; here
/// `$EDGECFG_KEADM_LOCK`), an edgecore.yaml is not written.
#[test]
fn keadm_lock_is_respected() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("edgecore.yaml");
    let text = "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeStream:\n    enable: false\n";
    fs::write(&file, text).unwrap();
    let record = dir.path().join("idempotency_record");
    fs::write(&record, "").unwrap();
    let out = Command::new(common::bin())
        .args(["set"])
        .arg(&file)
        .arg("modules.edgeStream.enable=true")
        .env("EDGECFG_KEADM_LOCK", &record)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("keadm is running"));
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
    fs::remove_file(&record).unwrap();
    let out = Command::new(common::bin())
        .args(["set"])
        .arg(&file)
        .arg("modules.edgeStream.enable=true")
        .env("EDGECFG_KEADM_LOCK", &record)
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// A temporary file left by an edgecfg killed in the middle of a write is removed by the next
/// write in that directory (under the edit lock, only a dead process can own one).
#[test]
fn debris_of_a_killed_writer_is_swept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    fs::write(&file, "a: 1\n").unwrap();
    let debris = dir.path().join(".edgecfg-AbC123");
    fs::write(&debris, "half a file").unwrap();
    let out = Command::new(common::bin())
        .args(["set"])
        .arg(&file)
        .arg("a=2")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!debris.exists());
    assert_eq!(fs::read_to_string(&file).unwrap(), "a: 2\n");
}

/// `--log` and `--report` never follow a symbolic link (a dangling link must not make edgecfg
/// create its target) and never open a FIFO (no hang: the render still succeeds, and a report
/// that could not be written is said on standard error).
#[cfg(unix)]
#[test]
fn the_log_and_report_are_not_opened_through_links_or_fifos() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("victim");
    let link = dir.path().join("edgecfg.log");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let fifo = dir.path().join("fifo.log");
    mkfifo(&fifo);
    for flag in ["--log", "--report"] {
        for log in [&link, &fifo] {
            let mut child = Command::new(common::bin())
                .args(["post-render", flag])
                .arg(log)
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(b"kind: A\n").unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{flag} {}", log.display());
            if flag == "--report" {
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(err.contains("cannot write the report"), "{err}");
            }
        }
        assert!(!target.exists(), "{flag}: the link's target was created");
    }
}

/// Text that is not UTF-8 is refused with its encoding or the line and column of the first bad
/// byte.
#[test]
fn encodings_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let u16 = dir.path().join("u16.yaml");
    fs::write(&u16, b"\xff\xfea\x00:\x00").unwrap();
    let bad = dir.path().join("bad.yaml");
    fs::write(&bad, b"a: 1\nb: \xc3\x28\n").unwrap();
    for (f, want) in [(&u16, "UTF-16 (little-endian)"), (&bad, "2:4: not UTF-8")] {
        let out = Command::new(common::bin())
            .args(["validate"])
            .arg(f)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(want),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Alias bombs end with a located error, everywhere a document becomes values (time and memory:
/// `bench/bounded.py`).
#[test]
fn alias_bombs_end_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = vec!["a0: &a0 [x, x, x, x, x, x, x, x, x]".to_owned()];
    for i in 1..10 {
        lines.push(format!(
            "a{i}: &a{i} [{}]",
            vec![format!("*a{}", i - 1); 9].join(", ")
        ));
    }
    let bomb = dir.path().join("bomb.yaml");
    fs::write(&bomb, lines.join("\n") + "\n").unwrap();
    for args in [
        vec!["get", "BOMB", "a0"],
        vec!["validate", "--kind", "edgecore", "BOMB"],
        vec!["set", "BOMB", "b=1"],
        vec!["apply", "-p", "edgemesh", "BOMB"],
    ] {
        let args: Vec<std::ffi::OsString> = args
            .iter()
            .map(|a| {
                if *a == "BOMB" {
                    bomb.clone().into_os_string()
                } else {
                    (*a).into()
                }
            })
            .collect();
        let out = Command::new(common::bin()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("alias bomb"),
            "{args:?}"
        );
    }
}

/// The node limit is on alias *expansion*: a large document without aliases (here with a `*`
/// in a string, which used to send it through the count) is read, and a small alias expanding
/// past the limit is refused with the alias named.
#[test]
fn the_node_limit_counts_only_what_aliases_expand() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    let mut text = String::from("note: \"*\"\nitems:\n");
    for i in 0..3000 {
        text.push_str(&format!("  - k{i}\n"));
    }
    fs::write(&big, &text).unwrap();
    let run = |file: &std::path::Path| {
        Command::new(common::bin())
            .args(["get"])
            .arg(file)
            .arg("note")
            .env("EDGECFG_MAX_ALIAS_NODES", "1000")
            .output()
            .unwrap()
    };
    let out = run(&big);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let small = dir.path().join("small.yaml");
    fs::write(
        &small,
        "note: x\na: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    )
    .unwrap();
    let out = run(&small);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("small.yaml:4:") && err.contains("alias bomb"),
        "{err}"
    );
}

/// SIGTERM, SIGINT or SIGHUP while a write is in progress (held open by the
/// `EDGECFG_TEST_WRITE_DELAY_MS` seam) leaves the original file whole and no temporary file.
/// With `EDGECFG_TEST_NO_SIGNAL_HANDLER=1` the binary skips its handler, and this test fails.
#[cfg(unix)]
#[test]
fn signals_leave_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    for signal in ["TERM", "INT", "HUP"] {
        fs::write(&file, "a: 1\n").unwrap();
        let mut child = Command::new(common::bin())
            .args(["set"])
            .arg(&file)
            .arg("a=2")
            .env("EDGECFG_TEST_WRITE_DELAY_MS", "3000")
            .envs(
                std::env::var_os("EDGECFG_TEST_NO_SIGNAL_HANDLER")
                    .map(|v| ("EDGECFG_TEST_NO_SIGNAL_HANDLER", v)),
            )
            .spawn()
            .unwrap();
        // Wait until the temporary file exists: the write is in progress.
        let temp = || {
            fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .any(|n| n.to_string_lossy().starts_with(".edgecfg-"))
        };
        let start = std::time::Instant::now();
        while !temp() {
            assert!(start.elapsed().as_secs() < 20, "the write never started");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let _ = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        assert!(!status.success(), "{signal}: interrupted");
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            "a: 1\n",
            "{signal}: original kept"
        );
        assert!(!temp(), "{signal}: a temporary file was left behind");
    }
}

/// Makes a FIFO at `path`.
#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// Waits until a `.edgecfg-*` temporary file exists in `dir` (a write is in progress).
fn wait_for_temp(dir: &std::path::Path) {
    let start = std::time::Instant::now();
    while !fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .any(|n| n.to_string_lossy().starts_with(".edgecfg-"))
    {
        assert!(start.elapsed().as_secs() < 20, "the write never started");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// A writer that takes no lock (`cat >>`, an editor) and writes while edgecfg is writing its
/// temporary file: the change is seen right before the rename, edgecfg refuses (exit 2) and
/// the other writer's text is kept. Before the check was repeated, the append was lost and
/// edgecfg exited 0.
#[test]
fn a_change_while_the_new_file_is_written_is_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    fs::write(&file, "a: 1\n").unwrap();
    let child = Command::new(common::bin())
        .args(["set"])
        .arg(&file)
        .arg("a=2")
        .env("EDGECFG_TEST_WRITE_DELAY_MS", "500")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_temp(dir.path());
    use std::io::Write;
    fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap()
        .write_all(b"b: 2\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("changed while the new one was being written"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "a: 1\nb: 2\n");
    assert!(
        !fs::read_dir(dir.path()).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".edgecfg-")),
        "no temporary file is left"
    );
}

/// An in-place rewriter (truncate, write half, pause, write the rest) caught in the middle:
/// edgecfg reads the half file, but the file changes before the rename, so it refuses and the
/// rewriter's whole file stays. Before, edgecfg kept the half file (exit 0).
#[test]
fn an_in_place_rewrite_in_progress_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    let whole: String = (0..40).map(|i| format!("k{i}: v{i}\n")).collect();
    let half = &whole[..whole.len() / 2];
    let half = &half[..=half.rfind('\n').unwrap()];
    fs::write(&file, &whole).unwrap();
    use std::io::{Seek, Write};
    let mut rewriter = fs::OpenOptions::new().write(true).open(&file).unwrap();
    rewriter.set_len(0).unwrap();
    rewriter.write_all(half.as_bytes()).unwrap();
    let child = Command::new(common::bin())
        .args(["set"])
        .arg(&file)
        .arg("edited=yes")
        .env("EDGECFG_TEST_WRITE_DELAY_MS", "500")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_temp(dir.path());
    rewriter
        .seek(std::io::SeekFrom::Start(half.len() as u64))
        .unwrap();
    rewriter.write_all(&whole.as_bytes()[half.len()..]).unwrap();
    drop(rewriter);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), whole);
}

/// Anyone who can read a directory can `flock` it: edgecfg waits for the edit lock only until
/// `--lock-timeout`, then fails naming the holder. Before, it waited without end.
#[cfg(unix)]
#[test]
fn a_held_lock_is_waited_for_only_until_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.yaml");
    fs::write(&file, "a: 1\n").unwrap();
    let mut holder = Command::new("flock")
        .arg("-x")
        .arg(dir.path())
        .args(["sleep", "30"])
        .spawn()
        .unwrap();
    // Until flock holds it.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let started = std::time::Instant::now();
    let mut child = Command::new(common::bin())
        .args(["set", "--lock-timeout", "400ms"])
        .arg(&file)
        .arg("a=2")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed().as_secs() >= 10 {
            let _ = child.kill();
            let _ = holder.kill();
            panic!("edgecfg still waits for the lock after 10 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stderr = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("held the edit lock"), "{stderr}");
    assert!(
        stderr.contains("`sleep`") || stderr.contains("`flock`"),
        "the holder is named: {stderr}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "a: 1\n");
}

/// The input cap is counted while reading, not taken from the file's size: a file of /proc
/// says 0 bytes.
#[cfg(target_os = "linux")]
#[test]
fn the_input_cap_holds_for_files_that_lie_about_their_size() {
    let out = Command::new(common::bin())
        .args(["validate", "/proc/self/maps"])
        .env("EDGECFG_MAX_INPUT", "64")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("more than the limit of 64 bytes"),
        "{stderr}"
    );
}
