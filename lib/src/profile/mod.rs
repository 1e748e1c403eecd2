//! Profiles: named, parameterised, declarative patches for KubeEdge configuration files.
//!
//! A profile is a YAML file ([`Profile`]) with parameters and operations. Each operation names
//! the kind of file it targets (`cloudcore`, `edgecore`, or Kubernetes objects) and one action:
//!
//! | action | meaning | idempotent |
//! |---|---|---|
//! | `set` | path → value; a value equal to the effective one (defaults included) changes nothing | yes |
//! | `unset` | remove paths that are present | yes |
//! | `merge` | an RFC 7386 merge patch at a path (`null` removes) | yes |
//! | `patch` | RFC 6902 operations (`test`, `add`, `replace`, `remove`, `copy`, `move`) | with `test` guards |
//! | `ensureList` | make a list contain items; `--flag=value` items replace the same flag | yes |
//!
//! Values may use `${param}` (a parameter; alone it keeps the parameter's type) and
//! `${config:path}` (the file's effective value at `path`, defaults included).
//!
//! Applying a profile to a file runs the operations for that file's kind, through the lossless
//! [`crate::document`] layer: only the values that differ are written.

mod apply;
mod params;

pub use apply::{
    AddedObject, ApplyError, ApplyOutcome, apply_profiles, apply_to_object, has_object_operations,
};
pub use params::{ApplyOptions, Params};

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::document::{Document, Location};

/// A profile file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Profile {
    /// Name used with `--profile` (lower-case, dashes).
    pub name: String,
    /// What the profile does and why: shown by `edgecfg profiles show`.
    pub description: String,
    /// Parameters the operations use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Profiles applied before this one (their parameters are shared by name).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// The operations, applied in order.
    #[serde(default)]
    pub operations: Vec<Operation>,
    /// Helm values for what post-rendering cannot reach (Helm 3 does not pass hooks to a
    /// post-renderer), per chart: `edgecfg values PROFILE --chart NAME` prints them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ChartValues>,
}

/// Helm values a profile recommends for a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ChartValues {
    /// The chart's name (`kube-prometheus-stack`).
    pub chart: String,
    /// Why the values are needed.
    pub why: String,
    /// The values (merged into the user's with `-f`).
    pub values: serde_json::Value,
}

/// A profile parameter, given with `--param NAME=VALUE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Parameter {
    /// Name used in `${name}` templates and `--param name=value`.
    pub name: String,
    /// What it means.
    pub description: String,
    /// Its type and validation.
    #[serde(rename = "type")]
    pub ty: ParamType,
    /// Value used when it is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Must be given when an operation that uses it runs (ignored when there is a default).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Refuse loopback addresses (`127.0.0.1`, `localhost`, `::1`) unless `--force` is given.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_loopback: bool,
}

/// Parameter types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ParamType {
    /// Any string.
    String,
    /// An integer.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// A TCP/UDP port, 1–65535.
    Port,
    /// A host name or IP address (no port, no scheme).
    Host,
    /// `IP:port` with a literal IP (as KubeEdge's bind addresses require).
    IpPort,
}

/// One operation of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Operation {
    /// The kind of file it applies to.
    pub target: Target,
    /// Why this change is needed (the KubeEdge behaviour behind it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Run only when this holds: `${flag}`, `!${flag}`, `A == B` or `A != B` (after `${…}`
    /// substitution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Path → value to set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<indexmap::IndexMap<String, serde_json::Value>>,
    /// Paths to remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unset: Option<Vec<String>>,
    /// An RFC 7386 merge patch applied at `path` (the root when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge: Option<serde_json::Value>,
    /// RFC 6902 JSON Patch operations (paths are JSON Pointers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<Vec<serde_json::Value>>,
    /// Make the list at `path` contain `items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensure_list: Option<EnsureList>,
    /// Add this Kubernetes object to the manifest stream, after the object the target selects
    /// (post-render only), unless an object of the same kind, name and namespace is there. It
    /// takes the selected object's namespace when it names none; `${config:PATH}` reads the
    /// selected object (`${config:metadata.labels.release}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_object: Option<serde_json::Value>,
    /// Edit a YAML document embedded in a string of the object (a chart's config file in a
    /// ConfigMap or Secret: `data."blackbox.yaml"`, `stringData."promtail.yaml"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<EmbeddedEdit>,
    /// Make lists contain whole items (mappings or scalars), through `[*]` segments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensure_items: Option<EnsureItems>,
    /// Where `merge` applies (dotted path or JSON Pointer); the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Skip this operation on a KubeEdge release that lacks its fields, instead of refusing
    /// the apply (for operations that only keep a value the release hard-codes anyway).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub only_if_supported: bool,
}

