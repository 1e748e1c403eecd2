//! The lossless YAML document layer. It knows nothing of KubeEdge.
//!
//! A [`Document`] holds the source text of a YAML stream (one or more documents) and a node tree
//! with exact byte spans. Edits ([`Document::set`], [`Document::unset`]) are *splices*: they
//! replace a few byte ranges and copy every other byte, so comments, key order, quoting, blank
//! lines, line endings and a byte-order mark survive by construction.
//!
//! Every edit is checked by a semantic oracle before it is kept: the edited text is parsed again
//! and its value (resolved with YAML 1.1 rules, as KubeEdge reads it) must equal the original
//! value with the intended change applied, in every document of the stream. If it does not, the
//! edit fails with [`EditError::Oracle`] and the document is unchanged.
//!
//! # What is not preserved
//!
//! Like toml_edit, this layer says what it does not keep:
//! - a replaced scalar keeps its quoting style only when the new value can be written in it
//!   (a plain scalar that would be misread, such as the string `yes`, becomes double-quoted;
//!   a bool or number is always written plain);
//! - a replaced collection is written fresh, in block style in block context and flow style in
//!   flow context; comments inside the replaced range go with it;
//! - a removed key takes the comment lines directly above it (same indentation, no blank line
//!   between) with it;
//! - new nested blocks use the indentation step and sequence style detected in the file
//!   (default: 2 spaces, `- item` at the key's column, as KubeEdge itself writes).

mod error;
mod merge;
mod path;
mod render;
mod tree;
mod value;

pub use error::{EditError, Location, ParseError};
pub(crate) use merge::merge_entries;
pub use path::{Path, Segment};
pub use render::Layout;
pub use tree::{Chomping, Entry, Node, NodeKind, ScalarStyle, YamlDocument};
pub(crate) use value::parse_int_yaml11;
pub use value::{Value, resolve_plain};

use std::collections::{HashMap, HashSet};

/// A parsed YAML stream with its exact source text.
#[derive(Debug, Clone)]
pub struct Document {
    src: String,
    docs: Vec<YamlDocument>,
    layout: Layout,
}

/// One step from a node to a child, used to address the same place in a [`Value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Entry(usize),
    Item(usize),
}

/// Where a node sits in its parent.
#[derive(Debug, Clone, Copy)]
enum Owner<'a> {
    Root,
    MapValue { key: &'a Node, flow: bool },
    SeqItem { flow: bool },
}

/// The result of walking a path as far as it exists.
struct Walk<'a> {
    /// Nodes from the root down to the deepest one reached.
    chain: Vec<&'a Node>,
    /// Owner of each node in `chain`.
    owners: Vec<Owner<'a>>,
    /// Value-tree steps to the deepest node.
    steps: Vec<Step>,
    /// Number of path segments consumed.
    consumed: usize,
}

/// A planned change, in value terms (the oracle applies it to the original value).
#[derive(Debug, Clone)]
enum Change {
    Replace {
        steps: Vec<Step>,
        value: Value,
    },
    Insert {
        steps: Vec<Step>,
        key: Value,
        value: Value,
    },
    Append {
        steps: Vec<Step>,
        value: Value,
    },
    RemoveEntry {
        steps: Vec<Step>,
        index: usize,
    },
    RemoveItem {
        steps: Vec<Step>,
        index: usize,
    },
}

/// A byte-range replacement.
#[derive(Debug, Clone)]
struct Splice {
    start: usize,
    end: usize,
    text: String,
}

impl Document {
    /// Parses a YAML stream.
    pub fn parse(src: impl Into<String>) -> Result<Document, ParseError> {
        let src = src.into();
        let docs = tree::parse_stream(&src)?;
        let layout = detect_layout(&src, &docs);
        Ok(Document { src, docs, layout })
    }

    /// The current source text.
    pub fn as_str(&self) -> &str {
        &self.src
    }

    /// Consumes the document, returning its text.
    pub fn into_string(self) -> String {
        self.src
    }

    /// The documents of the stream.
    pub fn documents(&self) -> &[YamlDocument] {
        &self.docs
    }

    /// The layout (indentation, sequence style, line ending) new text is written with.
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The resolved value of document `index` (`Null` for an empty document).
    pub fn value(&self, index: usize) -> Result<Value, EditError> {
        let doc = self.doc(index)?;
        Ok(doc_value(doc))
    }

    /// The resolved values of all documents.
    pub fn values(&self) -> Vec<Value> {
        self.docs.iter().map(doc_value).collect()
    }

    /// The location of a byte offset in the source.
    pub fn location(&self, offset: usize) -> Location {
        Location::of(&self.src, offset)
    }

    /// Finds the node at `path` in document `index`. `Ok(None)` when the path does not exist.
    pub fn get(&self, index: usize, path: &Path) -> Result<Option<&Node>, EditError> {
        let doc = self.doc(index)?;
        let walk = self.walk(doc, path, false)?;
        if walk.consumed == path.segments.len() {
            Ok(walk.chain.last().copied())
        } else {
            Ok(None)
        }
    }

    /// The resolved value at `path` (aliases resolved), or `None` when it does not exist.
    pub fn get_value(&self, index: usize, path: &Path) -> Result<Option<Value>, EditError> {
        let doc = self.doc(index)?;
        let walk = self.walk(doc, path, true)?;
        if walk.consumed != path.segments.len() {
            return Ok(None);
        }
        let mut v = doc_value(doc);
        for s in &walk.steps {
            while let Value::Tagged(_, inner) = v {
                v = *inner;
            }
            v = match (v, s) {
                (Value::Mapping(mut e), Step::Entry(i)) => e.swap_remove(*i).1,
                (Value::Sequence(mut items), Step::Item(i)) => items.swap_remove(*i),
                _ => return Ok(None),
            };
        }
        Ok(Some(v))
    }

