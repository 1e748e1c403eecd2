//! The JSON Schemas of the configuration kinds (derived from the typed model with schemars),
//! and a reader that reduces a subschema to what a value there must be ([`Expect`]), used by
//! the structural walker and by the value pre-checks alike.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value as J;

use super::kind::ConfigKind;
use super::release::{LATEST, Release};
use super::releases::{Family, schema_of};
use super::{cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig};

/// The JSON Schema of a kind (draft 2020-12). This is the checked-in `schemas/` file, embedded
/// at build time (parsing it is faster than generating it at every start); a test keeps it
/// identical to [`generate_schema`].
pub fn schema(kind: ConfigKind) -> &'static J {
    static CLOUD: OnceLock<J> = OnceLock::new();
    static EDGE: OnceLock<J> = OnceLock::new();
    let (cell, text) = match kind {
        ConfigKind::CloudCore => (&CLOUD, include_str!("../../schemas/cloudcore.schema.json")),
        ConfigKind::EdgeCore => (&EDGE, include_str!("../../schemas/edgecore.schema.json")),
    };
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or_else(|_| generate_schema(kind)))
}

/// The JSON Schema of a kind for a KubeEdge release: the latest release's comes from the typed
/// structs ([`generate_schema`]: field documentation, enums); other releases' are generated from
/// KubeEdge's own types per release (field set, Go types, duration syntax).
pub fn schema_for(kind: ConfigKind, release: Option<Release>) -> J {
    let release = release.unwrap_or(LATEST);
    let family = Family::of(kind, release);
    if family != Family::EdgeCoreV1alpha1 && release.minor == LATEST.minor {
        generate_schema(kind)
    } else {
        schema_of(family, release.minor).clone()
    }
}

/// Generates the JSON Schema of a kind from the Rust types (schemars).
pub fn generate_schema(kind: ConfigKind) -> J {
    match kind {
        ConfigKind::CloudCore => finish_schema(schemars::schema_for!(CloudCoreConfig), kind),
        ConfigKind::EdgeCore => finish_schema(schemars::schema_for!(EdgeCoreConfig), kind),
    }
}

/// Go writes a nil slice or map as `null` (`metaServer.apiAudiences: null` in
/// `edgecore --defaultconfig`), and reads `null` back as nil: lists and maps accept `null`.
fn nullable_collections(v: &mut J) {
    match v {
        J::Object(m) => {
            let is_collection = match m.get("type") {
                Some(J::String(t)) if t == "array" => true,
                Some(J::String(t)) if t == "object" => {
                    m.get("additionalProperties").is_some_and(J::is_object)
                }
                _ => false,
            };
            if is_collection {
                let t = m["type"].clone();
                m.insert("type".into(), J::Array(vec![t, J::String("null".into())]));
            }
            m.values_mut().for_each(nullable_collections);
        }
        J::Array(a) => a.iter_mut().for_each(nullable_collections),
        _ => {}
    }
}

/// Subtrees the typed structs keep opaque (`serde_json::Map`), whose fields KubeEdge's types
/// define: their schema comes from the release data, so that keys in them are matched, checked
/// and decoded as KubeEdge does (`logging: {VERBOSITY: 5, verbosity: 0}` reads 0).
const TYPED_FROM_RELEASE_DATA: &[(ConfigKind, &str)] = &[
    (
        ConfigKind::CloudCore,
        "modules.cloudHub.authorization.modes",
    ),
    (
        ConfigKind::EdgeCore,
        "modules.edged.tailoredKubeletConfig.logging",
    ),
    (
        ConfigKind::EdgeCore,
        "modules.edged.tailoredKubeletConfig.memorySwap",
    ),
    (
        ConfigKind::EdgeCore,
        "modules.edged.tailoredKubeletConfig.crashLoopBackOff",
    ),
    (
        ConfigKind::EdgeCore,
        "modules.edged.tailoredKubeletConfig.reservedMemory",
    ),
    (
        ConfigKind::EdgeCore,
        "modules.edged.tailoredKubeletConfig.registerWithTaints",
    ),
    (
        ConfigKind::EdgeCore,
        "modules.edged.tailoredKubeletConfig.shutdownGracePeriodByPodPriority",
    ),
];

