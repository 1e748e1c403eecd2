//! Facts about the host the harness reads: processes and their namespaces, cgroups, the
//! host's iptables rules, memory.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::proc::run;

pub fn ns_inode(path: &str) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| m.ino())
}

pub fn iptables_rules() -> String {
    run(&["iptables-save"])
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| match l.rfind(" [") {
            Some(i) if l.starts_with(':') => l[..i].to_owned(),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn procs() -> Vec<u32> {
    fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

pub fn net_inode(pid: u32) -> Option<u64> {
    let l = fs::read_link(format!("/proc/{pid}/ns/net")).ok()?;
    let l = l.to_str()?;
    l.strip_prefix("net:[")?.strip_suffix(']')?.parse().ok()
}

/// The cgroup directories of a kubelet cgroup root, created (cgroup v1: every hierarchy but the
/// unified one; cpuset needs its cpus and mems copied from the parent).
pub fn make_cgroot(root: &str) -> Vec<PathBuf> {
    let base = Path::new("/sys/fs/cgroup");
    let rel = root.trim_start_matches('/');
    if base.join("cgroup.controllers").exists() {
        let d = base.join(rel);
        fs::create_dir_all(&d).unwrap();
        return vec![d];
    }
    let mut out = vec![];
    for e in fs::read_dir(base).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "unified" || !e.path().is_dir() || e.path().is_symlink() {
            continue;
        }
        let d = e.path().join(rel);
        if fs::create_dir_all(&d).is_err() {
            continue;
        }
        if name.contains("cpuset") {
            for f in ["cpuset.cpus", "cpuset.mems"] {
                if let Ok(v) = fs::read_to_string(e.path().join(f)) {
                    let _ = fs::write(d.join(f), v);
                }
            }
        }
        out.push(d);
    }
    out
}

pub fn cgroup_pids(root: &str) -> Vec<u32> {
    let rel = root.trim_start_matches('/');
    let mut out = vec![];
    for hier in ["pids", "memory", ""] {
        let d = Path::new("/sys/fs/cgroup").join(hier).join(rel);
        if !d.is_dir() {
            continue;
        }
        let list = run(&[
            "sh",
            "-c",
            &format!(
                "find '{}' -name cgroup.procs -exec cat {{}} + 2>/dev/null",
                d.display()
            ),
        ])
        .unwrap_or_default();
        out.extend(list.lines().filter_map(|l| l.trim().parse::<u32>().ok()));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Total RSS (KiB) of every process in the given network namespaces or in a cgroup named with
/// the prefix.
pub fn rss_kib(inodes: &HashSet<u64>, prefix: &str) -> u64 {
    let mut total = 0;
    for pid in procs() {
        let ours = net_inode(pid).is_some_and(|n| inodes.contains(&n))
            || fs::read_to_string(format!("/proc/{pid}/cgroup")).is_ok_and(|c| c.contains(prefix));
        if !ours {
            continue;
        }
        if let Ok(st) = fs::read_to_string(format!("/proc/{pid}/status")) {
            total += st
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    total
}
