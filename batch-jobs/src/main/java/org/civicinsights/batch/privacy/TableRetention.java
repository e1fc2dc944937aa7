package org.civicinsights.batch.privacy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.RowLevelOperationMode;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.common.privacy.DataRegister.RetentionAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Retention on one table: counts the expired rows, then deletes or anonymises them in one commit. */
final class TableRetention {
    private static final Logger LOG = LoggerFactory.getLogger(TableRetention.class);
    /** Where a raw table's row came from: the accounting identity is kept per topic and partition. */
    static final List<String> SOURCE_COLUMNS = List.of("source_topic", "source_partition");

    /** A Kafka topic and partition, both null for a table that does not record them. */
    record Source(String topic, Integer partition) {}

    /** Rows changed, by source; and expired rows still there afterwards (0 unless something went wrong). */
    record Outcome(long rows, Map<Source, Long> bySource, long left) {}

    private TableRetention() {}

    static Outcome enforce(SparkSession spark, String table, RetentionRule rule) {
        Table iceberg = PhysicalCleanup.load(spark, table);
        Snapshot current = iceberg.currentSnapshot();
        if (current == null) {
            return new Outcome(0, Map.of(), 0);
        }
        StructType schema = spark.table(table).schema();
        if (!Arrays.asList(schema.fieldNames()).contains(rule.ageColumn())) {
            throw new IllegalStateException("register: " + rule.table() + " has no column " + rule.ageColumn());
        }
        DataType type = schema.apply(rule.ageColumn()).dataType();
        boolean timestamp = type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType);
        if (!timestamp && !type.equals(DataTypes.DateType)) {
            throw new IllegalStateException("register: " + rule.table() + "." + rule.ageColumn() + " is "
                    + type.simpleString() + ", not a date or timestamp");
        }
        String where = rule.expired(timestamp);
        boolean bySource = Arrays.asList(schema.fieldNames()).containsAll(SOURCE_COLUMNS);
        // counted in the snapshot the change starts from, so the counts are of the rows it changes
        String select =
                bySource ? "source_topic, CAST(source_partition AS INT)" : "CAST(NULL AS STRING), CAST(NULL AS INT)";
        Map<Source, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (Row r : spark.sql("SELECT " + select + ", count(*) FROM " + table + " VERSION AS OF "
                        + current.snapshotId() + " WHERE " + where + " GROUP BY 1, 2")
                .collectAsList()) {
            counts.put(new Source(r.getString(0), r.isNullAt(1) ? null : r.getInt(1)), r.getLong(2));
            total += r.getLong(2);
        }
        if (total > 0) {
            ensureCopyOnWrite(iceberg, table);
            if (rule.action() == RetentionAction.DELETE) {
                spark.sql("DELETE FROM " + table + " WHERE " + where);
            } else {
                spark.sql("UPDATE " + table + " SET " + rule.anonymise() + " WHERE " + where);
            }
        }
        long left = spark.sql("SELECT count(*) FROM " + table + " WHERE " + where)
                .first()
                .getLong(0);
        LOG.info("{}: {} rows {} before {} ({} left)", table, total, rule.action(), rule.keptFrom(), left);
        return new Outcome(total, counts, left);
    }

    /**
     * Makes the table's DELETE and UPDATE rewrite the data files (copy-on-write), so an expired row
     * leaves its file instead of being masked by a delete file while still stored. The batch jobs'
     * tables are created so; the raw tables are created by Trino, which sets no write mode (Iceberg's
     * default is copy-on-write), but a table set to merge-on-read is switched back here, and says so.
     */
    static void ensureCopyOnWrite(Table iceberg, String table) {
        String cow = RowLevelOperationMode.COPY_ON_WRITE.modeName();
        Map<String, String> props = iceberg.properties();
        boolean deleteCow = cow.equals(props.getOrDefault(TableProperties.DELETE_MODE, cow));
        boolean updateCow = cow.equals(props.getOrDefault(TableProperties.UPDATE_MODE, cow));
        if (!deleteCow || !updateCow) {
            LOG.warn("{} was merge-on-read: set to copy-on-write so that expired rows leave its data files", table);
            iceberg.updateProperties()
                    .set(TableProperties.DELETE_MODE, cow)
                    .set(TableProperties.UPDATE_MODE, cow)
                    .commit();
        }
    }
}
