#!/usr/bin/env bash
# pre-commit entry point: runs seslint on the given files (or the repository when none are given).
# Uses $SESLINT_BIN, else `seslint` on PATH, else builds seslint once in this hook repository.
#
# pre-commit calls `hook ARGS... FILES...`. File names go to seslint after `--`, so a committed
# file named `--exclude=*.tf` is linted as a file: the trailing arguments that name existing
# files are the files, except a value of an option that takes one (`--baseline b.json`). ARGS
# may also end with `--` themselves.
set -euo pipefail
hook_repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${SESLINT_BIN:-}"
if [ -z "$bin" ]; then
  if command -v seslint >/dev/null 2>&1; then
    bin="$(command -v seslint)"
  else
    bin="$hook_repo/build/linter/seslint"
    if [ ! -x "$bin" ]; then
      jobs="$(nproc 2>/dev/null || echo 2)"
      echo "seslint: not on PATH and SESLINT_BIN is unset; building it once in $hook_repo" >&2
      echo "seslint: this takes a few minutes (about 3 on 2 cores) and needs cmake, ninja, g++ and the Debian packages in README.md" >&2
      cmake -S "$hook_repo" -B "$hook_repo/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSESLINT_BUILD_TESTS=OFF >&2
      cmake --build "$hook_repo/build" --target seslint -j "$jobs" >&2
      echo "seslint: built $bin" >&2
    fi
  fi
fi

args=("$@")
n=${#args[@]}
for a in "${args[@]}"; do
  [ "$a" = "--" ] && exec "$bin" "${args[@]}"
done
# Options whose value is the next argument (a value is never taken for a file name).
takes_value() {
  case "$1" in
    -f|--format|--fail-on|-j|--jobs|--exclude|--select|--ignore|--color|--var|--var-file|--parameter|--config|\
    --per-path-ignore|--severity|--stdin-filename|--baseline|--write-baseline|--output-file|--workspace|\
    --module-dir|--plan|--sarif-category|--root) return 0 ;;
  esac
  return 1
}
first=$n
while [ "$first" -gt 0 ]; do
  a="${args[$((first - 1))]}"
  [ -f "$a" ] || break
  if [ "$first" -ge 2 ] && takes_value "${args[$((first - 2))]}"; then break; fi
  first=$((first - 1))
done
if [ "$first" -eq "$n" ]; then
  # No file names: the whole repository (the seslint-repo hook).
  exec "$bin" "${args[@]}" -- .
fi
exec "$bin" "${args[@]:0:$first}" -- "${args[@]:$first}"
