-- The language mix of contacts per Rome day and channel (mart.contact_languages).
CREATE OR REPLACE VIEW lake.reporting.contact_languages AS
SELECT
    l.contact_date,
    CAST(l.contact_date AS timestamp(6)) AS contact_date_local,
    l.channel,
    l.language,
    l.contacts
FROM lake.mart.contact_languages l
