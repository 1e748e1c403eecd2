//! Files cloudcore's configuration names, against what its pod has: with cloudStream on,
//! cloudcore's validation refuses to start unless the stream CA, certificate and key exist
//! (`API/cloudcore/v1alpha1/validation/validation.go:193-201@v1.23.1`: "TLSStreamCertFile not
//! exist"). In a pod, a file exists only where a volume puts it: the cloudcore image ships no
//! certificates.

use serde_json::Value as J;

use super::{Hit, Hits, b, string};
use crate::check::inputs::{Config, ConfigSource, Object, System};
use crate::model::RuleId;

/// The three files, their keys and Go defaults (`API/cloudcore/v1alpha1/default.go:135-137@v1.23.1`).
const STREAM_FILES: [(&str, &str); 3] = [
    (
        "modules.cloudStream.tlsStreamCAFile",
        "/etc/kubeedge/ca/streamCA.crt",
    ),
    (
        "modules.cloudStream.tlsStreamCertFile",
        "/etc/kubeedge/certs/stream.crt",
    ),
    (
        "modules.cloudStream.tlsStreamPrivateKeyFile",
        "/etc/kubeedge/certs/stream.key",
    ),
];

/// What the cloudcore chart's Deployment always mounts from its `cloudcore` secret
/// (`manifests/charts/cloudcore/templates/deployment_cloudcore.yaml:67-68,84-93@v1.23.1`).
const CHART_FILES: [&str; 3] = [
    "/etc/kubeedge/ca/streamCA.crt",
    "/etc/kubeedge/certs/stream.crt",
    "/etc/kubeedge/certs/stream.key",
];

/// Whether a pod provides a file.
enum Provided {
    Yes,
    /// A volume edgecfg cannot see into (hostPath, a secret not among the inputs, …).
    Unknown,
    No(String),
}

pub(super) fn stream_certs(system: &System, cloud: &Config, hits: &mut Hits) {
    if !b(cloud, "modules.cloudStream.enable", false) {
        return;
    }
    let deployment = system
        .cloudcore_deployments
        .iter()
        .find(|d| d.file == cloud.file);
    for (key, default) in STREAM_FILES {
        let path = string(cloud, key).unwrap_or(default);
        let verdict = match (cloud.source, deployment) {
            (ConfigSource::ChartValues, _) => {
                if CHART_FILES.contains(&path) {
                    Provided::Yes
                } else {
                    Provided::No(format!(
                        "the chart's cloudcore Deployment mounts only {} from its secret",
                        CHART_FILES.join(", ")
                    ))
                }
            }
            (_, Some(d)) => provided(system, d, path),
            // A bare cloudcore: its host is not among the inputs.
            (_, None) => Provided::Unknown,
        };
        if let Provided::No(why) = verdict {
            hits.push(Hit {
                rule: RuleId::StreamCerts,
                severity: None,
                message: format!(
                    "cloudStream is on and {key} is {path}, which cloudcore's pod does not have: {why}"
                ),
                symptom: format!(
                    "cloudcore refuses to start (validation: \"{0} not exist\"), so no edge node connects",
                    go_field(key)
                ),
                fix: "keep the chart's paths (/etc/kubeedge/ca/streamCA.crt, /etc/kubeedge/certs/stream.crt, /etc/kubeedge/certs/stream.key, from its cloudcore secret), or mount a secret holding the stream certificates there (`certgen.sh stream`)".into(),
                locations: vec![cloud.place(key)],
                node: None,
            });
        }
    }
}

/// `modules.cloudStream.tlsStreamCertFile` → `TLSStreamCertFile`, as the validation names it.
fn go_field(key: &str) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    last.strip_prefix("tls")
        .map_or_else(|| last.to_owned(), |rest| format!("TLS{rest}"))
}

/// Whether the cloudcore container of `d` has `path`, from the volume mounted deepest above it.
fn provided(system: &System, d: &Object, path: &str) -> Provided {
    let Some(ci) = d.container("cloudcore") else {
        return Provided::Unknown;
    };
    let mounts = d
        .get(&format!("spec.template.spec.containers.{ci}.volumeMounts"))
        .and_then(J::as_array)
        .cloned()
        .unwrap_or_default();
    let mount = mounts
        .iter()
        .filter_map(|m| {
            let at = m.get("mountPath")?.as_str()?.trim_end_matches('/');
            let rest = if path == at {
                ""
            } else {
                path.strip_prefix(at)?.strip_prefix('/')?
            };
            Some((at.len(), m, rest))
        })
        .max_by_key(|(len, _, _)| *len);
    let Some((_, mount, rest)) = mount else {
        return Provided::No(format!(
            "no volume of the {} Deployment is mounted above it (the image ships no certificates)",
            d.name
        ));
    };
    let name = mount.get("name").and_then(J::as_str).unwrap_or("");
    // subPath mounts one entry of the volume at mountPath.
    let rest = match mount.get("subPath").and_then(J::as_str) {
        Some(sub) if rest.is_empty() => sub.to_owned(),
        Some(_) => return Provided::Unknown,
        None => rest.to_owned(),
    };
    let volume = d
        .get("spec.template.spec.volumes")
        .and_then(J::as_array)
        .and_then(|v| {
            v.iter()
                .find(|v| v.get("name").and_then(J::as_str) == Some(name))
        });
    let Some(volume) = volume else {
        return Provided::Unknown;
    };
    let keyed = |source: &J, kind: &str, object_name: Option<&str>| -> Provided {
        if let Some(items) = source.get("items").and_then(J::as_array) {
            return if items
                .iter()
                .any(|i| i.get("path").and_then(J::as_str) == Some(rest.as_str()))
            {
                Provided::Yes
            } else {
                Provided::No(format!(
                    "volume {name} ({kind} {}) lists items without {rest}",
                    object_name.unwrap_or("?")
                ))
            };
        }
        // Only Secrets are among the inputs; a ConfigMap's keys cannot be told.
        let found = object_name
            .filter(|_| kind == "secret")
            .and_then(|n| system.secrets.iter().find(|s| s.name == n));
        match found {
            Some(s) => {
                let has = ["data", "stringData"].iter().any(|k| {
                    s.value
                        .get(k)
                        .and_then(J::as_object)
                        .is_some_and(|m| m.contains_key(&rest))
                });
                if has {
                    Provided::Yes
                } else {
                    Provided::No(format!(
                        "volume {name} is secret {} (in {}), which has no key {rest}",
                        s.name, s.file
                    ))
                }
            }
            None => Provided::Unknown,
        }
    };
    if let Some(secret) = volume.get("secret") {
        keyed(
            secret,
            "secret",
            secret.get("secretName").and_then(J::as_str),
        )
    } else if let Some(cm) = volume.get("configMap") {
        keyed(cm, "configMap", cm.get("name").and_then(J::as_str))
    } else if volume.get("emptyDir").is_some() {
        Provided::No(format!("volume {name} is an emptyDir"))
    } else {
        Provided::Unknown
    }
}
