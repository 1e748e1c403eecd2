//! The checked-edit path: the one way `set`, `unset`, `apply`, the post-renderer's embedded
//! `cloudcore.yaml` and embedders change a configuration.
//!
//! ```text
//! input text → document (selected, or the config embedded in a ConfigMap)
//!            → value pre-check against the model (set)
//!            → splice + semantic oracle (the document layer)
//!            → findings of the result compared with the input's: new errors refuse
//!            → Outcome (changes, diff, new and existing findings) → optional safe write
//! ```
//!
//! ```
//! use edgecfg::Editor;
//!
//! let text = "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\nmodules:\n  edgeStream:\n    enable: false   # off\n";
//! let profiles = edgecfg::profile::resolve(&["streams-on"], &[])?;
//! let outcome = Editor::open("edgecore.yaml", text)?
//!     .apply(&profiles, &"cloudAddress=192.0.2.10".parse()?, &Default::default())?
//!     .finish()?;
//! assert!(outcome.after().contains("enable: true   # off"));
//! assert_eq!(outcome.changes[0].path, "modules.edgeStream.enable");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod select;
mod values;

pub use select::{SelectError, Selector, select};
pub use values::{Assignment, get_text, parse_value};

use std::path::Path as FsPath;

use crate::change::{Action, Change};
use crate::document::{Document, Path, Value};
use crate::error::{Error, LocatedFinding, Place};
use crate::fsio::{self, WriteOptions, WriteOutcome};
use crate::model::{self, ConfigKind, Detected, Finding, Release, Severity, ValidateOptions};
use crate::profile::{ApplyOptions, Params, Profile};

/// The config embedded in a ConfigMap's `data.<key>`, edited as a document of its own.
#[derive(Debug, Clone)]
struct Embedded {
    key: String,
    inner: Document,
    /// The embedded text as it was.
    original: String,
}

/// The file an [`Editor`] read: resolved once, what was read, and the edit lock when taken.
#[derive(Debug)]
struct Source {
    target: fsio::Target,
    read: fsio::Snapshot,
    lock: Option<fsio::EditLock>,
}

/// A configuration being edited with edgecfg's checks. Build one with [`Editor::open`] or
/// [`Editor::read`], choose the document, make edits (`set`, `unset`, `apply`), then
/// [`Editor::finish`] validates the result and returns the [`Outcome`].
///
/// Nothing is written until [`Outcome::write`]; an error at any step leaves the input as it
/// was.
#[derive(Debug, Clone)]
pub struct Editor {
    name: String,
    doc: Document,
    index: Option<usize>,
    embedded: Option<Embedded>,
    kind: Option<ConfigKind>,
    release: Option<Release>,
    checks: bool,
    strict: bool,
    changes: Vec<Change>,
    /// The file read, its identity and (when taken) its edit lock, held until the outcome is
    /// dropped.
    source: Option<std::sync::Arc<Source>>,
    /// The input as parsed (for the release choice and the input's findings).
    original_doc: Document,
    /// The release chosen from the input, once computed.
    pinned: std::cell::OnceCell<Option<Release>>,
}

impl Editor {
    /// Parses `text`; `name` names it in messages (a file path, or `-`).
    pub fn open(name: impl Into<String>, text: impl Into<String>) -> Result<Editor, Error> {
        let name = name.into();
        let text = text.into();
        let doc = Document::parse(text.as_str()).map_err(|e| Error::Parse {
            place: Box::new(Place::new(&name, &text, e.location)),
            source: e,
        })?;
        Ok(Editor::from_document(name, doc))
    }

    /// Reads and parses a file, taking its [`fsio::EditLock`] first (waiting at most
    /// [`fsio::DEFAULT_LOCK_WAIT`]): the lock is held until the [`Outcome`] is written or
    /// dropped, so concurrent edgecfg writers take turns.
    pub fn read(path: impl AsRef<FsPath>) -> Result<Editor, Error> {
        Editor::read_waiting(path, fsio::DEFAULT_LOCK_WAIT)
    }

    /// [`Editor::read`], waiting at most `wait` for the edit lock.
    pub fn read_waiting(
        path: impl AsRef<FsPath>,
        wait: std::time::Duration,
    ) -> Result<Editor, Error> {
        let target = fsio::Target::resolve(path.as_ref())?;
        let lock = target.lock(wait)?;
        Editor::read_locked(target, lock)
    }

