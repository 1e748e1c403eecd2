//! The agent's configuration file (the ConfigMap the chart mounts) and what it asks of one node.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::profile::{self, Params, Profile};

/// The agent's configuration: which profiles, with which parameters, for which nodes.
///
/// ```yaml
/// profiles: [streams-on]
/// params:
///   cloudAddress: 192.0.2.10
/// paramsFromNodeLabels:          # a parameter from a label of the node the agent runs on
///   cloudAddress: example.com/cloudcore-address
/// nodes:                         # per-node values, by node name (win over everything else)
///   edge-17:
///     cloudAddress: 198.51.100.7
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentConfig {
    /// The profiles to apply, in order: built-in names or the names of profiles in
    /// `profile-*.yaml` files beside the configuration.
    pub profiles: Vec<String>,
    /// Parameters for every node (`--param NAME=VALUE`).
    #[serde(default)]
    pub params: BTreeMap<String, serde_json::Value>,
    /// Parameters read from a label of the agent's Node (needs the Kubernetes API: the
    /// Downward API cannot expose Node labels to a pod).
    #[serde(default)]
    pub params_from_node_labels: BTreeMap<String, String>,
    /// Parameters read from an annotation of the agent's Node (needs the Kubernetes API).
    #[serde(default)]
    pub params_from_node_annotations: BTreeMap<String, String>,
    /// Per-node parameters, by node name; they win over `params` and the Node's labels.
    #[serde(default)]
    pub nodes: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// Apply a profile even where it overrides a value the file sets differently (`--force`).
    #[serde(default)]
    pub force: bool,
}

/// What the agent knows about its node: its name, and its labels and annotations when the
/// Kubernetes API could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeFacts {
    /// The node's name (`spec.nodeName` through the Downward API).
    pub name: Option<String>,
    /// `metadata.labels`, when read.
    pub labels: Option<BTreeMap<String, String>>,
    /// `metadata.annotations`, when read.
    pub annotations: Option<BTreeMap<String, String>>,
}

impl NodeFacts {
    /// Facts from a Node object as the API returns it.
    pub fn from_node(name: &str, node: &serde_json::Value) -> NodeFacts {
        let map = |key: &str| {
            node.pointer(&format!("/metadata/{key}"))
                .and_then(|m| m.as_object())
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .or(Some(BTreeMap::new()))
        };
        NodeFacts {
            name: Some(name.to_owned()),
            labels: map("labels"),
            annotations: map("annotations"),
        }
    }
}

/// The configuration could not be read or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

impl AgentConfig {
    /// Parses the configuration (YAML or JSON); `name` names it in errors.
    pub fn parse(name: &str, text: &str) -> Result<AgentConfig, ConfigError> {
        let doc = Document::parse(text).map_err(|e| {
            ConfigError(format!(
                "{name}:{}:{}: {}",
                e.location.line, e.location.column, e.message
            ))
        })?;
        let value = doc
            .value(0)
            .map_err(|e| ConfigError(format!("{name}: {e}")))?
            .resolve_merge_keys()
            .to_json()
            .map_err(|e| ConfigError(format!("{name}: {e}")))?;
        let config: AgentConfig =
            serde_json::from_value(value).map_err(|e| ConfigError(format!("{name}: {e}")))?;
        if config.profiles.is_empty() {
            return Err(ConfigError(format!(
                "{name}: `profiles` is empty: name at least one profile (see `edgecfg profiles`)"
            )));
        }
        Ok(config)
    }

