//! Paths that address nodes: `modules.edgeStream.enable`, `items[0]`, `data."cloudcore.yaml"`,
//! or an RFC 6901 JSON Pointer (`/modules/edgeStream/enable`).

use std::fmt;
use std::str::FromStr;

use super::error::EditError;

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A sequence index (`[N]`).
    Index(usize),
    /// One past the last sequence item (`[-]` or the JSON Pointer token `-`): appends.
    Append,
    /// A JSON Pointer token: a key in a mapping, an index in a sequence.
    Token(String),
    /// `[key=value]`: the sequence item (a mapping) whose `key` is `value`, such as
    /// `ports[name=https]`. Setting through a missing one appends `{key: value, …}`.
    /// Alternatives are separated by `|`: `ports[name=https|main-port]` is the item named
    /// `https`, else the one named `main-port`, else a new `{name: https, …}`.
    Match(String, String),
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Key(k) | Segment::Token(k) => {
                if k.is_empty() || k.contains(['.', '[', ']', '"', '\\']) || k.trim() != k {
                    write!(f, "\"{}\"", k.replace('\\', "\\\\").replace('"', "\\\""))
                } else {
                    f.write_str(k)
                }
            }
            Segment::Index(i) => write!(f, "[{i}]"),
            Segment::Append => f.write_str("[-]"),
            Segment::Match(k, v) => write!(f, "[{k}={v}]"),
        }
    }
}

/// A path from a document's root to a node.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path {
    /// The steps, from the root.
    pub segments: Vec<Segment>,
}

impl Path {
    /// The empty path: the document root.
    pub fn root() -> Path {
        Path::default()
    }

    /// A path made of plain keys.
    pub fn keys<I, S>(keys: I) -> Path
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Path {
            segments: keys.into_iter().map(|k| Segment::Key(k.into())).collect(),
        }
    }

    /// Parses the dotted syntax or, when it starts with `/`, a JSON Pointer.
    pub fn parse(text: &str) -> Result<Path, EditError> {
        let err = |reason: &str| EditError::PathSyntax {
            path: text.to_owned(),
            reason: reason.to_owned(),
        };
        if text.is_empty() {
            return Ok(Path::root());
        }
        if let Some(rest) = text.strip_prefix('/') {
            let segments = rest
                .split('/')
                .map(|tok| {
                    if tok.contains('~') {
                        let mut out = String::new();
                        let mut chars = tok.chars();
                        while let Some(c) = chars.next() {
                            if c == '~' {
                                match chars.next() {
                                    Some('0') => out.push('~'),
                                    Some('1') => out.push('/'),
                                    _ => {
                                        return Err(err(
                                            "`~` must be followed by 0 or 1 in a JSON Pointer",
                                        ));
                                    }
                                }
                            } else {
                                out.push(c);
                            }
                        }
                        Ok(Segment::Token(out))
                    } else if tok == "-" {
                        Ok(Segment::Append)
                    } else {
                        Ok(Segment::Token(tok.to_owned()))
                    }
                })
                .collect::<Result<_, _>>()?;
            return Ok(Path { segments });
        }
        let mut segments = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        let mut expect_segment = true;
        while i < chars.len() {
            match chars[i] {
                '.' => {
                    if expect_segment {
                        return Err(err("empty key (two dots in a row, or a leading dot)"));
                    }
                    expect_segment = true;
                    i += 1;
                    if i == chars.len() {
                        return Err(err("trailing dot"));
                    }
                }
                '[' => {
                    let close = chars[i..]
                        .iter()
                        .position(|&c| c == ']')
                        .ok_or_else(|| err("`[` without `]`"))?;
                    let inner: String = chars[i + 1..i + close].iter().collect();
                    let seg = if inner == "-" {
                        Segment::Append
                    } else if let Some((k, v)) = inner.split_once('=') {
                        Segment::Match(k.trim().to_owned(), v.trim().to_owned())
                    } else {
                        Segment::Index(
                            inner
                                .trim()
                                .parse()
                                .map_err(|_| err("an index must be a number or `-`"))?,
                        )
                    };
                    segments.push(seg);
                    i += close + 1;
                    expect_segment = false;
                }
                '"' => {
                    if !expect_segment {
                        return Err(err("a quoted key must follow a dot"));
                    }
                    let mut key = String::new();
                    i += 1;
                    loop {
                        match chars.get(i) {
                            None => return Err(err("unterminated quoted key")),
                            Some('"') => break,
                            Some('\\') => {
                                key.push(
                                    *chars
                                        .get(i + 1)
                                        .ok_or_else(|| err("unterminated quoted key"))?,
                                );
                                i += 2;
                            }
                            Some(&c) => {
                                key.push(c);
                                i += 1;
                            }
                        }
                    }
                    i += 1;
                    segments.push(Segment::Key(key));
                    expect_segment = false;
                }
                _ => {
                    if !expect_segment {
                        return Err(err("expected `.` or `[` between segments"));
                    }
                    let start = i;
                    while i < chars.len() && !matches!(chars[i], '.' | '[' | '"') {
                        i += 1;
                    }
                    if i < chars.len() && chars[i] == '"' {
                        return Err(err("a quote inside a key; quote the whole key"));
                    }
                    segments.push(Segment::Key(chars[start..i].iter().collect()));
                    expect_segment = false;
                }
            }
        }
        Ok(Path { segments })
    }

    /// The path with one more segment.
    pub fn child(&self, seg: Segment) -> Path {
        let mut p = self.clone();
        p.segments.push(seg);
        p
    }

    /// The first `n` segments.
    pub fn prefix(&self, n: usize) -> Path {
        Path {
            segments: self.segments[..n.min(self.segments.len())].to_vec(),
        }
    }
}

