//! The Helm post-renderer: a manifest stream in, the same stream out with profiles applied.
//!
//! The stream is split exactly as Helm splits it (a `---` line at column 0), and every
//! document that no operation changes is copied byte for byte, in place, with its `# Source:`
//! comment (Helm 3) or `postrenderer.helm.sh/postrender-filename` annotation (Helm 4). Only
//! documents that can be targets are parsed at all: a cheap text check on `kind:` decides.
//!
//! Targets:
//! - Kubernetes objects matched by the profiles' object selectors (kind, name, labels,
//!   container);
//! - the `cloudcore.yaml` that the cloudcore chart embeds in ConfigMap `cloudcore`: the
//!   profiles' cloudcore operations are applied to it as to a file, and it is written back in
//!   the encoding it came in (a `|` block keeps every unchanged line byte for byte; Helm 4's
//!   double-quoted string stays double-quoted).

use std::borrow::Cow;

use crate::document::{Document, Location, Path};
use crate::edit::{Editor, Selector};
use crate::profile::{self, ApplyError, ApplyOptions, Params, Profile, Target};

/// The post-renderer failed; nothing should be written to standard output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PostRenderError {
    /// A document is not valid YAML.
    #[error("document {index} (line {line} of the stream): {message}")]
    Parse {
        /// 0-based document index in the stream.
        index: usize,
        /// Line in the whole stream.
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A profile could not be applied to a document.
    #[error("document {index} ({what}): {error}")]
    Apply {
        /// 0-based document index.
        index: usize,
        /// `Kind/name` of the document.
        what: String,
        /// The cause.
        #[source]
        error: Box<ApplyError>,
    },
    /// The embedded `cloudcore.yaml` could not be edited, or the result would have new
    /// validation errors.
    #[error("document {index} ({what}): the embedded cloudcore.yaml: {error}")]
    Embedded {
        /// 0-based document index.
        index: usize,
        /// `Kind/name` of the document.
        what: String,
        /// The cause, from the checked-edit path.
        #[source]
        error: Box<crate::Error>,
    },
}

/// What a post-render did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PostRenderReport {
    /// Documents in the stream.
    pub documents: usize,
    /// Documents that were parsed (possible targets).
    pub parsed: usize,
    /// `Kind/name` of each changed document, with its number of changes.
    pub changed: Vec<(String, usize)>,
}

/// One document of a stream: the separator line before it (empty for the first) and its text.
struct Piece<'a> {
    separator: &'a str,
    body: &'a str,
    /// Byte offset of `body` in the stream.
    offset: usize,
    /// The value of the body's top-level `kind:` line, if any ([`kind_of`]).
    kind: Option<&'a str>,
}

/// Splits a stream as Helm does: a line that is `---` (optionally followed by spaces or a
/// comment) at column 0 separates documents. Concatenating the pieces gives the input back.
/// Separators are found with a SIMD substring search, so untouched text is only scanned once.
fn split(input: &str) -> Vec<Piece<'_>> {
    let bytes = input.as_bytes();
    let mut starts: Vec<usize> = Vec::new();
    if bytes.starts_with(b"---") {
        starts.push(0);
    }
    starts.extend(memchr::memmem::find_iter(bytes, b"\n---").map(|p| p + 1));
    let mut pieces = Vec::new();
    let mut sep: &str = "";
    let mut body_start = 0;
    for line_start in starts {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
        let rest = input[line_start + 3..line_end].trim_end_matches(['\n', '\r']);
        let is_sep = rest.is_empty()
            || (rest.starts_with([' ', '\t'])
                && (rest.trim().is_empty() || rest.trim_start().starts_with('#')));
        if !is_sep {
            continue;
        }
        let body = &input[body_start..line_start];
        pieces.push(Piece {
            separator: sep,
            body,
            offset: body_start,
            kind: kind_of(body),
        });
        sep = &input[line_start..line_end];
        body_start = line_end;
    }
    let body = &input[body_start..];
    pieces.push(Piece {
        separator: sep,
        body,
        offset: body_start,
        kind: kind_of(body),
    });
    pieces
}

/// The value of a document's top-level `kind:` line, if any. Line by line from the top: the
/// line is near the top of nearly every manifest.
fn kind_of(body: &str) -> Option<&str> {
    let bytes = body.as_bytes();
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .find(|&p| bytes[p..].starts_with(b"kind:"))
        .map(|p| kind_value(&body[p..]))
}

/// The value of the `kind:` line `line` starts with: up to the line's end or a comment,
/// unquoted.
fn kind_value(line: &str) -> &str {
    let end = memchr::memchr(b'\n', line.as_bytes()).unwrap_or(line.len());
    let v = line[5..end].trim();
    let v = match v.find('#') {
        Some(i) if i > 0 && v.as_bytes()[i - 1] == b' ' => v[..i].trim(),
        _ => v,
    };
    v.trim_matches(['"', '\''])
}

