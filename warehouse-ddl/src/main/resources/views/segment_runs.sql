-- Each segment's evaluation per run date (activation.segment_runs): members, entries and exits, or
-- the error of a definition that could not be evaluated.
CREATE OR REPLACE VIEW lake.reporting.segment_runs AS
SELECT
    run_date,
    CAST(run_date AS timestamp(6)) AS run_date_local,
    segment,
    status,
    error,
    members,
    entered,
    exited,
    description,
    owner,
    predicate,
    source
FROM lake.activation.segment_runs
