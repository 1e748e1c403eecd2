//! A node tree with exact byte spans, built from granit-parser events.

use std::collections::HashMap;

use granit_parser::{Event, Parser, StructureStyle};

use super::error::ParseError;

/// How a scalar is written in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'single quoted'`.
    SingleQuoted,
    /// `"double quoted"`.
    DoubleQuoted,
    /// A `|` block scalar.
    Literal,
    /// A `>` block scalar.
    Folded,
}

/// The chomping indicator of a block scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chomping {
    /// `-`: final line breaks removed.
    Strip,
    /// No indicator: one final line break kept.
    Clip,
    /// `+`: all final line breaks kept.
    Keep,
}

/// What a node is.
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// A scalar with its decoded text.
    Scalar {
        /// The scalar's value after unescaping and folding.
        value: String,
        /// How it is written.
        style: ScalarStyle,
        /// For block scalars: the chomping indicator.
        chomping: Option<Chomping>,
    },
    /// A sequence.
    Sequence {
        /// Its items, in order.
        items: Vec<Node>,
        /// `[a, b]` rather than `- a` lines.
        flow: bool,
    },
    /// A mapping.
    Mapping {
        /// Its entries, in order.
        entries: Vec<Entry>,
        /// `{a: b}` rather than `a: b` lines.
        flow: bool,
    },
    /// An alias `*name`.
    Alias {
        /// The anchor name it refers to.
        name: String,
    },
}

/// A key/value pair of a mapping.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key node.
    pub key: Node,
    /// The value node.
    pub value: Node,
}

/// A node with its byte spans in the source.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// First byte of the node's content: the first character of a scalar (a block scalar's `|`
    /// or `>` header), the `[`/`{` of a flow collection, the first key or `-` of a block one.
    pub start: usize,
    /// End (exclusive) of the node's content: the end of its last non-blank character.
    pub end: usize,
    /// Like `end`, but includes trailing line breaks that belong to the value (`|+` scalars).
    pub tail_end: usize,
    /// Start of the node including its properties (`!tag`, `&anchor`).
    pub props_start: usize,
    /// The anchor defined on this node, without `&`.
    pub anchor: Option<String>,
    /// The explicit tag, as written (`!!str`, `!foo`).
    pub tag: Option<String>,
    /// Byte range of the explicit tag token.
    pub tag_span: Option<(usize, usize)>,
    /// True for an empty node (`key:` with nothing after it).
    pub empty: bool,
}

impl Node {
    /// True for block (non-flow) sequences and mappings.
    pub fn is_block_collection(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::Sequence { flow: false, .. } | NodeKind::Mapping { flow: false, .. }
        )
    }

    /// True for `|` and `>` scalars.
    pub fn is_block_scalar(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::Scalar {
                style: ScalarStyle::Literal | ScalarStyle::Folded,
                ..
            }
        )
    }

    /// The scalar's decoded text, if this is a scalar.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// One document of a stream.
#[derive(Debug, Clone)]
pub struct YamlDocument {
    /// The root node, if the document has content.
    pub root: Option<Node>,
    /// Byte range of the explicit `---` marker, if any.
    pub start_marker: Option<(usize, usize)>,
    /// Byte range of the explicit `...` marker, if any.
    pub end_marker: Option<(usize, usize)>,
}

impl YamlDocument {
    /// True for a document with no content or only a null (`---` alone, a comment, `~`).
    pub fn is_null(&self) -> bool {
        match &self.root {
            None => true,
            Some(n) => {
                n.empty
                    || matches!(&n.kind, NodeKind::Scalar { value, style: ScalarStyle::Plain, .. }
                        if n.tag.is_none() && super::value::resolve_plain(value) == super::Value::Null)
            }
        }
    }
}

enum Frame {
    Seq {
        flow: bool,
        start: usize,
        props: Props,
        items: Vec<Node>,
    },
    Map {
        flow: bool,
        braced: bool,
        start: usize,
        props: Props,
        entries: Vec<Entry>,
        key: Option<Node>,
    },
}

#[derive(Default, Clone)]
struct Props {
    anchor_id: usize,
    tag: Option<String>,
    tag_span: Option<(usize, usize)>,
}

