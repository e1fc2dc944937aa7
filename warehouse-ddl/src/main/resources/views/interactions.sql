-- Every accepted interaction, with Rome local time columns (timestamp(6) without zone: Superset's
-- time filters work on these) and the service's name and area.
CREATE OR REPLACE VIEW lake.reporting.interactions AS
SELECT
    i.event_id,
    i.event_type,
    CAST(i.event_time AT TIME ZONE 'Europe/Rome' AS timestamp(6)) AS event_time_local,
    date(i.event_time AT TIME ZONE 'Europe/Rome')                  AS event_date_local,
    hour(i.event_time AT TIME ZONE 'Europe/Rome')                  AS event_hour_local,
    i.channel,
    i.service_code,
    s.name  AS service_name,
    s.area  AS service_area,
    i.municipio,
    i.citizen_key,
    i.authenticated,
    i.case_id,
    i.case_status,
    i.language,
    i.wait_seconds,
    i.handle_seconds,
    i.outcome,
    i.csat,
    i.nps,
    i.amount_eur,
    i.source_system,
    i.event_time AS event_time_utc
FROM lake.raw.interactions i
LEFT JOIN lake.ref.services s ON s.service_code = i.service_code
