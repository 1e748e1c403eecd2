//! Fuzzes the post-renderer with the default profiles: never a panic; on success the output
//! has as many documents as the input, and a second pass changes nothing.
//!
//! Run: `cargo +nightly fuzz run post_render` from the repository root (needs cargo-fuzz).
#![no_main]

use edgecfg::profile::{Profile, resolve};
use edgecfg::{ApplyOptions, Params};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let names = vec!["metrics-server".to_owned(), "observability".to_owned()];
    let profiles: Vec<Profile> = resolve(&names, &[]).unwrap();
    let (params, options) = (Params::new(), ApplyOptions::new());
    if let Ok((out, _)) = edgecfg::stream::post_render(text, &profiles, &params, &options) {
        let seps = |s: &str| s.lines().filter(|l| l.trim_end() == "---").count();
        assert_eq!(seps(text), seps(&out), "documents are neither added nor removed");
        let (again, _) = edgecfg::stream::post_render(&out, &profiles, &params, &options).expect("output post-renders again");
        assert_eq!(again, out, "post-render is idempotent");
    }
});
