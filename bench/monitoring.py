#!/usr/bin/env python3
"""Post-rendering kube-prometheus-stack with its CRDs: edgecfg vs `cat` through a pipe.

Usage: python3 bench/monitoring.py [RUNS]   (needs ../shared and tools/install-test-tools.sh)

Renders the kube-prometheus-stack fixture (../shared/fixtures/charts, or $EDGECFG_SHARED) with
Helm 3 and --include-crds once (its missing dependency charts dropped from a temporary copy, as
tests/helm_e2e.rs does), then prints the median wall time of `cat` and of
`edgecfg post-render -p edge-monitoring` on that stream, both reading a pipe.
Target (issue 11): within 3x of cat.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("EDGECFG_SHARED", os.path.join(ROOT, "..", "shared"))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
subprocess.run(["cargo", "build", "--release", "-q", "-p", "edgecfg-cli"], cwd=ROOT, check=True)
BIN = os.path.join(ROOT, "target", "release", "edgecfg")
HELM = os.path.join(ROOT, "target", "tools", "bin", "helm3")

tmp = tempfile.mkdtemp()
chart = os.path.join(tmp, "kube-prometheus-stack")
shutil.copytree(os.path.join(SHARED, "fixtures", "charts", "kube-prometheus-stack"), chart)
text = open(os.path.join(chart, "Chart.yaml")).read()
head, deps = text.split("dependencies:\n", 1)
blocks = re.split(r"\n(?=  - name: )", deps)
kept = [b for b in blocks if b.startswith("  - name: ") and os.path.isdir(
    os.path.join(chart, "charts", b.split("\n")[0][len("  - name: "):].strip()))]
open(os.path.join(chart, "Chart.yaml"), "w").write(head + "dependencies:\n" + "\n".join(kept) + "\n")
env = dict(os.environ, HELM_CACHE_HOME=tmp + "/c", HELM_CONFIG_HOME=tmp + "/f", HELM_DATA_HOME=tmp + "/d")
sets = ["grafana.enabled=false", "kube-state-metrics.enabled=false", "kubeStateMetrics.enabled=false",
        "prometheus-node-exporter.enabled=false", "nodeExporter.enabled=false",
        "windowsMonitoring.enabled=false", "prometheus-windows-exporter.enabled=false"]
args = [HELM, "template", "kps", chart, "-n", "monitoring", "--include-crds"]
for s in sets:
    args += ["--set", s]
stream = subprocess.run(args, env=env, check=True, capture_output=True).stdout
path = os.path.join(tmp, "kps.yaml")
open(path, "wb").write(stream)
ndocs = stream.count(b"\n---\n") + 1
print(f"kube-prometheus-stack --include-crds: {len(stream):,} bytes, "
      f"{ndocs} documents; {RUNS} runs each, median wall time")


def median(cmd):
    times = []
    for _ in range(RUNS):
        with open(path, "rb") as f:
            t0 = time.perf_counter()
            p = subprocess.Popen(["cat"], stdin=f, stdout=subprocess.PIPE)
            subprocess.run(cmd, stdin=p.stdout, stdout=subprocess.DEVNULL, check=True)
            p.wait()
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


cat = median(["cat"])
ours = median([BIN, "post-render", "-p", "edge-monitoring"])
print(f"cat                                 {cat * 1000:7.1f} ms")
print(f"edgecfg post-render edge-monitoring {ours * 1000:7.1f} ms  ({ours / cat:.1f}x cat)")
shutil.rmtree(tmp)