    /// Reads and parses a file already resolved, whose edit lock the caller took (the fleet
    /// agent takes it before keadm's lock, then reads).
    pub fn read_locked(target: fsio::Target, lock: fsio::EditLock) -> Result<Editor, Error> {
        Editor::read_source(target, Some(lock))
    }

    /// Reads and parses a file without taking its edit lock, for a result that is only shown
    /// (a check, a preview, standard output), so that many files of one directory can be read
    /// at once. Writing the outcome is still safe: [`Outcome::write`] then takes the lock and
    /// writes only if the file is still the one read, with the same contents.
    pub fn read_unlocked(path: impl AsRef<FsPath>) -> Result<Editor, Error> {
        Editor::read_source(fsio::Target::resolve(path.as_ref())?, None)
    }

    fn read_source(target: fsio::Target, lock: Option<fsio::EditLock>) -> Result<Editor, Error> {
        let read = target.read()?;
        let mut editor = Editor::open(target.given().display().to_string(), read.text())?;
        editor.source = Some(std::sync::Arc::new(Source { target, read, lock }));
        Ok(editor)
    }

    /// Edits an already parsed document.
    pub fn from_document(name: impl Into<String>, doc: Document) -> Editor {
        Editor {
            name: name.into(),
            original_doc: doc.clone(),
            pinned: std::cell::OnceCell::new(),
            doc,
            index: None,
            embedded: None,
            kind: None,
            release: None,
            checks: true,
            strict: false,
            changes: Vec::new(),
            source: None,
        }
    }

    /// Turns the model checks on (the default) or off: the pre-check of `set` values against
    /// the model and the refusal of results with new validation errors (`--no-validate`).
    pub fn checks(mut self, on: bool) -> Editor {
        self.checks = on;
        self
    }

    /// Refuse a result with any validation error, not only with errors the input did not have
    /// (`--strict`).
    pub fn strict(mut self, on: bool) -> Editor {
        self.strict = on;
        self
    }

    /// The KubeEdge release the checks are for (`--kubeedge-version`). Without it, the release
    /// is chosen from the input as it was ([`model::releases::choose`]), so an edit never
    /// changes the release the result is judged by.
    pub fn release(mut self, release: Option<Release>) -> Editor {
        self.release = release;
        self
    }

    /// The release checks use: given, or chosen from the input as it was.
    fn pinned_release(&self) -> Option<Release> {
        if self.release.is_some() {
            return self.release;
        }
        let kind = self.kind?;
        *self.pinned.get_or_init(|| {
            let embedded;
            let value = match &self.embedded {
                Some(e) => {
                    embedded = Document::parse(e.original.as_str()).ok()?;
                    embedded.value_ref(0).ok()?
                }
                None => self.original_doc.value_ref(self.index.unwrap_or(0)).ok()?,
            };
            Some(model::releases::choose(kind, value, None).release)
        })
    }

    /// Chooses the document to edit as it is (`get`/`set`/`unset` paths address it). Without a
    /// call, the only document of the input is edited.
    pub fn select(mut self, selector: &Selector) -> Result<Editor, Error> {
        self.select_document(selector)?;
        Ok(self)
    }

    fn select_document(&mut self, selector: &Selector) -> Result<(), Error> {
        let index = select(&self.doc, selector).map_err(|source| Error::Select {
            name: self.name.clone(),
            source: Box::new(source),
        })?;
        self.index = Some(index);
        self.embedded = None;
        self.kind = self.detect(index).config_kind();
        Ok(())
    }

