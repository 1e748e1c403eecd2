//! `edgecfg post-render` on the captured Helm 3 / Helm 4 post-renderer input of the real charts
//! (read from ../shared; no Helm needed), and its error contract.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn post_render(input: &[u8], args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(common::bin());
    c.arg("post-render")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("EDGECFG_LOG");
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Documents split at `---` lines.
fn docs(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if line.trim_end() == "---" {
            out.push(&s[start..pos]);
            start = pos + line.len();
        }
        pos += line.len();
    }
    out.push(&s[start..]);
    out
}

fn run_fixture(rel: &str, args: &[&str]) -> Option<(String, String)> {
    let dir = common::shared("fixtures")?;
    let input = std::fs::read_to_string(dir.join(rel)).unwrap();
    let o = post_render(input.as_bytes(), args, &[]);
    assert!(
        o.status.success(),
        "{rel}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    // Idempotent: a second pass changes nothing.
    let again = post_render(out.as_bytes(), args, &[]);
    assert_eq!(
        String::from_utf8(again.stdout).unwrap(),
        out,
        "{rel}: second post-render"
    );
    Some((input, out))
}

/// Indexes of the documents that differ.
fn changed(input: &str, out: &str) -> Vec<usize> {
    let (a, b) = (docs(input), docs(out));
    assert_eq!(a.len(), b.len());
    (0..a.len()).filter(|&i| a[i] != b[i]).collect()
}

#[test]
fn helm3_and_helm4_inputs_of_both_charts() {
    for (rel, expect) in [
        (
            "metrics-server/rendered/metrics-server-chart.helm3-postrender-input.yaml",
            1,
        ),
        (
            "metrics-server/rendered/metrics-server-chart.helm4-postrender-input.yaml",
            1,
        ),
        ("metrics-server/rendered/components.v0.9.0.yaml", 1),
        // Default profiles on the cloudcore chart: everything is already as streams-on wants.
        (
            "kubeedge/rendered/cloudcore-chart.helm3-postrender-input.yaml",
            0,
        ),
        (
            "kubeedge/rendered/cloudcore-chart.helm4-postrender-input.yaml",
            0,
        ),
    ] {
        let Some((input, out)) = run_fixture(rel, &[]) else {
            return;
        };
        let c = changed(&input, &out);
        assert_eq!(c.len(), expect, "{rel}: changed documents {c:?}");
        if expect == 0 {
            assert_eq!(input, out, "{rel}: unchanged byte for byte");
        }
    }
    for rel in [
        "kubeedge/rendered/cloudcore-chart.helm3-postrender-input.yaml",
        "kubeedge/rendered/cloudcore-chart.helm4-postrender-input.yaml",
        "kubeedge/rendered/cloudcore-chart-dnsnames.helm4-postrender-input.yaml",
    ] {
        let Some((input, out_full)) = run_fixture(rel, &["--profile", "observability"]) else {
            return;
        };
        // observability adds a ServiceMonitor for cloudcore after its Service.
        let added: Vec<&str> = docs(&out_full)
            .into_iter()
            .filter(|d| d.contains("app.kubernetes.io/managed-by: edgecfg"))
            .collect();
        assert_eq!(added.len(), 1, "{rel}");
        assert!(added[0].contains("kind: ServiceMonitor"));
        let out = out_full.replacen(&format!("---\n{}", added[0]), "", 1);
        let c = changed(&input, &out);
        let kinds: Vec<&str> = c
            .iter()
            .map(|i| {
                let d = docs(&out)[*i];
                ["ConfigMap", "Service", "Deployment"]
                    .into_iter()
                    .find(|k| d.contains(&format!("kind: {k}\n")))
                    .unwrap_or("?")
            })
            .collect();
        let mut sorted = kinds.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            ["ConfigMap", "Deployment", "Service"],
            "{rel}: {kinds:?}"
        );
        let doc = docs(&out)
            .into_iter()
            .find(|d| d.contains("kind: ConfigMap"))
            .unwrap();
        assert!(doc.contains("bindAddress: 0.0.0.0:9091"), "{rel}");
        // The Helm 4 filename annotation survives in the changed document, and names the
        // profile in the added one.
        if rel.contains("helm4") {
            assert!(doc.contains("postrenderer.helm.sh/postrender-filename: 'cloudcore/templates/configmap_cloudcore.yaml'"));
            assert!(added[0].contains(
                "postrenderer.helm.sh/postrender-filename: edgecfg/profiles/observability.yaml"
            ));
        } else {
            assert!(doc.contains("# Source: cloudcore/templates/configmap_cloudcore.yaml"));
            assert!(added[0].starts_with("# Source: edgecfg/profiles/observability.yaml\n"));
        }
    }
}

#[test]
fn empty_input_gives_empty_output() {
    for input in ["", "\n", "---\n"] {
        let o = post_render(input.as_bytes(), &[], &[]);
        assert!(o.status.success());
        assert_eq!(String::from_utf8(o.stdout).unwrap(), input);
    }
}

#[test]
fn hooks_duplicates_and_documents_without_metadata_pass_through() {
    let input = "# Source: x/templates/a.yaml\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    \"helm.sh/hook\": pre-install\n---\nkind: Secret\nmetadata:\n  name: s\n---\njust: data\n---\n- a list\n";
    let o = post_render(input.as_bytes(), &[], &[]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8(o.stdout).unwrap(), input);
}

