#!/usr/bin/env bash
# tests/tools/install.sh [BUILD_DIR]
#
# Installs the pinned test tools (package.json + package-lock.json next to this script:
# @microsoft/sarif-multitool 5.7.0 with its linux binary, ajv-cli 5.0.0, ajv-formats 3.0.1,
# @cloud-copilot/iam-simulate 0.1.173 for the differential policy test, AGPL-3.0: it is only
# ever run as a separate node process by tests/tools/iam-decide.mjs, never linked or vendored)
# with `npm ci` into $SESLINT_TOOLS_DIR (default: BUILD_DIR/tools, BUILD_DIR defaulting to
# <repo>/build). Idempotent: skips when that directory already holds an install made from the
# same lock file (sha256 recorded in .seslint-lock.sha256). Needs node + npm and registry access
# on the first run only; the tools themselves run offline.
# Install scripts are not run (--ignore-scripts); the only one in the tree (multitool-linux)
# does `chmod u+x` on its binary, which we do here instead.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=${1:-$REPO/build}
DIR=${SESLINT_TOOLS_DIR:-$BUILD/tools}

command -v npm >/dev/null || { echo "install.sh: npm not found (need node >= 18 and npm)" >&2; exit 2; }
hash=$(sha256sum "$HERE/package-lock.json" "$HERE/package.json" | sha256sum | cut -d' ' -f1)
MT=$DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
SIM=$DIR/node_modules/@cloud-copilot/iam-simulate/package.json
if [ -f "$DIR/.seslint-lock.sha256" ] && [ "$(cat "$DIR/.seslint-lock.sha256")" = "$hash" ] && [ -e "$MT" ] && [ -e "$SIM" ]; then
  echo "install.sh: tools already installed in $DIR"
  exit 0
fi

mkdir -p "$DIR"
rm -f "$DIR/.seslint-lock.sha256"
cp "$HERE/package.json" "$HERE/package-lock.json" "$DIR/"
npm ci --prefix "$DIR" --ignore-scripts --no-audit --no-fund
[ -e "$MT" ] || { echo "install.sh: $MT missing after npm ci (the multitool binary exists for linux only)" >&2; exit 1; }
chmod u+x "$MT"
[ -e "$SIM" ] || { echo "install.sh: $SIM missing after npm ci" >&2; exit 1; }
echo "$hash" > "$DIR/.seslint-lock.sha256"
echo "install.sh: tools installed in $DIR"
