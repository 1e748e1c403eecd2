//! The per-release KubeEdge model: for each kind, every field path of every release 1.11–1.23
//! with its Go kind and default, generated from KubeEdge's own types by `tools/gen-releases.py`
//! into `lib/releases/<family>.json` (embedded; a test keeps them current).
//!
//! From it: which releases know a key, the defaults of a release, a JSON Schema per release
//! (for releases other than the latest, whose schema comes from the typed structs), and the
//! releases a file's keys fit.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value as J};

use super::kind::ConfigKind;
use super::release::{LATEST, Release, ReleaseChoice, ReleaseSource, ranges};
use super::types::GO_DURATION_PATTERN;
use crate::document::Value;

/// The schema families edgecfg models per release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// `cloudcore.yaml`, CloudCore v1alpha1 (1.11–1.23).
    CloudCore,
    /// `edgecore.yaml`, EdgeCore v1alpha2 (1.12–1.23).
    EdgeCore,
    /// `edgecore.yaml`, EdgeCore v1alpha1 (1.11 and earlier).
    EdgeCoreV1alpha1,
}

impl Family {
    /// The embedded data (`lib/releases/<family>.json`), parsed only when a family is used.
    fn data(self) -> &'static str {
        match self {
            Family::CloudCore => include_str!("../../releases/cloudcore.json"),
            Family::EdgeCore => include_str!("../../releases/edgecore.json"),
            Family::EdgeCoreV1alpha1 => include_str!("../../releases/edgecore-v1alpha1.json"),
        }
    }

    /// The family KubeEdge `release` reads a file of `kind` with.
    pub fn of(kind: ConfigKind, release: Release) -> Family {
        match kind {
            ConfigKind::CloudCore => Family::CloudCore,
            ConfigKind::EdgeCore if release.minor <= 11 => Family::EdgeCoreV1alpha1,
            ConfigKind::EdgeCore => Family::EdgeCore,
        }
    }

    /// `EdgeCore v1alpha2`, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Family::CloudCore => "CloudCore v1alpha1",
            Family::EdgeCore => "EdgeCore v1alpha2",
            Family::EdgeCoreV1alpha1 => "EdgeCore v1alpha1",
        }
    }
}

/// Values by minor ranges: `(first, last, value)`.
type Spans<T> = Vec<(u8, u8, T)>;

fn at<T>(spans: &Spans<T>, minor: u8) -> Option<&T> {
    spans
        .iter()
        .find(|(a, b, _)| *a <= minor && minor <= *b)
        .map(|(_, _, v)| v)
}

/// One field path (`modules.edged.rootDirectory`, `a.list[].x`) across releases.
#[derive(Debug)]
pub struct Field {
    /// The path; `[]` stands for a list item.
    pub path: String,
    exists: Spans<()>,
    norm: Spans<String>,
    default: Spans<J>,
}

impl Field {
    /// Whether the field exists in `minor`.
    pub fn exists_in(&self, minor: u8) -> bool {
        at(&self.exists, minor).is_some()
    }

    /// The minors the field exists in.
    pub fn minors(&self) -> Vec<u8> {
        self.exists.iter().flat_map(|(a, b, _)| *a..=*b).collect()
    }

    /// The Go kind in `minor` (`string`, `*int32`, `[]string`, `map[string]bool`, `v1.Duration`…).
    pub fn norm(&self, minor: u8) -> Option<&str> {
        at(&self.norm, minor).map(String::as_str)
    }
}

/// A map looked up for every node of every file, with a fast hasher (its keys are the built-in
/// field paths, fixed before any file is read, so no input can crowd it).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// One family's fields across its releases.
#[derive(Debug)]
pub struct FamilyData {
    /// The minors covered, oldest first.
    pub releases: Vec<u8>,
    fields: Vec<Field>,
    index: FastMap<String, usize>,
    /// Paths in ASCII lower case (KubeEdge matches keys case-insensitively).
    lower: FastMap<String, usize>,
    patch_defaults: Vec<(Release, Release, String, J)>,
    /// [`FamilyData::defaults`] per release, built on first use.
    defaults_cache: std::sync::Mutex<HashMap<Release, std::sync::Arc<J>>>,
}