    /// The source text of a node, dedented (block collections lose their common indentation).
    pub fn node_source(&self, node: &Node) -> String {
        let start = node.props_start;
        let text = &self.src[start..node.end];
        if !node.is_block_collection() {
            return text.to_owned();
        }
        let col = start - line_start(&self.src, start);
        let mut out = String::new();
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i == 0 {
                out.push_str(line);
            } else {
                let strip = line.len() - line.trim_start_matches(' ').len();
                out.push_str(&line[strip.min(col)..]);
            }
        }
        out
    }

    /// Sets the value at `path` in document `index`, creating missing mappings (and a
    /// one-item sequence for an index segment). Returns whether the text changed: setting a
    /// value equal to the current one is a no-op, even if it is written differently (`0x10`
    /// for 16).
    pub fn set(&mut self, index: usize, path: &Path, value: &Value) -> Result<bool, EditError> {
        if self.docs.is_empty() && index == 0 {
            // An empty stream (an empty file, or only comments): the value becomes its document.
            let v = build_value(&path.segments, value, path)?;
            let splices = self.empty_root_splices(self.src.len(), &v);
            self.commit(
                index,
                Change::Replace {
                    steps: vec![],
                    value: v,
                },
                splices,
            )?;
            return Ok(true);
        }
        let doc = self.doc(index)?;
        let walk = self.walk(doc, path, false)?;
        let rest = &path.segments[walk.consumed..];
        let (change, splices) = if rest.is_empty() {
            let node = *walk.chain.last().expect("a walk reaches at least the root");
            if node_value_in(doc, node) == *value {
                return Ok(false);
            }
            self.check_anchors(doc, &walk, path)?;
            let owner = *walk.owners.last().expect("owner of the root");
            let splices = self.replace_splices(node, owner, value)?;
            (
                Change::Replace {
                    steps: walk.steps.clone(),
                    value: value.clone(),
                },
                splices,
            )
        } else {
            self.check_anchors(doc, &walk, path)?;
            let node = walk.chain.last().copied();
            let built = build_value(&rest[1..], value, path)?;
            match (node.map(|n| &n.kind), &rest[0]) {
                (None, _) => {
                    // Empty document: the root is replaced.
                    let v = build_value(rest, value, path)?;
                    let at = doc.start_marker.map_or(self.src.len(), |(_, e)| e);
                    let splices = self.empty_root_splices(at, &v);
                    (
                        Change::Replace {
                            steps: vec![],
                            value: v,
                        },
                        splices,
                    )
                }
                (Some(NodeKind::Mapping { .. }), Segment::Key(k) | Segment::Token(k)) => {
                    let key = Value::String(k.clone());
                    let splices = self.insert_splices(node.unwrap(), &key, &built)?;
                    (
                        Change::Insert {
                            steps: walk.steps.clone(),
                            key,
                            value: built,
                        },
                        splices,
                    )
                }
                (Some(NodeKind::Sequence { items, .. }), seg) => {
                    let built = match seg {
                        Segment::Match(k, v) => with_match_key(k, v, built),
                        _ => built,
                    };
                    // `[-]` appends unless an equal item is already there, so that running the
                    // same command twice changes nothing.
                    if *seg == Segment::Append
                        && items.iter().any(|n| node_value_in(doc, n) == built)
                    {
                        return Ok(false);
                    }
                    let splices = self.append_splices(node.unwrap(), &built)?;
                    (
                        Change::Append {
                            steps: walk.steps.clone(),
                            value: built,
                        },
                        splices,
                    )
                }
                (Some(NodeKind::Scalar { .. } | NodeKind::Alias { .. }), _) => {
                    // A null node: replaced by the structure the rest of the path describes.
                    let v = build_value(rest, value, path)?;
                    let owner = *walk.owners.last().expect("owner");
                    let splices = self.replace_splices(node.unwrap(), owner, &v)?;
                    (
                        Change::Replace {
                            steps: walk.steps.clone(),
                            value: v,
                        },
                        splices,
                    )
                }
                (Some(_), seg) => {
                    return Err(EditError::PathSyntax {
                        path: path.to_string(),
                        reason: format!("segment `{seg}` does not apply here"),
                    });
                }
            }
        };
        self.commit(index, change, splices)?;
        Ok(true)
    }

    /// Sets the string at `path` to `text`. When the current value is a literal block scalar
    /// (`|`), only the lines that differ are rewritten: every unchanged line keeps its exact
    /// bytes (indentation, trailing spaces). Otherwise this is [`Document::set`] with a string,
    /// which keeps a double-quoted or single-quoted style. For YAML embedded in YAML, such as
    /// the `cloudcore.yaml` key of a ConfigMap.
    pub fn set_text(&mut self, index: usize, path: &Path, text: &str) -> Result<bool, EditError> {
        let value = Value::String(text.to_owned());
        let doc = self.doc(index)?;
        let walk = self.walk(doc, path, false)?;
        let node = match (walk.consumed == path.segments.len(), walk.chain.last()) {
            (true, Some(n)) => *n,
            _ => return self.set(index, path, &value),
        };
        let NodeKind::Scalar {
            value: old,
            style: ScalarStyle::Literal,
            chomping,
            ..
        } = &node.kind
        else {
            return self.set(index, path, &value);
        };
        if old == text {
            return Ok(false);
        }
        let keeps_chomping = match chomping {
            Some(Chomping::Clip) => {
                old.ends_with('\n')
                    && !old.ends_with("\n\n")
                    && text.ends_with('\n')
                    && !text.ends_with("\n\n")
            }
            Some(Chomping::Strip) => {
                !old.ends_with('\n') && !text.ends_with('\n') && !text.is_empty()
            }
            _ => false,
        };
        let src = &self.src;
        let content_start = line_after(src, node.start);
        let content_end = line_end(src, node.end);
        if !keeps_chomping
            || content_start >= content_end
            || old.contains('\r')
            || text.contains('\r')
        {
            return self.set(index, path, &value);
        }
        let outer: Vec<&str> = src[content_start..content_end].split('\n').collect();
        let old_lines: Vec<&str> = old.strip_suffix('\n').unwrap_or(old).split('\n').collect();
        let new_lines: Vec<&str> = text
            .strip_suffix('\n')
            .unwrap_or(text)
            .split('\n')
            .collect();
        // Each outer line must be the block's indentation plus the inner line.
        let indent = match old_lines.iter().zip(&outer).find(|(i, _)| !i.is_empty()) {
            Some((i, o)) if o.ends_with(*i) && o.len() >= i.len() => o.len() - i.len(),
            _ => return self.set(index, path, &value),
        };
        let pad = " ".repeat(indent);
        let consistent = outer.len() == old_lines.len()
            && old_lines.iter().zip(&outer).all(|(i, o)| {
                let o = o.trim_end_matches('\r');
                if i.is_empty() {
                    o.trim().is_empty()
                } else {
                    o.strip_prefix(pad.as_str()) == Some(*i)
                }
            });
        if !consistent
            || new_lines
                .iter()
                .any(|l| l.trim().is_empty() && !l.is_empty())
        {
            return self.set(index, path, &value);
        }
        let eol = self.eol();
        let mut out: Vec<String> = Vec::new();
        for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_lines, &new_lines) {
            match op {
                similar::DiffOp::Equal { old_index, len, .. } => {
                    out.extend(
                        outer[old_index..old_index + len]
                            .iter()
                            .map(|l| l.trim_end_matches('\r').to_owned()),
                    );
                }
                similar::DiffOp::Delete { .. } => {}
                similar::DiffOp::Insert {
                    new_index, new_len, ..
                }
                | similar::DiffOp::Replace {
                    new_index, new_len, ..
                } => {
                    out.extend(new_lines[new_index..new_index + new_len].iter().map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!("{pad}{l}")
                        }
                    }));
                }
            }
        }
        let splice = Splice {
            start: content_start,
            end: content_end,
            text: out.join(eol),
        };
        self.check_anchors(doc, &walk, path)?;
        let steps = walk.steps.clone();
        self.commit(index, Change::Replace { steps, value }, vec![splice])?;
        Ok(true)
    }

    /// Removes the entry or item at `path` from document `index`. Returns `false` (and changes
    /// nothing) when the path does not exist. The key's own comment lines go with it; removing
    /// the last entry of a mapping leaves `{}` (and of a sequence `[]`).
    pub fn unset(&mut self, index: usize, path: &Path) -> Result<bool, EditError> {
        let doc = self.doc(index)?;
        if path.segments.is_empty() {
            return Err(EditError::PathSyntax {
                path: String::new(),
                reason: "cannot unset the document root".into(),
            });
        }
        let walk = match self.walk(doc, path, false) {
            Ok(w) => w,
            Err(EditError::NotACollection { .. } | EditError::IndexOutOfRange { .. }) => {
                return Ok(false);
            }
            Err(e) => return Err(e),
        };
        if walk.consumed != path.segments.len() {
            return Ok(false);
        }
        self.check_anchors(doc, &walk, path)?;
        let parent = walk.chain[walk.chain.len() - 2];
        let parent_owner = walk.owners[walk.owners.len() - 2];
        let parent_steps = walk.steps[..walk.steps.len() - 1].to_vec();
        let (change, splices) = match (&parent.kind, walk.steps.last()) {
            (NodeKind::Mapping { entries, flow }, Some(Step::Entry(i))) => {
                if entries.len() == 1 {
                    let v = Value::Mapping(vec![]);
                    let s = self.replace_splices(parent, parent_owner, &v)?;
                    (
                        Change::Replace {
                            steps: parent_steps,
                            value: v,
                        },
                        s,
                    )
                } else {
                    let spans: Vec<(usize, usize)> = entries
                        .iter()
                        .map(|e| (self.entry_start(e), self.entry_end(e)))
                        .collect();
                    let s = self.remove_splices(
                        &spans,
                        *i,
                        *flow,
                        entries[*i].value.is_block_scalar(),
                    )?;
                    (
                        Change::RemoveEntry {
                            steps: parent_steps,
                            index: *i,
                        },
                        s,
                    )
                }
            }
            (NodeKind::Sequence { items, flow }, Some(Step::Item(i))) => {
                if items.len() == 1 {
                    let v = Value::Sequence(vec![]);
                    let s = self.replace_splices(parent, parent_owner, &v)?;
                    (
                        Change::Replace {
                            steps: parent_steps,
                            value: v,
                        },
                        s,
                    )
                } else {
                    let spans: Vec<(usize, usize)> = items
                        .iter()
                        .map(|n| {
                            let start = if *flow {
                                n.props_start
                            } else {
                                tree::find_dash_before(&self.src, n.props_start)
                                    .unwrap_or(n.props_start)
                            };
                            (start, n.tail_end.max(n.end))
                        })
                        .collect();
                    let s = self.remove_splices(&spans, *i, *flow, items[*i].is_block_scalar())?;
                    (
                        Change::RemoveItem {
                            steps: parent_steps,
                            index: *i,
                        },
                        s,
                    )
                }
            }
            _ => unreachable!("a walk step matches its parent's kind"),
        };
        self.commit(index, change, splices)?;
        Ok(true)
    }

    fn doc(&self, index: usize) -> Result<&YamlDocument, EditError> {
        self.docs.get(index).ok_or(EditError::NoSuchDocument {
            index,
            count: self.docs.len(),
        })
    }

    /// Walks `path` from the root as far as it exists.
    fn walk<'a>(
        &'a self,
        doc: &'a YamlDocument,
        path: &Path,
        follow_aliases: bool,
    ) -> Result<Walk<'a>, EditError> {
        let mut walk = Walk {
            chain: vec![],
            owners: vec![],
            steps: vec![],
            consumed: 0,
        };
        let Some(root) = &doc.root else {
            return Ok(walk);
        };
        let anchors = anchor_nodes(root);
        walk.chain.push(root);
        walk.owners.push(Owner::Root);
        let mut cur = root;
        for (i, seg) in path.segments.iter().enumerate() {
            if let NodeKind::Alias { name } = &cur.kind {
                match anchors.get(name.as_str()) {
                    Some(target) if follow_aliases => cur = target,
                    _ => {
                        return Err(EditError::Alias {
                            path: path.prefix(i).to_string(),
                            what: "alias",
                            anchor: name.clone(),
                            location: self.location(cur.start),
                        });
                    }
                }
            }
            let loc = self.location(cur.start);
            match &cur.kind {
                NodeKind::Mapping { entries, flow } => {
                    let key = match seg {
                        Segment::Key(k) | Segment::Token(k) => k,
                        _ => {
                            return Err(EditError::WrongSegment {
                                path: path.prefix(i).to_string(),
                                found: "mapping",
                                segment: seg.to_string(),
                                location: loc,
                            });
                        }
                    };
                    let key_text = |n: &'a Node| -> Option<&'a str> {
                        match &n.kind {
                            NodeKind::Alias { name } => {
                                anchors.get(name.as_str()).and_then(|t| t.scalar_text())
                            }
                            _ => n.scalar_text(),
                        }
                    };
                    let found = entries
                        .iter()
                        .rposition(|e| key_text(&e.key) == Some(key.as_str()));
                    match found {
                        Some(j) => {
                            let e = &entries[j];
                            walk.chain.push(&e.value);
                            walk.owners.push(Owner::MapValue {
                                key: &e.key,
                                flow: *flow,
                            });
                            walk.steps.push(Step::Entry(j));
                            cur = &e.value;
                        }
                        None => return Ok(walk),
                    }
                }
                NodeKind::Sequence { items, flow } => {
                    let idx = match seg {
                        Segment::Index(n) => Some(*n),
                        Segment::Append => None,
                        Segment::Token(t) => match t.parse::<usize>() {
                            Ok(n) if t == &n.to_string() => Some(n),
                            _ => {
                                return Err(EditError::WrongSegment {
                                    path: path.prefix(i).to_string(),
                                    found: "sequence",
                                    segment: seg.to_string(),
                                    location: loc,
                                });
                            }
                        },
                        Segment::Match(k, v) => {
                            let key_of = |n: &Node| -> Option<String> {
                                let NodeKind::Mapping { entries, .. } = &n.kind else {
                                    return None;
                                };
                                entries
                                    .iter()
                                    .rev()
                                    .find(|e| e.key.scalar_text() == Some(k.as_str()))
                                    .and_then(|e| e.value.scalar_text().map(str::to_owned))
                            };
                            match items
                                .iter()
                                .position(|n| key_of(n).as_deref() == Some(v.as_str()))
                            {
                                Some(n) => Some(n),
                                None => return Ok(walk),
                            }
                        }
                        Segment::Key(_) => {
                            return Err(EditError::WrongSegment {
                                path: path.prefix(i).to_string(),
                                found: "sequence",
                                segment: seg.to_string(),
                                location: loc,
                            });
                        }
                    };
                    match idx {
                        Some(n) if n < items.len() => {
                            walk.chain.push(&items[n]);
                            walk.owners.push(Owner::SeqItem { flow: *flow });
                            walk.steps.push(Step::Item(n));
                            cur = &items[n];
                        }
                        Some(n) if n > items.len() => {
                            return Err(EditError::IndexOutOfRange {
                                path: path.prefix(i).to_string(),
                                index: n,
                                len: items.len(),
                                location: loc,
                            });
                        }
                        _ => return Ok(walk),
                    }
                }
                NodeKind::Scalar { .. } if node_value(cur) == Value::Null => return Ok(walk),
                NodeKind::Scalar { .. } | NodeKind::Alias { .. } => {
                    return Err(EditError::NotACollection {
                        path: path.prefix(i).to_string(),
                        found: node_value(cur).type_name(),
                        location: loc,
                    });
                }
            }
            walk.consumed = i + 1;
        }
        Ok(walk)
    }

    /// Refuses edits that would change an anchored node that aliases share.
    fn check_anchors(
        &self,
        doc: &YamlDocument,
        walk: &Walk<'_>,
        path: &Path,
    ) -> Result<(), EditError> {
        let Some(root) = &doc.root else { return Ok(()) };
        let aliased = aliased_names(root);
        if aliased.is_empty() {
            return Ok(());
        }
        for (i, node) in walk.chain.iter().enumerate() {
            if let Some(a) = &node.anchor
                && aliased.contains(a.as_str())
            {
                return Err(EditError::Alias {
                    path: path.prefix(i).to_string(),
                    what: "anchor",
                    anchor: a.clone(),
                    location: self.location(node.props_start),
                });
            }
        }
        Ok(())
    }

    /// Applies splices, re-parses, checks the oracle, and keeps the result.
    fn commit(
        &mut self,
        index: usize,
        change: Change,
        mut splices: Vec<Splice>,
    ) -> Result<(), EditError> {
        splices.sort_by(|a, b| b.start.cmp(&a.start).then(b.end.cmp(&a.end)));
        let mut text = self.src.clone();
        for s in &splices {
            text.replace_range(s.start..s.end, &s.text);
        }
        let mut expected = self.values();
        if expected.is_empty() {
            expected.push(Value::Null);
        }
        apply_change(&mut expected[index], &change);
        let reparsed = Document::parse(text).map_err(EditError::Reparse)?;
        let got = reparsed.values();
        if got.len() != expected.len() {
            return Err(EditError::Oracle {
                detail: format!(
                    "expected {} documents, the edited text has {}",
                    expected.len(),
                    got.len()
                ),
            });
        }
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            if g != e {
                let eg = truncate_chars(&g.to_string(), 300);
                let ee = truncate_chars(&e.to_string(), 300);
                return Err(EditError::Oracle {
                    detail: format!("document {i} would read as {eg}, intended {ee}"),
                });
            }
        }
        *self = reparsed;
        Ok(())
    }

    /// Where an entry starts: its key, or the `?` of an explicit key.
    fn entry_start(&self, e: &Entry) -> usize {
        let b = self.src.as_bytes();
        let mut i = e.key.props_start;
        while i > 0 && matches!(b[i - 1], b' ' | b'\t' | b'\r' | b'\n') {
            i -= 1;
        }
        // The `?` of an explicit key, first on its line (the key may be on the next line).
        if i > 0 && b[i - 1] == b'?' && first_on_line(&self.src, i - 1) {
            i - 1
        } else {
            e.key.props_start
        }
    }

    /// Where an entry ends: its value, or the colon after the key when the value is empty.
    fn entry_end(&self, e: &Entry) -> usize {
        if e.value.empty {
            self.after_colon(&e.key).max(e.key.end)
        } else {
            e.value.end.max(e.key.end)
        }
    }

    fn eol(&self) -> &'static str {
        self.layout.eol
    }

    /// Position right after the `:` that follows a key (or the key's end if none is found).
    fn after_colon(&self, key: &Node) -> usize {
        let b = self.src.as_bytes();
        let mut i = key.end;
        // Quoted keys and plain keys end right before optional spaces and the colon.
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
            i += 1;
        }
        if i < b.len() && b[i] == b':' {
            i + 1
        } else {
            key.end
        }
    }

    /// Splices that replace `node` (owned by `owner`) with `value`.
    fn replace_splices(
        &self,
        node: &Node,
        owner: Owner<'_>,
        value: &Value,
    ) -> Result<Vec<Splice>, EditError> {
        let src = &self.src;
        let eol = self.eol();
        let flow_ctx = matches!(
            owner,
            Owner::MapValue { flow: true, .. } | Owner::SeqItem { flow: true }
        );
        let hint = match &node.kind {
            NodeKind::Scalar { style, .. } if !node.empty => Some(*style),
            _ => None,
        };
        // Where the value may start: after `key:`, after `-`, or at the node.
        let lead = match owner {
            Owner::MapValue { key, .. } => self.after_colon(key),
            Owner::SeqItem { flow: false } => {
                tree::find_dash_before(src, node.props_start).map_or(node.props_start, |d| d + 1)
            }
            _ => node.props_start,
        };
        // The indentation that nested block lines are measured from.
        let base_col = match owner {
            Owner::MapValue { key, .. } => col(src, key.props_start),
            Owner::SeqItem { .. } => col(src, lead.saturating_sub(1)),
            Owner::Root => 0,
        };
        // Between `key:` and a block collection there may be comment lines that belong to its
        // first child; they go with the collection. A comment on the key's own line stays.
        let gap = &src[lead.min(node.props_start)..node.props_start];
        let lead_gap_blank = gap
            .split('\n')
            .next()
            .is_some_and(|first| first.trim().is_empty())
            && gap
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));

        if flow_ctx || !render::is_block(value) {
            // One-line text (or a literal block scalar for a multi-line string).
            // A literal block must end its line: a comment after the old value would become
            // part of the text, so then the string is written double-quoted instead.
            let rest_of_line = &src[node.end.min(src.len())..line_end(src, node.end)];
            // A quoted scalar stays quoted (a multi-line string is then escaped, `\n`).
            let quoted = matches!(
                hint,
                Some(ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted)
            );
            let literal = !flow_ctx
                && !quoted
                && render::wants_literal(value)
                && !matches!(owner, Owner::Root)
                && rest_of_line.trim().is_empty();
            let text = if literal {
                let Value::String(s) = value else {
                    unreachable!()
                };
                let lines = render::literal_lines(s, "", base_col + self.layout.step);
                lines.join(eol)
            } else if value.is_collection() {
                render::flow_inline(value)
            } else {
                render::scalar_inline(value, hint, flow_ctx)
            };
            if node.empty {
                let at = if matches!(owner, Owner::Root) {
                    node.start
                } else {
                    lead
                };
                let sep = if matches!(owner, Owner::Root) {
                    ""
                } else {
                    " "
                };
                return Ok(vec![Splice {
                    start: at,
                    end: at,
                    text: format!("{sep}{text}"),
                }]);
            }
            if node.is_block_collection() && !matches!(owner, Owner::Root) && lead_gap_blank {
                return Ok(vec![Splice {
                    start: lead,
                    end: node.end,
                    text: format!(" {text}"),
                }]);
            }
            let start = node.tag_span.map_or(node.start, |(s, _)| s.min(node.start));
            let start = if node.anchor.is_some() {
                start
            } else {
                start.min(node.props_start)
            };
            return Ok(vec![Splice {
                start,
                end: node.end,
                text,
            }]);
        }

        // A non-empty collection in block context: block lines.
        let child_indent = |v: &Value, base: usize| match v {
            Value::Sequence(_) => base + self.layout.seq_indent,
            _ => base + self.layout.step,
        };
        match owner {
            Owner::MapValue { .. } => {
                let indent = child_indent(value, base_col);
                let lines = render::block_lines(value, indent, &self.layout).join(eol);
                if node.is_block_collection() && first_on_line(src, node.props_start) {
                    let start = line_start(src, node.props_start);
                    return Ok(vec![Splice {
                        start,
                        end: node.end,
                        text: lines,
                    }]);
                }
                let mut out = Vec::new();
                let del_end = if node.empty { lead } else { node.end };
                if del_end > lead {
                    out.push(Splice {
                        start: lead,
                        end: del_end,
                        text: String::new(),
                    });
                }
                let at = line_end(src, del_end.max(lead));
                out.push(Splice {
                    start: at,
                    end: at,
                    text: format!("{eol}{lines}"),
                });
                Ok(out)
            }
            Owner::SeqItem { .. } => {
                let dash_col = base_col;
                let indent = dash_col + 2;
                let lines = render::block_lines(value, indent, &self.layout);
                if node.empty || !first_on_line(src, node.props_start) {
                    let mut text = lines[0][indent.min(lines[0].len())..].to_owned();
                    for l in &lines[1..] {
                        text.push_str(eol);
                        text.push_str(l);
                    }
                    let (start, end, text) = if node.empty {
                        (lead, lead, format!(" {text}"))
                    } else {
                        (node.props_start, node.end, text)
                    };
                    return Ok(vec![Splice { start, end, text }]);
                }
                let start = line_start(src, node.props_start);
                Ok(vec![Splice {
                    start,
                    end: node.end,
                    text: lines.join(eol),
                }])
            }
            Owner::Root => {
                let lines = render::block_lines(value, 0, &self.layout).join(eol);
                let start = node.props_start;
                let text = if first_on_line(src, start) {
                    lines
                } else {
                    format!("{eol}{lines}")
                };
                let start = if first_on_line(src, start) {
                    line_start(src, start)
                } else {
                    start
                };
                let end = if node.empty { start } else { node.end };
                let text = if node.empty && !src[end..].is_empty() {
                    format!("{text}{eol}")
                } else {
                    text
                };
                Ok(vec![Splice { start, end, text }])
            }
        }
    }

    /// Splices that give an empty document a root value.
    fn empty_root_splices(&self, at: usize, value: &Value) -> Vec<Splice> {
        let eol = self.eol();
        let body = if render::is_block(value) {
            render::block_lines(value, 0, &self.layout).join(eol)
        } else {
            render::scalar_inline(value, None, false)
        };
        let at_line_start = at == 0 || self.src.as_bytes()[at - 1] == b'\n';
        let text = if at_line_start {
            format!("{body}{eol}")
        } else {
            format!("{eol}{body}{eol}")
        };
        vec![Splice {
            start: at,
            end: at,
            text,
        }]
    }

    /// Splices that add `key: value` as the last entry of mapping `map`.
    fn insert_splices(
        &self,
        map: &Node,
        key: &Value,
        value: &Value,
    ) -> Result<Vec<Splice>, EditError> {
        let NodeKind::Mapping { entries, flow } = &map.kind else {
            unreachable!()
        };
        let src = &self.src;
        let eol = self.eol();
        if *flow {
            let entry = format!(
                "{}: {}",
                render::key_text(key, true),
                render::flow_inline(value)
            );
            return Ok(match entries.last() {
                None => {
                    let at = map.end - 1;
                    vec![Splice {
                        start: at,
                        end: at,
                        text: entry,
                    }]
                }
                Some(last) => {
                    let at = self.entry_end(last);
                    vec![Splice {
                        start: at,
                        end: at,
                        text: format!(", {entry}"),
                    }]
                }
            });
        }
        let first = entries.first().expect("a block mapping has entries");
        let last = entries.last().expect("a block mapping has entries");
        let indent = col(src, self.entry_start(first));
        let lines = render::block_lines(
            &Value::Mapping(vec![(key.clone(), value.clone())]),
            indent,
            &self.layout,
        );
        let tail = last.value.tail_end.max(last.key.end);
        let keep = last.value.tail_end > last.value.end;
        let at = if keep && (tail == 0 || src.as_bytes()[tail - 1] == b'\n') {
            tail
        } else {
            line_after(src, self.entry_end(last))
        };
        let text = if at == src.len() && !src.ends_with('\n') {
            format!("{eol}{}", lines.join(eol))
        } else {
            format!("{}{eol}", lines.join(eol))
        };
        Ok(vec![Splice {
            start: at,
            end: at,
            text,
        }])
    }

    /// Splices that append `value` to sequence `seq`.
    fn append_splices(&self, seq: &Node, value: &Value) -> Result<Vec<Splice>, EditError> {
        let NodeKind::Sequence { items, flow } = &seq.kind else {
            unreachable!()
        };
        let src = &self.src;
        let eol = self.eol();
        if *flow {
            let item = render::flow_inline(value);
            return Ok(match items.last() {
                None => {
                    let at = seq.end - 1;
                    vec![Splice {
                        start: at,
                        end: at,
                        text: item,
                    }]
                }
                Some(last) => {
                    let at = last.end;
                    vec![Splice {
                        start: at,
                        end: at,
                        text: format!(", {item}"),
                    }]
                }
            });
        }
        let dash_col = col(src, seq.start);
        let lines = render::block_lines(
            &Value::Sequence(vec![value.clone()]),
            dash_col,
            &self.layout,
        );
        let last = items.last().expect("a block sequence has items");
        let keep = last.tail_end > last.end;
        let at = if keep && src.as_bytes()[last.tail_end - 1] == b'\n' {
            last.tail_end
        } else {
            line_after(src, last.end)
        };
        let text = if at == src.len() && !src.ends_with('\n') {
            format!("{eol}{}", lines.join(eol))
        } else {
            format!("{}{eol}", lines.join(eol))
        };
        Ok(vec![Splice {
            start: at,
            end: at,
            text,
        }])
    }

    /// Splices that remove element `i` of a collection with at least two elements, given each
    /// element's (start, end) span.
    fn remove_splices(
        &self,
        spans: &[(usize, usize)],
        i: usize,
        flow: bool,
        keep_tail: bool,
    ) -> Result<Vec<Splice>, EditError> {
        let src = &self.src;
        let (start, end) = spans[i];
        if flow {
            let (s, e) = if i + 1 < spans.len() {
                (start, spans[i + 1].0)
            } else {
                (spans[i - 1].1, end)
            };
            return Ok(vec![Splice {
                start: s,
                end: e,
                text: String::new(),
            }]);
        }
        if first_on_line(src, start) {
            let mut s = line_start(src, start);
            let indent = start - s;
            // Take the comment lines directly above, at the same indentation.
            while s > 0 {
                let prev = line_start(src, s - 1);
                let line = &src[prev..s];
                let trimmed = line.trim_start_matches(' ');
                if trimmed.starts_with('#') && line.len() - trimmed.len() == indent {
                    s = prev;
                } else {
                    break;
                }
            }
            let e = if keep_tail && end > 0 && src.as_bytes()[end - 1] == b'\n' {
                end
            } else {
                line_after(src, end)
            };
            // Never remove past the next element's start.
            let e = match spans.get(i + 1) {
                Some(&(next, _)) if e > next => line_start(src, next),
                _ => e,
            };
            // Removing the last line of a file that does not end in a line break: take the
            // break before it instead, so the file still ends without one.
            let s = if e == src.len() && !src.ends_with('\n') && s > 0 {
                if src[..s].ends_with("\r\n") {
                    s - 2
                } else {
                    s - 1
                }
            } else {
                s
            };
            return Ok(vec![Splice {
                start: s,
                end: e,
                text: String::new(),
            }]);
        }
        match spans.get(i + 1) {
            Some(&(next, _)) => Ok(vec![Splice {
                start,
                end: next,
                text: String::new(),
            }]),
            None => Err(EditError::Unrepresentable {
                what: "the removal".into(),
                reason: "the element shares its line with another construct".into(),
            }),
        }
    }
}

