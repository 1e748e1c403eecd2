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
mod layout;
mod merge;
mod nodes;
mod path;
mod render;
mod splice;
mod text;
mod tree;
mod value;
mod walk;

pub use error::{EditError, LineIndex, Location, ParseError};
pub(crate) use merge::{MergeItem, hash_str, merge_entries};
pub(crate) use path::alternatives;
pub use path::{Path, Segment};
pub use render::Layout;
pub use tree::{Chomping, Entry, Node, NodeKind, ScalarStyle, YamlDocument};
pub(crate) use value::parse_int_yaml11;
pub use value::{TagConflict, Value, resolve_plain, resolve_scalar};

use layout::detect_layout;
use nodes::{doc_value, node_value_in};
use splice::{Change, Splice, build_value, with_match_key};
use text::{line_after, line_end, line_start};
use walk::Step;
pub(crate) use walk::anchor_nodes_all;

/// A parsed YAML stream with its exact source text.
#[derive(Debug, Clone)]
pub struct Document {
    src: String,
    docs: Vec<YamlDocument>,
    layout: Layout,
    /// The resolved values of `docs`, computed on first use (the tree is immutable: an edit
    /// replaces the whole document, so the cache never goes stale).
    values: std::sync::OnceLock<Vec<Value>>,
    /// The line starts of `src`, found on first use and shared by every location asked for.
    lines: std::sync::OnceLock<LineIndex>,
}

impl Document {
    /// Parses a YAML stream.
    pub fn parse(src: impl Into<String>) -> Result<Document, ParseError> {
        let src = src.into();
        let docs = tree::parse_stream(&src)?;
        nodes::check_expansion(&src, &docs)?;
        let layout = detect_layout(&src, &docs);
        Ok(Document {
            src,
            docs,
            layout,
            values: std::sync::OnceLock::new(),
            lines: std::sync::OnceLock::new(),
        })
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
        self.value_ref(index).cloned()
    }

    /// [`Document::value`] without a copy: the value is resolved once per document and kept.
    pub fn value_ref(&self, index: usize) -> Result<&Value, EditError> {
        self.doc(index)?;
        Ok(&self.values_ref()[index])
    }

    /// The resolved values of all documents.
    pub fn values(&self) -> Vec<Value> {
        self.values_ref().to_vec()
    }

    /// [`Document::values`] without a copy.
    pub fn values_ref(&self) -> &[Value] {
        self.values
            .get_or_init(|| self.docs.iter().map(doc_value).collect())
    }

    /// The location of a byte offset in the source. The line starts are indexed once per
    /// document, so locating many offsets (the findings of a stream of many documents) is linear.
    pub fn location(&self, offset: usize) -> Location {
        self.line_index().locate(&self.src, offset)
    }

    /// The line index of the source, built on first use.
    pub fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.src))
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

    /// The start of the deepest node that exists along a dotted path (`modules.edged.x`;
    /// numeric segments index sequences) in document `index`: where a finding about the path,
    /// or about a key it lacks, is shown. `None` when even the document root is missing.
    pub fn nearest_start(&self, index: usize, dotted: &str) -> Option<usize> {
        let segs: Vec<&str> = dotted.split('.').filter(|s| !s.is_empty()).collect();
        (0..=segs.len()).rev().find_map(|n| {
            let path = Path {
                segments: segs[..n]
                    .iter()
                    .map(|s| Segment::Token((*s).to_owned()))
                    .collect(),
            };
            self.get(index, &path).ok().flatten().map(|node| node.start)
        })
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
        if !consistent {
            return self.set(index, path, &value);
        }
        let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_lines, &new_lines);
        // Unchanged lines keep their bytes (also whitespace-only ones, which the block already
        // holds); a new whitespace-only line would be fragile text to write, so such a change
        // rewrites the whole value instead.
        let new_blank = ops.iter().any(|op| match op {
            similar::DiffOp::Insert {
                new_index, new_len, ..
            }
            | similar::DiffOp::Replace {
                new_index, new_len, ..
            } => new_lines[*new_index..*new_index + *new_len]
                .iter()
                .any(|l| l.trim().is_empty() && !l.is_empty()),
            _ => false,
        });
        if new_blank {
            return self.set(index, path, &value);
        }
        let eol = self.eol();
        let mut out: Vec<String> = Vec::new();
        for op in ops {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closing_quote_alone_below_the_indentation_is_read_as_go_yaml_reads_it() {
        // Helm 4 writes post-rendered multi-line single-quoted scalars this way.
        let text = "spec:\n  rules:\n  - annotations:\n      description: 'one\n\n        two\n\n'\n      summary: s\n";
        let mut d = Document::parse(text).unwrap();
        let v = d.value(0).unwrap().to_json().unwrap();
        assert_eq!(
            v["spec"]["rules"][0]["annotations"]["description"],
            "one\ntwo\n"
        );
        assert!(
            d.set(
                0,
                &Path::parse("spec.rules[0].annotations.summary").unwrap(),
                &Value::String("t".into())
            )
            .unwrap()
        );
        assert_eq!(d.as_str(), text.replace("summary: s", "summary: t"));
        // An under-indented continuation line is still refused, at that line.
        let e = Document::parse("a:\n  b: 'one\n two\n  '\n").unwrap_err();
        assert_eq!(e.location.line, 3, "{e}");
    }

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
        assert_eq!(text::truncate_chars("aөb", 2), "aө…");
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
