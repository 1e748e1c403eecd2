//! `edgecfg check`: the cross-file rules, each triggered by one change to a consistent system
//! (tests/fixtures/system, hand-made), with the location it reports; grouping across many edge
//! configs; JSON and SARIF shapes; the real cloudcore and metrics-server chart renders (from
//! ../shared) before and after `edgecfg`'s own post-render.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value as J;

fn system() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = common::root().join("tests/fixtures/system");
    for entry in walk(&src) {
        let rel = entry.strip_prefix(&src).unwrap();
        let dst = dir.path().join(rel);
        fs::create_dir_all(dst.parent().unwrap()).unwrap();
        fs::copy(&entry, dst).unwrap();
    }
    dir
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join(file);
    let text = fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn json(dir: &Path) -> (Option<i32>, J) {
    let o = check(dir, &["--format", "json", "."]);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&o.stderr));
    });
    (o.status.code(), v)
}

/// The line `loc` points at, in `dir`.
fn line_at(dir: &Path, loc: &J) -> String {
    let text = fs::read_to_string(dir.join(loc["file"].as_str().unwrap())).unwrap();
    let n = loc["line"].as_u64().unwrap() as usize;
    text.lines().nth(n - 1).unwrap_or("").to_owned()
}

#[test]
fn a_consistent_system_has_no_findings() {
    let dir = system();
    let o = check(dir.path(), &["."]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains(
            "checked: 1 cloud config (file), 3 edge configs, 1 metrics-server Deployment, 4 nodes"
        ),
        "{out}"
    );
    assert!(out.ends_with("0 errors, 0 warnings, 0 infos\n"), "{out}");
    assert!(
        out.contains(
            "what works:\n  kubectl logs/exec    works on 3 nodes (edge-1, edge-2, edge-3)\n"
        ),
        "{out}"
    );
}

