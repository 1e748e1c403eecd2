//! What the running system does: each observation makes the request a user (or
//! metrics-server, or EdgeMesh) makes and judges the *content* of the answer — cloudcore's
//! stream server answers `200 OK` with an empty body when the tunnel is gone (kesys quirk 2).

use std::time::{Duration, Instant};

use crate::kesys::{CLOUD_IP, System, wait_for};

/// One observation: did it work, and what was seen (the start of the output or the error).
#[derive(Debug, Clone)]
pub struct Seen {
    /// It worked (the expected content was there).
    pub ok: bool,
    /// What the command printed, shortened.
    pub detail: String,
}

impl Seen {
    fn judge(out: Result<String, String>, good: impl Fn(&str) -> bool) -> Seen {
        let (ok, text) = match out {
            Ok(t) => (good(&t), t),
            Err(e) => (false, e),
        };
        let mut detail: String = text.trim().chars().take(300).collect();
        if detail.is_empty() {
            detail = "(empty answer)".into();
        }
        Seen { ok, detail }
    }
}

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}",
            if self.ok { "works" } else { "fails" },
            self.detail.replace('\n', " ⏎ ")
        )
    }
}

/// `kubectl logs ticker-NODE --tail=2`: busybox prints `kesys tick N` every 5 s.
pub fn logs(sys: &System, node: &str) -> Seen {
    Seen::judge(
        sys.kc(&[
            "logs",
            &format!("ticker-{node}"),
            "--tail=2",
            "--request-timeout=20s",
        ]),
        |t| t.contains("kesys tick"),
    )
}

/// `kubectl exec ticker-NODE -- echo …`.
pub fn exec(sys: &System, node: &str) -> Seen {
    let word = format!("hello-from-{node}");
    Seen::judge(
        sys.kc(&[
            "exec",
            &format!("ticker-{node}"),
            "--request-timeout=20s",
            "--",
            "echo",
            &word,
        ]),
        |t| t.trim() == word,
    )
}

/// The Node's kubelet port (10350 until the tunnel is up, then the negotiated tunnel port).
pub fn kubelet_port(sys: &System, node: &str) -> String {
    sys.kc(&[
        "get",
        "node",
        node,
        "-o",
        "jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}",
    ])
    .unwrap_or_default()
}

/// The request metrics-server makes (`GET https://<InternalIP>:<kubelet port>/metrics/resource`,
/// its own client certificate, from the cloud host).
pub fn kubelet_metrics(sys: &System, node: &str) -> Seen {
    let ip = &sys.edge_named(node).ip;
    let port = kubelet_port(sys, node);
    let p = sys.pki.display();
    Seen::judge(
        sys.cloud_run(&[
            "curl",
            "-sS",
            "-k",
            "--max-time",
            "15",
            "--fail-with-body",
            "--cert",
            &format!("{p}/metrics-client.crt"),
            "--key",
            &format!("{p}/metrics-client.key"),
            &format!("https://{ip}:{port}/metrics/resource"),
        ]),
        |t| t.contains("container_cpu_usage_seconds_total{container=\"ticker\""),
    )
}

/// `kubectl top node NODE`.
pub fn top_node(sys: &System, node: &str) -> Seen {
    Seen::judge(sys.kc(&["top", "node", node, "--no-headers"]), |t| {
        t.split_whitespace().next() == Some(node)
            && t.split_whitespace()
                .nth(1)
                .is_some_and(|c| c.ends_with('m'))
    })
}

/// `kubectl top pod ticker-NODE`.
pub fn top_pod(sys: &System, node: &str) -> Seen {
    let pod = format!("ticker-{node}");
    Seen::judge(sys.kc(&["top", "pod", &pod, "--no-headers"]), |t| {
        t.split_whitespace().next() == Some(pod.as_str())
    })
}

/// What EdgeMesh does on the edge: `GET http://127.0.0.1:10550/api/v1/…` to edgecore's
/// metaServer, answered from the cloud through the hub.
pub fn metaserver(sys: &System, node: &str) -> Seen {
    Seen::judge(
        sys.edge_named(node).run(&[
            "curl",
            "-sS",
            "--max-time",
            "10",
            "http://127.0.0.1:10550/api/v1/namespaces/default/pods",
        ]),
        |t| {
            serde_json::from_str::<serde_json::Value>(t).is_ok_and(|v| {
                v["kind"] == "PodList"
                    && v["items"].as_array().is_some_and(|items| {
                        items
                            .iter()
                            .any(|p| p["metadata"]["name"] == format!("ticker-{node}").as_str())
                    })
            })
        },
    )
}

