#!/usr/bin/env bash
# Benchmark (not a test): the daily Spark batch over N generated interactions (default 10 M).
# Starts a local stack in its own data directory (default ports: stop another stack first),
# generates N events over a year for --citizens residents into Kafka, ingests them with the
# bounded Flink job, then runs each batch job for today (the run that folds everything ingested
# today, i.e. the heaviest day) in its own Spark JVM, timed with GNU time: wall time of the job
# (Spark start-up included; the job's own time is in its "done in" line) and the peak RSS of the
# Spark JVM. A second `all` run shows the steady-state rerun of the same date.
# Usage: bench/batch-daily.sh [EVENTS] [CITIZENS]      (default 10000000 1000000)
#        BENCH_DIR=/path/with/space to keep the data (default: a temporary folder, deleted at the end)
#        HEAP=4g for the Spark JVM (default 3g)
#        JOBS="cases sla profile" the jobs to time, in this order (default: every job; profile needs sla,
#        segments needs profile, clusters needs profile for the same date)
#        RERUN=0 to skip the final `all` rerun
# A 10 M load needs a larger ingest heap: CIVIC_STACK_INGEST_HEAP=4g (see docs/deployment.md, Sizing).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${1:-10000000}"
CITIZENS="${2:-1000000}"
HEAP="${HEAP:-3g}"
DIR="${BENCH_DIR:-$(mktemp -d)}"
./civic --help >/dev/null   # build first, so the build is not measured
civic() { ./civic "$@" --data-dir "$DIR"; }
cleanup() { civic stack down >/dev/null 2>&1 || true; [ -n "${BENCH_DIR:-}" ] || rm -rf "$DIR"; }
trap cleanup EXIT
today=$(TZ=Europe/Rome date +%F)

civic stack up --no-ingest
t0=$(date +%s)
civic generate --events "$EVENTS" --citizens "$CITIZENS" --days 365 --seed 2026 | tail -3
t1=$(date +%s)
civic ingest --parallelism 2 --checkpoint-interval-ms 10000 | grep -E "INGEST-SUMMARY|read =" || true
t2=$(date +%s)
echo "generate: $((t1 - t0)) s, ingest: $((t2 - t1)) s"

run() { # job label
  local log; log=$(mktemp)
  /usr/bin/time -v ./civic batch run "$1" --date "$today" --heap "$HEAP" --data-dir "$DIR" >"$log" 2>&1 || { cat "$log"; exit 1; }
  grep -E "done in|batch done" "$log" | sed 's/^/  /'
  awk -v j="$2" '/Elapsed \(wall clock\)/ {w=$NF} /Maximum resident set size/ {m=$NF}
    END {printf "%-22s wall %s, peak RSS %.2f GiB\n", j, w, m / 1048576}' "$log"
  rm -f "$log"
}
for job in ${JOBS:-cases sla contacts deflection satisfaction profile segments clusters}; do run "$job" "$job"; done
[ "${RERUN:-1}" = 0 ] || run all "all (rerun)"
civic sql "SELECT (SELECT count(*) FROM raw.interactions) AS interactions, (SELECT count(*) FROM core.cases) AS cases,
  (SELECT count(*) FROM mart.sla_period) AS sla_period_rows, (SELECT count(*) FROM mart.contact_resolution) AS contact_resolution_rows" || true
civic sql "SELECT (SELECT count(*) FROM core.citizen_profile) AS profile_rows, (SELECT count(*) FROM activation.segment_membership) AS memberships,
  (SELECT sum(file_size_in_bytes) FROM \"core\".\"citizen_profile\$files\") AS profile_bytes" || true
