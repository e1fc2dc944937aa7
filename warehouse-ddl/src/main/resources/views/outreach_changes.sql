-- The changes exported to the CRM (activation.outreach_delta of exported runs), in export order per
-- campaign: added (contact the citizen), removed (do not), changed (another channel, no new contact).
CREATE OR REPLACE VIEW lake.reporting.outreach_changes AS
SELECT
    d.run_id,
    d.run_date,
    d.campaign,
    r.export_seq,
    d.previous_run_id,
    d.change,
    d.citizen_key,
    d.channel,
    d.previous_channel
FROM lake.activation.outreach_delta d
JOIN lake.activation.outreach_runs r ON r.run_id = d.run_id AND r.campaign = d.campaign AND r.status = 'exported'