fn doc_value(doc: &YamlDocument) -> Value {
    match &doc.root {
        None => Value::Null,
        Some(root) => {
            let mut anchors = HashMap::new();
            to_value(root, &mut anchors)
        }
    }
}

/// The value of a node inside a document (aliases resolved against the whole document).
fn node_value_in(doc: &YamlDocument, node: &Node) -> Value {
    let mut anchors = HashMap::new();
    if let Some(root) = &doc.root {
        // Collect anchors defined before the node.
        collect_anchor_values(root, node.props_start, &mut anchors);
    }
    to_value(node, &mut anchors)
}

fn collect_anchor_values(node: &Node, before: usize, anchors: &mut HashMap<String, Value>) {
    if node.props_start >= before {
        return;
    }
    match &node.kind {
        NodeKind::Sequence { items, .. } => items
            .iter()
            .for_each(|n| collect_anchor_values(n, before, anchors)),
        NodeKind::Mapping { entries, .. } => {
            for e in entries {
                collect_anchor_values(&e.key, before, anchors);
                collect_anchor_values(&e.value, before, anchors);
            }
        }
        _ => {}
    }
    if let Some(a) = &node.anchor
        && node.end <= before
    {
        let mut tmp = anchors.clone();
        let v = to_value(node, &mut tmp);
        anchors.insert(a.clone(), v);
    }
}

