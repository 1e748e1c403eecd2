#!/usr/bin/env python3
"""Generates lib/src/model/{cloudcore,edgecore}_types.rs from the field tables of the KubeEdge
reference (../shared/reference/kubeedge-config.md §2.2 and §3.2).

The output is ordinary source that is committed and owned by the project; this script is how
it was first produced and how it can be refreshed for a new KubeEdge version. Field
descriptions come from DESCRIPTIONS below (written for edgecfg) and fall back to the type and
default.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF = os.environ.get("EDGECFG_SHARED", os.path.join(ROOT, "..", "shared")) + "/reference/kubeedge-config.md"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_descriptions import DESCRIPTIONS, STRUCT_DOCS  # noqa: E402


def rows(section_start, section_end):
    lines = open(REF, encoding="utf-8").read().split("\n")
    s = next(i for i, l in enumerate(lines) if l.startswith(section_start))
    e = next(i for i, l in enumerate(lines) if i > s and l.startswith(section_end))
    out = []
    for l in lines[s:e]:
        if not l.startswith("| `"):
            continue
        cells = [c.strip() for c in l.strip().strip("|").split("|")]
        key = cells[0].strip("`")
        typ = cells[1]
        default = cells[2]
        out.append((key, typ, default))
    return out


def snake(name):
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = s.lower()
    if s in ("type", "mod", "match", "ref"):
        s = "r#" + s
    return s


def parse_default(d):
    m = re.match(r"^`(.*)`$", d)
    if not m:
        return None  # (object), (zero value → omitted)
    raw = m.group(1)
    try:
        return json.loads(raw)
    except Exception:
        return raw


SIMPLE = {
    "`bool`": ("bool", "bool"),
    "`*bool`": ("Option<bool>", "bool"),
    "`int32`": ("i32", "int"),
    "`*int32`": ("Option<i32>", "int"),
    "`uint32`": ("u32", "int"),
    "`uint8`": ("u8", "int"),
    "`int`": ("i64", "int"),
    "`int64`": ("i64", "int"),
    "`*int64`": ("Option<i64>", "int"),
    "`*float64`": ("Option<f64>", "float"),
    "`string`": ("String", "str"),
    "`string` (from embedded metav1.TypeMeta)": ("String", "str"),
    "`*string`": ("Option<String>", "str"),
    "`metaconfig.GroupName`": ("String", "str"),
    "`metaconfig.ModuleName`": ("String", "str"),
    "`tailoredkubeletconfigv1beta1.ResourceChangeDetectionStrategy`": ("String", "str"),
    "`metav1.Duration`": ("GoDuration", "dur"),
    "`*metav1.Duration`": ("Option<GoDuration>", "dur"),
    "`time.Duration`": ("i64", "int"),
    "`[]string`": ("Vec<String>", "strlist"),
    "`map[string]string`": ("BTreeMap<String, String>", "strmap"),
    "`map[string]bool`": ("BTreeMap<String, bool>", "boolmap"),
    "`MqttMode`": ("i64", "int"),
    "`IptablesMgrMode`": ("IptablesMode", "enum"),
    "`[]AuthorizationMode`": ("Vec<serde_json::Value>", "anylist"),
    "`[]v1.Taint`": ("Vec<serde_json::Value>", "anylist"),
    "`[]tailoredkubeletconfigv1beta1.ShutdownGracePeriodByPodPriority`": ("Vec<serde_json::Value>", "anylist"),
    "`[]tailoredkubeletconfigv1beta1.MemoryReservation`": ("Vec<serde_json::Value>", "anylist"),
    "`tailoredkubeletconfigv1beta1.MemorySwapConfiguration`": ("serde_json::Map<String, serde_json::Value>", "anyobj"),
    "`tailoredkubeletconfigv1beta1.CrashLoopBackOffConfig`": ("serde_json::Map<String, serde_json::Value>", "anyobj"),
    "`logsapi.LoggingConfiguration`": ("serde_json::Map<String, serde_json::Value>", "anyobj"),
}


def rust_default(rtype, kind, d):
    opt = rtype.startswith("Option<")
    if d is None:
        if opt:
            return "None"
        return "Default::default()"
    if kind == "bool":
        e = "true" if d else "false"
    elif kind == "int":
        e = str(d)
    elif kind == "float":
        e = repr(float(d))
    elif kind == "str":
        e = json.dumps(str(d)) + ".to_owned()"
    elif kind == "dur":
        e = "GoDuration::from(" + json.dumps(str(d)) + ")"
    elif kind == "strlist":
        if d is None:
            return "Vec::new()"
        e = "vec![" + ", ".join(json.dumps(x) + ".to_owned()" for x in d) + "]"
    elif kind == "strmap":
        e = "[" + ", ".join(f"({json.dumps(k)}.to_owned(), {json.dumps(v)}.to_owned())" for k, v in d.items()) + "].into_iter().collect()"
    elif kind == "boolmap":
        e = "BTreeMap::new()"
    elif kind == "enum":
        e = "IptablesMode::" + str(d).capitalize()
    elif kind == "anylist":
        e = "vec![" + ", ".join("serde_json::json!(" + json.dumps(x) + ")" for x in d) + "]"
    elif kind == "anyobj":
        e = "json_object(serde_json::json!(" + json.dumps(d) + "))"
    else:
        raise ValueError(kind)
    return f"Some({e})" if opt else e


def build(table, root_name):
    structs = {root_name: {"path": "", "fields": []}}
    path_struct = {"": root_name}
    for key, typ, default in table:
        parent, _, name = key.rpartition(".")
        sname = path_struct[parent]
        if typ.startswith("*") and not typ.startswith("`") or typ == "MonitorServer":
            child = typ.lstrip("*")
            path_struct[key] = child
            structs[child] = {"path": key, "fields": []}
            structs[sname]["fields"].append((name, key, child, "struct", None, typ))
            continue
        if typ not in SIMPLE:
            raise SystemExit(f"unmapped type {typ} for {key}")
        rtype, kind = SIMPLE[typ]
        structs[sname]["fields"].append((name, key, rtype, kind, parse_default(default), typ))
    return structs


def describe(key, typ, kind, d):
    desc = DESCRIPTIONS.get(key)
    gotype = typ.strip("`").replace("`", "")
    if kind == "struct":
        gotype = typ
    if d is None:
        dflt = "not set" if kind != "struct" else "the defaults of each field"
    else:
        dflt = "`" + (json.dumps(d) if not isinstance(d, str) else (d if d else '""')) + "`"
    lines = []
    if desc:
        lines.extend(desc.strip().split("\n"))
    else:
        lines.append(f"`{key}`.")
    lines.append("")
    lines.append(f"Go type `{gotype}`; KubeEdge v1.23.1 default: {dflt}.")
    return lines


def emit(structs, root_name, title):
    out = [
        f"//! {title}",
        "//!",
        "//! Generated once by `tools/gen-model.py` from the field tables of the KubeEdge v1.23.1",
        "//! reference, then owned here. Every field carries its exact YAML key and its default.",
        "// Explicit Default impls spell out KubeEdge's defaults, even where they equal Rust's.",
        "#![allow(clippy::derivable_impls)]",
        "",
        "use std::collections::BTreeMap;",
        "",
        "use schemars::JsonSchema;",
        "use serde::{Deserialize, Serialize};",
        "",
        "#[allow(unused_imports)]",
        "use super::types::{GoDuration, IptablesMode, json_object};",
        "",
    ]
    for sname, s in structs.items():
        doc = STRUCT_DOCS.get(s["path"] or "(root)", None)
        if doc is None:
            doc = f"`{s['path']}`." if s["path"] else f"The root of the file."
        for l in doc.strip().split("\n"):
            out.append(f"/// {l}".rstrip())
        out.append("#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]")
        out.append("#[serde(default)]")
        out.append("#[schemars(deny_unknown_fields)]")
        out.append(f"pub struct {sname} {{")
        for name, key, rtype, kind, d, typ in s["fields"]:
            for l in describe(key, typ, kind, d):
                out.append(f"    /// {l}".rstrip())
            out.append(f"    #[serde(rename = {json.dumps(name)})]")
            out.append(f"    pub {snake(name)}: {rtype},")
        out.append("    /// Keys KubeEdge does not know. It ignores them; `edgecfg validate` reports them.")
        out.append("    #[serde(flatten)]")
        out.append("    #[schemars(skip)]")
        out.append("    pub unknown: BTreeMap<String, serde_json::Value>,")
        out.append("}")
        out.append("")
        out.append(f"impl Default for {sname} {{")
        out.append("    fn default() -> Self {")
        out.append("        Self {")
        for name, key, rtype, kind, d, typ in s["fields"]:
            if kind == "struct":
                expr = f"{rtype}::default()"
            else:
                expr = rust_default(rtype, kind, d)
            out.append(f"            {snake(name)}: {expr},")
        out.append("            unknown: BTreeMap::new(),")
        out.append("        }")
        out.append("    }")
        out.append("}")
        out.append("")
    return "\n".join(out)


cloud = build(rows("### 2.2", "### 2.3"), "CloudCoreConfig")
edge = build(rows("### 3.2", "### 3.3"), "EdgeCoreConfig")
target = os.path.join(ROOT, "lib", "src", "model")
os.makedirs(target, exist_ok=True)
open(os.path.join(target, "cloudcore_types.rs"), "w").write(
    emit(cloud, "CloudCoreConfig", "CloudCore configuration types (`cloudcore.config.kubeedge.io/v1alpha1`, kind `CloudCore`).") + "\n")
open(os.path.join(target, "edgecore_types.rs"), "w").write(
    emit(edge, "EdgeCoreConfig", "EdgeCore configuration types (`edgecore.config.kubeedge.io/v1alpha2`, kind `EdgeCore`).") + "\n")
print("structs:", len(cloud), "+", len(edge), "fields:", sum(len(s["fields"]) for s in cloud.values()), "+", sum(len(s["fields"]) for s in edge.values()))
