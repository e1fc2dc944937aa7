-- Each case's service level as of the last batch run (mart.case_sla), with the service's name and area.
CREATE OR REPLACE VIEW lake.reporting.case_sla AS
SELECT
    x.case_id,
    x.as_of_date,
    x.service_code,
    s.name AS service_name,
    s.area AS service_area,
    x.municipio,
    x.origin_channel,
    x.status,
    x.sla_status,
    x.deadline_days,
    x.deadline_kind,
    x.opened_date,
    x.due_date,
    x.concluded_date,
    x.resolution_working_days,
    x.resolution_calendar_days,
    x.suspended_calendar_days,
    x.age_days,
    CASE WHEN x.concluded_date IS NOT NULL THEN NULL
         WHEN x.age_days <= 7 THEN '0-7'
         WHEN x.age_days <= 30 THEN '8-30'
         WHEN x.age_days <= 90 THEN '31-90'
         ELSE '>90' END AS aging_bucket,
    x.remaining_days,
    x.reopen_count
FROM lake.mart.case_sla x
LEFT JOIN lake.ref.services s ON s.service_code = x.service_code
