//! Writing new values as YAML text that KubeEdge (YAML 1.1) and YAML 1.2 readers both read back
//! as the intended value.

use super::tree::ScalarStyle;
use super::value::{Value, plain_is_ambiguous};

/// How a file lays out nested blocks, detected from the file itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Spaces per nesting level of mappings.
    pub step: usize,
    /// Extra indentation of a block sequence under its key (0: `key:\n- a`, 2: `key:\n  - a`).
    pub seq_indent: usize,
    /// The line ending (`"\n"` or `"\r\n"`).
    pub eol: &'static str,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            step: 2,
            seq_indent: 0,
            eol: "\n",
        }
    }
}

/// Renders a scalar value on one line. `hint` is the style of the scalar being replaced; it is
/// kept when the new value can be written in it. `flow` means inside `[...]`/`{...}`.
pub fn scalar_inline(v: &Value, hint: Option<ScalarStyle>, flow: bool) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_text(*f),
        Value::String(s) => string_inline(s, hint, flow),
        Value::Tagged(tag, inner) => format!("{tag} {}", scalar_inline(inner, None, flow)),
        Value::Sequence(_) | Value::Mapping(_) => flow_inline(v),
    }
}

fn float_text(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 {
            ".inf".to_owned()
        } else {
            "-.inf".to_owned()
        }
    } else {
        let s = format!("{f:?}");
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    }
}

/// A string on one line: in the hinted quoting style when possible, else plain when safe, else
/// double-quoted.
pub fn string_inline(s: &str, hint: Option<ScalarStyle>, flow: bool) -> String {
    match hint {
        Some(ScalarStyle::SingleQuoted) if single_ok(s) => return single_quoted(s),
        Some(ScalarStyle::DoubleQuoted) => return double_quoted(s),
        _ => {}
    }
    if plain_ok(s, flow) {
        s.to_owned()
    } else {
        double_quoted(s)
    }
}

/// A flow-style rendering of any value (`[a, b]`, `{k: v}`).
pub fn flow_inline(v: &Value) -> String {
    match v {
        Value::Sequence(items) => {
            let inner: Vec<String> = items.iter().map(flow_inline).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Mapping(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", key_text(k, true), flow_inline(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => scalar_inline(other, None, true),
    }
}

/// A mapping key.
pub fn key_text(k: &Value, flow: bool) -> String {
    match k {
        Value::String(s) => {
            if plain_ok(s, flow) && !s.contains(':') {
                s.clone()
            } else {
                double_quoted(s)
            }
        }
        Value::Sequence(_) | Value::Mapping(_) => format!("? {}", flow_inline(k)),
        other => scalar_inline(other, None, flow),
    }
}

/// True for a non-empty sequence or mapping (which renders as block lines).
pub fn is_block(v: &Value) -> bool {
    match v {
        Value::Sequence(items) => !items.is_empty(),
        Value::Mapping(entries) => !entries.is_empty(),
        _ => false,
    }
}

/// True when a string should be written as a literal block scalar in block context.
pub fn wants_literal(v: &Value) -> bool {
    matches!(v, Value::String(s) if literal_ok(s))
}

/// Renders the lines of a value in block context, each prefixed with `indent` spaces.
/// For a scalar this is one line; non-empty collections give one line or more per entry.
pub fn block_lines(v: &Value, indent: usize, layout: &Layout) -> Vec<String> {
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    match v {
        Value::Mapping(entries) if !entries.is_empty() => {
            for (k, val) in entries {
                let key = key_text(k, false);
                push_after(&mut out, &format!("{pad}{key}:"), val, indent, layout, true);
            }
        }
        Value::Sequence(items) if !items.is_empty() => {
            for item in items {
                push_after(&mut out, &format!("{pad}-"), item, indent, layout, false);
            }
        }
        other => {
            if wants_literal(other) {
                let Value::String(s) = other else {
                    unreachable!()
                };
                out.extend(literal_lines(s, &pad, indent + layout.step));
            } else {
                out.push(format!("{pad}{}", scalar_inline(other, None, false)));
            }
        }
    }
    out
}

/// Appends `head` (a `key:` or `-`) followed by the value, on one line or nested below.
fn push_after(
    out: &mut Vec<String>,
    head: &str,
    val: &Value,
    indent: usize,
    layout: &Layout,
    is_key: bool,
) {
    if is_block(val) {
        if is_key {
            out.push(head.to_owned());
            let child = match val {
                Value::Sequence(_) => indent + layout.seq_indent,
                _ => indent + layout.step,
            };
            out.extend(block_lines(val, child, layout));
        } else {
            // `- k: v` compact form: the first nested line goes after the dash.
            let nested = block_lines(val, indent + 2, layout);
            let mut it = nested.into_iter();
            if let Some(first) = it.next() {
                out.push(format!("{head} {}", &first[indent + 2..]));
            }
            out.extend(it);
        }
    } else if let Value::String(s) = val
        && literal_ok(s)
    {
        let lines = literal_lines(s, "", indent + layout.step);
        let mut it = lines.into_iter();
        if let Some(first) = it.next() {
            out.push(format!("{head} {first}"));
        }
        out.extend(it);
    } else {
        out.push(format!("{head} {}", scalar_inline(val, None, false)));
    }
}

/// A literal block scalar: the header (prefixed by `prefix`) and the content lines at `indent`.
pub fn literal_lines(s: &str, prefix: &str, indent: usize) -> Vec<String> {
    let trailing = s.len() - s.trim_end_matches('\n').len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let body = s.trim_end_matches('\n');
    let pad = " ".repeat(indent);
    let mut out = vec![format!("{prefix}|{chomp}")];
    for line in body.split('\n') {
        if line.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!("{pad}{line}"));
        }
    }
    for _ in 1..trailing {
        out.push(String::new());
    }
    out
}

