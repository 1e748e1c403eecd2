//! Values on the command line: `PATH=VALUE` assignments, flow values read as KubeEdge reads
//! YAML, and `get`'s rendering of what it finds.

use crate::document::{Document, EditError, Node, NodeKind, Path, Value};

/// One `PATH=VALUE` assignment for [`super::Editor::set`].
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Where.
    pub path: Path,
    /// The value to write.
    pub value: Value,
    /// The value as typed, for the model pre-check (`yes` is refused for a boolean field).
    pub raw: String,
    /// The value was forced to a string (`--string`).
    pub string: bool,
}

impl Assignment {
    /// Parses `PATH=VALUE` (split at the first `=`); the value is a YAML flow value, or taken
    /// as a string with `string`.
    pub fn parse(text: &str, string: bool) -> Result<Assignment, EditError> {
        let (p, v) = text.split_once('=').ok_or_else(|| EditError::ValueSyntax {
            value: text.to_owned(),
            reason: "an assignment has the form PATH=VALUE".into(),
        })?;
        Ok(Assignment {
            path: Path::parse(p)?,
            value: parse_value(v, string)?,
            raw: v.to_owned(),
            string,
        })
    }

    /// An assignment of a value built in code.
    pub fn new(path: Path, value: Value) -> Assignment {
        let raw = match &value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let string = matches!(value, Value::String(_));
        Assignment {
            path,
            value,
            raw,
            string,
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
    fn assignments() {
        let a = Assignment::parse("modules.edgeStream.enable=true", false).unwrap();
        assert_eq!(a.value, Value::Bool(true));
        assert_eq!(a.raw, "true");
        assert!(Assignment::parse("no-equals", false).is_err());
    }
}
