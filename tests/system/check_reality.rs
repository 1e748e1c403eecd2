//! `edgecfg check` against a running KubeEdge. The system starts healthy (cloudStream on as the
//! chart has it, `streams-on` applied to both edges, logs and metrics through the tunnel). Each
//! condition is then produced on one edge host (two conditions at a time, one per edge) or on
//! the cloud, the component restarted, and what really happens is recorded: edgecore up or
//! exiting, Node Ready, `kubectl logs` (the logs/exec path), the request metrics-server makes
//! (`/metrics/resource` on the Node's kubelet port), edgecore's metaServer. `edgecfg check` runs
//! on the same files (cloudcore.yaml, both edgecore.yaml, `kubectl get nodes -o json`, the
//! metrics-server manifest after `post-render -p metrics-server`) and its "what works" is
//! compared node by node. A "works" that the system shows broken fails the test; so does a
//! "broken" that works, unless the condition names the documented reason.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::kesys::{Options, System, wait_for};
use crate::observe::{self, eventually};
use crate::{common, edgecfg, with_system};

/// A condition: edits to one edge's edgecore.yaml, or to cloudcore.yaml.
struct Condition {
    /// Short id (README table).
    id: &'static str,
    /// What it is, for the table.
    what: &'static str,
    /// `edgecfg set` assignments on the edge (`{ip}`: the edge's address).
    edge: &'static [&'static str],
    /// `edgecfg unset` paths on the edge.
    edge_unset: &'static [&'static str],
    /// `edgecfg set` assignments on cloudcore.yaml (a cloud condition: both edges observed).
    cloud: &'static [&'static str],
}

const EDGE_CONDITIONS: &[Condition] = &[
    Condition {
        id: "naive-fix",
        what: "edgeStream on with its default tunnel certificate paths (/etc/kubeedge/certs/…), edgeHub's certificates elsewhere: `keadm join --set modules.edgeStream.enable=true`",
        edge: &[],
        edge_unset: &[
            "modules.edgeStream.tlsTunnelCAFile",
            "modules.edgeStream.tlsTunnelCertFile",
            "modules.edgeStream.tlsTunnelPrivateKeyFile",
        ],
        cloud: &[],
    },
    Condition {
        id: "edgestream-off",
        what: "edgeStream off while cloudStream is on (keadm join's default)",
        edge: &["modules.edgeStream.enable=false"],
        edge_unset: &[],
        cloud: &[],
    },
    Condition {
        id: "tunnel-port",
        what: "edgeStream.server dials a port cloudcore does not serve (10005 instead of tunnelPort 10004)",
        edge: &["modules.edgeStream.server=10.213.0.1:10005"],
        edge_unset: &[],
        cloud: &[],
    },
    Condition {
        id: "hub-port",
        what: "edgeHub.websocket.server dials a port cloudcore does not serve (10009)",
        edge: &["modules.edgeHub.websocket.server=10.213.0.1:10009"],
        edge_unset: &[],
        cloud: &[],
    },
    Condition {
        id: "edged-address",
        what: "edged's address is the node IP, not loopback (edgeStream dials 127.0.0.1:10350)",
        edge: &["modules.edged.tailoredKubeletConfig.address={ip}"],
        edge_unset: &[],
        cloud: &[],
    },
    Condition {
        id: "readonly-port",
        what: "edged's readOnlyPort is 10999, not 10350",
        edge: &["modules.edged.tailoredKubeletConfig.readOnlyPort=10999"],
        edge_unset: &[],
        cloud: &[],
    },
    Condition {
        id: "readonly-port-0",
        what: "edged's readOnlyPort is 0 (no read-only server at all)",
        edge: &["modules.edged.tailoredKubeletConfig.readOnlyPort=0"],
        edge_unset: &[],
        cloud: &[],
    },
    Condition {
        id: "edged-loopback-2",
        what: "edged's address is 127.0.0.2, another loopback address",
        edge: &["modules.edged.tailoredKubeletConfig.address=127.0.0.2"],
        edge_unset: &[],
        cloud: &[],
    },
    Condition {
        id: "edgehub-off",
        what: "edgeHub disabled",
        edge: &["modules.edgeHub.enable=false"],
        edge_unset: &[],
        cloud: &[],
    },
    Condition {
        id: "metaserver-no-dc",
        what: "metaServer on at the edge, dynamicController off in the cloud (its default)",
        edge: &["modules.metaManager.metaServer.enable=true"],
        edge_unset: &[],
        cloud: &[],
    },
];