/// The `ensureList` action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnsureList {
    /// The list (created when missing).
    pub path: String,
    /// Items that must be present. An item `--flag=value` replaces an existing `--flag=…` or
    /// `--flag` in place; other items are appended when missing. Order of other items is kept.
    pub items: Vec<String>,
}

/// The `embedded` action: edits of the YAML document in a string field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EmbeddedEdit {
    /// The string field (`data."blackbox.yaml"`).
    pub path: String,
    /// An RFC 7386 merge patch applied to the embedded document's root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merge: Option<serde_json::Value>,
    /// Paths (in the embedded document) → values to set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<indexmap::IndexMap<String, serde_json::Value>>,
}

/// The `ensureItems` action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnsureItems {
    /// The list (created when missing). `[*]` stands for every item of the list before it
    /// (`${podSpec}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[*].matchExpressions`);
    /// a missing or empty list there gets one item built from the rest of the path.
    pub path: String,
    /// Items each list must contain, compared whole; missing ones are appended (the list's
    /// other items, their order and comments stay).
    pub items: Vec<serde_json::Value>,
}

/// What an operation applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Target {
    /// `cloudcore.yaml` (also inside the cloudcore chart's ConfigMap).
    Cloudcore,
    /// `edgecore.yaml`.
    Edgecore,
    /// Kubernetes objects in a manifest stream (used by the Helm post-renderer).
    Objects(ObjectSelector),
}

/// Which Kubernetes objects (and which container in them) an operation changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ObjectSelector {
    /// Object kinds (`Deployment`, `Service`, …); any kind when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    /// `metadata.name`; any name when absent. `*` matches any text
    /// (`*-kubernetes-system-kubelet`, for names a Helm release prefixes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Labels that must all match.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// A container name, or an image name without registry and tag (`metrics-server`); paths
    /// of the operation are then relative to that container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
}

/// A profile could not be loaded, or its parameters are wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// No built-in profile or profile file has this name.
    #[error("no profile named `{name}`{} (built in: {known})", .suggestion.as_ref().map_or(String::new(), |s| format!("; did you mean `{s}`?")))]
    Unknown {
        /// The name asked for.
        name: String,
        /// The built-in names.
        known: String,
        /// The closest known name (built in or from a profile file), if one is close.
        suggestion: Option<String>,
    },
    /// The profile file is not valid.
    #[error("{source_name}:{}:{}: {message}", .location.line, .location.column)]
    Invalid {
        /// File name (or `builtin:NAME`).
        source_name: String,
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// A parameter is missing or has a bad value.
    #[error("parameter `{name}`: {message}")]
    Parameter {
        /// The parameter.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// Profiles include each other in a loop.
    #[error("profile include cycle: {0}")]
    Cycle(String),
}

/// The built-in profiles, as shipped in `profiles/`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("streams-on", include_str!("../../profiles/streams-on.yaml")),
    (
        "observability",
        include_str!("../../profiles/observability.yaml"),
    ),
    ("edgemesh", include_str!("../../profiles/edgemesh.yaml")),
    (
        "edge-monitoring",
        include_str!("../../profiles/edge-monitoring.yaml"),
    ),
    (
        "metrics-server",
        include_str!("../../profiles/metrics-server.yaml"),
    ),
];

