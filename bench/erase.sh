#!/usr/bin/env bash
# Benchmark (not a test): `civic privacy erase` of N citizens (default 100) from the lake made by
# bench/batch-daily.sh (10 M events), after bench/outreach.sh for the outreach tables, e.g.
#   BENCH_DIR=/data/bench JOBS="cases sla profile segments clusters" RERUN=0 bench/batch-daily.sh 10000000 1000000
#   BENCH_DIR=/data/bench bench/outreach.sh
#   BENCH_DIR=/data/bench bench/erase.sh
# Picks N identified citizens of the newest profiles (in a fixed hash order: a rerun on the same lake
# takes the next N still there), lists every data and delete file of every table of the lake
# ($files: the current snapshot) before and after, and times the erasure in one command with GNU
# time (wall time with Spark start-up; peak RSS of the largest process, the Spark JVM). Prints the
# command's summary (rows per table, from meta.erasures), then per table the files and bytes the
# erasure rewrote (files of the current snapshot before that are gone after) and wrote, and the
# warehouse's size on disk before and after (expired snapshots' files and orphans removed).
# Usage: BENCH_DIR=... bench/erase.sh [N]
#        CONFIG=file.properties   a --config for the stack (ports), if the lake's stack needs one
#        HEAP=3g                  for the Spark JVM (default 3g)
#        ORPHAN_MIN_AGE=PT10M     --orphan-min-age (default: the command's, P1D)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${BENCH_DIR:?set BENCH_DIR to a lake made by bench/batch-daily.sh}"
N="${1:-100}"
HEAP="${HEAP:-3g}"
./civic --help >/dev/null   # build first, so the build is not measured
civic() { ./civic "$@" --data-dir "$DIR" ${CONFIG:+--config "$CONFIG"}; }
work=$(mktemp -d)
trap 'rm -rf "$work"; civic stack down >/dev/null 2>&1 || true' EXIT
chmod 700 "$work"
civic stack up --no-ingest >/dev/null
csv() { civic sql --user engineer --format csv "$1" | tail -n +2 | tr -d '\r'; }  # RFC 4180 lines end in CRLF

csv "SELECT citizen_key FROM core.citizen_profile WHERE key_kind = 'citizen'
  AND as_of_date = (SELECT max(as_of_date) FROM core.citizen_profile)
  ORDER BY xxhash64(to_utf8(citizen_key)), citizen_key LIMIT $N" > "$work/keys"
echo "citizens to erase: $(wc -l < "$work/keys")"
csv "SELECT table_schema || '.' || table_name FROM information_schema.tables
  WHERE table_type = 'BASE TABLE' AND table_schema IN ('raw', 'core', 'mart', 'activation') ORDER BY 1" > "$work/tables"

files() { # label: every table's current files as "table,path,bytes"
  while read -r t; do
    csv "SELECT '$t', file_path, file_size_in_bytes FROM \"${t%%.*}\".\"${t#*.}\$files\""
  done < "$work/tables" | sort > "$work/files-$1"
}
files before
du_before=$(du -sb "$DIR/warehouse" | cut -f1)

log="$work/erase.log"
/usr/bin/time -v ./civic privacy erase --citizen-keys-file "$work/keys" --ticket BENCH-1 \
  --reason "benchmark, $N citizens" --yes --heap "$HEAP" ${ORPHAN_MIN_AGE:+--orphan-min-age "$ORPHAN_MIN_AGE"} \
  --data-dir "$DIR" ${CONFIG:+--config "$CONFIG"} > "$log" 2>&1 || { cat "$log"; exit 1; }
sed -n '/^Erasure /,/^Notice/p' "$log"
awk '/Elapsed \(wall clock\)/ {w=$NF} /Maximum resident set size/ {m=$NF}
  END {printf "erase %s: wall %s, peak RSS %.2f GiB\n", n, w, m / 1048576}' n="$N" "$log"

files after
du_after=$(du -sb "$DIR/warehouse" | cut -f1)
# gone: in the current snapshot before, not after (rewritten or deleted); new: written by the erasure
comm -23 "$work/files-before" "$work/files-after" > "$work/gone"
comm -13 "$work/files-before" "$work/files-after" > "$work/new"
awk -F, 'FILENAME == ARGV[1] {bf[$1]++} FILENAME == ARGV[2] {gf[$1]++; gb[$1] += $3} FILENAME == ARGV[3] {nf[$1]++; nb[$1] += $3}
  END {
    printf "%-34s %12s %12s %14s %12s %14s\n", "table", "files before", "rewritten", "bytes rewritten", "files new", "bytes new"
    for (t in bf) if (gf[t] + nf[t] > 0) {
      printf "%-34s %12d %12d %14d %12d %14d\n", t, bf[t], gf[t], gb[t], nf[t], nb[t]
      tg += gf[t]; tgb += gb[t]; tn += nf[t]; tnb += nb[t]
    }
    printf "%-34s %12s %12d %14d %12d %14d\n", "total", "", tg, tgb, tn, tnb
  }' "$work/files-before" "$work/gone" "$work/new"
echo "warehouse on disk: $du_before bytes before, $du_after after"
