//! A configuration loaded as KubeEdge loads it — its kind, release, effective values and
//! validation report — that can still point back into the file it came from (also into the
//! `cloudcore.yaml` / `edgecore.yaml` a ConfigMap embeds). The base of cross-file checks.

use std::sync::Arc;

use serde_json::Value as J;

use super::effective::merge;
use super::finding::Report;
use super::kind::{ConfigKind, Detected, detect};
use super::release::{Release, ReleaseChoice};
use super::validate::{InnerMap, ValidateOptions, validate_keeping_effective};
use crate::document::{Document, Location, Path};

/// Where a loaded configuration's text is. Only the text is kept (parsed again to locate a
/// path), so that thousands of loaded edge configurations stay small.
#[derive(Debug, Clone)]
enum Source {
    /// Document `index` of `doc`.
    Plain { doc: Arc<str>, index: usize },
    /// The config in `data.<key>` of document `index` of `outer`, whose text is `inner`.
    Embedded {
        outer: Arc<str>,
        index: usize,
        key: String,
        inner: Arc<str>,
    },
    /// Helm values: the config's `modules` and `featureGates` are under `prefix` (`cloudCore`)
    /// of document `index`.
    Values {
        doc: Arc<str>,
        index: usize,
        prefix: String,
    },
}

/// A CloudCore or EdgeCore configuration as KubeEdge loads it.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    /// The kind.
    pub kind: ConfigKind,
    /// The release it is read as, and why.
    pub release: ReleaseChoice,
    /// The effective configuration: the release's defaults with the file's values.
    pub effective: J,
    /// What the file itself sets (no defaults), as JSON.
    pub set: J,
    /// The single-file validation report (locations in the file given).
    pub report: Report,
    source: Source,
}

impl LoadedConfig {
    /// Loads document `index` of `doc` when it is a CloudCore or EdgeCore configuration, or a
    /// ConfigMap that embeds one; `None` otherwise. `release` overrides the release chosen from
    /// the file.
    pub fn load(doc: &Arc<Document>, index: usize, release: Option<Release>) -> Option<Self> {
        let value = doc.value(index).ok()?;
        let detected = detect(&value);
        // One pass gives the report and the effective configuration of the release it chose.
        let (report, effective) =
            validate_keeping_effective(doc, index, &ValidateOptions::new().release(release))
                .ok()?;
        let effective = effective?;
        match detected {
            Detected::ConfigMap { key } => {
                let node = doc.get(index, &Path::keys(["data", key.as_str()])).ok()??;
                let inner = Document::parse(node.scalar_text()?.to_owned()).ok()?;
                if inner.documents().is_empty() {
                    return None;
                }
                let kind = report.kind?;
                let v = inner.value(0).ok()?;
                Some(LoadedConfig {
                    kind,
                    effective,
                    set: v.resolve_merge_keys().to_json().unwrap_or(J::Null),
                    release: report.release.clone()?,
                    report,
                    source: Source::Embedded {
                        outer: Arc::from(doc.as_str()),
                        index,
                        key,
                        inner: Arc::from(inner.as_str()),
                    },
                })
            }
            d => {
                let kind = d.config_kind()?;
                Some(LoadedConfig {
                    kind,
                    effective,
                    set: value.resolve_merge_keys().to_json().unwrap_or(J::Null),
                    release: report.release.clone()?,
                    report,
                    source: Source::Plain {
                        doc: Arc::from(doc.as_str()),
                        index,
                    },
                })
            }
        }
    }

    /// A configuration given by Helm values: `values[prefix]` holds `modules` and
    /// `featureGates` in the config's own shape (the cloudcore chart's `cloudCore`). Its
    /// effective configuration is `release`'s defaults with those values; what the chart's
    /// templates hard-code is not known here (render the chart for that).
    pub fn from_values(
        doc: &Arc<Document>,
        index: usize,
        prefix: &str,
        kind: ConfigKind,
        release: Option<Release>,
    ) -> Option<Self> {
        let value = doc.value(index).ok()?.resolve_merge_keys().to_json().ok()?;
        let part = value.get(prefix)?;
        let mut set = serde_json::Map::new();
        for key in ["modules", "featureGates"] {
            if let Some(v) = part.get(key) {
                set.insert(key.to_owned(), v.clone());
            }
        }
        let set = J::Object(set);
        let choice = match release {
            Some(r) => ReleaseChoice::given(r),
            None => ReleaseChoice::latest(),
        };
        Some(LoadedConfig {
            kind,
            effective: merge(super::defaults_for(kind, Some(choice.release)), set.clone()),
            set,
            release: choice.clone(),
            report: Report {
                detected: Detected::Unknown,
                kind: Some(kind),
                release: Some(choice),
                findings: vec![],
            },
            source: Source::Values {
                doc: Arc::from(doc.as_str()),
                index,
                prefix: prefix.to_owned(),
            },
        })
    }

    /// The effective value at a dotted path (`modules.edgeStream.enable`).
    pub fn get(&self, dotted: &str) -> Option<&J> {
        dotted.split('.').try_fold(&self.effective, |v, k| v.get(k))
    }

    /// Whether the file itself sets the dotted path (rather than leaving the default).
    pub fn is_set(&self, dotted: &str) -> bool {
        dotted
            .split('.')
            .try_fold(&self.set, |v, k| v.get(k))
            .is_some()
    }

    /// The data key of the ConfigMap the config is embedded in.
    pub fn embedded_key(&self) -> Option<&str> {
        match &self.source {
            Source::Embedded { key, .. } => Some(key),
            _ => None,
        }
    }

    /// Where the dotted path is in the file given: the key itself when the file sets it, else
    /// the nearest enclosing key that is there (the document start at worst). Inside an
    /// embedded config, a location in the outer file (exact for a `|` block, the string's
    /// start otherwise).
    pub fn locate(&self, dotted: &str) -> Location {
        let in_doc = |text: &str, index: usize, dotted: &str| -> Location {
            let Ok(doc) = Document::parse(text) else {
                return Location::of(text, 0);
            };
            let start = doc
                .documents()
                .get(index)
                .and_then(|d| d.root.as_ref())
                .map_or(0, |r| r.start);
            Location::of(text, doc.nearest_start(index, dotted).unwrap_or(start))
        };
        match &self.source {
            Source::Plain { doc, index } => in_doc(doc, *index, dotted),
            Source::Values { doc, index, prefix } => {
                in_doc(doc, *index, &format!("{prefix}.{dotted}"))
            }
            Source::Embedded {
                outer,
                index,
                key,
                inner,
            } => {
                let inner_loc = in_doc(inner, 0, dotted);
                let Ok(outer_doc) = Document::parse(&**outer) else {
                    return Location::of(outer, 0);
                };
                let Ok(Some(node)) = outer_doc.get(*index, &Path::keys(["data", key.as_str()]))
                else {
                    return Location::of(outer, 0);
                };
                InnerMap::new(&outer_doc, node).map(inner_loc)
            }
        }
    }
}
