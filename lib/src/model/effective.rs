//! The effective configuration: KubeEdge's defaults with the file decoded onto them, as
//! KubeEdge loads it (mappings merge key by key, lists and scalars replace).

use serde_json::Value as J;

use super::finding::Report;
use super::kind::{ConfigKind, Detected, detect};
use super::validate::{Pass, Target, validate_effective};
use super::{cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig};
use crate::document::Document;

/// The effective configuration of document `index` as JSON: the defaults deep-merged with what
/// the file sets validly (values the validator rejects keep their defaults). Never fails.
pub(crate) fn effective_json(doc: &Document, index: usize, kind: ConfigKind) -> J {
    effective_json_for(doc, index, kind, crate::model::release::LATEST)
}

/// [`effective_json`] for a KubeEdge release: that release's defaults with the file.
pub(crate) fn effective_json_for(
    doc: &Document,
    index: usize,
    kind: ConfigKind,
    release: crate::model::Release,
) -> J {
    let detected = doc
        .value_ref(index)
        .map(detect)
        .unwrap_or(Detected::Unknown);
    let target = Target {
        kind,
        choice: crate::model::ReleaseChoice::given(release),
    };
    validate_effective(
        doc,
        index,
        &target,
        &detected,
        &|offset| doc.location(offset),
        Pass::EffectiveOnly,
    )
    .1
}

/// The effective configuration of document `index` as KubeEdge would load it: the v1.23.1
/// defaults deep-merged with the file (mappings merge, lists and scalars replace), after
/// KubeEdge's YAML 1.1 coercions. Returns the typed config with the validation report, or the
/// report alone when the file has errors.
pub fn effective<T: serde::de::DeserializeOwned>(
    doc: &Document,
    index: usize,
    kind: ConfigKind,
) -> Result<(T, Report), Report> {
    let value = doc.value_ref(index).map_err(|_| Report {
        detected: Detected::Unknown,
        kind: Some(kind),
        release: None,
        findings: vec![],
    })?;
    let detected = detect(value);
    let target = Target::latest(kind);
    let (findings, json) = validate_effective(
        doc,
        index,
        &target,
        &detected,
        &|offset| doc.location(offset),
        Pass::Full,
    );
    let report = Report {
        detected,
        kind: Some(kind),
        release: Some(target.choice),
        findings,
    };
    if report.has_errors() {
        return Err(report);
    }
    match serde_json::from_value(json) {
        Ok(t) => Ok((t, report)),
        Err(_) => Err(report),
    }
}

/// KubeEdge's defaults for `kind` in `release` (`None`: the latest) as JSON: what its
/// `NewDefault…Config()` fills in, which is what a key left out of the file means.
pub fn defaults_for(kind: ConfigKind, release: Option<crate::model::Release>) -> J {
    Target {
        kind,
        choice: crate::model::ReleaseChoice::given(
            release.unwrap_or(crate::model::release::LATEST),
        ),
    }
    .defaults()
}

/// KubeEdge's defaults for a kind, as JSON (built once per process, then cloned).
pub(crate) fn defaults_json(kind: ConfigKind) -> J {
    (*defaults_shared(kind)).clone()
}

/// [`defaults_json`], shared (built once per process).
pub(crate) fn defaults_shared(kind: ConfigKind) -> std::sync::Arc<J> {
    static CLOUD: std::sync::OnceLock<std::sync::Arc<J>> = std::sync::OnceLock::new();
    static EDGE: std::sync::OnceLock<std::sync::Arc<J>> = std::sync::OnceLock::new();
    match kind {
        ConfigKind::CloudCore => CLOUD.get_or_init(|| {
            std::sync::Arc::new(
                serde_json::to_value(CloudCoreConfig::default()).expect("defaults serialize"),
            )
        }),
        ConfigKind::EdgeCore => EDGE.get_or_init(|| {
            std::sync::Arc::new(
                serde_json::to_value(EdgeCoreConfig::default()).expect("defaults serialize"),
            )
        }),
    }
    .clone()
}

/// The key that marks a decoded object as "onto a fresh zero value": KubeEdge set the field to
/// nil (`null`) and a later spelling of it gave an object, which encoding/json decodes into a
/// newly allocated struct or map, so nothing of the default survives. Only ever inside the
/// walker's output; [`merge`] removes it.
pub(crate) const FRESH: &str = "\u{0}fresh";

/// `v` (an object) marked as decoded onto a fresh zero value (see [`FRESH`]).
pub(crate) fn fresh(mut v: J) -> J {
    if let J::Object(m) = &mut v {
        m.insert(FRESH.to_owned(), J::Bool(true));
    }
    v
}

fn strip_fresh(v: &mut J) {
    match v {
        J::Object(m) => {
            m.remove(FRESH);
            m.values_mut().for_each(strip_fresh);
        }
        J::Array(a) => a.iter_mut().for_each(strip_fresh),
        _ => {}
    }
}

/// Deep merge as KubeEdge decodes onto defaults: objects merge key by key, everything else
/// (lists, scalars) replaces; `null` onto a list or map clears it (Go's encoding/json sets a
/// nil slice or map, so the default is gone), and an object marked [`FRESH`] replaces. Keys keep
/// the base's order; new keys go last.
pub(crate) fn merge(mut base: J, over: J) -> J {
    merge_into(&mut base, over);
    base
}

fn merge_into(base: &mut J, mut over: J) {
    if over.get(FRESH).is_some() {
        strip_fresh(&mut over);
        *base = over;
        return;
    }
    match (base, over) {
        (J::Object(b), J::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(bv) => merge_into(bv, v),
                    None => {
                        let mut v = v;
                        strip_fresh(&mut v);
                        b.insert(k, v);
                    }
                }
            }
        }
        // encoding/json decodes a list into the existing slice: item i onto the old item i
        // (an object merges), and the length becomes the new one.
        (J::Array(b), J::Array(o)) => {
            let n = o.len();
            for (i, v) in o.into_iter().enumerate() {
                match b.get_mut(i) {
                    Some(bv) if bv.is_object() && v.is_object() => merge_into(bv, v),
                    Some(bv) => {
                        let mut v = v;
                        strip_fresh(&mut v);
                        *bv = v;
                    }
                    None => {
                        let mut v = v;
                        strip_fresh(&mut v);
                        b.push(v);
                    }
                }
            }
            b.truncate(n);
        }
        (b @ J::Object(_), J::Null) => *b = J::Object(serde_json::Map::new()),
        (b @ J::Array(_), J::Null) => *b = J::Array(Vec::new()),
        (b, mut o) => {
            strip_fresh(&mut o);
            *b = o
        }
    }
}