    /// Chooses the configuration to edit: the selected document when it is a CloudCore or
    /// EdgeCore config, or the config a ConfigMap embeds (`data."cloudcore.yaml"`, the
    /// cloudcore chart's way), which is then edited in place inside the ConfigMap. With
    /// [`Selector::Only`] in a stream of several documents, the one config document is chosen.
    pub fn select_config(mut self, selector: &Selector) -> Result<Editor, Error> {
        let index = match selector {
            Selector::Only if self.doc.documents().len() > 1 => {
                let found: Vec<usize> = (0..self.doc.documents().len())
                    .filter(|&i| {
                        let d = self.detect(i);
                        d.config_kind().is_some() || matches!(d, Detected::ConfigMap { .. })
                    })
                    .collect();
                match found.as_slice() {
                    // KubeEdge reads only the first document of a plain config file.
                    // KubeEdge reads only the first document of its config file: after empty
                    // documents, the config is never read, and neither would an edit be.
                    [i] if *i > 0
                        && self.detect(*i).config_kind().is_some()
                        && self.doc.documents()[..*i].iter().all(|d| d.is_null()) =>
                    {
                        return Err(self.not_a_config(&format!(
                            "the config is document {} of this file and the documents before it are empty, but KubeEdge reads only the first document of its config file (so it runs on pure defaults) and would not read an edit; make the config the file's only document first",
                            i + 1
                        )));
                    }
                    [i] => *i,
                    [] => {
                        return Err(
                            self.not_a_config("no CloudCore or EdgeCore document in this stream")
                        );
                    }
                    _ => {
                        return Err(self.not_a_config(
                            "several CloudCore/EdgeCore documents; choose one with --doc N",
                        ));
                    }
                }
            }
            other => select(&self.doc, other).map_err(|source| Error::Select {
                name: self.name.clone(),
                source: Box::new(source),
            })?,
        };
        self.index = Some(index);
        match self.detect(index) {
            Detected::ConfigMap { key } => self.embed(index, key)?,
            d => {
                self.kind = Some(d.config_kind().ok_or_else(|| {
                    self.not_a_config("not a CloudCore or EdgeCore configuration (apiVersion/kind); profiles apply to cloudcore.yaml and edgecore.yaml")
                })?);
                self.embedded = None;
            }
        }
        Ok(self)
    }

    /// Edits the config embedded in the ConfigMap at `index` under `data.<key>`.
    fn embed(&mut self, index: usize, key: String) -> Result<(), Error> {
        let path = Path::keys(["data", key.as_str()]);
        let text = match self.doc.get_value(index, &path) {
            Ok(Some(Value::String(s))) => s,
            _ => return Err(self.not_a_config(&format!("data.\"{key}\" is not a string"))),
        };
        let inner = Document::parse(text)
            .map_err(|e| self.not_a_config(&format!("data.\"{key}\" is not valid YAML: {e}")))?;
        let detected = inner
            .value(0)
            .map_or(Detected::Unknown, |v| model::detect(&v));
        let kind = detected.config_kind().ok_or_else(|| {
            self.not_a_config(&match detected {
                Detected::LegacyEdge => format!("data.\"{key}\" has the pre-componentconfig edge.yaml layout, which edgecore no longer reads (`edgecfg validate` says more)"),
                _ => format!("data.\"{key}\" is not a CloudCore or EdgeCore configuration"),
            })
        })?;
        self.kind = Some(kind);
        let original = inner.as_str().to_owned();
        self.embedded = Some(Embedded {
            key,
            inner,
            original,
        });
        Ok(())
    }

    /// In a ConfigMap that embeds a config, paths address the embedded config
    /// (`modules.cloudStream.enable`), except paths that start with one of the ConfigMap's own
    /// fields (`data`, `metadata`, `kind`, `apiVersion`, `binaryData`, `immutable`).
    fn route(&mut self, paths: &[&Path]) -> Result<(), Error> {
        const CONFIGMAP: &[&str] = &[
            "apiVersion",
            "kind",
            "metadata",
            "data",
            "binaryData",
            "immutable",
        ];
        let index = self.index.unwrap_or(0);
        if self.embedded.is_some() || paths.is_empty() {
            return Ok(());
        }
        let Detected::ConfigMap { key } = self.detect(index) else {
            return Ok(());
        };
        let outer = |p: &Path| match p.segments.first() {
            Some(crate::document::Segment::Key(k) | crate::document::Segment::Token(k)) => {
                CONFIGMAP.contains(&k.as_str())
            }
            _ => true,
        };
        match (paths.iter().all(|p| outer(p)), paths.iter().any(|p| outer(p))) {
            (true, _) => Ok(()),
            (false, false) => self.embed(index, key),
            (false, true) => Err(self.not_a_config(&format!(
                "these paths address both the ConfigMap and the config in its data.\"{key}\"; edit one at a time"
            ))),
        }
    }

    /// The value at `path` as `get` prints it (a scalar as text, a collection as YAML), routed
    /// like [`Editor::set`] in a ConfigMap that embeds a config.
    ///
    /// With checks on, a path that is not set and that KubeEdge does not know for the
    /// configuration's kind and release is an [`Error::Refused`] saying how the key is spelt
    /// (or where it exists), so a misspelling is not mistaken for an unset field.
    pub fn get(mut self, path: &Path) -> Result<Option<String>, Error> {
        self.ensure_selected()?;
        self.route(&[path])?;
        let (doc, index) = self.target();
        let text =
            get_text(doc, index, path).map_err(|e| Error::edit(&self.name, doc.as_str(), e))?;
        if text.is_none() {
            self.check_path(path)?;
        }
        Ok(text)
    }

