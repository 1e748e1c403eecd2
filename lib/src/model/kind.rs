//! Recognising which kind of KubeEdge file a document is.

use crate::document::Value;

/// The two configuration kinds edgecfg models. Serialized as `cloudcore` / `edgecore`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigKind {
    /// `cloudcore.yaml`: `cloudcore.config.kubeedge.io/v1alpha1`, kind `CloudCore`.
    CloudCore,
    /// `edgecore.yaml`: `edgecore.config.kubeedge.io/v1alpha2`, kind `EdgeCore`.
    EdgeCore,
}

impl ConfigKind {
    /// `cloudcore` or `edgecore`.
    pub fn name(self) -> &'static str {
        match self {
            ConfigKind::CloudCore => "cloudcore",
            ConfigKind::EdgeCore => "edgecore",
        }
    }

    /// Parses `cloudcore` / `edgecore` (case-insensitive).
    pub fn parse(s: &str) -> Option<ConfigKind> {
        match s.to_ascii_lowercase().as_str() {
            "cloudcore" => Some(ConfigKind::CloudCore),
            "edgecore" => Some(ConfigKind::EdgeCore),
            _ => None,
        }
    }
}

/// What a document looks like.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "detected", rename_all = "kebab-case")]
pub enum Detected {
    /// A CloudCore config; `api_version` as written (v1alpha1, or the chart's v1alpha2 label).
    CloudCore {
        /// The `apiVersion` found, if any.
        api_version: Option<String>,
    },
    /// An EdgeCore v1alpha2 config.
    EdgeCore,
    /// An EdgeCore v1alpha1 config (before KubeEdge 1.10's v1alpha2); KubeEdge reads it as
    /// v1alpha2, so moved or renamed fields are silently lost. A migration can hook in here.
    EdgeCoreV1alpha1,
    /// The pre-componentconfig `edge.yaml` layout (`mqtt:`, `edgehub:`, `edged:` at the top,
    /// no `apiVersion`), which current edgecore does not read at all.
    LegacyEdge,
    /// A ConfigMap whose `data` holds a config under `key` (the cloudcore chart's
    /// `cloudcore.yaml`, or a legacy `edge.yaml`).
    ConfigMap {
        /// The data key.
        key: String,
    },
    /// Nothing edgecfg recognises.
    Unknown,
}

impl Detected {
    /// The kind KubeEdge reads this document as, when it is a CloudCore or EdgeCore config
    /// (an EdgeCore v1alpha1 file is read as v1alpha2).
    pub fn config_kind(&self) -> Option<ConfigKind> {
        match self {
            Detected::CloudCore { .. } => Some(ConfigKind::CloudCore),
            Detected::EdgeCore | Detected::EdgeCoreV1alpha1 => Some(ConfigKind::EdgeCore),
            _ => None,
        }
    }
}

/// Recognises a document from its `apiVersion`, `kind` and shape.
pub fn detect(value: &Value) -> Detected {
    let api = match value.get("apiVersion") {
        Some(Value::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let kind = match value.get("kind") {
        Some(Value::String(s)) => Some(s.as_str()),
        _ => None,
    };
    if let Some(api) = api {
        if api.starts_with("cloudcore.config.kubeedge.io/") {
            return Detected::CloudCore {
                api_version: Some(api.to_owned()),
            };
        }
        if api == "edgecore.config.kubeedge.io/v1alpha1" {
            return Detected::EdgeCoreV1alpha1;
        }
        if api.starts_with("edgecore.config.kubeedge.io/") {
            return Detected::EdgeCore;
        }
    }
    match kind {
        Some("CloudCore") => {
            return Detected::CloudCore {
                api_version: api.map(str::to_owned),
            };
        }
        Some("EdgeCore") => return Detected::EdgeCore,
        Some("ConfigMap") => {
            if let Some(Value::Mapping(data)) = value.get("data") {
                for key in ["cloudcore.yaml", "edgecore.yaml", "edge.yaml"] {
                    if data.iter().any(|(k, _)| k == &Value::String(key.into())) {
                        return Detected::ConfigMap {
                            key: key.to_owned(),
                        };
                    }
                }
            }
        }
        _ => {}
    }
    if api.is_none() {
        let legacy = ["mqtt", "edgehub", "edged", "mesh", "metamanager"];
        if let Value::Mapping(entries) = value
            && entries
                .iter()
                .any(|(k, _)| matches!(k, Value::String(s) if legacy.contains(&s.as_str())))
        {
            return Detected::LegacyEdge;
        }
    }
    Detected::Unknown
}
