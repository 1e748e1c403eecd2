#!/usr/bin/env python3
"""Speed targets of the decoding issue (issue 22, deliver 4), one process each, release build:

- `apply --check -q -p edgemesh DIR` on N copies (default 2,000) of a realistic ~150-line
  commented edgecore.yaml (KubeEdge 1.23's `edgecore --minconfig` output from ../shared, with
  the comments an operator adds, a node name and address per copy)   target >= 2,000 files/s
- `validate -q DIR` on the same files                                   target >= 3,000 files/s
- `post-render -p metrics-server` of a ~10 MiB Helm stream through a pipe, against `cat`
  through the same pipe (the stream of bench/post-render.py)           target <= 2x cat

Prints wall time, user CPU seconds, files/s (the median of RUNS runs, default 5) and peak
memory (max RSS, GNU time) of each process. Usage: python3 bench/speed.py [N] [RUNS]
The shared folder is ../shared beside the project or $EDGECFG_SHARED.
"""
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("EDGECFG_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
subprocess.run(["cargo", "build", "--release", "-q", "-p", "edgecfg-cli"], cwd=ROOT, check=True)
BIN = os.path.join(ROOT, "target", "release", "edgecfg")

MIN = os.path.join(SHARED, "fixtures/kubeedge/generated/edgecore--minconfig.stdout.yaml")
if not os.path.exists(MIN):
    sys.exit(f"not found: {MIN} (set EDGECFG_SHARED to the shared/ folder)")


def commented(text, i):
    """The minconfig text as an operator keeps it: a comment above each module and a few
    trailing comments, this node's name and addresses."""
    out = [f"# edge node edge-{i:05d}, site s{i // 100:03d}; managed by ops (change 4{i:04d})"]
    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("  ") and not line.startswith("   ") and stripped.endswith(":"):
            out.append(f"  # {stripped[:-1]}: reviewed 2026-11, see the runbook")
        if stripped.startswith("hostnameOverride:"):
            line = line.replace("edge-node", f"edge-{i:05d}") + "  # = the node name"
            out.append(f"    nodeIP: 10.0.{i // 256 % 256}.{i % 256}")
        elif stripped == "enable: false" and out[-1].strip() == "edgeHub:":
            line = line.replace("false", "true") + "  # keadm join turns the hub on"
        elif "192.168.0.10" in line:
            line = line.replace("192.168.0.10", "192.0.2.10") + "  # cloudcore's address"
        elif stripped.startswith(("heartbeat:", "maxPods:", "cgroupDriver:", "readOnlyPort:")):
            line += "  # default"
        out.append(line)
    return "\n".join(out) + "\n"


def run(label, args, n, expect, stdin=None):
    """Median over RUNS of one process's wall time and user CPU (os.wait4). Its output goes to
    a pipe that is drained, as Helm reads a post-renderer's output. Peak memory comes from one
    more run under GNU time (the rusage of a child forked from this Python process would count
    the parent's pages)."""
    walls, users = [], []
    for _ in range(RUNS):
        with open(stdin or os.devnull, "rb") as fin, tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            p = subprocess.Popen(args, stdin=fin, stdout=subprocess.PIPE, stderr=err)
            while p.stdout.read(1 << 20):
                pass
            _, status, ru = os.wait4(p.pid, 0)
            walls.append(time.perf_counter() - t0)
            code = os.waitstatus_to_exitcode(status)
            if code != expect:
                err.seek(0)
                sys.exit(f"{label}: exit {code} (expected {expect})\n{err.read().decode()[-2000:]}")
        users.append(ru.ru_utime)
    with open(stdin or os.devnull, "rb") as fin:
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, stdin=fin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        rss_kib = int(p.stderr.decode().strip().splitlines()[-1])
    wall = statistics.median(walls)
    rate = f"{n / wall:7.0f} files/s" if n else " " * 15
    print(f"{label:<46} {wall * 1000:8.1f} ms wall  {statistics.median(users):5.2f} s user  "
          f"{rate}  {rss_kib / 1024:5.0f} MiB")
    return wall


with tempfile.TemporaryDirectory(prefix="edgecfg-speed-") as tmp:
    base = open(MIN).read()
    nodes = os.path.join(tmp, "nodes")
    os.makedirs(nodes)
    lines = []
    for i in range(N):
        text = commented(base, i)
        lines.append(text.count("\n"))
        with open(os.path.join(nodes, f"edge-{i:05d}.yaml"), "w") as f:
            f.write(text)
    print(f"{N} files of {min(lines)}-{max(lines)} lines "
          f"({sum(t.count('#') for t in [commented(base, 0)])} comments each); {RUNS} runs, median")
    apply = run("apply --check -q -p edgemesh (would change)",
                [BIN, "apply", "--check", "-q", "-p", "edgemesh", nodes], N, 1)
    validate = run("validate -q", [BIN, "validate", "-q", nodes], N, 0)

    spec = importlib.util.spec_from_file_location("pr", os.path.join(ROOT, "bench", "post-render.py"))
    src = open(spec.origin).read()
    # Only the stream builder of bench/post-render.py (its module body runs the whole bench).
    ns = {}
    exec(src[src.index("FILLER = ["):src.index("def measure(")], ns)
    big, docs = ns["stream"](10 * 1024 * 1024)
    path = os.path.join(tmp, "stream.yaml")
    with open(path, "w") as f:
        f.write(big)
    del big
    mib = os.path.getsize(path) / 1024 / 1024
    cat = run(f"cat of the {mib:.1f} MiB stream ({docs} documents)", ["cat"], 0, 0, stdin=path)
    pr = run("post-render -p metrics-server", [BIN, "post-render", "-p", "metrics-server"], 0, 0,
             stdin=path)
    print(f"\napply --check: {N / apply:.0f} files/s (target >= 2,000)")
    print(f"validate:      {N / validate:.0f} files/s (target >= 3,000)")
    print(f"post-render:   {pr / cat:.2f}x cat (target <= 2x)")
