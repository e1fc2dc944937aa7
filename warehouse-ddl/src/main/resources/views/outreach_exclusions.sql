-- The citizens of a campaign's audience left off its list, with the reason, for exported runs
-- (reasons: suppressed, no_consent, cooldown, capped, taken_by_higher_priority, over_capacity);
-- is_current marks the date's latest exported run of the campaign. campaign_label and reason_label:
-- the campaign's title and the reason in Italian (lake.ref.code_labels).
CREATE OR REPLACE VIEW lake.reporting.outreach_exclusions AS
SELECT
    e.run_id,
    e.run_date,
    e.campaign,
    coalesce(cl.label, e.campaign) AS campaign_label,
    e.citizen_key,
    e.reason,
    coalesce(rl.label, e.reason) AS reason_label,
    r.is_current
FROM lake.activation.outreach_exclusions e
JOIN (
    SELECT run_id, campaign, run_number = max(run_number) OVER (PARTITION BY run_date, campaign) AS is_current
    FROM lake.activation.outreach_runs
    WHERE status = 'exported'
) r ON r.run_id = e.run_id AND r.campaign = e.campaign
LEFT JOIN lake.ref.code_labels cl ON cl.code_set = 'campaign' AND cl.code = e.campaign
LEFT JOIN lake.ref.code_labels rl ON rl.code_set = 'exclusion_reason' AND rl.code = e.reason
