#!/usr/bin/env bash
# Builds tools/kubeedge-decode (KubeEdge's YAML decoding, sigs.k8s.io/yaml) into
# target/kubeedge-decode from Debian packages only: no Go module download.
#   apt-get install -y golang-go golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev
# The reference mode's structs are generated from ../shared's default dumps
# (tools/gen-kubeedge-decode.py; EDGECFG_SHARED overrides the pack's place).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${EDGECFG_SHARED:-$PWD/../shared}"
src=target/kubeedge-decode-src
rm -rf "$src"
mkdir -p "$src"
cp tools/kubeedge-decode/*.go "$src/"
python3 tools/gen-kubeedge-decode.py --versions "$shared/fixtures/kubeedge/versions" "$src/zz_generated.go"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PWD/target/gocache" GOPROXY=off GOFLAGS=-mod=mod \
  go build -o target/kubeedge-decode "./$src"
echo "built target/kubeedge-decode"