    /// What KubeEdge uses at `path` when the file leaves it out: the default of the
    /// configuration's kind for its release. `None` when no configuration is selected or the
    /// path has no default (a list item, a free-form key).
    pub fn default_json(&self, path: &Path) -> Option<serde_json::Value> {
        let kind = self.kind?;
        let defaults = model::defaults_for(kind, self.pinned_release());
        let mut v = &defaults;
        for seg in &path.segments {
            v = match seg {
                crate::document::Segment::Key(k) | crate::document::Segment::Token(k) => {
                    v.get(k)?
                }
                crate::document::Segment::Index(i) => v.get(*i)?,
                _ => return None,
            };
        }
        Some(v.clone())
    }

    /// The value KubeEdge reads at `path`: the configuration's effective value (its release's
    /// defaults with the file decoded onto them exactly as KubeEdge decodes it: the winning
    /// spelling of a key given in several cases, merge keys, YAML 1.1 scalars, nulls). `None`
    /// when no configuration is selected, or KubeEdge has nothing there.
    pub fn effective_json(&self, path: &Path) -> Option<serde_json::Value> {
        self.kind?;
        let (doc, index) = self.target();
        let options = model::ValidateOptions::new()
            .kind(self.kind)
            .release(self.pinned_release());
        let (_, effective) = model::read_as_kubeedge(doc, index, &options).ok()?;
        let mut v = effective.as_ref()?;
        for seg in &path.segments {
            v = match seg {
                crate::document::Segment::Key(k) | crate::document::Segment::Token(k) => {
                    let m = v.as_object()?;
                    match m.get(k) {
                        Some(x) => x,
                        None => m.iter().find(|(f, _)| model::go_fold_eq(f, k))?.1,
                    }
                }
                crate::document::Segment::Index(i) => v.get(*i)?,
                _ => return None,
            };
        }
        Some(v.clone())
    }

    /// The value at `path` as JSON (aliases and merge keys resolved), checked and routed like
    /// [`Editor::get`].
    pub fn get_json(mut self, path: &Path) -> Result<Option<serde_json::Value>, Error> {
        self.ensure_selected()?;
        self.route(&[path])?;
        let (doc, index) = self.target();
        let value = doc
            .get_value(index, path)
            .map_err(|e| Error::edit(&self.name, doc.as_str(), e))?;
        if value.is_none() {
            self.check_path(path)?;
        }
        Ok(json_of(value))
    }

    /// With checks on and a configuration selected: refuses a path KubeEdge does not know.
    fn check_path(&self, path: &Path) -> Result<(), Error> {
        if let (true, Some(kind)) = (self.checks, self.kind) {
            model::check_path_for(kind, self.pinned_release(), path).map_err(|source| {
                Error::Refused {
                    name: self.name.clone(),
                    assignment: path.to_string(),
                    source: Box::new(source),
                }
            })?;
        }
        Ok(())
    }

    /// The kind of the configuration being edited, when it is one.
    pub fn kind(&self) -> Option<ConfigKind> {
        self.kind
    }

    /// The input's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The data key of the ConfigMap whose embedded config is being edited.
    pub fn embedded_key(&self) -> Option<&str> {
        self.embedded.as_ref().map(|e| e.key.as_str())
    }

    /// The document as edited so far (the ConfigMap's embedded config when one is selected).
    pub fn document(&self) -> &Document {
        match &self.embedded {
            Some(e) => &e.inner,
            None => &self.doc,
        }
    }

