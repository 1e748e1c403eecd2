//! The YAML test suite (yaml/yaml-test-suite, read from ../shared) through the document layer
//! and the CLI.
//!
//! Run with `--nocapture` to see the figures.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use edgecfg::document::{Document, Node, NodeKind, Path, ScalarStyle, Value};

struct Case {
    dir: PathBuf,
    input: String,
    invalid: bool,
    docs: usize,
}

fn cases() -> Option<Vec<Case>> {
    let data = common::shared("fixtures/yaml-test-suite/data")?;
    let mut out = Vec::new();
    let mut ids: Vec<_> = fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    ids.sort();
    for id in ids {
        let mut dirs = vec![];
        if id.join("in.yaml").exists() {
            dirs.push(id.clone());
        } else {
            let mut subs: Vec<_> = fs::read_dir(&id)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect();
            subs.sort();
            dirs.extend(subs);
        }
        for dir in dirs {
            let bytes = fs::read(dir.join("in.yaml")).unwrap();
            let Ok(input) = String::from_utf8(bytes) else {
                continue;
            };
            let events = fs::read_to_string(dir.join("test.event")).unwrap_or_default();
            out.push(Case {
                invalid: dir.join("error").exists(),
                docs: events.lines().filter(|l| l.starts_with("+DOC")).count(),
                dir,
                input,
            });
        }
    }
    assert_eq!(out.len(), 402, "the suite has 402 cases");
    Some(out)
}

fn name(c: &Case) -> String {
    let s = c.dir.to_string_lossy();
    s[s.find("/data/").map_or(0, |i| i + 6)..].to_string()
}

/// Checks scalar spans against the source: quoted scalars start and end with their quotes,
/// single-line plain scalars are exactly their text.
fn check_spans(src: &str, n: &Node, bad: &mut Vec<String>) {
    match &n.kind {
        NodeKind::Scalar { value, style, .. } if !n.empty => {
            let slice = &src[n.start..n.end];
            let ok = match style {
                ScalarStyle::DoubleQuoted => slice.starts_with('"') && slice.ends_with('"'),
                ScalarStyle::SingleQuoted => slice.starts_with('\'') && slice.ends_with('\''),
                ScalarStyle::Plain if !slice.contains('\n') => slice == value,
                ScalarStyle::Plain => slice.starts_with(value.split(' ').next().unwrap_or("")),
                ScalarStyle::Literal | ScalarStyle::Folded => slice.starts_with(['|', '>']),
            };
            if !ok {
                bad.push(format!(
                    "{style:?} scalar {value:?} has span text {slice:?}"
                ));
            }
        }
        NodeKind::Sequence { items, flow } => {
            if *flow && !(src[n.start..].starts_with('[') && src[..n.end].ends_with(']')) {
                bad.push(format!("flow sequence span {:?}", &src[n.start..n.end]));
            }
            items.iter().for_each(|i| check_spans(src, i, bad));
        }
        NodeKind::Mapping { entries, flow } => {
            // A braced flow mapping spans its braces; a single `key: value` pair inside a flow
            // sequence (no braces) spans from its key to its value.
            let pair = entries.len() == 1 && n.start == entries[0].key.props_start;
            let ok =
                !*flow || pair || (src[n.start..].starts_with('{') && src[..n.end].ends_with('}'));
            if !ok {
                bad.push(format!("flow mapping span {:?}", &src[n.start..n.end]));
            }
            for e in entries {
                check_spans(src, &e.key, bad);
                check_spans(src, &e.value, bad);
            }
        }
        _ => {}
    }
}

