-- Every outreach run per campaign (activation.outreach_runs): status (started, exported, failed),
-- audience, list, exclusions by reason and the changes exported to the CRM. A run counts only once
-- exported; export_seq orders a campaign's exports (the chain the CRM applies). is_current marks
-- the date's latest exported run of each campaign (a rerun's rows repeat the first run's lists).
-- campaign_label: the campaign's Italian title (lake.ref.code_labels; the name when it has none).
CREATE OR REPLACE VIEW lake.reporting.outreach_runs AS
SELECT
    run_id,
    run_number,
    run_date,
    campaign,
    coalesce(cl.label, r.campaign) AS campaign_label,
    campaign_version,
    priority,
    template,
    status,
    status = 'exported' AND run_number = max(CASE WHEN status = 'exported' THEN run_number END)
        OVER (PARTITION BY run_date, campaign) AS is_current,
    error,
    audience,
    list_size,
    new_entries,
    kept,
    excluded_suppressed,
    excluded_no_consent,
    excluded_cooldown,
    excluded_capped,
    excluded_taken_by_higher_priority,
    excluded_over_capacity,
    audience - list_size AS excluded,
    added,
    removed,
    changed,
    previous_run_id,
    export_seq,
    outbox_dir,
    kafka_topic,
    kafka_messages,
    started_at,
    finished_at,
    CAST(started_at AT TIME ZONE 'Europe/Rome' AS timestamp(6)) AS started_at_local,
    source
FROM lake.activation.outreach_runs r
LEFT JOIN lake.ref.code_labels cl ON cl.code_set = 'campaign' AND cl.code = r.campaign
