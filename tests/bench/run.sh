#!/usr/bin/env bash
# Speed and memory benchmark: lints a large tree (default: ../shared/corpus, ~21k files / 52 MB of
# real Terraform, CloudFormation and IAM JSON) with the release build and checks the targets.
#   bash tests/bench/run.sh [TREE] [--jobs N]
# Targets (2-core Debian 12 machine): whole corpus in <= 15 s wall, <= 1.5 GiB peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
tree="${1:-../shared/corpus}"
shift || true
bin="${SESLINT_BIN:-build/linter/seslint}"
[ -x "$bin" ] || { echo "bench: build first (bash .ci/setup)" >&2; exit 2; }
[ -d "$tree" ] || { echo "bench: no tree at $tree" >&2; exit 2; }
max_wall="${SESLINT_BENCH_MAX_WALL:-15}"
max_rss_kb="${SESLINT_BENCH_MAX_RSS_KB:-1572864}"
files=$(find "$tree" -type f \( -name '*.tf' -o -name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) | wc -l)
bytes=$(find "$tree" -type f \( -name '*.tf' -o -name '*.json' -o -name '*.yaml' -o -name '*.yml' -o -name '*.template' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
stats=$(mktemp)
set +e
/usr/bin/time -f '%e %M' -o "$stats" "$bin" --format json --fail-on never "$@" "$tree" > /dev/null
rc=$?
set -e
read -r wall rss_kb < "$stats"
rm -f "$stats"
mbps=$(awk -v b="$bytes" -v t="$wall" 'BEGIN { if (t > 0) printf "%.1f", b / 1048576 / t; else print "inf" }')
echo "bench: $files files, $((bytes / 1048576)) MiB in ${wall}s (${mbps} MiB/s), peak RSS $((rss_kb / 1024)) MiB, exit $rc"
ok=1
[ "$rc" -eq 0 ] || { echo "bench: FAIL seslint exited $rc" >&2; ok=0; }
awk -v w="$wall" -v m="$max_wall" 'BEGIN { exit !(w <= m) }' || { echo "bench: FAIL wall ${wall}s > ${max_wall}s" >&2; ok=0; }
[ "$rss_kb" -le "$max_rss_kb" ] || { echo "bench: FAIL RSS ${rss_kb} KiB > ${max_rss_kb} KiB" >&2; ok=0; }
((ok)) && echo "bench: targets met"
((ok))
