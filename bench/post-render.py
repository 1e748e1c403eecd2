#!/usr/bin/env python3
"""Post-renderer throughput: a generated Helm-3-style stream (~10 MiB, ~20,000 documents, with a
metrics-server Deployment and the cloudcore chart's ConfigMap inside).

Prints the median wall time and the peak memory (max RSS) of
  - `cat` of the stream,
  - `edgecfg post-render` (default profiles),
and, on a ~1 MiB version, `kubectl kustomize` applying an equivalent args patch next to
`edgecfg post-render` on the same stream.

Usage: python3 bench/post-render.py [RUNS]   (needs tools/install-test-tools.sh for kubectl)
"""
import os
import statistics
import subprocess
import sys
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["cargo", "build", "--release", "-q", "-p", "edgecfg-cli"], cwd=ROOT, check=True)
BIN = os.path.join(ROOT, "target", "release", "edgecfg")
KUBECTL = os.path.join(ROOT, "target", "tools", "bin", "kubectl")
OUT = os.path.join(ROOT, "target", "bench")
os.makedirs(OUT, exist_ok=True)

FILLER = [
    """---
# Source: app/templates/configmap-{i}.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config-{i}
  labels:
    app.kubernetes.io/name: app
    app.kubernetes.io/instance: release-{i}
data:
  settings.yaml: |
    logLevel: info   # trailing comment
    replicas: {i}
    features: [a, b, c]
  motd: "hello, world {i}"
""",
    """---
# Source: app/templates/service-{i}.yaml
apiVersion: v1
kind: Service
metadata:
  name: app-svc-{i}
  labels:
    app.kubernetes.io/name: app
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: app
    app.kubernetes.io/instance: release-{i}
  ports:
  - name: http
    port: 80
    targetPort: 8080
    protocol: TCP
""",
    """---
# Source: app/templates/deployment-{i}.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: app-{i}}}
  template:
    metadata:
      labels: {{app: app-{i}}}
    spec:
      containers:
      - name: web
        image: registry.example/web:1.{i}
        args: ["--port=8080", "--log-level=info"]
        ports:
        - containerPort: 8080
""",
]

METRICS = """---
# Source: metrics-server/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-server
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: metrics-server
  template:
    metadata:
      labels:
        k8s-app: metrics-server
    spec:
      containers:
      - name: metrics-server
        image: registry.k8s.io/metrics-server/metrics-server:v0.8.1
        args:
        - --cert-dir=/tmp
        - --secure-port=10250
        - --metric-resolution=15s
        ports:
        - containerPort: 10250
          name: https
          protocol: TCP
"""

CLOUDCORE = """---
# Source: cloudcore/templates/configmap_cloudcore.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cloudcore
data:
  cloudcore.yaml: |
    apiVersion: cloudcore.config.kubeedge.io/v1alpha2
    kind: CloudCore
    modules:
      cloudHub:
        advertiseAddress:
        - 192.0.2.10
        nodeLimit: 1000
      cloudStream:
        enable: false
"""


def stream(target_bytes):
    parts, size, i = [], 0, 0
    while size < target_bytes:
        if i == 100:
            parts.append(METRICS)
        if i == 200:
            parts.append(CLOUDCORE)
        doc = FILLER[i % 3].format(i=i)
        parts.append(doc)
        size += len(doc)
        i += 1
    return "".join(parts), i + 2


def measure(cmd, stdin_path, cwd=None):
    """Median wall seconds and max peak RSS (KiB, from GNU time: the Python parent's memory
    would pollute getrusage) over RUNS runs. Output goes to a pipe that is drained, as Helm
    reads a post-renderer's output."""
    walls, rss = [], []
    for _ in range(RUNS):
        with open(stdin_path, "rb") as fin:
            t = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdin=fin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=cwd)
            walls.append(time.perf_counter() - t)
            if p.returncode != 0:
                raise SystemExit(f"{cmd} failed: {p.stderr.decode()}")
            rss.append(int(p.stderr.decode().strip().splitlines()[-1]))
    return statistics.median(walls), max(rss)


big, n_big = stream(10 * 1024 * 1024)
big_path = os.path.join(OUT, "stream-10m.yaml")
open(big_path, "w").write(big)
size_mib = os.path.getsize(big_path) / 1024 / 1024
print(f"stream: {size_mib:.1f} MiB, {n_big} documents, {RUNS} runs each")
cat_wall, cat_rss = measure(["cat"], big_path)
ec_wall, ec_rss = measure([BIN, "post-render"], big_path)
print(f"  cat                  median {cat_wall*1000:8.1f} ms   peak RSS {cat_rss/1024:7.1f} MiB")
print(f"  edgecfg post-render  median {ec_wall*1000:8.1f} ms   peak RSS {ec_rss/1024:7.1f} MiB")
print(f"  edgecfg / cat wall: {ec_wall/cat_wall:.2f}x   edgecfg peak RSS / input: {ec_rss/1024/size_mib:.2f}x")
out = subprocess.run([BIN, "post-render"], stdin=open(big_path, "rb"), capture_output=True, check=True).stdout.decode()
assert "--secure-port=4443" in out and out.count("\n---") == big.count("\n---"), "targets changed, all documents kept"

small, n_small = stream(1024 * 1024)
kdir = os.path.join(OUT, "kustomize")
os.makedirs(kdir, exist_ok=True)
small_path = os.path.join(kdir, "stream-1m.yaml")
open(small_path, "w").write(small)
open(os.path.join(kdir, "kustomization.yaml"), "w").write(
    """resources:
- stream-1m.yaml
patches:
- target: {kind: Deployment, name: metrics-server}
  patch: |
    - op: replace
      path: /spec/template/spec/containers/0/args/1
      value: --secure-port=4443
    - op: add
      path: /spec/template/spec/containers/0/args/-
      value: --kubelet-use-node-status-port
"""
)
print(f"stream: {os.path.getsize(small_path)/1024/1024:.1f} MiB, {n_small} documents")
if os.path.exists(KUBECTL):
    k_wall, k_rss = measure([KUBECTL, "kustomize", kdir], small_path)
    e_wall, e_rss = measure([BIN, "post-render"], small_path)
    print(f"  kubectl kustomize    median {k_wall*1000:8.1f} ms   peak RSS {k_rss/1024:7.1f} MiB")
    print(f"  edgecfg post-render  median {e_wall*1000:8.1f} ms   peak RSS {e_rss/1024:7.1f} MiB")
    print(f"  kustomize / edgecfg wall: {k_wall/e_wall:.0f}x")
else:
    print("  kubectl not installed (tools/install-test-tools.sh); kustomize comparison skipped")
