//! Property tests of the document layer: `set` is idempotent, and the re-parsed result of
//! `set`/`unset` equals what RFC 6902 JSON Patch (the json-patch crate) gives on the parsed
//! original. Inputs are generated YAML texts with comments, flow mappings and tricky strings.

use edgecfg::document::{Document, Path, Value};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Tree {
    Leaf(Value),
    Map(Vec<(String, Tree)>),
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a",
        "b",
        "enable",
        "server",
        "modules",
        "edgeStream",
        "x.y",
        "中文",
    ])
    .prop_map(String::from)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        (-100_000i64..100_000).prop_map(|i| Value::Int(i.into())),
        prop::sample::select(vec![
            "yes",
            "on",
            "0755",
            "~",
            "",
            "a: b",
            "# not a comment",
            "127.0.0.1:10004",
            "héllo wörld",
            "it's",
            "x\ny",
            "-",
            "[a]",
        ])
        .prop_map(|s| Value::String(s.into())),
        Just(Value::Null),
    ]
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = scalar().prop_map(Tree::Leaf);
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop::collection::vec((key(), inner), 1..4).prop_map(|entries| {
            let mut seen = std::collections::HashSet::new();
            Tree::Map(
                entries
                    .into_iter()
                    .filter(|(k, _)| seen.insert(k.clone()))
                    .collect(),
            )
        })
    })
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => quote(s),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// Renders a tree as YAML: block mappings with comments, and small leaf-only maps in flow style.
fn render(t: &Tree, indent: usize, out: &mut String, flow_small: bool) {
    let Tree::Map(entries) = t else {
        unreachable!()
    };
    for (i, (k, v)) in entries.iter().enumerate() {
        let pad = " ".repeat(indent);
        if i == 0 && indent > 0 {
            out.push_str(&format!("{pad}# comment before {k}\n"));
        }
        match v {
            Tree::Leaf(s) => out.push_str(&format!(
                "{pad}{}: {}  # trailing\n",
                quote(k),
                scalar_text(s)
            )),
            Tree::Map(inner)
                if flow_small && inner.iter().all(|(_, v)| matches!(v, Tree::Leaf(_))) =>
            {
                let parts: Vec<String> = inner
                    .iter()
                    .map(|(k, v)| {
                        let Tree::Leaf(s) = v else { unreachable!() };
                        format!("{}: {}", quote(k), scalar_text(s))
                    })
                    .collect();
                out.push_str(&format!("{pad}{}: {{{}}}\n", quote(k), parts.join(", ")));
            }
            Tree::Map(_) => {
                out.push_str(&format!("{pad}{}:\n", quote(k)));
                render(v, indent + 2, out, flow_small);
            }
        }
    }
}

