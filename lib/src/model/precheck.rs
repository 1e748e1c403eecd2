//! Value pre-checks: an assignment (`PATH=VALUE`) checked against the model before anything is
//! edited, so a typo or a literal KubeEdge would misread is refused with a reason.

use serde_json::Value as J;

use super::GoDuration;
use super::kind::ConfigKind;
use super::release::{LATEST, Release, ranges_text};
use super::releases::{Family, family};
use super::schema::{Expect, SchemaView};
use super::suggest::did_you_mean;
use crate::document::{Path, Segment, Value, parse_int_yaml11, resolve_plain};

/// Why a `set` assignment is refused before anything is edited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{message}")]
pub struct AssignmentError {
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
}

/// Checks `path = raw` against the model before editing: the path must name a field KubeEdge
/// knows (or lie inside a free-form map), and a boolean or integer field needs a canonical
/// literal (`true`/`false`, a decimal integer in range). `force_string` is `--string`.
pub fn check_assignment(
    kind: ConfigKind,
    path: &Path,
    raw: &str,
    force_string: bool,
) -> Result<(), AssignmentError> {
    check_assignment_for(kind, None, path, raw, force_string)
}

/// [`check_assignment`] for a KubeEdge release (`None`: the latest).
pub fn check_assignment_for(
    kind: ConfigKind,
    release: Option<Release>,
    path: &Path,
    raw: &str,
    force_string: bool,
) -> Result<(), AssignmentError> {
    let release = release.unwrap_or(LATEST);
    let view = SchemaView::for_release(kind, release);
    let Some((cur, shown)) = resolve_path(&view, kind, release, path)? else {
        return Ok(()); // A scalar or free-form value on the way: nothing more to check here.
    };
    check_value(&view, cur, &shown, raw, force_string)
}

/// Checks that `path` names a field KubeEdge's `release` (`None`: the latest) knows for `kind`,
/// or lies inside a free-form map; the error says what the key is spelt like or where it
/// exists. Used by `get` and `unset` to tell a misspelt path from an unset one.
pub fn check_path_for(
    kind: ConfigKind,
    release: Option<Release>,
    path: &Path,
) -> Result<(), AssignmentError> {
    let release = release.unwrap_or(LATEST);
    let view = SchemaView::for_release(kind, release);
    resolve_path(&view, kind, release, path).map(|_| ())
}

/// The schema at `path` and the path as shown in messages; `None` when a scalar or free-form
/// value is reached before the end.
fn resolve_path<'v>(
    view: &SchemaView<'v>,
    kind: ConfigKind,
    release: Release,
    path: &Path,
) -> Result<Option<(&'v J, String)>, AssignmentError> {
    let fam = Family::of(kind, release);
    let mut cur: &J = view.root;
    let mut shown = String::new();
    for (i, seg) in path.segments.iter().enumerate() {
        let key = match seg {
            Segment::Key(k) | Segment::Token(k) => Some(k.as_str()),
            _ => None,
        };
        match view.expect(cur) {
            Expect::Struct(props) => {
                let Some(key) = key else {
                    return Err(AssignmentError {
                        message: format!("`{shown}` is a mapping, not a sequence"),
                        help: None,
                    });
                };
                let next = if shown.is_empty() {
                    key.to_owned()
                } else {
                    format!("{shown}.{key}")
                };
                match props.get(key) {
                    Some(s) => cur = s,
                    None => {
                        let (message, help) = match props
                            .keys()
                            .find(|k| super::fold::go_fold_eq(k, key))
                        {
                            Some(k) => (
                                format!("`{next}`: the key is spelled `{k}`"),
                                Some(format!("use `{k}`")),
                            ),
                            None => {
                                let elsewhere = family(fam)
                                    .field_ignore_case(&next)
                                    .map(|f| ranges_text(&f.minors()));
                                (
                                    format!(
                                        "`{next}` is not a field of {}.yaml in KubeEdge {release}; KubeEdge would ignore it",
                                        kind.name()
                                    ),
                                    match elsewhere {
                                        Some(r) => Some(format!(
                                            "it exists in KubeEdge {r}: pass --kubeedge-version if the node runs one of those"
                                        )),
                                        None => did_you_mean(key, props.keys().map(String::as_str))
                                            .map(|s| {
                                                // The whole path, with the key corrected.
                                                let mut fixed = path.clone();
                                                fixed.segments[i] = Segment::Key(s.to_owned());
                                                format!("did you mean `{fixed}`?")
                                            }),
                                    },
                                )
                            }
                        };
                        return Err(AssignmentError { message, help });
                    }
                }
                shown = next;
            }
            Expect::Map(v) => {
                cur = v;
                shown = format!("{shown}.{}", key.unwrap_or("?"));
            }
            Expect::Array(items) => {
                cur = items;
                shown.push_str("[]");
            }
            _ => return Ok(None),
        }
    }
    Ok(Some((cur, shown)))
}

