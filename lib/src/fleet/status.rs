//! `edgecfg fleet status`: applied / pending / failed / offline per edge node, from the Node
//! objects the agent annotated.

use serde_json::Value as J;

use crate::agent::{AgentConfig, NodeFacts, node_ready};
use crate::profile::Profile;

/// Where one node is in the rollout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RolloutState {
    /// The agent applied what the node should have (or found it already there).
    Applied,
    /// The agent rolled back, is holding after a rollback, or failed.
    Failed,
    /// The node is not Ready (offline edge nodes run the agent when they reconnect).
    Offline,
    /// Ready, but the agent has not reported what it should have yet.
    Pending,
}

impl RolloutState {
    /// `applied`, `failed`, `offline`, `pending`.
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutState::Applied => "applied",
            RolloutState::Failed => "failed",
            RolloutState::Offline => "offline",
            RolloutState::Pending => "pending",
        }
    }
}

/// One node's state.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NodeRollout {
    /// The node.
    pub name: String,
    /// Where it is.
    pub state: RolloutState,
    /// The Node's Ready condition (`None`: it has none).
    pub ready: Option<bool>,
    /// `<profiles>@<hash>` the node should have: computed from the agent configuration when
    /// one is given, else what the agent last reported as desired.
    pub expected: Option<String>,
    /// `<domain>/applied`: what the agent last applied successfully.
    pub applied: Option<String>,
    /// `<domain>/result` of the agent's last run.
    pub result: Option<String>,
    /// `<domain>/time` of the agent's last run.
    pub time: Option<String>,
    /// `<domain>/reason` of the agent's last run (why it failed).
    pub reason: Option<String>,
}

/// Every edge node's state.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rollout {
    /// The nodes, by name.
    pub nodes: Vec<NodeRollout>,
}

impl Rollout {
    /// How many nodes are in `state`.
    pub fn count(&self, state: RolloutState) -> usize {
        self.nodes.iter().filter(|n| n.state == state).count()
    }
}

/// The rollout as the Nodes tell it. `nodes` is `kubectl get nodes -o json` (a List or
/// NodeList) or one Node; only edge nodes (label `node-role.kubernetes.io/edge`) count unless
/// `all_nodes`. With `agent` (the agent's configuration and its profile files), what each node
/// should have is computed, so nodes whose agent has not run since the configuration changed
/// are pending, not applied.
pub fn rollout(
    nodes: &J,
    domain: &str,
    agent: Option<&(AgentConfig, Vec<Profile>)>,
    all_nodes: bool,
) -> Result<Rollout, String> {
    let items: Vec<&J> = match nodes.get("kind").and_then(J::as_str) {
        Some("List") | Some("NodeList") => nodes
            .get("items")
            .and_then(J::as_array)
            .ok_or("a List without `items`")?
            .iter()
            .collect(),
        Some("Node") => vec![nodes],
        other => {
            return Err(format!(
                "not a Node list (kind {}): give `kubectl get nodes -o json`",
                other.unwrap_or("missing")
            ));
        }
    };
    let prepared = match agent {
        Some((config, files)) => Some((config, config.prepare(files).map_err(|e| e.0)?)),
        None => None,
    };
    let mut out = Vec::new();
    for node in items {
        if node
            .get("kind")
            .and_then(J::as_str)
            .is_some_and(|k| k != "Node")
        {
            continue;
        }
        let name = node
            .pointer("/metadata/name")
            .and_then(J::as_str)
            .unwrap_or("?")
            .to_owned();
        let edge = node
            .pointer("/metadata/labels")
            .and_then(J::as_object)
            .is_some_and(|l| l.contains_key("node-role.kubernetes.io/edge"));
        if !edge && !all_nodes {
            continue;
        }
        let ann = |k: &str| {
            node.pointer("/metadata/annotations")
                .and_then(|a| a.get(format!("{domain}/{k}")))
                .and_then(J::as_str)
                .map(str::to_owned)
        };
        let expected = match &prepared {
            Some((config, p)) => Some(
                config
                    .label_for(p, &NodeFacts::from_node(&name, node))
                    .map_err(|e| format!("node {name}: {e}"))?,
            ),
            None => ann("desired"),
        };
        let (applied, result, reason) = (ann("applied"), ann("result"), ann("reason"));
        let ready = node_ready(node);
        let state = if expected.is_some() && applied == expected {
            RolloutState::Applied
        } else if matches!(result.as_deref(), Some("rolled-back" | "held" | "failed"))
            && (agent.is_none() || ann("desired") == expected)
        {
            RolloutState::Failed
        } else if ready != Some(true) {
            RolloutState::Offline
        } else {
            RolloutState::Pending
        };
        out.push(NodeRollout {
            name,
            state,
            ready,
            expected,
            applied,
            result,
            time: ann("time"),
            reason,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Rollout { nodes: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, ready: &str, ann: &[(&str, &str)]) -> J {
        let a: serde_json::Map<String, J> = ann
            .iter()
            .map(|(k, v)| (format!("edgecfg.io/{k}"), J::from(*v)))
            .collect();
        serde_json::json!({"kind": "Node", "metadata": {"name": name,
            "labels": {"node-role.kubernetes.io/edge": ""}, "annotations": a},
            "status": {"conditions": [{"type": "Ready", "status": ready}]}})
    }

    #[test]
    fn states_from_annotations_and_the_agent_configuration() {
        let list = serde_json::json!({"kind": "List", "items": [
            node("e1", "True", &[("desired", "s@1"), ("applied", "s@1"), ("result", "applied")]),
            node("e2", "True", &[("desired", "s@1"), ("result", "rolled-back"), ("reason", "exited")]),
            node("e3", "Unknown", &[]),
            node("e4", "True", &[]),
            serde_json::json!({"kind": "Node", "metadata": {"name": "cloud"}}),
        ]});
        let r = rollout(&list, "edgecfg.io", None, false).unwrap();
        let states: Vec<_> = r.nodes.iter().map(|n| (n.name.as_str(), n.state)).collect();
        assert_eq!(
            states,
            [
                ("e1", RolloutState::Applied),
                ("e2", RolloutState::Failed),
                ("e3", RolloutState::Offline),
                ("e4", RolloutState::Pending)
            ]
        );
        assert_eq!(r.nodes[1].reason.as_deref(), Some("exited"));
        // With the agent configuration: e1 applied an older configuration, so it is pending.
        let config = AgentConfig::parse(
            "a",
            "profiles: [streams-on]\nparams: {cloudAddress: 192.0.2.1}\n",
        )
        .unwrap();
        let r = rollout(&list, "edgecfg.io", Some(&(config, vec![])), false).unwrap();
        assert_eq!(r.nodes[0].state, RolloutState::Pending);
        assert!(
            r.nodes[0]
                .expected
                .as_deref()
                .unwrap()
                .starts_with("streams-on@")
        );
        assert!(
            rollout(
                &serde_json::json!({"kind": "Pod"}),
                "edgecfg.io",
                None,
                false
            )
            .is_err()
        );
    }
}
