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

/// Several ways to the API, tried in order until one answers; that one is then used for the
/// rest of the run (`--api auto`: in-cluster, else KubeEdge's metaServer — on an edge node the
/// in-cluster address is often unreachable without EdgeMesh).
pub struct FirstThatAnswers {
    apis: Vec<Box<dyn ClusterApi>>,
    chosen: Option<usize>,
}

impl FirstThatAnswers {
    /// Tries `apis` in this order.
    pub fn new(apis: Vec<Box<dyn ClusterApi>>) -> FirstThatAnswers {
        FirstThatAnswers { apis, chosen: None }
    }

    fn call<T>(
        &mut self,
        mut f: impl FnMut(&mut dyn ClusterApi) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        if let Some(i) = self.chosen {
            return f(self.apis[i].as_mut());
        }
        let mut errors = Vec::new();
        for (i, api) in self.apis.iter_mut().enumerate() {
            match f(api.as_mut()) {
                Ok(v) => {
                    self.chosen = Some(i);
                    return Ok(v);
                }
                Err(e) => errors.push(e.0),
            }
        }
        Err(ApiError(errors.join("; then ")))
    }
}

impl std::fmt::Debug for FirstThatAnswers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstThatAnswers")
            .field(
                "apis",
                &self.apis.iter().map(|a| a.endpoint()).collect::<Vec<_>>(),
            )
            .field("chosen", &self.chosen)
            .finish()
    }
}

impl ClusterApi for FirstThatAnswers {
    fn endpoint(&self) -> Option<String> {
        match self.chosen {
            Some(i) => self.apis[i].endpoint(),
            None => {
                let all: Vec<String> = self.apis.iter().filter_map(|a| a.endpoint()).collect();
                (!all.is_empty()).then(|| all.join(" or "))
            }
        }
    }
    fn node(&mut self, name: &str) -> Result<serde_json::Value, ApiError> {
        self.call(|a| a.node(name))
    }
    fn annotate(
        &mut self,
        name: &str,
        annotations: &BTreeMap<String, Option<String>>,
    ) -> Result<(), ApiError> {
        self.call(|a| a.annotate(name, annotations))
    }
    fn event(&mut self, name: &str, event: &NodeEvent) -> Result<(), ApiError> {
        self.call(|a| a.event(name, event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(
        &'static str,
        bool,
        std::rc::Rc<std::cell::RefCell<Vec<&'static str>>>,
    );
    impl ClusterApi for Fake {
        fn endpoint(&self) -> Option<String> {
            Some(self.0.into())
        }
        fn node(&mut self, _: &str) -> Result<serde_json::Value, ApiError> {
            self.2.borrow_mut().push(self.0);
            if self.1 {
                Ok(serde_json::json!({}))
            } else {
                Err(ApiError(format!("{} down", self.0)))
            }
        }
        fn annotate(
            &mut self,
            n: &str,
            _: &BTreeMap<String, Option<String>>,
        ) -> Result<(), ApiError> {
            self.node(n).map(|_| ())
        }
        fn event(&mut self, n: &str, _: &NodeEvent) -> Result<(), ApiError> {
            self.node(n).map(|_| ())
        }
    }

    #[test]
    fn the_first_api_that_answers_is_kept() {
        let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut api = FirstThatAnswers::new(vec![
            Box::new(Fake("in-cluster", false, log.clone())),
            Box::new(Fake("metaServer", true, log.clone())),
        ]);
        assert_eq!(api.endpoint().unwrap(), "in-cluster or metaServer");
        api.node("n").unwrap();
        api.annotate("n", &BTreeMap::new()).unwrap();
        assert_eq!(api.endpoint().unwrap(), "metaServer");
        assert_eq!(*log.borrow(), ["in-cluster", "metaServer", "metaServer"]);
        let mut none = FirstThatAnswers::new(vec![
            Box::new(Fake("a", false, log.clone())),
            Box::new(Fake("b", false, log)),
        ]);
        assert_eq!(none.node("n").unwrap_err().0, "a down; then b down");
    }
}
