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
        let lines = LineIndex::new(src);
        move |offset: usize| lines.locate(src, offset)
    }

    /// A caret snippet: the source line and a `^` under the column, `  12 | text` style. A
    /// line longer than [`Location::SNIPPET_WINDOW`] characters is cut to that many around the
    /// column, the cut ends shown as `…` (a 30 MB line gives a snippet of one screen line).
    pub fn snippet(&self, src: &str) -> String {
        let offset = self.offset.min(src.len());
        let line_start = memchr::memrchr(b'\n', &src.as_bytes()[..offset]).map_or(0, |i| i + 1);
        let line_end =
            memchr::memchr(b'\n', &src.as_bytes()[offset..]).map_or(src.len(), |i| offset + i);
        let line = src[line_start..line_end].trim_end_matches('\r');
        let gutter = self.line.to_string();
        let pad = " ".repeat(gutter.len());
        // The window: up to half of it before the caret, the rest after.
        let half = Location::SNIPPET_WINDOW / 2;
        let caret = offset.min(line_start + line.len()) - line_start;
        let before: Vec<(usize, char)> =
            line[..caret].char_indices().rev().take(half + 1).collect();
        let (from, cut_before) = match before.get(half) {
            Some(_) => (before[half - 1].0, true),
            None => (0, false),
        };
        let shown_before = &line[from..caret];
        let rest = &line[caret..];
        let after_chars = Location::SNIPPET_WINDOW - shown_before.chars().count();
        let (shown_after, cut_after) = match rest.char_indices().nth(after_chars) {
            Some((i, _)) => (&rest[..i], true),
            None => (rest, false),
        };
        let lead = if cut_before { "…" } else { "" };
        let tail = if cut_after { "…" } else { "" };
        let caret_pad: String = lead
            .chars()
            .chain(shown_before.chars())
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!("{pad} |\n{gutter} | {lead}{shown_before}{shown_after}{tail}\n{pad} | {caret_pad}^")
    }

    /// The most characters of a line a [`Location::snippet`] shows.
    pub const SNIPPET_WINDOW: usize = 120;
}

/// The line starts of one text, found once, so that locating many offsets in it stays linear
/// (a stream of many documents shares one index; see [`crate::document::Document::location`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `src`.
    pub fn new(src: &str) -> LineIndex {
        LineIndex {
            starts: std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1))
                .collect(),
        }
    }

    /// The location of `offset` in `src`, the text this index was built from (clamped to it):
    /// a binary search for the line, then the characters before the offset on that line.
    pub fn locate(&self, src: &str, offset: usize) -> Location {
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        Location {
            offset,
            line,
            column: src[line_start..offset].chars().count() + 1,
        }
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
    /// The file ends lines with a carriage return alone (classic Mac OS line endings), which
    /// KubeEdge's reader accepts but edgecfg's edits do not write: nothing is changed.
    #[error(
        "this line ends with a carriage return alone (CR line endings); edgecfg edits files with LF or CRLF line endings: convert it first (`tr '\\r' '\\n' < FILE`)"
    )]
    LineEndings {
        /// The first line that ends with a lone CR.
        location: Location,
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
            | EditError::Alias { location, .. }
            | EditError::LineEndings { location } => Some(*location),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_of_long_lines_are_cut_around_the_column() {
        let src = format!("a: 1\nb: [{}x{}]\n", "1,".repeat(5000), ",2".repeat(5000));
        let at = src.find('x').unwrap();
        let loc = LineIndex::new(&src).locate(&src, at);
        assert_eq!((loc.line, loc.column), (2, 10005));
        let snippet = loc.snippet(&src);
        let lines: Vec<&str> = snippet.lines().collect();
        assert_eq!(lines.len(), 3, "{snippet}");
        let text = lines[1].strip_prefix("2 | ").unwrap();
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), Location::SNIPPET_WINDOW + 2);
        // The caret stands under the `x`.
        let caret = lines[2].strip_prefix("  | ").unwrap();
        assert_eq!(text.chars().nth(caret.chars().count() - 1), Some('x'));
        // A short line is shown whole.
        let short = LineIndex::new(&src).locate(&src, 3);
        assert_eq!(short.snippet(&src), "  |\n1 | a: 1\n  |    ^");
    }
}
