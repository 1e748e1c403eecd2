//! Errors of the document layer, each with a source location where one exists.

use std::fmt;

/// A position in a source text: byte offset, 1-based line, 1-based column (in characters).
/// Serialized as `line` and `column`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// Byte offset into the source.
    #[serde(skip)]
    pub offset: usize,
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

impl Location {
    /// Computes the line and column of a byte offset (clamped to the text).
    pub fn of(src: &str, offset: usize) -> Location {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &src[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = src[line_start..offset].chars().count() + 1;
        Location {
            offset,
            line,
            column,
        }
    }

    /// Locations of many offsets in one text: the line starts are found once, then each offset
    /// costs a binary search and its column.
    pub fn index(src: &str) -> impl Fn(usize) -> Location + '_ {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        move |offset: usize| {
            let mut offset = offset.min(src.len());
            while !src.is_char_boundary(offset) {
                offset -= 1;
            }
            let line = starts.partition_point(|&s| s <= offset);
            let line_start = starts[line - 1];
            Location {
                offset,
                line,
                column: src[line_start..offset].chars().count() + 1,
            }
        }
    }

    /// A caret snippet: the source line and a `^` under the column, `  12 | text` style.
    pub fn snippet(&self, src: &str) -> String {
        let line_start = src[..self.offset.min(src.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_end = src[line_start..]
            .find('\n')
            .map_or(src.len(), |i| line_start + i);
        let text = src[line_start..line_end].trim_end_matches('\r');
        let gutter = self.line.to_string();
        let pad = " ".repeat(gutter.len());
        let caret_pad: String = text
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!("{pad} |\n{gutter} | {text}\n{pad} | {caret_pad}^")
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The input is not valid YAML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ParseError {
    /// Where the parser stopped.
    pub location: Location,
    /// The parser's message.
    pub message: String,
}

impl ParseError {
    pub(crate) fn from_scan(src: &str, e: &granit_parser::ScanError) -> ParseError {
        let m = e.marker();
        let offset = m.byte_offset().unwrap_or_else(|| {
            // Fall back to the character index.
            src.char_indices()
                .nth(m.index())
                .map_or(src.len(), |(i, _)| i)
        });
        let mut message = e.info();
        if message.is_empty() {
            message = format!("{:?}", e.kind());
        }
        ParseError {
            location: Location::of(src, offset),
            message,
        }
    }

    pub(crate) fn at(src: &str, offset: usize, message: String) -> ParseError {
        ParseError {
            location: Location::of(src, offset),
            message,
        }
    }
}

/// An edit or lookup could not be carried out. Nothing was changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// The path is not well formed.
    #[error("invalid path `{path}`: {reason}")]
    PathSyntax {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The value given for a `set` is not a valid YAML flow value.
    #[error("invalid value `{value}`: {reason}")]
    ValueSyntax {
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The stream has no document with this index.
    #[error("document {index} does not exist (the stream has {count})")]
    NoSuchDocument {
        /// The requested 0-based index.
        index: usize,
        /// How many documents there are.
        count: usize,
    },
    /// The path goes through a scalar.
    #[error("`{path}` is a {found}, not a mapping or sequence, at {location}")]
    NotACollection {
        /// The path prefix that names the scalar.
        path: String,
        /// What was found there.
        found: &'static str,
        /// Where it is.
        location: Location,
    },
    /// A sequence index beyond the end (other than the one that appends).
    #[error("index {index} is out of range for `{path}` ({len} items) at {location}")]
    IndexOutOfRange {
        /// The sequence's path.
        path: String,
        /// The index asked for.
        index: usize,
        /// The sequence length.
        len: usize,
        /// Where the sequence is.
        location: Location,
    },
    /// The path needs a mapping key but found a sequence, or the other way round.
    #[error("`{path}` is a {found}; segment `{segment}` does not apply to it, at {location}")]
    WrongSegment {
        /// The path prefix.
        path: String,
        /// The kind of node found.
        found: &'static str,
        /// The offending segment.
        segment: String,
        /// Where the node is.
        location: Location,
    },
    /// Editing would go through an alias (`*name`), or change an anchored node that aliases share.
    #[error(
        "`{path}` goes through {what} `{anchor}` at {location}; edit the anchored node or replace the alias instead"
    )]
    Alias {
        /// The path prefix that reaches the alias or anchor.
        path: String,
        /// "alias" or "anchor".
        what: &'static str,
        /// The anchor name.
        anchor: String,
        /// Where.
        location: Location,
    },
    /// The key or value cannot be written at this place (for example a multi-line key).
    #[error("cannot write {what}: {reason}")]
    Unrepresentable {
        /// What was being written.
        what: String,
        /// Why it cannot be.
        reason: String,
    },
    /// The semantic oracle rejected an edit: re-parsing the edited text did not give the intended
    /// value. This is a bug in edgecfg; the file was not written.
    #[error("internal check failed, nothing written: {detail}")]
    Oracle {
        /// What differed.
        detail: String,
    },
    /// The edited text did not parse (also an internal error; nothing written).
    #[error("internal check failed, edited text does not parse: {0}")]
    Reparse(ParseError),
}

impl EditError {
    /// The source location the error points at, when it has one.
    pub fn location(&self) -> Option<Location> {
        match self {
            EditError::NotACollection { location, .. }
            | EditError::IndexOutOfRange { location, .. }
            | EditError::WrongSegment { location, .. }
            | EditError::Alias { location, .. } => Some(*location),
            _ => None,
        }
    }
}
