//! Turning profile operations into lossless document edits.

use std::collections::BTreeMap;

use serde_json::Value as J;

use super::params::{check_params, fill_defaults};
use super::{ApplyOptions, ObjectSelector, Operation, Params, Profile, ProfileError, Target};
use crate::change::{Action, Change};
use crate::document::{Document, EditError, Path, Segment, Value};
use crate::model::releases::{Conversion, Family, family, translate};
use crate::model::{ConfigKind, Release};

mod items;

/// The result of applying profiles to one document.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct ApplyOutcome {
    /// The changes, in order. Empty: the document already had everything.
    pub changes: Vec<Change>,
    /// Objects `addObject` operations add beside this one (rendered; the stream layer adds
    /// each unless an object of the same kind, name and namespace is already there).
    pub added: Vec<AddedObject>,
}

/// An object an `addObject` operation adds to a manifest stream.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AddedObject {
    /// The profile that adds it.
    pub profile: String,
    /// The object.
    pub object: J,
}

/// Applying failed; the document is left as it was before the failing operation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ApplyError {
    /// A profile or parameter problem.
    #[error(transparent)]
    Profile(#[from] ProfileError),
    /// An edit failed.
    #[error("profile `{profile}`, `{path}`: {error}")]
    Edit {
        /// The profile.
        profile: String,
        /// The path being edited.
        path: String,
        /// The document layer's error.
        #[source]
        error: Box<EditError>,
    },
    /// A JSON Patch `test` did not hold.
    #[error("profile `{profile}`: test failed at `{path}`: expected {expected}, found {found}")]
    TestFailed {
        /// The profile.
        profile: String,
        /// The tested path.
        path: String,
        /// The value the test wanted.
        expected: String,
        /// The value found.
        found: String,
    },
    /// The KubeEdge release of the file has no such field: writing it would do nothing.
    #[error(
        "profile `{profile}`: `{path}` is not a field of {format} in KubeEdge {release}, which would ignore it (it exists in KubeEdge {exists})"
    )]
    Unsupported {
        /// The profile.
        profile: String,
        /// The path the operation writes.
        path: String,
        /// The file's release.
        release: String,
        /// The file's format (`EdgeCore v1alpha1`, …).
        format: String,
        /// The releases that have the field.
        exists: String,
    },
    /// An operation is malformed.
    #[error("profile `{profile}`: {message}")]
    BadOperation {
        /// The profile.
        profile: String,
        /// What is wrong.
        message: String,
    },
}

/// Applies `profiles` (already resolved with their includes, in order) to document `index` of
/// `doc`, a file of `kind`, without checks of the result: [`crate::Editor::apply`] is the
/// checked path. `params` are the `--param` values.
pub fn apply_profiles(
    doc: &mut Document,
    index: usize,
    kind: ConfigKind,
    profiles: &[Profile],
    params: &Params,
    options: &ApplyOptions,
) -> Result<ApplyOutcome, ApplyError> {
    let (declared, given) = check_params(profiles, params, options)?;
    let ops: Vec<(&Profile, &Operation)> = profiles
        .iter()
        .flat_map(|p| p.operations.iter().map(move |o| (p, o)))
        .filter(|(_, o)| {
            matches!(
                (&o.target, kind),
                (Target::Cloudcore, ConfigKind::CloudCore)
                    | (Target::Edgecore, ConfigKind::EdgeCore)
            )
        })
        .collect();
    let values = fill_defaults(&ops, &declared, given, &format!("{} files", kind.name()))?;
    let mut outcome = ApplyOutcome::default();
    // The effective config, shared by the operations until one of them edits the document.
    let cache = std::cell::RefCell::new(None);
    for (profile, op) in ops {
        let mut ctx = Ctx {
            doc: &mut *doc,
            index,
            scope: Scope::Config(kind, options.release),
            profile: &profile.name,
            reason: op.why.as_deref(),
            skip_unsupported: op.only_if_supported,
            values: &values,
            changes: &mut outcome.changes,
            added: &mut outcome.added,
            cache: &cache,
        };
        if ctx.when(op)? {
            ctx.run(op)?;
        }
    }
    Ok(outcome)
}