const CLOUD_CONDITIONS: &[Condition] = &[
    Condition {
        id: "node-limit",
        what: "cloudHub.nodeLimit 1 with two edge nodes",
        edge: &[],
        edge_unset: &[],
        cloud: &["modules.cloudHub.nodeLimit=1"],
    },
    Condition {
        id: "cloudstream-off",
        what: "cloudStream off (the Go default) with edgeStream on at the edges",
        edge: &[],
        edge_unset: &[],
        cloud: &["modules.cloudStream.enable=false"],
    },
    Condition {
        id: "iptables-off",
        what: "cloudcore's iptables manager off (internal mode before)",
        edge: &[],
        edge_unset: &[],
        cloud: &["modules.iptablesManager.enable=false"],
    },
];

/// What the system did on one node.
#[derive(Debug, Clone)]
struct Reality {
    edgecore_up: bool,
    ready: bool,
    /// A new pod bound to the node runs within 60 s, or a second one does (only tried when
    /// the node reports).
    pods: observe::Seen,
    logs: observe::Seen,
    metrics: observe::Seen,
    meta: observe::Seen,
}

fn observe_node(sys: &System, node: &str, hub_secs: u64) -> Reality {
    let since = std::time::SystemTime::now();
    // edgecore stays up for 8 s (or keeps exiting), then it has `hub_secs` to report: its
    // Lease renewed through cloudcore (the Node's Ready condition can be stale: with the
    // minimal control plane nothing turns a silent node's Ready to Unknown; and a node over
    // cloudcore's nodeLimit keeps an open websocket that is not served), or, without a Lease,
    // a stable hub connection
    let edgecore_up = observe::edgecore_stays_up(sys, node, 8);
    let ready = edgecore_up
        && wait_for(hub_secs, || {
            observe::lease_renewed_since(sys, node, since)
                .unwrap_or_else(|| observe::hub_connected(sys, node))
        });
    let logs = if ready {
        eventually(12, || observe::logs(sys, node))
    } else {
        observe::logs(sys, node)
    };
    let metrics = if logs.ok {
        eventually(6, || observe::kubelet_metrics(sys, node))
    } else {
        observe::kubelet_metrics(sys, node)
    };
    let meta = observe::metaserver(sys, node);
    let pods = if ready {
        // A CI run once saw a healthy node miss a pod created while cloudcore restarted (the
        // add never reached the edge): a second pod decides. edged that never syncs (its
        // health check fails) leaves both Pending.
        let first = observe::new_pod_runs(sys, node, 60);
        if first.ok {
            first
        } else {
            let second = observe::new_pod_runs(sys, node, 60);
            observe::Seen {
                ok: second.ok,
                detail: format!("{} (a first pod: {})", second.detail, first.detail),
            }
        }
    } else {
        observe::Seen {
            ok: false,
            detail: "not tried: the node does not report".into(),
        }
    };
    Reality {
        edgecore_up,
        ready,
        pods,
        logs,
        metrics,
        meta,
    }
}

/// check's verdict for one capability on one node: "works", "broken [rules]", "not used" or
/// "unknown: why".
fn verdict(works: &Value, cap: &str, node: &str) -> String {
    let Some(c) = works
        .as_array()
        .and_then(|a| a.iter().find(|c| c["name"] == cap))
    else {
        return "absent".into();
    };
    if let Some(why) = c["unknown"].as_str() {
        return format!("unknown: {why}");
    }
    let has = |v: &Value| v.as_array().is_some_and(|a| a.iter().any(|n| n == node));
    if has(&c["works"]) {
        return "works".into();
    }
    if has(&c["not_used"]) {
        return "not used".into();
    }
    for (key, word) in [("broken", "broken"), ("at_risk", "at risk")] {
        for group in c[key].as_array().into_iter().flatten() {
            if !has(&group[1]) {
                continue;
            }
            let rules: Vec<&str> = group[0]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            return format!("{word} [{}]", rules.join(", "));
        }
    }
    "absent".into()
}

