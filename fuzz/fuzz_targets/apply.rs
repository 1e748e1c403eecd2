//! Fuzzes profile application through the checked-edit path: any input either fails cleanly
//! or yields text that parses again, to which a second apply changes nothing (idempotency).
//!
//! Run: `cargo fuzz run apply` from the repository root (needs cargo-fuzz).
#![no_main]

use edgecfg::{ApplyOptions, Editor, Params};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let profiles = edgecfg::profile::resolve(&["observability", "edgemesh"], &[]).unwrap();
    let params = Params::new().with("cloudAddress", "192.0.2.10");
    let apply = |t: &str| {
        Editor::open("fuzz.yaml", t)
            .and_then(|e| e.apply(&profiles, &params, &ApplyOptions::new()))
            .and_then(Editor::finish)
    };
    if let Ok(outcome) = apply(text) {
        assert!(edgecfg::Document::parse(outcome.after()).is_ok());
        let again = apply(outcome.after()).expect("a result applies again");
        assert!(!again.changed(), "apply is idempotent:\n{}", again.diff());
    }
});
