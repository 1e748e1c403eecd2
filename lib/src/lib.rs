//! # edgecfg
//!
//! Declarative, lossless editing of KubeEdge configuration files (`cloudcore.yaml`,
//! `edgecore.yaml`) and of the Kubernetes manifests that carry them.
//!
//! The crate is layered; dependencies point one way, towards the document layer:
//!
//! - [`document`]: a lossless YAML document layer. It parses a stream with exact byte spans,
//!   addresses nodes by [`document::Path`], and edits by splicing: every byte outside an edited
//!   range stays identical. Every edit is checked by re-parsing (a semantic oracle). It knows
//!   nothing of KubeEdge.
//! - [`diff`]: unified diffs of a before/after pair, for previews.
//! - [`fsio`]: reading inputs and writing results safely (atomic replace, permissions kept,
//!   symlinks followed, optional backup, no write when nothing changed).
//! - [`model`]: the typed KubeEdge model (CloudCore v1alpha1, EdgeCore v1alpha2), kind
//!   detection, validation and JSON Schemas.
//! - [`profile`]: named, parameterised, idempotent profiles turned into lossless edits.
//! - [`stream`]: the Helm post-renderer: a manifest stream with profiles applied to the
//!   matching objects and to the cloudcore chart's embedded `cloudcore.yaml`.
//! - [`edit`]: the operations the command-line tool offers (`get`, `set`, `unset`) as a small
//!   API over the document layer, with document selection for multi-document files.
//!
//! The crate has no command-line or terminal dependencies.
//!
//! ```
//! use edgecfg::document::{Document, Path, Value};
//!
//! let mut doc = Document::parse("modules:\n  edgeStream:\n    enable: false  # off by default\n").unwrap();
//! doc.set(0, &Path::parse("modules.edgeStream.enable").unwrap(), &Value::Bool(true)).unwrap();
//! assert_eq!(doc.as_str(), "modules:\n  edgeStream:\n    enable: true  # off by default\n");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod change;
pub mod diff;
pub mod document;
pub mod edit;
mod error;
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
