//! Fidelity against KubeEdge's own code: for every release `run-kecheck` ships (KubeEdge's
//! unmodified config decoding, validation, feature gates and start-up dereferences, per release),
//! `edgecfg validate --kubeedge-version R` must report an error exactly when KubeEdge R rejects
//! the file — except for the deliberate differences listed in `DELIBERATE` (and the README).
//!
//! Corpus: each release's own defaults (what `--defaultconfig` of that release prints) and
//! broken variants of them, the upstream generated configs, and the hand-made validate cases.
//! Needs `../shared/tools/kecheck` and root (kecheck runs in a private mount namespace); a
//! missing tool skips loudly, and `EDGECFG_REQUIRE_TOOLS=1` (CI) makes that a failure.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use edgecfg::model::releases::{Family, family};
use edgecfg::model::{ConfigKind, Release, RuleId, ValidateOptions, validate_with};
use serde_json::{Value as J, json};

/// The releases kecheck ships.
const RELEASES: &[&str] = &["v1.12.7", "v1.15.4", "v1.17.5", "v1.20.0", "v1.23.1"];

/// Rules whose errors are deliberate: KubeEdge starts, but the file does not do what it says.
const DELIBERATE: &[(RuleId, &str)] = &[
    (
        RuleId::UnknownKey,
        "a key no release of the kind has: KubeEdge ignores it silently (the setting is dropped), edgecfg calls it an error",
    ),
    (
        RuleId::AdvertiseAddress,
        "an empty advertise address: cloudcore starts, edge nodes have nothing to dial",
    ),
    (
        RuleId::HostPort,
        "an address without a port: accepted at start, the connection can never be made",
    ),
    (
        RuleId::VersionMismatch,
        "a key another release has, with the release known: KubeEdge ignores it silently there, as unknown-key",
    ),
    (
        RuleId::HubDisabled,
        "cloudHub or edgeHub off: accepted, but no node connects (seen on a running KubeEdge: tests/system edgehub-off)",
    ),
    (
        RuleId::LegacyV1alpha1,
        "an EdgeCore v1alpha1 file: accepted, with moved fields silently dropped",
    ),
    (
        RuleId::RuntimeEndpoint,
        "the 1.16-1.17 runtime endpoint fallback: accepted, with the node silently on containerd",
    ),
];

/// Sets `value` at a dotted path, creating objects.
fn put(root: &mut J, path: &str, value: J) {
    let mut cur = root;
    let segs: Vec<&str> = path.split('.').collect();
    for s in &segs[..segs.len() - 1] {
        if !cur.get(*s).is_some_and(J::is_object) {
            cur[*s] = json!({});
        }
        cur = cur.get_mut(*s).unwrap();
    }
    cur[segs[segs.len() - 1]] = value;
}