fn parse_minor(s: &str) -> Option<u8> {
    Release::parse_any(s).map(|r| r.minor)
}

fn parse_spans<T>(v: &J, single: impl Fn(&J) -> Option<T>) -> Spans<T> {
    let Some(m) = v.as_object() else {
        return single(v).map(|x| vec![(0, u8::MAX, x)]).unwrap_or_default();
    };
    let mut out = Vec::new();
    for (k, x) in m {
        for part in k.split(',') {
            let (a, b) = part.split_once('-').unwrap_or((part, part));
            if let (Some(a), Some(b), Some(val)) = (parse_minor(a), parse_minor(b), single(x)) {
                out.push((a, b, val));
            }
        }
    }
    out
}

impl FamilyData {
    fn load(v: &J) -> FamilyData {
        let releases: Vec<u8> = v["releases"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().and_then(parse_minor))
                    .collect()
            })
            .unwrap_or_default();
        let mut fields = Vec::new();
        for f in v["fields"].as_array().into_iter().flatten() {
            let exists = f["exists"]
                .as_str()
                .unwrap_or("")
                .split(',')
                .filter_map(|part| {
                    let (a, b) = part.split_once('-').unwrap_or((part, part));
                    Some((parse_minor(a)?, parse_minor(b)?, ()))
                })
                .collect();
            fields.push(Field {
                path: f["path"].as_str().unwrap_or("").to_owned(),
                exists,
                norm: parse_spans(&f["norm"], |x| x.as_str().map(str::to_owned)),
                default: match f.get("default") {
                    Some(d) => parse_spans(d, |x| Some(x.clone())),
                    None => Vec::new(),
                },
            });
        }
        let index = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        let lower = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (super::fold::go_fold(&f.path), i))
            .collect();
        let patch_defaults = v["patchDefaults"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                Some((
                    Release::parse_any(p["from"].as_str()?)?,
                    Release::parse_any(p["to"].as_str()?)?,
                    p["path"].as_str()?.to_owned(),
                    p["value"].clone(),
                ))
            })
            .collect();
        FamilyData {
            releases,
            fields,
            index,
            lower,
            patch_defaults,
            defaults_cache: Default::default(),
        }
    }

    /// The field at `path` (any release), if KubeEdge ever had it.
    pub fn field(&self, path: &str) -> Option<&Field> {
        self.index.get(path).map(|&i| &self.fields[i])
    }

    /// A field whose path equals `path` ignoring case as Go folds it (KubeEdge matches keys that way).
    pub fn field_ignore_case(&self, path: &str) -> Option<&Field> {
        self.field(path).or_else(|| {
            self.lower
                .get(&super::fold::go_fold(path))
                .map(|&i| &self.fields[i])
        })
    }

    /// Every field that exists in `minor`.
    pub fn fields_in(&self, minor: u8) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(move |f| f.exists_in(minor))
    }

    /// The newest modelled minor not newer than `minor` (a file's 1.23 is checked as 1.23; a
    /// family that ends earlier is checked as its last release).
    pub fn closest(&self, minor: u8) -> u8 {
        self.releases
            .iter()
            .copied()
            .filter(|m| *m <= minor)
            .max()
            .or_else(|| self.releases.first().copied())
            .unwrap_or(LATEST.minor)
    }

    /// The defaults of `release` as JSON, as its `NewDefault…Config()` fills them.
    pub fn defaults(&self, release: Release) -> J {
        (*self.defaults_shared(release)).clone()
    }

    /// [`FamilyData::defaults`], shared: built once per release and process.
    pub(crate) fn defaults_shared(&self, release: Release) -> std::sync::Arc<J> {
        let mut cache = self
            .defaults_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        cache
            .entry(release)
            .or_insert_with(|| std::sync::Arc::new(self.build_defaults(release)))
            .clone()
    }

    fn build_defaults(&self, release: Release) -> J {
        let minor = self.closest(release.minor);
        let mut root = J::Object(Map::new());
        for f in self.fields_in(minor) {
            if f.path.contains("[]") {
                continue;
            }
            let mut value = at(&f.default, minor).cloned();
            for (from, to, path, v) in &self.patch_defaults {
                if *path == f.path && release.patch.is_some() && *from <= release && release <= *to
                {
                    value = Some(v.clone());
                }
            }
            let Some(value) = value else { continue };
            if value.is_null() {
                continue;
            }
            insert(&mut root, &f.path, value);
        }
        root
    }

    /// A JSON Schema (draft 2020-12) of `minor`'s field set and Go types.
    pub fn schema(&self, minor: u8, title: &str) -> J {
        let mut root = object_schema();
        for f in self.fields_in(minor) {
            let Some(norm) = f.norm(minor) else { continue };
            let Some(slot) = slot(&mut root, &f.path) else {
                continue;
            };
            let mut leaf = leaf_schema(norm);
            if let Some((_, allowed)) = ENUMERATIONS.iter().find(|(p, _)| *p == f.path)
                && let J::Object(m) = &mut leaf
            {
                m.insert("enum".into(), J::from(allowed.to_vec()));
            }
            merge_schema(slot, leaf);
        }
        if let J::Object(m) = &mut root {
            m.insert(
                "$schema".into(),
                "https://json-schema.org/draft/2020-12/schema".into(),
            );
            m.insert("title".into(), title.into());
        }
        root
    }

    /// The minors in which every one of `paths` exists (`paths` KubeEdge never had are skipped).
    pub fn fitting(&self, paths: &[String]) -> Vec<u8> {
        let fields: Vec<&Field> = paths
            .iter()
            .filter_map(|p| self.field_ignore_case(p))
            .collect();
        self.releases
            .iter()
            .copied()
            .filter(|&m| fields.iter().all(|f| f.exists_in(m)))
            .collect()
    }

    /// The field paths (in this data's syntax: `[]` for list items, map values not entered) of
    /// a document's value, for fitting.
    pub fn paths_of(&self, value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.collect(value, "", &mut out);
        out
    }

    fn collect(&self, value: &Value, prefix: &str, out: &mut Vec<String>) {
        match value {
            Value::Mapping(entries) => {
                for (k, v) in entries {
                    let Value::String(k) = k else { continue };
                    if k == "<<" {
                        continue;
                    }
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    let field = self.field_ignore_case(&path);
                    out.push(path.clone());
                    let is_struct = field.is_none_or(|f| {
                        f.norm
                            .iter()
                            .any(|(_, _, n)| n.trim_start_matches('*') == "struct")
                    });
                    if field.is_some() && is_struct {
                        self.collect(v, &path, out);
                    }
                    if let (Some(f), Value::Sequence(items)) = (field, v)
                        && f.norm.iter().any(|(_, _, n)| n == "[]struct")
                    {
                        for item in items {
                            self.collect(item, &format!("{path}[]"), out);
                        }
                    }
                }
            }
            Value::Tagged(_, inner) => self.collect(inner, prefix, out),
            _ => {}
        }
    }
}

