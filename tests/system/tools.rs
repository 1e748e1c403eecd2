//! What a system needs on this machine: root, the Debian tools, kubectl, and the kesys
//! binaries, unpacked once into `target/kesys/bin` and checked against their `SHA256SUMS`.
//! Missing, the tests skip loudly; `.ci/run` makes a skip a failure.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::common;
use crate::proc::{must, run};

/// Where everything the harness needs is, once found.
#[derive(Debug, Clone)]
pub struct Tools {
    /// The unpacked kesys binaries.
    pub bin: PathBuf,
    /// The kesys package (images, CRDs, metrics-server RBAC).
    pub kesys: PathBuf,
    /// kubectl.
    pub kubectl: PathBuf,
    /// The edgecfg binary under test.
    pub edgecfg: PathBuf,
}

static UNPACK: Mutex<()> = Mutex::new(());

/// Finds (and unpacks) what a system needs, or skips loudly: not root, a Debian package
/// missing, `../shared/tools/kesys` absent. `.ci/run` makes a skip a failure.
pub fn tools() -> Option<Tools> {
    let kesys = match std::env::var_os("EDGECFG_KESYS") {
        Some(p) => PathBuf::from(p),
        None => common::shared("tools/kesys")?,
    };
    if !kesys.join("bin/SHA256SUMS").is_file() {
        return common::skip(
            &format!(
                "SKIPPED: no kesys package at {} (set EDGECFG_KESYS)",
                kesys.display()
            ),
            "EDGECFG_REQUIRE_SHARED",
        );
    }
    if must(&["id", "-u"]).trim() != "0" {
        return common::skip(
            "SKIPPED: the system tests need root (network and mount namespaces, cgroups, iptables)",
            "EDGECFG_REQUIRE_TOOLS",
        );
    }
    let mut missing: Vec<&str> = [
        "containerd",
        "containerd-shim-runc-v2",
        "runc",
        "ctr",
        "iptables",
        "iptables-save",
        "nsenter",
        "unshare",
        "ip",
        "openssl",
        "curl",
        "xz",
        "sha256sum",
        "kill",
        "ss",
        "tar",
    ]
    .into_iter()
    .filter(|c| which(c).is_none())
    .collect();
    if !Path::new("/usr/lib/cni/bridge").is_file() {
        missing.push("/usr/lib/cni/bridge");
    }
    if run(&["sh", "-c", "ldconfig -p | grep -q libsqlite3.so.0"]).is_err() {
        missing.push("libsqlite3.so.0");
    }
    if !missing.is_empty() {
        return common::skip(
            &format!(
                "SKIPPED: missing {} (apt-get install -y containerd runc iptables containernetworking-plugins libsqlite3-0 iproute2 util-linux procps openssl curl xz-utils)",
                missing.join(", ")
            ),
            "EDGECFG_REQUIRE_TOOLS",
        );
    }
    let kubectl = common::tool("kubectl-1.35")?;
    let bin = common::root().join("target/kesys/bin");
    {
        let _guard = UNPACK.lock().unwrap_or_else(|e| e.into_inner());
        unpack(&kesys.join("bin"), &bin);
    }
    Some(Tools {
        bin,
        kesys,
        kubectl,
        edgecfg: common::bin(),
    })
}

fn which(cmd: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|d| d.join(cmd))
        .find(|p| p.is_file())
}

/// Unpacks `SRC/NAME-linux-amd64.xz` into `DEST/NAME` where the unpacked binary's sha256 (listed
/// in `SRC/SHA256SUMS`) does not match yet.
fn unpack(src: &Path, dest: &Path) {
    fs::create_dir_all(dest).unwrap();
    let sums = fs::read_to_string(src.join("SHA256SUMS")).unwrap();
    for line in sums.lines() {
        let Some((sum, name)) = line.split_once("  ") else {
            continue;
        };
        if name.ends_with(".xz") {
            continue;
        }
        let xz = src.join(format!("{name}-linux-amd64.xz"));
        if !xz.is_file() {
            continue;
        }
        let target = dest.join(name);
        let ok = |p: &Path| {
            run(&["sha256sum", p.to_str().unwrap()])
                .is_ok_and(|o| o.split_whitespace().next() == Some(sum))
        };
        if target.is_file() && ok(&target) {
            continue;
        }
        let part = dest.join(format!("{name}.part"));
        must(&[
            "sh",
            "-c",
            &format!(
                "xz -d -c -T2 '{}' > '{}' && chmod 0755 '{}'",
                xz.display(),
                part.display(),
                part.display()
            ),
        ]);
        assert!(ok(&part), "{name}: sha256 mismatch after unpacking {xz:?}");
        fs::rename(&part, &target).unwrap();
        eprintln!("system: unpacked {} ({sum})", target.display());
    }
}
