-- The language mix of contacts per Rome day and channel (mart.contact_languages), with the Italian
-- names of channel and language (lake.ref.code_labels; the code when it has none).
CREATE OR REPLACE VIEW lake.reporting.contact_languages AS
SELECT
    l.contact_date,
    CAST(l.contact_date AS timestamp(6)) AS contact_date_local,
    l.channel,
    coalesce(cl.label, l.channel) AS channel_label,
    l.language,
    coalesce(ll.label, l.language) AS language_label,
    l.contacts
FROM lake.mart.contact_languages l
LEFT JOIN lake.ref.code_labels cl ON cl.code_set = 'channel' AND cl.code = l.channel
LEFT JOIN lake.ref.code_labels ll ON ll.code_set = 'language' AND ll.code = l.language
