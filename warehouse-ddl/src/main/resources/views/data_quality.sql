-- The batch jobs' figures and data-quality checks per run date (meta.data_quality).
CREATE OR REPLACE VIEW lake.reporting.data_quality AS
SELECT run_date, job, name, kind, value, passed, description
FROM lake.meta.data_quality
