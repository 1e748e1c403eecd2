//! Fuzzes validation: any input either fails to parse with a located error, or validates —
//! as either kind and for the latest and an old release — without a panic, with every finding
//! located inside the input.
//!
//! Run: `cargo fuzz run validate` from the repository root (needs cargo-fuzz).
#![no_main]

use edgecfg::model::{ConfigKind, Release, ValidateOptions, validate_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = edgecfg::Document::parse(text) else { return };
    for i in 0..doc.documents().len() {
        for kind in [None, Some(ConfigKind::EdgeCore), Some(ConfigKind::CloudCore)] {
            for release in [None, Some(Release::new(15, None))] {
                let options = ValidateOptions::new().kind(kind).release(release);
                if let Ok(report) = validate_with(&doc, i, &options) {
                    for f in &report.findings {
                        assert!(f.location.offset <= text.len(), "{f}");
                    }
                }
            }
        }
    }
});