fn object_schema() -> J {
    serde_json::json!({"type": "object", "properties": {}, "additionalProperties": false})
}

/// The schema node for `path` inside `root` (creating object/array containers on the way).
fn slot<'a>(root: &'a mut J, path: &str) -> Option<&'a mut J> {
    let mut cur = root;
    for seg in path.split('.') {
        let (key, items) = match seg.strip_suffix("[]") {
            Some(k) => (k, true),
            None => (seg, false),
        };
        let props = cur
            .as_object_mut()?
            .entry("properties")
            .or_insert_with(|| J::Object(Map::new()));
        let node = props
            .as_object_mut()?
            .entry(key)
            .or_insert_with(object_schema);
        cur = if items {
            let obj = node.as_object_mut()?;
            obj.insert("type".into(), serde_json::json!(["array", "null"]));
            obj.remove("additionalProperties");
            obj.remove("properties");
            obj.entry("items").or_insert_with(object_schema)
        } else {
            node
        };
    }
    Some(cur)
}

/// Puts a field's own schema into its slot; properties its children added stay.
fn merge_schema(slot: &mut J, leaf: J) {
    if let (Some(s), J::Object(l)) = (slot.as_object_mut(), leaf) {
        let props = s
            .remove("properties")
            .filter(|p| p.as_object().is_some_and(|m| !m.is_empty()));
        let items = s.remove("items");
        s.clear();
        s.extend(l);
        if let Some(p) = props
            && s.get("type") == Some(&J::from("object"))
        {
            s.insert("properties".into(), p);
        }
        if let Some(i) = items
            && i.get("properties")
                .is_some_and(|p| p.as_object().is_some_and(|m| !m.is_empty()))
        {
            s.insert("items".into(), i);
        }
    }
}

