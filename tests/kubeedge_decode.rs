//! edgecfg against KubeEdge's real YAML decoding (`sigs.k8s.io/yaml`, go-yaml v2, YAML 1.1),
//! through the `kubeedge-decode` helper in `tools/`:
//!
//! - the document layer resolves scalars exactly as KubeEdge does (differential test on every
//!   hand-made fixture, the example and the upstream configs);
//! - files written by `edgecfg apply` decode into KubeEdge's typed structs with the intended
//!   values (booleans are booleans, ports are integers, strings stay strings).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use edgecfg::document::Document;
use serde_json::Value as J;

fn decode(tool: &Path, mode: &str, file: &Path) -> Result<J, String> {
    let out = Command::new(tool)
        .args(["-mode", mode])
        .arg(file)
        .output()
        .unwrap();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    Ok(serde_json::from_slice(&out.stdout).unwrap())
}

/// JSON equality with numbers compared as numbers (Go prints 1.0 as 1).
fn same(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn inputs() -> Vec<PathBuf> {
    let root = common::root();
    let mut files = vec![root.join("examples/edgecore.yaml")];
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path().join("in.yaml"))
        .collect();
    cases.sort();
    files.extend(cases);
    if let Some(dir) = common::shared("fixtures/kubeedge/generated") {
        let mut g: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        g.sort();
        files.extend(g);
    }
    files
}

#[test]
fn scalars_resolve_as_kubeedge_resolves_them() {
    let Some(tool) = common::kubeedge_decode() else {
        return;
    };
    let mut compared = 0;
    let mut failures = Vec::new();
    for file in inputs() {
        let text = std::fs::read_to_string(&file).unwrap();
        let Ok(doc) = Document::parse(text) else {
            continue;
        }; // malformed fixtures
        let ours: Option<Vec<J>> = doc
            .values()
            .into_iter()
            .filter(|v| *v != edgecfg::document::Value::Null)
            .map(|v| v.resolve_merge_keys().to_json().ok())
            .collect();
        let Some(ours) = ours else { continue }; // not representable as JSON (tags, …)
        match decode(&tool, "untyped", &file) {
            Ok(J::Array(theirs)) => {
                // A document holding only comments is `null` for go-yaml and absent for us.
                let theirs: Vec<J> = theirs.into_iter().filter(|v| !v.is_null()).collect();
                compared += 1;
                if !same(&J::Array(ours.clone()), &J::Array(theirs.clone())) {
                    failures.push(format!(
                        "{}:\n  edgecfg: {}\n  KubeEdge: {}",
                        file.display(),
                        J::Array(ours),
                        J::Array(theirs)
                    ));
                }
            }
            Ok(J::Null) if ours.is_empty() => compared += 1,
            Ok(other) => failures.push(format!("{}: unexpected output {other}", file.display())),
            Err(e) => failures.push(format!("{}: KubeEdge's decoder fails: {e}", file.display())),
        }
    }
    println!("{compared} files compared with sigs.k8s.io/yaml");
    assert!(compared >= 40, "too few files compared: {compared}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn apply(file: &Path, profile: &str, kind: &str) -> J {
    let tool = common::kubeedge_decode().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("config.yaml");
    std::fs::copy(file, &out).unwrap();
    let o = Command::new(common::bin())
        .args(["apply", "-p", profile])
        .args(if profile == "edgemesh" {
            vec![]
        } else {
            vec!["--param", "cloudAddress=192.0.2.10"]
        })
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    decode(&tool, kind, &out).unwrap_or_else(|e| {
        panic!(
            "{profile} on {}: KubeEdge cannot decode the result: {e}",
            file.display()
        )
    })
}

#[test]
fn applied_configs_decode_as_intended() {
    if common::kubeedge_decode().is_none() {
        return;
    }
    let mut edge_files = vec![common::root().join("examples/edgecore.yaml")];
    let mut cloud_files =
        vec![common::root().join("tests/cases/apply-streams-on-cloudcore/in.yaml")];
    if let Some(dir) = common::shared("fixtures/kubeedge/generated") {
        edge_files.push(dir.join("edgecore--defaultconfig.stdout.yaml"));
        cloud_files.push(dir.join("cloudcore--defaultconfig.stdout.yaml"));
    }
    for f in &edge_files {
        let d = apply(f, "streams-on", "edgecore");
        assert_eq!(
            d.pointer("/modules/edgeStream/enable"),
            Some(&J::Bool(true))
        );
        assert_eq!(
            d.pointer("/modules/edgeStream/server"),
            Some(&J::from("192.0.2.10:10004"))
        );
        let d = apply(f, "observability", "edgecore");
        assert_eq!(
            d.pointer("/modules/edgeStream/enable"),
            Some(&J::Bool(true))
        );
        assert_eq!(
            d.pointer("/modules/edged/tailoredKubeletConfig/address"),
            Some(&J::from("127.0.0.1"))
        );
        assert_eq!(
            d.pointer("/modules/edged/tailoredKubeletConfig/readOnlyPort"),
            Some(&J::from(10350))
        );
        let d = apply(f, "edgemesh", "edgecore");
        assert_eq!(
            d.pointer("/modules/metaManager/metaServer/enable"),
            Some(&J::Bool(true))
        );
        let dns = d
            .pointer("/modules/edged/tailoredKubeletConfig/clusterDNS")
            .and_then(J::as_array)
            .unwrap();
        assert!(dns.contains(&J::from("169.254.96.16")));
    }
    for f in &cloud_files {
        let d = apply(f, "streams-on", "cloudcore");
        assert_eq!(
            d.pointer("/modules/cloudStream/enable"),
            Some(&J::Bool(true))
        );
        let d = apply(f, "observability", "cloudcore");
        assert_eq!(
            d.pointer("/commonConfig/monitorServer/bindAddress"),
            Some(&J::from("0.0.0.0:9091"))
        );
        let d = apply(f, "edgemesh", "cloudcore");
        assert_eq!(
            d.pointer("/modules/dynamicController/enable"),
            Some(&J::Bool(true))
        );
    }
}
