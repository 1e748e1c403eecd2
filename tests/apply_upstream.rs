//! The built-in profiles on the real `--defaultconfig` output of KubeEdge v1.23.1 (read from
//! ../shared): the result validates, KubeEdge's loader would read the intended values, a second
//! apply changes nothing, and so does an apply after KubeEdge rewrites the file its own way
//! (keys sorted, defaults filled in, comments gone).
//!
//! Run with `--nocapture` to see the exact changes per profile.

mod common;

use std::collections::BTreeMap;

use edgecfg::document::Document;
use edgecfg::model::{
    ConfigKind, Severity, cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig, effective, validate,
};
use edgecfg::profile::{self, apply_profiles};
use edgecfg::{Action, ApplyOptions, Params};
use serde_json::Value as J;

fn params() -> BTreeMap<String, String> {
    [("cloudAddress".to_owned(), "192.0.2.10".to_owned())].into()
}

/// Applies `name` (with its includes) and returns the changed paths.
fn apply(doc: &mut Document, kind: ConfigKind, name: &str) -> Vec<String> {
    let profiles = profile::resolve(&[name.to_owned()], &[]).unwrap();
    let declared: Vec<String> = profiles
        .iter()
        .flat_map(|p| p.parameters.iter().map(|x| x.name.clone()))
        .collect();
    let params: Params = params()
        .into_iter()
        .filter(|(k, _)| declared.contains(k))
        .collect();
    let outcome = apply_profiles(doc, 0, kind, &profiles, &params, &ApplyOptions::new()).unwrap();
    outcome
        .changes
        .iter()
        .map(|c| {
            let new = match &c.new {
                Some(J::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            };
            match c.action {
                Action::Set => format!("{} set to {new}", c.path),
                Action::Appended => format!("{} appended {new}", c.path),
                Action::Removed => format!("{} removed", c.path),
            }
        })
        .collect()
}

/// The file as KubeEdge writes it back: the effective config, keys sorted, no comments.
fn kubeedge_rewrite(v: &J, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        J::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            for k in keys {
                let x = &m[k];
                let key = serde_json::to_string(k).unwrap();
                match x {
                    J::Object(o) if !o.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        kubeedge_rewrite(x, indent + 2, out);
                    }
                    J::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        for item in a {
                            out.push_str(&format!("{pad}- {}\n", scalar(item)));
                        }
                    }
                    _ => out.push_str(&format!("{pad}{key}: {}\n", scalar(x))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

fn scalar(v: &J) -> String {
    match v {
        J::Object(o) if o.is_empty() => "{}".into(),
        J::Array(a) if a.is_empty() => "[]".into(),
        // Flow JSON is valid YAML for anything nested inside list items.
        other => other.to_string(),
    }
}

fn effective_json(doc: &Document, kind: ConfigKind) -> J {
    match kind {
        ConfigKind::CloudCore => {
            serde_json::to_value(effective::<CloudCoreConfig>(doc, 0, kind).unwrap().0).unwrap()
        }
        ConfigKind::EdgeCore => {
            serde_json::to_value(effective::<EdgeCoreConfig>(doc, 0, kind).unwrap().0).unwrap()
        }
    }
}

fn check(
    kind: ConfigKind,
    file: &str,
    name: &str,
    expected_changes: &[&str],
    intended: &[(&str, J)],
) {
    let Some(dir) = common::shared("fixtures/kubeedge/generated") else {
        return;
    };
    let original = std::fs::read_to_string(dir.join(file)).unwrap();
    let mut doc = Document::parse(original.clone()).unwrap();
    let changes = apply(&mut doc, kind, name);
    println!("{name} on {file}:\n  {}", changes.join("\n  "));
    assert_eq!(changes, expected_changes, "{name} on {file}");

    // The result validates and KubeEdge's loader (YAML 1.1, types, defaults) reads what we meant.
    let report = validate(&doc, 0, Some(kind)).unwrap();
    assert_eq!(report.count(Severity::Error), 0, "{:?}", report.findings);
    let eff = effective_json(&doc, kind);
    for (pointer, want) in intended {
        assert_eq!(
            eff.pointer(pointer),
            Some(want),
            "{name} on {file}: {pointer}"
        );
    }

    // Idempotent.
    let once = doc.as_str().to_owned();
    assert!(apply(&mut doc, kind, name).is_empty());
    assert_eq!(doc.as_str(), once);

    // Convergent with KubeEdge's own rewrite of the file.
    let mut rewritten = String::new();
    kubeedge_rewrite(&eff, 0, &mut rewritten);
    let mut redoc = Document::parse(rewritten.clone()).unwrap();
    assert_eq!(
        effective_json(&redoc, kind),
        eff,
        "the rewrite reads back the same"
    );
    let again = apply(&mut redoc, kind, name);
    assert!(
        again.is_empty(),
        "{name} on the rewritten {file}: {again:?}"
    );
    assert_eq!(redoc.as_str(), rewritten);
}

const EDGE: &str = "edgecore--defaultconfig.stdout.yaml";
const CLOUD: &str = "cloudcore--defaultconfig.stdout.yaml";

#[test]
fn streams_on() {
    check(
        ConfigKind::EdgeCore,
        EDGE,
        "streams-on",
        &[
            "modules.edgeStream.enable set to true",
            "modules.edgeStream.server set to 192.0.2.10:10004",
        ],
        &[
            ("/modules/edgeStream/enable", J::Bool(true)),
            ("/modules/edgeStream/server", "192.0.2.10:10004".into()),
            (
                "/modules/edged/tailoredKubeletConfig/address",
                "127.0.0.1".into(),
            ),
            (
                "/modules/edged/tailoredKubeletConfig/readOnlyPort",
                10350.into(),
            ),
        ],
    );
    check(
        ConfigKind::CloudCore,
        CLOUD,
        "streams-on",
        &["modules.cloudStream.enable set to true"],
        &[
            ("/modules/cloudStream/enable", J::Bool(true)),
            ("/modules/cloudStream/tunnelPort", 10004.into()),
            ("/modules/cloudStream/streamPort", 10003.into()),
            ("/modules/iptablesManager/enable", J::Bool(true)),
        ],
    );
}

#[test]
fn observability() {
    check(
        ConfigKind::EdgeCore,
        EDGE,
        "observability",
        &[
            "modules.edgeStream.enable set to true",
            "modules.edgeStream.server set to 192.0.2.10:10004",
        ],
        &[
            ("/modules/edgeStream/enable", J::Bool(true)),
            (
                "/modules/edged/tailoredKubeletConfig/address",
                "127.0.0.1".into(),
            ),
        ],
    );
    check(
        ConfigKind::CloudCore,
        CLOUD,
        "observability",
        &[
            "modules.cloudStream.enable set to true",
            "commonConfig.monitorServer.bindAddress set to 0.0.0.0:9091",
        ],
        &[
            (
                "/commonConfig/monitorServer/bindAddress",
                "0.0.0.0:9091".into(),
            ),
            ("/modules/cloudStream/enable", J::Bool(true)),
        ],
    );
}

#[test]
fn edgemesh() {
    check(
        ConfigKind::EdgeCore,
        EDGE,
        "edgemesh",
        &[
            "modules.metaManager.metaServer.enable set to true",
            "modules.edged.tailoredKubeletConfig.clusterDNS set to [\"169.254.96.16\"]",
        ],
        &[
            ("/modules/metaManager/metaServer/enable", J::Bool(true)),
            (
                "/modules/edged/tailoredKubeletConfig/clusterDNS",
                serde_json::json!(["169.254.96.16"]),
            ),
        ],
    );
    check(
        ConfigKind::CloudCore,
        CLOUD,
        "edgemesh",
        &["modules.dynamicController.enable set to true"],
        &[("/modules/dynamicController/enable", J::Bool(true))],
    );
}
