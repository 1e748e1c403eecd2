#!/usr/bin/env python3
"""Generates lib/releases/*.json, the per-release KubeEdge model edgecfg validates with.

Inputs (upstream-derived data, never committed; see ../shared/fixtures/kubeedge/versions/README.md):
  <versions>/{cc,ec1,ec2}-<tag>.jsonl           field inventories (path, Go kind, omitempty) per tag
  <versions>/defaults/{cc,ec1,ec2}-<tag>.jsonl  complete defaults per minor, from NewDefault...Config()
and one hand-made table of the patch-release default flips the dumps cannot show
(tools/release-patch-defaults.json, from reference/kubeedge-versions-and-rules.md §A.3).

Output: one JSON document per schema family (lib/releases/<family>.json: cloudcore, edgecore,
edgecore-v1alpha1), with the releases (minors) it covers and, per field path, the minor ranges in
which it exists with its Go kind, and its defaults by minor range.

Adding KubeEdge 1.24: put its inventories and default dumps into the versions folder, run
  python3 tools/gen-releases.py            (writes lib/releases/*.json)
and review the diff. `--stdout` prints them instead (each after a `== NAME` line; the staleness
test uses it).

Usage: tools/gen-releases.py [--versions DIR] [--stdout]
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "lib", "releases")
PATCH_DEFAULTS = os.path.join(ROOT, "tools", "release-patch-defaults.json")

# The placeholders the dumps use for host-derived defaults, replaced by the values edgecfg's
# typed v1.23.1 defaults use (those of the upstream `--defaultconfig` output).
HOST = {"<hostname>": "edge-node", "<host-ip>": "192.168.0.10"}

KINDS = {
    # name: (file prefix, apiVersion, kind)
    "cloudcore": ("cc", "cloudcore.config.kubeedge.io/v1alpha1", "CloudCore"),
    "edgecore": ("ec2", "edgecore.config.kubeedge.io/v1alpha2", "EdgeCore"),
    "edgecore-v1alpha1": ("ec1", "edgecore.config.kubeedge.io/v1alpha1", "EdgeCore"),
}


def version_key(tag):
    return tuple(int(x) for x in tag.lstrip("v").split("."))


def minor(tag):
    return ".".join(tag.lstrip("v").split(".")[:2])


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


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


def spans(minors, values, order):
    """Groups consecutive minors with equal values: [(first, last, value)]."""
    out = []
    for m in order:
        if m not in minors:
            continue
        v = values[m]
        if out and out[-1][2] == v and order.index(out[-1][1]) == order.index(m) - 1:
            out[-1] = (out[-1][0], m, v)
        else:
            out.append((m, m, v))
    return out


def span_text(first, last):
    return first if first == last else f"{first}-{last}"


def kind_model(versions, prefix):
    inv_tags = {}
    for name in os.listdir(versions):
        m = re.fullmatch(rf"{prefix}-(v[\d.]+)\.jsonl", name)
        if m:
            tag = m.group(1)
            # Per minor, the newest patch's inventory (patch releases change defaults, not fields).
            mi = minor(tag)
            if mi not in inv_tags or version_key(tag) > version_key(inv_tags[mi]):
                inv_tags[mi] = tag
    def_tags = {}
    for name in os.listdir(os.path.join(versions, "defaults")):
        m = re.fullmatch(rf"{prefix}-(v[\d.]+)\.jsonl", name)
        if m:
            def_tags[minor(m.group(1))] = m.group(1)
    order = sorted(inv_tags, key=lambda m: version_key(m))
    fields = {}  # path -> {"norm": {minor: norm}, "omitempty": {minor: b}, "default": {minor: v}}
    for mi in order:
        for row in read_jsonl(os.path.join(versions, f"{prefix}-{inv_tags[mi]}.jsonl")):
            f = fields.setdefault(row["path"], {"norm": {}, "omitempty": {}, "default": {}})
            f["norm"][mi] = row["norm"]
            f["omitempty"][mi] = row["omitempty"]
        if mi in def_tags:
            dump = read_jsonl(os.path.join(versions, "defaults", f"{prefix}-{def_tags[mi]}.jsonl"))
            by_path = {r["path"]: r for r in dump}
            for path, r in by_path.items():
                if "default" not in r:
                    continue
                target = path
                if path not in fields or mi not in fields[path]["norm"]:
                    # Custom-marshalled leaves (TimeOrMetaDuration.Duration) hold the parent's value.
                    parent, _, last = path.rpartition(".")
                    if last == "Duration" and parent in fields and mi in fields[parent]["norm"]:
                        target = parent
                    else:
                        continue
                fields[target]["default"][mi] = host(r["default"])
    out = []
    for path in sorted(fields):
        f = fields[path]
        present = set(f["norm"])
        entry = {"path": path}
        entry["exists"] = ",".join(span_text(a, b) for a, b, _ in spans(present, {m: 1 for m in present}, order))
        for key in ("norm", "omitempty"):
            values = f[key]
            if len(set(values.values())) == 1:
                entry[key] = next(iter(values.values()))
            else:
                entry[key] = {span_text(a, b): v for a, b, v in spans(present, values, order)}
        with_default = {m: json.dumps(v, sort_keys=True) for m, v in f["default"].items()}
        if with_default:
            ds = spans(set(with_default), with_default, order)
            entry["default"] = {span_text(a, b): json.loads(v) for a, b, v in ds}
        out.append(entry)
    return {
        "releases": order,
        "inventory": {m: inv_tags[m] for m in order},
        "defaults": {m: def_tags[m] for m in order if m in def_tags},
        "fields": out,
    }


def main():
    args = sys.argv[1:]
    versions = os.path.join(
        os.environ.get("EDGECFG_SHARED", os.path.join(ROOT, "..", "shared")),
        "fixtures", "kubeedge", "versions",
    )
    if "--versions" in args:
        versions = args[args.index("--versions") + 1]
    if not os.path.isdir(versions):
        sys.exit(f"gen-releases: {versions} not found (set EDGECFG_SHARED or pass --versions)")
    with open(PATCH_DEFAULTS, encoding="utf-8") as f:
        patch = json.load(f)
    texts = {}
    for name, (prefix, api, kind) in KINDS.items():
        model = kind_model(versions, prefix)
        doc = {
            "generated": "by tools/gen-releases.py from the per-release inventories and default dumps; do not edit",
            "apiVersion": api,
            "kind": kind,
            **model,
            "patchDefaults": patch.get(name, []),
        }
        texts[name] = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if "--stdout" in args:
        for name, text in texts.items():
            sys.stdout.write(f"== {name}\n{text}")
        return
    os.makedirs(OUT, exist_ok=True)
    for name, text in texts.items():
        path = os.path.join(OUT, f"{name}.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {os.path.relpath(path, ROOT)} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
