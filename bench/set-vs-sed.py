#!/usr/bin/env python3
"""Median process time of `edgecfg set` and `edgecfg apply` next to `sed -i` on the bundled example.

Usage: python3 bench/set-vs-sed.py [RUNS]   (builds the release binary first)

Both commands flip `modules.edgeStream.enable` in a fresh copy of examples/edgecore.yaml on
every run, so each run really writes. Prints wall-clock medians and quartiles in milliseconds.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
subprocess.run(["cargo", "build", "--release", "-q", "-p", "edgecfg-cli"], cwd=ROOT, check=True)
BIN = os.path.join(ROOT, "target", "release", "edgecfg")
EXAMPLE = os.path.join(ROOT, "examples", "edgecore.yaml")

COMMANDS = {
    "edgecfg set": lambda f: [BIN, "set", f, "modules.edgeStream.enable=true"],
    "edgecfg apply": lambda f: [BIN, "apply", "-p", "streams-on", "--param", "cloudAddress=192.0.2.10", f],
    # The positional sed that install scripts use today: the first `enable: false` after
    # `edgeStream:`.
    "sed -i": lambda f: ["sed", "-i", "/edgeStream:/,/enable:/ s/enable: false/enable: true/", f],
    # What `apply -p streams-on` changes on this file, done with sed.
    "sed -i (2 edits)": lambda f: ["sed", "-i", "-e", "/edgeStream:/,/enable:/ s/enable: false/enable: true/",
                                   "-e", "/edgeStream:/,/server:/ s/server: 127.0.0.1:10004/server: 192.0.2.10:10004/", f],
}


def measure(make):
    times = []
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "edgecore.yaml")
        for _ in range(RUNS):
            shutil.copyfile(EXAMPLE, f)
            t = time.perf_counter()
            subprocess.run(make(f), check=True, stderr=subprocess.DEVNULL)
            times.append((time.perf_counter() - t) * 1000)
        with open(f) as fh:
            assert "enable: true" in fh.read().split("edgeStream:")[1].split("\n")[1]
    q = statistics.quantiles(times, n=4)
    return statistics.median(times), q[0], q[2]


print(f"{RUNS} runs each, file {os.path.getsize(EXAMPLE)} bytes")
for name, make in COMMANDS.items():
    med, q1, q3 = measure(make)
    print(f"{name:18s} median {med:6.2f} ms  (q1 {q1:.2f}, q3 {q3:.2f})")
