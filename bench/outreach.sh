#!/usr/bin/env bash
# Benchmark (not a test): the outreach job on a lake made by bench/batch-daily.sh, e.g.
#   BENCH_DIR=/data/bench JOBS="cases sla profile segments" RERUN=0 bench/batch-daily.sh 10000000 1000000
#   BENCH_DIR=/data/bench bench/outreach.sh
# Gives every identified citizen of today's profiles consents as a CRM import would (app_io 60 %,
# email 45 %, sms 25 %, call 15 %, by a hash of the key; written through Trino), then times, in its
# own Spark JVM with GNU time (wall time with Spark start-up, peak RSS): a dry run, the first run
# (every list entry is added and exported to the outbox and Kafka) and a rerun of the same date
# (same lists, empty deltas). Prints the per-campaign figures of reporting.outreach_runs.
# Usage: BENCH_DIR=... bench/outreach.sh          HEAP=3g for the Spark JVM (default 3g)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${BENCH_DIR:?set BENCH_DIR to a lake made by bench/batch-daily.sh}"
HEAP="${HEAP:-3g}"
civic() { ./civic "$@" --data-dir "$DIR"; }
trap 'civic stack down >/dev/null 2>&1 || true' EXIT
today=$(TZ=Europe/Rome date +%F)
civic stack up --no-ingest >/dev/null

run() { # label args...
  local label=$1 log; shift
  log=$(mktemp)
  /usr/bin/time -v ./civic outreach run --date "$today" --heap "$HEAP" --data-dir "$DIR" "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }
  grep -E "campaign |done in" "$log" | sed 's/^/  /'
  awk -v j="$label" '/Elapsed \(wall clock\)/ {w=$NF} /Maximum resident set size/ {m=$NF}
    END {printf "%-22s wall %s, peak RSS %.2f GiB\n", j, w, m / 1048576}' "$log"
  rm -f "$log"
}
run "dry run" --dry-run   # also creates the consent tables
civic sql "DELETE FROM activation.contact_consent WHERE source = 'bench'" >/dev/null
civic sql "INSERT INTO activation.contact_consent
  SELECT p.citizen_key, c.channel, true, TIMESTAMP '2026-01-15 09:00:00 UTC', 'bench', current_timestamp, 'bench'
  FROM core.citizen_profile p CROSS JOIN (VALUES ('app_io', 0, 60), ('email', 37, 45), ('sms', 74, 25), ('call', 11, 15)) c(channel, shift, pct)
  WHERE p.as_of_date = DATE '$today' AND p.key_kind = 'citizen'
    AND mod(abs(from_big_endian_64(xxhash64(to_utf8(p.citizen_key)))) + c.shift, 100) < c.pct"
civic sql "SELECT channel, count(*) AS consents FROM activation.contact_consent WHERE source = 'bench' GROUP BY 1 ORDER BY 1"
run "first run"
run "rerun"
civic sql "SELECT run_id, campaign, audience, list_size, added, removed, changed, excluded_no_consent, excluded_taken_by_higher_priority,
  excluded_over_capacity FROM reporting.outreach_runs WHERE run_date = DATE '$today' ORDER BY run_id, priority"
du -sh "$DIR/outbox"