/// Broken variants of a release's defaults: (name, path, value).
fn variants(kind: ConfigKind) -> Vec<(&'static str, &'static str, J)> {
    match kind {
        ConfigKind::EdgeCore => vec![
            ("defaults", "", J::Null),
            ("quoted-bool", "modules.edgeHub.enable", json!("true")),
            ("string-in-int", "modules.edgeHub.heartbeat", json!("abc")),
            (
                "gate-moduleRestart",
                "featureGates",
                json!({"moduleRestart": true}),
            ),
            (
                "gate-typo",
                "featureGates",
                json!({"requireAuthorisation": true}),
            ),
            ("typo-key", "modules.edgeStream.enabel", json!(true)),
            ("null-module", "modules.edged", J::Null),
            (
                "both-transports",
                "modules.edgeHub.quic.enable",
                json!(true),
            ),
            ("mqtt-mode-3", "modules.eventBus.mqttMode", json!(3)),
            (
                "bad-node-name",
                "modules.edged.hostnameOverride",
                json!("Edge_Node"),
            ),
            ("hub-off", "modules.edgeHub.enable", json!(false)),
            (
                "old-key-containerRuntime",
                "modules.edged.containerRuntime",
                json!("remote"),
            ),
            (
                "flush-5s",
                "modules.edged.tailoredKubeletConfig.logging.flushFrequency",
                json!("5s"),
            ),
            (
                "cgroup-driver",
                "modules.edged.tailoredKubeletConfig.cgroupDriver",
                json!("foo"),
            ),
            (
                "readonly-port",
                "modules.edged.tailoredKubeletConfig.readOnlyPort",
                json!(10351),
            ),
            (
                "bad-duration",
                "modules.edged.tailoredKubeletConfig.nodeStatusUpdateFrequency",
                json!("10"),
            ),
            ("negative-qps", "modules.edgeHub.messageQPS", json!(-1)),
            // A number in a string field: converted by KubeEdge, except inside edged's
            // embedded structs (hostnameOverride, nodeLabels values, …), where decoding fails.
            (
                "number-in-embedded-string",
                "modules.edged.hostnameOverride",
                json!(12345),
            ),
            (
                "bool-in-embedded-map",
                "modules.edged.nodeLabels",
                json!({"rack": true}),
            ),
            (
                "number-in-own-string",
                "modules.edged.registerNodeNamespace",
                json!(5),
            ),
            (
                "number-in-kubelet-string",
                "modules.edged.tailoredKubeletConfig.clusterDomain",
                json!(2024),
            ),
        ],
        ConfigKind::CloudCore => vec![
            ("defaults", "", J::Null),
            ("quoted-bool", "modules.cloudHub.enable", json!("true")),
            ("string-in-int", "modules.cloudHub.nodeLimit", json!("many")),
            (
                "gate-moduleRestart",
                "featureGates",
                json!({"moduleRestart": true}),
            ),
            ("typo-key", "modules.cloudStream.enabel", json!(true)),
            ("null-module", "modules.cloudHub", J::Null),
            (
                "monitor-localhost",
                "commonConfig.monitorServer.bindAddress",
                json!("localhost:9091"),
            ),
            ("port-0", "modules.cloudHub.websocket.port", json!(0)),
            (
                "kubeconfig-relative",
                "kubeAPIConfig.kubeConfig",
                json!("kube.conf"),
            ),
            ("hub-off", "modules.cloudHub.enable", json!(false)),
            (
                "token-refresh-0",
                "modules.cloudHub.tokenRefreshDuration",
                json!(0),
            ),
            (
                "ws-address-name",
                "modules.cloudHub.websocket.address",
                json!("localhost"),
            ),
        ],
    }
}

struct Case {
    name: String,
    file: PathBuf,
    kind: ConfigKind,
    /// Only for this release (a variant of its defaults); `None`: every release.
    release: Option<&'static str>,
}

fn corpus(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for (kind, fam) in [
        (ConfigKind::EdgeCore, Family::EdgeCore),
        (ConfigKind::CloudCore, Family::CloudCore),
    ] {
        for tag in RELEASES {
            let release = Release::parse(tag).unwrap();
            let defaults = family(fam).defaults(release);
            for (name, path, value) in variants(kind) {
                let mut doc = defaults.clone();
                if !path.is_empty() {
                    put(&mut doc, path, value);
                }
                let file = dir.join(format!("{}-{tag}-{name}.yaml", kind.name()));
                std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
                cases.push(Case {
                    name: format!("{} {tag} {name}", kind.name()),
                    file,
                    kind,
                    release: Some(tag),
                });
            }
        }
    }
    if let Some(generated) = common::shared("fixtures/kubeedge/generated") {
        for (f, kind) in [
            ("edgecore--defaultconfig.stdout.yaml", ConfigKind::EdgeCore),
            ("edgecore--minconfig.stdout.yaml", ConfigKind::EdgeCore),
            (
                "cloudcore--defaultconfig.stdout.yaml",
                ConfigKind::CloudCore,
            ),
            ("cloudcore--minconfig.stdout.yaml", ConfigKind::CloudCore),
        ] {
            cases.push(Case {
                name: format!("upstream {f}"),
                file: generated.join(f),
                kind,
                release: None,
            });
        }
    }
    for (f, kind) in [
        (
            "tests/cases/validate-edgecore-traps/in.yaml",
            ConfigKind::EdgeCore,
        ),
        (
            "tests/cases/validate-cloudcore-traps/in.yaml",
            ConfigKind::CloudCore,
        ),
        ("tests/cases/validate-clean/in.yaml", ConfigKind::EdgeCore),
        ("examples/edgecore.yaml", ConfigKind::EdgeCore),
    ] {
        cases.push(Case {
            name: f.to_owned(),
            file: common::root().join(f),
            kind,
            release: None,
        });
    }
    cases
}

