//! Line and column arithmetic on source text.

/// The first `n` characters of `s`, with `…` when cut.
pub(super) fn truncate_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

pub(super) fn line_start(src: &str, pos: usize) -> usize {
    src[..pos.min(src.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// The position of the line break ending the line that holds `pos` (or the end of the text).
pub(super) fn line_end(src: &str, pos: usize) -> usize {
    let pos = pos.min(src.len());
    let nl = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
    if nl > pos && src.as_bytes()[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    }
}

/// The start of the line after the one holding `pos` (or the end of the text).
pub(super) fn line_after(src: &str, pos: usize) -> usize {
    src[pos.min(src.len())..]
        .find('\n')
        .map_or(src.len(), |i| pos + i + 1)
}

pub(super) fn col(src: &str, pos: usize) -> usize {
    let start = line_start(src, pos);
    // A byte-order mark is not indentation.
    let start = if start == 0 && src.starts_with('\u{feff}') {
        3.min(pos)
    } else {
        start
    };
    pos - start
}

pub(super) fn first_on_line(src: &str, pos: usize) -> bool {
    src[line_start(src, pos)..pos]
        .trim_start_matches('\u{feff}')
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
}
