//! The typed KubeEdge model: `cloudcore.yaml` (CloudCore v1alpha1) and `edgecore.yaml`
//! (EdgeCore v1alpha2), every module and field with its exact key and v1.23.1 default.
//!
//! The model is for validation, defaults and schemas. Files are never written from it: writing
//! always goes through the lossless [`crate::document`] layer.

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

mod kind;
pub mod validate;

pub use kind::{ConfigKind, Detected, detect};
pub use validate::{
    AssignmentError, Finding, Report, Severity, check_assignment, effective, generate_schema,
    schema, validate,
};
