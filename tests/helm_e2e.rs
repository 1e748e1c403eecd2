//! End to end with the real Helm 3 and Helm 4 binaries (installed by
//! `tools/install-test-tools.sh`) on the real cloudcore and metrics-server charts (read from
//! ../shared/fixtures/charts): `helm template` and `helm install --dry-run` through edgecfg as a
//! Helm 3 post-renderer executable and as a Helm 4 `postrenderer/v1` plugin. Outputs pass
//! `kubernetes-validate --strict`; documents no profile targets are byte-identical to the
//! render without edgecfg (Helm 4: with an identity post-renderer, since Helm 4 re-serialises
//! every document it hands to a plugin); the embedded cloudcore.yaml is decoded with
//! KubeEdge's own YAML library.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use edgecfg::document::{Document, Path as YPath, Value};

struct Helm {
    helm3: PathBuf,
    helm4: PathBuf,
    home: tempfile::TempDir,
    plugins: tempfile::TempDir,
    path: std::ffi::OsString,
}

fn setup() -> Option<(Helm, PathBuf)> {
    let charts = common::shared("fixtures/charts")?;
    let helm3 = common::tool("helm3")?;
    let helm4 = common::tool("helm4")?;
    let home = tempfile::tempdir().unwrap();
    let plugins = tempfile::tempdir().unwrap();
    // edgecfg's own plugin, as shipped, and an identity plugin for the Helm 4 baseline.
    std::fs::create_dir(plugins.path().join("edgecfg")).unwrap();
    std::fs::copy(
        common::root().join("helm/edgecfg/plugin.yaml"),
        plugins.path().join("edgecfg/plugin.yaml"),
    )
    .unwrap();
    std::fs::create_dir(plugins.path().join("identity")).unwrap();
    std::fs::write(
        plugins.path().join("identity/plugin.yaml"),
        "apiVersion: v1\ntype: postrenderer/v1\nname: identity\nversion: 0.1.0\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n    - command: cat\n",
    )
    .unwrap();
    let bin_dir = common::bin().parent().unwrap().to_path_buf();
    let mut paths = vec![bin_dir];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(paths).unwrap();
    Some((
        Helm {
            helm3,
            helm4,
            home,
            plugins,
            path,
        },
        charts,
    ))
}