/// Checks `raw` against the field schema `cur` (at `shown`).
fn check_value(
    view: &SchemaView<'_>,
    cur: &J,
    shown: &str,
    raw: &str,
    force_string: bool,
) -> Result<(), AssignmentError> {
    let raw = raw.trim();
    match view.expect(cur) {
        Expect::Bool => {
            if force_string {
                return Err(AssignmentError {
                    message: format!(
                        "`{shown}` is a boolean; a string there is a KubeEdge decode error"
                    ),
                    help: Some("drop --string and write true or false".into()),
                });
            }
            if raw != "true" && raw != "false" {
                let help = match resolve_plain(raw) {
                    Value::Bool(b) => format!(
                        "write `{b}` (KubeEdge reads `{raw}` as {b}, other YAML tools as a string)"
                    ),
                    _ => "write true or false".into(),
                };
                return Err(AssignmentError {
                    message: format!("`{shown}` is a boolean; `{raw}` is not `true` or `false`"),
                    help: Some(help),
                });
            }
        }
        Expect::Int { min, max } => {
            // Canonical decimal only: `0755` is octal to KubeEdge (493), `+5` and `1_000` are
            // YAML 1.1 spellings other tools read differently.
            let digits = raw.strip_prefix('-').unwrap_or(raw);
            let canonical = !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (digits == "0" || !digits.starts_with('0'));
            let n = (!force_string && canonical)
                .then(|| raw.parse::<i128>().ok())
                .flatten();
            match n {
                None => {
                    let help = parse_int_yaml11(raw).map(|n| {
                        if digits.starts_with('0') && digits.len() > 1 {
                            format!("KubeEdge reads `{raw}` as octal, {n}: write {n}, or drop the leading 0 if that is meant")
                        } else {
                            format!("write {n}")
                        }
                    });
                    return Err(AssignmentError {
                        message: format!(
                            "`{shown}` is an integer; `{raw}` is not a decimal integer"
                        ),
                        help,
                    });
                }
                Some(n)
                    if min.is_some_and(|m| (n as f64) < m)
                        || max.is_some_and(|m| (n as f64) > m) =>
                {
                    return Err(AssignmentError {
                        message: format!("{n} is out of range for `{shown}`"),
                        help: None,
                    });
                }
                _ => {}
            }
        }
        Expect::Str {
            pattern,
            enumeration,
        } => {
            let text = raw.trim_matches('"');
            if let Some(allowed) = enumeration
                && !allowed.iter().any(|a| a == text)
            {
                return Err(AssignmentError {
                    message: format!("`{text}` is not allowed for `{shown}`"),
                    help: Some(format!("one of: {}", allowed.join(", "))),
                });
            }
            if pattern && !GoDuration::is_valid(text) {
                return Err(AssignmentError {
                    message: format!("`{text}` is not a Go duration"),
                    help: Some("write a duration with a unit, such as 1m0s, 20s or 100ms".into()),
                });
            }
        }
        _ => {}
    }
    Ok(())
}

/// What a field holds, for converting a typed value to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    /// A string (also a map value of `map[string]string`).
    Str,
    /// A list of strings.
    StrList,
    /// Anything else.
    Other,
}

/// The type of the field at `path` in `release` (`None`: not a known field).
pub(crate) fn field_type(
    kind: ConfigKind,
    release: Option<Release>,
    path: &Path,
) -> Option<FieldType> {
    let release = release.unwrap_or(LATEST);
    let view = SchemaView::for_release(kind, release);
    let mut cur: &J = view.root;
    for seg in &path.segments {
        cur = match (view.expect(cur), seg) {
            (Expect::Struct(props), Segment::Key(k) | Segment::Token(k)) => {
                props.get(k.as_str())?
            }
            (Expect::Map(v), Segment::Key(_) | Segment::Token(_)) => v,
            (Expect::Array(items), _) => items,
            _ => return None,
        };
    }
    Some(match view.expect(cur) {
        Expect::Str { .. } => FieldType::Str,
        Expect::Array(items) if matches!(view.expect(items), Expect::Str { .. }) => {
            FieldType::StrList
        }
        _ => FieldType::Other,
    })
}
