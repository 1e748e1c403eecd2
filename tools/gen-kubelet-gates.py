#!/usr/bin/env python3
"""Generates lib/releases/kubelet-feature-gates.json: the kubelet feature gates edged knows, per
KubeEdge minor, from the Kubernetes tree KubeEdge vendors at each release tag.

edged hands `modules.edged.tailoredKubeletConfig.featureGates` to Kubernetes'
`utilfeature.DefaultMutableFeatureGate.SetFromMap` (edge/pkg/edged/edged.go:236-238@v1.23.1,
:165-167@v1.12.7); an unknown name ("unrecognized feature gate") or a locked gate set to the
other value ("cannot set feature gate X to V, feature is locked to W") makes newEdged fail and
edgecore exit (edged.go:104-109). The gates that set knows are the keys of every feature-gate
map literal in the vendored k8s.io tree (kube, apiserver, apiextensions, component-base logs,
metrics and zpages, controller-manager, client-go, AllAlpha/AllBeta); for a versioned gate the
spec that applies is the last one whose version is at most the vendored Kubernetes minor.

Checked against a real binary: tests/system's `kubelet_feature_gates_match_edgecore` runs
edgecore v1.23.1 from ../shared/tools/kesys with every gate of this table (accepted) and with
an unknown one (exits).

Usage: tools/gen-kubelet-gates.py KUBEEDGE_GIT_DIR > lib/releases/kubelet-feature-gates.json
(the git directory of a kubeedge/kubeedge clone with its release tags).
"""
import json
import re
import subprocess
import sys

# The last patch release of each minor: the gate set is the vendored Kubernetes minor's, and
# every patch release of a KubeEdge minor vendors the same Kubernetes minor (go.mod).
TAGS = {
    12: "v1.12.7",
    13: "v1.13.5",
    14: "v1.14.5",
    15: "v1.15.4",
    16: "v1.16.6",
    17: "v1.17.5",
    18: "v1.18.3",
    19: "v1.19.2",
    20: "v1.20.0",
    21: "v1.21.2",
    22: "v1.22.2",
    23: "v1.23.1",
}

MAP_START = re.compile(
    r"map\[(?:featuregate\.)?Feature\](?:featuregate\.)?(?:FeatureSpec|VersionedSpecs)\{"
)
CONST = re.compile(
    r'^\s*(\w+)\s+(?:[\w.]*Feature\s*=\s*"(\w+)"|=\s*(?:featuregate\.)?Feature\("(\w+)"\))', re.M
)
ENTRY = re.compile(r"(?:(\w+)\.)?(\w+)\s*:\s*\{")


def git(repo, *args):
    return subprocess.run(
        ["git", "-C", repo, *args], capture_output=True, text=True, check=True
    ).stdout


def strip_comments(src):
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    return re.sub(r"//[^\n]*", "", src)


def close(src, i):
    """Index just past the brace that closes the one at src[i]."""
    depth = 0
    for j in range(i, len(src)):
        if src[j] == "{":
            depth += 1
        elif src[j] == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    raise ValueError("unbalanced braces")


def specs(body):
    """The spec objects of one entry: `{Default: …}` or `{{Version: …}, {…}}`."""
    inner = body[1:-1].strip()
    if inner.startswith("{"):
        out, i = [], 0
        while True:
            i = inner.find("{", i)
            if i < 0:
                return out
            j = close(inner, i)
            out.append(inner[i:j])
            i = j
    return [body]


def version_of(spec):
    m = re.search(r'Version:\s*version\.MustParse\("v?(\d+)\.(\d+)"\)', spec) or re.search(
        r"Version:\s*version\.MajorMinor\((\d+),\s*(\d+)\)", spec
    )
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def applies(entry_specs, k8s):
    ok = [s for s in entry_specs if version_of(s) <= k8s]
    return ok[-1] if ok else None


def gates_at(repo, tag):
    gomod = git(repo, "show", f"{tag}:go.mod")
    m = re.search(r"k8s\.io/kubernetes\s+=>\s+\S+\s+v(\d+)\.(\d+)\.(\d+)", gomod)
    k8s = (int(m.group(1)), int(m.group(2)))
    files = [
        f.split(":", 1)[1]
        for f in git(repo, "grep", "-l", "-E", r"Feature\]", tag, "--", "vendor/k8s.io").split()
        if f.endswith(".go") and not f.endswith("_test.go")
    ]
    names, maps = {}, []
    for f in files:
        src = strip_comments(git(repo, "show", f"{tag}:{f}"))
        for c in CONST.finditer(src):
            names[c.group(1)] = c.group(2) or c.group(3)
        for m in MAP_START.finditer(src):
            start = m.end() - 1
            maps.append((f, src[start : close(src, start)]))
    gates = {}
    for f, lit in maps:
        i = 1
        while True:
            e = ENTRY.search(lit, i)
            if not e:
                break
            b = e.end() - 1
            end = close(lit, b)
            ident = e.group(2)
            name = names.get(ident)
            if name is None:
                raise SystemExit(f"{tag}:{f}: no constant for gate `{ident}`")
            spec = applies(specs(lit[b:end]), k8s)
            i = end
            if spec is None:
                continue  # Not yet at this Kubernetes version.
            locked = "LockToDefault: true" in spec
            d = re.search(r"Default:\s*(true|false)", spec)
            if locked and not d:
                raise SystemExit(f"{tag}:{f}: locked gate `{name}` with a computed default")
            gates[name] = (d.group(1) == "true") if locked else None
    return f"{k8s[0]}.{k8s[1]}", gates


def main():
    repo = sys.argv[1]
    out = {
        "//": "@generated by tools/gen-kubelet-gates.py from the k8s.io tree each KubeEdge tag "
        "vendors; do not edit. Per Kubernetes minor: gate name -> null (settable) or the value "
        "it is locked to (setting the other value is fatal too).",
        "tags": {},
        "kubernetes": {},
        "gates": {},
    }
    for minor, tag in TAGS.items():
        k8s, gates = gates_at(repo, tag)
        out["tags"][str(minor)] = tag
        out["kubernetes"][str(minor)] = k8s
        prev = out["gates"].get(k8s)
        if prev is not None and prev != gates:
            raise SystemExit(f"{tag}: Kubernetes {k8s} gates differ between KubeEdge minors")
        out["gates"][k8s] = dict(sorted(gates.items()))
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
