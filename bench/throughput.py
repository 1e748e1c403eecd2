#!/usr/bin/env python3
"""Throughput: one edgecfg process over a directory of many small edgecore.yaml files.

Usage: python3 bench/throughput.py [N]   (default N = 10000; builds the release binary first)

Generates N edgecore.yaml files (a keadm-style minimal config per node: its own node name,
node IP and cloud address) in a temporary directory and prints, for one process:
- `validate DIR -q`
- `apply --check -q -p streams-on --param cloudAddress=... DIR` (every file would change)
- `apply --check` again after the profile was applied (every file unchanged)
- `apply -q -p streams-on ... DIR` (writes every file: fsync + rename per file)
with wall seconds, user+system CPU seconds and files per second (of wall and of CPU).
Target (issue 14): validate and apply --check >= 2,000 files/s on one core; apply that writes
is bounded by fsync, not CPU.
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["cargo", "build", "--release", "-q", "-p", "edgecfg-cli"], cwd=ROOT, check=True)
BIN = os.path.join(ROOT, "target", "release", "edgecfg")
N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000

TEMPLATE = """apiVersion: edgecore.config.kubeedge.io/v1alpha2
kind: EdgeCore
# keadm join --cloudcore-ipport=192.0.2.10:10000 (site {site})
modules:
  edgeHub:
    enable: true
    heartbeat: 15
    httpServer: https://192.0.2.10:10002
    websocket:
      enable: true
      server: 192.0.2.10:10000
    token: ""
  edged:
    enable: true
    hostnameOverride: {node}
    nodeIP: {ip}
{runtime}    tailoredKubeletConfig:
      cgroupDriver: systemd
      clusterDNS:
      - 169.254.96.16
      clusterDomain: cluster.local
  edgeStream:
    enable: false
    handshakeTimeout: 30
    server: 192.0.2.10:10004
  metaManager:
    metaServer:
      enable: false
"""

tmp = tempfile.mkdtemp(prefix="edgecfg-throughput-")
nodes = os.path.join(tmp, "nodes")
for i in range(N):
    site = f"s{i // 100:03d}"
    d = os.path.join(nodes, site)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"edge-{i:05d}.yaml"), "w") as f:
        # Every other node still carries `containerRuntime: remote` (KubeEdge <= 1.17; its keys
        # then fit 1.12-1.17 and are checked as 1.17); the others fit 1.23.
        runtime = "    containerRuntime: remote\n" if i % 2 else ""
        f.write(TEMPLATE.format(site=site, node=f"edge-{i:05d}", runtime=runtime,
                                ip=f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"))


def run(label, args, expect):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([BIN] + args, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    cpu = user + system
    if p.returncode != expect:
        print(f"{label}: exit {p.returncode} (expected {expect})\n{p.stderr[-2000:]}")
        sys.exit(1)
    last = (p.stderr.strip().splitlines() or [""])[-1]
    print(f"{label:<34} {wall:6.2f} s wall  {user:5.2f} s user {system:5.2f} s sys  "
          f"{N / wall:6.0f} files/s  {N / user:6.0f} files/user-CPU-s   [{last}]")


profile = ["-p", "streams-on", "--param", "cloudAddress=192.0.2.10"]
print(f"{N} files under {nodes}; one process each; release build")
run("validate", ["validate", nodes], 0)
run("apply --check (all would change)", ["apply", "--check", "-q"] + profile + [nodes], 1)
work = os.path.join(tmp, "work")
shutil.copytree(nodes, work)
run("apply (writes every file)", ["apply", "-q"] + profile + [work], 0)
run("apply --check (all unchanged)", ["apply", "--check", "-q"] + profile + [work], 0)
shutil.rmtree(tmp)
