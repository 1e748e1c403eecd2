//! Variants of real configuration files that exercise how KubeEdge *decodes* YAML: keys in
//! another case (also with Go's Unicode folding: `ſ` for `s`, the Kelvin sign for `k`), keys
//! given twice (exactly or in another case, scalars and mappings), nulls, quoted and tagged
//! scalars, other spellings of numbers, booleans and durations, merge keys, a first document
//! that is empty, a second document, a byte-order mark and CRLF line endings.
//!
//! Deterministic: variant `n` of a seed is always the same text. Each variant applies one to
//! three mutations, each to a spot picked in the file's node tree (parsed with edgecfg's
//! document layer, which only gives byte spans here: the text is edited directly).

use edgecfg::document::{Document, Node, NodeKind, ScalarStyle};

/// A small deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T: ?Sized>(&mut self, xs: &'a [&'a T]) -> &'a T {
        xs[self.below(xs.len())]
    }
}

/// One mapping entry of the file, with what the mutations need.
struct Spot {
    key_start: usize,
    key_end: usize,
    key: String,
    /// The key is a plain scalar in a block mapping, at the start of its line.
    block: bool,
    /// Column of the key (its indentation).
    indent: usize,
    value_start: usize,
    value_end: usize,
    /// The value's decoded text, when it is a plain or quoted scalar.
    scalar: Option<(String, ScalarStyle)>,
    /// The value has a tag already.
    tagged: bool,
    /// The value is a block mapping: its first entry's key and plain scalar value.
    first_child: Option<(String, String)>,
    /// Where the value's line ends (after its line break).
    after: usize,
}