/// (what to change, the rule that must fire, its severity, the text of the line its first
/// location points at, and of the line of another location when it names one).
type Case = (
    &'static [(&'static str, &'static str, &'static str)],
    &'static str,
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (
        &[(
            "nodes/edge-1.yaml",
            "  edgeHub:\n    enable: true",
            "  edgeHub:\n    enable: false",
        )],
        "hub-off",
        "error",
        "    enable: false",
    ),
    (
        &[(
            "nodes/edge-3.yaml",
            "  edgeStream:\n    enable: true\n",
            "  edgeStream:\n    enable: true\n    tlsTunnelCertFile: /etc/kubeedge/tunnel/server.crt\n",
        )],
        "stream-tunnel-certs",
        "error",
        "    tlsTunnelCertFile: /etc/kubeedge/tunnel/server.crt",
    ),
    (
        &[(
            "nodes/edge-2.yaml",
            "  edgeStream:\n    enable: true",
            "  edgeStream:\n    enable: false",
        )],
        "stream-pairing",
        "error",
        "    enable: false",
    ),
    (
        &[(
            "cloudcore.yaml",
            "  cloudStream:\n    enable: true",
            "  cloudStream:\n    enable: false",
        )],
        "stream-pairing",
        "error",
        "    enable: false",
    ),
    (
        &[(
            "nodes/edge-1.yaml",
            "server: 192.0.2.10:10000",
            "server: 192.0.2.10:10010",
        )],
        "hub-port",
        "error",
        "      server: 192.0.2.10:10010",
    ),
    (
        &[(
            "nodes/edge-1.yaml",
            "httpServer: https://192.0.2.10:10002",
            "httpServer: https://192.0.2.10:30002",
        )],
        "hub-port",
        "error",
        "    httpServer: https://192.0.2.10:30002",
    ),
    (
        &[(
            "nodes/edge-1.yaml",
            "server: 192.0.2.10:10000",
            "server: 198.51.100.7:10000",
        )],
        "hub-address",
        "error",
        "      server: 198.51.100.7:10000",
    ),
    (
        &[(
            "nodes/edge-3.yaml",
            "server: 192.0.2.10:10004",
            "server: 192.0.2.10:30004",
        )],
        "stream-tunnel-port",
        "error",
        "    server: 192.0.2.10:30004",
    ),
    (
        &[(
            "nodes/edge-1.yaml",
            "readOnlyPort: 10350",
            "readOnlyPort: 10250",
        )],
        "stream-edged-endpoint",
        "error",
        "      readOnlyPort: 10250",
    ),
    (
        &[(
            "nodes/edge-1.yaml",
            "address: 127.0.0.1",
            "address: 10.0.0.1",
        )],
        "stream-edged-endpoint",
        "error",
        "      address: 10.0.0.1",
    ),
    (
        &[(
            "cloudcore.yaml",
            "dynamicController:\n    enable: true",
            "dynamicController:\n    enable: false",
        )],
        "metaserver-dynamiccontroller",
        "error",
        "      enable: true",
    ),
    (
        &[(
            "nodes/edge-2.yaml",
            "requireAuthorization: true",
            "requireAuthorization: false",
        )],
        "require-authorization",
        "warning",
        "  requireAuthorization: false",
    ),
    (
        &[("nodes/edge-2.yaml", "heartbeat: 15", "heartbeat: 40")],
        "heartbeat-keepalive",
        "error",
        "    heartbeat: 40",
    ),
    (
        &[("nodes/edge-2.yaml", "heartbeat: 15", "heartbeat: 20")],
        "heartbeat-keepalive",
        "warning",
        "    heartbeat: 20",
    ),
    (
        &[("cloudcore.yaml", "nodeLimit: 1000", "nodeLimit: 2")],
        "node-limit",
        "error",
        "    nodeLimit: 2",
    ),
    (
        &[(
            "nodes/edge-2.yaml",
            "hostnameOverride: edge-2",
            "hostnameOverride: edge-1",
        )],
        "node-identity",
        "error",
        "    hostnameOverride: edge-1",
    ),
    (
        &[("nodes/edge-2.yaml", "nodeIP: 10.0.0.2", "nodeIP: 10.0.9.2")],
        "node-identity",
        "warning",
        "    nodeIP: 10.0.9.2",
    ),
    (
        &[
            (
                "nodes/edge-3.yaml",
                "featureGates:\n",
                "featureGates:\n  moduleRestart: true\n",
            ),
            (
                "nodes/edge-3.yaml",
                "kind: EdgeCore\n",
                "kind: EdgeCore\nedgecoreVersion: v1.16.2\n",
            ),
        ],
        "feature-gates",
        "error",
        "  moduleRestart: true",
    ),
    (
        &[
            (
                "nodes.json",
                "kubeedge-v1.23.1\"}}},\n    {\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"edge-3\"",
                "kubeedge-v1.23.1\"}}},\n    {\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"edge-3\"",
            ),
            (
                "nodes.json",
                "10353}}, \"nodeInfo\": {\"kubeletVersion\": \"v1.30.7-kubeedge-v1.23.1\"",
                "10353}}, \"nodeInfo\": {\"kubeletVersion\": \"v1.22.17-kubeedge-v1.12.7\"",
            ),
            (
                "nodes/edge-3.yaml",
                "  metaManager:",
                "  taskManager:\n    enable: true\n  metaManager:",
            ),
        ],
        "node-release",
        "error",
        "apiVersion: edgecore.config.kubeedge.io/v1alpha2",
    ),
    (
        &[("nodes.json", "\"Port\": 10352", "\"Port\": 10350")],
        "stream-pairing",
        "warning",
        "    enable: true",
    ),
    (
        &[(
            "metrics-server.yaml",
            "              - key: node-role.kubernetes.io/edge\n                operator: DoesNotExist\n",
            "              - key: kubernetes.io/os\n                operator: Exists\n",
        )],
        "metrics-server-placement",
        "warning",
        "      hostNetwork: true",
    ),
    (
        // cloudcore.yaml runs iptablesManager in internal mode: the chain is on cloudcore's
        // host only, and metrics-server is no longer pinned to it (audit, uncovered 3).
        &[(
            "metrics-server.yaml",
            "      nodeSelector:\n        kubernetes.io/hostname: master\n",
            "",
        )],
        "metrics-server-placement",
        "warning",
        "      hostNetwork: true",
    ),
    (
        &[
            (
                "nodes.json",
                "[{\"type\": \"InternalIP\", \"address\": \"10.0.0.2\"}]",
                "[{\"type\": \"InternalIP\", \"address\": \"10.0.0.2\"}, {\"type\": \"ExternalIP\", \"address\": \"198.51.100.2\"}]",
            ),
            (
                "metrics-server.yaml",
                "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
                "--kubelet-preferred-address-types=ExternalIP,InternalIP,Hostname",
            ),
        ],
        "metrics-server",
        "error",
        "      - name: metrics-server",
    ),
    (
        &[("nodes/edge-2.yaml", "heartbeat: 15", "heartbeat: [15]")],
        "input",
        "error",
        "    heartbeat: [15]",
    ),
    (
        &[(
            "cloudcore.yaml",
            "  cloudStream:\n    enable: true",
            "  cloudStream:\n    enable: true\n    tlsTunnelCAFile: /etc/kubeedge/ca/streamCA.crt",
        )],
        "stream-tunnel-ca",
        "warning",
        "    tlsTunnelCAFile: /etc/kubeedge/ca/streamCA.crt",
    ),
    (
        &[(
            "metrics-server.yaml",
            "        - --kubelet-use-node-status-port\n",
            "",
        )],
        "metrics-server",
        "error",
        "      - name: metrics-server",
    ),
    (
        &[(
            "metrics-server.yaml",
            "        - --kubelet-insecure-tls\n",
            "",
        )],
        "metrics-server",
        "warning",
        "      - name: metrics-server",
    ),
    (
        &[(
            "nodes/edge-2.yaml",
            "clusterDomain: cluster.local",
            "clusterDomain: edge.local",
        )],
        "cluster-dns",
        "warning",
        "      clusterDomain: edge.local",
    ),
    (
        &[(
            "cloudcore.yaml",
            "  iptablesManager:\n    enable: true",
            "  iptablesManager:\n    enable: false",
        )],
        "stream-forward-port",
        "warning",
        "    enable: false",
    ),
    (
        &[(
            "cloudcore.yaml",
            "bindAddress: 0.0.0.0:9091",
            "bindAddress: 127.0.0.1:9091",
        )],
        "cloud-metrics",
        "info",
        "    bindAddress: 127.0.0.1:9091",
    ),
];

