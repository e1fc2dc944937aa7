-- Partition raw.interactions by the UTC month of event_time instead of the day (Iceberg partition
-- evolution: metadata only; files already written keep their day partitions and stay readable).
-- At a city's volume a day holds a few MB, too little for good Parquet files; and an import of
-- several years of history (311 exports span a decade) opened one writer per day in the ingest
-- job, thousands at once, until its heap ran out. Months keep writers few and files large;
-- sorted_by makes compaction (civic maintain) write files ordered by event_time, so a query for a
-- day still reads only the files of that day.
ALTER TABLE lake.raw.interactions SET PROPERTIES partitioning = ARRAY['month(event_time)'];
ALTER TABLE lake.raw.interactions SET PROPERTIES sorted_by = ARRAY['event_time'];