/// The JSON Pointer of property `path`'s subschema in `root`, following `$ref`s into `root`'s
/// `$defs` and the non-null branch of an `anyOf`.
fn property_pointer(root: &J, path: &str) -> Option<String> {
    let mut at = String::new();
    for seg in path.split('.') {
        loop {
            let cur = root.pointer(&at)?;
            if let Some(r) = cur.get("$ref").and_then(J::as_str) {
                at = r.strip_prefix('#')?.to_owned();
            } else if let Some(any) = cur.get("anyOf").and_then(J::as_array) {
                let i = any
                    .iter()
                    .position(|b| b.get("type") != Some(&J::from("null")))?;
                at = format!("{at}/anyOf/{i}");
            } else {
                break;
            }
        }
        root.pointer(&format!("{at}/properties/{seg}"))?;
        at = format!("{at}/properties/{seg}");
    }
    Some(at)
}

fn finish_schema(s: schemars::Schema, kind: ConfigKind) -> J {
    let mut v = s.to_value();
    for (k, path) in TYPED_FROM_RELEASE_DATA {
        if *k != kind {
            continue;
        }
        let data = schema_of(Family::of(kind, LATEST), LATEST.minor);
        let from = property_pointer(data, path)
            .and_then(|p| data.pointer(&p))
            .cloned();
        let slot = property_pointer(&v, path);
        let (Some(from), Some(slot)) = (from, slot.and_then(|p| v.pointer_mut(&p))) else {
            panic!(
                "TYPED_FROM_RELEASE_DATA: {path} is in no schema of {}",
                kind.name()
            );
        };
        {
            let doc = slot.get("description").cloned();
            *slot = from;
            if let (Some(d), J::Object(m)) = (doc, slot) {
                m.insert("description".into(), d);
            }
        }
    }
    nullable_collections(&mut v);
    if let J::Object(m) = &mut v {
        m.insert(
            "$id".into(),
            J::String(format!(
                "https://edgecfg.invalid/schemas/{}.schema.json",
                kind.name()
            )),
        );
        m.insert(
            "title".into(),
            J::String(match kind {
                ConfigKind::CloudCore => {
                    "KubeEdge cloudcore.yaml (CloudCore v1alpha1, KubeEdge v1.23.1)".into()
                }
                ConfigKind::EdgeCore => {
                    "KubeEdge edgecore.yaml (EdgeCore v1alpha2, KubeEdge v1.23.1)".into()
                }
            }),
        );
    }
    v
}

/// A schema with its `$defs`, for following `$ref`s.
pub(crate) struct SchemaView<'a> {
    /// The root schema.
    pub(crate) root: &'a J,
    defs: Option<&'a serde_json::Map<String, J>>,
    /// [`SchemaView::expect`] of every object in a built-in (`'static`) schema, by address:
    /// the walker asks it for every node of every file, and reading the JSON each time was a
    /// tenth of `validate`'s time.
    memo: Option<Arc<Memo>>,
}

/// What each object of a schema expects, by the object's address.
type Memo = HashMap<usize, Expect<'static>, foldhash::fast::RandomState>;

/// The address a memo knows a subschema by.
fn address(s: &J) -> usize {
    std::ptr::from_ref(s) as usize
}

