-- Contract v2 adds three optional fields. Iceberg schema evolution: a metadata commit, no data
-- file rewritten, readers and the running ingest job carry on (it fills the new columns once
-- restarted; until then they are null, as for every v1 event).
ALTER TABLE lake.raw.interactions ADD COLUMN IF NOT EXISTS session_id varchar;
ALTER TABLE lake.raw.interactions ADD COLUMN IF NOT EXISTS device_type varchar;
ALTER TABLE lake.raw.interactions ADD COLUMN IF NOT EXISTS contact_consent boolean;