/// The value of a node without alias context (aliases become `Null`).
fn node_value(node: &Node) -> Value {
    to_value(node, &mut HashMap::new())
}

fn to_value(node: &Node, anchors: &mut HashMap<String, Value>) -> Value {
    let v = match &node.kind {
        NodeKind::Scalar { value, style, .. } => {
            let v = if *style == ScalarStyle::Plain {
                resolve_plain(value)
            } else {
                Value::String(value.clone())
            };
            match node.tag.as_deref() {
                None => v,
                Some("!!str" | "!") | Some("tag:yaml.org,2002:str") => Value::String(value.clone()),
                Some("!!int") => parse_int_yaml11(value).map_or(
                    Value::Tagged("!!int".into(), Box::new(Value::String(value.clone()))),
                    Value::Int,
                ),
                Some("!!bool" | "!!null" | "!!float") => resolve_plain(value),
                Some(tag) => Value::Tagged(tag.to_owned(), Box::new(Value::String(value.clone()))),
            }
        }
        NodeKind::Sequence { items, .. } => {
            Value::Sequence(items.iter().map(|n| to_value(n, anchors)).collect())
        }
        NodeKind::Mapping { entries, .. } => Value::Mapping(
            entries
                .iter()
                .map(|e| (to_value(&e.key, anchors), to_value(&e.value, anchors)))
                .collect(),
        ),
        NodeKind::Alias { name } => anchors.get(name).cloned().unwrap_or(Value::Null),
    };
    let v = match (&node.kind, node.tag.as_deref()) {
        (NodeKind::Sequence { .. } | NodeKind::Mapping { .. }, Some(tag))
            if !matches!(tag, "!!map" | "!!seq" | "!!omap" | "!!set" | "!!pairs") =>
        {
            Value::Tagged(tag.to_owned(), Box::new(v))
        }
        _ => v,
    };
    if let Some(a) = &node.anchor {
        anchors.insert(a.clone(), v.clone());
    }
    v
}

