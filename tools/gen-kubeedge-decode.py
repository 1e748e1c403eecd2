#!/usr/bin/env python3
"""Generates the Go types of the reference decoder (tools/kubeedge-decode, `-mode reference`):
KubeEdge's CloudCore and EdgeCore configuration structs per release, with their json names, Go
types and defaults, so that the real sigs.k8s.io/yaml and encoding/json decode a file onto them
exactly as KubeEdge's `Parse` decodes it onto `NewDefault...Config()`.

Inputs (upstream-derived data, never committed; see ../shared/fixtures/kubeedge/versions/):
  <versions>/defaults/{cc,ec1,ec2}-<tag>.jsonl   every field of the release's config object with
                                                  its Go type, json name and default (a dump of
                                                  NewDefault...Config() walked by reflection)
and the hand-kept facts the dumps cannot show, each checked against them (generation fails when
one matches nothing):
  EMBEDDED     Go structs embedded without a json name (their fields are flattened in the dump,
               and sigs.k8s.io/yaml treats them differently from a struct's own fields);
  ENUM_STRUCTS structs whose own UnmarshalJSON checks a field against a set of values;
  CUSTOM       types with their own UnmarshalJSON, decoded by hand-written Go in
               tools/kubeedge-decode/reference.go (the dump walks into them);
  tools/release-patch-defaults.json   defaults that differ in a patch release (shared with
               tools/gen-releases.py).

Output: one Go file (stdout, or the path given) with one struct tree per dump and a table of
releases. Run by tools/build-kubeedge-decode.sh; the output is a build product, not committed.

Usage: tools/gen-kubeedge-decode.py [--versions DIR] [OUT.go]
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATCH_DEFAULTS = os.path.join(ROOT, "tools", "release-patch-defaults.json")

# As tools/gen-releases.py: the dumps' placeholders for host-derived defaults, replaced by the
# values edgecfg's defaults use.
HOST = {"<hostname>": "edge-node", "<host-ip>": "192.168.0.10"}

KINDS = {"cc": "cloudcore", "ec2": "edgecore", "ec1": "edgecore-v1alpha1"}

# Embedded structs (no json name): (dump prefix, struct path, fields that are the struct's own;
# every other field of the struct belongs to the embedded one). EdgeCore v1alpha2's `Edged`
# embeds `TailoredKubeletFlag` (which embeds `ContainerRuntimeOptions`; one level is enough for
# decoding, the fields are promoted either way). Checked at v1.12.0 .. v1.23.1 (types.go).
EMBEDDED = [
    (
        "ec2",
        "modules.edged",
        "TailoredKubeletFlag",
        {"enable", "reportEvent", "tailoredKubeletConfig", "customInterfaceName", "registerNodeNamespace"},
    ),
]

# Go types with their own UnmarshalJSON: dump type -> the reference decoder's Go type. The
# dump's sub-paths below them (`flushFrequency.Duration`, `infoBufferSize.Format`) are dropped.
CUSTOM = {
    "v1.Duration": "MetaDuration",
    "*v1.Duration": "*MetaDuration",
    "v1.Time": "MetaTime",
    "*v1.Time": "*MetaTime",
    "v1.TimeOrMetaDuration": "TimeOrMetaDuration",
    "resource.QuantityValue": "Quantity",
    "resource.Quantity": "Quantity",
    "v1.ResourceList": "map[string]Quantity",
}

# Structs with their own UnmarshalJSON that decode normally and then check a field against a set
# (dump prefix, struct path, field, allowed values, error): cloudcore's IptablesManager
# (API/cloudcore/v1alpha1/helper.go:65-87@v1.23.1, helper.go:49@v1.11.3..v1.17.5). Having the
# method also makes sigs.k8s.io/yaml stop converting scalars to strings below it, as upstream.
ENUM_STRUCTS = [
    ("cc", "modules.iptablesManager", "mode", ["internal", "external"], "invalid value for iptablesmgr mode"),
]

# Normalised kinds that are Go type expressions as they stand.
PLAIN = re.compile(r"^\*?(string|bool|int|int32|int64|uint8|uint32|float64)$|^\[\]string$|^map\[string\](string|bool|\[\]string)$|^time\.Duration$")


def version_key(tag):
    return tuple(int(x) for x in tag.lstrip("v").split("."))


def host(v):
    if isinstance(v, str):
        for k, r in HOST.items():
            v = v.replace(k, r)
        return v
    if isinstance(v, list):
        return [host(x) for x in v]
    if isinstance(v, dict):
        return {k: host(x) for k, x in v.items()}
    return v


class Node:
    def __init__(self, seg, line):
        self.seg = seg
        self.line = line
        self.children = {}  # seg -> Node, in dump order
        self.elem = None  # for []struct: the element node


def build_tree(lines):
    root = Node("", {"type": "root", "norm": "struct", "container": True})
    nodes = {"": root}
    custom_prefixes = []
    for d in lines:
        path = d["path"]
        if any(path.startswith(p + ".") for p in custom_prefixes):
            continue
        if d["type"] in CUSTOM:
            custom_prefixes.append(path)
        parent_path, _, seg = path.rpartition(".")
        if parent_path.endswith("[]"):
            owner = nodes[parent_path[:-2]]
            if owner.elem is None:
                owner.elem = Node("[]", {"type": "elem", "norm": "struct", "container": True})
            parent = owner.elem
        else:
            parent = nodes[parent_path]
        n = Node(seg, d)
        parent.children[seg] = n
        nodes[path] = n
    return root


def go_ident(s):
    return re.sub(r"[^A-Za-z0-9]", "_", s)


class Gen:
    def __init__(self, prefix, tag):
        self.prefix = prefix
        self.tag = tag
        self.name = f"T_{prefix}_{go_ident(tag)}"
        self.out = []
        self.embedded_used = set()
        self.enum_used = set()

    def typ(self, node, path):
        t, norm = node.line["type"], node.line["norm"]
        if t in CUSTOM:
            return CUSTOM[t]
        if norm in ("struct", "*struct"):
            name = self.struct(node, path)
            return ("*" if norm.startswith("*") else "") + name
        if norm == "[]struct":
            if node.elem is None:
                raise SystemExit(f"{self.prefix}-{self.tag}: {path} is a list of structs with no element fields")
            return "[]" + self.struct(node.elem, path + "[]")
        if norm == "map[string]resource.Quantity":
            return "map[string]Quantity"
        if PLAIN.match(norm):
            return norm
        raise SystemExit(f"{self.prefix}-{self.tag}: {path}: no Go type for {t} ({norm})")

    def struct(self, node, path):
        name = self.name + ("_" + go_ident(path) if path else "")
        own = None
        for pfx, spath, ename, own_fields in EMBEDDED:
            if pfx == self.prefix and spath == path:
                own = own_fields
                missing = {f for f in own_fields if f not in node.children} - {"reportEvent"}
                if missing:
                    raise SystemExit(f"{self.prefix}-{self.tag}: EMBEDDED lists {sorted(missing)} as own fields of {path}, which has no such field")
                self.embedded_used.add((pfx, spath))
                embedded_name = f"{name}_{ename}"
        fields, efields = [], []
        for i, (seg, child) in enumerate(node.children.items()):
            cpath = f"{path}.{seg}" if path else seg
            field = f"\tF{i} {self.typ(child, cpath)} `json:\"{seg}\"`"
            (efields if own is not None and seg not in own else fields).append(field)
        if own is not None:
            if not efields:
                raise SystemExit(f"{self.prefix}-{self.tag}: {path} embeds nothing")
            self.out.append(f"type {embedded_name} struct {{\n" + "\n".join(efields) + "\n}\n")
            fields.append(f"\t{embedded_name}")
        self.out.append(f"type {name} struct {{\n" + "\n".join(fields) + "\n}\n")
        for pfx, spath, field, allowed, err in ENUM_STRUCTS:
            if pfx != self.prefix or spath != path:
                continue
            if field not in node.children:
                raise SystemExit(f"{self.prefix}-{self.tag}: ENUM_STRUCTS names {path}.{field}, which does not exist")
            self.enum_used.add((pfx, spath))
            fname = "F" + str(list(node.children).index(field))
            cases = ", ".join(json.dumps(a) for a in allowed)
            self.out.append(
                f"func (in *{name}) UnmarshalJSON(data []byte) error {{\n"
                "\tif len(data) == 0 {\n\t\treturn nil\n\t}\n"
                f"\ttype plain {name}\n"
                "\tvar out = (*plain)(in)\n"
                "\tif err := json.Unmarshal(data, &out); err != nil {\n\t\treturn err\n\t}\n"
                f"\tswitch in.{fname} {{\n\tcase {cases}:\n\t\treturn nil\n\tdefault:\n"
                f"\t\tin.{fname} = \"\"\n\t\treturn errors.New({json.dumps(err)})\n\t}}\n}}\n"
            )
        return name


def defaults_json(lines):
    """The release's defaults as the JSON that json.Unmarshal turns back into them."""
    out = {}
    custom_prefixes = []
    for d in lines:
        path = d["path"]
        if "[]" in path or any(path.startswith(p + ".") for p in custom_prefixes):
            continue
        if d["type"] in CUSTOM:
            custom_prefixes.append(path)
            if d["type"] == "v1.TimeOrMetaDuration":
                inner = next((x for x in lines if x["path"] == path + ".Duration"), None)
                if inner is not None and "default" in inner:
                    d = dict(d, default=inner["default"], container=False)
        if d["container"] or "default" not in d:
            continue
        cur = out
        segs = path.split(".")
        for s in segs[:-1]:
            cur = cur.setdefault(s, {})
        cur[segs[-1]] = host(d["default"])
    return out


