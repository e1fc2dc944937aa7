-- Records rejected by producers (importers, the HTTP collector) arrive on the rejected-records
-- topic with the producer's name and where in its source they were; a replayed record rejected
-- again points to the original. Iceberg schema evolution: metadata only, no data rewritten.
ALTER TABLE lake.raw.rejected_events ADD COLUMN IF NOT EXISTS producer varchar;
ALTER TABLE lake.raw.rejected_events ADD COLUMN IF NOT EXISTS source_record varchar;
ALTER TABLE lake.raw.rejected_events ADD COLUMN IF NOT EXISTS replay_of varchar;