/// Parses a whole stream into documents with node trees.
///
/// Indentation is the YAML specification's (strict), with one exception go-yaml (KubeEdge's and
/// Helm's reader) and PyYAML make too: a multi-line quoted scalar whose closing quote stands
/// alone on a line below the block's indentation. Helm 4 writes post-rendered streams that way
/// (`description: 'line one⏎  line two⏎'` inside an indented mapping). Such a stream is read
/// with the lenient indentation rules of `granit_parser` (those of PyYAML and ruamel.yaml).
pub fn parse_stream(src: &str) -> Result<Vec<YamlDocument>, ParseError> {
    match parse_stream_with(src, true) {
        Err(Scan::Error(e)) if closing_quote_alone(src, &e) => {
            match parse_stream_with(src, false) {
                Ok(docs) => Ok(docs),
                Err(Scan::Error(_)) => Err(ParseError::from_scan(src, &e)),
                Err(Scan::Parse(p)) => Err(p),
            }
        }
        Err(Scan::Error(e)) => Err(ParseError::from_scan(src, &e)),
        Err(Scan::Parse(p)) => Err(p),
        Ok(docs) => Ok(docs),
    }
}

/// Why a parse failed: the scanner (kept whole, to tell its kind), or the tree builder.
enum Scan {
    Error(granit_parser::ScanError),
    Parse(ParseError),
}

impl From<ParseError> for Scan {
    fn from(p: ParseError) -> Self {
        Scan::Parse(p)
    }
}