fn doc_text() -> impl Strategy<Value = String> {
    (prop::collection::vec((key(), tree()), 1..4), any::<bool>()).prop_map(|(entries, flow)| {
        let mut seen = std::collections::HashSet::new();
        let root = Tree::Map(
            entries
                .into_iter()
                .filter(|(k, _)| seen.insert(k.clone()))
                .collect(),
        );
        let mut s = String::from("# generated\n");
        render(&root, 0, &mut s, flow);
        s
    })
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|k| format!("/{}", k.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// The JSON Patch that `set` should amount to: `add` at the first missing key, with the rest
/// of the path built as nested objects.
fn set_patch(
    original: &serde_json::Value,
    path: &[String],
    value: &serde_json::Value,
) -> Option<json_patch::Patch> {
    let mut cur = original;
    for (i, k) in path.iter().enumerate() {
        match cur {
            serde_json::Value::Object(m) => match m.get(k) {
                Some(next) => cur = next,
                None => {
                    let mut v = value.clone();
                    for k in path[i + 1..].iter().rev() {
                        v = serde_json::json!({ k: v });
                    }
                    let op = serde_json::json!([{"op": "add", "path": pointer(&path[..=i]), "value": v}]);
                    return serde_json::from_value(op).ok();
                }
            },
            serde_json::Value::Null => {
                let mut v = value.clone();
                for k in path[i..].iter().rev() {
                    v = serde_json::json!({ k: v });
                }
                let op =
                    serde_json::json!([{"op": "replace", "path": pointer(&path[..i]), "value": v}]);
                return serde_json::from_value(op).ok();
            }
            _ => return None, // through a scalar: set refuses
        }
    }
    serde_json::from_value(
        serde_json::json!([{"op": "add", "path": pointer(path), "value": value}]),
    )
    .ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn set_matches_json_patch_and_is_idempotent(text in doc_text(), path in prop::collection::vec(key(), 1..4), value in scalar()) {
        let doc = Document::parse(text.clone()).unwrap();
        let original = doc.value(0).unwrap().to_json().unwrap();
        let json_value = value.to_json().unwrap();
        let p = Path::keys(path.clone());
        let mut edited = doc.clone();
        match edited.set(0, &p, &value) {
            Ok(_) => {
                let patch = set_patch(&original, &path, &json_value).expect("set succeeded, so a patch exists");
                let mut expected = original.clone();
                json_patch::patch(&mut expected, &patch).unwrap();
                let got = Document::parse(edited.as_str()).unwrap().value(0).unwrap().to_json().unwrap();
                prop_assert_eq!(got, expected);
                // Idempotent: a second set changes nothing.
                let once = edited.as_str().to_owned();
                prop_assert_eq!(edited.set(0, &p, &value), Ok(false));
                prop_assert_eq!(edited.as_str(), once.as_str());
            }
            Err(e) => {
                // Only a path through a scalar may be refused.
                prop_assert!(set_patch(&original, &path, &json_value).is_none(), "set failed: {e}\n{text}");
                prop_assert_eq!(edited.as_str(), text.as_str());
            }
        }
    }

    #[test]
    fn unset_matches_json_patch_remove(text in doc_text(), path in prop::collection::vec(key(), 1..4)) {
        let mut doc = Document::parse(text.clone()).unwrap();
        let original = doc.value(0).unwrap().to_json().unwrap();
        let ptr = pointer(&path);
        let exists = original.pointer(&ptr).is_some();
        let changed = doc.unset(0, &Path::keys(path.clone())).unwrap();
        prop_assert_eq!(changed, exists);
        let mut expected = original.clone();
        if exists {
            let patch: json_patch::Patch = serde_json::from_value(serde_json::json!([{"op": "remove", "path": ptr}])).unwrap();
            json_patch::patch(&mut expected, &patch).unwrap();
        }
        let got = Document::parse(doc.as_str()).unwrap().value(0).unwrap().to_json().unwrap();
        prop_assert_eq!(got, expected);
    }
}

/// Text made of YAML's structural characters, to reach unusual parser and editor paths.
fn yamlish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "b", ":", ": ", "-", "- ", "?", "? ", "\n", "\r\n", "  ", " ", "\t", "#", "# c\n",
            "[", "]", "{", "}", ",", "'", "\"", "|", ">", "|-\n", "&x ", "*x", "!t ", "!!str ",
            "---\n", "...\n", "~", "é", "中", "\u{feff}", "0x1",
        ]),
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// No input makes the parser or the editor panic; every accepted edit re-parses.
    #[test]
    fn arbitrary_input_never_panics(text in yamlish(), path in prop::sample::select(vec!["a", "a.b", "b[0]", "a[-]", "/a/0"]), value in scalar()) {
        if let Ok(doc) = Document::parse(text.clone()) {
            let path = Path::parse(path).unwrap();
            for i in 0..doc.documents().len().max(1) {
                let mut d = doc.clone();
                if d.set(i, &path, &value).is_ok() {
                    prop_assert!(Document::parse(d.as_str()).is_ok());
                    prop_assert_eq!(d.set(i, &path, &value), Ok(false));
                }
                let mut d = doc.clone();
                if d.unset(i, &path).is_ok() {
                    prop_assert!(Document::parse(d.as_str()).is_ok());
                }
                let _ = doc.get_value(i, &path);
            }
        }
    }
}
