-- The Italian display label of each code the dashboards show (ref.code_labels). The batch jobs
-- write the rows (CodeLabels in batch-jobs, whose CREATE TABLE IF NOT EXISTS has the same columns
-- and partitioning); the table is created here too so that the reporting views that join it can be
-- created before the first batch run. Partitioned by code set: a run replaces whole sets, which
-- Iceberg commits as whole partitions.
CREATE TABLE IF NOT EXISTS lake.ref.code_labels (
    code_set  varchar,
    code      varchar,
    label     varchar
)
WITH (format = 'PARQUET', partitioning = ARRAY['code_set']);
