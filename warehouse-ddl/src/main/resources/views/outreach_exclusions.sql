-- The citizens of a campaign's audience left off its list, with the reason, for exported runs
-- (reasons: suppressed, no_consent, cooldown, capped, taken_by_higher_priority, over_capacity).
CREATE OR REPLACE VIEW lake.reporting.outreach_exclusions AS
SELECT
    e.run_id,
    e.run_date,
    e.campaign,
    e.citizen_key,
    e.reason
FROM lake.activation.outreach_exclusions e
JOIN lake.activation.outreach_runs r ON r.run_id = e.run_id AND r.campaign = e.campaign AND r.status = 'exported'
