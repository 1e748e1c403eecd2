//! What the agent asks of the Kubernetes API: its Node (labels, readiness), an annotation on
//! it, an Event. The HTTP client is [`super::HttpApi`] (feature `kube-client`); [`NoApi`] is
//! the agent without one.

use std::collections::BTreeMap;

/// A request to the Kubernetes API failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ApiError(pub String);

/// The Kubernetes API as the agent uses it.
pub trait ClusterApi {
    /// Where requests go (`in-cluster https://10.96.0.1:443`, `metaServer http://127.0.0.1:10550`),
    /// or `None` when there is no API.
    fn endpoint(&self) -> Option<String>;
    /// The Node object `name`.
    fn node(&mut self, name: &str) -> Result<serde_json::Value, ApiError>;
    /// Sets (`Some`) or removes (`None`) annotations of Node `name` (a JSON merge patch).
    fn annotate(
        &mut self,
        name: &str,
        annotations: &BTreeMap<String, Option<String>>,
    ) -> Result<(), ApiError>;
    /// Creates a core/v1 Event about Node `name`.
    fn event(&mut self, name: &str, event: &NodeEvent) -> Result<(), ApiError>;
}

/// An Event about a Node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeEvent {
    /// `Normal` or `Warning`.
    pub kind: &'static str,
    /// A CamelCase reason (`EdgecfgRolledBack`).
    pub reason: String,
    /// The message.
    pub message: String,
}

impl NodeEvent {
    /// The core/v1 Event object, in `namespace`, at `time` (RFC 3339).
    pub fn object(&self, node: &str, namespace: &str, time: &str) -> serde_json::Value {
        let uid = format!("{:x}", std::process::id());
        serde_json::json!({
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {
                "generateName": format!("{node}.edgecfg-"),
                "namespace": namespace,
            },
            "involvedObject": {"apiVersion": "v1", "kind": "Node", "name": node},
            "reason": self.reason,
            "message": self.message,
            "type": self.kind,
            "source": {"component": "edgecfg-agent", "host": node},
            "reportingComponent": "edgecfg.io/agent",
            "reportingInstance": format!("{node}-{uid}"),
            "firstTimestamp": time,
            "lastTimestamp": time,
            "count": 1,
        })
    }
}

/// No Kubernetes API: nothing is annotated, Node labels cannot be read.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoApi;

impl ClusterApi for NoApi {
    fn endpoint(&self) -> Option<String> {
        None
    }
    fn node(&mut self, _: &str) -> Result<serde_json::Value, ApiError> {
        Err(ApiError("no Kubernetes API".into()))
    }
    fn annotate(&mut self, _: &str, _: &BTreeMap<String, Option<String>>) -> Result<(), ApiError> {
        Err(ApiError("no Kubernetes API".into()))
    }
    fn event(&mut self, _: &str, _: &NodeEvent) -> Result<(), ApiError> {
        Err(ApiError("no Kubernetes API".into()))
    }
}

/// The Node's `Ready` condition: `Some(true)` when `True`, `None` when it has none.
pub fn node_ready(node: &serde_json::Value) -> Option<bool> {
    node.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c.get("type").and_then(|t| t.as_str()) == Some("Ready"))
        .map(|c| c.get("status").and_then(|s| s.as_str()) == Some("True"))
}
