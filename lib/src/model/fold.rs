//! Key matching as Go's encoding/json does it: a JSON key matches a struct field's name when
//! they are equal under Unicode simple case folding (`bytes.EqualFold`). Field names are ASCII,
//! so besides ASCII case the only characters that can match are the two non-ASCII letters
//! whose folding orbit contains an ASCII one: U+017F LATIN SMALL LETTER LONG S (`ſ`, with `s`
//! and `S`) and U+212A KELVIN SIGN (with `k` and `K`).

/// `key` folded for matching: ASCII lowercase, `ſ` as `s`, the Kelvin sign as `k`.
pub(crate) fn go_fold(key: &str) -> String {
    key.chars()
        .map(|c| match c {
            '\u{17f}' => 's',
            '\u{212a}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Whether encoding/json matches `key` to the field named `field`.
pub(crate) fn go_fold_eq(field: &str, key: &str) -> bool {
    field.eq_ignore_ascii_case(key)
        || ((!key.is_ascii() || !field.is_ascii()) && go_fold(field) == go_fold(key))
}

/// `path` with each key that exists in document `index` respelled as the key KubeEdge reads:
/// where a mapping holds several spellings of one field (`modules` and `Modules`, `moduleſ`),
/// encoding/json applies them in byte order, so the last one wins and an edit of any other
/// would be overridden. Keys past the first that does not exist are left as given.
pub(crate) fn kubeedge_path(
    doc: &crate::document::Document,
    index: usize,
    path: &crate::document::Path,
) -> crate::document::Path {
    use crate::document::{NodeKind, Segment};
    let mut out = path.clone();
    let Some(mut node) = doc.documents().get(index).and_then(|d| d.root.as_ref()) else {
        return out;
    };
    for seg in out.segments.iter_mut() {
        match (seg, &node.kind) {
            (Segment::Key(k) | Segment::Token(k), NodeKind::Mapping { entries, .. }) => {
                let winner = entries
                    .iter()
                    .filter(|e| {
                        e.key
                            .scalar_text()
                            .is_some_and(|t| t != "<<" && go_fold_eq(t, k))
                    })
                    .max_by(|a, b| a.key.scalar_text().cmp(&b.key.scalar_text()));
                let Some(e) = winner else { break };
                let spelled = e.key.scalar_text().unwrap_or_default().to_owned();
                // The last entry of that spelling (go-yaml keeps the last of a key given twice).
                let Some(last) = entries
                    .iter()
                    .rev()
                    .find(|x| x.key.scalar_text() == Some(spelled.as_str()))
                else {
                    break;
                };
                *k = spelled;
                node = &last.value;
            }
            (Segment::Index(i), NodeKind::Sequence { items, .. }) => match items.get(*i) {
                Some(n) => node = n,
                None => break,
            },
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_as_go() {
        assert!(go_fold_eq("streamPort", "STREAMPORT"));
        assert!(go_fold_eq("streamPort", "\u{17f}treamPort"));
        assert!(go_fold_eq("taskManager", "tas\u{212a}Manager"));
        assert!(!go_fold_eq("streamPort", "streamPorts"));
        assert!(!go_fold_eq("enable", "\u{e9}nable"));
        assert!(go_fold_eq("\u{17f}erver", "server"));
    }
}
