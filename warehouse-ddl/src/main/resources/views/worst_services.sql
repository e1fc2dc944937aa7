-- Services ranked by unhappy respondents over the last 4 complete ISO weeks of
-- mart.satisfaction_week: the latest week measured on its Sunday or later (as_of_date >= week_end)
-- and the three weeks before it, summed from the city-wide rows (every channel and municipio).
-- Services without feedback in the period and the 'unknown' service are left out. detractors_rank:
-- by NPS detractors, most first; nps_rank: by NPS, lowest first, among the services with at least
-- 30 NPS answers only (null for a low sample: its NPS is too noisy to rank).
CREATE OR REPLACE VIEW lake.reporting.worst_services AS
WITH last_week AS (
    SELECT max(week_start) AS week_start
    FROM lake.mart.satisfaction_week
    WHERE as_of_date >= week_end
),
totals AS (
    SELECT
        w.service_code,
        date_add('day', -21, l.week_start) AS period_start,
        date_add('day', 6, l.week_start) AS period_end,
        sum(w.responses) AS responses,
        sum(w.csat_responses) AS csat_responses,
        sum(w.csat_avg * w.csat_responses) AS csat_sum,
        sum(w.csat_satisfied) AS csat_satisfied,
        sum(w.nps_responses) AS nps_responses,
        sum(w.promoters) AS promoters,
        sum(w.passives) AS passives,
        sum(w.detractors) AS detractors,
        sum(w.surveyed_interactions) AS surveyed_interactions
    FROM lake.mart.satisfaction_week w
    CROSS JOIN last_week l
    WHERE w.week_start BETWEEN date_add('day', -21, l.week_start) AND l.week_start
      AND w.channel IS NULL
      AND w.municipio IS NULL
      AND w.service_code IS NOT NULL
      AND w.service_code <> 'unknown'
    GROUP BY w.service_code, l.week_start
    HAVING sum(w.responses) > 0
),
scores AS (
    SELECT
        t.*,
        100 * CAST(t.promoters - t.detractors AS double) / nullif(t.nps_responses, 0) AS nps,
        t.nps_responses < 30 AS nps_low_sample
    FROM totals t
)
SELECT
    c.period_start,
    CAST(c.period_start AS timestamp(6)) AS period_start_local,
    c.period_end,
    c.service_code,
    s.name AS service_name,
    s.area AS service_area,
    c.responses,
    c.nps_responses,
    c.promoters,
    c.passives,
    c.detractors,
    100 * CAST(c.detractors AS double) / nullif(c.nps_responses, 0) AS detractor_pct,
    c.nps,
    c.csat_responses,
    c.csat_sum / nullif(c.csat_responses, 0) AS csat_avg,
    100 * CAST(c.csat_satisfied AS double) / nullif(c.csat_responses, 0) AS csat_satisfied_pct,
    c.surveyed_interactions,
    100 * CAST(c.responses AS double) / nullif(c.surveyed_interactions, 0) AS response_rate_pct,
    c.nps_low_sample,
    c.csat_responses < 30 AS csat_low_sample,
    rank() OVER (ORDER BY c.detractors DESC) AS detractors_rank,
    CASE WHEN NOT c.nps_low_sample THEN rank() OVER (PARTITION BY c.nps_low_sample ORDER BY c.nps ASC) END AS nps_rank
FROM scores c
LEFT JOIN lake.ref.services s ON s.service_code = c.service_code
