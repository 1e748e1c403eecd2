//! KubeEdge's ConfigUpdateJob (`operations.kubeedge.io/v1alpha2`, KubeEdge 1.21+) from
//! profiles, for what it can express.
//!
//! On the edge the job runs `keadm config-update --set "k1=v1,k2=v2"` (keys sorted), whose
//! `--set` parser (KubeEdge 1.21–1.23, `keadm/cmd/keadm/app/cmd/util/set.go`) splits at commas
//! outside `{…}` and quotes, drops an item without exactly one `=` silently, types values
//! (int, then float, then bool, then `{k:v}` map, then `{a,b}` list, else string with one pair
//! of quotes stripped), matches lower-case path segments against JSON tags and upper-case ones
//! against Go field names (fields embedded in `Edged` are reachable by Go names only). It cannot
//! remove a key.

use std::collections::BTreeMap;

use serde_json::Value as J;

use crate::change::Action;
use crate::document::{Document, Value};
use crate::model::{ConfigKind, Release, defaults_for};
use crate::profile::{ApplyOptions, Params, Profile, apply_profiles};

/// Which nodes the job targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobTarget {
    /// `spec.nodeNames`.
    Nodes(Vec<String>),
    /// `spec.labelSelector.matchLabels`.
    Labels(BTreeMap<String, String>),
}

/// What to emit.
#[derive(Debug, Clone)]
pub struct JobSpec<'a> {
    /// `metadata.name`.
    pub name: String,
    /// The profiles, resolved with their includes.
    pub profiles: &'a [Profile],
    /// Their parameters (one value for every node: the job has no per-node values).
    pub params: &'a Params,
    /// The KubeEdge release of the cloud and edges, with its patch number.
    pub release: Release,
    /// The nodes.
    pub target: JobTarget,
    /// `spec.concurrency` (per cloudcore instance).
    pub concurrency: i32,
    /// `spec.timeoutSeconds`.
    pub timeout_seconds: u32,
    /// `spec.failureTolerate` (a float as a string; KubeEdge's code reads `""` as 0).
    pub failure_tolerate: String,
}

/// The limitations every emitted job carries as comments and the CLI prints.
const LIMITS: &[&str] = &[
    "ConfigUpdateJob status never reaches Completed on KubeEdge <= 1.23.1 (kubeedge#6448): check the nodes' Ready condition and their edgecore.yaml instead of the job's phase.",
    "keadm config-update decodes edgecore.yaml into a zero struct and rewrites the whole file (keys sorted, comments lost): keys a sparse file leaves out come back as zeros, e.g. modules.edgeHub.enable: false. Use it only on full files as `keadm join` writes them.",
    "Nodes that are not Ready when the job is created fail at once and are never retried.",
    "It needs the cloud chart's cloudCore.modules.taskManager.enable and controllerManager.enable, and modules.taskManager.enable on every edge (a ConfigUpdateJob cannot turn that one on).",
    "Every node gets the same values; nothing can be removed. `edgecfg agent` (helm/edgecfg-agent) has neither limit.",
];

