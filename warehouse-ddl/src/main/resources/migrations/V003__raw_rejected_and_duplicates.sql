-- Records that broke the contract, with the reason; the payload has fiscal-code-shaped tokens
-- replaced by their pseudonym. Append-only.
CREATE TABLE IF NOT EXISTS lake.raw.rejected_events (
    source_topic      varchar,
    source_partition  integer,
    source_offset     bigint,
    kafka_timestamp   timestamp(6) with time zone,
    reason            varchar,
    detail            varchar,
    raw_payload       varchar,
    rejected_at       timestamp(6) with time zone
)
WITH (
    format = 'PARQUET',
    partitioning = ARRAY['day(rejected_at)']
);

-- Valid records whose event_id had already been ingested (re-sent by a producer): kept so that
-- records read = interactions + rejected + duplicates can be checked at any time.
CREATE TABLE IF NOT EXISTS lake.raw.duplicate_events (
    event_id          varchar,
    event_time        timestamp(6) with time zone,
    source_topic      varchar,
    source_partition  integer,
    source_offset     bigint,
    detected_at       timestamp(6) with time zone
)
WITH (
    format = 'PARQUET',
    partitioning = ARRAY['day(detected_at)']
);