/// The anchored nodes below `root`, by anchor name (the last definition wins).
pub(crate) fn anchor_nodes(root: &Node) -> HashMap<&str, &Node> {
    fn go<'a>(n: &'a Node, out: &mut HashMap<&'a str, &'a Node>) {
        if let Some(a) = &n.anchor {
            out.insert(a.as_str(), n);
        }
        match &n.kind {
            NodeKind::Sequence { items, .. } => items.iter().for_each(|c| go(c, out)),
            NodeKind::Mapping { entries, .. } => entries.iter().for_each(|e| {
                go(&e.key, out);
                go(&e.value, out);
            }),
            _ => {}
        }
    }
    let mut out = HashMap::new();
    go(root, &mut out);
    out
}

fn aliased_names(root: &Node) -> HashSet<&str> {
    fn go<'a>(n: &'a Node, out: &mut HashSet<&'a str>) {
        match &n.kind {
            NodeKind::Alias { name } => {
                out.insert(name.as_str());
            }
            NodeKind::Sequence { items, .. } => items.iter().for_each(|c| go(c, out)),
            NodeKind::Mapping { entries, .. } => entries.iter().for_each(|e| {
                go(&e.key, out);
                go(&e.value, out);
            }),
            NodeKind::Scalar { .. } => {}
        }
    }
    let mut out = HashSet::new();
    go(root, &mut out);
    out
}