/// Whether a string can be written as a literal block: it has a line break, no other control
/// characters, no whitespace-only lines and does not start with a space.
pub fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with(' ')
        && !s.starts_with('\n')
        && !s
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_special_break(c))
        && s.trim_end_matches('\n')
            .split('\n')
            .all(|l| l.is_empty() || !l.trim().is_empty())
        && !s
            .trim_end_matches('\n')
            .split('\n')
            .any(|l| l.starts_with('\t'))
}

fn is_special_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

fn single_ok(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() || is_special_break(c))
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A double-quoted scalar with YAML escapes.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if c.is_control() => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02X}"));
                } else {
                    out.push_str(&format!("\\u{n:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `s` can be written as a plain scalar and read back as the same string by YAML 1.1
/// and YAML 1.2 readers alike.
pub fn plain_ok(s: &str, flow: bool) -> bool {
    if s.is_empty() || s.trim() != s || plain_is_ambiguous(s) {
        return false;
    }
    if s.chars().any(|c| c.is_control() || is_special_break(c)) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    let second = s.chars().nth(1);
    if "[]{},#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if matches!(first, '-' | '?' | ':')
        && second.is_none_or(|c| c == ' ' || (flow && ",[]{}".contains(c)))
    {
        return false;
    }
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    if flow && s.contains(':') {
        return false;
    }
    true
}

impl Value {
    /// This value as the text of a block YAML document (`key: value` lines, two-space
    /// indentation, a trailing newline), as edits render new values.
    pub fn to_block_yaml(&self) -> String {
        let mut out = String::new();
        for line in block_lines(self, 0, &Layout::default()) {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings() {
        assert_eq!(string_inline("yes", None, false), "\"yes\"");
        assert_eq!(
            string_inline("127.0.0.1:10004", None, false),
            "127.0.0.1:10004"
        );
        assert_eq!(string_inline("a: b", None, false), "\"a: b\"");
        assert_eq!(
            string_inline("it's", Some(ScalarStyle::SingleQuoted), false),
            "'it''s'"
        );
        assert_eq!(
            string_inline("x", Some(ScalarStyle::DoubleQuoted), false),
            "\"x\""
        );
        assert_eq!(string_inline("0755", None, false), "\"0755\"");
        assert_eq!(string_inline("", None, false), "\"\"");
        assert_eq!(string_inline("a,b", None, true), "\"a,b\"");
        assert_eq!(string_inline("a,b", None, false), "a,b");
    }

    #[test]
    fn numbers() {
        assert_eq!(scalar_inline(&Value::Float(1000.0), None, false), "1000.0");
        assert_eq!(
            scalar_inline(&Value::Float(f64::INFINITY), None, false),
            ".inf"
        );
        assert_eq!(
            scalar_inline(&Value::Int(10004), Some(ScalarStyle::DoubleQuoted), false),
            "10004"
        );
    }

    #[test]
    fn blocks() {
        let v = Value::Mapping(vec![
            (
                Value::String("a".into()),
                Value::Mapping(vec![(Value::String("b".into()), Value::Bool(true))]),
            ),
            (
                Value::String("l".into()),
                Value::Sequence(vec![
                    Value::String("x".into()),
                    Value::Mapping(vec![
                        (Value::String("k".into()), Value::Int(1)),
                        (Value::String("j".into()), Value::Int(2)),
                    ]),
                ]),
            ),
        ]);
        let layout = Layout::default();
        assert_eq!(
            block_lines(&v, 2, &layout).join("\n"),
            "  a:\n    b: true\n  l:\n  - x\n  - k: 1\n    j: 2"
        );
    }
}