    /// Sets values, in order. With checks on and a configuration selected, each assignment is
    /// first checked against the model (a key KubeEdge does not know, a non-canonical boolean,
    /// …) and refused before anything is edited.
    pub fn set(mut self, assignments: &[Assignment]) -> Result<Editor, Error> {
        self.ensure_selected()?;
        self.route(&assignments.iter().map(|a| &a.path).collect::<Vec<_>>())?;
        if self.checks
            && let Some(kind) = self.kind
        {
            let release = self.pinned_release();
            for a in assignments {
                model::check_assignment_for(kind, release, &a.path, &a.raw, a.string).map_err(
                    |source| Error::Refused {
                        name: self.name.clone(),
                        assignment: format!("{}={}", a.path, a.raw),
                        source: Box::new(source),
                    },
                )?;
            }
        }
        let release = self.pinned_release();
        for a in assignments {
            let value = self.typed_value(a, release);
            let (doc, index) = self.target();
            // Where KubeEdge reads it: the spelling of each key that wins.
            let path = match self.kind {
                Some(_) => model::kubeedge_path(doc, index, &a.path),
                None => a.path.clone(),
            };
            let old = json_of(doc.get_value(index, &path).ok().flatten());
            let changed = self
                .target_mut()
                .0
                .set(index, &path, &value)
                .map_err(|e| self.edit_error(e))?;
            if changed {
                let action = if path.to_string().ends_with("[-]") {
                    Action::Appended
                } else {
                    Action::Set
                };
                self.changes.push(Change {
                    path: path.to_string(),
                    action,
                    old,
                    new: value.to_json().ok(),
                    profile: None,
                    reason: None,
                });
            }
        }
        Ok(self)
    }

    /// The value an assignment writes: with checks on, a value typed as a YAML 1.1 boolean or
    /// number (`on`, `0755`, `12345`, `1.10`) for a string field is written as the string the
    /// user typed (quoted), so KubeEdge reads exactly that text — it would otherwise convert it
    /// (`on` → "true") or, for fields of edged's embedded structs, refuse to start; a single
    /// value for a list of strings becomes a one-item list.
    fn typed_value(&self, a: &Assignment, release: Option<Release>) -> Value {
        let Some(kind) = self.kind.filter(|_| self.checks && !a.string) else {
            return a.value.clone();
        };
        let text = a.raw.trim();
        let as_text = || match &a.value {
            Value::Bool(_) | Value::Int(_) | Value::Float(_) => Value::String(text.to_owned()),
            other => other.clone(),
        };
        match model::field_type(kind, release, &a.path) {
            Some(model::FieldType::Str) => as_text(),
            Some(model::FieldType::StrList)
                if !matches!(a.value, Value::Sequence(_) | Value::Null) =>
            {
                Value::Sequence(vec![as_text()])
            }
            _ => a.value.clone(),
        }
    }

    /// Removes keys or sequence items. A missing path is skipped when KubeEdge knows it (so
    /// `unset` is idempotent); with checks on, a missing path KubeEdge does not know is an
    /// [`Error::Refused`] with a did-you-mean (a misspelt path would otherwise do nothing
    /// silently).
    pub fn unset(mut self, paths: &[Path]) -> Result<Editor, Error> {
        self.ensure_selected()?;
        self.route(&paths.iter().collect::<Vec<_>>())?;
        for path in paths {
            let (doc, index) = self.target();
            if doc.get(index, path).ok().flatten().is_none() {
                self.check_path(path)?;
            }
            let (doc, index) = self.target();
            let old = json_of(doc.get_value(index, path).ok().flatten());
            let changed = self
                .target_mut()
                .0
                .unset(index, path)
                .map_err(|e| self.edit_error(e))?;
            if changed {
                self.changes.push(Change {
                    path: path.to_string(),
                    action: Action::Removed,
                    old,
                    new: None,
                    profile: None,
                    reason: None,
                });
            }
        }
        Ok(self)
    }

    /// Applies profiles (resolved with their includes, in order): the operations for the
    /// configuration's kind. Without a prior selection, the configuration is chosen as
    /// [`Editor::select_config`] does.
    pub fn apply(
        mut self,
        profiles: &[Profile],
        params: &Params,
        options: &ApplyOptions,
    ) -> Result<Editor, Error> {
        if self.index.is_none() {
            self = self.select_config(&Selector::Only)?;
        }
        let Some(kind) = self.kind else {
            return Err(self.not_a_config("not a CloudCore or EdgeCore configuration (apiVersion/kind); profiles apply to cloudcore.yaml and edgecore.yaml"));
        };
        let (_, index) = self.target();
        let before = self.document().as_str().to_owned();
        // Profiles write the paths of the file's release (given, or chosen from the input).
        let options = options
            .clone()
            .release(options.release.or(self.release).or(self.pinned_release()));
        let (doc, _) = self.target_mut();
        let result = crate::profile::apply_profiles(doc, index, kind, profiles, params, &options);
        match result {
            Ok(outcome) => {
                self.changes.extend(outcome.changes);
                Ok(self)
            }
            Err(e) => Err(Error::apply(&self.name, &before, e)),
        }
    }

