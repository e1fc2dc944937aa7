-- Contacts per Rome day, hour and channel (mart.contact_volume); contact_hour_local is the hour's
-- start as a local timestamp(6), for time-series charts; channel_label is the channel's Italian name
-- (lake.ref.code_labels).
CREATE OR REPLACE VIEW lake.reporting.contact_volume AS
SELECT
    v.contact_date,
    date_add('hour', v.hour_of_day, CAST(v.contact_date AS timestamp(6))) AS contact_hour_local,
    v.hour_of_day,
    v.channel,
    coalesce(cl.label, v.channel) AS channel_label,
    v.contacts,
    v.answered,
    v.abandoned,
    v.abandonment_rate_pct,
    v.avg_wait_seconds,
    v.avg_handle_seconds,
    v.p90_wait_seconds
FROM lake.mart.contact_volume v
LEFT JOIN lake.ref.code_labels cl ON cl.code_set = 'channel' AND cl.code = v.channel
