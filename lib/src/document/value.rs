//! The data model a YAML document denotes, resolved the way KubeEdge reads it (YAML 1.1).
//!
//! [`Value`] is what the semantic oracle compares: an edit is accepted only when the re-parsed
//! result equals the intended value. It is a superset of JSON (keys may be any value, tags are
//! kept) so that every valid YAML document has a faithful image.

use std::fmt;

use super::merge::MergeItem;

/// A resolved YAML node.
///
/// Plain scalars are resolved with the YAML 1.1 rules of go-yaml v2, the library behind
/// `sigs.k8s.io/yaml` that KubeEdge uses: `yes`/`on`/`y` are booleans, `0755` is octal, `~` and
/// the empty scalar are null. Quoted and block scalars are always strings.
#[derive(Debug, Clone)]
pub enum Value {
    /// `null`, `~`, or an empty node.
    Null,
    /// A boolean (`true`, `yes`, `on`, … in YAML 1.1).
    Bool(bool),
    /// An integer that fits 128 bits (decimal, `0x`, `0o`, leading-`0` octal, `0b`, `_` separators).
    Int(i128),
    /// A floating-point number (including `.inf` and `.nan`).
    Float(f64),
    /// A string.
    String(String),
    /// A sequence.
    Sequence(Vec<Value>),
    /// A mapping, in document order (duplicate keys are kept as written).
    Mapping(Vec<(Value, Value)>),
    /// A node with an explicit non-core tag (for example `!foo bar`), with the tag as written.
    Tagged(String, Box<Value>),
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => {
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
            }
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Sequence(a), Value::Sequence(b)) => a == b,
            (Value::Mapping(a), Value::Mapping(b)) => a == b,
            (Value::Tagged(t, a), Value::Tagged(u, b)) => t == u && a == b,
            _ => false,
        }
    }
}

impl Value {
    /// A hash consistent with `==` (equal values hash equal; NaNs hash alike), for finding a
    /// mapping's repeated keys in linear time.
    pub(crate) fn key_hash(&self) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        fn feed(v: &Value, h: &mut impl Hasher) {
            std::mem::discriminant(v).hash(h);
            match v {
                Value::Null => {}
                Value::Bool(b) => b.hash(h),
                Value::Int(i) => i.hash(h),
                Value::Float(f) if f.is_nan() => {}
                Value::Float(f) => f.to_bits().hash(h),
                Value::String(s) => s.hash(h),
                Value::Sequence(items) => items.iter().for_each(|i| feed(i, h)),
                Value::Mapping(entries) => entries.iter().for_each(|(k, v)| {
                    feed(k, h);
                    feed(v, h);
                }),
                Value::Tagged(t, v) => {
                    t.hash(h);
                    feed(v, h);
                }
            }
        }
        let mut h = foldhash::fast::FixedState::with_seed(0).build_hasher();
        feed(self, &mut h);
        h.finish()
    }

    /// The value of a mapping entry whose key is the string `key` (the last one if repeated).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Mapping(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| matches!(k, Value::String(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// True for collections (sequences and mappings).
    pub fn is_collection(&self) -> bool {
        matches!(self, Value::Sequence(_) | Value::Mapping(_))
    }

    /// Converts to JSON. Fails on what JSON cannot hold: non-string keys, tags, non-finite floats,
    /// integers outside 64 bits.
    pub fn to_json(&self) -> Result<serde_json::Value, String> {
        Ok(match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => {
                if let Ok(v) = i64::try_from(*i) {
                    v.into()
                } else if let Ok(v) = u64::try_from(*i) {
                    v.into()
                } else {
                    return Err(format!("integer {i} does not fit in 64 bits"));
                }
            }
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .ok_or_else(|| format!("{f} is not a JSON number"))?,
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Sequence(items) => serde_json::Value::Array(
                items.iter().map(Value::to_json).collect::<Result<_, _>>()?,
            ),
            Value::Mapping(entries) => {
                let mut map = serde_json::Map::new();
                for (k, v) in entries {
                    let Value::String(k) = k else {
                        return Err(format!("non-string key {k}"));
                    };
                    map.insert(k.clone(), v.to_json()?);
                }
                serde_json::Value::Object(map)
            }
            Value::Tagged(tag, _) => return Err(format!("tagged value {tag}")),
        })
    }

    /// Converts from JSON (object key order is kept).
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Value::Int(i.into())
                } else if let Some(u) = n.as_u64() {
                    Value::Int(u.into())
                } else {
                    Value::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => {
                Value::Sequence(a.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(o) => Value::Mapping(
                o.iter()
                    .map(|(k, v)| (Value::String(k.clone()), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The value with YAML 1.1 merge keys (`<<: *anchor`, `<<: [*a, *b]`) applied, as
    /// go-yaml v2 (KubeEdge's decoder) builds the map: entries apply in document order, a later
    /// one (a `<<` entry at its position) replacing an earlier one of the same key; among
    /// several merged mappings the earlier wins. Each key is then given once. The document layer keeps `<<` as
    /// written (it edits text); this is the data view.
    pub fn resolve_merge_keys(&self) -> Value {
        match self {
            Value::Sequence(items) => {
                Value::Sequence(items.iter().map(Value::resolve_merge_keys).collect())
            }
            Value::Tagged(t, v) => Value::Tagged(t.clone(), Box::new(v.resolve_merge_keys())),
            Value::Mapping(entries) => {
                let merge_key = Value::String("<<".into());
                let items = entries
                    .iter()
                    .map(|(k, v)| {
                        if *k == merge_key {
                            let sources = match v.resolve_merge_keys() {
                                Value::Sequence(items) => items,
                                other => vec![other],
                            };
                            MergeItem::Merge(
                                sources
                                    .into_iter()
                                    .filter_map(|src| match src {
                                        Value::Mapping(m) => Some(m),
                                        _ => None,
                                    })
                                    .collect(),
                            )
                        } else {
                            MergeItem::Own(k.clone(), v.resolve_merge_keys())
                        }
                    })
                    .collect();
                Value::Mapping(
                    super::merge::merge_entries(items, |k| Some(k.key_hash()), |a, b| a == b).0,
                )
            }
            other => other.clone(),
        }
    }

    /// A short name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Sequence(_) => "sequence",
            Value::Mapping(_) => "mapping",
            Value::Tagged(..) => "tagged value",
        }
    }
}

impl fmt::Display for Value {
    /// A compact, JSON-like rendering for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Sequence(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Mapping(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
            Value::Tagged(t, v) => write!(f, "{t} {v}"),
        }
    }
}

/// A scalar whose explicit tag does not fit its value (`!!int abc`, `!!null false`): go-yaml v2
/// refuses the whole document ("cannot decode !!str `abc` as a !!int").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagConflict {
    /// go-yaml v2's message, without its `yaml: ` prefix.
    pub message: String,
}