/// Applies `profiles` (resolved, with includes) to a manifest stream.
pub fn post_render(
    input: &str,
    profiles: &[Profile],
    params: &Params,
    options: &ApplyOptions,
) -> Result<(String, PostRenderReport), PostRenderError> {
    let (pieces, report) = post_render_pieces(input, profiles, params, options)?;
    Ok((pieces.concat(), report))
}

/// Like [`post_render`], but returns the output as pieces that borrow the input wherever it
/// is unchanged, so a large stream is written without building a second copy of it.
pub fn post_render_pieces<'a>(
    input: &'a str,
    profiles: &[Profile],
    params: &Params,
    options: &ApplyOptions,
) -> Result<(Vec<Cow<'a, str>>, PostRenderReport), PostRenderError> {
    let mut report = PostRenderReport::default();
    if input.trim().is_empty() {
        return Ok((vec![Cow::Borrowed(input)], report));
    }
    let has_cloudcore = profiles
        .iter()
        .any(|p| p.operations.iter().any(|o| o.target == Target::Cloudcore));
    // What a document's text must contain to possibly be a target: a `kind:` line with one of
    // the kinds (any kind when empty) and every word (object name, container, data key).
    let mut filters: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for p in profiles {
        for o in &p.operations {
            if let Target::Objects(sel) = &o.target {
                let mut words: Vec<&str> = Vec::new();
                // A name pattern's longest literal part (`*-kubernetes-system-kubelet`).
                words.extend(
                    sel.name
                        .as_deref()
                        .and_then(|n| n.split('*').max_by_key(|p| p.len()))
                        .filter(|w| !w.is_empty()),
                );
                words.extend(sel.container.as_deref());
                words.extend(sel.labels.values().map(String::as_str));
                filters.push((sel.kinds.iter().map(String::as_str).collect(), words));
            }
        }
    }
    if has_cloudcore {
        filters.push((vec!["ConfigMap"], vec!["cloudcore.yaml"]));
    }
    let has_objects = profile::has_object_operations(profiles);
    let pieces = split(input);
    let helm3_sources = input.starts_with("# Source:") || input.contains("\n# Source:");
    report.documents = pieces.iter().filter(|p| !p.body.trim().is_empty()).count();
    let mut out: Vec<Cow<'a, str>> = Vec::with_capacity(2 * pieces.len());
    let finders: Vec<(Vec<&str>, Vec<memchr::memmem::Finder<'_>>)> = filters
        .iter()
        .map(|(kinds, words)| {
            (
                kinds.clone(),
                words
                    .iter()
                    .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
                    .collect(),
            )
        })
        .collect();
    for (index, piece) in pieces.iter().enumerate() {
        out.push(Cow::Borrowed(piece.separator));
        let kind = piece.kind;
        let candidate = kind.is_some_and(|k| {
            finders.iter().any(|(kinds, words)| {
                (kinds.is_empty() || kinds.contains(&k))
                    && words
                        .iter()
                        .all(|w| w.find(piece.body.as_bytes()).is_some())
            })
        });
        if !candidate {
            out.push(Cow::Borrowed(piece.body));
            continue;
        }
        report.parsed += 1;
        let mut doc = Document::parse(piece.body).map_err(|e| PostRenderError::Parse {
            index,
            line: Location::of(input, piece.offset + e.location.offset).line,
            message: e.message.clone(),
        })?;
        if doc.documents().len() != 1 {
            out.push(Cow::Borrowed(piece.body));
            continue;
        }
        let what = describe(&doc);
        let mut changes = 0;
        if has_cloudcore && is_cloudcore_configmap(&doc) {
            let outcome = Editor::from_document(what.clone(), doc)
                .release(options.release)
                .select_config(&Selector::Index(0))
                .and_then(|e| e.apply(profiles, params, options))
                .and_then(Editor::finish)
                .map_err(|error| PostRenderError::Embedded {
                    index,
                    what: what.clone(),
                    error: Box::new(error),
                })?;
            changes += outcome.changes.len();
            doc = outcome.into_document();
        }
        let mut added = Vec::new();
        if has_objects {
            let outcome = profile::apply_to_object(&mut doc, 0, profiles, params, options)
                .map_err(|error| PostRenderError::Apply {
                    index,
                    what: what.clone(),
                    error: Box::new(error),
                })?;
            changes += outcome.changes.len();
            added = outcome.added;
        }
        if changes > 0 {
            report.changed.push((what, changes));
        }
        let mut body = doc.into_string();
        if !added.is_empty() && !body.ends_with('\n') {
            body.push('\n');
        }
        out.push(Cow::Owned(body));
        for a in added {
            if let Some(text) = addition(&pieces, &out, &a, helm3_sources) {
                report
                    .changed
                    .push((format!("{} (added)", object_id(&a.object)), 1));
                out.push(Cow::Borrowed("---\n"));
                out.push(Cow::Owned(text));
            }
        }
    }
    Ok((out, report))
}

/// The annotation in which Helm 4 passes each document's template file to a post-renderer.
const HELM4_FILENAME: &str = "postrenderer.helm.sh/postrender-filename";

/// `Kind/name`.
fn object_id(o: &serde_json::Value) -> String {
    format!(
        "{}/{}",
        o.get("kind").and_then(|k| k.as_str()).unwrap_or("?"),
        o.pointer("/metadata/name")
            .and_then(|k| k.as_str())
            .unwrap_or("?")
    )
}

/// The text of an added object, or `None` when the stream (as given, or as added so far)
/// already has an object of its kind, name and namespace. Helm 3 streams name each
/// document's template in a `# Source:` line; an added one names the profile there.
fn addition(
    pieces: &[Piece<'_>],
    out: &[Cow<'_, str>],
    a: &profile::AddedObject,
    helm3_sources: bool,
) -> Option<String> {
    let kind = a.object.get("kind")?.as_str()?;
    let name = a.object.pointer("/metadata/name")?.as_str()?;
    let namespace = a
        .object
        .pointer("/metadata/namespace")
        .and_then(|n| n.as_str());
    let same = |body: &str| -> bool {
        // Cheap tests first: only a document of the kind that mentions the name is parsed.
        if kind_of(body) != Some(kind) || !body.contains(name) {
            return false;
        }
        let Ok(d) = Document::parse(body) else {
            return false;
        };
        let field = |p: &str| match Path::parse(p)
            .ok()
            .and_then(|p| d.get_value(0, &p).ok().flatten())
        {
            Some(crate::document::Value::String(s)) => Some(s),
            _ => None,
        };
        field("metadata.name").as_deref() == Some(name)
            && (namespace.is_none() || field("metadata.namespace").as_deref() == namespace)
    };
    if pieces.iter().any(|p| same(p.body)) || out.iter().any(|o| same(o)) {
        return None;
    }
    let mut object = a.object.clone();
    if !helm3_sources && pieces.iter().any(|p| p.body.contains(HELM4_FILENAME)) {
        // Helm 4 names each document's template in this annotation (and removes it after).
        let meta = object
            .as_object_mut()?
            .entry("metadata")
            .or_insert_with(|| serde_json::json!({}));
        let annotations = meta
            .as_object_mut()?
            .entry("annotations")
            .or_insert_with(|| serde_json::json!({}));
        annotations.as_object_mut()?.insert(
            HELM4_FILENAME.to_owned(),
            serde_json::Value::String(format!("edgecfg/profiles/{}.yaml", a.profile)),
        );
    }
    let yaml = crate::document::Value::from_json(&object).to_block_yaml();
    Some(if helm3_sources {
        format!("# Source: edgecfg/profiles/{}.yaml\n{yaml}", a.profile)
    } else {
        yaml
    })
}

fn describe(doc: &Document) -> String {
    let field = |p: &str| match Path::parse(p)
        .ok()
        .and_then(|p| doc.get_value(0, &p).ok().flatten())
    {
        Some(crate::document::Value::String(s)) => s,
        _ => "?".to_owned(),
    };
    format!("{}/{}", field("kind"), field("metadata.name"))
}

/// A ConfigMap with `data."cloudcore.yaml"` (the cloudcore chart's), the one embedded config
/// the post-renderer edits. An embedded text that does not parse fails the render (through the
/// checked-edit path) rather than being skipped.
fn is_cloudcore_configmap(doc: &Document) -> bool {
    use crate::document::Value;
    matches!(doc.get_value(0, &Path::keys(["kind"])), Ok(Some(Value::String(k))) if k == "ConfigMap")
        && matches!(
            doc.get_value(0, &Path::keys(["data", "cloudcore.yaml"])),
            Ok(Some(Value::String(_)))
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_lossless_and_helm_like() {
        let s = "---\n# Source: a.yaml\nkind: A\n---\nkind: B\ndata:\n  x: |\n    ---\n    y\n--- # c\nkind: C";
        let pieces = split(s);
        let joined: String = pieces
            .iter()
            .map(|p| format!("{}{}", p.separator, p.body))
            .collect();
        assert_eq!(joined, s);
        let bodies: Vec<&str> = pieces.iter().map(|p| p.body).collect();
        assert_eq!(
            bodies,
            [
                "",
                "# Source: a.yaml\nkind: A\n",
                "kind: B\ndata:\n  x: |\n    ---\n    y\n",
                "kind: C"
            ]
        );
        let kinds: Vec<Option<&str>> = pieces.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [None, Some("A"), Some("B"), Some("C")]);
        for p in &pieces {
            assert_eq!(p.kind, kind_of(p.body), "{:?}", p.body);
        }
        assert_eq!(
            kind_of("# Source: x\nkind: Deployment\n"),
            Some("Deployment")
        );
        assert_eq!(kind_of("metadata:\n  kind: nested\n"), None);
        assert_eq!(kind_of("kind: \"Service\" # c\n"), Some("Service"));
    }

    #[test]
    fn empty_stream_passes_through() {
        let (out, r) = post_render("", &[], &Params::new(), &ApplyOptions::new()).unwrap();
        assert_eq!(out, "");
        assert_eq!(r.documents, 0);
    }
}