    /// Reads the configuration file and the `profile-*.yaml` files beside it — or, when the
    /// file is the chart's ConfigMap (`kubectl get configmap edgecfg-agent -o yaml`), its
    /// `agent.yaml` and `profile-*.yaml` keys.
    pub fn load(path: &Path) -> Result<(AgentConfig, Vec<Profile>), ConfigError> {
        let text = crate::fsio::read_text(path).map_err(|e| ConfigError(e.to_string()))?;
        let name = path.display().to_string();
        if let Some(found) = from_config_map(&name, &text) {
            return found;
        }
        let config = AgentConfig::parse(&name, &text)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| ConfigError(format!("{}: {e}", dir.display())))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("profile-") && n.ends_with(".yaml"))
            })
            .collect();
        files.sort();
        let mut profiles = Vec::new();
        for f in files {
            let text = crate::fsio::read_text(&f).map_err(|e| ConfigError(e.to_string()))?;
            profiles.push(
                Profile::parse(&f.display().to_string(), &text)
                    .map_err(|e| ConfigError(e.to_string()))?,
            );
        }
        Ok((config, profiles))
    }

    /// True when the parameters depend on the Node object (labels or annotations).
    pub fn needs_node_object(&self) -> bool {
        !self.params_from_node_labels.is_empty() || !self.params_from_node_annotations.is_empty()
    }

    /// What the configuration asks of the node `node`: the resolved profiles, the parameters
    /// (`params`, then the Node's labels and annotations, then `nodes.<name>`) and their hash.
    pub fn desired(&self, files: &[Profile], node: &NodeFacts) -> Result<Desired, ConfigError> {
        let prepared = self.prepare(files)?;
        let params = self.params_for(node)?;
        let hash = prepared.hash(&params, self.force);
        Ok(Desired {
            profiles: prepared.profiles,
            names: self.profiles.clone(),
            params,
            force: self.force,
            hash,
        })
    }

    /// The profiles resolved once, for [`AgentConfig::label_for`] over many nodes.
    pub fn prepare(&self, files: &[Profile]) -> Result<Prepared, ConfigError> {
        let profiles =
            profile::resolve(&self.profiles, files).map_err(|e| ConfigError(e.to_string()))?;
        let canonical = serde_json::to_string(&profiles).map_err(|e| ConfigError(e.to_string()))?;
        Ok(Prepared {
            profiles,
            canonical,
        })
    }

    /// [`Desired::label`] for `node`, without copying the profiles (`edgecfg fleet status` over
    /// thousands of Nodes).
    pub fn label_for(&self, prepared: &Prepared, node: &NodeFacts) -> Result<String, ConfigError> {
        let hash = prepared.hash(&self.params_for(node)?, self.force);
        Ok(format!("{}@{hash}", self.profiles.join(",")))
    }

    /// The parameters for `node`: `params`, then the Node's labels and annotations, then
    /// `nodes.<name>`.
    fn params_for(&self, node: &NodeFacts) -> Result<BTreeMap<String, String>, ConfigError> {
        let mut params = BTreeMap::new();
        for (k, v) in &self.params {
            params.insert(k.clone(), scalar(&format!("params.{k}"), v)?);
        }
        for (sources, what, facts) in [
            (&self.params_from_node_labels, "label", &node.labels),
            (
                &self.params_from_node_annotations,
                "annotation",
                &node.annotations,
            ),
        ] {
            if sources.is_empty() {
                continue;
            }
            let Some(facts) = facts else {
                return Err(ConfigError(format!(
                    "parameters come from Node {what}s ({}), but the Node could not be read: give the agent a Kubernetes API (in-cluster or metaServer)",
                    sources.keys().cloned().collect::<Vec<_>>().join(", ")
                )));
            };
            for (param, key) in sources {
                match facts.get(key) {
                    Some(v) => {
                        params.insert(param.clone(), v.clone());
                    }
                    None if params.contains_key(param) => {}
                    None => {
                        return Err(ConfigError(format!(
                            "parameter `{param}` comes from the Node {what} `{key}`, which node {} does not have (and `params` gives no default)",
                            node.name.as_deref().unwrap_or("?")
                        )));
                    }
                }
            }
        }
        if let Some(name) = &node.name
            && let Some(own) = self.nodes.get(name)
        {
            for (k, v) in own {
                params.insert(k.clone(), scalar(&format!("nodes.{name}.{k}"), v)?);
            }
        }
        Ok(params)
    }
}

/// Profiles resolved with their includes, and their canonical JSON for the hash.
#[derive(Debug, Clone)]
pub struct Prepared {
    profiles: Vec<Profile>,
    canonical: String,
}

impl Prepared {
    /// 12 hex digits of the SHA-256 of the profiles, the parameters and `force`.
    fn hash(&self, params: &BTreeMap<String, String>, force: bool) -> String {
        let params = serde_json::to_string(params).unwrap_or_default();
        let canonical = format!(
            "{{\"profiles\":{},\"params\":{params},\"force\":{force}}}",
            self.canonical
        );
        let mut hex = super::sha256(&canonical);
        hex.truncate(12);
        hex
    }
}

/// The configuration and profiles a ConfigMap carries (`None`: `text` is no ConfigMap).
fn from_config_map(
    name: &str,
    text: &str,
) -> Option<Result<(AgentConfig, Vec<Profile>), ConfigError>> {
    let doc = Document::parse(text).ok()?;
    let value = doc.value(0).ok()?.to_json().ok()?;
    if value.get("kind")?.as_str()? != "ConfigMap" {
        return None;
    }
    let data = value.get("data").and_then(|d| d.as_object());
    let Some(agent) = data
        .and_then(|d| d.get("agent.yaml"))
        .and_then(|a| a.as_str())
    else {
        return Some(Err(ConfigError(format!(
            "{name}: a ConfigMap without `data.\"agent.yaml\"` (give the edgecfg-agent chart's ConfigMap)"
        ))));
    };
    Some((|| {
        let config = AgentConfig::parse(&format!("{name}: data.\"agent.yaml\""), agent)?;
        let mut profiles = Vec::new();
        for (key, v) in data.into_iter().flatten() {
            if key.starts_with("profile-") && key.ends_with(".yaml") {
                let text = v.as_str().unwrap_or_default();
                profiles.push(
                    Profile::parse(&format!("{name}: data.\"{key}\""), text)
                        .map_err(|e| ConfigError(e.to_string()))?,
                );
            }
        }
        Ok((config, profiles))
    })())
}

