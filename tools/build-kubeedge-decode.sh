#!/usr/bin/env bash
# Builds tools/kubeedge-decode (KubeEdge's YAML decoding, sigs.k8s.io/yaml) into
# target/kubeedge-decode from Debian packages only: no Go module download.
#   apt-get install -y golang-go golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$PWD/target/gocache" GOPROXY=off GOFLAGS=-mod=mod \
  go build -o target/kubeedge-decode ./tools/kubeedge-decode/main.go
echo "built target/kubeedge-decode"
