-- Citizen satisfaction per ISO week (Monday to Sunday, Rome dates), channel, service and municipio
-- (mart.satisfaction_week). A null channel, service_code or municipio means "all values" (rolled-up
-- rows); week_start_local is the Monday as a timestamp(6) at local midnight; week_complete is false
-- while the week is measured as of a day before its Sunday; channel_label is the channel's Italian
-- name (lake.ref.code_labels).
CREATE OR REPLACE VIEW lake.reporting.satisfaction_week AS
SELECT
    w.week_start,
    CAST(w.week_start AS timestamp(6)) AS week_start_local,
    w.week_end,
    w.as_of_date,
    w.as_of_date >= w.week_end AS week_complete,
    w.channel,
    coalesce(cl.label, w.channel) AS channel_label,
    w.service_code,
    s.name AS service_name,
    s.area AS service_area,
    w.municipio,
    w.responses,
    w.csat_responses,
    w.csat_avg,
    w.csat_satisfied,
    w.csat_satisfied_pct,
    w.nps_responses,
    w.promoters,
    w.passives,
    w.detractors,
    w.nps,
    w.surveyed_interactions,
    w.response_rate_pct,
    w.csat_low_sample,
    w.nps_low_sample
FROM lake.mart.satisfaction_week w
LEFT JOIN lake.ref.services s ON s.service_code = w.service_code
LEFT JOIN lake.ref.code_labels cl ON cl.code_set = 'channel' AND cl.code = w.channel
