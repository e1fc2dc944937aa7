package org.civicinsights.batch;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.StructType;

/**
 * The tables of the lake the batch jobs write. Each job declares the ones it writes in its
 * {@link JobSpec}; the runner creates them all before any job runs. The names several jobs use are
 * here, so a job reads another's table without reaching into that job. Documented (like the
 * analyst views over them, in warehouse-ddl) in docs/data-dictionary.md. Copy-on-write: Trino reads
 * them without delete files.
 */
public final class BatchTables {
    public static final String CASES = "core.cases";
    public static final String CASE_SLA = "mart.case_sla";
    public static final String SLA_PERIOD = "mart.sla_period";
    public static final String CONTACT_VOLUME = "mart.contact_volume";
    public static final String CONTACT_RESOLUTION = "mart.contact_resolution";
    public static final String CONTACT_LANGUAGES = "mart.contact_languages";
    public static final String SELF_SERVICE_DEFLECTION = "mart.self_service_deflection";
    public static final String CITIZEN_PROFILE = "core.citizen_profile";
    public static final String SEGMENT_MEMBERSHIP = "activation.segment_membership";
    public static final String SEGMENT_RUNS = "activation.segment_runs";
    public static final String CONTACT_CONSENT = "activation.contact_consent";
    public static final String SUPPRESSION = "activation.suppression";

    static final String PROPERTIES = " TBLPROPERTIES ('format-version'='2', 'write.format.default'='parquet',"
            + " 'write.delete.mode'='copy-on-write', 'write.update.mode'='copy-on-write', 'write.merge.mode'='copy-on-write')";

    private BatchTables() {}

    public static String name(BatchSettings s, String table) {
        return s.catalogName() + "." + table;
    }

    /** Creates a declared table unless it exists. */
    public static void ensure(SparkSession spark, BatchSettings s, TableSpec table) {
        ensure(spark, s, table.name(), table.schema(), table.partitionedBy());
    }

    /**
     * Creates a table from the schema its writer writes with (one definition of its columns), unless
     * it exists; {@code partitionedBy} is a Spark partition clause such as {@code "(month)"}, or null.
     */
    public static void ensure(
            SparkSession spark, BatchSettings s, String table, StructType schema, String partitionedBy) {
        namespace(spark, s, table.substring(0, table.indexOf('.')));
        spark.sql("CREATE TABLE IF NOT EXISTS " + name(s, table) + " (" + schema.toDDL() + ") USING iceberg"
                + (partitionedBy == null ? "" : " PARTITIONED BY " + partitionedBy) + PROPERTIES);
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
