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