def main():
    args = sys.argv[1:]
    versions = os.path.join(ROOT, "..", "shared", "fixtures", "kubeedge", "versions")
    if args[:1] == ["--versions"]:
        versions, args = args[1], args[2:]
    versions = os.environ.get("EDGECFG_VERSIONS", versions)
    ddir = os.path.join(versions, "defaults")
    dumps = []
    for f in sorted(os.listdir(ddir)):
        m = re.match(r"^(cc|ec1|ec2)-(v[0-9.]+)\.jsonl$", f)
        if m:
            dumps.append((m.group(1), m.group(2), os.path.join(ddir, f)))
    if not dumps:
        raise SystemExit(f"no default dumps in {ddir}")
    dumps.sort(key=lambda x: (x[0], version_key(x[1])))
    patches = json.load(open(PATCH_DEFAULTS, encoding="utf-8"))
    src = [
        "// Code generated by tools/gen-kubeedge-decode.py from the default dumps in",
        "// ../shared/fixtures/kubeedge/versions/defaults; DO NOT EDIT.",
        "",
        "package main",
        "",
        "import (",
        "\t\"encoding/json\"",
        "\t\"errors\"",
        "\t\"time\"",
        ")",
        "",
        "var _ time.Duration",
        "",
    ]
    table = []
    used = set()
    enum_used = set()
    for prefix, tag, path in dumps:
        lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        g = Gen(prefix, tag)
        g.struct(build_tree(lines), "")
        used |= g.embedded_used
        enum_used |= g.enum_used
        src.extend(g.out)
        table.append(
            f'\t{{kind: "{KINDS[prefix]}", release: "{tag.lstrip("v")}", new: func() interface{{}} {{ return &{g.name}{{}} }}, defaults: {json.dumps(json.dumps(defaults_json(lines), sort_keys=True))}}},'
        )
    for pfx, spath, _, _ in EMBEDDED:
        if (pfx, spath) not in used:
            raise SystemExit(f"EMBEDDED entry {pfx} {spath} matched no dump")
    for pfx, spath, *_ in ENUM_STRUCTS:
        if (pfx, spath) not in enum_used:
            raise SystemExit(f"ENUM_STRUCTS entry {pfx} {spath} matched no dump")
    ptable = []
    for kind, rows in patches.items():
        if kind.startswith("_"):
            continue
        for r in rows:
            ptable.append(
                f'\t{{kind: "{kind}", path: "{r["path"]}", from: "{r["from"]}", to: "{r["to"]}", value: {json.dumps(json.dumps(r["value"]))}}},'
            )
    src.append("var releases = []release{\n" + "\n".join(table) + "\n}\n")
    src.append("var patchDefaults = []patchDefault{\n" + "\n".join(ptable) + "\n}\n")
    text = "\n".join(src)
    if args:
        with open(args[0], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
