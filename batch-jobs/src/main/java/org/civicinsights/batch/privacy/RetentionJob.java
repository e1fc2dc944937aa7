package org.civicinsights.batch.privacy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.RetentionAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the register's retention (privacy/register.yaml) for one Rome day: in every table of the
 * register that exists and has a retention, the rows whose age column is before the first kept day
 * are deleted or anonymised (Spark SQL DELETE / UPDATE, copy-on-write: the rows leave the data files);
 * the outreach outbox's old exports are deleted with activation.outreach_delta's rows; then every
 * table of the lake gets {@link PhysicalCleanup} (snapshots older than {@value #SNAPSHOT_RETENTION},
 * orphan files older than {@value #ORPHAN_MIN_AGE}), after which the removed rows are in no file.
 *
 * <p>Rows removed per table, and per Kafka topic and partition for the raw tables, go to
 * {@value #EXPIRED}, so the accounting identity (records read = interactions + rejected + duplicates)
 * still adds up after retention. Idempotent for its date: a rerun finds nothing more to remove.
 */
public final class RetentionJob implements BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    public static final String NAME = "retention";
    public static final String EXPIRED = "meta.retention_expired";
    public static final String SNAPSHOT_RETENTION = "privacy.snapshot-retention";
    public static final String ORPHAN_MIN_AGE = ErasureSettings.ORPHAN_MIN_AGE;
    static final Duration DEFAULT_SNAPSHOT_RETENTION = Duration.ofDays(7);
    /** The register entry whose retention the outbox's exports share: the changes they carry. */
    static final String OUTBOX_TABLE = "activation.outreach_delta";
    /** Tables cleaned up at once. */
    static final int CLEANUP_THREADS = 3;

    static final StructType EXPIRED_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("run_date", DataTypes.DateType, false)
            .add("table_name", DataTypes.StringType, false)
            .add("action", DataTypes.StringType, false)
            .add("kept_from", DataTypes.DateType, false)
            .add("source_topic", DataTypes.StringType)
            .add("source_partition", DataTypes.IntegerType)
            .add("row_count", DataTypes.LongType, false)
            .add("recorded_at", DataTypes.TimestampType, false);

    @Override
    public JobSpec spec() {
        return new JobSpec(
                NAME,
                JobKind.ON_DEMAND,
                List.of(),
                List.of(TableSpec.of(EXPIRED, EXPIRED_SCHEMA, null)),
                "rows past the register's retention deleted or anonymised, then snapshots and orphan files"
                        + " expired on every table (civic maintain)");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings settings, LocalDate date) {
        Duration snapshotRetention = duration(settings, SNAPSHOT_RETENTION, DEFAULT_SNAPSHOT_RETENTION);
        Duration orphanMinAge = duration(settings, ORPHAN_MIN_AGE, ErasureSettings.DEFAULT_ORPHAN_MIN_AGE);
        DataRegister register = DataRegister.bundled();
        String runId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        Map<String, Long> figures = new LinkedHashMap<>();
        List<Row> expired = new ArrayList<>();
        List<QualityCheck> checks = new ArrayList<>();
        for (RetentionRule rule : RetentionRule.of(register, date)) {
            String table = BatchTables.name(settings, rule.table());
            if (!spark.catalog().tableExists(table)) {
                continue; // a job that never ran: nothing to expire yet
            }
            long t0 = System.nanoTime();
            TableRetention.Outcome outcome = TableRetention.enforce(spark, table, rule);
            figures.put(figureKey(rule), outcome.rows());
            outcome.bySource()
                    .forEach((source, rows) -> expired.add(RowFactory.create(
                            runId,
                            date,
                            rule.table(),
                            rule.action().name().toLowerCase(java.util.Locale.ROOT),
                            rule.keptFrom(),
                            source.topic(),
                            source.partition(),
                            rows,
                            now)));
            checks.add(QualityCheck.hard(
                    "retention_" + rule.table().replace('.', '_'),
                    outcome.left(),
                    "rows of " + rule.table() + " before " + rule.keptFrom() + " left after retention"));
            System.out.printf(
                    "  %-34s %-10s before %s: %,d row(s) (%.1f s)%n",
                    rule.table(),
                    rule.action() == RetentionAction.DELETE ? "deleted" : "anonymised",
                    rule.keptFrom(),
                    outcome.rows(),
                    (System.nanoTime() - t0) / 1e9);
        }
        if (!expired.isEmpty()) {
            try {
                spark.createDataFrame(expired, EXPIRED_SCHEMA)
                        .writeTo(BatchTables.name(settings, EXPIRED))
                        .append();
            } catch (NoSuchTableException e) {
                throw new IllegalStateException("table " + EXPIRED + " does not exist", e);
            }
        }
        String outbox = settings.config().get("outreach.outbox", null);
        if (outbox != null && !outbox.isBlank()) {
            LocalDate keptFrom =
                    register.table(OUTBOX_TABLE).flatMap(t -> t.keptFrom(date)).orElse(null);
            if (keptFrom != null) {
                try {
                    long dirs = OutboxRetention.enforce(spark.sparkContext().hadoopConfiguration(), outbox, keptFrom);
                    figures.put("removed:outbox-exports", dirs);
                    System.out.printf("  %-34s %-10s before %s: %,d export(s)%n", "outbox", "deleted", keptFrom, dirs);
                } catch (IOException e) {
                    throw new IllegalStateException("outbox " + outbox + ": " + e.getMessage(), e);
                }
            }
        }
        cleanupEveryTable(spark, settings, snapshotRetention, orphanMinAge, figures);
        return new JobResult(figures, checks);
    }

    /** The figure of a table in meta.job_runs ({@code removed:raw.interactions}), which civic maintain reads. */
    public static String figureKey(RetentionRule rule) {
        return (rule.action() == RetentionAction.DELETE ? "removed:" : "anonymised:") + rule.table();
    }

    /**
     * {@link PhysicalCleanup} on every table of the catalog, a few tables at a time: each cleanup is
     * a handful of small Spark jobs over metadata, mostly waiting on the driver, so they overlap well.
     */
    private static void cleanupEveryTable(
            SparkSession spark,
            BatchSettings settings,
            Duration grace,
            Duration orphanMinAge,
            Map<String, Long> figures) {
        long t0 = System.nanoTime();
        String catalog = settings.catalogName();
        List<String> tables = new ArrayList<>();
        for (Row ns : spark.sql("SHOW NAMESPACES IN " + catalog).collectAsList()) {
            for (Row t : spark.sql("SHOW TABLES IN " + catalog + "." + ns.getString(0))
                    .collectAsList()) {
                tables.add(catalog + "." + ns.getString(0) + "." + t.getString(1));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLEANUP_THREADS);
        List<PhysicalCleanup.Outcome> outcomes = new ArrayList<>();
        try {
            List<Future<PhysicalCleanup.Outcome>> running = new ArrayList<>();
            for (String table : tables) {
                running.add(pool.submit(
                        () -> PhysicalCleanup.cleanup(spark, table, grace, orphanMinAge, Clock.systemUTC())));
            }
            for (Future<PhysicalCleanup.Outcome> f : running) {
                outcomes.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cleanup interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cleanup failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long dataFiles = outcomes.stream()
                .mapToLong(PhysicalCleanup.Outcome::deletedDataFiles)
                .sum();
        long deleteFiles = outcomes.stream()
                .mapToLong(PhysicalCleanup.Outcome::deletedDeleteFiles)
                .sum();
        long orphans = outcomes.stream()
                .mapToLong(PhysicalCleanup.Outcome::orphanFiles)
                .sum();
        figures.put("cleanup:tables", (long) tables.size());
        figures.put("cleanup:data-files-deleted", dataFiles);
        figures.put("cleanup:delete-files-deleted", deleteFiles);
        figures.put("cleanup:orphan-files-removed", orphans);
        System.out.printf(
                "  cleanup of %d table(s) (snapshots older than %s, orphans older than %s): %,d data file(s),"
                        + " %,d delete file(s), %,d orphan file(s) removed (%.1f s)%n",
                tables.size(), grace, orphanMinAge, dataFiles, deleteFiles, orphans, (System.nanoTime() - t0) / 1e9);
        LOG.info("retention cleanup: {} tables, {} data files, {} orphan files", tables.size(), dataFiles, orphans);
    }

    /** An ISO-8601 duration setting (P7D, PT10M, PT0S). */
    static Duration duration(BatchSettings settings, String key, Duration defaultValue) {
        return ErasureSettings.duration(settings.config(), key, defaultValue);
    }
}