#[test]
fn each_rule_fires_on_its_change_and_points_at_it() {
    for (edits, rule, severity, line) in CASES {
        let dir = system();
        for (file, from, to) in *edits {
            edit(dir.path(), file, from, to);
        }
        let (code, v) = json(dir.path());
        let findings = v["findings"].as_array().unwrap();
        let hit = findings
            .iter()
            .find(|f| f["rule"] == *rule && f["severity"] == *severity)
            .unwrap_or_else(|| panic!("{rule}/{severity} not found after {edits:?}: {v:#}"));
        assert_eq!(
            code,
            Some(if *severity == "error" { 1 } else { 0 }),
            "{rule}: {v:#}"
        );
        let first = &hit["locations"][0];
        assert_eq!(line_at(dir.path(), first), *line, "{rule}: {hit:#}");
        for key in ["message", "symptom", "fix"] {
            assert!(
                !hit[key].as_str().unwrap().is_empty(),
                "{rule}: empty {key}"
            );
        }
        // Nothing else changed, so nothing else fires (the node-release case also adds a key
        // its release lacks, which the node's Port check does not see).
        let others: Vec<&J> = findings.iter().filter(|f| f["rule"] != *rule).collect();
        assert!(others.is_empty(), "{rule}: also {others:#?}");
    }
}

#[test]
fn nodeport_exposure_decides_the_ports_edges_must_dial() {
    let dir = system();
    fs::write(
        dir.path().join("chart.yaml"),
        "# Hand-made: the cloudcore chart's Deployment and Service with hostNetWork=false and a NodePort Service.\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cloudcore\nspec:\n  replicas: 1\n  template:\n    spec:\n      hostNetwork: false\n      containers:\n      - name: cloudcore\n        image: kubeedge/cloudcore:v1.23.1\n\
---\napiVersion: v1\nkind: Service\nmetadata:\n  name: cloudcore\n  labels:\n    kubeedge: cloudcore\nspec:\n  type: NodePort\n  ports:\n  - port: 10000\n    targetPort: 10000\n    nodePort: 30000\n    name: cloudhub\n  - port: 10002\n    targetPort: 10002\n    nodePort: 30002\n    name: cloudhub-https\n  - port: 10003\n    targetPort: 10003\n    nodePort: 30003\n    name: cloudstream\n  - port: 10004\n    targetPort: 10004\n    nodePort: 30004\n    name: tunnelport\n",
    )
    .unwrap();
    // The edges dial 10000/10002/10004: refused through a NodePort Service.
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1));
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    // cloudcore.yaml keeps iptablesManager's internal mode: off the host network its rules
    // land in the pod's own network namespace (uncovered condition 2 of the rules audit).
    assert_eq!(
        rules,
        [
            "hub-port",
            "hub-port",
            "stream-tunnel-port",
            "iptables-placement"
        ],
        "{v:#}"
    );
    let ws = &v["findings"][1];
    assert!(
        ws["fix"]
            .as_str()
            .unwrap()
            .ends_with("server=192.0.2.10:30000"),
        "{ws:#}"
    );
    assert_eq!(
        ws["locations"].as_array().unwrap().len(),
        3 + 2,
        "3 edges, the cloud's port, hostNetwork"
    );
    // Dialling the NodePorts is right.
    for i in 1..=3 {
        let f = format!("nodes/edge-{i}.yaml");
        edit(dir.path(), &f, ":10000", ":30000");
        edit(dir.path(), &f, ":10002", ":30002");
        edit(dir.path(), &f, ":10004", ":30004");
    }
    // With the iptables-manager as a DaemonSet on the host network (external mode), as the
    // chart runs it, nothing is left but the DaemonSet's missing control-plane tolerations.
    edit(
        dir.path(),
        "cloudcore.yaml",
        "    mode: internal",
        "    mode: external",
    );
    fs::write(
        dir.path().join("iptables-manager.yaml"),
        "# Hand-made: the cloudcore chart's iptables-manager DaemonSet (tolerations: [] as in the chart).\n\
apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: cloud-iptables-manager\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      tolerations: []\n      containers:\n      - name: iptables-manager\n        image: kubeedge/iptables-manager:v1.23.1\n",
    )
    .unwrap();
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(0), "{v:#}");
    let left: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(left, [("iptables-placement", "warning")], "{v:#}");
    // cloudcore moved off 10000 while the Service still targets it.
    edit(dir.path(), "cloudcore.yaml", "port: 10000", "port: 10010");
    let (_, v) = json(dir.path());
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "hub-service-target")
        .expect("hub-service-target");
    assert_eq!(line_at(dir.path(), &f["locations"][0]), "      port: 10010");
    // The chart's Service off the host network without service.type NodePort: ClusterIP,
    // which nodes outside the cluster network cannot reach at all.
    edit(dir.path(), "cloudcore.yaml", "port: 10010", "port: 10000");
    edit(
        dir.path(),
        "chart.yaml",
        "  type: NodePort\n",
        "  type: ClusterIP\n",
    );
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1));
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "hub-service")
        .unwrap_or_else(|| panic!("hub-service: {v:#}"));
    assert_eq!(f["severity"], "error");
    assert_eq!(
        line_at(dir.path(), &f["locations"][0]),
        "      hostNetwork: false"
    );
}

#[test]
fn findings_repeating_across_edge_configs_are_grouped() {
    let dir = system();
    let edge = fs::read_to_string(dir.path().join("nodes/edge-1.yaml")).unwrap();
    for i in 4..=212 {
        fs::write(
            dir.path().join(format!("nodes/edge-{i}.yaml")),
            edge.replace("edge-1", &format!("edge-{i}"))
                .replace("10.0.0.1", &format!("10.0.{}.{}", i / 256, i % 256))
                .replace(
                    "  edgeStream:\n    enable: true",
                    "  edgeStream:\n    enable: false",
                ),
        )
        .unwrap();
    }
    fs::remove_file(dir.path().join("nodes.json")).unwrap();
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1));
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "stream-pairing");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("209 edge configs: ")
    );
    assert_eq!(f["locations"].as_array().unwrap().len(), 209);
    assert!(f["symptom"].as_str().unwrap().contains("(209 nodes)"));
    let o = check(dir.path(), &["."]);
    let human = String::from_utf8_lossy(&o.stdout);
    assert!(human.contains("212 edge configs"), "{human}");
    assert!(human.contains("error[stream-pairing]: 209 edge configs: edgeStream is off while cloudStream is on\n  --> nodes/edge-10.yaml:"), "{human}");
    assert!(human.contains("  ... and 206 more"), "{human}");
    assert!(
        human.contains("  kubectl logs/exec    works on 3 nodes (edge-1, edge-2, edge-3); broken on 209 nodes (edge-10, edge-100, edge-101, …) [stream-pairing]\n"),
        "{human}"
    );
    assert!(
        human.contains("  kubectl top          works on 3 nodes"),
        "{human}"
    );
}

