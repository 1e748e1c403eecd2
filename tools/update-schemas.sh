#!/usr/bin/env bash
# Regenerates the checked-in JSON Schemas from the Rust model (tests fail when they are stale).
set -euo pipefail
cd "$(dirname "$0")/.."
for kind in cloudcore edgecore; do
  cargo run -q -p edgecfg-cli -- schema "$kind" > "schemas/$kind.schema.json"
done
cargo run -q -p edgecfg-cli -- schema profile > schemas/profile.schema.json