impl Helm {
    fn run(&self, helm: &Path, args: &[&str], extra_env: &[(&str, &str)]) -> Output {
        let h = self.home.path();
        let mut c = Command::new(helm);
        c.args(args)
            .env("HOME", h)
            .env("XDG_CACHE_HOME", h.join("cache"))
            .env("XDG_CONFIG_HOME", h.join("config"))
            .env("XDG_DATA_HOME", h.join("data"))
            .env("HELM_PLUGINS", self.plugins.path())
            .env("PATH", &self.path)
            .env_remove("KUBECONFIG");
        for (k, v) in extra_env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn ok(&self, helm: &Path, args: &[&str]) -> String {
        let o = self.run(helm, args, &[]);
        assert!(
            o.status.success(),
            "{} {args:?}: {}",
            helm.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }
}

/// Documents of a Helm output, split at `---` lines.
fn docs(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for line in s.split_inclusive('\n') {
        if line.trim_end() == "---" {
            out.push(String::new());
        } else {
            out.last_mut().unwrap().push_str(line);
        }
    }
    out.into_iter().filter(|d| !d.trim().is_empty()).collect()
}

fn kind_name(doc: &str) -> String {
    let Ok(d) = Document::parse(doc) else {
        // A document edgecfg's parser refuses (none of the charts' renders now; this names
        // it from its top-level lines so the comparison still reports it).
        let top = |key: &str| {
            doc.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}: ")))
                .unwrap_or("?")
                .to_owned()
        };
        let name = doc
            .split("\nmetadata:\n")
            .nth(1)
            .and_then(|m| {
                m.lines()
                    .take_while(|l| l.starts_with(' '))
                    .find_map(|l| l.strip_prefix("  name: "))
            })
            .unwrap_or("?");
        return format!("{}/{name}", top("kind"));
    };
    let get = |p: &str| match d.get_value(0, &YPath::parse(p).unwrap()).ok().flatten() {
        Some(Value::String(s)) => s,
        _ => "?".into(),
    };
    format!("{}/{}", get("kind"), get("metadata.name"))
}

/// Compares two renders document by document: `targets` may differ, every other document is
/// byte-identical (the cloudcore chart's random certificate Secret is compared by name only).
fn compare(base: &str, post: &str, targets: &[&str]) -> Vec<(String, String, String)> {
    let (b, p) = (docs(base), docs(post));
    assert_eq!(b.len(), p.len(), "document count");
    let mut changed = Vec::new();
    for (x, y) in b.iter().zip(&p) {
        let name = kind_name(x);
        assert_eq!(name, kind_name(y), "document order");
        if targets.contains(&name.as_str()) {
            if x != y {
                changed.push((name, x.clone(), y.clone()));
            }
        } else if name == "Secret/cloudcore" {
            // Random CA/certificates per render.
        } else {
            assert_eq!(x, y, "{name} must pass through byte for byte");
        }
    }
    changed
}

fn validate_k8s(text: &str) {
    let Some(kv) = common::tool("kubernetes-validate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("out.yaml");
    std::fs::write(&f, text).unwrap();
    let o = Command::new(kv)
        .args(["--strict", "-k", "1.30.0", "--quiet"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "kubernetes-validate: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn args_of(deployment: &str) -> Vec<String> {
    let d = Document::parse(deployment).unwrap();
    let v = d.value(0).unwrap().to_json().unwrap();
    v.pointer("/spec/template/spec/containers/0/args")
        .and_then(|a| a.as_array())
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

fn check_metrics_server_deployment(doc: &str) {
    let args = args_of(doc);
    assert!(
        args.contains(&"--kubelet-use-node-status-port".to_owned()),
        "{args:?}"
    );
    assert!(args.contains(&"--secure-port=4443".to_owned()), "{args:?}");
    assert_eq!(
        args.iter()
            .filter(|a| a.starts_with("--secure-port"))
            .count(),
        1,
        "{args:?}"
    );
    assert!(
        !args.contains(&"--kubelet-insecure-tls".to_owned()),
        "opt-in only"
    );
    let v = Document::parse(doc)
        .unwrap()
        .value(0)
        .unwrap()
        .to_json()
        .unwrap();
    assert_eq!(
        v.pointer("/spec/template/spec/hostNetwork"),
        Some(&serde_json::json!(true))
    );
    assert_eq!(
        v.pointer("/spec/template/spec/containers/0/ports/0/containerPort"),
        Some(&serde_json::json!(4443))
    );
}

#[test]
fn metrics_server_chart() {
    let Some((h, charts)) = setup() else { return };
    let chart = charts.join("metrics-server");
    let chart = chart.to_str().unwrap();
    let bin = common::bin();
    let bin = bin.to_str().unwrap();

    // Helm 3: bare `edgecfg` as the post-renderer executable (no arguments: default profiles).
    let base = h.ok(&h.helm3, &["template", "ms", chart]);
    let post = h.ok(&h.helm3, &["template", "ms", chart, "--post-renderer", bin]);
    let changed = compare(&base, &post, &["Deployment/ms-metrics-server"]);
    assert_eq!(changed.len(), 1);
    check_metrics_server_deployment(&changed[0].2);
    validate_k8s(&post);
    // The same with the opt-in flag, and again through edgecfg: idempotent.
    let post_tls = h.ok(
        &h.helm3,
        &[
            "template",
            "ms",
            chart,
            "--post-renderer",
            bin,
            "--post-renderer-args",
            "--param",
            "--post-renderer-args",
            "insecureTLS=true",
        ],
    );
    assert!(post_tls.contains("- --kubelet-insecure-tls"));
    let again = Command::new(bin)
        .arg("post-render")
        .stdin(std::fs::File::open(write_tmp(&post)).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(again.stdout).unwrap(),
        post,
        "a second post-render changes nothing"
    );

    // Helm 4: the plugin, compared with an identity plugin (Helm 4 re-serialises every doc).
    let base4 = h.ok(
        &h.helm4,
        &["template", "ms", chart, "--post-renderer", "identity"],
    );
    let post4 = h.ok(
        &h.helm4,
        &["template", "ms", chart, "--post-renderer", "edgecfg"],
    );
    let changed = compare(&base4, &post4, &["Deployment/ms-metrics-server"]);
    assert_eq!(changed.len(), 1);
    check_metrics_server_deployment(&changed[0].2);
    validate_k8s(&post4);
}

fn write_tmp(text: &str) -> PathBuf {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), text).unwrap();
    f.into_temp_path().keep().unwrap()
}

fn embedded(doc: &str) -> String {
    match Document::parse(doc)
        .unwrap()
        .get_value(0, &YPath::keys(["data", "cloudcore.yaml"]))
        .unwrap()
    {
        Some(Value::String(s)) => s,
        other => panic!("no cloudcore.yaml: {other:?}"),
    }
}

/// KubeEdge's own decoding of the embedded config.
fn decode_cloudcore(text: &str) -> Option<serde_json::Value> {
    let tool = common::kubeedge_decode()?;
    let o = Command::new(tool)
        .args(["-mode", "cloudcore"])
        .arg(write_tmp(text))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(serde_json::from_slice(&o.stdout).unwrap())
}

const CC_ARGS: &[&str] = &[
    "--namespace",
    "kubeedge",
    "--set",
    "cloudCore.modules.cloudHub.advertiseAddress[0]=192.0.2.10",
];

#[test]
fn cloudcore_chart() {
    let Some((h, charts)) = setup() else { return };
    let chart = charts.join("cloudcore");
    let chart = chart.to_str().unwrap();
    let bin = common::bin();
    let bin = bin.to_str().unwrap();
    let profile_args = [
        "--post-renderer-args",
        "--profile",
        "--post-renderer-args",
        "observability",
        "--post-renderer-args",
        "--param",
        "--post-renderer-args",
        "tunnelPort=30004",
    ];
    let targets = [
        "ConfigMap/cloudcore",
        "Service/cloudcore",
        "Deployment/cloudcore",
    ];

    // Helm 3.
    let mut a = vec!["template", "cloudcore", chart];
    a.extend(CC_ARGS);
    let base = h.ok(&h.helm3, &a);
    let mut a_post = a.clone();
    a_post.extend(["--post-renderer", bin]);
    a_post.extend(profile_args);
    let post_full = h.ok(&h.helm3, &a_post);
    // observability adds a ServiceMonitor for cloudcore's metrics port, valid for the CRD
    // kube-prometheus-stack ships.
    let (post, added) = split_added(&post_full);
    assert_eq!(added.len(), 1);
    assert!(added[0].starts_with("# Source: edgecfg/profiles/observability.yaml\n"));
    let monitor = to_json(&added[0]);
    assert_eq!(monitor["kind"], "ServiceMonitor");
    assert_eq!(monitor["spec"]["endpoints"][0]["port"], "metrics");
    let schema = crd_schema(
        &charts.join("kube-prometheus-stack"),
        "servicemonitors",
        "v1",
    );
    let errors: Vec<String> = jsonschema::validator_for(&schema)
        .unwrap()
        .iter_errors(&monitor)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let changed = compare(&base, &post, &targets);
    assert_eq!(
        changed.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        targets
    );
    assert!(
        changed[1]
            .2
            .contains("  - name: metrics\n    port: 9091\n    targetPort: 9091\n")
    );
    assert!(
        changed[2]
            .2
            .contains("        - name: metrics\n          containerPort: 9091\n")
    );
    let (_, before, after) = &changed[0];
    // The `cloudcore.yaml: |` block: only the changed lines differ.
    let diff = edgecfg::diff::unified_text("cm", before, after);
    let changed_lines: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        changed_lines,
        [
            "-        tunnelPort: 10004",
            "+        tunnelPort: 30004",
            "+    commonConfig:",
            "+      monitorServer:",
            "+        bindAddress: 0.0.0.0:9091"
        ],
        "{diff}"
    );
    if let Some(d) = decode_cloudcore(&embedded(after)) {
        assert_eq!(
            d.pointer("/commonConfig/monitorServer/bindAddress"),
            Some(&serde_json::json!("0.0.0.0:9091"))
        );
        assert_eq!(
            d.pointer("/modules/cloudStream/tunnelPort"),
            Some(&serde_json::json!(30004))
        );
        assert_eq!(
            d.pointer("/modules/cloudStream/enable"),
            Some(&serde_json::json!(true))
        );
    }
    assert!(changed[1].2.contains("port: 30004") && changed[2].2.contains("containerPort: 30004"));
    validate_k8s(&post);

    // Helm 3 --show-only still finds the (post-rendered) template.
    let mut show = a_post.clone();
    show.extend(["--show-only", "templates/configmap_cloudcore.yaml"]);
    let only = h.ok(&h.helm3, &show);
    assert!(
        only.contains("# Source: cloudcore/templates/configmap_cloudcore.yaml")
            && only.contains("bindAddress: 0.0.0.0:9091"),
        "{only}"
    );

    // Helm 4: the plugin; the embedded config arrives (and stays) a double-quoted string.
    let mut a4 = a.clone();
    a4.extend(["--post-renderer", "identity"]);
    let base4 = h.ok(&h.helm4, &a4);
    let mut a4_post = a.clone();
    a4_post.extend(["--post-renderer", "edgecfg"]);
    a4_post.extend(profile_args);
    let post4_full = h.ok(&h.helm4, &a4_post);
    let (post4, added4) = split_added(&post4_full);
    assert_eq!(added4.len(), 1);
    let changed = compare(&base4, &post4, &targets);
    assert_eq!(changed.len(), 3);
    assert!(
        changed[0].2.contains("cloudcore.yaml: \"apiVersion"),
        "stays double-quoted"
    );
    if let Some(d) = decode_cloudcore(&embedded(&changed[0].2)) {
        assert_eq!(
            d.pointer("/commonConfig/monitorServer/bindAddress"),
            Some(&serde_json::json!("0.0.0.0:9091"))
        );
    }
    validate_k8s(&post4);

    // Helm 4 install --dry-run (no cluster needed with =client).
    let mut i4 = vec!["install", "cloudcore", chart, "--dry-run=client"];
    i4.extend(CC_ARGS);
    i4.extend(["--post-renderer", "edgecfg"]);
    i4.extend(profile_args);
    let install = h.ok(&h.helm4, &i4);
    assert!(install.contains("bindAddress: 0.0.0.0:9091"));
}

#[test]
fn errors_fail_the_render_with_a_reason() {
    let Some((h, charts)) = setup() else { return };
    let chart = charts.join("metrics-server");
    let chart = chart.to_str().unwrap();
    let bin = common::bin();
    let bin = bin.to_str().unwrap();
    let o = h.run(
        &h.helm3,
        &[
            "template",
            "ms",
            chart,
            "--post-renderer",
            bin,
            "--post-renderer-args",
            "--profile",
            "--post-renderer-args",
            "nope",
        ],
        &[],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no profile named `nope`"), "{err}");

    // Helm 4 drops a plugin's stderr: the reason goes to the log file.
    let log = tempfile::NamedTempFile::new().unwrap();
    let o = h.run(
        &h.helm4,
        &[
            "template",
            "ms",
            chart,
            "--post-renderer",
            "edgecfg",
            "--post-renderer-args",
            "--param",
            "--post-renderer-args",
            "securePort=99999",
        ],
        &[("EDGECFG_LOG", log.path().to_str().unwrap())],
    );
    assert!(!o.status.success());
    let logged = std::fs::read_to_string(log.path()).unwrap();
    assert!(
        logged.contains("securePort") && logged.contains("is not a port"),
        "{logged}"
    );
}

/// The install the README documents: the Helm 4 plugin packaged (`helm plugin package`) and
/// installed as a copy into a Helm 4-only data directory; Helm 3 beside it uses
/// `--post-renderer edgecfg` with no plugin, and does not read the Helm 4 plugin.
#[test]
fn packaged_plugin_for_helm4_beside_helm3() {
    let Some((helm, charts)) = setup() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (pkg, data4, data3) = (
        work.path().join("pkg"),
        work.path().join("helm4-data"),
        work.path().join("helm3-data"),
    );
    std::fs::create_dir_all(&pkg).unwrap();
    let env_run = |bin: &Path, args: &[&str], env: &[(&str, &Path)]| {
        let mut c = Command::new(bin);
        c.args(args)
            .env("HOME", helm.home.path())
            .env("PATH", &helm.path)
            .env_remove("HELM_PLUGINS")
            .env_remove("KUBECONFIG");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let plugin_dir = common::root().join("helm/edgecfg");
    let o = env_run(
        &helm.helm4,
        &[
            "plugin",
            "package",
            "--sign=false",
            plugin_dir.to_str().unwrap(),
            "-d",
            pkg.to_str().unwrap(),
        ],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tarball = pkg.join(format!("edgecfg-{}.tgz", env!("CARGO_PKG_VERSION")));
    assert!(tarball.is_file(), "the plugin version follows the crate's");
    let h4 = [("HELM_DATA_HOME", data4.as_path())];
    let o = env_run(
        &helm.helm4,
        &[
            "plugin",
            "install",
            "--verify=false",
            tarball.to_str().unwrap(),
        ],
        &h4,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A copy, not a link into the clone.
    let installed = data4.join("plugins/edgecfg");
    assert!(!std::fs::symlink_metadata(&installed).unwrap().is_symlink());
    assert!(installed.join("plugin.yaml").is_file());
    let list = env_run(&helm.helm4, &["plugin", "list"], &h4);
    assert!(String::from_utf8_lossy(&list.stdout).contains("postrenderer/v1"));
    let chart = charts.join("metrics-server");
    let chart = chart.to_str().unwrap();
    let o = env_run(
        &helm.helm4,
        &["template", "ms", chart, "--post-renderer", "edgecfg"],
        &h4,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("hostNetwork: true"));
    // Helm 3 sharing that data directory fails on the Helm 4 plugin (the reason the README
    // gives each its own)...
    let o = env_run(&helm.helm3, &["plugin", "list"], &h4);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("unknown field \"apiVersion\""),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // ...and with its own, it post-renders through the executable, no plugin needed.
    let h3 = [("HELM_DATA_HOME", data3.as_path())];
    let o = env_run(&helm.helm3, &["plugin", "list"], &h3);
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = env_run(
        &helm.helm3,
        &["template", "ms", chart, "--post-renderer", "edgecfg"],
        &h3,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("hostNetwork: true"));
}

/// A render without the objects edgecfg added (to compare with the render without edgecfg),
/// and those objects.
fn split_added(post: &str) -> (String, Vec<String>) {
    let mut kept = String::new();
    let mut added = Vec::new();
    for d in docs(post) {
        if d.contains("app.kubernetes.io/managed-by: edgecfg") {
            added.push(d);
        } else {
            kept.push_str("---\n");
            kept.push_str(&d);
        }
    }
    (kept, added)
}

/// A copy of the kube-prometheus-stack fixture that renders offline. Dependencies missing from
/// the fixture's `charts/` (older packs held only `crds`) are dropped from Chart.yaml and
/// disabled; the stack's own templates render as upstream wrote them. Grafana's password is
/// pinned: its Secret is random per render otherwise.
fn kube_prometheus_stack(charts: &Path) -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let dst = dir.path().join("kube-prometheus-stack");
    copy_dir(&charts.join("kube-prometheus-stack"), &dst);
    let chart_yaml = std::fs::read_to_string(dst.join("Chart.yaml")).unwrap();
    let (head, deps) = chart_yaml.split_once("dependencies:\n").unwrap();
    let mut kept = Vec::new();
    let mut missing = Vec::new();
    for block in deps
        .split("\n  - name: ")
        .map(|b| b.trim_start_matches("  - name: "))
    {
        let name = block.lines().next().unwrap_or("").trim().to_owned();
        if name.is_empty() {
            continue;
        }
        if dst.join("charts").join(&name).is_dir() {
            kept.push(format!("  - name: {}", block.trim_end()));
        } else {
            missing.push(name);
        }
    }
    std::fs::write(
        dst.join("Chart.yaml"),
        format!("{head}dependencies:\n{}\n", kept.join("\n")),
    )
    .unwrap();
    let mut sets = Vec::new();
    for (dep, value) in [
        ("kube-state-metrics", "kubeStateMetrics.enabled=false"),
        ("prometheus-node-exporter", "nodeExporter.enabled=false"),
        ("grafana", "grafana.enabled=false"),
        (
            "prometheus-windows-exporter",
            "windowsMonitoring.enabled=false",
        ),
    ] {
        if missing.iter().any(|m| m == dep) {
            sets.push(format!("{dep}.enabled=false"));
            sets.push(value.to_owned());
        }
    }
    // Grafana's admin Secret is random per render unless the password is given.
    if !missing.iter().any(|m| m == "grafana") {
        sets.push("grafana.adminPassword=edgecfg-e2e-pinned".to_owned());
    }
    (dir, dst, sets)
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        let to = dst.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &to);
        } else {
            std::fs::copy(&p, &to).unwrap();
        }
    }
}

/// The `openAPIV3Schema` of a CRD in the chart's `charts/crds/crds/`, for `version`.
fn crd_schema(chart: &Path, plural: &str, version: &str) -> serde_json::Value {
    let text =
        std::fs::read_to_string(chart.join(format!("charts/crds/crds/crd-{plural}.yaml"))).unwrap();
    let doc = Document::parse(text).unwrap();
    let idx = (0..doc.documents().len())
        .find(|i| doc.documents()[*i].root.is_some())
        .unwrap();
    let v = doc.value(idx).unwrap().to_json().unwrap();
    v["spec"]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == version)
        .unwrap()["schema"]["openAPIV3Schema"]
        .clone()
}

fn to_json(doc: &str) -> serde_json::Value {
    Document::parse(doc)
        .unwrap()
        .value(0)
        .unwrap()
        .resolve_merge_keys()
        .to_json()
        .unwrap()
}

/// kube-prometheus-stack through `edge-monitoring`, with the real Helm 3 and Helm 4: only the
/// intended objects change (everything else byte-identical), three ScrapeConfigs are added
/// after the Prometheus resource, every changed or added custom resource is valid for the CRD
/// schema the chart ships, the standard kinds pass kubernetes-validate, and a second
/// post-render changes nothing.
#[test]
fn monitoring_stack_edge_monitoring() {
    let Some((helm, charts)) = setup() else {
        return;
    };
    let (_keep, chart, sets) = kube_prometheus_stack(&charts);
    let chart_s = chart.to_str().unwrap();
    let mut base_args = vec!["template", "kps", chart_s, "-n", "monitoring"];
    for s in &sets {
        base_args.extend(["--set", s.as_str()]);
    }
    let targets = [
        "Deployment/kps-kube-prometheus-stack-operator",
        "Prometheus/kps-kube-prometheus-stack-prometheus",
        "Alertmanager/kps-kube-prometheus-stack-alertmanager",
        "ServiceMonitor/kps-kube-prometheus-stack-kubelet",
        "PrometheusRule/kps-kube-prometheus-stack-kubernetes-system-kubelet",
        // the subcharts (in the pack since it holds the stack's dependencies): workloads kept
        // off edge nodes, node-exporter tolerating them
        "Deployment/kps-grafana",
        "Deployment/kps-kube-state-metrics",
        "DaemonSet/kps-prometheus-node-exporter",
    ];
    let scrape_schema = crd_schema(&chart, "scrapeconfigs", "v1alpha1");
    let schemas = [
        ("Prometheus", crd_schema(&chart, "prometheuses", "v1")),
        ("Alertmanager", crd_schema(&chart, "alertmanagers", "v1")),
        (
            "ServiceMonitor",
            crd_schema(&chart, "servicemonitors", "v1"),
        ),
        ("ScrapeConfig", scrape_schema),
        (
            "PrometheusRule",
            crd_schema(&chart, "prometheusrules", "v1"),
        ),
    ];
    let check_crd = |doc: &str| {
        let v = to_json(doc);
        let kind = v["kind"].as_str().unwrap();
        if let Some((_, schema)) = schemas.iter().find(|(k, _)| *k == kind) {
            let validator = jsonschema::validator_for(schema).unwrap();
            let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{kind}: {errors:?}");
        }
    };

    // Helm 3: the post-renderer executable.
    let base = helm.ok(&helm.helm3, &base_args);
    let mut post_args = base_args.clone();
    post_args.extend([
        "--post-renderer",
        "edgecfg",
        "--post-renderer-args",
        "-p",
        "--post-renderer-args",
        "edge-monitoring",
    ]);
    let post = helm.ok(&helm.helm3, &post_args);
    let (kept, added) = split_added(&post);
    let changed = compare(&base, &kept, &targets);
    let mut names: Vec<&str> = changed.iter().map(|(n, _, _)| n.as_str()).collect();
    names.sort();
    let mut want = targets.to_vec();
    want.sort();
    assert_eq!(names, want, "exactly the intended objects change");
    for (name, _, after) in &changed {
        check_crd(after);
        let v = to_json(after);
        let expr =
            serde_json::json!({"key": "node-role.kubernetes.io/edge", "operator": "DoesNotExist"});
        match name.split('/').next().unwrap() {
            "Deployment" => assert!(v.pointer("/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions").unwrap().as_array().unwrap().contains(&expr)),
            "Prometheus" | "Alertmanager" => {
                assert!(v.pointer("/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions").unwrap().as_array().unwrap().contains(&expr));
                // The chart's own podAntiAffinity stays.
                assert!(v.pointer("/spec/affinity/podAntiAffinity").is_some(), "{name}");
            }
            "DaemonSet" => {
                // the edge role tolerated with every effect (the chart's own key-less
                // NoSchedule toleration stays)
                let tol = v.pointer("/spec/template/spec/tolerations").unwrap().as_array().unwrap();
                assert!(tol.contains(&serde_json::json!({"key": "node-role.kubernetes.io/edge", "operator": "Exists"})), "{tol:?}");
                assert!(tol.contains(&serde_json::json!({"effect": "NoSchedule", "operator": "Exists"})), "{tol:?}");
            }
            "PrometheusRule" => {
                // The node alerts leave the chart's group (into the added PrometheusRule).
                let alerts: Vec<&str> = v["spec"]["groups"][0]["rules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|r| r["alert"].as_str())
                    .collect();
                for a in ["KubeNodeNotReady", "KubeNodeUnreachable", "KubeNodeReadinessFlapping"] {
                    assert!(!alerts.contains(&a), "{alerts:?}");
                }
                assert!(alerts.contains(&"KubeletTooManyPods"), "the others stay");
            }
            _ => {
                assert_eq!(v.pointer("/spec/attachMetadata/node"), Some(&serde_json::json!(true)));
                for e in v["spec"]["endpoints"].as_array().unwrap() {
                    assert!(e["relabelings"].as_array().unwrap().iter().any(|r| r["action"] == "drop"));
                }
            }
        }
    }
    assert_eq!(added.len(), 4, "three ScrapeConfigs and the node alerts");
    // The CRD check can fail: a relabel action the CRD does not allow is caught.
    let mut bad = to_json(
        added
            .iter()
            .find(|a| a.contains("kind: ScrapeConfig"))
            .unwrap(),
    );
    bad["spec"]["relabelings"][0]["action"] = serde_json::json!("Bogus");
    let schema = &schemas
        .iter()
        .find(|(k, _)| *k == "ScrapeConfig")
        .unwrap()
        .1;
    assert!(!jsonschema::validator_for(schema).unwrap().is_valid(&bad));
    for a in &added {
        assert!(
            a.starts_with("# Source: edgecfg/profiles/edge-monitoring.yaml\n"),
            "{a}"
        );
        check_crd(a);
        let v = to_json(a);
        assert_eq!(
            v["metadata"]["labels"]["release"], "kps",
            "the operator selects release=kps"
        );
        assert_eq!(v["metadata"]["namespace"], "monitoring");
    }
    let rules = to_json(
        added
            .iter()
            .find(|a| a.contains("kind: PrometheusRule"))
            .unwrap(),
    );
    let alerts: Vec<&str> = rules["spec"]["groups"][0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["alert"].as_str().unwrap())
        .collect();
    assert_eq!(
        alerts,
        [
            "KubeNodeNotReady",
            "KubeNodeUnreachable",
            "KubeNodeReadinessFlapping",
            "KubeEdgeNodeOffline"
        ]
    );
    assert_eq!(rules["spec"]["groups"][0]["rules"][3]["for"], "6h");
    // They follow the Prometheus resource.
    let order: Vec<String> = docs(&post).iter().map(|d| kind_name(d)).collect();
    let p = order
        .iter()
        .position(|n| n == "Prometheus/kps-kube-prometheus-stack-prometheus")
        .unwrap();
    assert!(
        order[p + 1..p + 4]
            .iter()
            .all(|n| n.starts_with("ScrapeConfig/"))
    );
    // The standard kinds pass kubernetes-validate.
    let standard: String = docs(&post)
        .into_iter()
        .filter(|d| !d.contains("apiVersion: monitoring.coreos.com/"))
        .map(|d| format!("---\n{d}"))
        .collect();
    validate_k8s(&standard);
    // Helm 3 never hands the hooks to a post-renderer: `edgecfg values` gives what they need.
    let values = Command::new(common::bin())
        .args([
            "values",
            "edge-monitoring",
            "--chart",
            "kube-prometheus-stack",
        ])
        .output()
        .unwrap();
    assert!(values.status.success());
    let values_file = write_tmp(&String::from_utf8(values.stdout).unwrap());
    let mut with_values = post_args.clone();
    with_values.extend(["-f", values_file.to_str().unwrap()]);
    let post_v = helm.ok(&helm.helm3, &with_values);
    let jobs: Vec<String> = docs(&post_v)
        .into_iter()
        .filter(|d| d.contains("kind: Job\n"))
        .collect();
    assert_eq!(jobs.len(), 2);
    for j in &jobs {
        let v = to_json(j);
        assert!(
            v.pointer("/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions")
                .and_then(|m| m.as_array())
                .is_some_and(|m| m.iter().any(|e| e["key"] == "node-role.kubernetes.io/edge" && e["operator"] == "DoesNotExist")),
            "{j}"
        );
    }
    // Idempotent: post-rendering the result again changes nothing (run on the whole render,
    // hooks included, as Helm 4 passes it).
    let render = |input: &str| -> String {
        let mut child = Command::new(common::bin())
            .args(["post-render", "-p", "edge-monitoring"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success());
        String::from_utf8(o.stdout).unwrap()
    };
    let once = render(&base);
    assert_eq!(render(&once), once);

    // Helm 4: a plugin that runs the profile, against the identity baseline.
    std::fs::create_dir(helm.plugins.path().join("edgecfg-monitoring")).unwrap();
    std::fs::write(
        helm.plugins.path().join("edgecfg-monitoring/plugin.yaml"),
        "apiVersion: v1\ntype: postrenderer/v1\nname: edgecfg-monitoring\nversion: 0.1.0\nruntime: subprocess\nruntimeConfig:\n  platformCommand:\n    - command: edgecfg\n      args: [\"post-render\", \"-p\", \"edge-monitoring\"]\n",
    )
    .unwrap();
    let mut id_args = base_args.clone();
    id_args.extend(["--post-renderer", "identity"]);
    let base4 = helm.ok(&helm.helm4, &id_args);
    let mut args4 = base_args.clone();
    args4.extend(["--post-renderer", "edgecfg-monitoring"]);
    let post4 = helm.ok(&helm.helm4, &args4);
    let (kept4, added4) = split_added(&post4);
    // Helm 4 also post-renders the hooks: the admission webhook's certificate Jobs.
    let mut targets4 = targets.to_vec();
    targets4.extend([
        "Job/kps-kube-prometheus-stack-admission-create",
        "Job/kps-kube-prometheus-stack-admission-patch",
        "Pod/kps-grafana-test",
    ]);
    let changed4 = compare(&base4, &kept4, &targets4);
    let mut names4: Vec<&str> = changed4.iter().map(|(n, _, _)| n.as_str()).collect();
    names4.sort();
    let mut want4 = targets4.clone();
    want4.sort();
    assert_eq!(names4, want4);
    assert_eq!(added4.len(), 4);
    for a in &added4 {
        // Helm 4 takes the source name from the annotation edgecfg sets, and removes it.
        assert!(
            a.starts_with("# Source: edgecfg/profiles/edge-monitoring.yaml\n"),
            "{a}"
        );
        assert!(!a.contains("postrenderer.helm.sh"));
        check_crd(a);
    }
}

/// prometheus-blackbox-exporter and promtail through `edge-monitoring`, Helm 3 and Helm 4:
/// blackbox gets the modules (inside its ConfigMap's `blackbox.yaml`, only those lines added),
/// cloud-only placement and three Probes valid for the Probe CRD; promtail gets the edge
/// toleration and, by parameter, the push URL (one line of its config Secret).
#[test]
fn monitoring_agents_blackbox_and_promtail() {
    let Some((helm, charts)) = setup() else {
        return;
    };
    let probe_schema = crd_schema(&charts.join("kube-prometheus-stack"), "probes", "v1");
    let bb = charts.join("prometheus-blackbox-exporter");
    let pt = charts.join("promtail");
    let url = "lokiPushURL=http://192.0.2.20:3100/loki/api/v1/push";
    let cases: [(&str, &Path, &str, &[&str], usize); 2] = [
        (
            "bb",
            &bb,
            "monitoring",
            &[
                "ConfigMap/bb-prometheus-blackbox-exporter",
                "Deployment/bb-prometheus-blackbox-exporter",
            ],
            3,
        ),
        (
            "pt",
            &pt,
            "logging",
            &["Secret/pt-promtail", "DaemonSet/pt-promtail"],
            0,
        ),
    ];
    for (release, chart, ns, targets, n_added) in cases {
        let base_args = vec!["template", release, chart.to_str().unwrap(), "-n", ns];
        let mut want: Vec<&str> = targets.to_vec();
        want.sort();
        for h in [&helm.helm3, &helm.helm4] {
            let helm4 = h == &helm.helm4;
            let mut base = base_args.clone();
            if helm4 {
                base.extend(["--post-renderer", "identity"]);
            }
            let base_out = helm.ok(h, &base);
            let mut post = base_args.clone();
            post.extend(["--post-renderer", "edgecfg"]);
            for a in ["post-render", "-p", "edge-monitoring", "--param", url] {
                if helm4 && a == "post-render" {
                    continue; // the plugin adds the subcommand
                }
                post.extend(["--post-renderer-args", a]);
            }
            let post_out = helm.ok(h, &post);
            let (kept, added) = split_added(&post_out);
            let mut changed: Vec<String> = compare(&base_out, &kept, targets)
                .into_iter()
                .map(|c| c.0)
                .collect();
            changed.sort();
            assert_eq!(changed, want, "{release} ({})", h.display());
            assert_eq!(added.len(), n_added, "{release}");
            for a in &added {
                let v = to_json(a);
                assert_eq!(v["kind"], "Probe");
                assert_eq!(
                    v["spec"]["prober"]["url"],
                    "bb-prometheus-blackbox-exporter.monitoring.svc:9115"
                );
                let errors: Vec<String> = jsonschema::validator_for(&probe_schema)
                    .unwrap()
                    .iter_errors(&v)
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{errors:?}");
            }
            if release == "pt" && !helm4 {
                // One line of the config Secret's `|` block changes.
                let before = docs(&base_out)
                    .into_iter()
                    .find(|d| d.contains("kind: Secret"))
                    .unwrap();
                let after = docs(&kept)
                    .into_iter()
                    .find(|d| d.contains("kind: Secret"))
                    .unwrap();
                let diff = edgecfg::diff::unified_text("s", &before, &after);
                let lines: Vec<&str> = diff
                    .lines()
                    .filter(|l| {
                        (l.starts_with('+') || l.starts_with('-'))
                            && !l.starts_with("+++")
                            && !l.starts_with("---")
                    })
                    .collect();
                assert_eq!(
                    lines,
                    [
                        "-      - url: http://loki-gateway/loki/api/v1/push",
                        "+      - url: http://192.0.2.20:3100/loki/api/v1/push"
                    ]
                );
            }
            validate_k8s(&kept);
        }
    }
}

/// Renders `helm/edgecfg-agent` with `helm` and the given `--set`s: stdout, or the error.
fn render_agent(helm: &Path, sets: &[&str]) -> Result<String, String> {
    let chart = common::root().join("helm/edgecfg-agent");
    let mut args = vec![
        "template".to_owned(),
        "ea".into(),
        chart.display().to_string(),
        "-n".into(),
        "kubeedge".into(),
    ];
    for s in sets {
        args.push("--set".into());
        args.push((*s).into());
    }
    let home = tempfile::tempdir().unwrap();
    let o = Command::new(helm)
        .args(&args)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    if o.status.success() {
        Ok(String::from_utf8(o.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

fn object<'a>(objects: &'a [serde_json::Value], kind: &str) -> &'a serde_json::Value {
    objects
        .iter()
        .find(|o| o["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind}"))
}

/// The agent chart rendered with the real Helm 3 and Helm 4: valid for Kubernetes 1.30
/// (`kubernetes-validate --strict`), edge-only, the privileges each restart method needs and no
/// more, RBAC limited to the Node annotation and Events, the ConfigMap the agent reads; typos
/// in values are refused by the chart's schema; and the agent run with exactly the environment
/// the DaemonSet gives it (paths moved under a temporary root) applies the profile.
#[test]
fn agent_chart() {
    let (Some(helm3), Some(helm4)) = (common::tool("helm3"), common::tool("helm4")) else {
        return;
    };
    for helm in [&helm3, &helm4] {
        let who = helm.display().to_string();
        let lint = Command::new(helm)
            .args(["lint", "--strict", "--set", "profiles={streams-on}"])
            .arg(common::root().join("helm/edgecfg-agent"))
            .env("HOME", tempfile::tempdir().unwrap().path())
            .output()
            .unwrap();
        assert!(
            lint.status.success(),
            "{who} lint: {}{}",
            String::from_utf8_lossy(&lint.stdout),
            String::from_utf8_lossy(&lint.stderr)
        );
        // The README's install line.
        let out = render_agent(
            helm,
            &["profiles={streams-on}", "params.cloudAddress=192.0.2.10"],
        )
        .unwrap();
        validate_k8s(&out);
        let objects: Vec<serde_json::Value> = docs(&out).iter().map(|d| to_json(d)).collect();
        let kinds: Vec<&str> = objects
            .iter()
            .map(|o| o["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "ServiceAccount",
                "ConfigMap",
                "ClusterRole",
                "ClusterRoleBinding",
                "DaemonSet"
            ],
            "{who}"
        );
        let ds = object(&objects, "DaemonSet");
        let pod = &ds["spec"]["template"]["spec"];
        assert_eq!(
            pod["hostPID"], true,
            "{who}: systemctl needs the host's PID 1"
        );
        assert_eq!(pod["containers"][0]["securityContext"]["privileged"], true);
        assert_eq!(
            pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
                [0]["matchExpressions"],
            serde_json::json!([{"key": "node-role.kubernetes.io/edge", "operator": "Exists"}])
        );
        assert_eq!(
            ds["spec"]["updateStrategy"],
            serde_json::json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "5%"}})
        );
        let paths: Vec<&str> = pod["volumes"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["hostPath"]["path"].as_str())
            .collect();
        assert_eq!(
            paths,
            ["/etc/kubeedge", "/var/lib/edgecfg"],
            "the host paths it needs and no more"
        );
        assert_eq!(
            object(&objects, "ClusterRole")["rules"],
            serde_json::json!([
                {"apiGroups": [""], "resources": ["nodes"], "verbs": ["get", "patch"]},
                {"apiGroups": [""], "resources": ["events"], "verbs": ["create"]}
            ])
        );
        let cm = object(&objects, "ConfigMap");
        let config = edgecfg::agent::AgentConfig::parse(
            "agent.yaml",
            cm["data"]["agent.yaml"].as_str().unwrap(),
        )
        .unwrap();
        let desired = config
            .desired(&[], &edgecfg::agent::NodeFacts::default())
            .unwrap();
        assert_eq!(desired.names, ["streams-on"]);
        assert_eq!(desired.params["cloudAddress"], "192.0.2.10");

        // signal, OnDelete, a canary, per-node values, a profile of one's own, no API.
        let out = render_agent(
            helm,
            &[
                "profiles={site}",
                "params.cloudAddress=192.0.2.10",
                "nodes.edge-7.cloudAddress=198.51.100.7",
                "restart.method=signal",
                "updateStrategy.type=OnDelete",
                "canary.label=edgecfg.io/canary",
                "canary.value=true",
                "api=none",
                "customProfiles.site.name=site",
                "customProfiles.site.description=site profile",
                "customProfiles.site.include={streams-on}",
                "customProfiles.site.operations[0].target=edgecore",
                "customProfiles.site.operations[0].set.modules\\.edgeHub\\.heartbeat=10",
            ],
        )
        .unwrap();
        validate_k8s(&out);
        let objects: Vec<serde_json::Value> = docs(&out).iter().map(|d| to_json(d)).collect();
        let ds = object(&objects, "DaemonSet");
        let pod = &ds["spec"]["template"]["spec"];
        assert_eq!(pod["hostPID"], true);
        let sc = &pod["containers"][0]["securityContext"];
        assert_eq!(
            sc["privileged"], false,
            "{who}: signal needs no privileged container"
        );
        assert_eq!(
            sc["capabilities"],
            serde_json::json!({"drop": ["ALL"], "add": ["CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "SYS_PTRACE"]})
        );
        assert_eq!(
            pod["automountServiceAccountToken"], false,
            "no API: no token"
        );
        assert_eq!(
            ds["spec"]["updateStrategy"],
            serde_json::json!({"type": "OnDelete"})
        );
        assert_eq!(
            pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
                [0]["matchExpressions"][1],
            serde_json::json!({"key": "edgecfg.io/canary", "operator": "In", "values": ["true"]})
        );
        // The ConfigMap as the agent sees it mounted.
        let dir = tempfile::tempdir().unwrap();
        for (k, v) in object(&objects, "ConfigMap")["data"].as_object().unwrap() {
            std::fs::write(dir.path().join(k), v.as_str().unwrap()).unwrap();
        }
        let (config, files) =
            edgecfg::agent::AgentConfig::load(&dir.path().join("agent.yaml")).unwrap();
        let node = |n: &str| edgecfg::agent::NodeFacts {
            name: Some(n.into()),
            ..Default::default()
        };
        let d7 = config.desired(&files, &node("edge-7")).unwrap();
        assert_eq!(d7.params["cloudAddress"], "198.51.100.7");
        assert_eq!(
            d7.profiles
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            ["streams-on", "site"]
        );
        assert_ne!(
            d7.hash,
            config.desired(&files, &node("edge-1")).unwrap().hash
        );
        // The ConfigMap as `kubectl get configmap -o yaml` gives it: the same configuration
        // (`fleet status --agent-config` takes either).
        let cm = docs(&out)
            .into_iter()
            .find(|d| d.contains("\nkind: ConfigMap\n"))
            .unwrap();
        let cm_file = dir.path().join("cm.yaml");
        std::fs::write(&cm_file, &cm).unwrap();
        let (from_cm, cm_files) = edgecfg::agent::AgentConfig::load(&cm_file).unwrap();
        assert_eq!(from_cm, config);
        assert_eq!(from_cm.desired(&cm_files, &node("edge-7")).unwrap(), d7);

        // Mistakes are refused with a reason.
        let e = render_agent(helm, &[]).unwrap_err();
        assert!(e.contains("profiles"), "{who}: {e}");
        let e = render_agent(helm, &["profiles={streams-on}", "profile=x"]).unwrap_err();
        assert!(
            e.contains("profile"),
            "{who}: a typo is refused by values.schema.json: {e}"
        );
        let e =
            render_agent(helm, &["profiles={streams-on}", "restart.method=reboot"]).unwrap_err();
        assert!(e.contains("restart"), "{who}: {e}");
        let e = render_agent(
            helm,
            &[
                "profiles={x}",
                "customProfiles.x.name=y",
                "customProfiles.x.description=d",
            ],
        )
        .unwrap_err();
        assert!(e.contains("must be x"), "{who}: {e}");
    }

    // restart.method=none: no hostPID, no privileges beyond writing the file; and the agent
    // run with the DaemonSet's own environment works.
    let out = render_agent(
        &helm3,
        &[
            "profiles={streams-on}",
            "params.cloudAddress=192.0.2.10",
            "restart.method=none",
            "api=none",
        ],
    )
    .unwrap();
    validate_k8s(&out);
    let objects: Vec<serde_json::Value> = docs(&out).iter().map(|d| to_json(d)).collect();
    let ds = object(&objects, "DaemonSet");
    let pod = &ds["spec"]["template"]["spec"];
    assert!(pod.get("hostPID").is_none());
    let c = &pod["containers"][0];
    assert_eq!(
        c["securityContext"]["capabilities"]["add"],
        serde_json::json!(["CHOWN", "DAC_OVERRIDE", "FOWNER"])
    );
    let root = tempfile::tempdir().unwrap();
    let at = |p: &str| root.path().join(p.trim_start_matches('/'));
    std::fs::create_dir_all(at("/host/etc/kubeedge/config")).unwrap();
    std::fs::create_dir_all(at("/etc/edgecfg")).unwrap();
    std::fs::create_dir_all(at("/run/edgecfg")).unwrap();
    let original = std::fs::read_to_string(
        common::root().join("tests/fixtures/real/edgecore-keadm-1.15-stale.yaml"),
    )
    .unwrap();
    std::fs::write(at("/host/etc/kubeedge/config/edgecore.yaml"), &original).unwrap();
    std::fs::write(
        at("/etc/edgecfg/agent.yaml"),
        object(&objects, "ConfigMap")["data"]["agent.yaml"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let mut cmd = Command::new(common::bin());
    cmd.args(
        c["args"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .filter(|a| *a != "--stay"),
    );
    for e in c["env"].as_array().unwrap() {
        let (name, value) = (e["name"].as_str().unwrap(), e["value"].as_str());
        let value = match (name, value) {
            ("NODE_NAME", _) => "edge-1".to_owned(),
            ("POD_NAMESPACE", _) => "kubeedge".to_owned(),
            (_, Some(v)) if v.starts_with('/') => at(v).display().to_string(),
            (_, Some(v)) => v.to_owned(),
            _ => panic!("{e}"),
        };
        cmd.env(name, value);
    }
    let o = cmd.output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    assert_eq!(o.status.code(), Some(0), "{report}");
    assert_eq!(report["result"], "applied");
    assert_eq!(report["node"], "edge-1");
    assert_ne!(
        std::fs::read_to_string(at("/host/etc/kubeedge/config/edgecore.yaml")).unwrap(),
        original
    );
    assert!(at("/host/var/lib/edgecfg/status.json").is_file());
    // The readinessProbe's command, with the ready file moved the same way.
    let probe: Vec<String> = c["readinessProbe"]["exec"]["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .map(|a| {
            if a.starts_with('/') {
                at(a).display().to_string()
            } else {
                a.to_owned()
            }
        })
        .collect();
    assert_eq!(probe[0], "edgecfg");
    let status = Command::new(common::bin())
        .args(&probe[1..])
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the probe finds the ready file the run wrote"
    );
}

/// On the real charts: the cloudcore chart post-rendered with `observability` (its
/// `prometheusRelease` left at the default `kube-prometheus-stack`) beside a kube-prometheus-stack
/// release named `kps`: `check` reports that no Prometheus selects cloudcore's ServiceMonitor and
/// calls cloudcore's metrics broken; with `--param prometheusRelease=kps` it is selected.
#[test]
fn check_reads_the_monitoring_stack_selectors() {
    let Some((h, charts)) = setup() else { return };
    let (_tmp, kps_chart, sets) = kube_prometheus_stack(&charts);
    let a = kps_template(&kps_chart, &sets);
    let kps = write_tmp(&h.ok(&h.helm3, &a));
    let chart = charts.join("cloudcore");
    let bin = common::bin();
    let cloudcore = |release: Option<&str>| {
        let mut a = vec!["template", "cloudcore", chart.to_str().unwrap()];
        a.extend(CC_ARGS);
        a.extend(["--post-renderer", bin.to_str().unwrap()]);
        a.extend([
            "--post-renderer-args",
            "--profile",
            "--post-renderer-args",
            "observability",
        ]);
        let p = release.map(|r| format!("prometheusRelease={r}"));
        if let Some(p) = &p {
            a.extend(["--post-renderer-args", "--param", "--post-renderer-args", p]);
        }
        write_tmp(&h.ok(&h.helm3, &a))
    };
    let check = |cc: &Path| -> serde_json::Value {
        let o = Command::new(common::bin())
            .args(["check", "--format", "json"])
            .arg(cc)
            .arg(&kps)
            .output()
            .unwrap();
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let v = check(&cloudcore(None));
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "monitoring-selector")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(f["severity"], "error", "{f:#}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("\"release\":\"kps\""),
        "{f:#}"
    );
    let metrics = v["works"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "cloudcore metrics")
        .unwrap();
    assert_eq!(
        metrics["broken"][0][0],
        serde_json::json!(["monitoring-selector"])
    );
    let v = check(&cloudcore(Some("kps")));
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"].as_str().unwrap().starts_with("monitoring-")),
        "{v:#}"
    );
}

/// `helm template kps CHART -n monitoring --set …` for kube-prometheus-stack.
fn kps_template<'a>(chart: &'a Path, sets: &'a [String]) -> Vec<&'a str> {
    let mut a = vec![
        "template",
        "kps",
        chart.to_str().unwrap(),
        "-n",
        "monitoring",
    ];
    for s in sets {
        a.extend(["--set", s.as_str()]);
    }
    a
}

/// `check`'s monitoring-placement on real kube-prometheus-stack renders (Helm 3 and Helm 4): as
/// the chart ships it, every cloud-side workload can land on an edge node; through the
/// `edge-monitoring` post-renderer, none can. Helm 4 writes the post-rendered stream back with
/// multi-line single-quoted scalars closed at column 1 (the alert descriptions), which `check`
/// must read as Helm and KubeEdge's go-yaml do.
#[test]
fn check_keeps_the_monitoring_stack_off_edge_nodes() {
    let Some((h, charts)) = setup() else { return };
    let (_tmp, kps_chart, sets) = kube_prometheus_stack(&charts);
    let edge = common::root().join("tests/fixtures/system/nodes/edge-1.yaml");
    for helm in [&h.helm3, &h.helm4] {
        let mut a = kps_template(&kps_chart, &sets);
        let placed = |args: &[&str]| -> Vec<String> {
            let render = write_tmp(&h.ok(helm, args));
            let o = Command::new(common::bin())
                .args(["check", "--format", "json"])
                .arg(&render)
                .arg(&edge)
                .output()
                .unwrap();
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
                panic!("{e}: {}", String::from_utf8_lossy(&o.stderr));
            });
            let mut names: Vec<String> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] == "monitoring-placement")
                .map(|f| {
                    let m = f["message"].as_str().unwrap();
                    m.split(" can be scheduled").next().unwrap().to_owned()
                })
                .collect();
            names.sort();
            names
        };
        assert_eq!(
            placed(&a),
            [
                "Alertmanager kps-kube-prometheus-stack-alertmanager",
                "Deployment kps-grafana",
                "Deployment kps-kube-prometheus-stack-operator",
                "Deployment kps-kube-state-metrics",
                "Prometheus kps-kube-prometheus-stack-prometheus",
            ],
            "{}",
            helm.display()
        );
        // Helm 3 runs the binary; Helm 4 the edgecfg plugin (setup installs it).
        let bin = common::bin();
        let renderer = if helm == &h.helm4 {
            "edgecfg"
        } else {
            bin.to_str().unwrap()
        };
        a.extend([
            "--post-renderer",
            renderer,
            "--post-renderer-args",
            "-p",
            "--post-renderer-args",
            "edge-monitoring",
        ]);
        assert_eq!(placed(&a), Vec::<String>::new(), "{}", helm.display());
    }
}