impl FromStr for Path {
    type Err = EditError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Path::parse(s)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("(root)");
        }
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 && !matches!(s, Segment::Index(_) | Segment::Append | Segment::Match(..)) {
                f.write_str(".")?;
            }
            write!(f, "{s}")?;
        }
        Ok(())
    }
}

/// The alternatives of a `[key=value]` segment's value: `[name=https|main-port]` matches the
/// item whose `name` is `https`, else the one whose `name` is `main-port`; when none matches,
/// an edit appends an item with the first (`name: https`).
pub(crate) fn alternatives(value: &str) -> impl Iterator<Item = &str> {
    value.split('|').map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted() {
        let p = Path::parse("modules.cloudHub.advertiseAddress[0]").unwrap();
        assert_eq!(
            p.segments,
            vec![
                Segment::Key("modules".into()),
                Segment::Key("cloudHub".into()),
                Segment::Key("advertiseAddress".into()),
                Segment::Index(0)
            ]
        );
        let p = Path::parse("data.\"cloudcore.yaml\"").unwrap();
        assert_eq!(p.segments[1], Segment::Key("cloudcore.yaml".into()));
        assert_eq!(p.to_string(), "data.\"cloudcore.yaml\"");
        assert!(Path::parse("a..b").is_err());
        assert!(Path::parse("a.").is_err());
        assert!(Path::parse("a[x]").is_err());
        assert_eq!(Path::parse("a[-]").unwrap().segments[1], Segment::Append);
        assert_eq!(
            Path::parse("ports[name=https].containerPort")
                .unwrap()
                .segments[1],
            Segment::Match("name".into(), "https".into())
        );
    }

    #[test]
    fn pointer() {
        let p = Path::parse("/a~1b/0/c~0d").unwrap();
        assert_eq!(
            p.segments,
            vec![
                Segment::Token("a/b".into()),
                Segment::Token("0".into()),
                Segment::Token("c~d".into())
            ]
        );
        assert!(Path::parse("/a~2").is_err());
    }
}
