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
    field.eq_ignore_ascii_case(key) || (!key.is_ascii() && go_fold(field) == go_fold(key))
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
    }
}