/// The Node's Ready condition is True.
pub fn node_ready(sys: &System, node: &str) -> bool {
    sys.kc(&[
        "get",
        "node",
        node,
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}",
    ])
    .is_ok_and(|s| s == "True")
}

/// The node's Lease (`kube-node-lease/NODE`, renewed by edged every 10 s through cloudcore)
/// was renewed after `since`: the node really reports to the API server. `None` when it has
/// no Lease.
pub fn lease_renewed_since(sys: &System, node: &str, since: std::time::SystemTime) -> Option<bool> {
    let t = sys
        .kc(&[
            "-n",
            "kube-node-lease",
            "get",
            "lease",
            node,
            "-o",
            "jsonpath={.spec.renewTime}",
        ])
        .ok()?;
    let t = humantime::parse_rfc3339_weak(t.trim()).ok()?;
    Some(t > since)
}

/// edgeHub's websocket connection to cloudcore (port 10000) is established and stays the same
/// connection for 2 s (a node cloudcore refuses, over its nodeLimit, reconnects again and
/// again): the channel node status, pods and metaServer answers travel on.
pub fn hub_connected(sys: &System, node: &str) -> bool {
    let edge = sys.edge_named(node);
    let sample = || -> Vec<String> {
        edge.run(&[
            "ss",
            "-Htn",
            "state",
            "established",
            "dst",
            &format!("{CLOUD_IP}:10000"),
        ])
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2).map(str::to_owned))
        .collect()
    };
    let first = sample();
    if first.is_empty() {
        return false;
    }
    std::thread::sleep(Duration::from_secs(1));
    let second = sample();
    std::thread::sleep(Duration::from_secs(1));
    let third = sample();
    first
        .iter()
        .any(|c| second.contains(c) && third.contains(c))
}

/// Whether edgecore stays up: the run in progress has lasted `secs` (waiting for it, up to
/// `secs` + 20 s). False when edgecore keeps exiting.
pub fn edgecore_stays_up(sys: &System, node: &str, secs: u64) -> bool {
    let ec = sys.edge_named(node).edgecore();
    let end = Instant::now() + Duration::from_secs(secs + 20);
    while Instant::now() < end {
        let r = ec.runs();
        if r.since
            .is_some_and(|s| s.elapsed() >= Duration::from_secs(secs))
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    false
}

/// Waits until the Node's kubelet port is the tunnel's (10351+) and it is Ready; false after
/// `secs`.
pub fn wait_tunnel(sys: &System, node: &str, secs: u64) -> bool {
    wait_for(secs, || {
        kubelet_port(sys, node)
            .parse::<u16>()
            .is_ok_and(|p| p > 10350)
            && node_ready(sys, node)
    })
}

/// Retries `f` until it works or `secs` pass; the last observation.
pub fn eventually(secs: u64, mut f: impl FnMut() -> Seen) -> Seen {
    let end = Instant::now() + Duration::from_secs(secs);
    loop {
        let s = f();
        if s.ok || Instant::now() >= end {
            return s;
        }
        std::thread::sleep(Duration::from_secs(2));
    }
}

/// The cloud's address as edges dial it.
pub fn cloud_address() -> &'static str {
    CLOUD_IP
}

/// A new pod bound to NODE (`probe-NODE-N`, the ticker's image) is Running within `secs`: edged
/// syncs pods (from KubeEdge 1.19 it first waits for its own health check on
/// localhost:<readOnlyPort>). The pod is force-deleted afterwards either way.
pub fn new_pod_runs(sys: &System, node: &str, secs: u64) -> Seen {
    // a new name each time: a force-deleted pod of the same name can still be on the edge
    let name = format!(
        "probe-{node}-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() % 1_000_000)
    );
    sys.apply(&format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, namespace: default}}\nspec:\n  nodeName: {node}\n  automountServiceAccountToken: false\n  containers:\n  - name: probe\n    image: localhost/kesys/busybox:1.35\n    imagePullPolicy: Never\n"
    ));
    let started = Instant::now();
    let mut phase = String::new();
    let ok = wait_for(secs, || {
        phase = sys
            .kc(&["get", "pod", &name, "-o", "jsonpath={.status.phase}"])
            .unwrap_or_default();
        phase == "Running"
    });
    let _ = sys.kc(&[
        "delete",
        "pod",
        &name,
        "--grace-period=0",
        "--force",
        "--wait=false",
    ]);
    Seen {
        ok,
        detail: if ok {
            format!("Running after {:.0} s", started.elapsed().as_secs_f64())
        } else {
            format!(
                "not Running within {secs} s (phase {})",
                if phase.is_empty() { "none" } else { &phase }
            )
        },
    }
}
