-- One row per case (core.cases) with Rome local times and the service's name, area and deadline.
CREATE OR REPLACE VIEW lake.reporting.cases AS
SELECT
    c.case_id,
    c.status,
    c.source_status,
    CAST(c.opened_at AT TIME ZONE 'Europe/Rome' AS timestamp(6))   AS opened_at_local,
    CAST(c.resolved_at AT TIME ZONE 'Europe/Rome' AS timestamp(6)) AS resolved_at_local,
    CAST(c.closed_at AT TIME ZONE 'Europe/Rome' AS timestamp(6))   AS closed_at_local,
    c.service_code,
    s.name AS service_name,
    s.area AS service_area,
    s.deadline_days,
    s.deadline_kind,
    c.origin_channel,
    c.municipio,
    c.citizen_key,
    cardinality(c.suspensions) AS suspension_count,
    c.reopen_count,
    c.event_count,
    c.anomalies
FROM lake.core.cases c
LEFT JOIN lake.ref.services s ON s.service_code = c.service_code
