//! System tests: a real KubeEdge (etcd, kube-apiserver, cloudcore, edgecore, containerd, from
//! `../shared/tools/kesys`) as the judge of what edgecfg claims. Each test brings a whole system
//! up from nothing (one cloud host, two edge hosts), runs its scenario against it and tears it
//! down, verifying that nothing is left on the host. One system at a time (a process-wide lock).
//!
//! Needs root and Debian's containerd, runc, iptables, containernetworking-plugins,
//! libsqlite3-0, iproute2, util-linux, openssl, curl, xz-utils; kubectl from
//! `tools/install-test-tools.sh`. Without them every test here is skipped loudly; `.ci/run`
//! installs them and makes a skip a failure.

mod agent_fleet;
mod check_reality;
#[path = "../common/mod.rs"]
mod common;
mod host;
mod image;
mod kesys;
mod kubelet_gates;
mod main_job;
mod observe;
mod pki;
mod proc;
mod tools;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};

use kesys::{Options, System};

/// One system at a time: network names are unique per system, but the machine has 2 cores.
static ONE_SYSTEM: Mutex<()> = Mutex::new(());

pub fn lock() -> MutexGuard<'static, ()> {
    ONE_SYSTEM.lock().unwrap_or_else(|e| e.into_inner())
}

/// Brings a system up (or skips), runs `f`, tears it down and asserts nothing is left.
fn with_system(opts: Options, f: impl FnOnce(&mut System)) {
    let _guard = lock();
    let Some(tools) = kesys::tools() else { return };
    let mut sys = System::up(tools, opts);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut sys)));
    let peak = sys.peak_mib();
    let ready = sys.t_ready.unwrap_or_default();
    sys.down();
    let left = sys.leftovers();
    sys.say(&format!(
        "time to Ready {ready:.1} s, peak memory {peak:.0} MiB (RSS, every process of the system)"
    ));
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
    assert!(
        left.is_empty(),
        "left on the host after teardown: {left:#?}"
    );
}

#[test]
fn two_edge_nodes_come_up_and_leave_nothing() {
    with_system(Options::default(), |sys| {
        let nodes = sys.kc(&["get", "nodes", "-o", "name"]).unwrap();
        assert_eq!(nodes.lines().count(), 2, "{nodes}");
        for e in &sys.edges {
            assert!(
                e.edgecore().runs().pid.is_some(),
                "{} edgecore down",
                e.name
            );
        }
    });
}

/// Runs edgecfg; (exit code, stdout, stderr).
pub fn edgecfg(sys: &System, args: &[&str]) -> (i32, String, String) {
    edgecfg_stdin(sys, args, b"")
}

/// Runs edgecfg with `stdin`; (exit code, stdout, stderr).
pub fn edgecfg_stdin(sys: &System, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(&sys.tools.edgecfg)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("edgecfg");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `edgecfg post-render -p metrics-server --param insecureTLS=true` of a metrics-server render,
/// written to the system's logs as `name`; its path.
pub fn post_render_metrics_server(
    sys: &System,
    render: &std::path::Path,
    name: &str,
) -> std::path::PathBuf {
    let (code, out, err) = edgecfg_stdin(
        sys,
        &[
            "post-render",
            "-p",
            "metrics-server",
            "--param",
            "insecureTLS=true",
            // It runs on the cloud host, where cloudcore's internal iptables mode writes the
            // TUNNEL-PORT chain (kesys runs it there as a process; the pin says so to check).
            "--param",
            "node=kesys-cloud",
        ],
        &std::fs::read(render).unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    let file = sys.logs.join(name);
    std::fs::write(&file, out).unwrap();
    file
}
