#!/usr/bin/env bash
# pre-commit entry point: runs seslint on the given files (or the repository when none are given).
# Uses $SESLINT_BIN, else `seslint` on PATH, else builds seslint once in this hook repository.
set -euo pipefail
hook_repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SESLINT_BIN:-}"
if [ -z "$bin" ]; then
  if command -v seslint >/dev/null 2>&1; then
    bin="$(command -v seslint)"
  else
    bin="$hook_repo/build/linter/seslint"
    if [ ! -x "$bin" ]; then
      echo "seslint: building seslint in $hook_repo (first run only)" >&2
      cmake -S "$hook_repo" -B "$hook_repo/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSESLINT_BUILD_TESTS=OFF >&2
      cmake --build "$hook_repo/build" --target seslint >&2
    fi
  fi
fi
if [ "$#" -eq 0 ]; then
  exec "$bin" .
fi
exec "$bin" "$@"
