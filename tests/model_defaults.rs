//! The model's defaults against the real `cloudcore/edgecore --defaultconfig` output of
//! KubeEdge v1.23.1 (read from ../shared).

mod common;

use edgecfg::document::Document;
use edgecfg::model::{cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig};
use serde_json::Value as J;

fn is_zero(v: &J) -> bool {
    match v {
        J::Null => true,
        J::Bool(b) => !b,
        J::Number(n) => n.as_f64() == Some(0.0),
        J::String(s) => s.is_empty(),
        J::Array(a) => a.is_empty(),
        J::Object(o) => o.values().all(is_zero),
    }
}

/// Every value upstream prints equals ours; every value we have that upstream omits is a zero
/// value (omitted by `omitempty`).
fn compare(path: &str, upstream: &J, ours: &J, diffs: &mut Vec<String>) {
    match (upstream, ours) {
        (J::Object(u), J::Object(o)) => {
            for (k, uv) in u {
                match o.get(k) {
                    Some(ov) => compare(&format!("{path}.{k}"), uv, ov, diffs),
                    None => diffs.push(format!("{path}.{k}: missing in the model")),
                }
            }
            for (k, ov) in o {
                if !u.contains_key(k) && !is_zero(ov) {
                    diffs.push(format!(
                        "{path}.{k}: model default {ov} but upstream omits it"
                    ));
                }
            }
        }
        (J::Null, o) if is_zero(o) => {}
        (u, o) if u == o => {}
        (J::Number(u), J::Number(o)) if u.as_f64() == o.as_f64() => {}
        (u, o) => diffs.push(format!("{path}: upstream {u}, model {o}")),
    }
}

fn check<T: Default + serde::Serialize>(file: &str) {
    let Some(dir) = common::shared("fixtures/kubeedge/generated") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let upstream = Document::parse(text)
        .unwrap()
        .value(0)
        .unwrap()
        .to_json()
        .unwrap();
    let ours = serde_json::to_value(T::default()).unwrap();
    let mut diffs = Vec::new();
    compare("", &upstream, &ours, &mut diffs);
    assert!(diffs.is_empty(), "{file}:\n{}", diffs.join("\n"));
}

#[test]
fn edgecore_defaults_match_upstream_defaultconfig() {
    check::<EdgeCoreConfig>("edgecore--defaultconfig.stdout.yaml");
}

#[test]
fn cloudcore_defaults_match_upstream_defaultconfig() {
    check::<CloudCoreConfig>("cloudcore--defaultconfig.stdout.yaml");
}

#[test]
fn effective_config_merges_the_file_onto_the_defaults() {
    use edgecfg::model::{ConfigKind, effective};
    let doc = Document::parse(
        "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeStream:\n    enable: yes\n    server: 192.0.2.10:10004\n  edged:\n    tailoredKubeletConfig:\n      evictionHard:\n        memory.available: 200Mi\n      clusterDNS: [10.96.0.10]\n",
    )
    .unwrap();
    let (cfg, report): (EdgeCoreConfig, _) = effective(&doc, 0, ConfigKind::EdgeCore).unwrap();
    assert!(cfg.modules.edge_stream.enable, "YAML 1.1 `yes` is true");
    assert_eq!(cfg.modules.edge_stream.server, "192.0.2.10:10004");
    assert_eq!(
        cfg.modules.edge_stream.read_deadline, 15,
        "defaults survive"
    );
    let eviction = &cfg.modules.edged.tailored_kubelet_config.eviction_hard;
    assert_eq!(eviction["memory.available"], "200Mi");
    assert_eq!(
        eviction.len(),
        5,
        "maps merge key by key: the other four defaults stay"
    );
    assert_eq!(
        cfg.modules.edged.tailored_kubelet_config.cluster_dns,
        vec!["10.96.0.10".to_owned()]
    );
    assert_eq!(
        report.findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
        vec!["yaml11-bool", "node-ip"]
    );

    let bad = Document::parse("apiVersion: edgecore.config.kubeedge.io/v1alpha2\nmodules:\n  edgeStream:\n    enable: \"true\"\n").unwrap();
    let err = effective::<EdgeCoreConfig>(&bad, 0, ConfigKind::EdgeCore).unwrap_err();
    assert!(err.findings.iter().any(|f| f.rule == "quoted-scalar"));
}
