#![doc = include_str!("../README.md")]
//!
//! # Layers
//!
//! Dependencies point one way, towards the document layer:
//!
//! | module | job |
//! |---|---|
//! | [`document`] | the lossless YAML document layer: a stream with exact byte spans, [`Path`]s, splice edits checked by re-parsing. Knows nothing of KubeEdge. |
//! | [`model`] | the typed KubeEdge model (CloudCore v1alpha1, EdgeCore v1alpha2), kind detection, validation, rule registry, JSON Schemas |
//! | [`profile`] | named, parameterised, idempotent profiles turned into lossless edits |
//! | [`edit`] | the checked-edit path ([`Editor`] → [`Outcome`]) and document selection |
//! | [`stream`] | the Helm post-renderer over a manifest stream |
//! | [`check`] | the whole system: rules between cloud, edge, chart and node files |
//! | [`agent`], [`fleet`] | the fleet agent on each edge node (apply, restart, check, roll back, report) and the rollout seen from the cloud |
//! | [`change`], [`diff`], [`fsio`] | structured changes, unified diffs, safe file writes |
//!
//! The crate has no command-line or terminal dependencies.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod agent;
pub mod change;
pub mod check;
pub mod diff;
pub mod document;
pub mod edit;
mod error;
pub mod fleet;
pub mod fsio;
pub mod model;
pub mod profile;
pub mod stream;

pub use change::{Action, Change};
pub use document::{Document, Path, Value};
pub use edit::{Assignment, Editor, Outcome, Selector};
pub use error::{Error, LocatedFinding, Place};
pub use fsio::{WriteOptions, WriteOutcome};
pub use model::{ConfigKind, Finding, Report, RuleId, Severity, validate};
pub use profile::{ApplyOptions, Params, Profile};
pub use stream::post_render;
