package org.civicinsights.batch;

import org.apache.spark.sql.SparkSession;

/**
 * The tables the batch jobs own, created on first use. Their writers define them (like the
 * analyst views over them, in warehouse-ddl, they are documented in docs/data-dictionary.md).
 * Copy-on-write: Trino reads them without delete files.
 */
public final class BatchTables {
    public static final String CASES = "core.cases";
    public static final String CASE_SLA = "mart.case_sla";
    public static final String SLA_PERIOD = "mart.sla_period";

    private static final String PROPERTIES = " TBLPROPERTIES ('format-version'='2', 'write.format.default'='parquet',"
            + " 'write.delete.mode'='copy-on-write', 'write.update.mode'='copy-on-write', 'write.merge.mode'='copy-on-write')";

    private BatchTables() {
    }

    public static String name(BatchSettings s, String table) {
        return s.catalogName() + "." + table;
    }

    public static void ensureCases(SparkSession spark, BatchSettings s) {
        namespace(spark, s, "core");
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, CASES) + " ("
                + "case_id string, status string, source_status string, opened_at timestamp, resolved_at timestamp,"
                + " closed_at timestamp, service_code string, origin_channel string, municipio int, citizen_key string,"
                + " suspensions array<struct<suspended_at: timestamp, resumed_at: timestamp>>, reopen_count int,"
                + " event_count int, first_event_at timestamp, last_event_at timestamp, anomalies array<string>)"
                + " USING iceberg" + PROPERTIES);
    }

    public static void ensureSla(SparkSession spark, BatchSettings s) {
        namespace(spark, s, "mart");
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, CASE_SLA) + " ("
                + "case_id string, as_of_date date, service_code string, municipio int, origin_channel string,"
                + " status string, sla_status string, deadline_days int, deadline_kind string, opened_date date,"
                + " due_date date, concluded_date date, resolution_working_days int, resolution_calendar_days int,"
                + " suspended_calendar_days int, age_days int, remaining_days int, reopen_count int)"
                + " USING iceberg" + PROPERTIES);
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, SLA_PERIOD) + " ("
                + "grain string, period_start date, period_end date, as_of_date date, service_code string, municipio int,"
                + " channel string, opened bigint, concluded bigint, concluded_with_deadline bigint, concluded_on_time bigint,"
                + " compliance_pct double, median_resolution_working_days double, p90_resolution_working_days double,"
                + " backlog bigint, backlog_overdue bigint, backlog_at_risk bigint, aging_0_7 bigint, aging_8_30 bigint,"
                + " aging_31_90 bigint, aging_over_90 bigint, reopened bigint, reopen_rate_pct double)"
                + " USING iceberg PARTITIONED BY (grain, period_start)" + PROPERTIES);
    }

    private static void namespace(SparkSession spark, BatchSettings s, String ns) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + s.catalogName() + "." + ns);
    }
}
