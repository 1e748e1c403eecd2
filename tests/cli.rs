//! The command-line tool's modes, exit codes and I/O behaviour.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const CONFIG: &str = "modules:\n  # the stream tunnel\n  edgeStream:\n    enable: false\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("edgecore.yaml");
    fs::write(&file, CONFIG).unwrap();
    (dir, file)
}

/// [`setup`] with apiVersion and kind: the KubeEdge model applies.
fn setup_edgecore() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("edgecore.yaml");
    fs::write(
        &file,
        format!("apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\n{CONFIG}"),
    )
    .unwrap();
    (dir, file)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let (dir, file) = setup();
    let before = fs::metadata(&file).unwrap().modified().unwrap();
    let o = run(
        dir.path(),
        &[
            "set",
            "--dry-run",
            "edgecore.yaml",
            "modules.edgeStream.enable=true",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "--- a/edgecore.yaml\n+++ b/edgecore.yaml\n@@ -1,4 +1,4 @@\n modules:\n   # the stream tunnel\n   edgeStream:\n-    enable: false\n+    enable: true\n"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), CONFIG);
    assert_eq!(fs::metadata(&file).unwrap().modified().unwrap(), before);
}

#[test]
fn check_exits_1_on_change_and_0_when_converged() {
    let (dir, file) = setup();
    let o = run(
        dir.path(),
        &[
            "set",
            "--check",
            "edgecore.yaml",
            "modules.edgeStream.enable=true",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("edgecore.yaml: would change"));
    assert_eq!(fs::read_to_string(&file).unwrap(), CONFIG);
    let o = run(
        dir.path(),
        &[
            "set",
            "--check",
            "edgecore.yaml",
            "modules.edgeStream.enable=false",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn writes_in_place_and_a_second_run_does_not_touch_the_file() {
    let (dir, file) = setup();
    let o = run(
        dir.path(),
        &["set", "edgecore.yaml", "modules.edgeStream.enable=true"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        CONFIG.replace("false", "true")
    );
    let mtime = fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(30));
    let o = run(
        dir.path(),
        &["set", "edgecore.yaml", "modules.edgeStream.enable=true"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        fs::metadata(&file).unwrap().modified().unwrap(),
        mtime,
        "an unchanged result is not written"
    );
    // No temporary files are left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn diff_mode_writes_and_prints() {
    let (dir, file) = setup();
    let o = run(
        dir.path(),
        &[
            "set",
            "--diff",
            "edgecore.yaml",
            "modules.edgeStream.enable=true",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("+    enable: true"));
    assert!(fs::read_to_string(&file).unwrap().contains("enable: true"));
}

#[test]
fn stdout_mode_and_stdin() {
    let (dir, file) = setup();
    let o = run(
        dir.path(),
        &[
            "set",
            "--stdout",
            "edgecore.yaml",
            "modules.edgeStream.enable=true",
        ],
    );
    assert_eq!(stdout(&o), CONFIG.replace("false", "true"));
    assert_eq!(fs::read_to_string(&file).unwrap(), CONFIG);

    let mut child = Command::new(common::bin())
        .args(["unset", "-", "modules.edgeStream"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(CONFIG.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "modules: {}\n");
}

#[test]
fn backup_keeps_the_previous_contents() {
    let (dir, file) = setup();
    let o = run(
        dir.path(),
        &[
            "set",
            "--backup",
            "edgecore.yaml",
            "modules.edgeStream.enable=true",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join("edgecore.yaml.bak")).unwrap(),
        CONFIG
    );
    assert!(fs::read_to_string(&file).unwrap().contains("enable: true"));
}

#[test]
fn get_prints_scalars_plain_and_collections_as_yaml() {
    let (dir, _) = setup();
    let o = run(
        dir.path(),
        &["get", "edgecore.yaml", "modules.edgeStream.enable"],
    );
    assert_eq!(stdout(&o), "false\n");
    let o = run(dir.path(), &["get", "edgecore.yaml", "/modules/edgeStream"]);
    assert_eq!(stdout(&o), "enable: false\n");
    // Not set: exit 1 (a file without apiVersion/kind has no model, so no default).
    let o = run(dir.path(), &["get", "edgecore.yaml", "modules.edgeHub"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`modules.edgeHub` is not set"));
    // An EdgeCore file: the default of its release.
    let (dir, _) = setup_edgecore();
    let o = run(
        dir.path(),
        &[
            "get",
            "edgecore.yaml",
            "modules.edgeStream.handshakeTimeout",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is not set; KubeEdge uses its default: 30"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn misspelt_paths_and_profiles_get_a_did_you_mean() {
    let (dir, _) = setup_edgecore();
    let before = std::fs::read_to_string(dir.path().join("edgecore.yaml")).unwrap();
    for args in [
        &["get", "edgecore.yaml", "modules.edgeStrem.enable"][..],
        &["unset", "edgecore.yaml", "modules.edgeStrem.enable"][..],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("did you mean `modules.edgeStream.enable`?"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // A known path that is not set: unset is a no-op (idempotent), not an error.
    let o = run(dir.path(), &["unset", "edgecore.yaml", "modules.edgeHub"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("edgecore.yaml")).unwrap(),
        before
    );
    let o = run(dir.path(), &["apply", "-p", "stream-on", "edgecore.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `streams-on`?"),
        "{}",
        stderr(&o)
    );
    let o = run(dir.path(), &["profiles", "show", "edgemsh"]);
    assert!(
        stderr(&o).contains("did you mean `edgemesh`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn get_json_says_whether_the_path_is_set_and_the_default() {
    let (dir, _) = setup_edgecore();
    let o = run(
        dir.path(),
        &[
            "get",
            "--format",
            "json",
            "edgecore.yaml",
            "modules.edgeStream",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["set"], true);
    // `value` is what KubeEdge reads (the defaults included), `raw` what the file writes.
    assert_eq!(v["raw"], serde_json::json!({"enable": false}));
    assert_eq!(v["value"]["enable"], false);
    assert_eq!(v["value"]["handshakeTimeout"], 30);
    assert_eq!(v["path"], "modules.edgeStream");
    assert_eq!(v["default"]["handshakeTimeout"], 30);
    let o = run(
        dir.path(),
        &[
            "get",
            "--format",
            "json",
            "edgecore.yaml",
            "modules.edgeHub.heartbeat",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["set"], false);
    assert_eq!(v["value"], serde_json::Value::Null);
    assert_eq!(v["default"], 15);
}

#[test]
fn usage_and_input_errors_exit_2() {
    let (dir, file) = setup();
    for args in [
        vec!["set", "edgecore.yaml", "modules.edgeStream.enable"],
        vec!["set", "missing.yaml", "a=1"],
        vec!["set", "edgecore.yaml", "a..b=1"],
        vec!["set", "edgecore.yaml", "a=[1"],
        vec!["set", "--check", "--stdout", "edgecore.yaml", "a=1"],
        vec!["frobnicate"],
    ] {
        let o = run(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), CONFIG);
    let o = run(dir.path(), &["set", "missing.yaml", "a=1"]);
    assert!(stderr(&o).contains("missing.yaml"), "{}", stderr(&o));
}

#[test]
fn multi_document_needs_a_selector() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.yaml"), "kind: A\n---\nkind: B\nx: 1\n").unwrap();
    let o = run(dir.path(), &["set", "s.yaml", "x=2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2 documents"), "{}", stderr(&o));
    let o = run(dir.path(), &["set", "--doc", "1", "s.yaml", "x=2"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join("s.yaml")).unwrap(),
        "kind: A\n---\nkind: B\nx: 2\n"
    );
}

#[test]
fn colour_only_when_asked() {
    let (dir, _) = setup();
    let o = run(
        dir.path(),
        &[
            "set",
            "--dry-run",
            "edgecore.yaml",
            "modules.edgeStream.enable=true",
        ],
    );
    assert!(!stdout(&o).contains('\x1b'));
    let o = Command::new(common::bin())
        .args([
            "set",
            "--color",
            "always",
            "--dry-run",
            "edgecore.yaml",
            "modules.edgeStream.enable=true",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(stdout(&o).contains("\x1b["));
    // Only commands that colour something take --color.
    let o = run(dir.path(), &["schema", "--color", "always", "edgecore"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unexpected argument '--color'"));
}

#[test]
fn broken_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = String::from("items:\n");
    for i in 0..200_000 {
        big.push_str(&format!("- item-{i}\n"));
    }
    fs::write(dir.path().join("big.yaml"), &big).unwrap();
    let mut child = Command::new(common::bin())
        .args(["get", "big.yaml", "items"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut buf = [0u8; 16];
    out.read_exact(&mut buf).unwrap();
    drop(out);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn symlink_target_is_edited_and_link_kept() {
    let (dir, file) = setup();
    std::os::unix::fs::symlink(&file, dir.path().join("link.yaml")).unwrap();
    let o = run(
        dir.path(),
        &["set", "link.yaml", "modules.edgeStream.enable=true"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        fs::symlink_metadata(dir.path().join("link.yaml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(fs::read_to_string(&file).unwrap().contains("enable: true"));
}

/// A directory walk does not follow symbolic links to directories (`root -> /` walked the whole
/// filesystem, `self -> .` gave one file under 41 names) and says which it skipped; a linked
/// file is taken; a tree deeper than the limit is refused with the directory named.
#[cfg(unix)]
#[test]
fn walks_do_not_follow_linked_directories_and_stop_at_a_depth() {
    let dir = tempfile::tempdir().unwrap();
    let sites = dir.path().join("sites");
    fs::create_dir_all(sites.join("a")).unwrap();
    fs::copy(
        common::root().join("examples/edgecore.yaml"),
        sites.join("a/edgecore.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/", sites.join("root")).unwrap();
    std::os::unix::fs::symlink(".", sites.join("self")).unwrap();
    std::os::unix::fs::symlink("a/edgecore.yaml", sites.join("linked.yaml")).unwrap();
    let o = run(dir.path(), &["validate", "sites"]);
    let (out, err) = (String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert_eq!(out.matches("edgecore, KubeEdge").count(), 2, "{out}");
    assert!(out.contains("sites/linked.yaml"), "{out}");
    for skipped in ["sites/root", "sites/self"] {
        assert!(
            err.contains(&format!(
                "{skipped}: a symbolic link to a directory, not followed"
            )),
            "{err}"
        );
    }
    let mut deep = dir.path().join("deep");
    for i in 0..40 {
        deep = deep.join(format!("d{i}"));
    }
    fs::create_dir_all(&deep).unwrap();
    let o = run(dir.path(), &["validate", "deep"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("more than 32 directory levels below deep"),
        "{}",
        stderr(&o)
    );
}

/// A file with CR-only line endings (which KubeEdge reads) is not edited: the refusal names the
/// first such line and how to convert, and the file is untouched. CRLF files are edited, CRLF kept.
#[test]
fn cr_only_line_endings_are_refused_with_the_line_named() {
    let dir = tempfile::tempdir().unwrap();
    let text = "apiVersion: edgecore.config.kubeedge.io/v1alpha2\rkind: EdgeCore\rmodules:\r  edgeHub:\r    enable: true\r";
    fs::write(dir.path().join("cr.yaml"), text).unwrap();
    for args in [
        &["set", "cr.yaml", "modules.edgeStream.enable=true"][..],
        &[
            "apply",
            "-p",
            "streams-on",
            "--param",
            "cloudAddress=192.0.2.10",
            "cr.yaml",
        ],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("cr.yaml:1:49: this line ends with a carriage return alone"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("cr.yaml")).unwrap(),
            text
        );
    }
    fs::write(dir.path().join("crlf.yaml"), "a: 1\r\nb: 2\r\n").unwrap();
    let o = run(dir.path(), &["set", "crlf.yaml", "c=3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(dir.path().join("crlf.yaml")).unwrap(),
        "a: 1\r\nb: 2\r\nc: 3\r\n"
    );
}

/// With standard output closed (`>&-`), a command that prints fails (exit 2) instead of
/// printing into nothing and exiting 0; one that prints nothing (`set`) still works; `>/dev/null`
/// is not taken for closed.
#[cfg(unix)]
#[test]
fn a_closed_standard_output_is_an_error_when_there_is_output() {
    let (dir, _file) = setup();
    let sh = |script: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(common::bin())
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let o = sh(r#"exec "$0" validate edgecore.yaml >&-"#);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("standard output: it is closed"),
        "{}",
        stderr(&o)
    );
    // The file has findings (exit 1); only the closed-output error is exit 2.
    let o = sh(r#"exec "$0" validate edgecore.yaml >/dev/null"#);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("closed"), "{}", stderr(&o));
    let o = sh(r#"exec "$0" set edgecore.yaml modules.edgeStream.enable=true >&-"#);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        fs::read_to_string(dir.path().join("edgecore.yaml"))
            .unwrap()
            .contains("enable: true")
    );
}

#[test]
fn directories_are_walked_with_include_exclude_and_summarised() {
    let dir = tempfile::tempdir().unwrap();
    let edge = "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeStream:\n    enable: false\n";
    for (path, text) in [
        ("nodes/site-a/edge-1.yaml", edge),
        ("nodes/site-a/edge-2.yml", edge),
        ("nodes/site-b/edge-3.yaml", edge),
        ("nodes/site-b/broken.yaml", "modules: [\n"),
        ("nodes/site-b/notes.txt", "not yaml"),
        ("nodes/.hidden/edge-4.yaml", edge),
    ] {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    let apply = |extra: &[&str]| {
        let mut args = vec![
            "apply",
            "--check",
            "-p",
            "streams-on",
            "--param",
            "cloudAddress=192.0.2.10",
        ];
        args.extend_from_slice(extra);
        run(dir.path(), &args)
    };
    // Every *.yaml/*.yml below the directory, hidden entries skipped; the failure is named
    // again after the summary.
    let o = apply(&["nodes"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("4 files: 3 would change, 0 unchanged, 1 failed\n  nodes/site-b/broken.yaml"),
        "{err}"
    );
    assert!(err.contains("nodes/site-a/edge-1.yaml: edgecore (streams-on): would change"));
    // --include by file name, --exclude by path below the directory.
    let o = apply(&["--include", "edge-*", "--exclude", "site-b/*", "nodes"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("2 files: 2 would change, 0 unchanged, 0 failed"));
    // -q: only the summary.
    let o = apply(&["-q", "--exclude", "broken.yaml", "nodes"]);
    assert_eq!(
        stderr(&o),
        "3 files: 3 would change, 0 unchanged, 0 failed\n"
    );
    // validate: the summary ends the report on standard output.
    let o = run(
        dir.path(),
        &["validate", "-q", "--exclude", "broken.yaml", "nodes"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "3 files: 0 with errors, 3 without\n");
    // A bad glob is a usage error.
    let o = apply(&["--include", "a[", "nodes"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--include `a[`"));
}

#[test]
fn post_render_json_report_never_enters_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    let input = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: metrics-server\nspec:\n  template:\n    spec:\n      containers:\n      - name: metrics-server\n        args: [--secure-port=10250]\n";
    let render = |args: &[&str]| {
        let mut child = Command::new(common::bin())
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let plain = render(&["post-render"]);
    let o = render(&["post-render", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        o.stdout, plain.stdout,
        "the stream is the same with --format json"
    );
    let v: serde_json::Value = serde_json::from_str(&stderr(&o)).unwrap();
    assert_eq!(v["documents"], 1);
    assert_eq!(v["changed"][0]["object"], "Deployment/metrics-server");
    assert!(v["changed"][0]["changes"].as_u64().unwrap() > 0);
    assert_eq!(v["error"], serde_json::Value::Null);
    let o = render(&["post-render", "--report", "report.json", "-p", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("no profile named `nope`")
    );
}

#[test]
fn profiles_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["profiles", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let names: Vec<&str> = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"streams-on") && names.contains(&"edgemesh"));
    let o = run(
        dir.path(),
        &["profiles", "show", "observability", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let order: Vec<&str> = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(order.last(), Some(&"observability"));
    assert!(v["profiles"][0]["operations"].is_array());
}

#[test]
fn every_command_has_examples_in_its_help() {
    let dir = tempfile::tempdir().unwrap();
    let top = stdout(&run(dir.path(), &["--help"]));
    // The commands, from the top-level help's list.
    let commands: Vec<String> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 12, "{commands:?}");
    for c in &commands {
        let help = stdout(&run(dir.path(), &[c.as_str(), "--help"]));
        assert!(
            help.contains("\nExamples:\n  "),
            "`edgecfg {c} --help` has no examples"
        );
    }
}

/// `validate DIR` goes on past a file it cannot parse (issue 24, item 1): the others are
/// validated, the broken one is reported at its line and column, the summary counts it as
/// failed, and the run exits 2. One file alone fails as before.
#[test]
fn validate_many_goes_on_past_a_file_that_does_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a-broken.yaml"), "modules:\n  edgeHub: [\n").unwrap();
    fs::write(
        dir.path().join("b-typo.yaml"),
        "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeHub:\n    heartbeat: fifteen\n",
    )
    .unwrap();
    let o = run(dir.path(), &["validate", "."]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("a-broken.yaml:2:12: unclosed bracket"),
        "{}",
        stderr(&o)
    );
    let out = stdout(&o);
    assert!(
        out.contains("b-typo.yaml:5:16"),
        "the next file is validated: {out}"
    );
    assert!(
        out.contains("2 files: 1 with errors, 0 without, 1 failed\n"),
        "{out}"
    );
    let o = run(dir.path(), &["validate", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("unclosed bracket"),
        "{v:#}"
    );
    assert_eq!(v["files"][1]["errors"], 1, "{v:#}");
    let o = run(dir.path(), &["validate", "a-broken.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
}

/// `-p a,b` is `-p a -p b`, and a misspelt `--param` name gets a did-you-mean (issue 24,
/// items 7 and 9).
#[test]
fn profile_lists_and_parameter_suggestions() {
    let (dir, _) = setup_edgecore();
    let args = |p: &[&str]| {
        let mut a = vec!["apply", "--dry-run", "--param", "cloudAddress=192.0.2.10"];
        a.extend_from_slice(p);
        a.push("edgecore.yaml");
        run(dir.path(), &a)
    };
    let listed = args(&["-p", "streams-on,edgemesh"]);
    let repeated = args(&["-p", "streams-on", "-p", "edgemesh"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert_eq!(stdout(&listed), stdout(&repeated));
    assert_eq!(stderr(&listed), stderr(&repeated));
    assert!(
        stderr(&listed).contains("(streams-on, edgemesh)"),
        "{}",
        stderr(&listed)
    );
    let o = run(
        dir.path(),
        &[
            "apply",
            "--dry-run",
            "-p",
            "streams-on",
            "--param",
            "cloudAdress=192.0.2.10",
            "edgecore.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `cloudAddress`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn get_prints_what_kubeedge_reads() {
    let dir = tempfile::tempdir().unwrap();
    // `edgestream` sorts after `edgeStream`, so its server wins; the merge key comes after
    // nothing it overrides. (tests/decoding checks these readings with KubeEdge's decoder.)
    std::fs::write(
        dir.path().join("e.yaml"),
        "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeStream:\n    enable: yes\n    server: 127.0.0.1:10004\n  edgestream:\n    server: 192.0.2.1:10004\n  edgeHub:\n    <<: {heartbeat: 30}\n",
    )
    .unwrap();
    let o = run(dir.path(), &["get", "e.yaml", "modules.edgeStream.server"]);
    assert_eq!(
        (o.status.code(), stdout(&o).trim()),
        (Some(0), "192.0.2.1:10004")
    );
    assert!(
        stderr(&o).contains("the file writes `127.0.0.1:10004`"),
        "{}",
        stderr(&o)
    );
    let o = run(
        dir.path(),
        &["get", "--raw", "e.yaml", "modules.edgeStream.server"],
    );
    assert_eq!(stdout(&o).trim(), "127.0.0.1:10004");
    let o = run(dir.path(), &["get", "e.yaml", "modules.edgeStream.enable"]);
    assert_eq!(stdout(&o).trim(), "true");
    let o = run(dir.path(), &["get", "e.yaml", "modules.edgeHub.heartbeat"]);
    assert_eq!((o.status.code(), stdout(&o).trim()), (Some(0), "30"));
}