fn line_start(src: &str, at: usize) -> usize {
    src[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_after(src: &str, at: usize) -> usize {
    src[at..].find('\n').map_or(src.len(), |i| at + i + 1)
}

fn spots(src: &str, node: &Node, out: &mut Vec<Spot>) {
    match &node.kind {
        NodeKind::Mapping { entries, flow, .. } => {
            for e in entries {
                let (k, v) = (&e.key, &e.value);
                if let NodeKind::Scalar {
                    value: key, style, ..
                } = &k.kind
                {
                    let ls = line_start(src, k.start);
                    let block = !flow
                        && *style == ScalarStyle::Plain
                        && src[ls..k.start].chars().all(|c| c == ' ');
                    let scalar = match &v.kind {
                        NodeKind::Scalar { value, style, .. }
                            if !v.empty
                                && matches!(
                                    style,
                                    ScalarStyle::Plain
                                        | ScalarStyle::SingleQuoted
                                        | ScalarStyle::DoubleQuoted
                                ) =>
                        {
                            Some((value.clone(), *style))
                        }
                        _ => None,
                    };
                    let first_child = match &v.kind {
                        NodeKind::Mapping {
                            entries,
                            flow: false,
                            ..
                        } => entries
                            .first()
                            .and_then(|c| match (&c.key.kind, &c.value.kind) {
                                (
                                    NodeKind::Scalar { value: ck, .. },
                                    NodeKind::Scalar {
                                        value: cv,
                                        style: ScalarStyle::Plain,
                                        ..
                                    },
                                ) if !c.value.empty => Some((ck.clone(), cv.clone())),
                                _ => None,
                            }),
                        _ => None,
                    };
                    out.push(Spot {
                        key_start: k.start,
                        key_end: k.end,
                        key: key.clone(),
                        block,
                        indent: k.start - ls,
                        value_start: if v.empty { k.end } else { v.props_start },
                        value_end: if v.empty { k.end } else { v.end },
                        scalar,
                        tagged: v.tag.is_some(),
                        first_child,
                        after: line_after(src, if v.empty { k.end } else { v.end }),
                    });
                }
                spots(src, v, out);
            }
        }
        NodeKind::Sequence { items, .. } => {
            for i in items {
                spots(src, i, out);
            }
        }
        _ => {}
    }
}

/// Another spelling of `key` that KubeEdge's case-insensitive matching still finds.
fn case_variant(key: &str, rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => key.to_lowercase(),
        1 => key.to_uppercase(),
        2 => {
            let mut c = key.chars();
            match c.next() {
                Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => String::new(),
            }
        }
        // Go's simple folding: U+017F LATIN SMALL LETTER LONG S folds to `s`, U+212A KELVIN
        // SIGN to `k`.
        3 if key.contains('s') => key.replacen('s', "\u{17f}", 1),
        4 if key.contains('k') => key.replacen('k', "\u{212a}", 1),
        _ => {
            // Flip the case of one letter.
            let chars: Vec<char> = key.chars().collect();
            let i = rng.below(chars.len());
            chars
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    if j == i {
                        if c.is_uppercase() {
                            c.to_lowercase().collect::<String>()
                        } else {
                            c.to_uppercase().collect::<String>()
                        }
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        }
    }
}

/// A different value of the same kind as `text` (a plain scalar's text).
fn other_value(text: &str, rng: &mut Rng) -> String {
    match text {
        "true" => "false".into(),
        "false" => "true".into(),
        _ => {
            if let Ok(n) = text.parse::<i64>() {
                return (n + 1 + rng.below(5) as i64).to_string();
            }
            if let Some((h, p)) = text.rsplit_once(':')
                && p.parse::<u16>().is_ok()
            {
                return format!("{h}:{}", 20000 + rng.below(1000));
            }
            if text.ends_with('s') && text.len() < 8 {
                return format!("{}s", 1 + rng.below(90));
            }
            format!("{text}x")
        }
    }
}

fn splice(src: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{with}{}", &src[..start], &src[end..])
}

/// Applies one mutation; `None` when the picked kind does not fit the picked spot.
fn mutate(src: &str, rng: &mut Rng) -> Option<(String, &'static str)> {
    let doc = Document::parse(src.to_owned()).ok()?;
    let root = doc.documents().first()?.root.as_ref()?;
    let mut all = Vec::new();
    spots(src, root, &mut all);
    if all.is_empty() {
        return None;
    }
    let s = &all[rng.below(all.len())];
    let nl = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let pad = " ".repeat(s.indent);
    Some(match rng.below(16) {
        0 => (
            splice(src, s.key_start, s.key_end, &case_variant(&s.key, rng)),
            "key-case",
        ),
        1 | 2 if s.block => {
            let (key, name) = if rng.below(2) == 0 {
                (case_variant(&s.key, rng), "dup-case")
            } else {
                (s.key.clone(), "dup-exact")
            };
            let text = if let Some((v, ScalarStyle::Plain)) = &s.scalar {
                format!("{pad}{key}: {}{nl}", other_value(v, rng))
            } else if let Some((ck, cv)) = &s.first_child {
                format!("{pad}{key}:{nl}{pad}  {ck}: {}{nl}", other_value(cv, rng))
            } else {
                return None;
            };
            let at = if rng.below(2) == 0 {
                line_start(src, s.key_start)
            } else {
                s.after
            };
            (splice(src, at, at, &text), name)
        }
        3 => (
            splice(
                src,
                s.value_start,
                s.value_end,
                rng.pick(&["~", "null", "Null", ""]),
            ),
            "null",
        ),
        4 => {
            let (v, style) = s.scalar.as_ref()?;
            if *style != ScalarStyle::Plain {
                return None;
            }
            let q = if rng.below(2) == 0 {
                format!("\"{v}\"")
            } else {
                format!("'{v}'")
            };
            (splice(src, s.value_start, s.value_end, &q), "quote")
        }
        5 => {
            s.scalar.as_ref()?;
            if s.tagged {
                return None;
            }
            let tag = rng.pick(&["!!str ", "!!int ", "!!bool ", "!!float ", "!!null "]);
            (splice(src, s.value_start, s.value_start, tag), "tag")
        }
        6 => {
            let (v, style) = s.scalar.as_ref()?;
            let n: i64 = v.parse().ok().filter(|_| *style == ScalarStyle::Plain)?;
            let forms = [
                format!("{n}.0"),
                format!("{n}e0"),
                format!("0x{n:x}"),
                format!("+{n}"),
                format!("0{n}"),
                format!("{n}.5"),
                format!("{}", n as f64 * 1e10),
            ];
            (
                splice(
                    src,
                    s.value_start,
                    s.value_end,
                    &forms[rng.below(forms.len())],
                ),
                "number-form",
            )
        }
        7 => {
            let (v, _) = s.scalar.as_ref()?;
            if v != "true" && v != "false" {
                return None;
            }
            let forms = [
                "yes", "no", "on", "off", "Y", "n", "True", "FALSE", "\"true\"", "1", "0",
            ];
            (
                splice(src, s.value_start, s.value_end, rng.pick(&forms)),
                "bool-form",
            )
        }
        8 => {
            let (v, _) = s.scalar.as_ref()?;
            if !edgecfg::model::GoDuration::is_valid(v) || v.parse::<f64>().is_ok() {
                return None;
            }
            let forms = [
                "60",
                "0",
                "\"0\"",
                "1m",
                "60000000000",
                "\"5000000000\"",
                "1h0m0s",
                "-1s",
                "1.5s",
                "1d",
            ];
            (
                splice(src, s.value_start, s.value_end, rng.pick(&forms)),
                "duration-form",
            )
        }
        9 => {
            // A merge key in a block mapping, overriding or adding to its first entry.
            let (ck, cv) = s.first_child.as_ref()?;
            let child_pad = " ".repeat(s.indent + 2);
            let at = line_after(src, s.key_end);
            let key = if rng.below(3) == 0 {
                case_variant(ck, rng)
            } else {
                ck.clone()
            };
            (
                splice(
                    src,
                    at,
                    at,
                    &format!("{child_pad}<<: {{{key}: {}}}{nl}", other_value(cv, rng)),
                ),
                "merge-key",
            )
        }
        10 => {
            let (v, style) = s.scalar.as_ref()?;
            if *style != ScalarStyle::Plain {
                return None;
            }
            (
                splice(src, s.value_start, s.value_end, &other_value(v, rng)),
                "value",
            )
        }
        11 => {
            // After a byte-order mark, which stays the file's first character.
            let (bom, rest) = match src.strip_prefix('\u{feff}') {
                Some(r) => ("\u{feff}", r),
                None => ("", src),
            };
            if rest.starts_with("---") {
                (format!("{bom}---{nl}{rest}"), "empty-first-doc")
            } else {
                (
                    format!("{bom}---{nl}# nothing{nl}---{nl}{rest}"),
                    "empty-first-doc",
                )
            }
        }
        12 => {
            let sep = if src.ends_with('\n') { "" } else { nl };
            (
                format!("{src}{sep}---{nl}apiVersion: v1{nl}kind: Other{nl}"),
                "second-doc",
            )
        }
        13 if !src.starts_with('\u{feff}') => (format!("\u{feff}{src}"), "bom"),
        14 if !src.contains('\r') => (src.replace('\n', "\r\n"), "crlf"),
        15 => {
            // An anchored scalar reused through an alias by a sibling of the same kind.
            let (v, style) = s.scalar.as_ref()?;
            if *style != ScalarStyle::Plain || s.tagged {
                return None;
            }
            let with = format!("&a{} {v}", rng.below(100));
            let name = with[1..with.find(' ').unwrap()].to_owned();
            let text = splice(src, s.value_start, s.value_end, &with);
            if !s.block {
                return None;
            }
            let at = line_after(&text, s.key_start);
            let key = case_variant(&s.key, rng);
            (
                splice(&text, at, at, &format!("{pad}{key}: *{name}{nl}")),
                "alias",
            )
        }
        _ => return None,
    })
}

/// Variant `n` of `seed`: its text and the mutations applied.
pub fn variant(seed: &str, n: u64) -> (String, Vec<&'static str>) {
    let mut rng = Rng::new(n.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5eed);
    let want = 1 + rng.below(3);
    let mut text = seed.to_owned();
    let mut applied = Vec::new();
    let mut tries = 0;
    while applied.len() < want && tries < 40 {
        tries += 1;
        if let Some((t, name)) = mutate(&text, &mut rng) {
            text = t;
            applied.push(name);
        }
    }
    (text, applied)
}