/// Builds the ConfigUpdateJob: `Ok((object, notes))` with the notes to show (the limitations
/// and anything left out), or `Err` with every reason it cannot be expressed.
pub fn config_update_job(spec: &JobSpec<'_>) -> Result<(J, Vec<String>), Vec<String>> {
    let mut refusals = Vec::new();
    let r = spec.release;
    if r.minor < 21 {
        refusals.push(format!(
            "KubeEdge {r} has no ConfigUpdateJob (new in 1.21): use `edgecfg agent`"
        ));
    } else if r.minor > 23 {
        refusals.push(format!(
            "KubeEdge {r}: keadm config-update's --set syntax changes after 1.23 (Helm strvals, split at every comma); edgecfg knows 1.21-1.23"
        ));
    } else {
        match r.patch {
            None => refusals.push(format!(
                "give the patch release (e.g. 1.{}.{}): 1.21.0-1.21.1, 1.22.0-1.22.1 and 1.23.0 run updateFields through a shell (CVE-2026-62182)",
                r.minor,
                if r.minor == 23 { 1 } else { 2 }
            )),
            Some(p) if (r.minor == 23 && p < 1) || (r.minor < 23 && p < 2) => refusals.push(format!(
                "KubeEdge {r} runs updateFields through `bash -c` on every node (CVE-2026-62182, command injection as root); upgrade to 1.21.2, 1.22.2 or 1.23.1 first"
            )),
            Some(_) => {}
        }
    }
    match &spec.target {
        JobTarget::Nodes(n) if n.is_empty() => refusals.push("no nodes given".into()),
        JobTarget::Labels(l) if l.is_empty() => refusals.push("no labels given".into()),
        _ => {}
    }
    // Apply the profiles to KubeEdge's defaults for the release: what every node gets.
    let defaults = defaults_for(ConfigKind::EdgeCore, Some(r));
    let mut doc = match Document::parse(Value::from_json(&defaults).to_block_yaml()) {
        Ok(d) => d,
        Err(e) => return Err(vec![format!("internal: the defaults do not parse: {e}")]),
    };
    let options = ApplyOptions::new().release(Some(r));
    let outcome = match apply_profiles(
        &mut doc,
        0,
        ConfigKind::EdgeCore,
        spec.profiles,
        spec.params,
        &options,
    ) {
        Ok(o) => o,
        Err(e) => {
            refusals.push(e.to_string());
            return Err(refusals);
        }
    };
    // Values a profile copies from each node's own file cannot be one value for all nodes.
    let per_file: Vec<String> = spec
        .profiles
        .iter()
        .flat_map(|p| &p.operations)
        .filter(|o| matches!(o.target, crate::profile::Target::Edgecore))
        .flat_map(|o| o.set.iter().flatten())
        .filter(|(_, v)| v.to_string().contains("${config:"))
        .map(|(k, _)| k.clone())
        .collect();
    // Lists a profile adds items to: each node's list differs, --set replaces the whole list.
    let edge_ops = || {
        spec.profiles
            .iter()
            .flat_map(|p| p.operations.iter().map(move |o| (p, o)))
            .filter(|(_, o)| matches!(o.target, crate::profile::Target::Edgecore))
    };
    let lists: Vec<String> = edge_ops()
        .flat_map(|(_, o)| {
            let a = o.ensure_list.as_ref().map(|e| e.path.clone());
            let b = o.ensure_items.as_ref().map(|e| e.path.clone());
            a.into_iter().chain(b)
        })
        .collect();
    for (p, _) in edge_ops().filter(|(_, o)| o.patch.is_some()) {
        refusals.push(format!(
            "profile `{}` has a JSON Patch operation, whose result depends on each node's file",
            p.name
        ));
    }
    let mut fields = BTreeMap::new();
    let mut notes: Vec<String> = LIMITS.iter().map(|s| (*s).to_owned()).collect();
    for c in &outcome.changes {
        if per_file.contains(&c.path) {
            refusals.push(format!(
                "{}: the value comes from each node's own file; a ConfigUpdateJob has one value for all nodes",
                c.path
            ));
            continue;
        }
        if lists.iter().any(|l| {
            c.path == *l
                || c.path.starts_with(&format!("{l}["))
                || c.path.starts_with(&format!("{l}."))
        }) {
            refusals.push(format!(
                "{}: the profile adds items to the list each node has; --set can only replace the whole list",
                c.path
            ));
            continue;
        }
        match (&c.action, &c.new) {
            (Action::Appended, _) => refusals.push(format!(
                "{}: the profile appends to the list each node has; --set can only replace the whole list",
                c.path
            )),
            (Action::Removed, _) | (_, None) => refusals.push(format!(
                "{}: the profile removes it; a ConfigUpdateJob cannot remove a key (only set a zero value, which is not KubeEdge's default)",
                c.path
            )),
            (_, Some(v)) => match (set_key(&c.path), set_value(v)) {
                (Ok(k), Ok(v)) => {
                    fields.insert(k, v);
                }
                (Err(e), _) | (_, Err(e)) => refusals.push(format!("{}: {e}", c.path)),
            },
        }
    }
    for p in per_file {
        if !outcome.changes.iter().any(|c| c.path == p) {
            notes.push(format!(
                "left out: {p} (the profile copies it from each node's own file; on KubeEdge's defaults it needs no change, but nodes with custom paths need `edgecfg agent`)"
            ));
        }
    }
    if fields.is_empty() && refusals.is_empty() {
        refusals.push("the profiles change nothing in KubeEdge's default edgecore.yaml".into());
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    let mut job_spec = serde_json::Map::new();
    match &spec.target {
        JobTarget::Nodes(n) => {
            job_spec.insert("nodeNames".into(), J::from(n.clone()));
        }
        JobTarget::Labels(l) => {
            job_spec.insert(
                "labelSelector".into(),
                serde_json::json!({"matchLabels": l}),
            );
        }
    }
    job_spec.insert("concurrency".into(), J::from(spec.concurrency));
    job_spec.insert("timeoutSeconds".into(), J::from(spec.timeout_seconds));
    job_spec.insert(
        "failureTolerate".into(),
        J::from(spec.failure_tolerate.clone()),
    );
    job_spec.insert(
        "updateFields".into(),
        serde_json::to_value(&fields).unwrap_or_default(),
    );
    let job = serde_json::json!({
        "apiVersion": "operations.kubeedge.io/v1alpha2",
        "kind": "ConfigUpdateJob",
        "metadata": {"name": spec.name},
        "spec": job_spec,
    });
    Ok((job, notes))
}

/// The fields `Edged` declares itself; every other `modules.edged.X` is in the embedded
/// `TailoredKubeletFlag` and reachable by Go field names only.
const EDGED_OWN: &[&str] = &[
    "enable",
    "reportEvent",
    "tailoredKubeletConfig",
    "customInterfaceName",
    "registerNodeNamespace",
];

/// The `--set` key for a dotted path: JSON tags, or Go field names for the fields embedded in
/// `Edged` (`Modules.Edged.HostnameOverride`).
pub fn set_key(path: &str) -> Result<String, String> {
    if path.contains(['[', '"', '\'']) {
        return Err(
            "a list index or quoted key cannot be written as a 1.21-1.23 --set path".into(),
        );
    }
    let segs: Vec<&str> = path.split('.').collect();
    if segs.len() >= 3
        && segs[0] == "modules"
        && segs[1] == "edged"
        && !EDGED_OWN.contains(&segs[2])
    {
        return Ok(segs
            .iter()
            .map(|s| {
                let mut c = s.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("."));
    }
    Ok(path.to_owned())
}

/// A value as `--set` reads it: `,` and `=` refused (they split items), strings that would be
/// typed as a number or boolean quoted, lists as `{a,b}`, maps as `{k:v}`.
pub fn set_value(v: &J) -> Result<String, String> {
    let scalar = |v: &J, top: bool| -> Result<String, String> {
        let s = match v {
            J::Bool(b) => return Ok(b.to_string()),
            J::Number(n) => return Ok(n.to_string()),
            J::String(s) => s,
            J::Null => return Err("null cannot be written with --set".into()),
            _ => return Err("nested lists or maps cannot be written with --set".into()),
        };
        if s.contains([',', '=']) {
            return Err(format!(
                "`{s}` contains `,` or `=`, which --set cannot carry (an item with two `=` is silently dropped; a `,` starts another assignment)"
            ));
        }
        if s.contains(['{', '}', '"']) {
            return Err(format!(
                "`{s}` contains braces or quotes, which --set reads as syntax"
            ));
        }
        let typed = s.parse::<i64>().is_ok()
            || s.parse::<f64>().is_ok()
            || [
                "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False",
            ]
            .contains(&s.as_str());
        if s.is_empty() || (top && typed) {
            return Ok(format!("\"{s}\""));
        }
        if typed {
            return Err(format!(
                "`{s}` in a list or map would be read as a number or boolean"
            ));
        }
        Ok(s.clone())
    };
    match v {
        J::Array(items) => Ok(format!(
            "{{{}}}",
            items
                .iter()
                .map(|i| scalar(i, false))
                .collect::<Result<Vec<_>, _>>()?
                .join(",")
        )),
        J::Object(m) => Ok(format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| Ok(format!(
                    "{}:{}",
                    scalar(&J::from(k.as_str()), false)?,
                    scalar(v, false)?
                )))
                .collect::<Result<Vec<_>, String>>()?
                .join(",")
        )),
        other => scalar(other, true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_in_set_syntax() {
        assert_eq!(
            set_key("modules.edgeStream.enable").unwrap(),
            "modules.edgeStream.enable"
        );
        assert_eq!(
            set_key("modules.edged.hostnameOverride").unwrap(),
            "Modules.Edged.HostnameOverride"
        );
        assert_eq!(
            set_key("modules.edged.tailoredKubeletConfig.clusterDNS").unwrap(),
            "modules.edged.tailoredKubeletConfig.clusterDNS"
        );
        assert!(set_key("a.b[0]").is_err());
        assert_eq!(set_value(&J::from(true)).unwrap(), "true");
        assert_eq!(
            set_value(&J::from("192.0.2.1:10004")).unwrap(),
            "192.0.2.1:10004"
        );
        assert_eq!(
            set_value(&J::from("123")).unwrap(),
            "\"123\"",
            "a string stays a string"
        );
        assert_eq!(
            set_value(&serde_json::json!(["169.254.96.16", "10.96.0.10"])).unwrap(),
            "{169.254.96.16,10.96.0.10}"
        );
        assert_eq!(
            set_value(&serde_json::json!({"rack": "r7"})).unwrap(),
            "{rack:r7}"
        );
        assert!(set_value(&J::from("a,b")).unwrap_err().contains(','));
        assert!(set_value(&J::from("k=v")).is_err());
    }
}
