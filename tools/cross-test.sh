#!/usr/bin/env bash
# The agent on ARM: builds the static linux/arm64 binary the way the Dockerfile does
# (cargo-zigbuild, target aarch64-unknown-linux-musl) and runs tests/agent.rs against it under
# qemu-aarch64 (Debian's qemu-user). Edge nodes are often ARM; the image itself cannot be built
# here (no Docker engine), this checks the binary in it.
#
# Installs what it needs: ziglang (PyPI), cargo-zigbuild (crates.io), the Rust target (rustup),
# qemu-user (Debian). If one of those cannot be installed it says so loudly and exits 3
# (.ci/run reports that as NOT RUN); a build or test failure exits non-zero as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=aarch64-unknown-linux-musl
not_run() { echo "== NOT RUN: tools/cross-test.sh: $*" >&2; exit 3; }

command -v python3 >/dev/null || not_run "python3 missing"
python3 -c 'import ziglang' 2>/dev/null || pip3 install -q ziglang==0.13.0.post1 || not_run "pip install ziglang failed"
command -v cargo-zigbuild >/dev/null || cargo install -q --locked cargo-zigbuild@0.19.8 || not_run "cargo install cargo-zigbuild failed"
ok=""
for i in 1 2 3; do
  if rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET" >/dev/null 2>&1; then ok=1; break; fi
  sleep 5
done
[ -n "$ok" ] || not_run "rustup target add $TARGET failed three times"
if ! command -v qemu-aarch64 >/dev/null; then
  { apt-get install -y -qq qemu-user >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user >/dev/null; }; } \
    || not_run "apt-get install qemu-user failed"
fi

echo "== cargo zigbuild --release --target $TARGET"
cargo zigbuild -q --release --locked -p edgecfg-cli --target "$TARGET" --target-dir target/cross
BIN="$PWD/target/cross/$TARGET/release/edgecfg"
file "$BIN" 2>/dev/null || true
ls -l "$BIN"
WRAP="$PWD/target/cross/edgecfg-aarch64"
printf '#!/bin/sh\nexec qemu-aarch64 %s "$@"\n' "$BIN" > "$WRAP"
chmod +x "$WRAP"
"$WRAP" --version | head -1
echo "== tests/agent.rs against the arm64 binary (qemu-aarch64)"
EDGECFG_TEST_BIN="$WRAP" cargo test -q --locked --test agent
