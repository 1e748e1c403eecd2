//! The `get` / `set` / `unset` operations over a whole stream, with document selection.
//!
//! This is the API the command-line tool uses; embedders can call it the same way.

use crate::document::{Document, EditError, Node, NodeKind, Path, Value};

/// Which document of a stream an operation targets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selector {
    /// The only document; an error when the stream has several.
    #[default]
    Only,
    /// The document with this 0-based index.
    Index(usize),
    /// The single document whose value at `path` is the string `value` (e.g. `kind=EdgeCore`).
    Field {
        /// Path inside each document.
        path: Path,
        /// The string the value must equal.
        value: String,
    },
}

impl Selector {
    /// Parses `PATH=VALUE` (as given to `--select`).
    pub fn parse_field(text: &str) -> Result<Selector, EditError> {
        let (p, v) = text.split_once('=').ok_or_else(|| EditError::PathSyntax {
            path: text.to_owned(),
            reason: "a selector has the form PATH=VALUE, e.g. kind=EdgeCore".into(),
        })?;
        Ok(Selector::Field {
            path: Path::parse(p)?,
            value: v.to_owned(),
        })
    }
}

/// Errors of the stream-level operations.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SelectError {
    /// The stream has several documents and no selector was given.
    #[error("the file has {count} documents; choose one with --doc N or --select PATH=VALUE")]
    Ambiguous {
        /// How many documents there are.
        count: usize,
    },
    /// A selector matched several documents.
    #[error("the selector matches {} documents ({}); make it more specific or use --doc N", .matches.len(), .matches.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", "))]
    SelectorAmbiguous {
        /// The matching indexes.
        matches: Vec<usize>,
    },
    /// No document matched the selector.
    #[error("no document matches the selector")]
    NoMatch,
    /// A lookup or edit failed.
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// Resolves a selector to a document index. A stream with no document yields index 0 (set
/// creates it).
pub fn select(doc: &Document, selector: &Selector) -> Result<usize, SelectError> {
    let n = doc.documents().len();
    match selector {
        Selector::Only => {
            if n <= 1 {
                Ok(0)
            } else {
                Err(SelectError::Ambiguous { count: n })
            }
        }
        Selector::Index(i) => {
            if *i < n.max(1) {
                Ok(*i)
            } else {
                Err(EditError::NoSuchDocument {
                    index: *i,
                    count: n,
                }
                .into())
            }
        }
        Selector::Field { path, value } => {
            let matches: Vec<usize> = (0..n)
                .filter(|&i| match doc.get_value(i, path) {
                    Ok(Some(Value::String(s))) => &s == value,
                    Ok(Some(v)) => crate::document::resolve_plain(value) == v,
                    _ => false,
                })
                .collect();
            match matches.len() {
                0 => Err(SelectError::NoMatch),
                1 => Ok(matches[0]),
                _ => Err(SelectError::SelectorAmbiguous { matches }),
            }
        }
    }
}

/// Parses a `set` value: a YAML flow value (`true`, `10004`, `"a,b"`, `[a, b]`, `{k: v}`),
/// resolved as KubeEdge reads YAML (1.1). With `force_string` the text is taken as a string.
pub fn parse_value(text: &str, force_string: bool) -> Result<Value, EditError> {
    if force_string {
        return Ok(Value::String(text.to_owned()));
    }
    let err = |reason: String| EditError::ValueSyntax {
        value: text.to_owned(),
        reason,
    };
    let doc = Document::parse(text).map_err(|e| err(e.to_string()))?;
    match doc.documents() {
        [] => Ok(Value::Null),
        [d] => {
            if let Some(root) = &d.root
                && root.is_block_collection()
            {
                return Err(err(
                    "use flow syntax for collections ({k: v}, [a, b]) or quote the string".into(),
                ));
            }
            if let Some(Node {
                kind: NodeKind::Alias { .. },
                ..
            }) = &d.root
            {
                return Err(err("an alias cannot be a value".into()));
            }
            doc.value(0)
        }
        _ => Err(err("more than one document".into())),
    }
}

/// Applies `path = value` assignments to document `index`, in order. Returns whether anything
/// changed.
pub fn set_all(
    doc: &mut Document,
    index: usize,
    assignments: &[(Path, Value)],
) -> Result<bool, EditError> {
    let mut changed = false;
    for (path, value) in assignments {
        changed |= doc.set(index, path, value)?;
    }
    Ok(changed)
}

/// Removes each path from document `index` (missing paths are skipped). Returns whether
/// anything changed.
pub fn unset_all(doc: &mut Document, index: usize, paths: &[Path]) -> Result<bool, EditError> {
    let mut changed = false;
    for path in paths {
        changed |= doc.unset(index, path)?;
    }
    Ok(changed)
}

/// Renders a value found by `get`: a scalar as its plain text, a collection as its YAML source.
pub fn get_text(doc: &Document, index: usize, path: &Path) -> Result<Option<String>, EditError> {
    let Some(value) = doc.get_value(index, path)? else {
        return Ok(None);
    };
    let node = doc.get(index, path).ok().flatten();
    Ok(Some(match (&value, node) {
        (Value::String(s), _) => s.clone(),
        (Value::Null, _) => "null".to_owned(),
        (v, Some(n)) if v.is_collection() && !matches!(n.kind, NodeKind::Alias { .. }) => {
            doc.node_source(n)
        }
        (v, _) => v.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(parse_value("true", false).unwrap(), Value::Bool(true));
        assert_eq!(parse_value("10004", false).unwrap(), Value::Int(10004));
        assert_eq!(
            parse_value("\"a,b\"", false).unwrap(),
            Value::String("a,b".into())
        );
        assert_eq!(
            parse_value("[a, b]", false).unwrap(),
            Value::Sequence(vec![Value::String("a".into()), Value::String("b".into())])
        );
        assert_eq!(
            parse_value("yes", true).unwrap(),
            Value::String("yes".into())
        );
        assert!(parse_value("a: b", false).is_err());
        assert!(parse_value("[a", false).is_err());
    }

    #[test]
    fn selection() {
        let d = Document::parse("kind: A\n---\nkind: EdgeCore\n").unwrap();
        assert!(matches!(
            select(&d, &Selector::Only),
            Err(SelectError::Ambiguous { count: 2 })
        ));
        assert_eq!(
            select(&d, &Selector::parse_field("kind=EdgeCore").unwrap()).unwrap(),
            1
        );
        assert_eq!(select(&d, &Selector::Index(0)).unwrap(), 0);
        assert!(select(&d, &Selector::Index(2)).is_err());
    }
}
