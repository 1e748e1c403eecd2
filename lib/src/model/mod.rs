//! The typed KubeEdge model: `cloudcore.yaml` (CloudCore v1alpha1) and `edgecore.yaml`
//! (EdgeCore v1alpha2), every module and field with its exact key and v1.23.1 default.
//!
//! The model is for validation, defaults and schemas. Files are never written from it: writing
//! always goes through the lossless [`crate::document`] layer.
//!
//! | module | job |
//! |---|---|
//! | [`cloudcore`], [`edgecore`] | the typed configuration structs (serde + schemars) |
//! | `kind` | which kind of file a document is ([`detect`]) |
//! | `schema` | the JSON Schemas ([`schema`], [`generate_schema`]) and the schema reader |
//! | `walker` | the structural pass: a document against its schema |
//! | [`rules`] | KubeEdge's rules on the effective config, and the rule [`rules::registry`] |
//! | `effective` | defaults + file, as KubeEdge loads it ([`effective`]) |
//! | `validate` | the two passes together, and configs embedded in ConfigMaps ([`validate()`]) |
//! | [`kubelet_gates`] | the kubelet feature gates edged knows per release |
//! | `precheck` | a `PATH=VALUE` checked before editing ([`check_assignment`]) |

mod cloudcore_types;
mod edgecore_types;
mod types;

pub use types::{GO_DURATION_PATTERN, GoDuration, IptablesMode};

/// CloudCore configuration types.
pub mod cloudcore {
    pub use super::cloudcore_types::*;
}

/// EdgeCore configuration types.
pub mod edgecore {
    pub use super::edgecore_types::*;
}

mod effective;
mod finding;
mod fold;
pub(crate) use fold::{go_fold_eq, kubeedge_path};
mod kind;
pub mod kubelet_gates;
mod load;
pub mod migrate;
mod precheck;
pub mod release;
pub mod releases;
pub mod rules;
mod schema;
mod suggest;
pub mod upgrade;
mod validate;
mod walker;

pub use effective::{defaults_for, effective};
pub(crate) use effective::{effective_json, effective_json_for};
pub use finding::{Finding, Report, Severity};
pub use kind::{ConfigKind, Detected, detect};
pub use load::LoadedConfig;
pub use precheck::{AssignmentError, check_assignment, check_assignment_for, check_path_for};
pub(crate) use precheck::{FieldType, field_type};
pub use release::{Release, ReleaseChoice, ReleaseSource};
pub use rules::{RULES, Rule, RuleId};
pub use schema::{generate_schema, schema, schema_for};
pub use validate::{ValidateOptions, read_as_kubeedge, validate, validate_with};

pub(crate) use rules::split_host_port;
pub(crate) use suggest::did_you_mean;
