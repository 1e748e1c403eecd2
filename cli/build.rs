//! Records the git commit the binary is built from (for `edgecfg --version`), when there is one.
fn main() {
    println!("cargo:rerun-if-changed=../.git/HEAD");
    println!("cargo:rerun-if-changed=../.git/refs/heads");
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    let commit = commit.unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=EDGECFG_GIT_COMMIT={commit}");
}
