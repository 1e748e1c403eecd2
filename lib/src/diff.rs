//! Unified diffs for previews (`--dry-run`, `--diff`).

use similar::{Algorithm, ChangeTag, TextDiff};

/// One line of a unified diff, classified so a front end can colour it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffLine {
    /// `--- a` / `+++ b` header lines.
    Header(String),
    /// `@@ … @@` hunk headers.
    Hunk(String),
    /// An unchanged context line (with its leading space).
    Context(String),
    /// A removed line (with its leading `-`).
    Removed(String),
    /// An added line (with its leading `+`).
    Added(String),
    /// `\ No newline at end of file`.
    NoNewline,
}

impl DiffLine {
    /// The line's text without a line break.
    pub fn text(&self) -> &str {
        match self {
            DiffLine::Header(s)
            | DiffLine::Hunk(s)
            | DiffLine::Context(s)
            | DiffLine::Removed(s)
            | DiffLine::Added(s) => s,
            DiffLine::NoNewline => "\\ No newline at end of file",
        }
    }
}

/// A unified diff (3 lines of context, git-like histogram algorithm) between `old` and `new`,
/// labelled `a/<name>` and `b/<name>`. Empty when the texts are equal. Line endings inside the
/// lines are shown as they are, so a CRLF file's diff keeps its `\r`s out of view but intact.
pub fn unified(name: &str, old: &str, new: &str) -> Vec<DiffLine> {
    if old == new {
        return Vec::new();
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Histogram)
        .diff_lines(old, new);
    let mut out = vec![
        DiffLine::Header(format!("--- a/{name}")),
        DiffLine::Header(format!("+++ b/{name}")),
    ];
    for group in diff.grouped_ops(3) {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.push(DiffLine::Hunk(format!(
            "@@ -{} +{} @@",
            hunk_range(old_range.start, old_range.len()),
            hunk_range(new_range.start, new_range.len())
        )));
        for op in &group {
            for change in diff.iter_changes(op) {
                let text = change.value();
                let missing_newline = !text.ends_with('\n');
                let body = text.trim_end_matches('\n').trim_end_matches('\r');
                out.push(match change.tag() {
                    ChangeTag::Equal => DiffLine::Context(format!(" {body}")),
                    ChangeTag::Delete => DiffLine::Removed(format!("-{body}")),
                    ChangeTag::Insert => DiffLine::Added(format!("+{body}")),
                });
                if missing_newline {
                    out.push(DiffLine::NoNewline);
                }
            }
        }
    }
    out
}

fn hunk_range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        n => format!("{},{n}", start + 1),
    }
}

/// The diff as plain text, one line per entry, each ending in `\n`.
pub fn unified_text(name: &str, old: &str, new: &str) -> String {
    let mut s = String::new();
    for l in unified(name, old, new) {
        s.push_str(l.text());
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shape() {
        let d = unified_text("f.yaml", "a: 1\nb: 2\n", "a: 1\nb: 3\n");
        assert_eq!(
            d,
            "--- a/f.yaml\n+++ b/f.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n"
        );
        assert!(unified("f", "x", "x").is_empty());
    }
}