/// KubeEdge's verdict per (file, release).
fn kecheck(
    script: &Path,
    files: &[&Path],
    kind: ConfigKind,
) -> BTreeMap<(PathBuf, String), (bool, String)> {
    let out = Command::new(script)
        .args([
            "--release",
            "all",
            "--host",
            "provisioned",
            "--kind",
            kind.name(),
        ])
        .args(files)
        .output()
        .expect("run-kecheck runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut verdicts = BTreeMap::new();
    for v in serde_json::Deserializer::from_str(&text).into_iter::<J>() {
        let v = v.expect("run-kecheck prints JSON objects");
        let file = PathBuf::from(v["file"].as_str().unwrap());
        let release = v["release"].as_str().unwrap().to_owned();
        let why = [
            "decodeError",
            "validationErrors",
            "validationPanic",
            "featureGateError",
            "startupPanic",
        ]
        .iter()
        .filter(|k| !v[**k].is_null() && v[**k] != json!([]))
        .map(|k| format!("{k}: {}", v[*k]))
        .collect::<Vec<_>>()
        .join("; ");
        verdicts.insert((file, release), (v["accepted"].as_bool().unwrap(), why));
    }
    verdicts
}

#[test]
fn edgecfg_rejects_exactly_what_kubeedge_rejects() {
    let Some(script) = common::run_kecheck() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cases = corpus(dir.path());
    let mut verdicts = BTreeMap::new();
    for kind in [ConfigKind::EdgeCore, ConfigKind::CloudCore] {
        let files: Vec<&Path> = cases
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.file.as_path())
            .collect();
        verdicts.extend(kecheck(&script, &files, kind));
    }
    let mut table = Vec::new();
    let mut misses = Vec::new();
    let (mut agree, mut deliberate) = (0, 0);
    for case in &cases {
        for tag in RELEASES {
            if case.release.is_some_and(|r| r != *tag) {
                continue;
            }
            let Some((accepted, why)) = verdicts.get(&(case.file.clone(), (*tag).to_owned()))
            else {
                panic!("no kecheck verdict for {} on {tag}", case.file.display());
            };
            let text = std::fs::read_to_string(&case.file).unwrap();
            let doc = edgecfg::Document::parse(text).unwrap();
            let options = ValidateOptions::new()
                .kind(Some(case.kind))
                .release(Some(Release::parse(tag).unwrap()));
            let report = validate_with(&doc, 0, &options).unwrap();
            let errors: Vec<RuleId> = report.errors().map(|f| f.rule).collect();
            let ours = errors.is_empty();
            let line = format!(
                "{:<55} {tag}: kubeedge {} edgecfg {} {errors:?} {why}",
                case.name,
                if *accepted { "accepts" } else { "rejects" },
                if ours { "accepts" } else { "rejects" },
            );
            table.push(line.clone());
            if ours == *accepted {
                agree += 1;
            } else if *accepted
                && errors
                    .iter()
                    .all(|r| DELIBERATE.iter().any(|(d, _)| d == r))
            {
                deliberate += 1;
            } else {
                misses.push(line);
            }
        }
    }
    println!("{}", table.join("\n"));
    println!(
        "{} verdicts: {agree} agree, {deliberate} deliberate differences, {} disagree",
        agree + deliberate + misses.len(),
        misses.len()
    );
    assert!(
        misses.is_empty(),
        "edgecfg and KubeEdge disagree:\n{}",
        misses.join("\n")
    );
    // The corpus exercises both verdicts on every release.
    assert!(
        agree > 100 && deliberate > 0,
        "{agree} agree, {deliberate} deliberate"
    );
}