/// Builds the value for missing path segments: keys make mappings, an index makes a sequence.
fn build_value(rest: &[Segment], leaf: &Value, path: &Path) -> Result<Value, EditError> {
    let Some((first, tail)) = rest.split_first() else {
        return Ok(leaf.clone());
    };
    let inner = build_value(tail, leaf, path)?;
    Ok(match first {
        Segment::Key(k) | Segment::Token(k) => {
            Value::Mapping(vec![(Value::String(k.clone()), inner)])
        }
        Segment::Index(0) | Segment::Append => Value::Sequence(vec![inner]),
        Segment::Match(k, v) => Value::Sequence(vec![with_match_key(k, v, inner)]),
        Segment::Index(n) => {
            return Err(EditError::PathSyntax {
                path: path.to_string(),
                reason: format!("cannot create a sequence at index {n}; use [0] or [-]"),
            });
        }
    })
}

/// The item appended for a `[key=value]` segment: a mapping that starts with `key: value`.
fn with_match_key(k: &str, v: &str, inner: Value) -> Value {
    let key = Value::String(k.to_owned());
    let val = resolve_plain(v);
    match inner {
        Value::Mapping(mut entries) => {
            if !entries.iter().any(|(e, _)| *e == key) {
                entries.insert(0, (key, val));
            }
            Value::Mapping(entries)
        }
        Value::Null => Value::Mapping(vec![(key, val)]),
        other => other,
    }
}

