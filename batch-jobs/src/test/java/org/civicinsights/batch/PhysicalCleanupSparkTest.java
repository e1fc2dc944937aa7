package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.batch.privacy.PhysicalCleanup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PhysicalCleanupSparkTest {
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-cleanup-test");
        spark = TestLake.open(warehouse, "cleanup-test");
    }

    @AfterAll
    static void close() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aDeletedRowIsInNoFileOnceSnapshotsAreExpiredAndAYoungOrphanIsKept() throws Exception {
        spark.sql("CREATE TABLE lake.raw.cleanup_probe (citizen_key string, n int) USING iceberg"
                + BatchTables.PROPERTIES);
        spark.sql("INSERT INTO lake.raw.cleanup_probe VALUES ('erase-me', 1), ('keep-me', 2)");
        spark.sql("INSERT INTO lake.raw.cleanup_probe VALUES ('keep-me', 3)");
        spark.sql("DELETE FROM lake.raw.cleanup_probe WHERE citizen_key = 'erase-me'");
        Path table = warehouse.resolve("raw/cleanup_probe");
        assertThat(filesHolding(table, "erase-me")).isNotEmpty(); // the older snapshot still has it
        Path young = table.resolve("data/left-by-a-writer-not-yet-committed.parquet");
        Files.copy(parquetFiles(table).get(0), young);

        PhysicalCleanup.Outcome outcome = PhysicalCleanup.cleanup(
                spark, "lake.raw.cleanup_probe", Duration.ZERO, Duration.ofMinutes(10), Clock.systemUTC());

        assertThat(outcome.deletedDataFiles()).isEqualTo(1);
        assertThat(outcome.orphanFiles()).isZero();
        assertThat(young).exists();
        Files.delete(young);
        assertThat(filesHolding(table, "erase-me")).isEmpty();
        assertThat(spark.sql("SELECT n FROM lake.raw.cleanup_probe ORDER BY n")
                        .as(org.apache.spark.sql.Encoders.INT())
                        .collectAsList())
                .containsExactly(2, 3);
        assertThat(spark.sql("SELECT count(*) FROM lake.raw.cleanup_probe.snapshots")
                        .first()
                        .getLong(0))
                .isEqualTo(1);
    }

    @Test
    void theIngestJobsCommittedCheckpointStaysReachableWhenItsSnapshotIsExpired() throws Exception {
        spark.sql("CREATE TABLE lake.raw.checkpoint_probe (citizen_key string, n int) USING iceberg"
                + BatchTables.PROPERTIES);
        spark.sql("INSERT INTO lake.raw.checkpoint_probe VALUES ('erase-me', 1), ('keep-me', 2)");
        org.apache.iceberg.Table table =
                org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, "lake.raw.checkpoint_probe");
        // what the Flink sink commits at a checkpoint (here one without new files, as it does when idle)
        table.newAppend()
                .set("flink.job-id", "job-1")
                .set("flink.operator-id", "op-1")
                .set("flink.max-committed-checkpoint-id", "7")
                .commit();
        spark.sql("DELETE FROM lake.raw.checkpoint_probe WHERE citizen_key = 'erase-me'"); // an erasure on top

        PhysicalCleanup.cleanup(
                spark, "lake.raw.checkpoint_probe", Duration.ZERO, Duration.ofMinutes(10), Clock.systemUTC());

        table.refresh();
        // the sink's checkpoint is in the current snapshot's summary: a restart skips checkpoint 7
        assertThat(table.currentSnapshot().summary())
                .containsEntry("flink.job-id", "job-1")
                .containsEntry("flink.operator-id", "op-1")
                .containsEntry("flink.max-committed-checkpoint-id", "7");
        // and the snapshots from before the erasure are gone with the rows they held
        assertThat(table.snapshots()).hasSize(1);
        assertThat(filesHolding(warehouse.resolve("raw/checkpoint_probe"), "erase-me"))
                .isEmpty();
        // a second cleanup with the sink's snapshot current adds no marker
        long current = table.currentSnapshot().snapshotId();
        PhysicalCleanup.cleanup(
                spark, "lake.raw.checkpoint_probe", Duration.ZERO, Duration.ofMinutes(10), Clock.systemUTC());
        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).isEqualTo(current);
    }

    static List<Path> parquetFiles(Path table) throws Exception {
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    /** Every Parquet file under the table's folder, live or not, that holds {@code value}. */
    static List<Path> filesHolding(Path table, String value) throws Exception {
        return parquetFiles(table).stream()
                .filter(f -> spark.read()
                                .parquet(f.toUri().toString())
                                .where("citizen_key = '" + value + "'")
                                .count()
                        > 0)
                .toList();
    }
}
