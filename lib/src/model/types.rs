//! Small value types shared by the CloudCore and EdgeCore models.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// A Go `metav1.Duration` as written in YAML: a Go duration string such as `1m0s`, `20s`,
/// `100ms` or `4h0m0s`. A bare number is a decode error in KubeEdge.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GoDuration(pub String);

impl From<&str> for GoDuration {
    fn from(s: &str) -> Self {
        GoDuration(s.to_owned())
    }
}

impl fmt::Display for GoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The pattern of a Go duration string (`time.ParseDuration`).
pub const GO_DURATION_PATTERN: &str = r"^[-+]?(0|([0-9]*(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+)$";

impl GoDuration {
    /// Whether the text is a valid Go duration (`time.ParseDuration`).
    pub fn is_valid(text: &str) -> bool {
        let s = text.strip_prefix(['-', '+']).unwrap_or(text);
        if s == "0" {
            return true;
        }
        if s.is_empty() {
            return false;
        }
        let mut rest = s;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let num = &rest[..num_len];
            if num.is_empty() || num == "." || num.matches('.').count() > 1 {
                return false;
            }
            rest = &rest[num_len..];
            let unit = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
                .iter()
                .filter(|u| rest.starts_with(**u))
                .max_by_key(|u| u.len());
            match unit {
                Some(u) => rest = &rest[u.len()..],
                None => return false,
            }
        }
        true
    }
}

impl JsonSchema for GoDuration {
    fn schema_name() -> Cow<'static, str> {
        "GoDuration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": GO_DURATION_PATTERN,
            "description": "A Go duration string such as `1m0s`, `20s` or `100ms` (a bare number is a KubeEdge decode error)."
        })
    }
}

/// `modules.iptablesManager.mode` of cloudcore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IptablesMode {
    /// The iptables manager runs inside cloudcore.
    #[default]
    Internal,
    /// The iptables manager runs as a separate DaemonSet (the chart's `iptables-manager`).
    External,
}

/// Turns a JSON object literal into a map (for defaults of opaque objects).
pub fn json_object(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        for ok in ["1m0s", "20s", "100ms", "4h0m0s", "0", "0s", "1.5h", "-3m"] {
            assert!(GoDuration::is_valid(ok), "{ok}");
        }
        for bad in ["60", "1d", "", "s", "1m0", "1 m"] {
            assert!(!GoDuration::is_valid(bad), "{bad}");
        }
    }
}