/// The schema of a Go kind.
/// Go string types with a fixed set of values, which the release data (field paths and Go
/// kinds) does not carry: a fixup kept as data. [kecheck] `iptablesManager.mode: foo` fails
/// ("invalid value for iptablesmgr mode") on 1.12.7, 1.15.4, 1.17.5, 1.20.0 and 1.23.1.
const ENUMERATIONS: &[(&str, &[&str])] =
    &[("modules.iptablesManager.mode", &["internal", "external"])];

fn leaf_schema(norm: &str) -> J {
    use serde_json::json;
    let n = norm.trim_start_matches('*');
    if let Some(item) = n.strip_prefix("[]") {
        return json!({"type": ["array", "null"], "items": leaf_schema(item)});
    }
    if let Some(rest) = n.strip_prefix("map[") {
        let value = rest.split_once(']').map_or("", |(_, v)| v);
        return json!({"type": ["object", "null"], "additionalProperties": leaf_schema(value)});
    }
    match n {
        "struct" => object_schema(),
        "bool" => json!({"type": "boolean"}),
        "string" | "v1.Time" => json!({"type": "string"}),
        "int32" => json!({"type": "integer", "format": "int32"}),
        "uint32" => json!({"type": "integer", "format": "uint32"}),
        "uint8" => json!({"type": "integer", "format": "uint8"}),
        "int" | "int64" | "time.Duration" => json!({"type": "integer", "format": "int64"}),
        "uint" | "uint64" => json!({"type": "integer", "minimum": 0}),
        "float32" | "float64" => json!({"type": "number"}),
        "v1.Duration" => json!({"type": "string", "pattern": GO_DURATION_PATTERN}),
        // An int (nanoseconds) or a duration string; quantities: "100Mi" or a number.
        _ => json!({}),
    }
}

/// Sets `value` at a dotted `path` of JSON objects.
fn insert(root: &mut J, path: &str, value: J) {
    let mut cur = root;
    let segs: Vec<&str> = path.split('.').collect();
    for (i, seg) in segs.iter().enumerate() {
        let Some(obj) = cur.as_object_mut() else {
            return;
        };
        if i + 1 == segs.len() {
            if !(value.is_object() && obj.get(*seg).is_some_and(J::is_object)) {
                obj.insert((*seg).to_owned(), value);
            }
            return;
        }
        cur = obj
            .entry((*seg).to_owned())
            .or_insert_with(|| J::Object(Map::new()));
        if !cur.is_object() {
            *cur = J::Object(Map::new());
        }
    }
}

/// The data of a family.
pub fn family(f: Family) -> &'static FamilyData {
    static CELLS: [OnceLock<FamilyData>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let cell = match f {
        Family::CloudCore => &CELLS[0],
        Family::EdgeCore => &CELLS[1],
        Family::EdgeCoreV1alpha1 => &CELLS[2],
    };
    cell.get_or_init(|| {
        let doc: J = serde_json::from_str(f.data()).expect("lib/releases/*.json are valid JSON");
        FamilyData::load(&doc)
    })
}

/// The JSON Schema of a family's release, generated once and kept.
pub(crate) fn schema_of(f: Family, minor: u8) -> &'static J {
    use std::sync::Mutex;
    static CACHE: OnceLock<Mutex<HashMap<(Family, u8), &'static J>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.entry((f, minor)).or_insert_with(|| {
        let title = format!(
            "KubeEdge {} ({}), generated from KubeEdge's types",
            Release::new(minor, None),
            f.title()
        );
        Box::leak(Box::new(family(f).schema(minor, &title)))
    })
}