/// `edgecfg migrate` of a v1alpha1 file, for each release kecheck ships: KubeEdge accepts the
/// result and reads back the migrated values (clusterDNS as a list, the node name).
#[test]
fn migrated_v1alpha1_files_load_in_every_release() {
    let Some(script) = common::run_kecheck() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = common::root().join("tests/cases/migrate-v1alpha1/in.yaml");
    for tag in RELEASES {
        let file = dir.path().join(format!("edgecore-{tag}.yaml"));
        std::fs::copy(&input, &file).unwrap();
        let out = Command::new(common::bin())
            .args(["migrate", "--kubeedge-version", tag])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{tag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let verdict = Command::new(&script)
            .args(["--release", tag, "--host", "provisioned"])
            .arg(&file)
            .output()
            .unwrap();
        let v: J = serde_json::from_slice(&verdict.stdout).unwrap();
        assert_eq!(v["accepted"], json!(true), "{tag}: {v}");
        assert_eq!(
            v["decoded"]["clusterDNS"],
            json!(["169.254.96.16", "10.96.0.10"]),
            "{tag}: {v}"
        );
        assert_eq!(
            v["decoded"]["edged.hostnameOverride"],
            json!("edge-node-01"),
            "{tag}"
        );
    }
}

/// The built-in profiles on files shaped like the ones users have (`tests/fixtures/real/`: keadm
/// files of several releases with stale keys, CRLF and comments, the `--minconfig` output, a
/// v1alpha1 file, ConfigMaps with a `|` block and with a double-quoted string). For each: apply
/// succeeds with a small diff, a second apply changes nothing, and KubeEdge's own code of the
/// file's release accepts the result whenever it accepted the input and reads back the values the
/// profile meant.
#[test]
fn profiles_on_real_files() {
    let Some(script) = common::run_kecheck() else {
        return;
    };
    let Some(generated) = common::shared("fixtures/kubeedge/generated") else {
        return;
    };
    let real = common::root().join("tests/fixtures/real");
    // (file, kind, the kecheck release of the file's KubeEdge, a ConfigMap)
    let fixtures: Vec<(PathBuf, ConfigKind, Option<&str>, bool)> = vec![
        (
            real.join("edgecore-keadm-1.15-stale.yaml"),
            ConfigKind::EdgeCore,
            Some("v1.15.4"),
            false,
        ),
        (
            real.join("edgecore-1.20-crlf.yaml"),
            ConfigKind::EdgeCore,
            Some("v1.20.0"),
            false,
        ),
        (
            generated.join("edgecore--minconfig.stdout.yaml"),
            ConfigKind::EdgeCore,
            Some("v1.23.1"),
            false,
        ),
        (
            real.join("edgecore-v1alpha1-1.11.yaml"),
            ConfigKind::EdgeCore,
            None,
            false,
        ),
        (
            real.join("cloudcore-1.17.yaml"),
            ConfigKind::CloudCore,
            Some("v1.17.5"),
            false,
        ),
        (
            real.join("cloudcore-configmap-1.12-block.yaml"),
            ConfigKind::CloudCore,
            Some("v1.12.7"),
            true,
        ),
        (
            real.join("cloudcore-configmap-1.23-quoted.yaml"),
            ConfigKind::CloudCore,
            Some("v1.23.1"),
            true,
        ),
    ];
    // What each profile means, as kecheck's decoded keys.
    let intended = |profile: &str, kind: ConfigKind| -> Vec<(&'static str, J)> {
        match (profile, kind) {
            ("streams-on", ConfigKind::EdgeCore) => vec![
                ("edgeStream.enable", json!(true)),
                ("edgeStream.server", json!("192.0.2.10:10004")),
            ],
            ("observability", ConfigKind::EdgeCore) => vec![("edgeStream.enable", json!(true))],
            ("edgemesh", ConfigKind::EdgeCore) => vec![
                ("metaServer.enable", json!(true)),
                ("clusterDomain", json!("cluster.local")),
            ],
            ("streams-on", ConfigKind::CloudCore) => vec![
                ("cloudStream.enable", json!(true)),
                ("iptablesManager.enable", json!(true)),
            ],
            ("observability", ConfigKind::CloudCore) => vec![
                ("cloudStream.enable", json!(true)),
                (
                    "commonConfig.monitorServer.bindAddress",
                    json!("0.0.0.0:9091"),
                ),
            ],
            ("edgemesh", ConfigKind::CloudCore) => vec![("dynamicController.enable", json!(true))],
            _ => vec![],
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let verdict = |file: &Path, tag: &str, kind: ConfigKind| -> J {
        let out = Command::new(&script)
            .args([
                "--release",
                tag,
                "--host",
                "provisioned",
                "--kind",
                kind.name(),
            ])
            .arg(file)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or(J::Null)
    };
    // The config itself: a ConfigMap's embedded cloudcore.yaml, written out for kecheck.
    let config_of = |file: &Path, configmap: bool, name: &str| -> PathBuf {
        if !configmap {
            return file.to_path_buf();
        }
        let out = Command::new(common::bin())
            .args(["get"])
            .arg(file)
            .arg("data.\"cloudcore.yaml\"")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let p = dir.path().join(name);
        std::fs::write(&p, out.stdout).unwrap();
        p
    };
    let mut table = Vec::new();
    for (fixture, kind, tag, configmap) in &fixtures {
        let name = fixture.file_name().unwrap().to_string_lossy().to_string();
        for profile in ["streams-on", "observability", "edgemesh"] {
            let file = dir.path().join(format!("{profile}-{name}"));
            std::fs::copy(fixture, &file).unwrap();
            let before = std::fs::read_to_string(&file).unwrap();
            let mut args = vec!["apply", "-p", profile];
            if profile != "edgemesh" {
                args.extend(["--param", "cloudAddress=192.0.2.10"]);
            }
            let out = Command::new(common::bin())
                .args(&args)
                .arg(&file)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            if !out.status.success() {
                // The only acceptable refusal: the file's release cannot express the profile.
                assert!(
                    stderr.contains("is not a field of") && stderr.contains("in KubeEdge 1."),
                    "{profile} on {name}: {stderr}"
                );
                assert_eq!(
                    std::fs::read_to_string(&file).unwrap(),
                    before,
                    "refused: unchanged"
                );
                let reason = stderr
                    .lines()
                    .next()
                    .unwrap_or("")
                    .rsplit(": profile ")
                    .next()
                    .unwrap_or("");
                table.push(format!(
                    "{name:<40} {profile:<14} refused: profile {reason}"
                ));
                continue;
            }
            let after = std::fs::read_to_string(&file).unwrap();
            let changed_lines = similar::TextDiff::from_lines(&before, &after)
                .iter_all_changes()
                .filter(|c| c.tag() == similar::ChangeTag::Insert)
                .count();
            assert!(
                changed_lines <= 12,
                "{profile} on {name}: {changed_lines} lines"
            );
            if before.contains("\r\n") {
                assert!(
                    !after.replace("\r\n", "").contains('\n'),
                    "{name}: line endings kept"
                );
            }
            // Idempotent.
            let again = Command::new(common::bin())
                .args(&args)
                .arg(&file)
                .output()
                .unwrap();
            assert!(again.status.success());
            assert_eq!(
                std::fs::read_to_string(&file).unwrap(),
                after,
                "{profile} on {name}: second apply"
            );
            // KubeEdge's verdicts.
            let kube = match tag {
                Some(tag) => {
                    let input = config_of(fixture, *configmap, &format!("in-{profile}-{name}"));
                    let output = config_of(&file, *configmap, &format!("out-{profile}-{name}"));
                    let (vi, vo) = (verdict(&input, tag, *kind), verdict(&output, tag, *kind));
                    if vi["accepted"] == json!(true) {
                        assert_eq!(
                            vo["accepted"],
                            json!(true),
                            "{profile} on {name}: KubeEdge {tag} rejects the result: {vo}"
                        );
                        for (key, want) in intended(profile, *kind) {
                            assert_eq!(
                                vo["decoded"][key], want,
                                "{profile} on {name}: KubeEdge {tag} reads {key}"
                            );
                        }
                    }
                    format!(
                        "KubeEdge {tag}: input {}, result {}",
                        if vi["accepted"] == json!(true) {
                            "accepted"
                        } else {
                            "rejected"
                        },
                        if vo["accepted"] == json!(true) {
                            "accepted, intended values read back"
                        } else {
                            "rejected"
                        }
                    )
                }
                None => "KubeEdge 1.11: no kecheck build".to_owned(),
            };
            table.push(format!(
                "{name:<40} {profile:<14} +{changed_lines} lines, idempotent; {kube}"
            ));
        }
    }
    println!("{}", table.join("\n"));
}