/// Helm 4 hands its plugin every document re-serialised by go-yaml; a multi-line
/// single-quoted scalar that ends in a line break (kube-prometheus-stack's alert descriptions)
/// comes with its closing quote at column 1. In a document a profile *edits* (a Deployment
/// under `edge-monitoring`, through the installed Helm 4 plugin), edgecfg reads it as go-yaml
/// does: the render succeeds, the edit is made, the annotations are the values Helm 3's
/// unre-serialised render holds, and a second pass changes nothing.
#[test]
fn helm4_quoted_scalars_closed_at_column_1_in_an_edited_document() {
    let Some((h, _charts)) = setup() else { return };
    let chart = common::root().join("tests/fixtures/charts/quoted-annotations");
    let chart = chart.to_str().unwrap();
    // What the plugin receives, captured by the identity plugin: the quote at column 1.
    let plain = h.ok(
        &h.helm4,
        &["template", "q", chart, "--post-renderer", "identity"],
    );
    assert!(
        plain.lines().any(|l| l == "'"),
        "Helm 4 no longer writes the closing quote at column 1; the fixture tests nothing:\n{plain}"
    );
    let post = h.ok(
        &h.helm4,
        &[
            "template",
            "q",
            chart,
            "--post-renderer",
            "edgecfg",
            "--post-renderer-args",
            "-p",
            "--post-renderer-args",
            "edge-monitoring",
        ],
    );
    let deployment = |render: &str| {
        docs(render)
            .into_iter()
            .map(|d| to_json(&d))
            .find(|v| v["kind"] == "Deployment")
            .unwrap()
    };
    let edited = deployment(&post);
    let terms = &edited["spec"]["template"]["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
        ["nodeSelectorTerms"];
    assert_eq!(
        terms[0]["matchExpressions"][0]["key"], "node-role.kubernetes.io/edge",
        "{post}"
    );
    // Helm 3 passes the template's text through unchanged: its values are the reference.
    let reference = deployment(&h.ok(&h.helm3, &["template", "q", chart]));
    for (path, v) in [
        ("/metadata/annotations/description", &edited),
        ("/metadata/annotations/summary", &edited),
        ("/spec/template/metadata/annotations/note", &edited),
    ] {
        assert_eq!(v.pointer(path), reference.pointer(path), "{path}");
    }
    assert!(
        reference["metadata"]["annotations"]["description"]
            .as_str()
            .unwrap()
            .ends_with("not firing.\n"),
        "the fixture's scalar ends in a line break"
    );
    // Idempotent: the plugin's own output post-renders to itself.
    let again = Command::new(common::bin())
        .args(["post-render", "-p", "edge-monitoring"])
        .stdin(std::fs::File::open(write_tmp(&post)).unwrap())
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(String::from_utf8(again.stdout).unwrap(), post);
}