/// Runs `edgecfg check --format json` on the system's files; (findings as `severity[rule]`,
/// the "works" table).
fn check(sys: &System, ms: &Path, node: &str) -> (Vec<String>, Value) {
    let nodes = sys.kc(&["get", "nodes", "-o", "json"]).unwrap();
    let nodes_file = sys.logs.join("nodes.json");
    fs::write(&nodes_file, nodes).unwrap();
    let mut args = vec![
        "check".to_owned(),
        "--format".into(),
        "json".into(),
        sys.cloudcore_yaml.display().to_string(),
        nodes_file.display().to_string(),
        ms.display().to_string(),
    ];
    args.extend(sys.edges.iter().map(|e| e.config.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = edgecfg(sys, &refs);
    assert!(code == 0 || code == 1, "check could not run: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let edge_files: Vec<String> = sys
        .edges
        .iter()
        .map(|e| e.config.display().to_string())
        .collect();
    let edge_files: Vec<&str> = edge_files.iter().map(String::as_str).collect();
    let mine = sys.edge_named(node).config.display().to_string();
    let mine = mine.as_str();
    let findings = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        // this node's findings and the cloud-wide ones (no edge config among their places)
        .filter(|f| {
            let files: Vec<&str> = f["locations"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["file"].as_str())
                .collect();
            let on_edges: Vec<&&str> = files.iter().filter(|f| edge_files.contains(f)).collect();
            on_edges.is_empty() || on_edges.iter().any(|f| **f == mine)
        })
        .map(|f| {
            format!(
                "{}[{}]",
                f["severity"].as_str().unwrap_or(""),
                f["rule"].as_str().unwrap_or("")
            )
        })
        .collect();
    (findings, v["works"].clone())
}

/// Compares check's verdict with what happened: `None` when they agree.
fn disagreement(verdict: &str, worked: bool) -> Option<String> {
    if verdict.starts_with("unknown") || verdict.starts_with("at risk") || verdict == "not used" {
        return None;
    }
    match (verdict == "works", worked) {
        (true, false) => Some("check says works, the system shows it broken".into()),
        (false, true) => Some(format!("check says {verdict}, it works")),
        _ => None,
    }
}

fn mark(s: &observe::Seen) -> &'static str {
    if s.ok { "works" } else { "fails" }
}

fn healthy(sys: &System, node: &str) -> bool {
    observe::wait_tunnel(sys, node, 90) && eventually(30, || observe::logs(sys, node)).ok
}

#[test]
fn check_agrees_with_the_running_system() {
    let Some(ms_dir) = common::shared("fixtures/metrics-server/rendered") else {
        return;
    };
    with_system(Options::default(), |sys| {
        // healthy: streams-on on both edges (cloudStream is already on)
        let mut args = vec![
            "apply".to_owned(),
            "-p".into(),
            "streams-on".into(),
            "--param".into(),
            format!("cloudAddress={}", observe::cloud_address()),
        ];
        args.extend(sys.edges.iter().map(|e| e.config.display().to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, err) = edgecfg(sys, &refs);
        assert_eq!(code, 0, "{err}");
        for e in &sys.edges {
            e.edgecore().restart();
        }
        let nodes: Vec<String> = sys.edges.iter().map(|e| e.name.clone()).collect();
        for n in &nodes {
            assert!(healthy(sys, n), "{n} not healthy after streams-on");
        }
        let ms_file = crate::post_render_metrics_server(
            sys,
            &ms_dir.join("metrics-server-chart.helm3.yaml"),
            "metrics-server.yaml",
        );

        let mut table = String::new();
        let mut bad = vec![];
        let mut record = |sys: &System, c: &Condition, node: &str, r: &Reality| {
            let (findings, works) = check(sys, &ms_file, node);
            let status = observe::Seen {
                ok: r.ready && r.pods.ok,
                detail: if r.ready && r.pods.ok {
                    format!("reporting (Lease renewed), new pod {}", r.pods.detail)
                } else if r.ready {
                    format!(
                        "reporting (Lease renewed), but a new pod is {}",
                        r.pods.detail
                    )
                } else if r.edgecore_up {
                    "edgecore up, not reporting (Lease not renewed)".into()
                } else {
                    "edgecore exits".into()
                },
            };
            let caps = [
                ("kubectl logs/exec", r.logs.ok, &r.logs),
                ("kubectl top", r.metrics.ok, &r.metrics),
                ("metaServer/EdgeMesh", r.meta.ok, &r.meta),
                ("edge node status", r.ready && r.pods.ok, &status),
            ];
            let mut cells = vec![];
            for (cap, worked, seen) in caps {
                let v = verdict(&works, cap, node);
                if let Some(d) = disagreement(&v, worked) {
                    bad.push(format!("{} on {node}, {cap}: {d} ({seen})", c.id));
                }
                cells.push(format!("{cap}: check {v} / system {}", mark(seen)));
            }
            let line = format!(
                "| `{}` | {} | {} | edgecore {}, node {}, new pods {}, logs {}, metrics request {}, metaServer {} | {} |",
                c.id,
                c.what,
                if findings.is_empty() {
                    "no errors or warnings".to_owned()
                } else {
                    findings.join(", ")
                },
                if r.edgecore_up { "up" } else { "exits" },
                if r.ready {
                    "reporting"
                } else {
                    "not reporting"
                },
                if r.ready { mark(&r.pods) } else { "not tried" },
                mark(&r.logs),
                mark(&r.metrics),
                mark(&r.meta),
                cells.join("; "),
            );
            eprintln!("{line}");
            eprintln!("      logs: {}; new pod: {}", r.logs, r.pods);
            let _ = writeln!(table, "{line}");
        };

        // the healthy baseline is a row too: check must say works where it works
        let base = observe_node(sys, &nodes[0], 25);
        let baseline = Condition {
            id: "healthy",
            what: "streams-on on both edges, cloudStream on",
            edge: &[],
            edge_unset: &[],
            cloud: &[],
        };
        record(sys, &baseline, &nodes[0], &base);

        // two edge conditions at a time, one per edge host
        let originals: Vec<Vec<u8>> = sys
            .edges
            .iter()
            .map(|e| fs::read(&e.config).unwrap())
            .collect();
        for pair in EDGE_CONDITIONS.chunks(sys.edges.len()) {
            for (e, c) in sys.edges.iter().zip(pair) {
                sys.say(&format!("condition {} on {}", c.id, e.name));
                let set: Vec<String> = c.edge.iter().map(|a| a.replace("{ip}", &e.ip)).collect();
                if !set.is_empty() {
                    // a condition is broken on purpose: set without validation
                    sys.edgecfg_set_unchecked(&e.config, &set);
                }
                if !c.edge_unset.is_empty() {
                    let mut a = vec!["unset", e.config.to_str().unwrap()];
                    a.extend_from_slice(c.edge_unset);
                    let (code, _, err) = edgecfg(sys, &a);
                    assert_eq!(code, 0, "{err}");
                }
                e.edgecore().restart();
            }
            let shared: &System = sys;
            let seen: Vec<Reality> = std::thread::scope(|s| {
                let hs: Vec<_> = shared
                    .edges
                    .iter()
                    .take(pair.len())
                    .map(|e| s.spawn(move || observe_node(shared, &e.name, 25)))
                    .collect();
                hs.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for ((e, c), r) in sys.edges.iter().zip(pair).zip(&seen) {
                record(sys, c, &e.name, r);
            }
            // back to healthy
            for (e, orig) in sys.edges.iter().zip(&originals).take(pair.len()) {
                fs::write(&e.config, orig).unwrap();
                e.edgecore().restart();
            }
            for e in sys.edges.iter().take(pair.len()) {
                assert!(healthy(sys, &e.name), "{} not healthy again", e.name);
            }
        }

        for c in CLOUD_CONDITIONS {
            sys.say(&format!("condition {} on the cloud", c.id));
            let orig = fs::read(&sys.cloudcore_yaml).unwrap();
            let cc = sys.cloudcore_yaml.clone();
            let set: Vec<String> = c.cloud.iter().map(|s| s.to_string()).collect();
            sys.edgecfg_set_unchecked(&cc, &set);
            sys.restart_cloudcore();
            // edgeHub would reconnect 30 s after it notices ("connection is broken, will
            // reconnect after 30s"); restarting the edges makes them connect at once, together
            for e in &sys.edges {
                e.edgecore().restart();
            }
            let shared: &System = sys;
            // 45 s to report: an edge that dialled before the restarted cloudcore served waits
            // out edgeHub's 30 s reconnect (a fresh-clone run saw edge-1 miss a 25 s window
            // under cloudstream-off while edge-2 reported)
            let seen: Vec<Reality> = std::thread::scope(|s| {
                let hs: Vec<_> = nodes
                    .iter()
                    .map(|n| s.spawn(move || observe_node(shared, n, 45)))
                    .collect();
                hs.into_iter().map(|h| h.join().unwrap()).collect()
            });
            for (n, r) in nodes.iter().zip(&seen) {
                record(sys, c, n, r);
            }
            fs::write(&cc, orig).unwrap();
            sys.restart_cloudcore();
            for e in &sys.edges {
                e.edgecore().restart();
            }
            for n in &nodes {
                assert!(healthy(sys, n), "{n} not healthy after {} was undone", c.id);
            }
        }
        let out = common::root().join("target/kesys/check-reality.md");
        fs::write(&out, &table).unwrap();
        sys.say(&format!("table written to {}", out.display()));
        assert!(
            bad.is_empty(),
            "check disagrees with the running system:\n{}",
            bad.join("\n")
        );
    });
}
