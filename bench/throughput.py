#!/usr/bin/env python3
"""Throughput: one edgecfg process over a directory of many small edgecore.yaml files.

Usage: python3 bench/throughput.py [N]   (default N = 10000; builds the release binary first)

Generates N edgecore.yaml files (a keadm-style minimal config per node: its own node name,
node IP and cloud address) in a temporary directory and prints, for one process:
- `validate DIR -q`
- `apply --check -q -p streams-on --param cloudAddress=... DIR` (every file would change)
- `apply --check` again after the profile was applied (every file unchanged)
- `apply -q -p streams-on ... DIR` (writes every file: fsync + rename per file)
- `check -q` of the N files against a cloud config
with wall seconds, user and system CPU seconds, files per second and peak memory (of that
process).
Target (issue 14): validate and apply --check >= 2,000 files/s on one core; apply that writes
is bounded by fsync, not CPU.
"""
import os
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
    """Runs one edgecfg process; its own rusage (os.wait4), not the children's total."""
    t0 = time.perf_counter()
    p = subprocess.Popen([BIN] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    user, system = ru.ru_utime, ru.ru_stime
    if code != expect:
        print(f"{label}: exit {code} (expected {expect})\n{err[-2000:]}")
        sys.exit(1)
    last = (err.strip().splitlines() or [""])[-1]
    print(f"{label:<34} {wall:6.2f} s wall  {user:5.2f} s user {system:5.2f} s sys  "
          f"{N / wall:6.0f} files/s  {N / user:6.0f} files/user-CPU-s  {ru.ru_maxrss / 1024:4.0f} MB"
          f"   [{last[:80]}]")


profile = ["-p", "streams-on", "--param", "cloudAddress=192.0.2.10"]
print(f"{N} files under {nodes}; one process each; release build")
# check: the nodes against a cloud config (edgeStream is off in the template: exit 1).
cloud = os.path.join(tmp, "cloudcore.yaml")
shutil.copy(os.path.join(ROOT, "tests/fixtures/system/cloudcore.yaml"), cloud)
run("check -q (nodes + cloud config)", ["check", "-q", cloud, nodes], 1)
run("validate", ["validate", nodes], 0)
run("apply --check (all would change)", ["apply", "--check", "-q"] + profile + [nodes], 1)
work = os.path.join(tmp, "work")
shutil.copytree(nodes, work)
run("apply (writes every file)", ["apply", "-q"] + profile + [work], 0)
run("apply --check (all unchanged)", ["apply", "--check", "-q"] + profile + [work], 0)
shutil.rmtree(tmp)
