-- Themes of the feedback comments per ISO week, service and channel (mart.feedback_themes; a null
-- service_code or channel means "all values"). mention_share_pct: the share of the cell's comments
-- that mention the theme (a comment may mention several themes, so shares add up to 100 or more).
-- channel_label and theme_label: their Italian names (lake.ref.code_labels).
CREATE OR REPLACE VIEW lake.reporting.feedback_themes AS
SELECT
    t.week_start,
    CAST(t.week_start AS timestamp(6)) AS week_start_local,
    t.week_end,
    t.as_of_date,
    t.as_of_date >= t.week_end AS week_complete,
    t.service_code,
    s.name AS service_name,
    s.area AS service_area,
    t.channel,
    coalesce(cl.label, t.channel) AS channel_label,
    t.theme,
    coalesce(tl.label, t.theme) AS theme_label,
    t.texts,
    t.mentions,
    100 * CAST(t.mentions AS double) / nullif(t.texts, 0) AS mention_share_pct,
    t.positive_mentions,
    t.negative_mentions,
    t.detractor_mentions,
    t.avg_csat
FROM lake.mart.feedback_themes t
LEFT JOIN lake.ref.services s ON s.service_code = t.service_code
LEFT JOIN lake.ref.code_labels cl ON cl.code_set = 'channel' AND cl.code = t.channel
LEFT JOIN lake.ref.code_labels tl ON tl.code_set = 'feedback_theme' AND tl.code = t.theme
