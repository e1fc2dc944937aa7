-- Every accepted interaction event (contract v1), pseudonymised, one row per distinct event_id.
-- Written by the Flink ingest job; append-only. Partitioned by the UTC day of event_time.
CREATE TABLE IF NOT EXISTS lake.raw.interactions (
    event_id          varchar,
    event_type        varchar,
    event_time        timestamp(6) with time zone,
    channel           varchar,
    service_code      varchar,
    municipio         integer,
    citizen_key       varchar,
    anonymous_id      varchar,
    authenticated     boolean,
    case_id           varchar,
    case_status       varchar,
    language          varchar,
    operator_id       varchar,
    wait_seconds      integer,
    handle_seconds    integer,
    outcome           varchar,
    csat              integer,
    nps               integer,
    feedback_text     varchar,
    lat               double,
    lon               double,
    amount_eur        decimal(12, 2),
    source_system     varchar,
    schema_version    integer,
    source_topic      varchar,
    source_partition  integer,
    source_offset     bigint,
    ingested_at       timestamp(6) with time zone
)
WITH (
    format = 'PARQUET',
    partitioning = ARRAY['day(event_time)']
);