impl Profile {
    /// Parses a profile from YAML text. `source_name` names it in errors.
    pub fn parse(source_name: &str, text: &str) -> Result<Profile, ProfileError> {
        let invalid = |location: Location, message: String| ProfileError::Invalid {
            source_name: source_name.to_owned(),
            location,
            message,
        };
        let doc = Document::parse(text).map_err(|e| invalid(e.location, e.message))?;
        let start = Location::of(text, 0);
        let value = doc.value(0).map_err(|e| invalid(start, e.to_string()))?;
        let json = value.to_json().map_err(|e| invalid(start, e))?;
        let profile: Profile = serde_json::from_value(json).map_err(|e| {
            // Point at the first key serde names, when it can be found.
            let loc = e
                .to_string()
                .split('`')
                .nth(1)
                .and_then(|k| text.find(&format!("{k}:")))
                .map_or(start, |o| Location::of(text, o));
            invalid(loc, e.to_string())
        })?;
        for (i, op) in profile.operations.iter().enumerate() {
            let n = [
                op.set.is_some(),
                op.unset.is_some(),
                op.merge.is_some(),
                op.patch.is_some(),
                op.ensure_list.is_some(),
                op.ensure_items.is_some(),
                op.add_object.is_some(),
                op.embedded.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            if n != 1 {
                return Err(invalid(
                    start,
                    format!(
                        "operation {i} must have exactly one of set, unset, merge, patch, ensureList, ensureItems, addObject, embedded (it has {n})"
                    ),
                ));
            }
            if op.path.is_some() && op.merge.is_none() {
                return Err(invalid(
                    start,
                    format!("operation {i}: `path` is only for `merge`"),
                ));
            }
        }
        Ok(profile)
    }

    /// A built-in profile by name.
    pub fn builtin(name: &str) -> Option<Profile> {
        BUILTIN.iter().find(|(n, _)| *n == name).map(|(n, text)| {
            Profile::parse(&format!("builtin:{n}"), text)
                .expect("built-in profiles are valid (tested)")
        })
    }

    /// All built-in profiles.
    pub fn builtins() -> Vec<Profile> {
        BUILTIN
            .iter()
            .filter_map(|(n, _)| Profile::builtin(n))
            .collect()
    }
}

/// The JSON Schema of the profile format (draft 2020-12).
pub fn profile_schema() -> serde_json::Value {
    let mut v = schemars::schema_for!(Profile).to_value();
    if let serde_json::Value::Object(m) = &mut v {
        m.insert(
            "$id".into(),
            "https://edgecfg.invalid/schemas/profile.schema.json".into(),
        );
        m.insert("title".into(), "edgecfg profile".into());
    }
    v
}

/// Resolves profile names (built-ins, or profiles loaded from files) with their includes,
/// in application order, each once.
pub fn resolve<S: AsRef<str>>(
    names: &[S],
    files: &[Profile],
) -> Result<Vec<Profile>, ProfileError> {
    fn find(name: &str, files: &[Profile]) -> Result<Profile, ProfileError> {
        files
            .iter()
            .find(|p| p.name == name)
            .cloned()
            .or_else(|| Profile::builtin(name))
            .ok_or_else(|| ProfileError::Unknown {
                name: name.to_owned(),
                suggestion: crate::model::did_you_mean(
                    name,
                    BUILTIN
                        .iter()
                        .map(|(n, _)| *n)
                        .chain(files.iter().map(|p| p.name.as_str())),
                )
                .map(str::to_owned),
                known: BUILTIN
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }
    fn visit(
        name: &str,
        files: &[Profile],
        stack: &mut Vec<String>,
        out: &mut Vec<Profile>,
    ) -> Result<(), ProfileError> {
        if out.iter().any(|p| p.name == name) {
            return Ok(());
        }
        if stack.iter().any(|s| s == name) {
            stack.push(name.to_owned());
            return Err(ProfileError::Cycle(stack.join(" → ")));
        }
        let p = find(name, files)?;
        stack.push(name.to_owned());
        for inc in &p.include {
            visit(inc, files, stack, out)?;
        }
        stack.pop();
        out.push(p);
        Ok(())
    }
    let mut out = Vec::new();
    for n in names {
        visit(n.as_ref(), files, &mut Vec::new(), &mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        assert_eq!(Profile::builtins().len(), BUILTIN.len());
        for p in Profile::builtins() {
            assert!(!p.description.is_empty());
            assert!(
                p.operations.iter().all(|o| o.why.is_some()),
                "{}: every operation explains itself",
                p.name
            );
        }
    }

    #[test]
    fn includes_resolve_once_in_order() {
        let r = resolve(&["observability", "streams-on"], &[]).unwrap();
        let names: Vec<_> = r.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["streams-on", "observability"]);
        assert!(matches!(
            resolve(&["nope"], &[]),
            Err(ProfileError::Unknown { .. })
        ));
    }
}