/// Applies the Kubernetes-object operations of `profiles` to document `index` of `doc`, a
/// Kubernetes object: operations whose selector matches it run (once per matching container
/// when the selector names one), with `${container}` and `${podSpec}` in their paths standing
/// for the matched container and pod spec.
pub fn apply_to_object(
    doc: &mut Document,
    index: usize,
    profiles: &[Profile],
    params: &Params,
    options: &ApplyOptions,
) -> Result<ApplyOutcome, ApplyError> {
    let (declared, given) = check_params(profiles, params, options)?;
    let object = doc
        .value(index)
        .map(|v| v.resolve_merge_keys().to_json().unwrap_or(J::Null))
        .unwrap_or(J::Null);
    let mut matched: Vec<(&Profile, &Operation, Vec<PathVars>)> = Vec::new();
    for p in profiles {
        for o in &p.operations {
            if let Target::Objects(sel) = &o.target {
                let scopes = select(sel, &object);
                if !scopes.is_empty() {
                    matched.push((p, o, scopes));
                }
            }
        }
    }
    let ops: Vec<(&Profile, &Operation)> = matched.iter().map(|(p, o, _)| (*p, *o)).collect();
    let values = fill_defaults(&ops, &declared, given, "these objects")?;
    let mut outcome = ApplyOutcome::default();
    let cache = std::cell::RefCell::new(None);
    for (profile, op, scopes) in &matched {
        for vars in scopes {
            let mut ctx = Ctx {
                doc: &mut *doc,
                index,
                scope: Scope::Object(vars.clone()),
                profile: &profile.name,
                reason: op.why.as_deref(),
                skip_unsupported: op.only_if_supported,
                values: &values,
                changes: &mut outcome.changes,
                added: &mut outcome.added,
                cache: &cache,
            };
            if ctx.when(op)? {
                ctx.run(op)?;
            }
        }
    }
    Ok(outcome)
}

/// Whether any operation of `profiles` targets Kubernetes objects.
pub fn has_object_operations(profiles: &[Profile]) -> bool {
    profiles.iter().any(|p| {
        p.operations
            .iter()
            .any(|o| matches!(o.target, Target::Objects(_)))
    })
}

/// The pod spec path of a workload kind.
fn pod_spec_path(kind: &str) -> Option<&'static str> {
    match kind {
        "Deployment"
        | "DaemonSet"
        | "StatefulSet"
        | "ReplicaSet"
        | "Job"
        | "ReplicationController" => Some("spec.template.spec"),
        "CronJob" => Some("spec.jobTemplate.spec.template.spec"),
        "Pod" => Some("spec"),
        _ => None,
    }
}

/// An image reference without registry, path and tag: `registry.k8s.io/metrics-server/metrics-server:v0.8.1` → `metrics-server`.
fn image_name(image: &str) -> &str {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split(':').next().unwrap_or(last)
}

/// The scopes (path variables) in which an object selector matches `object`: none when it
/// does not match; one per matching container when the selector names a container.
fn select(sel: &ObjectSelector, object: &J) -> Vec<BTreeMap<String, String>> {
    let kind = object.get("kind").and_then(J::as_str).unwrap_or("");
    if !sel.kinds.is_empty() && !sel.kinds.iter().any(|k| k == kind) {
        return vec![];
    }
    if let Some(name) = &sel.name
        && !object
            .pointer("/metadata/name")
            .and_then(J::as_str)
            .is_some_and(|n| name_matches(name, n))
    {
        return vec![];
    }
    for (k, v) in &sel.labels {
        if object
            .pointer("/metadata/labels")
            .and_then(|l| l.get(k))
            .and_then(J::as_str)
            != Some(v.as_str())
        {
            return vec![];
        }
    }
    let pod_spec = pod_spec_path(kind);
    let mut base = BTreeMap::new();
    if let Some(ps) = pod_spec {
        base.insert("podSpec".to_owned(), ps.to_owned());
    }
    let Some(container) = &sel.container else {
        return vec![base];
    };
    let Some(ps) = pod_spec else { return vec![] };
    let pointer = format!("/{}/containers", ps.replace('.', "/"));
    let Some(J::Array(containers)) = object.pointer(&pointer) else {
        return vec![];
    };
    containers
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.get("name").and_then(J::as_str) == Some(container.as_str())
                || c.get("image").and_then(J::as_str).map(image_name) == Some(container.as_str())
        })
        .map(|(i, _)| {
            let mut vars = base.clone();
            vars.insert("container".to_owned(), format!("{ps}.containers[{i}]"));
            vars
        })
        .collect()
}

