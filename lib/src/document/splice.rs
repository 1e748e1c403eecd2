//! Splices: planned changes as byte-range replacements, and the semantic oracle that checks
//! every edit before it is kept.

use super::text::{col, first_on_line, line_after, line_end, line_start, truncate_chars};
use super::value::resolve_plain;
use super::walk::{Owner, Step};
use super::{
    Document, EditError, Entry, Node, NodeKind, Path, ScalarStyle, Segment, Value, render, tree,
};

/// A planned change, in value terms (the oracle applies it to the original value).
#[derive(Debug, Clone)]
pub(super) enum Change {
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
pub(super) struct Splice {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: String,
}

impl Document {
    /// Applies splices, re-parses, checks the oracle, and keeps the result.
    pub(super) fn commit(
        &mut self,
        index: usize,
        change: Change,
        mut splices: Vec<Splice>,
    ) -> Result<(), EditError> {
        // New text is written with `\n` or `\r\n` and placed by `\n` line starts; a lone `\r`
        // (a line break to YAML and to go-yaml) would put it on the wrong line.
        let b = self.src.as_bytes();
        if let Some(i) = memchr::memchr_iter(b'\r', b).find(|&i| b.get(i + 1) != Some(&b'\n')) {
            return Err(EditError::LineEndings {
                location: self.location(i),
            });
        }
        splices.sort_by(|a, b| b.start.cmp(&a.start).then(b.end.cmp(&a.end)));
        let mut text = self.src.clone();
        for s in &splices {
            text.replace_range(s.start..s.end, &s.text);
        }
        // The intended value: the changed document's value with the change applied; the other
        // documents must read as before.
        let before = self.values_ref();
        let count = before.len().max(1);
        let mut changed = before.get(index).cloned().unwrap_or(Value::Null);
        apply_change(&mut changed, &change);
        let expected = |i: usize| {
            if i == index { &changed } else { &before[i] }
        };
        let reparsed = Document::parse(text).map_err(EditError::Reparse)?;
        let got = reparsed.values_ref();
        if got.len() != count {
            return Err(EditError::Oracle {
                detail: format!(
                    "expected {count} documents, the edited text has {}",
                    got.len()
                ),
            });
        }
        for (i, g) in got.iter().enumerate() {
            let e = expected(i);
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
    pub(super) fn entry_start(&self, e: &Entry) -> usize {
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
    pub(super) fn entry_end(&self, e: &Entry) -> usize {
        if e.value.empty {
            self.after_colon(&e.key).max(e.key.end)
        } else {
            e.value.end.max(e.key.end)
        }
    }

    pub(super) fn eol(&self) -> &'static str {
        self.layout.eol
    }

    /// Position right after the `:` that follows a key (or the key's end if none is found).
    pub(super) fn after_colon(&self, key: &Node) -> usize {
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
    pub(super) fn replace_splices(
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
    pub(super) fn empty_root_splices(&self, at: usize, value: &Value) -> Vec<Splice> {
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
    pub(super) fn insert_splices(
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
    pub(super) fn append_splices(
        &self,
        seq: &Node,
        value: &Value,
    ) -> Result<Vec<Splice>, EditError> {
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
    pub(super) fn remove_splices(
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

/// Builds the value for missing path segments: keys make mappings, an index makes a sequence.
pub(super) fn build_value(rest: &[Segment], leaf: &Value, path: &Path) -> Result<Value, EditError> {
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
pub(super) fn with_match_key(k: &str, v: &str, inner: Value) -> Value {
    let key = Value::String(k.to_owned());
    let val = resolve_plain(super::path::alternatives(v).next().unwrap_or(v));
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

pub(super) fn apply_change(root: &mut Value, change: &Change) {
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
