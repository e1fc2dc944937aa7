-- Segment membership history (activation.segment_membership): a person is in the segment on the
-- dates valid_from <= d < valid_to; valid_to is null while they are still in it. With the segment's
-- description and owner from its latest successful evaluation (activation.segment_runs).
CREATE OR REPLACE VIEW lake.reporting.segment_membership AS
SELECT
    m.segment,
    d.description,
    d.owner,
    m.citizen_key,
    m.key_kind,
    m.valid_from,
    m.valid_to,
    m.valid_to IS NULL AS is_current,
    CAST(m.valid_from AS timestamp(6)) AS valid_from_local
FROM lake.activation.segment_membership m
LEFT JOIN (
    SELECT segment, max_by(description, run_date) AS description, max_by(owner, run_date) AS owner
    FROM lake.activation.segment_runs
    WHERE status = 'ok'
    GROUP BY segment
) d ON d.segment = m.segment
