//! The agent's container image without a Docker engine: edgecfg built static for musl (as the
//! Dockerfile's `minimal` stage builds it, here with Debian's musl-tools instead of zig), laid
//! out like that stage (`/usr/local/bin/edgecfg`, `PATH=/usr/local/bin`, entrypoint
//! `edgecfg`), written as a docker-archive tarball that `ctr images import` takes.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::common;
use crate::proc::{must, run};

/// The image's reference.
pub const IMAGE: &str = "localhost/edgecfg";
/// Its tag.
pub const TAG: &str = "system-test";

static BUILD: Mutex<()> = Mutex::new(());

/// Builds the static binary (once per test run) and the image tarball; its path. `None`
/// (skipped loudly, a failure under `.ci/run`) when the musl target or musl-gcc is missing.
pub fn agent_image() -> Option<PathBuf> {
    let _guard = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    let root = common::root();
    let target = "x86_64-unknown-linux-musl";
    let installed = run(&["rustup", "target", "list", "--installed"]).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == target) || run(&["musl-gcc", "--version"]).is_err() {
        return common::skip(
            &format!(
                "SKIPPED: the agent image needs the Rust target {target} (rustup target add {target}) and musl-gcc (apt-get install musl-tools)"
            ),
            "EDGECFG_REQUIRE_TOOLS",
        );
    }
    let out = root.join("target/kesys/image");
    let tarball = out.join("edgecfg-image.tar");
    eprintln!("system: cargo build --release --target {target} (the agent image's static edgecfg)");
    let status = std::process::Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--locked",
            "-q",
            "-p",
            "edgecfg-cli",
            "--target",
            target,
        ])
        .current_dir(&root)
        .env("CC_x86_64_unknown_linux_musl", "musl-gcc")
        .status()
        .expect("cargo");
    assert!(status.success(), "the static build failed");
    let bin = root.join(format!("target/{target}/release/edgecfg"));
    let _ = fs::remove_dir_all(&out);
    let layer_dir = out.join("rootfs");
    fs::create_dir_all(layer_dir.join("usr/local/bin")).unwrap();
    fs::copy(&bin, layer_dir.join("usr/local/bin/edgecfg")).unwrap();
    let arch = out.join("archive");
    fs::create_dir_all(&arch).unwrap();
    let layer = arch.join("layer.tar");
    tar(&layer_dir, &layer, &["."]);
    let diff_id = sha256(&layer);
    fs::create_dir_all(arch.join(&diff_id)).unwrap();
    fs::rename(&layer, arch.join(&diff_id).join("layer.tar")).unwrap();
    let config = serde_json::json!({
        "architecture": "amd64",
        "os": "linux",
        "config": {"Env": ["PATH=/usr/local/bin"], "Entrypoint": ["edgecfg"]},
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{diff_id}")]},
        "history": [{"created_by": "edgecfg tests/system/image.rs (the Dockerfile's minimal stage)"}],
    })
    .to_string();
    let config_file = arch.join("config.json");
    fs::write(&config_file, &config).unwrap();
    let config_id = sha256(&config_file);
    fs::rename(&config_file, arch.join(format!("{config_id}.json"))).unwrap();
    let manifest = serde_json::json!([{
        "Config": format!("{config_id}.json"),
        "RepoTags": [format!("{IMAGE}:{TAG}")],
        "Layers": [format!("{diff_id}/layer.tar")],
    }]);
    fs::write(arch.join("manifest.json"), manifest.to_string()).unwrap();
    tar(
        &arch,
        &tarball,
        &[
            "manifest.json",
            &format!("{config_id}.json"),
            &format!("{diff_id}/layer.tar"),
        ],
    );
    eprintln!(
        "system: image {IMAGE}:{TAG} ({} bytes, static edgecfg {} bytes)",
        fs::metadata(&tarball).unwrap().len(),
        fs::metadata(&bin).unwrap().len()
    );
    Some(tarball)
}

fn tar(dir: &Path, out: &Path, members: &[&str]) {
    let mut argv = vec![
        "tar",
        "--numeric-owner",
        "--owner=0",
        "--group=0",
        "--sort=name",
        "--mtime=@0",
        "-C",
        dir.to_str().unwrap(),
        "-cf",
        out.to_str().unwrap(),
    ];
    argv.extend_from_slice(members);
    must(&argv);
}

fn sha256(file: &Path) -> String {
    must(&["sha256sum", file.to_str().unwrap()])
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}