#[test]
fn json_and_sarif_shapes() {
    let dir = system();
    edit(
        dir.path(),
        "nodes/edge-2.yaml",
        "heartbeat: 15",
        "heartbeat: 40",
    );
    let (_, v) = json(dir.path());
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["inputs", "findings", "works"]);
    let caps: Vec<&str> = v["works"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        caps,
        [
            "kubectl logs/exec",
            "kubectl top",
            "metaServer/EdgeMesh",
            "edge node status",
            "cloudcore metrics"
        ]
    );
    let keys: Vec<&str> = v["works"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["name", "unknown", "works", "broken", "at_risk", "not_used"]
    );
    let f = &v["findings"][0];
    let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["rule", "severity", "message", "symptom", "fix", "locations"]
    );
    let keys: Vec<&str> = f["locations"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["file", "line", "column"]);
    let o = check(dir.path(), &["--format", "sarif", "."]);
    assert_eq!(o.status.code(), Some(1));
    let s: J = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["version"], "2.1.0");
    let run = &s["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "edgecfg");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "heartbeat-keepalive");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"];
    assert_eq!(region["artifactLocation"]["uri"], "nodes/edge-2.yaml");
    assert_eq!(region["region"]["startLine"], 7);
    assert!(
        run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "heartbeat-keepalive"
                && r["properties"]["evidence"]
                    .as_str()
                    .is_some_and(|e| e.contains("node_session.go")))
    );
    // The "what works" verdicts travel with the findings, as in --format json.
    let works = run["properties"]["works"].as_array().unwrap();
    let status = works
        .iter()
        .find(|c| c["name"] == "edge node status")
        .unwrap();
    assert_eq!(
        status["broken"],
        serde_json::json!([[["heartbeat-keepalive"], ["edge-2"]]]),
        "{status:#}"
    );
}

#[test]
fn an_embedded_config_is_located_in_the_configmap() {
    let dir = system();
    let cloud = fs::read_to_string(dir.path().join("cloudcore.yaml")).unwrap();
    let block: String = cloud.lines().map(|l| format!("    {l}\n")).collect();
    fs::remove_file(dir.path().join("cloudcore.yaml")).unwrap();
    fs::write(
        dir.path().join("cloudcore-cm.yaml"),
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cloudcore\n  namespace: kubeedge\ndata:\n  cloudcore.yaml: |\n{block}"),
    )
    .unwrap();
    edit(
        dir.path(),
        "cloudcore-cm.yaml",
        "    nodeLimit: 1000",
        "    nodeLimit: 2",
    );
    let (_, v) = json(dir.path());
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "node-limit");
    assert_eq!(f["locations"][0]["file"], "cloudcore-cm.yaml");
    assert_eq!(
        line_at(dir.path(), &f["locations"][0]),
        "        nodeLimit: 2"
    );
    assert_eq!(
        f["locations"][0]["column"], 20,
        "the value, in the outer file"
    );
}

/// A file that does not parse is exit 2 with its place; `check DIR` goes on past it (issue 24,
/// item 1): the rest of the system is checked, the report names the file (an `input` error at
/// its line and column, and in JSON `inputs[].error`).
#[test]
fn bad_input_is_exit_2_with_the_place() {
    let dir = system();
    fs::write(
        dir.path().join("nodes/broken.yaml"),
        "modules:\n  edgeHub: [\n",
    )
    .unwrap();
    edit(
        dir.path(),
        "nodes/edge-3.yaml",
        "heartbeat: 15",
        "heartbeat: 40",
    );
    let o = check(dir.path(), &["."]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("nodes/broken.yaml:"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("error[heartbeat-keepalive]"), "{out}");
    assert!(
        out.contains("error[input]: nodes/broken.yaml could not be read, so nothing in it was checked: unclosed bracket"),
        "{out}"
    );
    assert!(out.contains("  --> nodes/broken.yaml:2:12\n"), "{out}");
    assert!(
        out.contains("not read (could not be parsed, see above): nodes/broken.yaml\n"),
        "{out}"
    );
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(2));
    let bad: Vec<&J> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i.get("error").is_some())
        .collect();
    assert_eq!(bad.len(), 1, "{v:#}");
    assert_eq!(bad[0]["error"]["line"], 2);
}

