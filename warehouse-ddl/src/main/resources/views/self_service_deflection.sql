-- Self-service share of completed transactions per month and service (mart.self_service_deflection;
-- a null service_code is the all-services row).
CREATE OR REPLACE VIEW lake.reporting.self_service_deflection AS
SELECT
    d.month,
    CAST(d.month AS timestamp(6)) AS month_local,
    d.service_code,
    s.name AS service_name,
    s.area AS service_area,
    d.self_service_transactions,
    d.assisted_transactions,
    d.total_transactions,
    d.self_service_share_pct,
    d.share_change_pp,
    d.share_3m_avg_pct,
    d.available_online,
    d.as_of_date
FROM lake.mart.self_service_deflection d
LEFT JOIN lake.ref.services s ON s.service_code = d.service_code
