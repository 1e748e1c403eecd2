//! The fleet agent on a real API server: the `helm/edgecfg-agent` chart installed with real
//! Helm 3 and Helm 4 (`helm install`, not `template`) on a system with kube-controller-manager
//! and kube-scheduler, its DaemonSet pod on both edge nodes from the locally built image
//! (`image.rs`), `restart.method=signal` against edgecore under its supervisor, the API
//! through edgecore's metaServer as the chart's defaults reach it. Both edgecores
//! on this machine are processes named `edgecore` in the same PID namespace, so the agent must
//! restart only the one that reads its node's edgecore.yaml.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

use crate::kesys::{Options, System, wait_for};
use crate::observe::{self, eventually};
use crate::{common, edgecfg, image, with_system};

struct Helm {
    bin: PathBuf,
    home: tempfile::TempDir,
}

impl Helm {
    fn run(&self, sys: &System, args: &[&str]) -> Result<String, String> {
        let h = self.home.path().display().to_string();
        let kubeconfig = sys.root.join("cloud/admin.kubeconfig");
        let mut v = vec![
            "env".to_owned(),
            format!("HELM_CACHE_HOME={h}/cache"),
            format!("HELM_CONFIG_HOME={h}/config"),
            format!("HELM_DATA_HOME={h}/data"),
            self.bin.display().to_string(),
            "--kubeconfig".into(),
            kubeconfig.display().to_string(),
        ];
        v.extend(args.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        sys.cloud_run(&refs)
    }
}

fn annotation(sys: &System, node: &str, key: &str) -> String {
    sys.kc(&[
        "get",
        "node",
        node,
        "-o",
        &format!("jsonpath={{.metadata.annotations.edgecfg\\.io/{key}}}"),
    ])
    .unwrap_or_default()
}

fn install(sys: &System, helm: &Helm, release: &str, extra: &[&str]) {
    let chart = common::root().join("helm/edgecfg-agent");
    let mut args = vec![
        "install",
        release,
        chart.to_str().unwrap(),
        "-n",
        "edgecfg",
        "--create-namespace",
        "--set",
        "image.repository=localhost/edgecfg",
        "--set",
        "image.tag=system-test",
        "--set",
        "image.pullPolicy=Never",
        "--set",
        "restart.method=signal",
        "--set",
        "hostPaths.kubeedge=/var/lib/kubeedge",
        "--set",
        "health.stableSeconds=10",
    ];
    args.extend_from_slice(extra);
    let out = helm
        .run(sys, &args)
        .unwrap_or_else(|e| panic!("helm install: {e}"));
    sys.say(&format!(
        "helm install {release}: {}",
        out.lines().find(|l| l.starts_with("STATUS")).unwrap_or("")
    ));
}

/// Waits until every edge node's `edgecfg.io/result` is one of `want` for desired state
/// `desired_prefix…`; the results.
fn wait_results(sys: &System, prefix: &str, want: &[&str], secs: u64) -> Vec<(String, String)> {
    let nodes: Vec<String> = sys.edges.iter().map(|e| e.name.clone()).collect();
    // stop early when every node has finished, with what was wanted or not
    let finished = ["applied", "unchanged", "failed", "rolled-back", "held"];
    let _ = wait_for(secs, || {
        nodes.iter().all(|n| {
            annotation(sys, n, "desired").starts_with(prefix)
                && finished.contains(&annotation(sys, n, "result").as_str())
        })
    });
    let done = nodes.iter().all(|n| {
        annotation(sys, n, "desired").starts_with(prefix)
            && want.contains(&annotation(sys, n, "result").as_str())
    });
    let got: Vec<(String, String)> = nodes
        .iter()
        .map(|n| {
            (
                n.clone(),
                format!(
                    "{} ({}; {})",
                    annotation(sys, n, "result"),
                    annotation(sys, n, "desired"),
                    annotation(sys, n, "reason")
                ),
            )
        })
        .collect();
    if !done {
        let pods = sys
            .kc(&["-n", "edgecfg", "get", "pods", "-o", "wide"])
            .unwrap_or_default();
        let logs = sys
            .kc(&[
                "-n",
                "edgecfg",
                "logs",
                "-l",
                "app.kubernetes.io/name=edgecfg-agent",
                "--tail=20",
                "--prefix",
            ])
            .unwrap_or_else(|e| e);
        panic!("the agents did not finish ({want:?}): {got:?}\n{pods}\n{logs}");
    }
    got
}

#[test]
fn the_agent_rolls_out_through_helm_3_and_4_and_rolls_back() {
    let (Some(helm3), Some(helm4)) = (common::tool("helm3"), common::tool("helm4")) else {
        return;
    };
    // built while no system runs (a release build takes both cores)
    let tarball = {
        let _one = crate::lock();
        image::agent_image()
    };
    let Some(tarball) = tarball else {
        return;
    };
    // the chart's defaults: host network, API through metaServer (on at the edges,
    // dynamicController in the cloud), no cluster network for edge pods
    let opts = Options {
        full: true,
        metaserver: true,
        ..Options::default()
    };
    with_system(opts, |sys| {
        for e in &sys.edges {
            e.import_image(&tarball);
        }
        let nodes: Vec<String> = sys.edges.iter().map(|e| e.name.clone()).collect();
        for n in &nodes {
            let l = observe::logs(sys, n);
            assert!(!l.ok, "logs work before the rollout: {l}");
        }
        let starts: Vec<u32> = sys
            .edges
            .iter()
            .map(|e| e.edgecore().runs().starts)
            .collect();
        let before: Vec<Vec<u8>> = sys
            .edges
            .iter()
            .map(|e| fs::read(&e.config).unwrap())
            .collect();

        sys.say("1. Helm 3: helm install, profiles [streams-on]");
        let h3 = Helm {
            bin: helm3,
            home: tempfile::tempdir().unwrap(),
        };
        install(
            sys,
            &h3,
            "agent",
            &[
                "--set",
                "profiles={streams-on}",
                "--set",
                "params.cloudAddress=10.213.0.1",
            ],
        );
        let results = wait_results(sys, "streams-on@", &["applied"], 240);
        sys.say(&format!("results: {results:?}"));
        for (e, start) in sys.edges.iter().zip(&starts) {
            // its own edgecore restarted once, the other node's not by this agent
            let runs = e.edgecore().runs();
            assert_eq!(
                runs.starts,
                start + 1,
                "{}: edgecore started {} times since (exits: {:?})",
                e.name,
                runs.starts - start,
                runs.exits
            );
            assert!(
                e.config.with_extension("yaml.bak").is_file(),
                "{}: no backup",
                e.name
            );
        }
        for n in &nodes {
            let l = eventually(90, || observe::logs(sys, n));
            assert!(l.ok, "{n}: logs after the agent's streams-on: {l}");
        }
        let events = sys
            .kc(&[
                "get",
                "events",
                "-n",
                "default",
                "--field-selector",
                "reason=EdgecfgApplied",
                "-o",
                "jsonpath={range .items[*]}{.involvedObject.name}{\"\\n\"}{end}",
            ])
            .unwrap();
        for n in &nodes {
            assert!(
                events.lines().any(|l| l == n),
                "no EdgecfgApplied Event for {n}: {events:?}"
            );
        }
        // fleet status reads it back from the API server, with a service account's token
        sys.kc(&["create", "serviceaccount", "fleet-reader", "-n", "default"])
            .unwrap();
        sys.kc(&[
            "create",
            "clusterrolebinding",
            "fleet-reader",
            "--clusterrole=view",
            "--serviceaccount=default:fleet-reader",
        ])
        .unwrap();
        let _ = sys.kc(&[
            "create",
            "clusterrole",
            "node-reader",
            "--verb=get,list",
            "--resource=nodes",
        ]);
        sys.kc(&[
            "create",
            "clusterrolebinding",
            "fleet-reader-nodes",
            "--clusterrole=node-reader",
            "--serviceaccount=default:fleet-reader",
        ])
        .unwrap();
        let token = sys
            .kc(&["create", "token", "fleet-reader", "-n", "default"])
            .unwrap();
        let token_file = sys.logs.join("fleet-reader.token");
        fs::write(&token_file, token.trim()).unwrap();
        let ca = sys.pki.join("ca.crt");
        let bin = sys.tools.edgecfg.display().to_string();
        let out = sys
            .cloud_run(&[
                &bin,
                "fleet",
                "status",
                "--server",
                "https://10.213.0.1:6443",
                "--token-file",
                token_file.to_str().unwrap(),
                "--ca-file",
                ca.to_str().unwrap(),
                "--format",
                "json",
            ])
            .unwrap_or_else(|e| panic!("fleet status: {e}"));
        let v: Value = serde_json::from_str(&out).unwrap();
        sys.say(&format!("fleet status: {}", v["counts"]));
        assert_eq!(v["counts"]["applied"], 2, "{v:#}");
        let h = Helm {
            bin: h3.bin.clone(),
            home: tempfile::tempdir().unwrap(),
        };
        h.run(sys, &["uninstall", "agent", "-n", "edgecfg", "--wait"])
            .unwrap();
        drop(h3);

        sys.say("2. Helm 4: helm install of a profile that makes edgecore exit");
        let applied: Vec<Vec<u8>> = sys
            .edges
            .iter()
            .map(|e| fs::read(&e.config).unwrap())
            .collect();
        assert_ne!(applied, before);
        let h4 = Helm {
            bin: helm4,
            home: tempfile::tempdir().unwrap(),
        };
        let values = sys.logs.join("agent-broken.values.yaml");
        fs::write(
            &values,
            "profiles: [broken]\ncustomProfiles:\n  broken:\n    name: broken\n    description: points the tunnel at a certificate that is not there\n    operations:\n      - target: edgecore\n        why: system test (edgecore exits at start)\n        set: {modules.edgeStream.tlsTunnelCertFile: /var/lib/kubeedge/nowhere/server.crt}\n",
        )
        .unwrap();
        install(sys, &h4, "agent4", &["-f", values.to_str().unwrap()]);
        let results = wait_results(sys, "broken@", &["rolled-back"], 300);
        sys.say(&format!("results: {results:?}"));
        for (e, was) in sys.edges.iter().zip(&applied) {
            assert_eq!(
                &fs::read(&e.config).unwrap(),
                was,
                "{}: not restored byte for byte",
                e.name
            );
            assert!(
                observe::edgecore_stays_up(sys, &e.name, 10),
                "{}: edgecore not up after the rollback",
                e.name
            );
        }
        for n in &nodes {
            let l = eventually(90, || observe::logs(sys, n));
            assert!(l.ok, "{n}: logs after the rollback: {l}");
        }
        sys.say(
            "3. helm upgrade to streams-on + edgemesh; edge-2's link cut once its new agent runs",
        );
        let pod_on = |node: &str| -> Option<(String, String)> {
            let out = sys
                .kc(&[
                    "-n",
                    "edgecfg",
                    "get",
                    "pods",
                    "--field-selector",
                    &format!("spec.nodeName={node}"),
                    "-o",
                    "jsonpath={range .items[*]}{.metadata.name} {.status.phase}{\"\\n\"}{end}",
                ])
                .ok()?;
            let line = out.lines().next()?.to_owned();
            let (name, phase) = line.split_once(' ')?;
            Some((name.to_owned(), phase.to_owned()))
        };
        let old_pod = pod_on("edge-2").map(|p| p.0).unwrap_or_default();
        let chart = common::root().join("helm/edgecfg-agent");
        let up = h4
            .run(
                sys,
                &[
                    "upgrade",
                    "agent4",
                    chart.to_str().unwrap(),
                    "-n",
                    "edgecfg",
                    "--reuse-values",
                    "--set",
                    "profiles={streams-on,edgemesh}",
                    "--set",
                    "params.cloudAddress=10.213.0.1",
                    "--set",
                    "health.readyTimeout=20",
                ],
            )
            .unwrap_or_else(|e| panic!("helm upgrade: {e}"));
        assert!(up.contains("STATUS: deployed"), "{up}");
        let new_running = wait_for(180, || {
            pod_on("edge-2").is_some_and(|(name, phase)| name != old_pod && phase == "Running")
        });
        assert!(new_running, "no new agent pod on edge-2");
        let veth = format!("{}-v2", sys.prefix);
        sys.cloud_run(&["ip", "link", "set", &veth, "down"])
            .unwrap();
        sys.say("edge-2's link is down");
        let status = sys.edges[1].dir.join("root/var-lib/edgecfg/status.json");
        let finished = |v: &Value| {
            v["desired"]
                .as_str()
                .is_some_and(|d| d.starts_with("streams-on,edgemesh@"))
                && v["result"] != "in-progress"
        };
        let read = || -> Value {
            fs::read_to_string(&status)
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(Value::Null)
        };
        let done = wait_for(120, || finished(&read()));
        let v = read();
        sys.cloud_run(&["ip", "link", "set", &veth, "up"]).unwrap();
        sys.say(&format!(
            "edge-2's agent while cut off: {} ({})",
            v["result"],
            v["reason"].as_str().unwrap_or("")
        ));
        assert!(done, "edge-2's agent did not finish while cut off: {v:#}");
        assert!(
            ["applied", "rolled-back", "held"].contains(&v["result"].as_str().unwrap_or("")),
            "edge-2 ended {v:#}"
        );
        // never broken: edgecore up on a file KubeEdge reads, and the node back once linked
        assert!(
            observe::edgecore_stays_up(sys, "edge-2", 10),
            "edge-2: edgecore not up"
        );
        let (code, _, err) = edgecfg(sys, &["validate", sys.edges[1].config.to_str().unwrap()]);
        assert_eq!(code, 0, "edge-2's edgecore.yaml: {err}");
        let l = eventually(120, || observe::logs(sys, "edge-2"));
        assert!(l.ok, "edge-2 after the link is back: {l}");
        let (code, out, _) = edgecfg(sys, &["--version"]);
        assert_eq!(code, 0);
        sys.say(&format!("agent: {}", out.lines().next().unwrap_or("")));
    });
}