/// The real chart renders: the metrics-server chart as rendered fails C9, and passes after
/// edgecfg's own post-render; the cloudcore chart's render with keadm-style edges fails C5,
/// and passes after `apply -p streams-on`.
#[test]
fn real_chart_renders_before_and_after_edgecfg() {
    let Some(rendered) = common::shared("fixtures/metrics-server/rendered") else {
        return;
    };
    let Some(cloud) = common::shared("fixtures/kubeedge/rendered") else {
        return;
    };
    let dir = system();
    fs::remove_file(dir.path().join("cloudcore.yaml")).unwrap();
    fs::remove_file(dir.path().join("metrics-server.yaml")).unwrap();
    fs::remove_file(dir.path().join("nodes.json")).unwrap();
    fs::copy(
        cloud.join("cloudcore-chart.helm3.yaml"),
        dir.path().join("cloud.yaml"),
    )
    .unwrap();
    let ms = fs::read(rendered.join("metrics-server-chart.helm3.yaml")).unwrap();
    fs::write(dir.path().join("ms.yaml"), &ms).unwrap();
    for i in 1..=3 {
        let f = format!("nodes/edge-{i}.yaml");
        edit(
            dir.path(),
            &f,
            "  edgeStream:\n    enable: true",
            "  edgeStream:\n    enable: false",
        );
    }
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1));
    let rules: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains("metrics-server") && rules.contains("stream-pairing"),
        "{v:#}"
    );
    let inputs = v["inputs"].as_array().unwrap();
    let cloud_found = inputs.iter().find(|i| i["file"] == "cloud.yaml").unwrap();
    assert!(cloud_found["found"].as_array().unwrap().iter().any(|x| {
        x.as_str()
            .unwrap()
            .starts_with("cloud config in a ConfigMap")
    }));
    // The fixes the findings name: edgecfg's post-render and streams-on.
    let mut child = Command::new(common::bin())
        .args([
            "post-render",
            "-p",
            "metrics-server",
            "--param",
            "insecureTLS=true",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &ms).unwrap();
    let out = child.wait_with_output().unwrap();
    fs::write(dir.path().join("ms.yaml"), out.stdout).unwrap();
    let o = Command::new(common::bin())
        .args([
            "apply",
            "-q",
            "-p",
            "streams-on",
            "--param",
            "cloudAddress=192.0.2.10",
            "nodes",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (_, v) = json(dir.path());
    let left: Vec<&J> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "metrics-server" || f["rule"] == "stream-pairing")
        .collect();
    assert!(left.is_empty(), "{left:#?}");
}

#[test]
fn chart_values_iptables_manager_and_node_tasks() {
    // The cloudcore chart's values as the cloud side: NodePort off the host network.
    let dir = system();
    fs::remove_file(dir.path().join("cloudcore.yaml")).unwrap();
    fs::write(
        dir.path().join("values.yaml"),
        "# Hand-made: cloudcore chart values (the chart's shape).\n\
cloudCore:\n  replicaCount: 1\n  hostNetWork: false\n  featureGates:\n    requireAuthorization: true\n  modules:\n    cloudHub:\n      advertiseAddress:\n        - 192.0.2.10\n      nodeLimit: \"1000\"\n      websocket:\n        port: 10000\n        enable: true\n    cloudStream:\n      enable: true\n    dynamicController:\n      enable: true\n    taskManager:\n      enable: true\n  service:\n    enable: true\n    type: \"NodePort\"\n    cloudhubNodePort: \"30000\"\n    cloudhubQuicNodePort: \"30001\"\n    cloudhubHttpsNodePort: \"30002\"\n    cloudstreamNodePort: \"30003\"\n    tunnelNodePort: \"30004\"\n\
iptablesManager:\n  enable: true\n  mode: \"external\"\ncontrollerManager:\n  enable: false\n",
    )
    .unwrap();
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1));
    let by_rule = |r: &str| -> Vec<J> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == r)
            .cloned()
            .collect()
    };
    // The edges dial the container ports; through the chart's NodePort Service they must dial
    // the values' NodePorts.
    let hub = by_rule("hub-port");
    assert_eq!(hub.len(), 2, "{v:#}");
    assert!(
        hub.iter()
            .any(|f| f["fix"].as_str().unwrap().ends_with("=192.0.2.10:30000"))
    );
    assert!(
        hub[0]["locations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["file"] == "values.yaml")
    );
    assert_eq!(by_rule("stream-tunnel-port").len(), 1);
    // taskManager on in the cloud with the chart's controllerManager off; the 1.23 edges have
    // it off.
    let tasks = by_rule("task-manager");
    assert_eq!(tasks.len(), 2, "{v:#}");
    assert_eq!(
        line_at(dir.path(), &tasks[0]["locations"][0]),
        "  enable: false"
    );
    // An iptables-manager DaemonSet forwarding to the wrong port.
    fs::write(
        dir.path().join("ipt.yaml"),
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: cloud-iptables-manager\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n      - name: iptables-manager\n        command: ['iptables-manager']\n        args: ['--forwardport=10005']\n        image: kubeedge/iptables-manager:v1.23.0\n",
    )
    .unwrap();
    let (_, v) = json(dir.path());
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "stream-forward-port")
        .expect("stream-forward-port");
    assert!(f["message"].as_str().unwrap().contains("10005"));
    assert_eq!(f["severity"], "error");
}

#[test]
fn quic_on_the_edge_needs_quic_in_the_cloud() {
    let dir = system();
    edit(
        dir.path(),
        "nodes/edge-1.yaml",
        "    websocket:\n      enable: true\n",
        "    quic:\n      enable: true\n      server: 192.0.2.10:10001\n    websocket:\n      enable: false\n",
    );
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1));
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "hub-port", "{v:#}");
    assert!(f["message"].as_str().unwrap().contains("over quic"));
    assert_eq!(
        line_at(dir.path(), &f["locations"][0]),
        "      server: 192.0.2.10:10001"
    );
    assert_eq!(
        line_at(dir.path(), &f["locations"][1]),
        "      enable: false"
    );
}

