#!/usr/bin/env bash
# Benchmark (not a test): wall time of `civic demo` and the peak memory of the whole stack.
# Samples, once a second, the summed resident memory of every process of the stack (the civic CLI
# and each engine JVM, recognised by -Dcivic.service / civic.home on their command lines).
# Usage: bench/demo-footprint.sh [demo options, e.g. --events 200000]
set -euo pipefail
cd "$(dirname "$0")/.."
./civic --help >/dev/null   # build first, so the build is not measured
samples=$(mktemp)
(
  while true; do
    ps -eo rss=,args= | awk '/civic\.(service|home)=/ && !/awk/ {s+=$1} END {print s+0}' >> "$samples"
    sleep 1
  done
) &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT
start=$(date +%s.%N)
./civic demo --exit "$@"
end=$(date +%s.%N)
kill $sampler 2>/dev/null || true
peak_kb=$(sort -n "$samples" | tail -1)
awk -v s="$start" -v e="$end" -v p="$peak_kb" -v n="$(wc -l < "$samples")" 'BEGIN {
  printf "\nbenchmark: demo wall time %.1f s, peak RSS of the whole stack %.2f GiB (%d samples)\n", e - s, p / 1048576, n }'
rm -f "$samples"
