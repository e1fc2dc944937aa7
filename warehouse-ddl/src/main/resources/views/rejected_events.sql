-- Rejected records with Rome local times, for the data-quality dashboard.
CREATE OR REPLACE VIEW lake.reporting.rejected_events AS
SELECT
    r.reason,
    r.producer,
    r.source_topic,
    CAST(r.rejected_at AT TIME ZONE 'Europe/Rome' AS timestamp(6)) AS rejected_at_local,
    date(r.rejected_at AT TIME ZONE 'Europe/Rome')                  AS rejected_date_local,
    r.detail
FROM lake.raw.rejected_events r