#[test]
fn the_readme_names_every_check_rule() {
    let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
    let section = readme
        .split("## Checking a whole system")
        .nth(1)
        .expect("README has the check section");
    for r in edgecfg::check::rules() {
        assert!(
            section.contains(&format!("`{}`", r.id)),
            "README's check table lacks `{}`",
            r.id
        );
    }
}

#[test]
fn the_certificate_beside_an_edge_config_names_its_node() {
    let dir = system();
    let certs = common::root().join("tests/fixtures/certs");
    for (node, cert) in [("edge-1", "edge-1.crt"), ("edge-2", "edge-old.crt")] {
        let d = dir.path().join("fleet").join(node);
        fs::create_dir_all(&d).unwrap();
        fs::rename(
            dir.path().join(format!("nodes/{node}.yaml")),
            d.join("edgecore.yaml"),
        )
        .unwrap();
        fs::copy(certs.join(cert), d.join("server.crt")).unwrap();
    }
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1), "{v:#}");
    let found: Vec<&J> = v["findings"].as_array().unwrap().iter().collect();
    assert_eq!(found.len(), 1, "{v:#}");
    let f = found[0];
    assert_eq!(f["rule"], "node-certificate");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("`system:node:edge-old`, but the node is `edge-2`")
    );
    assert_eq!(f["locations"][1]["file"], "fleet/edge-2/server.crt");
    assert_eq!(f["locations"][1]["line"], 1);
    let inputs = v["inputs"].as_array().unwrap();
    assert!(
        inputs
            .iter()
            .any(|i| i["file"] == "fleet/edge-1/server.crt" && i["found"][0] == "1 certificate")
    );
}

/// "What works" is a verdict: never "works" next to a finding on the same path; a node whose
/// edgecore would not start is broken for everything; the edge files alone decide what they
/// can without a cloud configuration.
#[test]
fn what_works_is_a_verdict() {
    let cap = |v: &J, name: &str| -> J {
        v["works"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name}: {v:#}"))
            .clone()
    };
    let dir = system();
    let (_, v) = json(dir.path());
    assert_eq!(
        cap(&v, "kubectl top")["works"].as_array().unwrap().len(),
        3,
        "{v:#}"
    );
    // A warning on top's path (certificate verification): at risk, not works.
    edit(
        dir.path(),
        "metrics-server.yaml",
        "        - --kubelet-insecure-tls\n",
        "",
    );
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(0));
    let top = cap(&v, "kubectl top");
    assert!(top["works"].as_array().unwrap().is_empty(), "{top:#}");
    assert_eq!(
        top["at_risk"][0][0],
        serde_json::json!(["metrics-server"]),
        "{top:#}"
    );
    assert_eq!(
        cap(&v, "kubectl logs/exec")["works"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // edgecore on edge-2 would not start (a list where a number belongs): broken for all.
    edit(
        dir.path(),
        "nodes/edge-2.yaml",
        "heartbeat: 15",
        "heartbeat: [15]",
    );
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1), "an input edgecore would not run with: {v:#}");
    for name in ["kubectl logs/exec", "kubectl top", "edge node status"] {
        let c = cap(&v, name);
        let broken = c["broken"].as_array().unwrap();
        assert_eq!(broken.len(), 1, "{name}: {c:#}");
        assert_eq!(broken[0][0], serde_json::json!(["wrong-type"]), "{c:#}");
        assert_eq!(broken[0][1], serde_json::json!(["edge-2"]), "{c:#}");
    }
    // Without a cloud config: unknown, except where an edge file alone shows it broken.
    edit(
        dir.path(),
        "nodes/edge-2.yaml",
        "heartbeat: [15]",
        "heartbeat: 15",
    );
    fs::remove_file(dir.path().join("cloudcore.yaml")).unwrap();
    edit(
        dir.path(),
        "nodes/edge-3.yaml",
        "  edgeStream:\n    enable: true",
        "  edgeStream:\n    enable: false",
    );
    let (_, v) = json(dir.path());
    let logs = cap(&v, "kubectl logs/exec");
    assert!(
        logs["unknown"].as_str().unwrap().contains("no cloud"),
        "{logs:#}"
    );
    assert!(logs["works"].as_array().unwrap().is_empty(), "{logs:#}");
    assert_eq!(
        logs["broken"],
        serde_json::json!([[["stream-pairing"], ["edge-3"]]]),
        "{logs:#}"
    );
}