fn scalar(place: &str, v: &serde_json::Value) -> Result<String, ConfigError> {
    match v {
        serde_json::Value::String(s) => Ok(s.clone()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        _ => Err(ConfigError(format!(
            "`{place}` must be a string, number or boolean, not {v}"
        ))),
    }
}

/// What one node should get: resolved profiles and parameters, and a hash of both.
#[derive(Debug, Clone, PartialEq)]
pub struct Desired {
    /// The profiles, resolved with their includes.
    pub profiles: Vec<Profile>,
    /// The profile names the configuration gives.
    pub names: Vec<String>,
    /// The parameters for this node.
    pub params: BTreeMap<String, String>,
    /// `force` from the configuration.
    pub force: bool,
    /// 12 hex digits of the SHA-256 of the profiles' contents, the parameters and `force`.
    pub hash: String,
}

impl Desired {
    /// `streams-on,observability@3f2a1b4c5d6e`: the value of the Node annotation.
    pub fn label(&self) -> String {
        format!("{}@{}", self.names.join(","), self.hash)
    }

    /// The parameters as the profile engine takes them.
    pub fn params(&self) -> Params {
        let mut p = Params::new();
        for (k, v) in &self.params {
            p.insert(k.clone(), v.clone());
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: &str, labels: &[(&str, &str)]) -> NodeFacts {
        NodeFacts {
            name: Some(name.into()),
            labels: Some(
                labels
                    .iter()
                    .map(|(k, v)| ((*k).into(), (*v).into()))
                    .collect(),
            ),
            annotations: Some(BTreeMap::new()),
        }
    }

    #[test]
    fn per_node_values_win_and_change_the_hash() {
        let c = AgentConfig::parse(
            "agent.yaml",
            "profiles: [streams-on]\nparams: {cloudAddress: 192.0.2.10, port: 10004}\nparamsFromNodeLabels: {cloudAddress: site/cloud}\nnodes:\n  edge-9: {cloudAddress: 203.0.113.9}\n",
        )
        .unwrap();
        let plain = c.desired(&[], &facts("edge-1", &[])).unwrap();
        assert_eq!(plain.params["cloudAddress"], "192.0.2.10");
        assert_eq!(plain.params["port"], "10004", "numbers become strings");
        let site = c
            .desired(&[], &facts("edge-2", &[("site/cloud", "198.51.100.1")]))
            .unwrap();
        assert_eq!(site.params["cloudAddress"], "198.51.100.1");
        let own = c
            .desired(&[], &facts("edge-9", &[("site/cloud", "198.51.100.1")]))
            .unwrap();
        assert_eq!(own.params["cloudAddress"], "203.0.113.9");
        assert_ne!(plain.hash, site.hash);
        assert_ne!(site.hash, own.hash);
        assert_eq!(
            plain.hash,
            c.desired(&[], &facts("edge-3", &[])).unwrap().hash,
            "stable"
        );
        assert_eq!(plain.label(), format!("streams-on@{}", plain.hash));
        assert_eq!(plain.hash.len(), 12);
        // `fleet status` computes the same label without copying the profiles.
        let prepared = c.prepare(&[]).unwrap();
        for (node, d) in [("edge-1", &plain), ("edge-2", &site), ("edge-9", &own)] {
            let labels: &[(&str, &str)] = if node == "edge-1" {
                &[]
            } else {
                &[("site/cloud", "198.51.100.1")]
            };
            assert_eq!(
                c.label_for(&prepared, &facts(node, labels)).unwrap(),
                d.label()
            );
        }
    }

    #[test]
    fn bad_configurations_say_what_is_wrong() {
        let e = AgentConfig::parse("a.yaml", "profiles: []\n").unwrap_err();
        assert!(e.0.contains("empty"), "{e}");
        let e = AgentConfig::parse("a.yaml", "profiles: [x]\nparam: {}\n").unwrap_err();
        assert!(e.0.contains("unknown field `param`"), "{e}");
        let e = AgentConfig::parse("a.yaml", "profiles: [x\n").unwrap_err();
        assert!(e.0.starts_with("a.yaml:1:11:"), "{e}");
        let c = AgentConfig::parse(
            "a.yaml",
            "profiles: [streams-on]\nparams: {cloudAddress: [a]}\n",
        )
        .unwrap();
        let e = c.desired(&[], &facts("n", &[])).unwrap_err();
        assert!(e.0.contains("params.cloudAddress"), "{e}");
        let c = AgentConfig::parse(
            "a.yaml",
            "profiles: [streams-on]\nparamsFromNodeLabels: {cloudAddress: x/y}\n",
        )
        .unwrap();
        let e = c
            .desired(
                &[],
                &NodeFacts {
                    name: Some("n".into()),
                    ..NodeFacts::default()
                },
            )
            .unwrap_err();
        assert!(e.0.contains("could not be read"), "{e}");
    }
}
