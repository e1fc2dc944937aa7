-- Service levels per day, ISO week and month (mart.sla_period). A null service_code, municipio or
-- channel means "all values" (rolled-up rows); period_start_local is the period's first day as a
-- timestamp(6) at local midnight, for tools whose time filters need a timestamp; channel_label is the
-- channel's Italian name (lake.ref.code_labels).
CREATE OR REPLACE VIEW lake.reporting.sla_period AS
SELECT
    p.grain,
    p.period_start,
    CAST(p.period_start AS timestamp(6)) AS period_start_local,
    p.period_end,
    p.as_of_date,
    p.service_code,
    s.name AS service_name,
    s.area AS service_area,
    p.municipio,
    p.channel,
    coalesce(cl.label, p.channel) AS channel_label,
    p.opened,
    p.concluded,
    p.concluded_with_deadline,
    p.concluded_on_time,
    p.compliance_pct,
    p.median_resolution_working_days,
    p.p90_resolution_working_days,
    p.backlog,
    p.backlog_overdue,
    p.backlog_at_risk,
    p.aging_0_7,
    p.aging_8_30,
    p.aging_31_90,
    p.aging_over_90,
    p.reopened,
    p.reopen_rate_pct
FROM lake.mart.sla_period p
LEFT JOIN lake.ref.services s ON s.service_code = p.service_code
LEFT JOIN lake.ref.code_labels cl ON cl.code_set = 'channel' AND cl.code = p.channel
