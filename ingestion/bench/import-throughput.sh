#!/usr/bin/env bash
# Throughput of `civic import` per source format, into a JSON Lines file (default) or into Kafka.
#
# The real files of shared/data are small (1,000 to 10,000 rows: a JVM barely warms up), so this
# script derives larger copies in a temporary folder, never touching the originals: each file
# repeated N times with the record id suffixed "-k" (so every row is a new case), an Open311
# requests.json of generated requests and a synthetic ACD call export. It then imports each one
# and prints the importer's own summary line (rows/s over the whole import, counting pass for
# the progress display included).
#
# usage: ingestion/bench/import-throughput.sh [TARGET_ROWS]     (default 200000 per format)
#        CIVIC="java -jar civic-cli/target/civic-cli.jar" to run a given build (default ./civic)
#        TARGET=kafka to send to the local stack's Kafka instead (start it first with
#        `./civic stack up --no-ingest`, so that the ingest job does not compete for the CPU);
#        the rate then includes the final flush: every record acknowledged by the broker (acks=all)
# needs: perl, awk; the shared data folder beside the checkout (../shared/data) or SHARED_DATA.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
CIVIC="${CIVIC:-$ROOT/civic}"
ROWS="${1:-200000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

repeat_csv() { # file times perl-substitution-with-$k
  local src="$1" times="$2" expr="$3" out="$4"
  head -n 1 "$src" >"$out"
  for k in $(seq 1 "$times"); do
    tail -n +2 "$src" | K="$k" perl -pe "$expr" >>"$out"
  done
}

# Alessandria: 4,651 rows, id first and unquoted
repeat_csv "$DATA/alessandria-segnalazioni.csv" $(( (ROWS + 4650) / 4651 )) \
  's/^(\d+);/$1-$ENV{K};/' "$WORK/alessandria.csv"
# San Francisco: 10,000 rows, "n",CaseID,"Opened"... (continuation lines of quoted fields do not match)
repeat_csv "$DATA/sf311-cases-sample.csv" $(( (ROWS + 9999) / 10000 )) \
  's/^("\d+"),(\d+),"/$1,$2-$ENV{K},"/' "$WORK/sf311.csv"
# New York: 1,000 records on 2,954 lines, "unique_key","created_date"...
repeat_csv "$DATA/nyc311-extract.csv" $(( (ROWS + 999) / 1000 )) \
  's/^"(\d+)","(\d{4}-)/"$1-$ENV{K}","$2/' "$WORK/nyc311.csv"

# Open311 GeoReport v2 requests.json with the test mapping of ingestion/src/test/resources
awk -v n="$ROWS" 'BEGIN {
  print "["
  for (i = 1; i <= n; i++) {
    d = 1 + i % 28; h = i % 24; closed = (i % 3 == 0)
    printf "{\"service_request_id\":\"SEG-%07d\",\"status\":\"%s\",\"status_notes\":\"%s\",", i, closed ? "closed" : "open", closed ? "Intervento eseguito" : ""
    printf "\"service_name\":\"Buche\",\"service_code\":\"SEGN-BUCHE\",\"description\":\"Buca al civico %d\",", i
    printf "\"requested_datetime\":\"2026-02-%02dT%02d:15:00+01:00\",\"updated_datetime\":\"2026-03-%02dT10:00:00+01:00\",", d, h, d
    printf "\"address\":\"Via Nomentana %d, Roma\",\"lat\":41.91%d,\"long\":12.50%d,\"municipio\":%d}%s\n", i % 300, i % 90, i % 70, 1 + i % 15, i < n ? "," : ""
  }
  print "]" }' >"$WORK/open311.json"

# ACD call records for the acd-sample mapping
awk -v n="$ROWS" 'BEGIN {
  split("anagrafe tributi multe rifiuti scuola strade cie", q, " ")
  split("RESOLVED INFO TRANSFER CALLBACK CASE", o, " ")
  print "call_id,call_start,queue,queue_wait_s,handle_s,abandoned,agent_id,language,caller_number,disposition"
  for (i = 1; i <= n; i++) {
    ab = (i % 9 == 0)
    printf "C-%07d,2026-02-%02d %02d:%02d:%02d,%s,%d,%s,%d,%s,ita,+39 333 %07d,%s\n", i, 1 + i % 28, 8 + i % 10, i % 60, (i * 7) % 60, q[1 + i % 7], (i * 13) % 600, ab ? "" : (60 + (i * 17) % 500), ab, ab ? "" : "op-" (4000 + i % 200), i % 50000, ab ? "" : o[1 + i % 5]
  }}' >"$WORK/acd.csv"

TARGET="${TARGET:-jsonl}"
case "$TARGET" in
  jsonl) OUT=(--out "$WORK/out.jsonl") ;;
  kafka) OUT=() ;;
  *) echo "TARGET must be jsonl or kafka, not '$TARGET'" >&2; exit 2 ;;
esac
echo "target: $TARGET"

run() { # mapping file label
  if ! $CIVIC import --mapping "$1" --file "$2" "${OUT[@]}" >"$WORK/log" 2>&1; then
    echo "$3: civic import failed:" >&2
    cat "$WORK/log" >&2
    exit 1
  fi
  printf '%-13s %s; %s\n' "$3" "$(grep '^read ' "$WORK/log")" "$(grep -E '^sent [0-9,]+ events' "$WORK/log")"
}
run alessandria "$WORK/alessandria.csv" alessandria
run sf311 "$WORK/sf311.csv" sf311
run nyc311 "$WORK/nyc311.csv" nyc311
run "$ROOT/ingestion/src/test/resources/importer/open311-rome.yaml" "$WORK/open311.json" open311-json
run acd-sample "$WORK/acd.csv" acd-sample