#[test]
fn errors_write_nothing_on_stdout_and_one_line_on_stderr_and_the_log() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let bad = "kind: Deployment\nmetadata:\n  name: metrics-server\nspec: [\n";
    let o = post_render(
        bad.as_bytes(),
        &["--log", log.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("document 0") && err.contains("line"), "{err}");
    let logged = std::fs::read_to_string(log.path()).unwrap();
    assert!(logged.contains("error: document 0"), "{logged}");

    // EDGECFG_LOG works too (Helm 4 gives no way to pass a flag to see errors).
    let log2 = tempfile::NamedTempFile::new().unwrap();
    let o = post_render(
        b"kind: A\n",
        &["--profile", "nope"],
        &[("EDGECFG_LOG", log2.path().to_str().unwrap())],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        std::fs::read_to_string(log2.path())
            .unwrap()
            .contains("no profile named `nope`")
    );
}

#[test]
fn bare_edgecfg_with_piped_stdin_is_the_post_renderer() {
    let mut child = Command::new(common::bin())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = "kind: Deployment\nmetadata:\n  name: ms\nspec:\n  template:\n    spec:\n      containers:\n      - name: metrics-server\n        args: [--secure-port=10250]\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("--secure-port=4443") && out.contains("--kubelet-use-node-status-port"),
        "{out}"
    );
}

#[test]
fn metrics_server_reuses_a_port_named_main_port_keeps_off_edge_nodes_and_takes_the_control_plane_label()
 {
    let input = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/manifests/metrics-server-main-port.yaml"),
    )
    .unwrap();
    let o = post_render(input.as_bytes(), &["-p", "metrics-server"], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    // The existing port keeps its name (the Service targets it) and no second port appears.
    assert_eq!(out.matches("containerPort:").count(), 1, "{out}");
    assert!(out.contains("- name: main-port\n          containerPort: 4443\n"));
    assert!(!out.contains("name: https"));
    assert!(out.contains("hostNetwork: true"));
    // Kept off edge nodes (no TUNNEL-PORT chain there); not pinned to the control plane by
    // default: the chart's iptables-manager does not tolerate its taints (kubeedge#4958).
    assert!(
        out.contains("- key: node-role.kubernetes.io/edge\n                operator: DoesNotExist"),
        "{out}"
    );
    assert!(!out.contains("control-plane"), "{out}");
    // Clusters before Kubernetes 1.20: the master label, for the selector and the toleration.
    let o = post_render(
        input.as_bytes(),
        &[
            "-p",
            "metrics-server",
            "--param",
            "controlPlane=true",
            "--param",
            "controlPlaneLabel=node-role.kubernetes.io/master",
        ],
        &[],
    );
    let old = String::from_utf8(o.stdout).unwrap();
    assert!(
        old.contains("nodeSelector:\n        node-role.kubernetes.io/master: \"\""),
        "{old}"
    );
    assert!(old.contains("- key: node-role.kubernetes.io/master\n        operator: Exists"));
    assert!(!old.contains("control-plane"));
    // Idempotent.
    let again = post_render(
        old.as_bytes(),
        &[
            "-p",
            "metrics-server",
            "--param",
            "controlPlane=true",
            "--param",
            "controlPlaneLabel=node-role.kubernetes.io/master",
        ],
        &[],
    );
    assert_eq!(String::from_utf8(again.stdout).unwrap(), old);
}

/// The kube-prometheus-stack subcharts the shared fixture lacks (node-exporter, Grafana,
/// kube-state-metrics), hand-made in their rendered shape: edge-monitoring tolerates the edge
/// role on node-exporter (keeping the chart's toleration) and keeps the Deployments off edge
/// nodes (appending to an existing term, creating one where there is none), idempotently.
#[test]
fn edge_monitoring_on_subchart_shapes() {
    let input = "---\n# Source: kube-prometheus-stack/charts/prometheus-node-exporter/templates/daemonset.yaml\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: kps-prometheus-node-exporter\n  namespace: monitoring\nspec:\n  template:\n    spec:\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: type\n                operator: NotIn\n                values:\n                - virtual-kubelet\n      containers:\n        - name: node-exporter\n          image: quay.io/prometheus/node-exporter:v1.12.1\n      hostNetwork: true\n      tolerations:\n        - effect: NoSchedule\n          operator: Exists\n---\n# Source: kube-prometheus-stack/charts/grafana/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kps-grafana\n  namespace: monitoring\nspec:\n  template:\n    spec:\n      containers:\n        - name: grafana\n          image: docker.io/grafana/grafana:13.2.0\n---\n# Source: kube-prometheus-stack/charts/kube-state-metrics/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: kps-kube-state-metrics\n  namespace: monitoring\nspec:\n  template:\n    spec:\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/os\n                operator: In\n                values: [linux]\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values: [amd64]\n      containers:\n        - name: kube-state-metrics\n          image: registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0\n";
    let o = post_render(input.as_bytes(), &["-p", "edge-monitoring"], &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let d = docs(&out);
    // node-exporter: the chart's toleration stays, the edge one is added; its affinity (a
    // DaemonSet: it belongs on edge nodes) is left alone.
    assert!(d[1].contains("      tolerations:\n        - effect: NoSchedule\n          operator: Exists\n        - key: node-role.kubernetes.io/edge\n          operator: Exists\n"), "{}", d[1]);
    assert!(!d[1].contains("DoesNotExist"));
    // Grafana: a term is created.
    assert!(d[2].contains("      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n"), "{}", d[2]);
    assert_eq!(d[2].matches("node-role.kubernetes.io/edge").count(), 1);
    // kube-state-metrics: both ORed terms get the expression, the user's expressions stay.
    assert_eq!(
        d[3].matches("operator: DoesNotExist").count(),
        2,
        "{}",
        d[3]
    );
    assert!(d[3].contains("key: kubernetes.io/os") && d[3].contains("key: kubernetes.io/arch"));
    let again = post_render(out.as_bytes(), &["-p", "edge-monitoring"], &[]);
    assert_eq!(String::from_utf8(again.stdout).unwrap(), out);
}
