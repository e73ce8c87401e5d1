#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/CMakeLists.txt) with clang-14 into build-fuzz/ and runs each
# for a bounded time, one after another, starting from the seed corpus in fuzz/corpus/<target>/.
#   bash fuzz/run.sh                      # every target, 60 s each
#   bash fuzz/run.sh --seconds 900 hcl    # one target, 15 minutes
# New interesting inputs go to build-fuzz/corpus/<target>/ (not committed); a crash, leak or
# timeout (>10 s per input) is saved as build-fuzz/artifacts/<target>-* and fails the script.
# Each run's last status line (executions, cov: edges, ft: features) is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
((${#targets[@]})) || targets=(hcl yaml json embedded_policy pipeline)
build="${SESLINT_FUZZ_BUILD_DIR:-build-fuzz}"
CC="${CC:-clang-14}" CXX="${CXX:-clang++-14}" cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSESLINT_FUZZ=ON -DSESLINT_BUILD_TESTS=OFF -DSESLINT_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
mkdir -p "$build/artifacts"
summary=()
status=0
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t"
  log="$build/fuzz-$t.log"
  echo "fuzz: $t for ${seconds}s" >&2
  if ! ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
      "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" "$build/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
    status=1
    echo "fuzz: $t FAILED, see $log and $build/artifacts/" >&2
    grep -E "ERROR|SUMMARY|invariant|Test unit written" "$log" | head -20 >&2 || true
  fi
  last=$(grep -E "^#[0-9]+" "$log" | tail -1 || true)
  summary+=("$t: ${last:-no status line}")
done
printf 'fuzz summary: %s\n' "${summary[@]}"
exit "$status"
