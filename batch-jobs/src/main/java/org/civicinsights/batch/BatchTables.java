package org.civicinsights.batch;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.StructType;

/**
 * The tables the batch jobs own, created on first use. Their writers define them (like the
 * analyst views over them, in warehouse-ddl, they are documented in docs/data-dictionary.md).
 * Copy-on-write: Trino reads them without delete files.
 */
public final class BatchTables {
    public static final String CASES = "core.cases";
    public static final String CASE_SLA = "mart.case_sla";
    public static final String SLA_PERIOD = "mart.sla_period";
    public static final String CONTACT_VOLUME = "mart.contact_volume";
    public static final String CONTACT_RESOLUTION = "mart.contact_resolution";
    public static final String CONTACT_LANGUAGES = "mart.contact_languages";
    public static final String SELF_SERVICE_DEFLECTION = "mart.self_service_deflection";

    static final String PROPERTIES = " TBLPROPERTIES ('format-version'='2', 'write.format.default'='parquet',"
            + " 'write.delete.mode'='copy-on-write', 'write.update.mode'='copy-on-write', 'write.merge.mode'='copy-on-write')";

    private BatchTables() {}

    public static String name(BatchSettings s, String table) {
        return s.catalogName() + "." + table;
    }

    /**
     * Creates a table from the schema its job writes with (one definition of its columns), unless
     * it exists; {@code partitionedBy} is a Spark partition clause such as {@code "(month)"}, or null.
     */
    public static void ensure(
            SparkSession spark, BatchSettings s, String table, StructType schema, String partitionedBy) {
        namespace(spark, s, table.substring(0, table.indexOf('.')));
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, table) + " (" + schema.toDDL() + ") USING iceberg"
                + (partitionedBy == null ? "" : " PARTITIONED BY " + partitionedBy) + PROPERTIES);
    }

    /** mart.sla_period (mart.case_sla is created from its job's schema with {@link #ensure}). */
    public static void ensureSlaPeriod(SparkSession spark, BatchSettings s) {
        namespace(spark, s, "mart");
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, SLA_PERIOD) + " ("
                + "grain string, period_start date, period_end date, as_of_date date, service_code string, municipio int,"
                + " channel string, opened bigint, concluded bigint, concluded_with_deadline bigint, concluded_on_time bigint,"
                + " compliance_pct double, median_resolution_working_days double, p90_resolution_working_days double,"
                + " backlog bigint, backlog_overdue bigint, backlog_at_risk bigint, aging_0_7 bigint, aging_8_30 bigint,"
                + " aging_31_90 bigint, aging_over_90 bigint, reopened bigint, reopen_rate_pct double)"
                + " USING iceberg PARTITIONED BY (grain, period_start)" + PROPERTIES);
    }

    /** The contact-centre tables of job contacts, each partitioned by Rome day: a run replaces whole days. */
    public static void ensureContacts(SparkSession spark, BatchSettings s) {
        namespace(spark, s, "mart");
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, CONTACT_VOLUME) + " ("
                + "contact_date date, hour_of_day int, channel string, contacts bigint, answered bigint, abandoned bigint,"
                + " abandonment_rate_pct double, avg_wait_seconds double, avg_handle_seconds double, p90_wait_seconds double)"
                + " USING iceberg PARTITIONED BY (contact_date)" + PROPERTIES);
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, CONTACT_RESOLUTION) + " ("
                + "contact_date date, channel string, service_code string, contacts bigint, identified_contacts bigint,"
                + " repeat_contacts bigint, first_contact_resolved bigint, fcr_rate_pct double, repeat_rate_pct double,"
                + " fcr_final boolean, as_of_date date)"
                + " USING iceberg PARTITIONED BY (contact_date)" + PROPERTIES);
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, CONTACT_LANGUAGES) + " ("
                + "contact_date date, channel string, language string, contacts bigint)"
                + " USING iceberg PARTITIONED BY (contact_date)" + PROPERTIES);
    }

    /** Replaces the rows matching {@code condition} with {@code rows}, in one Iceberg commit. */
    public static void overwrite(Dataset<Row> rows, String table, Column condition) {
        try {
            rows.writeTo(table).overwrite(condition);
        } catch (NoSuchTableException e) {
            throw new IllegalStateException("table " + table + " does not exist", e);
        }
    }

    private static void namespace(SparkSession spark, BatchSettings s, String ns) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + s.catalogName() + "." + ns);
    }
}