/// Whether `name` matches `pattern`, where `*` stands for any text.
fn name_matches(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || !name[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for p in &parts[1..parts.len() - 1] {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    true
}

/// Path variables of an object scope (`container`, `podSpec`).
type PathVars = BTreeMap<String, String>;

/// What an operation works on.
enum Scope {
    /// A cloudcore/edgecore configuration of a KubeEdge release (`None`: the latest): values
    /// compare against the effective config, and paths are the release's.
    Config(ConfigKind, Option<Release>),
    /// A Kubernetes object, with path variables (`container`, `podSpec`).
    Object(BTreeMap<String, String>),
}

struct Ctx<'a> {
    doc: &'a mut Document,
    index: usize,
    scope: Scope,
    profile: &'a str,
    /// The running operation's `why`.
    reason: Option<&'a str>,
    /// Skip writes the release cannot express instead of refusing.
    skip_unsupported: bool,
    values: &'a BTreeMap<String, J>,
    changes: &'a mut Vec<Change>,
    /// Objects `addObject` renders (Kubernetes-object scope only).
    added: &'a mut Vec<AddedObject>,
    /// The effective value, computed once per document state (edits clear it).
    cache: &'a std::cell::RefCell<Option<std::rc::Rc<J>>>,
}

impl Ctx<'_> {
    fn bad(&self, message: String) -> ApplyError {
        ApplyError::BadOperation {
            profile: self.profile.to_owned(),
            message,
        }
    }

    /// Parses an operation path, after substituting `${…}` (path variables and parameters).
    fn path(&self, text: &str) -> Result<Path, ApplyError> {
        let text = if text.contains("${") {
            match self.render_str(text)? {
                J::String(s) => s,
                other => other.to_string(),
            }
        } else {
            text.to_owned()
        };
        Path::parse(&text).map_err(|e| self.bad(e.to_string()))
    }

    /// Evaluates an operation's `when`: `${flag}`, `!${flag}`, `A == B`, `A != B`.
    fn when(&self, op: &Operation) -> Result<bool, ApplyError> {
        let Some(cond) = &op.when else {
            return Ok(true);
        };
        let text = |s: &str| -> Result<String, ApplyError> {
            // A quoted literal side (`""`, `'x'`) compares as its content.
            let s = s.trim();
            let s = match (s.chars().next(), s.chars().last()) {
                (Some(q @ ('"' | '\'')), Some(e)) if q == e && s.len() >= 2 => &s[1..s.len() - 1],
                _ => s,
            };
            Ok(match self.render_str(s)? {
                J::String(s) => s,
                other => other.to_string(),
            })
        };
        if let Some((a, b)) = cond.split_once("!=") {
            return Ok(text(a)? != text(b)?);
        }
        if let Some((a, b)) = cond.split_once("==") {
            return Ok(text(a)? == text(b)?);
        }
        let (neg, flag) = match cond.trim().strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, cond.trim()),
        };
        match text(flag)?.as_str() {
            "true" => Ok(!neg),
            "false" => Ok(neg),
            other => Err(self.bad(format!(
                "`when: {cond}` must be true or false, got `{other}`"
            ))),
        }
    }

    /// The effective configuration (defaults + file) as JSON.
    /// The effective configuration of the document as it is now (computed once per edit).
    fn effective(&self) -> std::rc::Rc<J> {
        if let Some(v) = self.cache.borrow().as_ref() {
            return v.clone();
        }
        let v = std::rc::Rc::new(self.compute_effective());
        *self.cache.borrow_mut() = Some(v.clone());
        v
    }

    fn compute_effective(&self) -> J {
        match &self.scope {
            Scope::Config(kind, None) => crate::model::effective_json(self.doc, self.index, *kind),
            Scope::Config(kind, Some(r)) => {
                crate::model::effective_json_for(self.doc, self.index, *kind, *r)
            }
            Scope::Object(_) => self
                .doc
                .value(self.index)
                .ok()
                .and_then(|v| v.resolve_merge_keys().to_json().ok())
                .unwrap_or(J::Null),
        }
    }

    fn render(&self, v: &J) -> Result<J, ApplyError> {
        Ok(match v {
            J::String(s) => self.render_str(s)?,
            J::Array(a) => J::Array(a.iter().map(|x| self.render(x)).collect::<Result<_, _>>()?),
            J::Object(m) => J::Object(
                m.iter()
                    .map(|(k, x)| Ok((k.clone(), self.render(x)?)))
                    .collect::<Result<_, ApplyError>>()?,
            ),
            other => other.clone(),
        })
    }

    fn lookup(&self, name: &str) -> Result<J, ApplyError> {
        if let Some(path) = name.strip_prefix("config:") {
            let p = self.path(path)?;
            return json_at(&self.effective(), &p).cloned().ok_or_else(|| {
                self.bad(format!(
                    "`${{{name}}}`: the configuration has no value at `{path}`"
                ))
            });
        }
        if let Scope::Object(vars) = &self.scope
            && let Some(v) = vars.get(name)
        {
            return Ok(J::String(v.clone()));
        }
        self.values
            .get(name)
            .cloned()
            .ok_or_else(|| self.bad(format!("unknown parameter `${{{name}}}`")))
    }

    fn render_str(&self, s: &str) -> Result<J, ApplyError> {
        // A string that is exactly one reference keeps the referenced value's type.
        if let Some(inner) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}'))
            && !inner.contains("${")
            && !inner.contains('}')
        {
            return self.lookup(inner);
        }
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let j = rest[i..]
                .find('}')
                .ok_or_else(|| self.bad(format!("unclosed `${{` in `{s}`")))?;
            match self.lookup(&rest[i + 2..i + j])? {
                J::String(v) => out.push_str(&v),
                other => out.push_str(&other.to_string()),
            }
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        Ok(J::String(out))
    }

    /// The value the document has at `path` now, for the record of a change.
    fn old(&self, path: &Path) -> Option<J> {
        self.doc
            .get_value(self.index, path)
            .ok()
            .flatten()
            .and_then(|v| v.resolve_merge_keys().to_json().ok())
    }

    /// After an edit of `path`: the cached effective configuration, patched where that is
    /// exact, else dropped (computed again when next needed). Exact: a scalar, or a list of
    /// scalars, set at a path whose every segment is already in the effective configuration
    /// exactly as written (its keys are the canonical field names, so a path spelt in another
    /// case does not match), so KubeEdge reads that value there and nothing else changes.
    /// Objects (KubeEdge merges them onto the defaults), nulls, removals and new keys are left
    /// to the next computation.
    fn edited(&self, path: &Path, action: Action, new: Option<&J>) {
        let mut cache = self.cache.borrow_mut();
        let patched = (|| {
            let new = new.filter(|v| match v {
                J::Null | J::Object(_) => false,
                J::Array(items) => items.iter().all(|i| !(i.is_object() || i.is_array())),
                _ => true,
            })?;
            if action == Action::Removed {
                return None;
            }
            let mut root = std::rc::Rc::unwrap_or_clone(cache.take()?);
            let (last, parents) = path.segments.split_last()?;
            let mut cur = &mut root;
            for seg in parents {
                cur = match (cur, seg) {
                    (J::Object(m), Segment::Key(k)) => m.get_mut(k)?,
                    (J::Array(a), Segment::Index(i)) => a.get_mut(*i)?,
                    _ => return None,
                };
            }
            match (cur, last) {
                (J::Object(m), Segment::Key(k)) if m.contains_key(k) => {
                    m.insert(k.clone(), new.clone());
                }
                (J::Array(a), Segment::Index(i)) if *i < a.len() => a[*i] = new.clone(),
                (J::Array(a), Segment::Index(i)) if *i == a.len() => a.push(new.clone()),
                _ => return None,
            }
            Some(root)
        })();
        *cache = patched.map(std::rc::Rc::new);
    }

    fn record(&mut self, path: &Path, action: Action, old: Option<J>, new: Option<J>) {
        self.edited(path, action, new.as_ref());
        self.changes.push(Change {
            path: path.to_string(),
            action,
            old,
            new,
            profile: Some(self.profile.to_owned()),
            reason: self
                .reason
                .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" ")),
        });
    }

    fn edit_err(&self, path: &Path, error: EditError) -> ApplyError {
        ApplyError::Edit {
            profile: self.profile.to_owned(),
            path: path.to_string(),
            error: Box::new(error),
        }
    }

    /// Where the file's release keeps the setting at `path` (written for the latest
    /// EdgeCore v1alpha2 / CloudCore): the same path, a translated one (EdgeCore v1alpha1), or
    /// none — then the operation is refused, or skipped when it says `onlyIfSupported`.
    fn release_path(&self, path: &Path) -> Result<Option<(Path, Conversion)>, ApplyError> {
        let Scope::Config(kind, Some(release)) = &self.scope else {
            return Ok(Some((path.clone(), Conversion::Same)));
        };
        let fam = Family::of(*kind, *release);
        let data = family(fam);
        let minor = data.closest(release.minor);
        let text = inventory_path(path);
        if let Some((to, conv)) = translate(fam, &text) {
            let p = Path::parse(to).map_err(|e| self.bad(e.to_string()))?;
            return Ok(Some((p, conv)));
        }
        // The longest prefix of the path that is a field of some release decides (deeper
        // segments are map keys or list items).
        let latest = family(Family::of(*kind, crate::model::release::LATEST));
        let minors = |prefix: &str| -> Vec<u8> {
            [data, latest]
                .iter()
                .filter_map(|d| d.field(prefix))
                .flat_map(|f| f.minors())
                .collect()
        };
        let segs: Vec<&str> = text.split('.').collect();
        let known = (1..=segs.len())
            .rev()
            .map(|n| segs[..n].join("."))
            .find(|prefix| !minors(prefix).is_empty());
        match known {
            None => Ok(Some((path.clone(), Conversion::Same))),
            Some(prefix) if data.field(&prefix).is_some_and(|f| f.exists_in(minor)) => {
                Ok(Some((path.clone(), Conversion::Same)))
            }
            Some(_) if self.skip_unsupported => Ok(None),
            Some(prefix) => {
                let exists = minors(&prefix);
                Err(ApplyError::Unsupported {
                    profile: self.profile.to_owned(),
                    path: path.to_string(),
                    release: release.to_string(),
                    format: fam.title().to_owned(),
                    exists: crate::model::release::ranges_text(&exists),
                })
            }
        }
    }

    /// Sets `path` to `value` unless the effective value already equals it.
    fn set(&mut self, path: &Path, value: &J) -> Result<(), ApplyError> {
        if json_at(&self.effective(), path) == Some(value) {
            return Ok(());
        }
        let Some((routed, conv)) = self.release_path(path)? else {
            return Ok(());
        };
        let value = &match (conv, value) {
            (Conversion::CommaList, J::Array(items)) => J::String(
                items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            _ => value.clone(),
        };
        if routed != *path && json_at(&self.effective(), &routed) == Some(value) {
            return Ok(());
        }
        // Where KubeEdge reads it: the spelling of each key that wins.
        let routed = crate::model::kubeedge_path(self.doc, self.index, &routed);
        let path = &routed;
        let v = Value::from_json(value);
        let old = self.old(path);
        if self
            .doc
            .set(self.index, path, &v)
            .map_err(|e| self.edit_err(path, e))?
        {
            self.record(path, Action::Set, old, Some(value.clone()));
        }
        Ok(())
    }

    fn unset(&mut self, path: &Path) -> Result<(), ApplyError> {
        let Some((routed, _)) = self.release_path(path)? else {
            return Ok(());
        };
        let routed = crate::model::kubeedge_path(self.doc, self.index, &routed);
        let path = &routed;
        let old = self.old(path);
        if self
            .doc
            .unset(self.index, path)
            .map_err(|e| self.edit_err(path, e))?
        {
            self.record(path, Action::Removed, old, None);
        }
        Ok(())
    }

    fn run(&mut self, op: &Operation) -> Result<(), ApplyError> {
        if let Some(set) = &op.set {
            for (path, value) in set {
                let path = self.path(path)?;
                let value = self.render(value)?;
                self.set(&path, &value)?;
            }
        }
        if let Some(unset) = &op.unset {
            for path in unset {
                let path = self.path(path)?;
                self.unset(&path)?;
            }
        }
        if let Some(patch) = &op.merge {
            let base = match &op.path {
                Some(p) => self.path(p)?,
                None => Path::root(),
            };
            let patch = self.render(patch)?;
            self.merge(&base, &patch)?;
        }
        if let Some(ops) = &op.patch {
            for o in ops {
                let o = self.render(o)?;
                self.json_patch_op(&o)?;
            }
        }
        if let Some(ens) = &op.ensure_list {
            let path = self.path(&ens.path)?;
            let items: Vec<String> = ens
                .items
                .iter()
                .map(|i| match self.render_str(i)? {
                    J::String(s) => Ok(s),
                    other => Ok(other.to_string()),
                })
                .collect::<Result<_, ApplyError>>()?;
            self.ensure_list(&path, &items)?;
        }
        if let Some(template) = &op.add_object {
            if !matches!(self.scope, Scope::Object(_)) {
                return Err(self.bad(
                    "addObject adds Kubernetes objects to a manifest stream (post-render); it cannot apply to a configuration file".into(),
                ));
            }
            let mut object = self.render(template)?;
            // The added object lives where the selected one does (a chart's objects usually
            // carry no namespace: Helm installs them in the release's).
            let namespace = self.effective().pointer("/metadata/namespace").cloned();
            if let (Some(ns), Some(meta)) = (
                namespace,
                object.get_mut("metadata").and_then(J::as_object_mut),
            ) && !meta.contains_key("namespace")
            {
                meta.insert("namespace".to_owned(), ns);
            }
            for key in ["apiVersion", "kind"] {
                if !object.get(key).is_some_and(J::is_string) {
                    return Err(self.bad(format!("addObject: the object has no `{key}`")));
                }
            }
            if !object.pointer("/metadata/name").is_some_and(J::is_string) {
                return Err(self.bad("addObject: the object has no `metadata.name`".into()));
            }
            self.added.push(AddedObject {
                profile: self.profile.to_owned(),
                object,
            });
        }
        if let Some(e) = &op.embedded {
            self.embedded(e)?;
        }
        if let Some(ens) = &op.ensure_items {
            let items: Vec<J> = ens
                .items
                .iter()
                .map(|i| self.render(i))
                .collect::<Result<_, ApplyError>>()?;
            self.ensure_items(&ens.path, &items)?;
        }
        Ok(())
    }

    /// Edits the YAML document embedded in the string at `e.path`; the string is rewritten
    /// (as a block when it can be) only when the embedded document changes.
    fn embedded(&mut self, e: &super::EmbeddedEdit) -> Result<(), ApplyError> {
        let path = self.path(&e.path)?;
        let Some(J::String(text)) = json_at(&self.effective(), &path).cloned() else {
            return Err(self.bad(format!("embedded: `{}` is not a string", e.path)));
        };
        let mut inner = Document::parse(text).map_err(|err| {
            self.bad(format!(
                "embedded: `{}` is not YAML: {}",
                e.path, err.message
            ))
        })?;
        if inner.documents().is_empty() {
            return Err(self.bad(format!("embedded: `{}` is empty", e.path)));
        }
        let mut changes = Vec::new();
        let mut added = Vec::new();
        let cache = std::cell::RefCell::new(None);
        {
            let mut ctx = Ctx {
                doc: &mut inner,
                index: 0,
                scope: Scope::Object(BTreeMap::new()),
                profile: self.profile,
                reason: self.reason,
                skip_unsupported: self.skip_unsupported,
                values: self.values,
                changes: &mut changes,
                added: &mut added,
                cache: &cache,
            };
            if let Some(m) = &e.merge {
                let m = ctx.render(m)?;
                ctx.merge(&Path::root(), &m)?;
            }
            if let Some(set) = &e.set {
                for (p, v) in set {
                    let p = ctx.path(p)?;
                    let v = ctx.render(v)?;
                    ctx.set(&p, &v)?;
                }
            }
        }
        if !changes.is_empty() {
            // A `|` block keeps every unchanged line's bytes; a quoted string stays quoted.
            let old = self.old(&path);
            let text = inner.into_string();
            if self
                .doc
                .set_text(self.index, &path, &text)
                .map_err(|err| self.edit_err(&path, err))?
            {
                self.record(&path, Action::Set, old, Some(J::String(text)));
            }
        }
        Ok(())
    }

    /// RFC 7386 at `base`, translated to the smallest set of edits.
    fn merge(&mut self, base: &Path, patch: &J) -> Result<(), ApplyError> {
        let J::Object(m) = patch else {
            return self.set(base, patch);
        };
        for (k, v) in m {
            let child = base.child(Segment::Key(k.clone()));
            match v {
                J::Null => self.unset(&child)?,
                J::Object(_) if json_at(&self.effective(), &child).is_some_and(J::is_object) => {
                    self.merge(&child, v)?
                }
                J::Object(_) => {
                    let mut target = J::Null;
                    json_patch::merge(&mut target, v);
                    self.set(&child, &target)?;
                }
                other => self.set(&child, other)?,
            }
        }
        Ok(())
    }

    fn json_patch_op(&mut self, o: &J) -> Result<(), ApplyError> {
        let field = |k: &str| o.get(k).and_then(J::as_str).map(str::to_owned);
        let op =
            field("op").ok_or_else(|| self.bad(format!("patch operation without `op`: {o}")))?;
        let path_text = field("path")
            .ok_or_else(|| self.bad(format!("patch operation without `path`: {o}")))?;
        if !path_text.is_empty() && !path_text.starts_with('/') {
            return Err(self.bad(format!(
                "patch paths are JSON Pointers starting with `/`: `{path_text}`"
            )));
        }
        let path = self.path(&path_text)?;
        let value = o.get("value");
        let need_value = || {
            value
                .cloned()
                .ok_or_else(|| self.bad(format!("`{op}` needs a `value`: {o}")))
        };
        match op.as_str() {
            "test" => {
                let expected = need_value()?;
                let found = json_at(&self.effective(), &path)
                    .cloned()
                    .unwrap_or(J::Null);
                if found != expected {
                    return Err(ApplyError::TestFailed {
                        profile: self.profile.to_owned(),
                        path: path_text,
                        expected: compact(&expected),
                        found: compact(&found),
                    });
                }
            }
            "add" | "replace" => {
                let v = need_value()?;
                self.set(&path, &v)?;
            }
            "remove" => self.unset(&path)?,
            "copy" | "move" => {
                let from_text =
                    field("from").ok_or_else(|| self.bad(format!("`{op}` needs `from`")))?;
                let from = self.path(&from_text)?;
                let v = json_at(&self.effective(), &from)
                    .cloned()
                    .ok_or_else(|| self.bad(format!("`{op}`: nothing at `{from_text}`")))?;
                self.set(&path, &v)?;
                if op == "move" {
                    self.unset(&from)?;
                }
            }
            other => return Err(self.bad(format!("unknown patch op `{other}`"))),
        }
        Ok(())
    }

    /// Makes the list at `path` contain `items` (flag-aware).
    fn ensure_list(&mut self, path: &Path, items: &[String]) -> Result<(), ApplyError> {
        let Some((routed, conv)) = self.release_path(path)? else {
            return Ok(());
        };
        if conv == Conversion::CommaList {
            // One comma-separated string (v1alpha1 `edged.clusterDNS`).
            let current: Vec<String> = match json_at(&self.effective(), &routed) {
                Some(J::String(s)) => s
                    .split(',')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            };
            let mut wanted = current.clone();
            for item in items {
                if !wanted.contains(item) {
                    wanted.push(item.clone());
                }
            }
            if wanted != current {
                return self.set(&routed, &J::String(wanted.join(",")));
            }
            return Ok(());
        }
        let path = &routed;
        let in_file = self
            .doc
            .get(self.index, path)
            .map_err(|e| self.edit_err(path, e))?
            .is_some();
        let current: Vec<J> = match json_at(&self.effective(), path) {
            Some(J::Array(a)) => a.clone(),
            Some(J::Null) | None => Vec::new(),
            Some(other) => {
                return Err(self.bad(format!("`{path}` is not a list: {}", compact(other))));
            }
        };
        let mut wanted = current.clone();
        for item in items {
            let flag = item
                .starts_with("--")
                .then(|| item.split('=').next().unwrap_or(item));
            let existing = wanted.iter().position(|x| match (x.as_str(), flag) {
                (Some(s), Some(f)) => s == f || s.starts_with(&format!("{f}=")),
                (Some(s), None) => s == item,
                _ => false,
            });
            match existing {
                Some(i) if wanted[i] == J::String(item.clone()) => {}
                Some(i) => wanted[i] = J::String(item.clone()),
                None => wanted.push(J::String(item.clone())),
            }
        }
        if wanted == current {
            return Ok(());
        }
        if !in_file || current.is_empty() {
            // Lists replace the default as a whole: write the complete list.
            return self.set(path, &J::Array(wanted));
        }
        for (i, w) in wanted.iter().enumerate() {
            let item_path = path.child(Segment::Index(i));
            if current.get(i) != Some(w) {
                let v = Value::from_json(w);
                let old = self.old(&item_path);
                if self
                    .doc
                    .set(self.index, &item_path, &v)
                    .map_err(|e| self.edit_err(&item_path, e))?
                {
                    let action = if i < current.len() {
                        Action::Set
                    } else {
                        Action::Appended
                    };
                    self.record(&item_path, action, old, Some(w.clone()));
                }
            }
        }
        Ok(())
    }
}