fn apply_change(root: &mut Value, change: &Change) {
    fn at<'a>(v: &'a mut Value, steps: &[Step]) -> &'a mut Value {
        let mut cur = v;
        for s in steps {
            // A tagged collection (`!foo {a: 1}`) is addressed through its tag.
            while let Value::Tagged(_, inner) = cur {
                cur = inner;
            }
            cur = match (cur, s) {
                (Value::Mapping(e), Step::Entry(i)) => &mut e[*i].1,
                (Value::Sequence(items), Step::Item(i)) => &mut items[*i],
                _ => unreachable!("steps follow the tree"),
            };
        }
        cur
    }
    /// The collection at `steps`, through a tag if it has one.
    fn coll<'a>(v: &'a mut Value, steps: &[Step]) -> &'a mut Value {
        let mut cur = at(v, steps);
        while let Value::Tagged(_, inner) = cur {
            cur = inner;
        }
        cur
    }
    match change {
        Change::Replace { steps, value } => *at(root, steps) = value.clone(),
        Change::Insert { steps, key, value } => {
            if let Value::Mapping(e) = coll(root, steps) {
                e.push((key.clone(), value.clone()));
            }
        }
        Change::Append { steps, value } => {
            if let Value::Sequence(items) = coll(root, steps) {
                items.push(value.clone());
            }
        }
        Change::RemoveEntry { steps, index } => {
            if let Value::Mapping(e) = coll(root, steps) {
                e.remove(*index);
            }
        }
        Change::RemoveItem { steps, index } => {
            if let Value::Sequence(items) = coll(root, steps) {
                items.remove(*index);
            }
        }
    }
}

