-- What the CRM holds now: for each campaign, the list of its last exported run (highest export_seq).
-- member_since is the date the citizen entered the list (the date of the contact).
CREATE OR REPLACE VIEW lake.reporting.outreach_crm_lists AS
SELECT
    l.campaign,
    l.campaign_version,
    l.priority,
    l.template,
    l.citizen_key,
    l.channel,
    l.member_since,
    l.run_id,
    l.run_date
FROM lake.activation.outreach_list l
JOIN (
    SELECT campaign, max_by(run_id, export_seq) AS run_id
    FROM lake.activation.outreach_runs
    WHERE status = 'exported'
    GROUP BY campaign
) x ON x.campaign = l.campaign AND x.run_id = l.run_id
