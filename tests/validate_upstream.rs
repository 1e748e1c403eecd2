//! `edgecfg validate` on the real upstream files (read from ../shared): the exact findings per
//! severity and rule. Only counts and rule ids are asserted, so no upstream text is copied here.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

/// Runs `edgecfg validate --format json` and returns (exit code, per document: errors,
/// warnings, infos, rule → count).
/// Errors, warnings, infos and rule counts of one document.
type DocCounts = (usize, usize, usize, BTreeMap<String, usize>);

fn run(rel: &str) -> Option<(i32, Vec<DocCounts>)> {
    let dir = common::shared("fixtures/kubeedge")?;
    let out = Command::new(common::bin())
        .args(["validate", "--format", "json"])
        .arg(dir.join(rel))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{rel}: {e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    let files = json["files"].as_array().unwrap();
    let docs = files
        .iter()
        .map(|f| {
            let mut rules = BTreeMap::new();
            for x in f["findings"].as_array().unwrap() {
                *rules
                    .entry(x["rule"].as_str().unwrap().to_owned())
                    .or_insert(0) += 1;
                assert!(x["line"].as_u64().unwrap() >= 1 && x["column"].as_u64().unwrap() >= 1);
            }
            let n = |k: &str| f[k].as_u64().unwrap() as usize;
            (n("errors"), n("warnings"), n("infos"), rules)
        })
        .collect();
    Some((out.status.code().unwrap(), docs))
}

fn rules(list: &[(&str, usize)]) -> BTreeMap<String, usize> {
    list.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[test]
fn default_configs_are_clean() {
    let Some(r) = run("generated/cloudcore--defaultconfig.stdout.yaml") else {
        return;
    };
    assert_eq!(r, (0, vec![(0, 0, 0, rules(&[]))]));
    let Some(r) = run("generated/edgecore--defaultconfig.stdout.yaml") else {
        return;
    };
    assert_eq!(r, (0, vec![(0, 0, 1, rules(&[("node-ip", 1)]))]));
}

/// KubeEdge 1.12–1.23 accept a disabled hub (run-kecheck, tests/kecheck_fidelity.rs): the
/// daemon starts but never connects (tests/system `edgehub-off`), so the feature the switch
/// names does not work: an error (severity follows consequence).
#[test]
fn minconfig_hub_switch_is_an_error() {
    let Some(r) = run("generated/cloudcore--minconfig.stdout.yaml") else {
        return;
    };
    assert_eq!(
        r,
        (
            1,
            vec![(1, 0, 1, rules(&[("hub-disabled", 1), ("qps-rewrite", 1)]))]
        )
    );
    let Some(r) = run("generated/edgecore--minconfig.stdout.yaml") else {
        return;
    };
    assert_eq!(
        r,
        (
            1,
            vec![(1, 0, 1, rules(&[("hub-disabled", 1), ("node-ip", 1)]))]
        )
    );
}

/// An old HA example: its keys fit KubeEdge 1.11–1.12, so it is checked as 1.12. Six keys that
/// the latest model calls unknown (service/endpoint buffers and workers, removed in 1.13) are
/// valid there; `context` was never a field; 1.12 does not rewrite qps/burst. Its advertise
/// address is a host name, which makes a certificate cloudcore cannot load (an error).
#[test]
fn stale_v1alpha1_ha_example_is_checked_as_its_release() {
    let Some(r) = run("upstream/build/cloud/ha/02-ha-configmap.yaml.example") else {
        return;
    };
    assert_eq!(
        r,
        (
            1,
            vec![(
                3,
                0,
                1,
                rules(&[
                    ("advertise-address", 1),
                    ("kubeedge-release", 1),
                    ("unknown-key", 2)
                ])
            )]
        )
    );
}

#[test]
fn legacy_edge_layout_is_rejected() {
    let Some(r) = run("upstream/build/edge/kubernetes/03-configmap-edgenodeconf.yaml") else {
        return;
    };
    assert_eq!(r, (1, vec![(1, 0, 0, rules(&[("legacy-layout", 1)]))]));
}

#[test]
fn chart_embedded_configs() {
    let Some(r) = run("upstream/build/cloud/05-configmap.yaml") else {
        return;
    };
    assert_eq!(
        r,
        (
            0,
            vec![(0, 0, 2, rules(&[("api-version", 1), ("qps-rewrite", 1)]))]
        )
    );
    // The chart's render: the `cloudcore.yaml` block in ConfigMap `cloudcore` (its empty
    // `dnsNames` item is reported); the other documents of the stream are not configs.
    for f in [
        "rendered/cloudcore-chart.helm3.yaml",
        "rendered/cloudcore-chart.helm4-postrender-input.yaml",
    ] {
        let Some(r) = run(f) else { return };
        assert_eq!(
            r,
            (
                0,
                vec![(
                    0,
                    1,
                    2,
                    rules(&[("api-version", 1), ("null-value", 1), ("qps-rewrite", 1)])
                )]
            ),
            "{f}"
        );
    }
    let Some(r) = run("rendered/cloudcore-chart-dnsnames.helm4-postrender-input.yaml") else {
        return;
    };
    assert_eq!(
        r,
        (
            0,
            vec![(0, 0, 2, rules(&[("api-version", 1), ("qps-rewrite", 1)]))]
        )
    );
}