    /// Validates the result and compares its findings with the input's: a result with an
    /// error the input did not have (same rule at the same path) is refused with
    /// [`Error::Invalid`]. Otherwise returns the outcome; nothing is written yet.
    pub fn finish(mut self) -> Result<Outcome, Error> {
        self.ensure_selected()?;
        let index = self.index.unwrap_or(0);
        if let Some(e) = &self.embedded {
            let path = Path::keys(["data", e.key.as_str()]);
            let text = e.inner.as_str().to_owned();
            let current = self.doc.get_value(index, &path).ok().flatten();
            if current != Some(Value::String(text.clone())) {
                let src = self.doc.as_str().to_owned();
                self.doc
                    .set_text(index, &path, &text)
                    .map_err(|e| Error::edit(&self.name, &src, e))?;
            }
        }
        let changed = self.doc.as_str() != self.original_doc.as_str();
        let (new_findings, existing_findings) = if self.checks && changed {
            self.compare_findings(index)?
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Outcome {
            source: self.source,
            name: self.name,
            kind: self.kind,
            document: index,
            embedded: self.embedded.map(|e| e.key),
            changes: self.changes,
            new_findings,
            existing_findings,
            before: self.original_doc.into_string(),
            after: self.doc,
        })
    }

    /// (new, existing) findings of the result; an error among the new ones refuses it.
    fn compare_findings(&self, index: usize) -> Result<(Vec<Finding>, Vec<Finding>), Error> {
        // The outer document is validated: a ConfigMap is validated inside, with locations in
        // the outer file.
        let as_kind = if self.embedded.is_some() {
            None
        } else {
            match self.kind {
                Some(k) => Some(k),
                None => return Ok((Vec::new(), Vec::new())),
            }
        };
        let options = ValidateOptions::new()
            .kind(as_kind)
            .release(self.pinned_release());
        let findings = |doc: &Document| -> Vec<Finding> {
            model::validate_with(doc, index, &options)
                .map(|r| r.findings)
                .unwrap_or_default()
        };
        let after = findings(&self.doc);
        if after.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        // The input only matters when the result has findings.
        let before = findings(&self.original_doc);
        // `Finding::same_problem` as a set lookup: linear in the findings of both sides.
        let known: std::collections::HashSet<_> = before.iter().map(Finding::problem).collect();
        let (existing, new): (Vec<Finding>, Vec<Finding>) = after
            .into_iter()
            .partition(|f| known.contains(&f.problem()));
        let refused: Vec<&Finding> = if self.strict {
            new.iter().chain(&existing).collect()
        } else {
            new.iter().collect()
        };
        let errors: Vec<LocatedFinding> = refused
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| LocatedFinding {
                finding: f.clone(),
                snippet: f.location.snippet(self.doc.as_str()),
            })
            .collect();
        if !errors.is_empty() {
            return Err(Error::Invalid {
                name: self.name.clone(),
                findings: errors,
            });
        }
        Ok((new, existing))
    }

    fn detect(&self, index: usize) -> Detected {
        self.doc
            .value_ref(index)
            .map_or(Detected::Unknown, model::detect)
    }

    fn not_a_config(&self, message: &str) -> Error {
        Error::NotAConfig {
            name: self.name.clone(),
            message: message.to_owned(),
        }
    }

    fn ensure_selected(&mut self) -> Result<(), Error> {
        if self.index.is_none() {
            self.select_document(&Selector::Only)?;
        }
        Ok(())
    }

    /// The document edits go to (the ConfigMap's embedded config when one is selected), and
    /// the index of the edited document in it.
    pub fn target(&self) -> (&Document, usize) {
        match &self.embedded {
            Some(e) => (&e.inner, 0),
            None => (&self.doc, self.index.unwrap_or(0)),
        }
    }

    fn target_mut(&mut self) -> (&mut Document, usize) {
        match &mut self.embedded {
            Some(e) => (&mut e.inner, 0),
            None => (&mut self.doc, self.index.unwrap_or(0)),
        }
    }

    fn edit_error(&self, e: crate::document::EditError) -> Error {
        Error::edit(&self.name, self.document().as_str(), e)
    }
}

fn json_of(v: Option<Value>) -> Option<serde_json::Value> {
    v.and_then(|v| v.resolve_merge_keys().to_json().ok())
}