/// The observability profile's cloudcore ServiceMonitor is labelled `release: <prometheusRelease>`;
/// left at its default beside a kube-prometheus-stack release of another name, no Prometheus
/// selects it and cloudcore is never scraped: `monitoring-selector`, and "cloudcore metrics"
/// broken. Labelled for the release, it is selected. A Prometheus that could land on an edge node
/// is `monitoring-placement`.
#[test]
fn monitors_no_prometheus_selects_are_reported() {
    let dir = system();
    let prometheus = "# Hand-made: kube-prometheus-stack's Prometheus, release `kps` (its default selectors).\n\
apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: kps-prometheus\n  namespace: monitoring\nspec:\n  serviceMonitorSelector:\n    matchLabels:\n      release: kps\n  serviceMonitorNamespaceSelector: {}\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: node-role.kubernetes.io/edge\n            operator: DoesNotExist\n";
    fs::write(dir.path().join("prometheus.yaml"), prometheus).unwrap();
    let monitor = "# Hand-made: the observability profile's ServiceMonitor (prometheusRelease left at its default).\n\
apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: cloudcore\n  namespace: kubeedge\n  labels:\n    release: kube-prometheus-stack\nspec:\n  selector:\n    matchLabels:\n      kubeedge: cloudcore\n  endpoints:\n  - port: metrics\n";
    fs::write(dir.path().join("servicemonitor.yaml"), monitor).unwrap();
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(1), "{v:#}");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "monitoring-selector")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(f["severity"], "error");
    assert!(
        f["fix"].as_str().unwrap().contains("prometheusRelease"),
        "{f:#}"
    );
    assert_eq!(
        line_at(dir.path(), &f["locations"][0]),
        "    release: kube-prometheus-stack"
    );
    let metrics = v["works"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "cloudcore metrics")
        .unwrap()
        .clone();
    assert_eq!(
        metrics["broken"],
        serde_json::json!([[["monitoring-selector"], ["cloudcore"]]]),
        "{metrics:#}"
    );
    // the consistent twin: labelled for the release
    edit(
        dir.path(),
        "servicemonitor.yaml",
        "release: kube-prometheus-stack",
        "release: kps",
    );
    let (code, v) = json(dir.path());
    assert_eq!(code, Some(0), "{v:#}");
    assert!(v["findings"].as_array().unwrap().is_empty(), "{v:#}");
    // a Prometheus that can land on an edge node
    edit(
        dir.path(),
        "prometheus.yaml",
        "node-role.kubernetes.io/edge",
        "kubernetes.io/arch",
    );
    let (_, v) = json(dir.path());
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "monitoring-placement")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(f["severity"], "warning");
}

/// Internal mode writes the TUNNEL-PORT chain on cloudcore's node only (audit, uncovered 3):
/// with cloudcore as a host-network Deployment, metrics-server must follow it by pod affinity
/// (or the same hostname pin); the twin has the affinity.
#[test]
fn internal_mode_keeps_metrics_server_beside_cloudcore() {
    let deployment = "# Hand-made: cloudcore as a host-network Deployment (internal iptables mode in cloudcore.yaml).\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cloudcore\nspec:\n  template:\n    metadata:\n      labels:\n        kubeedge: cloudcore\n    spec:\n      hostNetwork: true\n      containers:\n      - name: cloudcore\n        image: kubeedge/cloudcore:v1.23.1\n";
    let affinity = "      affinity:\n        podAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - topologyKey: kubernetes.io/hostname\n            labelSelector:\n              matchLabels:\n                kubeedge: cloudcore\n        nodeAffinity:\n";
    let rules = |with_affinity: bool| {
        let dir = system();
        fs::write(dir.path().join("cloudcore-deployment.yaml"), deployment).unwrap();
        // The pin to master is the bare-cloudcore twin; a Deployment can move.
        edit(
            dir.path(),
            "metrics-server.yaml",
            "      nodeSelector:\n        kubernetes.io/hostname: master\n",
            "",
        );
        if with_affinity {
            edit(
                dir.path(),
                "metrics-server.yaml",
                "      affinity:\n        nodeAffinity:\n",
                affinity,
            );
        }
        let (_, v) = json(dir.path());
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["severity"].as_str().unwrap(),
                    f["rule"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rules(false),
        [
            "warning metrics-server-placement",
            "info iptables-placement"
        ]
    );
    assert_eq!(rules(true), ["info iptables-placement"]);
}

/// With cloudStream on, cloudcore refuses to start unless its stream CA, certificate and key
/// exist; in a Deployment only a volume provides them (audit, uncovered 13). Hand-made render:
/// the chart's layout (a secret with items at /etc/kubeedge) is the consistent twin.
#[test]
fn stream_certificates_come_from_cloudcores_volumes() {
    let render = |cloud_stream: &str, volume: &str| {
        format!(
            "# Hand-made: cloudcore's ConfigMap, Deployment and secret, as the chart lays them out.\n\
apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cloudcore\ndata:\n  cloudcore.yaml: |\n    apiVersion: cloudcore.config.kubeedge.io/v1alpha1\n    kind: CloudCore\n    modules:\n      cloudHub:\n        advertiseAddress:\n        - 192.0.2.10\n      cloudStream:\n        enable: true\n{cloud_stream}\
---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cloudcore\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n      - name: cloudcore\n        image: kubeedge/cloudcore:v1.23.1\n        volumeMounts:\n        - name: conf\n          mountPath: /etc/kubeedge/config\n        - name: certs\n          mountPath: /etc/kubeedge\n      volumes:\n      - name: conf\n        configMap:\n          name: cloudcore\n      - name: certs\n{volume}\
---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: cloudcore\ndata:\n  stream.crt: eA==\n  stream.key: eA==\n  streamCA.crt: eA==\n"
        )
    };
    let chart_volume = "        secret:\n          secretName: cloudcore\n          items:\n          - key: stream.crt\n            path: certs/stream.crt\n          - key: stream.key\n            path: certs/stream.key\n          - key: streamCA.crt\n            path: ca/streamCA.crt\n";
    let run = |text: String| -> Vec<(String, String)> {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("render.yaml"), text).unwrap();
        let (_, v) = json(dir.path());
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "stream-certs")
            .map(|f| {
                (
                    f["severity"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // The chart's own layout: every file is there.
    assert_eq!(run(render("", chart_volume)), []);
    // A path the secret's items do not put there.
    let moved = run(render(
        "        tlsStreamCertFile: /etc/kubeedge/certs/my-stream.crt\n",
        chart_volume,
    ));
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0].0, "error");
    assert!(
        moved[0]
            .1
            .contains("tlsStreamCertFile is /etc/kubeedge/certs/my-stream.crt")
            && moved[0]
                .1
                .contains("lists items without certs/my-stream.crt"),
        "{moved:?}"
    );
    // The whole secret mounted at /etc/kubeedge: its keys sit at the top, not in certs/ or ca/.
    let flat = run(render(
        "",
        "        secret:\n          secretName: cloudcore\n",
    ));
    assert_eq!(flat.len(), 3, "{flat:?}");
    assert!(flat[0].1.contains("has no key ca/streamCA.crt"), "{flat:?}");
    // A secret volume whose secret is not among the inputs: cannot be told, nothing said.
    assert_eq!(
        run(render(
            "",
            "        secret:\n          secretName: elsewhere\n",
        )),
        []
    );
    // An emptyDir has nothing in it.
    let empty = run(render("", "        emptyDir: {}\n"));
    assert_eq!(empty.len(), 3, "{empty:?}");
    // The chart's values: its Deployment mounts the three chart paths, nothing else.
    let values = |extra: &str| {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("values.yaml"),
            format!("# Hand-made: cloudcore chart values.\ncloudCore:\n  modules:\n    cloudHub:\n      advertiseAddress:\n      - 192.0.2.10\n    cloudStream:\n      enable: true\n{extra}"),
        )
        .unwrap();
        let (_, v) = json(dir.path());
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "stream-certs")
            .count()
    };
    assert_eq!(values(""), 0);
    assert_eq!(
        values("      tlsStreamCAFile: /etc/kubeedge/ca/rootCA.crt\n"),
        1
    );
}

