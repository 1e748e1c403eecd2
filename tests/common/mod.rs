//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The shared reference folder (`../shared` beside the project, or `$EDGECFG_SHARED`).
///
/// When it is missing, the calling test is skipped with a loud message, unless
/// `EDGECFG_REQUIRE_SHARED=1` (set by `.ci/run`), which turns the skip into a failure.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let base = std::env::var_os("EDGECFG_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("..").join("shared"));
    let dir = base.join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    let msg = format!(
        "SKIPPED: upstream fixtures not found at {} (set EDGECFG_SHARED to the shared/ folder)",
        dir.display()
    );
    skip(&msg, "EDGECFG_REQUIRE_SHARED")
}

/// The edgecfg binary built for this test run, or `$EDGECFG_TEST_BIN` (`tools/cross-test.sh`
/// runs the agent tests against the arm64 binary through qemu with it).
pub fn bin() -> PathBuf {
    std::env::var_os("EDGECFG_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_edgecfg")))
}

/// The `kubeedge-decode` helper (KubeEdge's own YAML decoding, built from Debian packages by
/// `tools/build-kubeedge-decode.sh`). Missing: the test is skipped loudly, unless
/// `EDGECFG_REQUIRE_TOOLS=1` (set by `.ci/run`) makes that a failure.
pub fn kubeedge_decode() -> Option<PathBuf> {
    let path = std::env::var_os("EDGECFG_KUBEEDGE_DECODE")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/kubeedge-decode"));
    if path.is_file() {
        return Some(path);
    }
    let msg = format!(
        "SKIPPED: {} not found (run tools/build-kubeedge-decode.sh after installing golang-go and golang-k8s-sigs-yaml-dev)",
        path.display()
    );
    skip(&msg, "EDGECFG_REQUIRE_TOOLS")
}

/// A test tool installed by `tools/install-test-tools.sh` into `target/tools/bin` (helm3,
/// helm4, kubectl) or found on PATH (kubernetes-validate). Missing: skipped loudly, unless
/// `EDGECFG_REQUIRE_TOOLS=1`.
pub fn tool(name: &str) -> Option<PathBuf> {
    let local = root().join("target/tools/bin").join(name);
    if local.is_file() {
        return Some(local);
    }
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let msg = format!("SKIPPED: `{name}` not found (run tools/install-test-tools.sh)");
    skip(&msg, "EDGECFG_REQUIRE_TOOLS")
}

/// Reports a skipped test on the real stderr (past the harness's output capture, so it is
/// seen), or fails it when `require_var` is `1` (set by `.ci/run`). Returns `None` to skip.
pub fn skip<T>(msg: &str, require_var: &str) -> Option<T> {
    if std::env::var(require_var).is_ok_and(|v| v == "1") {
        panic!("{msg}; {require_var}=1 makes this a failure");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "\n!!!!!!!! {msg} !!!!!!!!\n");
    record_skip(msg);
    None
}

/// Appends the skipped test and why to the tally `tools/test` prints last (a file per test
/// process in `$EDGECFG_SKIP_LOG`, or under the target directory's tmp/edgecfg-skips).
fn record_skip(msg: &str) {
    use std::io::Write;
    let dir = std::env::var_os("EDGECFG_SKIP_LOG")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("edgecfg-skips"));
    let _ = std::fs::create_dir_all(&dir);
    let test = std::thread::current()
        .name()
        .unwrap_or("(unnamed test)")
        .to_owned();
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    // `cli-0123abcd` → `cli`: the test binary's name without cargo's hash.
    let binary = exe.rsplit_once('-').map_or(exe.as_str(), |(b, _)| b);
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(format!("{}.txt", std::process::id())))
    {
        // One write per line: O_APPEND keeps concurrent tests' lines whole.
        let _ = f.write_all(format!("{binary}::{test}: {msg}\n").as_bytes());
    }
}

/// `../shared/tools/kecheck/run-kecheck` (KubeEdge's own config loading per release). It needs
/// root (it runs KubeEdge's code in a private mount namespace): without it, or without the
/// pack, the test is skipped loudly, unless `EDGECFG_REQUIRE_TOOLS=1`.
pub fn run_kecheck() -> Option<PathBuf> {
    let dir = shared("tools/kecheck")?;
    let script = dir.join("run-kecheck");
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if !root || !script.exists() {
        return skip(
            &format!(
                "SKIPPED: {} needs root (it runs KubeEdge's code in a private mount namespace)",
                script.display()
            ),
            "EDGECFG_REQUIRE_TOOLS",
        );
    }
    Some(script)
}