/// The core tag's short name (`!!int` and `tag:yaml.org,2002:int` are `int`).
fn core_tag(tag: &str) -> Option<&str> {
    tag.strip_prefix("!!")
        .or_else(|| tag.strip_prefix("tag:yaml.org,2002:"))
}

/// Resolves a scalar as go-yaml v2 does (`resolve.go`), its explicit tag included: untagged
/// plain scalars by the YAML 1.1 rules ([`resolve_plain`]), quoted ones as strings; `!!str`
/// keeps the text; `!!int`, `!!float`, `!!bool`, `!!null` resolve the text (quoted or not) and
/// must get that type (an integer is also a `!!float`), or the document does not decode.
/// `None` for a tag that is not one of these: the caller keeps it as written.
pub fn resolve_scalar(
    text: &str,
    plain: bool,
    tag: Option<&str>,
) -> Option<Result<Value, TagConflict>> {
    let Some(tag) = tag else {
        return Some(Ok(if plain {
            resolve_plain(text)
        } else {
            Value::String(text.to_owned())
        }));
    };
    let short = core_tag(tag)?;
    let resolved = match short {
        "str" | "binary" => return Some(Ok(Value::String(text.to_owned()))),
        "int" | "float" | "bool" | "null" => resolve_plain(text),
        _ => return None,
    };
    let got = match &resolved {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        _ => "str",
    };
    Some(match (short, resolved) {
        ("float", Value::Int(i)) => Ok(Value::Float(i as f64)),
        (want, v) if want == got => Ok(v),
        (want, _) => Err(TagConflict {
            message: format!("cannot decode !!{got} `{text}` as a !!{want}"),
        }),
    })
}

/// Resolves a plain (unquoted) scalar with the YAML 1.1 rules of go-yaml v2.
pub fn resolve_plain(s: &str) -> Value {
    if let Some(v) = resolve_null_bool(s) {
        return v;
    }
    if let Some(i) = parse_int_yaml11(s) {
        return Value::Int(i);
    }
    if let Some(x) = parse_float_yaml11(s) {
        return Value::Float(x);
    }
    Value::String(s.to_owned())
}

fn resolve_null_bool(s: &str) -> Option<Value> {
    Some(match s {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        _ => return None,
    })
}

