//! The kubelet feature-gate table (`lib/releases/kubelet-feature-gates.json`, generated from
//! the Kubernetes tree KubeEdge vendors) against the real edgecore v1.23.1: for each probe file,
//! edgecore exits on its gates ("failed to set feature gates") exactly when `edgecfg validate`
//! reports `kubelet-feature-gate`. edgecore runs on the host with every path it writes in a
//! temporary directory and an absent CRI socket, so it stops at the CRI check when the gates
//! pass; no system is brought up.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use edgecfg::model::kubelet_gates::{Gate, kubelet_gates};

/// Where edgecore writes by default: the probes must create none of them.
const HOST_PATHS: &[&str] = &[
    "/etc/kubeedge",
    "/var/lib/kubeedge",
    "/var/lib/kubelet",
    "/var/log/pods",
];

/// edgecore's log for `config`, killed after 30 s if it is still running.
fn edgecore_log(edgecore: &Path, config: &Path) -> String {
    let mut child = Command::new(edgecore)
        .arg("--config")
        .arg(config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("edgecore starts");
    let t = Instant::now();
    while child.try_wait().unwrap().is_none() && t.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout)
}

fn config(dir: &Path, gates: &BTreeMap<String, bool>) -> String {
    let d = dir.display();
    let mut s = format!(
        "apiVersion: edgecore.config.kubeedge.io/v1alpha2
kind: EdgeCore
database:
  dataSource: {d}/edgecore.db
modules:
  deviceTwin:
    enable: false
    dmiSockPath: {d}/dmi.sock
  edgeHub:
    enable: false
  edged:
    hostnameOverride: gate-probe
    nodeIP: 192.0.2.99
    rootDirectory: {d}/kubelet
    tailoredKubeletConfig:
      staticPodPath: {d}/manifests
      podLogsDir: {d}/pods
      containerRuntimeEndpoint: unix://{d}/no-cri.sock
      imageServiceEndpoint: unix://{d}/no-cri.sock
      featureGates:
"
    );
    for (k, v) in gates {
        s.push_str(&format!("        {k}: {v}\n"));
    }
    s
}

#[test]
fn kubelet_feature_gates_match_edgecore() {
    let _guard = crate::lock();
    let Some(tools) = crate::kesys::tools() else {
        return;
    };
    let edgecore = tools.bin.join("edgecore");
    let set = kubelet_gates(23).expect("a 1.23 table");
    assert_eq!(set.tag, "v1.23.1", "the kesys edgecore is v1.23.1");
    let every = |settable: bool| -> BTreeMap<String, bool> {
        set.names()
            .map(|n| {
                let v = match set.gate(n) {
                    Gate::Locked(v) => v,
                    _ => settable,
                };
                (n.to_owned(), v)
            })
            .collect()
    };
    let mut probes: Vec<(String, BTreeMap<String, bool>)> = vec![
        (
            "every gate off (locked ones at their value)".into(),
            every(false),
        ),
        (
            "every gate on (locked ones at their value)".into(),
            every(true),
        ),
        (
            "an unknown gate".into(),
            [("NoSuchGate".to_owned(), true)].into(),
        ),
        (
            "a typo".into(),
            [("KubeletCrashLoopBackoffMax".to_owned(), true)].into(),
        ),
        (
            "a gate of Kubernetes 1.22 (KubeEdge 1.12), removed by 1.32".into(),
            [("DynamicKubeletConfig".to_owned(), false)].into(),
        ),
        (
            "a gate declared but never registered".into(),
            [("LoggingStableOptions".to_owned(), true)].into(),
        ),
    ];
    for n in set.names() {
        if let Gate::Locked(v) = set.gate(n) {
            probes.push((
                format!("{n} locked to {v}, set to {}", !v),
                [(n.to_owned(), !v)].into(),
            ));
        }
    }
    let before: Vec<(&str, bool)> = HOST_PATHS
        .iter()
        .map(|p| (*p, Path::new(p).exists()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let (mut exits, mut starts) = (0, 0);
    for (i, (what, gates)) in probes.iter().enumerate() {
        let work = dir.path().join(format!("p{i}"));
        std::fs::create_dir_all(&work).unwrap();
        let file = work.join("edgecore.yaml");
        std::fs::write(&file, config(&work, gates)).unwrap();
        let log = edgecore_log(&edgecore, &file);
        let gate_error = log.contains("failed to set feature gates");
        // Past the gates, edgecore must get as far as something after them (the CRI check, or
        // the kubelet validation of a gate's own settings): never silence.
        assert!(
            gate_error || log.contains("Start edged failed"),
            "{what}: edgecore neither refused the gates nor started edged:\n{log}"
        );
        let out = Command::new(&tools.edgecfg)
            .args(["validate", "--kubeedge-version", "1.23", "--format", "json"])
            .arg(&file)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        let ours = report.contains("\"kubelet-feature-gate\"");
        assert_eq!(
            ours,
            gate_error,
            "{what}: edgecore {} on its feature gates, edgecfg {}:\n{report}\n--- edgecore:\n{}",
            if gate_error { "exits" } else { "does not exit" },
            if ours {
                "reports kubelet-feature-gate"
            } else {
                "does not"
            },
            log.lines()
                .filter(|l| l.starts_with('E') || l.starts_with('F'))
                .collect::<Vec<_>>()
                .join("\n")
        );
        if gate_error {
            exits += 1;
        } else {
            starts += 1;
        }
    }
    for (host_path, existed) in &before {
        assert!(
            *existed || !Path::new(host_path).exists(),
            "the probes left {host_path} on the host"
        );
    }
    println!(
        "kubelet feature gates: {} probes against edgecore v1.23.1 ({} gates in the table): edgecore exits on {exits}, starts edged on {starts}; edgecfg agrees on all",
        probes.len(),
        set.names().count()
    );
    assert_eq!(starts, 2, "the two full tables pass edgecore's gate parse");
}