/// Chooses the release a document of `kind` is checked against: `given`, else the file's
/// `edgecoreVersion`, else the newest release whose field set contains every key of the file,
/// else the latest. An EdgeCore v1alpha1 file is KubeEdge 1.11's format.
pub fn choose(kind: ConfigKind, value: &Value, given: Option<Release>) -> ReleaseChoice {
    if let Some(r) = given {
        return ReleaseChoice::given(r);
    }
    let api = match value.get("apiVersion") {
        Some(Value::String(s)) => s.as_str(),
        _ => "",
    };
    if kind == ConfigKind::EdgeCore && api == "edgecore.config.kubeedge.io/v1alpha1" {
        return ReleaseChoice {
            release: Release::new(11, None),
            source: ReleaseSource::ApiVersion {
                value: api.to_owned(),
            },
        };
    }
    if kind == ConfigKind::EdgeCore
        && let Some(Value::String(v)) = value.get("edgecoreVersion")
        && let Some(r) = Release::parse_any(v)
        && r.minor >= 12
    {
        let release = if r.minor > LATEST.minor { LATEST } else { r };
        return ReleaseChoice {
            release,
            source: ReleaseSource::EdgecoreVersion { value: v.clone() },
        };
    }
    let data = family(Family::of(kind, LATEST));
    let fits = data.fitting(&data.paths_of(value));
    match fits.last() {
        Some(&newest) => {
            let range = ranges(&fits)
                .into_iter()
                .find(|r| r.first.minor <= newest && newest <= r.last.minor)
                .expect("the newest fitting minor is in a range");
            ReleaseChoice {
                release: if newest == LATEST.minor {
                    LATEST
                } else {
                    Release::new(newest, None)
                },
                source: ReleaseSource::Fields { fits: range },
            }
        }
        None => ReleaseChoice::latest(),
    }
}

/// How a value is written at a translated path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// The same value.
    Same,
    /// A list of strings written as one comma-separated string (v1alpha1 `edged.clusterDNS`).
    CommaList,
}

/// Where a family writes a setting that the latest EdgeCore v1alpha2 keeps at `path` (reference
/// §A.5, the v1alpha1 → v1alpha2 mapping read backwards). `None`: no such setting there.
pub fn translate(f: Family, path: &str) -> Option<(&'static str, Conversion)> {
    const TKC: &str = "modules.edged.tailoredKubeletConfig.";
    const V1ALPHA1: &[(&str, &str, Conversion)] = &[
        (
            "clusterDNS",
            "modules.edged.clusterDNS",
            Conversion::CommaList,
        ),
        (
            "clusterDomain",
            "modules.edged.clusterDomain",
            Conversion::Same,
        ),
        (
            "cgroupDriver",
            "modules.edged.cgroupDriver",
            Conversion::Same,
        ),
        ("cgroupRoot", "modules.edged.cgroupRoot", Conversion::Same),
        (
            "cgroupsPerQOS",
            "modules.edged.cgroupsPerQOS",
            Conversion::Same,
        ),
        (
            "systemCgroups",
            "modules.edged.systemCgroups",
            Conversion::Same,
        ),
        (
            "kubeletCgroups",
            "modules.edged.edgeCoreCgroups",
            Conversion::Same,
        ),
        (
            "imageGCHighThresholdPercent",
            "modules.edged.imageGCHighThreshold",
            Conversion::Same,
        ),
        (
            "imageGCLowThresholdPercent",
            "modules.edged.imageGCLowThreshold",
            Conversion::Same,
        ),
    ];
    if f != Family::EdgeCoreV1alpha1 {
        return None;
    }
    if let Some(rest) = path.strip_prefix(TKC) {
        return V1ALPHA1
            .iter()
            .find(|(k, _, _)| *k == rest)
            .map(|(_, to, c)| (*to, *c));
    }
    match path {
        "modules.edged.nodeLabels" => Some(("modules.edged.labels", Conversion::Same)),
        "modules.edged.maxPerPodContainerCount" => Some((
            "modules.edged.maximumDeadContainersPerPod",
            Conversion::Same,
        )),
        "modules.edged.containerRuntime" => Some(("modules.edged.runtimeType", Conversion::Same)),
        _ => None,
    }
}