/// The JSON value at a path (keys, indexes, JSON Pointer tokens).
pub(crate) fn json_at<'a>(root: &'a J, path: &Path) -> Option<&'a J> {
    let mut cur = root;
    for seg in &path.segments {
        cur = match (cur, seg) {
            (J::Object(m), Segment::Key(k) | Segment::Token(k)) => m.get(k)?,
            (J::Array(a), Segment::Index(i)) => a.get(*i)?,
            (J::Array(a), Segment::Token(t)) => a.get(t.parse::<usize>().ok()?)?,
            (J::Array(a), Segment::Match(k, v)) => {
                crate::document::alternatives(v).find_map(|alt| {
                    a.iter().find(|x| {
                        x.get(k).is_some_and(|f| match f {
                            J::String(s) => s == alt,
                            other => alt == other.to_string().as_str(),
                        })
                    })
                })?
            }
            _ => return None,
        };
    }
    Some(cur)
}

fn compact(v: &J) -> String {
    match v {
        J::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A path in the release data's syntax (`a.list[].b`; keys only).
fn inventory_path(path: &Path) -> String {
    let mut out = String::new();
    for seg in &path.segments {
        match seg {
            Segment::Key(k) | Segment::Token(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            _ => out.push_str("[]"),
        }
    }
    out
}
