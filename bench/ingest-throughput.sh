#!/usr/bin/env bash
# Benchmark (not a test): throughput of the Flink ingest job, Kafka -> validate/pseudonymise ->
# de-duplicate -> Iceberg, on a separate throw-away stack. Generates N events into Kafka first,
# then times a bounded `civic ingest` run (JVM start, Flink start and final commit included).
# Usage: bench/ingest-throughput.sh [events, default 1000000] [parallelism, default 2] [stack.security on|off, default off]
# (with on: the generator and the job go through the broker's SASL_SSL listener, docs/security.md)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-1000000}
parallelism=${2:-2}
security=${3:-off}
data=$(mktemp -d /tmp/civic-bench.XXXXXX)
conf="$data/bench.properties"
cat > "$conf" <<PROPS
stack.kafka-port=19092
stack.kafka-controller-port=19093
stack.catalog-port=18181
stack.trino-port=18080
stack.collector-port=18088
stack.security=$security
PROPS
civic() { ./civic "$@" --data-dir "$data" --config "$conf"; }
trap 'civic stack down >/dev/null 2>&1 || true; rm -rf "$data"' EXIT
civic stack up --no-ingest
generate_start=$(date +%s.%N)
civic generate --events "$events" --seed 1 --citizens 100000
start=$(date +%s.%N)
civic ingest --parallelism "$parallelism" --checkpoint-interval-ms 10000 > "$data/ingest.out" 2>&1 || { tail -50 "$data/ingest.out"; exit 1; }
grep -E "ingest summary" "$data/ingest.out"
end=$(date +%s.%N)
civic sql "SELECT count(*) AS interactions, count(DISTINCT event_id) AS distinct_ids FROM raw.interactions"
civic sql "SELECT count(*) AS data_files, round(avg(file_size_in_bytes) / 1048576.0, 1) AS avg_mib FROM \"raw\".\"interactions\$files\""
awk -v g="$generate_start" -v s="$start" -v e="$end" -v n="$events" -v p="$parallelism" -v sec="$security" 'BEGIN {
  printf "\nbenchmark (stack.security=%s): generated %d events into Kafka in %.1f s = %.0f events/s\n", sec, n, s - g, n / (s - g)
  printf "benchmark (stack.security=%s): ingested %d events in %.1f s = %.0f events/s (parallelism %d, whole job incl. start-up)\n", sec, n, e - s, n / (e - s), p }'
