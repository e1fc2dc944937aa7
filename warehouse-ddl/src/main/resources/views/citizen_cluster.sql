-- Each active identified citizen's behavioural cluster per as-of date (mart.citizen_cluster), with
-- the cluster's label.
CREATE OR REPLACE VIEW lake.reporting.citizen_cluster AS
SELECT
    c.as_of_date,
    c.citizen_key,
    c.cluster_id,
    s.label,
    c.distance
FROM lake.mart.citizen_cluster c
LEFT JOIN lake.mart.cluster_summary s ON s.as_of_date = c.as_of_date AND s.cluster_id = c.cluster_id