/// Whether `e` is strict indentation refusing a quoted scalar's closing quote that stands alone
/// on its line (Helm 4's shape), and nothing else.
fn closing_quote_alone(src: &str, e: &granit_parser::ScanError) -> bool {
    if !matches!(
        e.kind(),
        granit_parser::ErrorKind::InvalidQuotedScalarIndent
    ) {
        return false;
    }
    let Some(offset) = e.marker().byte_offset() else {
        return false;
    };
    let start = src[..offset.min(src.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = src[start..].lines().next().unwrap_or("");
    matches!(line.trim(), "'" | "\"")
}

fn parse_stream_with(src: &str, strict: bool) -> Result<Vec<YamlDocument>, Scan> {
    let mut opts = granit_parser::Options::default();
    opts.emit_anchor_events = true;
    opts.set_emit_comments(false);
    opts.strict_indentation = strict;
    let parser = Parser::new_from_str_with_options(src, opts);

    let mut docs = Vec::new();
    let mut current: Option<YamlDocument> = None;
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (String, usize)> = HashMap::new();
    let mut last_token_end = 0usize;

    for item in parser {
        let (event, span) = item.map_err(Scan::Error)?;
        let range = span.byte_range().unwrap_or(0..0);
        let tag_span = span
            .tag_span()
            .and_then(|t| t.byte_range())
            .map(|r| (r.start, r.end));
        match event {
            Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart(explicit, _) => {
                current = Some(YamlDocument {
                    root: None,
                    start_marker: explicit.then_some((range.start, range.end)),
                    end_marker: None,
                });
                if explicit {
                    last_token_end = range.end;
                }
            }
            Event::DocumentEnd => {
                let mut doc = current.take().unwrap_or(YamlDocument {
                    root: None,
                    start_marker: None,
                    end_marker: None,
                });
                if range.end > range.start {
                    doc.end_marker = Some((range.start, range.end));
                    last_token_end = range.end;
                }
                docs.push(doc);
            }
            Event::Anchor(id, name) => {
                anchors.insert(id, (name.into_owned(), range.start));
            }
            Event::Alias(id) => {
                last_token_end = range.end;
                let node = Node {
                    kind: NodeKind::Alias {
                        name: format!("\u{0}{id}"),
                    },
                    start: range.start,
                    end: range.end,
                    tail_end: range.end,
                    props_start: range.start,
                    anchor: None,
                    tag: None,
                    tag_span: None,
                    empty: false,
                };
                attach(&mut stack, &mut current, node);
            }
            Event::UnresolvedAlias(name) => {
                return Err(Scan::Parse(ParseError::at(
                    src,
                    range.start,
                    format!("unknown anchor '{name}'"),
                )));
            }
            Event::Scalar(value, style, anchor_id, tag) => {
                let props = Props {
                    anchor_id,
                    tag: tag.as_ref().map(|_| tag_text(src, tag_span)),
                    tag_span,
                };
                let node =
                    scalar_node(src, value.into_owned(), style, range, props, last_token_end);
                last_token_end = node.tail_end.max(node.end);
                attach(&mut stack, &mut current, node);
            }
            Event::SequenceStart(style, anchor_id, tag) => {
                let flow = style == StructureStyle::Flow;
                if flow {
                    last_token_end = range.end;
                }
                stack.push(Frame::Seq {
                    flow,
                    start: range.start,
                    props: Props {
                        anchor_id,
                        tag: tag.as_ref().map(|_| tag_text(src, tag_span)),
                        tag_span,
                    },
                    items: Vec::new(),
                });
            }
            Event::MappingStart(style, anchor_id, tag) => {
                let flow = style == StructureStyle::Flow;
                if flow {
                    last_token_end = range.end;
                }
                stack.push(Frame::Map {
                    flow,
                    braced: flow && range.len() == 1 && src.as_bytes()[range.start] == b'{',
                    start: range.start,
                    props: Props {
                        anchor_id,
                        tag: tag.as_ref().map(|_| tag_text(src, tag_span)),
                        tag_span,
                    },
                    entries: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd => {
                let Some(Frame::Seq {
                    flow,
                    start,
                    props,
                    items,
                }) = stack.pop()
                else {
                    return Err(Scan::Parse(ParseError::at(
                        src,
                        range.start,
                        "unbalanced sequence end".into(),
                    )));
                };
                let (start, end, tail_end) = if flow {
                    last_token_end = range.end;
                    (start, range.end, range.end)
                } else {
                    let first = items.first().map_or(start, |n| n.props_start);
                    let dash = find_dash_before(src, first).unwrap_or(first);
                    let end = items.last().map_or(start, |n| n.end);
                    let tail = items.last().map_or(start, |n| n.tail_end);
                    (dash, end, tail)
                };
                let node = collection_node(
                    NodeKind::Sequence { items, flow },
                    start,
                    end,
                    tail_end,
                    props,
                );
                attach(&mut stack, &mut current, node);
            }
            Event::MappingEnd => {
                let Some(Frame::Map {
                    flow,
                    braced,
                    start,
                    props,
                    entries,
                    key,
                }) = stack.pop()
                else {
                    return Err(Scan::Parse(ParseError::at(
                        src,
                        range.start,
                        "unbalanced mapping end".into(),
                    )));
                };
                if key.is_some() {
                    return Err(Scan::Parse(ParseError::at(
                        src,
                        range.start,
                        "mapping key without a value".into(),
                    )));
                }
                let (start, end, tail_end) = if flow && braced {
                    last_token_end = range.end;
                    (start, range.end, range.end)
                } else {
                    // A block mapping, or a single `key: value` pair inside a flow sequence.
                    let first = entries.first().map_or(start, |e| e.key.props_start);
                    let end = entries.last().map_or(start, |e| e.value.end.max(e.key.end));
                    let tail = entries
                        .last()
                        .map_or(start, |e| e.value.tail_end.max(e.key.end));
                    (first, end, tail)
                };
                let node = collection_node(
                    NodeKind::Mapping { entries, flow },
                    start,
                    end,
                    tail_end,
                    props,
                );
                attach(&mut stack, &mut current, node);
            }
            #[allow(unreachable_patterns)]
            _ => {}
        }
    }

    // Resolve anchor ids to names.
    for doc in &mut docs {
        if let Some(root) = &mut doc.root {
            name_anchors(src, root, &anchors);
        }
    }
    Ok(docs)
}

fn tag_text(src: &str, tag_span: Option<(usize, usize)>) -> String {
    tag_span
        .map(|(s, e)| src[s..e].to_owned())
        .unwrap_or_else(|| "!".to_owned())
}

fn name_anchors(src: &str, node: &mut Node, anchors: &HashMap<usize, (String, usize)>) {
    if let Some(a) = node.anchor.take() {
        // Anchors are stored as "\0<id>" until names are known.
        let id: usize = a.trim_start_matches('\u{0}').parse().unwrap_or(0);
        if let Some((name, pos)) = anchors.get(&id) {
            node.anchor = Some(name.clone());
            node.props_start = node.props_start.min(*pos);
        }
    }
    match &mut node.kind {
        NodeKind::Alias { name } => {
            let id: usize = name.trim_start_matches('\u{0}').parse().unwrap_or(0);
            if let Some((n, _)) = anchors.get(&id) {
                *name = n.clone();
            }
        }
        NodeKind::Sequence { items, .. } => {
            items.iter_mut().for_each(|n| name_anchors(src, n, anchors))
        }
        NodeKind::Mapping { entries, .. } => {
            for e in entries.iter_mut() {
                name_anchors(src, &mut e.key, anchors);
                name_anchors(src, &mut e.value, anchors);
            }
            // An unbraced mapping starts at its first key, including the key's anchor.
            if let Some(first) = entries.first()
                && src.as_bytes().get(node.start) != Some(&b'{')
                && first.key.props_start < node.start
            {
                node.start = first.key.props_start;
                node.props_start = node.props_start.min(node.start);
            }
        }
        NodeKind::Scalar { .. } => {}
    }
}

fn collection_node(
    kind: NodeKind,
    start: usize,
    end: usize,
    tail_end: usize,
    props: Props,
) -> Node {
    let props_start = props.tag_span.map_or(start, |(s, _)| s.min(start));
    Node {
        kind,
        start,
        end,
        tail_end,
        props_start,
        anchor: (props.anchor_id != 0).then(|| format!("\u{0}{}", props.anchor_id)),
        tag: props.tag,
        tag_span: props.tag_span,
        empty: false,
    }
}

fn scalar_node(
    src: &str,
    value: String,
    style: granit_parser::ScalarStyle,
    range: std::ops::Range<usize>,
    props: Props,
    last_token_end: usize,
) -> Node {
    use granit_parser::ScalarStyle as G;
    let style = match style {
        G::Plain => ScalarStyle::Plain,
        G::SingleQuoted => ScalarStyle::SingleQuoted,
        G::DoubleQuoted => ScalarStyle::DoubleQuoted,
        G::Literal => ScalarStyle::Literal,
        G::Folded => ScalarStyle::Folded,
    };
    let mut start = range.start;
    let mut end = range.end;
    let mut tail_end = range.end;
    let mut chomping = None;
    let empty = style == ScalarStyle::Plain && range.start == range.end;
    let value = if empty { String::new() } else { value };
    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
        let header = find_block_header(src, last_token_end, range.start.max(last_token_end));
        if let Some(h) = header {
            let mut i = h + 1;
            let bytes = src.as_bytes();
            let mut chomp = Chomping::Clip;
            while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'+' | b'-') {
                if bytes[i] == b'+' {
                    chomp = Chomping::Keep;
                } else if bytes[i] == b'-' {
                    chomp = Chomping::Strip;
                }
                i += 1;
            }
            chomping = Some(chomp);
            start = h;
            // Content ends at the last non-whitespace byte of the span (or right after the header).
            let content = &src[range.start.max(i)..range.end.max(i)];
            let trimmed = content.trim_end_matches([' ', '\t', '\r', '\n']);
            end = if trimmed.is_empty() {
                i
            } else {
                range.start.max(i) + trimmed.len()
            };
            if value.trim_end_matches('\n').ends_with([' ', '\t']) {
                // The last content line ends in (or is) whitespace that belongs to the value:
                // the content runs to that line's break.
                let t = if range.end >= src.len() {
                    range.end
                } else {
                    src[..range.end].trim_end_matches([' ', '\t']).len()
                };
                let t = if src[..t].ends_with('\n') { t - 1 } else { t };
                let t = if src[..t].ends_with('\r') { t - 1 } else { t };
                end = end.max(t);
            }
            tail_end = if chomp == Chomping::Keep {
                let t = src[..range.end.max(end)]
                    .trim_end_matches([' ', '\t'])
                    .len();
                t.max(end)
            } else {
                end
            };
        }
    }
    let mut props_start = start;
    if let Some((s, _)) = props.tag_span {
        props_start = props_start.min(s);
    }
    Node {
        kind: NodeKind::Scalar {
            value,
            style,
            chomping,
        },
        start,
        end,
        tail_end,
        props_start,
        anchor: (props.anchor_id != 0).then(|| format!("\u{0}{}", props.anchor_id)),
        tag: props.tag,
        tag_span: props.tag_span,
        empty,
    }
}

/// Finds the `|`/`>` header of a block scalar between the previous token and its content.
fn find_block_header(src: &str, from: usize, content_start: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut i = from;
    let mut found = None;
    while i < content_start.min(bytes.len()) {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'!' | b'&' => {
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
            }
            b'|' | b'>' => {
                found = Some(i);
                break;
            }
            _ => i += 1,
        }
    }
    found
}

/// Scans back from a block sequence item's start to its `-` indicator.
pub(crate) fn find_dash_before(src: &str, item_start: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut i = item_start;
    while i > 0 {
        i -= 1;
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'-' => return Some(i),
            _ => return None,
        }
    }
    None
}

fn attach(stack: &mut [Frame], current: &mut Option<YamlDocument>, node: Node) {
    match stack.last_mut() {
        Some(Frame::Seq { items, .. }) => items.push(node),
        Some(Frame::Map { entries, key, .. }) => match key.take() {
            None => *key = Some(node),
            Some(k) => entries.push(Entry {
                key: k,
                value: node,
            }),
        },
        None => {
            if let Some(doc) = current {
                doc.root = Some(node);
            }
        }
    }
}