/// The first `n` characters of `s`, with `…` when cut.
fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn line_start(src: &str, pos: usize) -> usize {
    src[..pos.min(src.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// The position of the line break ending the line that holds `pos` (or the end of the text).
fn line_end(src: &str, pos: usize) -> usize {
    let pos = pos.min(src.len());
    let nl = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
    if nl > pos && src.as_bytes()[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    }
}

/// The start of the line after the one holding `pos` (or the end of the text).
fn line_after(src: &str, pos: usize) -> usize {
    src[pos.min(src.len())..]
        .find('\n')
        .map_or(src.len(), |i| pos + i + 1)
}

fn col(src: &str, pos: usize) -> usize {
    let start = line_start(src, pos);
    // A byte-order mark is not indentation.
    let start = if start == 0 && src.starts_with('\u{feff}') {
        3.min(pos)
    } else {
        start
    };
    pos - start
}

fn first_on_line(src: &str, pos: usize) -> bool {
    src[line_start(src, pos)..pos]
        .trim_start_matches('\u{feff}')
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
}

fn detect_layout(src: &str, docs: &[YamlDocument]) -> Layout {
    let eol = match src.find('\n') {
        Some(i) if i > 0 && src.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    };
    let mut layout = Layout {
        eol,
        ..Layout::default()
    };
    let mut step = None;
    let mut seq = None;
    fn go(src: &str, n: &Node, step: &mut Option<usize>, seq: &mut Option<usize>) {
        if let NodeKind::Mapping {
            entries,
            flow: false,
        } = &n.kind
        {
            for e in entries {
                let kc = col(src, e.key.props_start);
                match &e.value.kind {
                    NodeKind::Mapping {
                        flow: false,
                        entries: inner,
                    } if step.is_none() && first_on_line(src, inner[0].key.props_start) => {
                        let c = col(src, e.value.start);
                        if c > kc {
                            *step = Some(c - kc);
                        }
                    }
                    NodeKind::Sequence { flow: false, .. }
                        if seq.is_none() && first_on_line(src, e.value.start) =>
                    {
                        let c = col(src, e.value.start);
                        if c >= kc {
                            *seq = Some(c - kc);
                        }
                    }
                    _ => {}
                }
                go(src, &e.value, step, seq);
                if step.is_some() && seq.is_some() {
                    return;
                }
            }
        } else if let NodeKind::Sequence { items, .. } = &n.kind {
            for i in items {
                go(src, i, step, seq);
            }
        }
    }
    for d in docs {
        if let Some(r) = &d.root {
            go(src, r, &mut step, &mut seq);
        }
    }
    if let Some(s) = step {
        layout.step = s;
    }
    if let Some(s) = seq {
        layout.seq_indent = s;
    }
    layout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_segments_select_items_by_key() {
        let mut d = Document::parse(
            "ports:\n- name: http\n  port: 80\n- name: https\n  port: 10250 # secure\n",
        )
        .unwrap();
        assert!(
            d.set(
                0,
                &Path::parse("ports[name=https].port").unwrap(),
                &Value::Int(4443)
            )
            .unwrap()
        );
        assert_eq!(
            d.as_str(),
            "ports:\n- name: http\n  port: 80\n- name: https\n  port: 4443 # secure\n"
        );
        assert!(
            d.set(
                0,
                &Path::parse("ports[name=metrics].port").unwrap(),
                &Value::Int(9090)
            )
            .unwrap()
        );
        assert!(
            d.as_str().ends_with("- name: metrics\n  port: 9090\n"),
            "{}",
            d.as_str()
        );
        assert!(
            !d.set(
                0,
                &Path::parse("ports[name=metrics].port").unwrap(),
                &Value::Int(9090)
            )
            .unwrap()
        );
        assert!(
            d.unset(0, &Path::parse("ports[name=http]").unwrap())
                .unwrap()
        );
        assert!(d.as_str().starts_with("ports:\n- name: https\n"));
    }

    /// Found by the fuzzer: `[-]` in the middle of a path appended again on every run.
    #[test]
    fn append_is_idempotent_anywhere_in_a_path() {
        let mut d = Document::parse("items:\n- name: a\n").unwrap();
        let p = Path::parse("items[-].name").unwrap();
        assert!(d.set(0, &p, &Value::String("b".into())).unwrap());
        assert!(!d.set(0, &p, &Value::String("b".into())).unwrap());
        assert_eq!(d.as_str(), "items:\n- name: a\n- name: b\n");
    }

    /// Found by the fuzzer: the oracle's message cut a multi-byte character in half.
    #[test]
    fn oracle_message_keeps_characters_whole() {
        let mut d = Document::parse("?  \n ub:").unwrap();
        let key = format!("{}x", "~".repeat(310));
        let r = d.set(0, &Path::keys([key]), &Value::String("өblaedie".into()));
        assert!(matches!(r, Ok(_) | Err(EditError::Oracle { .. })), "{r:?}");
        assert_eq!(truncate_chars("aөb", 2), "aө…");
    }

    /// Found by the fuzzer: a tagged root mapping used to panic the oracle.
    #[test]
    fn tagged_collections_are_edited_through_their_tag() {
        let mut d = Document::parse("!t\na: 1\n").unwrap();
        assert!(
            d.set(0, &Path::parse("b").unwrap(), &Value::Int(2))
                .unwrap()
        );
        assert_eq!(d.as_str(), "!t\na: 1\nb: 2\n");
        assert!(d.unset(0, &Path::parse("a").unwrap()).unwrap());
        assert_eq!(d.as_str(), "!t\nb: 2\n");
        let mut d = Document::parse("x: !t {a: 1}\n").unwrap();
        assert!(
            d.set(0, &Path::parse("x.c").unwrap(), &Value::Int(3))
                .unwrap()
        );
        assert_eq!(d.as_str(), "x: !t {a: 1, c: 3}\n");
    }
}
