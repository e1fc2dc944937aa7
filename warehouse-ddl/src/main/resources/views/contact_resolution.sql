-- First-contact resolution and repeat contacts per Rome day, channel and service
-- (mart.contact_resolution; a null channel or service_code means "all values"); channel_label is the
-- channel's Italian name (lake.ref.code_labels).
CREATE OR REPLACE VIEW lake.reporting.contact_resolution AS
SELECT
    r.contact_date,
    CAST(r.contact_date AS timestamp(6)) AS contact_date_local,
    r.channel,
    coalesce(cl.label, r.channel) AS channel_label,
    r.service_code,
    s.name AS service_name,
    s.area AS service_area,
    r.contacts,
    r.identified_contacts,
    r.repeat_contacts,
    r.first_contact_resolved,
    r.fcr_rate_pct,
    r.repeat_rate_pct,
    r.fcr_final,
    r.as_of_date
FROM lake.mart.contact_resolution r
LEFT JOIN lake.ref.services s ON s.service_code = r.service_code
LEFT JOIN lake.ref.code_labels cl ON cl.code_set = 'channel' AND cl.code = r.channel