/// What a schema expects, reduced to what the walker needs.
#[derive(Clone)]
pub(crate) enum Expect<'s> {
    Any,
    Struct(&'s serde_json::Map<String, J>),
    Map(&'s J),
    Array(&'s J),
    Bool,
    Int {
        min: Option<f64>,
        max: Option<f64>,
    },
    Number,
    Str {
        pattern: bool,
        enumeration: Option<Arc<[String]>>,
    },
}

impl<'a> SchemaView<'a> {
    /// The view of a kind's schema (the latest release, from the typed structs).
    pub(crate) fn of(kind: ConfigKind) -> SchemaView<'static> {
        SchemaView::built_in(schema(kind))
    }

    /// The view of a kind's schema for a release: the typed schema for the latest release,
    /// the generated one for the others.
    pub(crate) fn for_release(kind: ConfigKind, release: Release) -> SchemaView<'static> {
        let family = Family::of(kind, release);
        if family != Family::EdgeCoreV1alpha1 && release.minor == LATEST.minor {
            SchemaView::of(kind)
        } else {
            SchemaView::built_in(schema_of(family, release.minor))
        }
    }

    /// The view of a built-in schema, with the memo of its expectations (computed once per
    /// schema and process).
    fn built_in(root: &'static J) -> SchemaView<'static> {
        static MEMOS: OnceLock<Mutex<HashMap<usize, Arc<Memo>>>> = OnceLock::new();
        let memos = MEMOS.get_or_init(Default::default);
        let memo = memos
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(address(root))
            .or_insert_with(|| {
                let plain = SchemaView::from_root(root);
                let mut memo = Memo::default();
                let mut stack = vec![root];
                while let Some(s) = stack.pop() {
                    match s {
                        J::Object(m) => {
                            memo.insert(address(s), plain.expect(s));
                            stack.extend(m.values());
                        }
                        J::Array(items) => stack.extend(items),
                        _ => {}
                    }
                }
                Arc::new(memo)
            })
            .clone();
        SchemaView {
            memo: Some(memo),
            ..SchemaView::from_root(root)
        }
    }

    /// The view of any schema.
    pub(crate) fn from_root(root: &'a J) -> SchemaView<'a> {
        SchemaView {
            root,
            defs: root.get("$defs").and_then(J::as_object),
            memo: None,
        }
    }

    pub(crate) fn resolve_ref(&self, s: &'a J) -> &'a J {
        match s
            .get("$ref")
            .and_then(J::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            Some(name) => self
                .defs
                .and_then(|d| d.get(name))
                .map_or(s, |d| self.resolve_ref(d)),
            None => s,
        }
    }

    fn resolve(&self, s: &'a J) -> &'a J {
        // `$ref`s, then the non-null branch of an `Option` (`anyOf [T, null]`).
        let mut cur = self.resolve_ref(s);
        for _ in 0..8 {
            match cur
                .get("anyOf")
                .or_else(|| cur.get("oneOf"))
                .and_then(J::as_array)
                .and_then(|any| {
                    any.iter()
                        .find(|x| x.get("type").and_then(J::as_str) != Some("null"))
                }) {
                Some(first) => cur = self.resolve_ref(first),
                None => break,
            }
        }
        cur
    }

    /// What `s` (a subschema of this schema) expects.
    pub(crate) fn expect(&self, s: &'a J) -> Expect<'a> {
        if let Some(e) = self.memo.as_ref().and_then(|m| m.get(&address(s))) {
            return e.clone();
        }
        let s = self.resolve_ref(s);
        // An enum of documented variants: `oneOf` of `const`s.
        if let Some(alts) = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(J::as_array)
            && !alts.is_empty()
            && alts
                .iter()
                .all(|a| a.get("const").is_some_and(J::is_string))
        {
            return Expect::Str {
                pattern: false,
                enumeration: Some(
                    alts.iter()
                        .filter_map(|a| a["const"].as_str().map(str::to_owned))
                        .collect(),
                ),
            };
        }
        let s = self.resolve(s);
        if s.as_bool() == Some(true) || s.as_object().is_some_and(|o| o.is_empty()) {
            return Expect::Any;
        }
        if let Some(e) = s.get("enum").and_then(J::as_array) {
            return Expect::Str {
                pattern: false,
                enumeration: Some(
                    e.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect(),
                ),
            };
        }
        let ty = match s.get("type") {
            Some(J::String(t)) => t.as_str(),
            Some(J::Array(ts)) => ts
                .iter()
                .filter_map(J::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null"),
            _ => "",
        };
        match ty {
            "object" => {
                if let Some(p) = s.get("properties").and_then(J::as_object) {
                    Expect::Struct(p)
                } else {
                    match s.get("additionalProperties") {
                        Some(ap) if ap.is_object() => Expect::Map(ap),
                        _ => Expect::Any,
                    }
                }
            }
            "array" => s.get("items").map_or(Expect::Any, Expect::Array),
            "boolean" => Expect::Bool,
            "integer" => {
                let (mut min, mut max) = (
                    s.get("minimum").and_then(J::as_f64),
                    s.get("maximum").and_then(J::as_f64),
                );
                match s.get("format").and_then(J::as_str) {
                    Some("int32") => {
                        min = min.or(Some(i32::MIN as f64));
                        max = max.or(Some(i32::MAX as f64));
                    }
                    Some("uint32") => max = max.or(Some(u32::MAX as f64)),
                    Some("uint8") => max = max.or(Some(255.0)),
                    _ => {}
                }
                Expect::Int { min, max }
            }
            "number" => Expect::Number,
            "string" => Expect::Str {
                pattern: s.get("pattern").is_some(),
                enumeration: None,
            },
            _ => Expect::Any,
        }
    }
}