/// The result of a checked edit: the new text, what changed, and what validation says.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Outcome {
    /// The input's name.
    pub name: String,
    /// The configuration kind edited, when it is one.
    pub kind: Option<ConfigKind>,
    /// The index of the edited document in the input.
    pub document: usize,
    /// The ConfigMap data key, when the config embedded in a ConfigMap was edited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedded: Option<String>,
    /// The changes, in order (empty: nothing to do).
    pub changes: Vec<Change>,
    /// Findings of the result the input did not have (warnings and infos: a new error refuses
    /// the result). Empty when nothing changed.
    pub new_findings: Vec<Finding>,
    /// Findings the input already had and the result still has; left as they were. Empty when
    /// nothing changed or the result has no findings.
    pub existing_findings: Vec<Finding>,
    #[serde(skip)]
    before: String,
    #[serde(skip)]
    after: Document,
    /// The file read, with its lock (held until the outcome is dropped).
    #[serde(skip)]
    source: Option<std::sync::Arc<Source>>,
}

impl Outcome {
    /// True when the result differs from the input.
    pub fn changed(&self) -> bool {
        self.before != self.after.as_str()
    }

    /// The input text.
    pub fn before(&self) -> &str {
        &self.before
    }

    /// The result text.
    pub fn after(&self) -> &str {
        self.after.as_str()
    }

    /// The result as a document.
    pub fn into_document(self) -> Document {
        self.after
    }

    /// A unified diff of the change (empty when nothing changed).
    pub fn diff(&self) -> String {
        crate::diff::unified_text(&self.name, &self.before, self.after.as_str())
    }

    /// Existing findings of a severity (`2 existing errors left as they were`).
    pub fn existing(&self, severity: Severity) -> usize {
        self.existing_findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Writes the result over `path` safely (see [`crate::fsio`]): only if the file still holds
    /// what was read, keeping its identity; a result equal to the input is not written. An
    /// `edgecore.yaml` is not written while keadm holds its lock
    /// (`/etc/kubeedge/idempotency_record`, or `$EDGECFG_KEADM_LOCK`).
    pub fn write(
        &self,
        path: impl AsRef<FsPath>,
        options: WriteOptions,
    ) -> Result<WriteOutcome, Error> {
        if !self.changed() {
            return Ok(WriteOutcome::Unchanged);
        }
        let path = path.as_ref();
        if self.kind == Some(ConfigKind::EdgeCore) {
            let record = fsio::keadm_record();
            if record.exists() {
                return Err(Error::Io(fsio::FsError {
                    path: path.to_owned(),
                    action: "write",
                    source: std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        format!(
                            "keadm is running (its lock {} exists: upgrade, backup, rollback or config-update); nothing was written, run again when it is done",
                            record.display()
                        ),
                    ),
                }));
            }
        }
        self.write_unchecked(path, options)
    }

    /// [`Outcome::write`] by the holder of keadm's lock (the fleet agent, which takes it for
    /// the whole write, restart and health check).
    pub fn write_holding(
        &self,
        path: impl AsRef<FsPath>,
        options: WriteOptions,
        _keadm: &fsio::KeadmLock,
    ) -> Result<WriteOutcome, Error> {
        if !self.changed() {
            return Ok(WriteOutcome::Unchanged);
        }
        self.write_unchecked(path.as_ref(), options)
    }

    fn write_unchecked(&self, path: &FsPath, options: WriteOptions) -> Result<WriteOutcome, Error> {
        // The file read, when this is where the outcome goes: resolved once, at the read.
        let source = self.source.as_deref().filter(|s| s.target.given() == path);
        let fresh;
        let target = match source {
            Some(s) => &s.target,
            None => {
                fresh = fsio::Target::resolve(path)?;
                &fresh
            }
        };
        // Under the edit lock (taken here when the outcome was not read with one), temporary
        // files of killed edgecfg processes are removed first.
        let taken;
        let lock = match source.and_then(|s| s.lock.as_ref()) {
            Some(l) => l,
            None => {
                taken = target.lock(options.lock_wait)?;
                &taken
            }
        };
        target.sweep_debris(lock)?;
        let read = match source {
            Some(s) => std::borrow::Cow::Borrowed(&s.read),
            None => std::borrow::Cow::Owned(fsio::Snapshot::of_text(&self.before)),
        };
        Ok(target.replace(Some(&read), self.after.as_str(), options)?)
    }
}

#[cfg(test)]
mod tests;
