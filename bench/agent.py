#!/usr/bin/env python3
"""The fleet agent's resource use per run (release build): CPU time and peak RSS of one
`edgecfg agent` process, for a run that applies streams-on (restart method `none`, so only the
agent is measured) and for a run that finds it applied (the common case on every pod restart);
and the resident memory of the idle `--stay` process a DaemonSet pod keeps; and `fleet status`
over 10,000 Nodes.

Usage: python3 bench/agent.py [RUNS]   (default 50)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "edgecfg")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 50


def main():
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "edgecfg-cli"], cwd=ROOT, check=True)
    src = os.path.join(ROOT, "tests", "fixtures", "real", "edgecore-keadm-1.15-stale.yaml")
    tmp = tempfile.mkdtemp()
    try:
        conf = os.path.join(tmp, "etc", "kubeedge", "config")
        os.makedirs(conf)
        os.makedirs(os.path.join(tmp, "cfg"))
        with open(os.path.join(tmp, "cfg", "agent.yaml"), "w") as f:
            f.write("profiles: [streams-on]\nparams:\n  cloudAddress: 192.0.2.10\n")
        edgecore = os.path.join(conf, "edgecore.yaml")
        args = [BIN, "agent", "--config", os.path.join(tmp, "cfg", "agent.yaml"),
                "--edgecore", edgecore, "--node", "edge-1", "--restart", "none", "--api", "none",
                "--status-file", os.path.join(tmp, "status.json"),
                "--ready-file", os.path.join(tmp, "ready"),
                "--keadm-lock", os.path.join(tmp, "etc", "kubeedge", "idempotency_record")]

        out = os.path.join(tmp, "time.txt")

        def one():
            # Through GNU time: the agent is forked from a small process, so its peak RSS is its
            # own (a fork of Python would count Python's pages too).
            # CPU from wait4 on `time` (its own use, well under a millisecond, plus the agent's,
            # at microsecond resolution).
            p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", out] + args,
                                 stdout=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0
            return ru.ru_utime + ru.ru_stime, int(open(out).read().split()[-1])

        for label, reset in (("applies streams-on (writes, restart none)", True),
                             ("finds it applied (no write)", False)):
            cpu, rss, wall = [], [], []
            shutil.copy(src, edgecore)
            if not reset:
                one()
            for _ in range(RUNS):
                if reset:
                    shutil.copy(src, edgecore)
                    for f in ("status.json",):
                        p = os.path.join(tmp, f)
                        if os.path.exists(p):
                            os.remove(p)
                t = time.perf_counter()
                c, r = one()
                wall.append(time.perf_counter() - t)
                cpu.append(c)
                rss.append(r)
            cpu.sort(); wall.sort()
            print(f"agent run that {label}: CPU {sum(cpu)/len(cpu)*1000:.1f} ms mean "
                  f"(max {cpu[-1]*1000:.1f} ms), median wall {wall[len(wall)//2]*1000:.1f} ms, "
                  f"peak RSS {max(rss)/1024:.1f} MB ({RUNS} runs)")

        p = subprocess.Popen(args + ["--stay"], stdout=subprocess.DEVNULL)
        time.sleep(2)
        with open(f"/proc/{p.pid}/status") as f:
            rss = next(l for l in f if l.startswith("VmRSS:")).split()[1]
        with open(f"/proc/{p.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(fields[11]) + int(fields[12])) / ticks
        p.terminate()
        p.wait()
        print(f"idle --stay process after its run: VmRSS {int(rss)/1024:.1f} MB, CPU so far {cpu*1000:.0f} ms")
        # `fleet status` over 10,000 Nodes, with the agent configuration (expected per node).
        items = [{"kind": "Node", "metadata": {"name": f"edge-{i}", "labels": {
            "node-role.kubernetes.io/edge": ""}, "annotations": {}},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]}} for i in range(10000)]
        nodes = os.path.join(tmp, "nodes.json")
        with open(nodes, "w") as f:
            json.dump({"kind": "List", "items": items}, f)
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", out, BIN, "fleet", "status", nodes,
                        "--agent-config", os.path.join(tmp, "cfg", "agent.yaml")],
                       stdout=subprocess.DEVNULL)
        secs, kb = open(out).read().split()[-2:]
        print(f"fleet status, 10,000 Nodes with --agent-config: {secs} s, peak RSS {int(kb)/1024:.1f} MB")
        size = os.path.getsize(BIN)
        print(f"binary: {size/1e6:.1f} MB ({BIN})")
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
