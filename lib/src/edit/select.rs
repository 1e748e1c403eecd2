//! Choosing the document of a multi-document stream (`--doc N`, `--select PATH=VALUE`).

use crate::document::{Document, EditError, Path, Value};

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

#[cfg(test)]
mod tests {
    use super::*;

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