/// Parses an integer the way go-yaml v2 resolves plain scalars (`strconv.ParseInt(s, 0, 64)`
/// after removing `_`): sign, `0x`, `0o`, `0b`, and a leading `0` meaning octal.
pub fn parse_int_yaml11(s: &str) -> Option<i128> {
    // An integer starts with a sign or a digit: most scalars are rejected here, unallocated.
    if !s
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'-' || *b == b'+')
    {
        return None;
    }
    let cleaned: std::borrow::Cow<'_, str> = if s.contains('_') {
        s.chars().filter(|&c| c != '_').collect::<String>().into()
    } else {
        s.into()
    };
    if cleaned.is_empty() {
        return None;
    }
    let (neg, body) = match cleaned.as_bytes()[0] {
        b'-' => (true, &cleaned[1..]),
        b'+' => (false, &cleaned[1..]),
        _ => (false, &cleaned[..]),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, d)
        } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, d)
        } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, d)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    Some(if neg { -magnitude } else { magnitude })
}

/// Parses a YAML 1.1 float (`1.5`, `-1e3`, `.5`, `.inf`, `.NaN`, …).
pub fn parse_float_yaml11(s: &str) -> Option<f64> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    // A float starts with a sign, a digit or a dot: most scalars are rejected here, unallocated.
    if !s
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.'))
    {
        return None;
    }
    let cleaned: std::borrow::Cow<'_, str> = if s.contains('_') {
        s.chars().filter(|&c| c != '_').collect::<String>().into()
    } else {
        s.into()
    };
    let body = cleaned.strip_prefix(['-', '+']).unwrap_or(&cleaned);
    // Digits, at most one dot, an optional exponent; at least one digit before the exponent.
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = mantissa.chars().filter(char::is_ascii_digit).count();
    let dots = mantissa.chars().filter(|&c| c == '.').count();
    if digits == 0 || dots > 1 || mantissa.chars().any(|c| !(c.is_ascii_digit() || c == '.')) {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        if e.is_empty() || !e.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    cleaned.parse::<f64>().ok()
}

/// True when a plain scalar with this text would *not* be read as a string by YAML 1.1 or by a
/// YAML 1.2 core-schema reader, so a string with this text must be quoted.
pub fn plain_is_ambiguous(s: &str) -> bool {
    if !matches!(resolve_plain(s), Value::String(_)) {
        return true;
    }
    // Other YAML 1.1 readers: timestamps (`2024-01-02`) and base-60 numbers (`1:20`).
    looks_like_timestamp(s) || looks_like_sexagesimal(s) || matches!(s, "=" | "<<")
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5].is_ascii_digit()
        && (b[6] == b'-' || (b[6].is_ascii_digit() && b[7] == b'-'))
}

fn looks_like_sexagesimal(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int_part, frac) = match body.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (body, None),
    };
    let mut groups = int_part.split(':');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && first.starts_with(|c: char| c.is_ascii_digit())
        && first.chars().all(|c| c.is_ascii_digit() || c == '_')
        && rest.iter().all(|g| {
            matches!(g.len(), 1 | 2)
                && g.bytes().all(|c| c.is_ascii_digit())
                && (g.len() == 1 || g.as_bytes()[0] <= b'5')
        })
        && frac.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml11_resolution() {
        assert_eq!(resolve_plain("yes"), Value::Bool(true));
        assert_eq!(resolve_plain("Off"), Value::Bool(false));
        assert_eq!(resolve_plain("0755"), Value::Int(493));
        assert_eq!(resolve_plain("0x1F"), Value::Int(31));
        assert_eq!(resolve_plain("10_350"), Value::Int(10350));
        assert_eq!(resolve_plain("1e3"), Value::Float(1000.0));
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("1.10"), Value::Float(1.1));
        assert_eq!(
            resolve_plain("127.0.0.1:10004"),
            Value::String("127.0.0.1:10004".into())
        );
        assert_eq!(resolve_plain("0"), Value::Int(0));
        assert_eq!(resolve_plain("-"), Value::String("-".into()));
        assert_eq!(resolve_plain("."), Value::String(".".into()));
    }

    #[test]
    fn ambiguity() {
        for s in [
            "yes",
            "on",
            "y",
            "n",
            "off",
            "0755",
            "1e3",
            "~",
            "null",
            "",
            "1:20",
            "2024-01-02",
            "1.10",
            ".5",
        ] {
            assert!(plain_is_ambiguous(s), "{s}");
        }
        for s in [
            "hello",
            "127.0.0.1:10004",
            "/etc/kubeedge",
            "default",
            "edge-node",
            "v1.23.1x",
        ] {
            assert!(!plain_is_ambiguous(s), "{s}");
        }
    }
}