/// Feature gates KubeEdge's own gate set knows in `minor` (an unknown key is fatal at start-up;
/// reference §A.2). `None`: not known for that release, not checked.
pub fn feature_gates(minor: u8) -> Option<&'static [&'static str]> {
    match minor {
        12..=16 => Some(&["requireAuthorization"]),
        17..=20 => Some(&["requireAuthorization", "moduleRestart"]),
        21..=23 => Some(&[
            "requireAuthorization",
            "moduleRestart",
            "disableNodeTaskV1alpha2",
        ]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_loads_and_answers() {
        let ec = family(Family::EdgeCore);
        assert_eq!(ec.releases.first(), Some(&12));
        assert_eq!(ec.releases.last(), Some(&23));
        let rt = ec.field("modules.edged.containerRuntime").unwrap();
        assert_eq!(rt.minors(), (12..=17).collect::<Vec<_>>());
        let d = ec.defaults(Release::new(19, None));
        assert_eq!(
            d.pointer("/modules/edged/rootDirectory"),
            Some(&J::from("/var/lib/edged"))
        );
        let d = ec.defaults(Release::new(12, Some(0)));
        assert_eq!(
            d.pointer("/modules/edged/rootDirectory"),
            Some(&J::from("/var/lib/kubelet"))
        );
        let d = ec.defaults(Release::new(12, Some(7)));
        assert_eq!(
            d.pointer("/modules/edged/rootDirectory"),
            Some(&J::from("/var/lib/edged"))
        );
        let paths = vec![
            "modules.edged.containerRuntime".to_owned(),
            "modules.metaManager.metaServer.apiAudiences".to_owned(),
            "typo".to_owned(),
        ];
        assert_eq!(ec.fitting(&paths), vec![14, 15, 16, 17]);
        assert_eq!(feature_gates(17).map(<[_]>::len), Some(2));
    }
}

#[cfg(test)]
mod latest {
    use super::*;
    use crate::model::{cloudcore::CloudCoreConfig, edgecore::EdgeCoreConfig};

    /// Leaf values of `a` that differ from `b` where both have them.
    fn diffs(a: &J, b: &J, path: &str, out: &mut Vec<String>) {
        match (a, b) {
            (J::Object(x), J::Object(y)) => {
                for (k, v) in x {
                    if let Some(w) = y.get(k) {
                        diffs(v, w, &format!("{path}.{k}"), out);
                    }
                }
            }
            (x, y) if x != y => out.push(format!("{path}: data {x} vs typed {y}")),
            _ => {}
        }
    }

    /// The generated data for the latest release and the typed structs (which the latest
    /// release's validation, schema and embedder API use) agree on every default.
    #[test]
    fn latest_release_data_matches_the_typed_model() {
        for (fam, typed) in [
            (
                Family::EdgeCore,
                serde_json::to_value(EdgeCoreConfig::default()).unwrap(),
            ),
            (
                Family::CloudCore,
                serde_json::to_value(CloudCoreConfig::default()).unwrap(),
            ),
        ] {
            let mut out = Vec::new();
            diffs(&family(fam).defaults(LATEST), &typed, "", &mut out);
            assert!(out.is_empty(), "{fam:?}:\n{}", out.join("\n"));
        }
    }
}

#[cfg(test)]
mod detection {
    use super::*;
    use crate::document::Document;

    /// A release's complete defaults (what its `--defaultconfig` prints, as keadm writes it)
    /// are detected as a range that contains that release.
    #[test]
    fn full_files_of_each_release_are_detected_as_a_range_holding_it() {
        for (kind, fam) in [
            (ConfigKind::EdgeCore, Family::EdgeCore),
            (ConfigKind::CloudCore, Family::CloudCore),
        ] {
            for &minor in &family(fam).releases {
                let mut defaults = family(fam).defaults(Release::new(minor, None));
                // Without edgecoreVersion, so that the keys decide.
                if let Some(m) = defaults.as_object_mut() {
                    m.remove("edgecoreVersion");
                }
                let doc = Document::parse(serde_json::to_string(&defaults).unwrap()).unwrap();
                let choice = choose(kind, &doc.value(0).unwrap(), None);
                let ReleaseSource::Fields { fits } = choice.source else {
                    panic!("{kind:?} 1.{minor}: {choice:?}");
                };
                assert!(
                    fits.first.minor <= minor && minor <= fits.last.minor,
                    "{kind:?} 1.{minor} detected as {fits}"
                );
            }
        }
    }
}
