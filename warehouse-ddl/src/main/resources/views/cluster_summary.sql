-- Behavioural clusters per as-of date (mart.cluster_summary): label and description in words, size,
-- share, silhouette and centroid; cluster_id is stable across runs (matched to the previous run).
CREATE OR REPLACE VIEW lake.reporting.cluster_summary AS
SELECT
    as_of_date,
    CAST(as_of_date AS timestamp(6)) AS as_of_date_local,
    cluster_id,
    label,
    description,
    size,
    share_pct,
    silhouette,
    k,
    centroid,
    matched_previous
FROM lake.mart.cluster_summary