#[test]
fn valid_cases_parse_with_exact_spans_and_noop_edits_change_nothing() {
    let Some(cases) = cases() else { return };
    let valid: Vec<&Case> = cases.iter().filter(|c| !c.invalid).collect();
    let mut failures = Vec::new();
    for c in &valid {
        let doc = match Document::parse(c.input.clone()) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{}: rejected: {e}", name(c)));
                continue;
            }
        };
        if doc.documents().len() != c.docs {
            failures.push(format!(
                "{}: {} documents, the suite says {}",
                name(c),
                doc.documents().len(),
                c.docs
            ));
        }
        let mut bad = Vec::new();
        for d in doc.documents() {
            if let Some(r) = &d.root {
                check_spans(&c.input, r, &mut bad);
            }
        }
        if let Some(b) = bad.first() {
            failures.push(format!("{}: {b}", name(c)));
        }
        // No-op edits: setting every top-level key of every document to its own value.
        let mut edited = doc.clone();
        for i in 0..doc.documents().len() {
            if let Value::Mapping(entries) = doc.value(i).unwrap() {
                for (k, v) in entries {
                    if let Value::String(k) = k {
                        match edited.set(i, &Path::keys([k.clone()]), &v) {
                            Ok(false) => {}
                            Ok(true) => failures
                                .push(format!("{}: no-op set of {k:?} changed the text", name(c))),
                            Err(e) => failures
                                .push(format!("{}: no-op set of {k:?} failed: {e}", name(c))),
                        }
                    }
                }
            }
        }
        if edited.as_str() != c.input {
            failures.push(format!(
                "{}: no-op round trip is not byte-identical",
                name(c)
            ));
        }
    }
    println!(
        "valid no-op: {}/{} cases pass",
        valid.len() - failures.len(),
        valid.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn insert_then_unset_top_level_key() {
    let Some(cases) = cases() else { return };
    let key = "edgecfg_added";
    let value = Value::Mapping(vec![(Value::String("enable".into()), Value::Bool(true))]);
    let mut eligible = 0;
    let mut inserted = 0;
    let mut round_trip = 0;
    let mut failures = Vec::new();
    for c in cases.iter().filter(|c| !c.invalid) {
        let Ok(doc) = Document::parse(c.input.clone()) else {
            continue;
        };
        if doc.documents().len() != 1 {
            continue;
        }
        let Ok(Value::Mapping(entries)) = doc.value(0) else {
            continue;
        };
        if entries.iter().any(|(k, _)| k == &Value::String(key.into())) {
            continue;
        }
        eligible += 1;
        let block = doc.documents()[0]
            .root
            .as_ref()
            .is_some_and(|r| r.is_block_collection());
        let mut edited = doc.clone();
        if let Err(e) = edited.set(0, &Path::keys([key]), &value) {
            failures.push(format!("{}: insert failed: {e}", name(c)));
            continue;
        }
        // Independent check of the result (the oracle inside `set` checked it too).
        let reparsed = Document::parse(edited.as_str()).unwrap();
        let mut expected = entries.clone();
        expected.push((Value::String(key.into()), value.clone()));
        if reparsed.value(0).unwrap() != Value::Mapping(expected) {
            failures.push(format!("{}: re-parsed value differs", name(c)));
            continue;
        }
        if block {
            // A file without a final line break gains one on its last line; that is not a
            // changed line.
            let original = if c.input.ends_with('\n') {
                c.input.clone()
            } else {
                format!("{}\n", c.input)
            };
            let removed = similar::TextDiff::from_lines(original.as_str(), edited.as_str())
                .iter_all_changes()
                .filter(|ch| ch.tag() == similar::ChangeTag::Delete)
                .count();
            if removed != 0 {
                failures.push(format!("{}: {removed} original lines changed", name(c)));
                continue;
            }
        }
        inserted += 1;
        match edited.unset(0, &Path::keys([key])) {
            Ok(true) if edited.as_str() == c.input => round_trip += 1,
            Ok(_) => failures.push(format!(
                "{}: unset did not give back the original bytes:\n{}",
                name(c),
                edited.as_str()
            )),
            Err(e) => failures.push(format!("{}: unset failed: {e}", name(c))),
        }
    }
    println!(
        "insert: {inserted}/{eligible} cases; set+unset round trip: {round_trip}/{eligible} cases"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn invalid_cases_exit_2_with_a_location() {
    let Some(cases) = cases() else { return };
    let invalid: Vec<&Case> = cases.iter().filter(|c| c.invalid).collect();
    let mut failures = Vec::new();
    for c in &invalid {
        let file = c.dir.join("in.yaml");
        let out = Command::new(common::bin())
            .args(["get", "--doc", "0"])
            .arg(&file)
            .arg("a")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let located = stderr.contains(&format!("{}:", file.display()))
            && stderr.contains(" | ")
            && stderr.contains('^');
        if out.status.code() != Some(2) || !located {
            failures.push(format!(
                "{}: exit {:?}: {}",
                name(c),
                out.status.code(),
                stderr.lines().next().unwrap_or("")
            ));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{}: panic", name(c)));
        }
    }
    println!(
        "invalid: {}/{} cases exit 2 with a location",
        invalid.len() - failures.len(),
        invalid.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
