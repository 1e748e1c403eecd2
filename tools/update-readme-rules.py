#!/usr/bin/env python3
"""Rewrites the README's two rule tables (between <!-- rules:* --> and <!-- check-rules:* -->)
from the library's registry, as `edgecfg explain --format markdown` prints them
(tests/schemas.rs fails while they are stale)."""
import pathlib
import subprocess

root = pathlib.Path(__file__).resolve().parent.parent
out = subprocess.run(
    ["cargo", "run", "-q", "-p", "edgecfg-cli", "--", "explain", "--format", "markdown"],
    cwd=root, check=True, capture_output=True, text=True,
).stdout
validate, check = out.split("Rules of `check` (across the files of a system):\n\n")
validate = validate.split("Rules of `validate` (one file at a time):\n\n")[1].rstrip("\n") + "\n"
readme = (root / "README.md").read_text()
for marker, table in (("rules", validate), ("check-rules", check)):
    start, end = f"<!-- {marker}:start -->\n", f"<!-- {marker}:end -->"
    a = readme.index(start) + len(start)
    b = readme.index(end)
    readme = readme[:a] + table + readme[b:]
(root / "README.md").write_text(readme)
