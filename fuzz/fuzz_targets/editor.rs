//! Fuzzes the editor: any input either fails to parse with a located error, or every `set` /
//! `unset` either fails cleanly or yields text that parses again. Never a panic.
//!
//! Run: `cargo +nightly fuzz run editor` from the repository root (needs cargo-fuzz).
#![no_main]

use edgecfg::document::{Document, Path, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The last line, if it looks like `path=value`, is the edit; the rest is the document.
    let (doc_text, edit) = match text.rsplit_once('\n') {
        Some((d, e)) if e.contains('=') => (d, e),
        _ => (text, "modules.edgeStream.enable=true"),
    };
    let Ok(doc) = Document::parse(doc_text) else { return };
    let (p, v) = edit.split_once('=').unwrap_or((edit, ""));
    let Ok(path) = Path::parse(p) else { return };
    let value = edgecfg::edit::parse_value(v, false).unwrap_or(Value::String(v.to_owned()));
    for i in 0..doc.documents().len().max(1) {
        let mut d = doc.clone();
        if d.set(i, &path, &value).is_ok() {
            assert!(Document::parse(d.as_str()).is_ok());
            let again = d.set(i, &path, &value);
            assert_eq!(again, Ok(false), "set is idempotent");
        }
        let mut d = doc.clone();
        if d.unset(i, &path).is_ok() {
            assert!(Document::parse(d.as_str()).is_ok());
        }
    }
});