/// EdgeMesh's agent against each edge metaServer (audit, uncovered 14-15): the fixture's edges
/// run the metaServer with the requireAuthorization gate (HTTPS only). The consistent twin is
/// the agent with security on; each variant breaks one thing.
#[test]
fn edgemesh_reaches_the_edge_metaserver() {
    let agent_cm = |kube_api: &str| {
        format!(
            "# Hand-made: EdgeMesh's agent ConfigMap as its chart renders it.\n\
apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: edgemesh-agent-cfg\n  namespace: kubeedge\ndata:\n  edgemesh-agent.yaml: |-\n{kube_api}    modules:\n      edgeProxy:\n        enable: true\n"
        )
    };
    let secure = "    kubeAPIConfig:\n      metaServer:\n        security:\n          requireAuthorization: true\n";
    let run = |files: &[(&str, String)], edits: &[(&str, &str, &str)]| -> Vec<String> {
        let dir = system();
        for (name, text) in files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        for (file, from, to) in edits {
            edit(dir.path(), file, from, to);
        }
        let (_, v) = json(dir.path());
        let meta = v["works"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "metaServer/EdgeMesh")
            .unwrap()
            .clone();
        let mut out: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "edgemesh-metaserver")
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect();
        if out.is_empty() {
            assert_eq!(meta["works"].as_array().unwrap().len(), 3, "{meta:#}");
        } else {
            assert!(
                meta["broken"].to_string().contains("edgemesh-metaserver"),
                "{meta:#}"
            );
        }
        out.dedup();
        out
    };
    let cm = |k: &str| vec![("edgemesh.yaml", agent_cm(k))];
    // Consistent: HTTPS to the HTTPS-only metaServer at its default address.
    assert_eq!(run(&cm(secure), &[]), Vec::<String>::new());
    // EdgeMesh's default (HTTP) against the gate.
    let http = run(&cm(""), &[]);
    assert_eq!(http.len(), 1, "{http:?}");
    assert!(http[0].contains("speaks HTTP"), "{http:?}");
    // The metaServer moved off EdgeMesh's default address on one node.
    let moved = run(
        &cm(secure),
        &[(
            "nodes/edge-2.yaml",
            "    metaServer:\n      enable: true\n",
            "    metaServer:\n      enable: true\n      server: 169.254.30.10:10550\n",
        )],
    );
    assert_eq!(
        moved,
        [
            "EdgeMesh's agent dials https://127.0.0.1:10550, but the edge metaServer listens on 169.254.30.10:10550"
        ]
    );
    // 0.0.0.0 listens on loopback too.
    assert_eq!(
        run(
            &cm(secure),
            &[(
                "nodes/edge-2.yaml",
                "    metaServer:\n      enable: true\n",
                "    metaServer:\n      enable: true\n      server: 0.0.0.0:10550\n",
            )],
        ),
        Vec::<String>::new()
    );
    // metaServer off on a node.
    let off = run(
        &cm(secure),
        &[(
            "nodes/edge-3.yaml",
            "    metaServer:\n      enable: true\n",
            "    metaServer:\n      enable: false\n",
        )],
    );
    assert_eq!(off.len(), 1, "{off:?}");
    assert!(off[0].contains("metaServer is off on this node"), "{off:?}");
    // Manual mode (kubeAPIConfig.master): the agent talks to kube-apiserver, not the metaServer.
    assert_eq!(
        run(
            &cm("    kubeAPIConfig:\n      master: https://192.0.2.10:6443\n"),
            &[]
        ),
        Vec::<String>::new()
    );
    // The chart's values, with a server of their own that misses the node's port.
    let values = run(
        &[(
            "edgemesh-values.yaml",
            "# Hand-made: EdgeMesh chart values.\nagent:\n  kubeAPIConfig:\n    metaServer:\n      server: https://127.0.0.1:10551\n".into(),
        )],
        &[],
    );
    assert_eq!(
        values,
        [
            "3 edge configs: EdgeMesh's agent dials https://127.0.0.1:10551, but the edge metaServer listens on 127.0.0.1:10550"
        ]
    );
}
