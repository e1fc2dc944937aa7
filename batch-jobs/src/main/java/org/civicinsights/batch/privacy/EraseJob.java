package org.civicinsights.batch.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.batch.privacy.ErasureStatements.Statement;
import org.civicinsights.common.privacy.CitizenKeyList;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.ErasureAction;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Erases persons from the lake (issue 18; docs/privacy.md, "Erasure"): for the citizen keys of
 * {@code erase.keys-file} and the anonymous ids their events tie to them, applies each register
 * table's erasure action with Spark SQL DELETE / UPDATE / MERGE (copy-on-write: the files that held a row
 * are rewritten without it), expires the snapshots and orphan files that still hold the rows
 * ({@link PhysicalCleanup}), records what it did in meta.erasures (counts only, no key), then tells
 * the CRM (outbox file, Kafka topic). On demand only; {@code civic privacy erase} runs it.
 */
public final class EraseJob implements BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(EraseJob.class);
    public static final String ERASURES = "meta.erasures";
    static final String EVENTS = "raw.interactions";
    /** A snapshot summary property naming the statement that committed it, to find its before and after. */
    static final String STEP_PROPERTY = "civic.erasure-step";

    static final StructType BY_SOURCE = new StructType()
            .add("source_topic", DataTypes.StringType)
            .add("source_partition", DataTypes.IntegerType)
            .add("rows", DataTypes.LongType);

    /** meta.erasures: one row per table an erasure reached; no key, no code, nothing of the person. */
    public static final StructType ERASURES_SCHEMA = new StructType()
            .add("erasure_id", DataTypes.StringType, false)
            .add("ticket", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false)
            .add("requested_at", DataTypes.TimestampType, false)
            .add("completed_at", DataTypes.TimestampType, false)
            .add("citizen_keys", DataTypes.LongType, false)
            .add("table_name", DataTypes.StringType, false)
            .add("action", DataTypes.StringType, false)
            .add("rows_deleted", DataTypes.LongType, false)
            .add("rows_anonymised", DataTypes.LongType, false)
            .add("data_files_rewritten", DataTypes.LongType, false)
            .add("bytes_rewritten", DataTypes.LongType, false)
            .add("deleted_by_source", new ArrayType(BY_SOURCE, false));

    /**
     * Row-level writes as the erasure needs them, set on each table it changes: copy-on-write (the
     * file holding a row is rewritten, no delete file leaves the row in place) and snapshot isolation
     * (a concurrent append, the ingest job's, does not fail the statement: only files the statement
     * read are replaced, so the appended rows stay).
     */
    static final Map<String, String> ROW_LEVEL_WRITES = Map.of(
            "write.delete.mode", "copy-on-write",
            "write.update.mode", "copy-on-write",
            "write.merge.mode", "copy-on-write",
            "write.delete.isolation-level", "snapshot",
            "write.update.isolation-level", "snapshot",
            "write.merge.isolation-level", "snapshot");

    /** A Kafka partition of the source topic of a raw table's rows (null for tables without one). */
    record Source(String topic, Integer partition) {}

    /** What the erasure did to one table. */
    record Reached(
            String table,
            ErasureAction action,
            long deleted,
            long anonymised,
            long filesRewritten,
            long bytesRewritten,
            Map<Source, Long> deletedBySource,
            boolean changed) {}

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "erase",
                JobKind.ON_DEMAND,
                List.of(),
                List.of(TableSpec.of(ERASURES, ERASURES_SCHEMA, null)),
                "erases the persons of erase.keys-file from every table of the register, expires the snapshots"
                        + " that held them, records meta.erasures and notifies the CRM (civic privacy erase)");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        ErasureSettings o = ErasureSettings.from(s.config());
        Instant requestedAt = now();
        List<String> citizenKeys = readKeys(spark, o.keysFile());
        DataRegister register = DataRegister.bundled();
        RegisteredTable events = register.table(EVENTS).orElseThrow();
        String eventsName = BatchTables.name(s, EVENTS);
        if (!spark.catalog().tableExists(eventsName)) {
            throw new IllegalStateException(eventsName + " does not exist: is this the lake?");
        }
        PersonKeys keys = new PersonKeys(citizenKeys, List.of());
        List<Reached> reached = new ArrayList<>();
        try {
            keys = new PersonKeys(citizenKeys, linkedAnonymousIds(spark, eventsName, citizenKeys));
            System.out.printf(
                    "erasure %s: %d citizen key(s), %d anonymous id(s) tied to them%n",
                    o.erasureId(),
                    keys.citizenKeys().size(),
                    keys.anonymousIds().size());
            for (RegisteredTable t : order(register.tables())) {
                String name = BatchTables.name(s, t.name());
                if (!spark.catalog().tableExists(name)) {
                    System.out.printf("  %s: not in the lake, nothing to erase%n", t.name());
                    continue;
                }
                long t0 = System.nanoTime();
                Reached r = erase(spark, t, name, keys, events, eventsName);
                reached.add(r);
                System.out.printf(
                        "  %s (%s): %d deleted, %d anonymised, %d data files rewritten, %.1f s%n",
                        t.name(),
                        t.erasure().name().toLowerCase(java.util.Locale.ROOT),
                        r.deleted(),
                        r.anonymised(),
                        r.filesRewritten(),
                        (System.nanoTime() - t0) / 1e9);
            }
        } catch (Exception e) { // Spark's AnalysisException is checked, and thrown undeclared
            throw scrubbed(e, keys);
        }
        // recorded before the cleanup: should the cleanup fail, the counts of what was deleted stay
        // proven (a rerun deletes nothing more, it only cleans up and records zeros)
        Instant completedAt = now();
        record(spark, s, o, requestedAt, completedAt, keys.citizenKeys().size(), reached);
        cleanup(spark, s, o, reached);
        Map<String, Long> left = left(
                spark, s, register, keys, reached.stream().map(Reached::table).toList());
        if (!left.isEmpty()) {
            throw new IllegalStateException("erasure " + o.erasureId() + " incomplete: rows of the person(s) were"
                    + " written while it ran (by the ingest job or a batch job) and are still there, " + left
                    + "; no notice was sent: run the erasure again");
        }
        long sent = notify(spark, o, now(), keys.citizenKeys());
        return new JobResult(figures(keys, reached, sent), List.of());
    }

    /**
     * The register's tables that erasure reaches, in the order that keeps a rerun able to finish what a
     * failed run began: the derived tables first, then the tables linked to the events, the events
     * (where the person's anonymous ids are found) last.
     */
    static List<RegisteredTable> order(java.util.Collection<RegisteredTable> tables) {
        return tables.stream()
                .filter(RegisteredTable::reachedByErasure)
                .sorted(Comparator.comparingInt((RegisteredTable t) ->
                                t.name().equals(EVENTS) ? 2 : t.erasure() == ErasureAction.LINKED ? 1 : 0)
                        .thenComparing(RegisteredTable::name))
                .toList();
    }

    static List<String> readKeys(SparkSession spark, String file) {
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (InputStream in = fs.open(path)) {
                return CitizenKeyList.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ErasureSettings.KEYS_FILE + " " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ErasureSettings.KEYS_FILE + " " + file + ": " + e.getMessage());
        }
    }

    /** The anonymous ids on the citizens' own identified events. */
    static List<String> linkedAnonymousIds(SparkSession spark, String events, List<String> citizenKeys) {
        return spark
                .sql("SELECT DISTINCT anonymous_id FROM " + events
                        + " WHERE anonymous_id IS NOT NULL AND citizen_key IN ("
                        + ErasureStatements.literals(citizenKeys) + ")")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .sorted()
                .toList();
    }

    private static Reached erase(
            SparkSession spark,
            RegisteredTable t,
            String name,
            PersonKeys keys,
            RegisteredTable events,
            String eventsName) {
        prepare(PhysicalCleanup.load(spark, name));
        boolean bySource = List.of(spark.table(name).schema().fieldNames())
                .containsAll(List.of("source_topic", "source_partition"));
        long deleted = 0;
        long anonymised = 0;
        long files = 0;
        long bytes = 0;
        boolean changed = false;
        Map<Source, Long> deletedBySource =
                new TreeMap<>(Comparator.comparing((Source x) -> x.topic() == null ? "" : x.topic())
                        .thenComparing(x -> x.partition() == null ? -1 : x.partition()));
        for (Statement st : ErasureStatements.of(t, name, keys, events, eventsName)) {
            // the catalog's cached table may be older than the ingest job's last commit: the statement
            // must read the newest snapshot, else rows of the person committed meanwhile would stay
            spark.sql("REFRESH TABLE " + name);
            String step = UUID.randomUUID().toString();
            CommitMetadata.withCommitProperties(
                    Map.of(STEP_PROPERTY, step), () -> spark.sql(st.sql()).collectAsList(), RuntimeException.class);
            Table table = PhysicalCleanup.load(spark, name);
            table.refresh();
            Snapshot committed = committedBy(table, step);
            if (committed == null) {
                continue; // nothing matched: no commit
            }
            long rewritten = summaryLong(committed, "deleted-data-files");
            if (rewritten == 0) {
                continue; // a commit that changed no file: nothing matched
            }
            changed = true;
            files += rewritten;
            bytes += summaryLong(committed, "removed-files-size");
            if (st.anonymised() == null && !bySource) {
                // copy-on-write: the rewritten files' rows, less those written back, are the deleted ones
                deleted += summaryLong(committed, "deleted-records") - summaryLong(committed, "added-records");
                continue;
            }
            // the rows the statement reached: those of a predicate in the snapshot it replaced, less
            // those still there after it (exact while the ingest job appends: its rows are in both)
            if (st.deleted() != null) {
                for (Map.Entry<Source, Long> e : reachedBy(spark, name, committed, st.deleted(), bySource)
                        .entrySet()) {
                    deleted += e.getValue();
                    if (e.getValue() > 0) {
                        deletedBySource.merge(e.getKey(), e.getValue(), Long::sum);
                    }
                }
            }
            if (st.anonymised() != null) {
                anonymised += reachedBy(spark, name, committed, st.anonymised(), bySource).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
            }
        }
        return new Reached(t.name(), t.erasure(), deleted, anonymised, files, bytes, deletedBySource, changed);
    }

    /**
     * The rows of the persons each reached table still holds at its newest snapshot, by table (only
     * tables with some): a statement removes what its snapshot held, not what was committed after it.
     */
    public static Map<String, Long> left(
            SparkSession spark, BatchSettings s, DataRegister register, PersonKeys keys, List<String> tables) {
        RegisteredTable events = register.table(EVENTS).orElseThrow();
        String eventsName = BatchTables.name(s, EVENTS);
        Map<String, Long> left = new TreeMap<>();
        try {
            for (String table : tables) {
                String name = BatchTables.name(s, table);
                String rows = ErasureStatements.reachedRows(
                        ErasureStatements.of(register.table(table).orElseThrow(), name, keys, events, eventsName));
                if (rows == null) {
                    continue;
                }
                spark.sql("REFRESH TABLE " + name);
                long n = spark.sql("SELECT count(*) FROM " + name + " WHERE " + rows)
                        .first()
                        .getLong(0);
                if (n > 0) {
                    left.put(table, n);
                }
            }
        } catch (Exception e) { // the statement quotes the keys
            throw scrubbed(e, keys);
        }
        return left;
    }

    /**
     * Makes the erased rows physically gone from the tables this run changed, and from those where
     * an earlier erasure's files are still referenced ({@link #holdsErasedFiles}). Two tables
     * at a time: on small tables the time goes into planning on the driver, not into Spark tasks.
     */
    private static void cleanup(SparkSession spark, BatchSettings s, ErasureSettings o, List<Reached> reached) {
        List<String> tables = reached.stream()
                .filter(r ->
                        r.changed() || holdsErasedFiles(PhysicalCleanup.load(spark, BatchTables.name(s, r.table()))))
                .map(r -> BatchTables.name(s, r.table()))
                .toList();
        long t0 = System.nanoTime();
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            pool.submit(() -> tables.parallelStream().forEach(t -> {
                        dropDeletedEntries(PhysicalCleanup.load(spark, t));
                        PhysicalCleanup.cleanup(spark, t, o.snapshotGrace(), o.orphanMinAge(), Clock.systemUTC());
                    }))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while expiring snapshots", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        System.out.printf(
                "  snapshots expired and orphan files removed on %d table(s) in %.1f s%n",
                tables.size(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Rewrites the table's manifests, which keeps only their live entries: a copy-on-write commit
     * leaves the rewritten files as DELETED entries in the current snapshot's manifests, with their
     * column bounds (the first 16 characters of a citizen key or an anonymous id), and expiring the
     * older snapshots does not touch the current one. Iceberg's core API, not the Spark action: the
     * tables' metadata is small, and the core rewrite needs no Spark job.
     */
    static void dropDeletedEntries(Table table) {
        table.refresh();
        if (table.currentSnapshot() == null) {
            return;
        }
        table.rewriteManifests().clusterBy(file -> "live").commit();
    }

    /**
     * Whether a snapshot from before an erasure's commit is still there: a run that failed before its
     * cleanup, or a grace not yet over. Such a snapshot still references the files the erasure rewrote.
     */
    static boolean holdsErasedFiles(Table table) {
        table.refresh();
        for (Snapshot snap : table.snapshots()) {
            if (snap.summary().containsKey(STEP_PROPERTY)
                    && summaryLong(snap, "deleted-data-files") > 0
                    && snap.parentId() != null
                    && table.snapshot(snap.parentId()) != null) {
                return true;
            }
        }
        return false;
    }

    /** Sets {@link #ROW_LEVEL_WRITES} where a table differs (raw tables are created by Trino without them). */
    static void prepare(Table table) {
        UpdateProperties update = table.updateProperties();
        boolean changed = false;
        for (Map.Entry<String, String> e : ROW_LEVEL_WRITES.entrySet()) {
            if (!e.getValue().equals(table.properties().get(e.getKey()))) {
                update.set(e.getKey(), e.getValue());
                changed = true;
            }
        }
        if (changed) {
            update.commit();
        }
    }

    private static Snapshot committedBy(Table table, String step) {
        for (Snapshot snap : table.snapshots()) {
            if (step.equals(snap.summary().get(STEP_PROPERTY))) {
                return snap;
            }
        }
        return null;
    }

    /** The rows of a predicate in the snapshot a commit replaced that are not in the commit's, by source. */
    private static Map<Source, Long> reachedBy(
            SparkSession spark, String name, Snapshot committed, String predicate, boolean bySource) {
        Map<Source, Long> before = count(spark, name, committed.parentId(), predicate, bySource);
        Map<Source, Long> after = count(spark, name, committed.snapshotId(), predicate, bySource);
        Map<Source, Long> out = new LinkedHashMap<>();
        before.forEach((source, n) -> out.put(source, n - after.getOrDefault(source, 0L)));
        return out;
    }

    private static Map<Source, Long> count(
            SparkSession spark, String name, Long snapshotId, String predicate, boolean bySource) {
        Map<Source, Long> out = new LinkedHashMap<>();
        if (snapshotId == null) {
            return out;
        }
        String from = name + " VERSION AS OF " + snapshotId + " WHERE " + predicate;
        if (bySource) {
            for (Row r : spark.sql("SELECT source_topic, source_partition, count(*) FROM " + from
                            + " GROUP BY source_topic, source_partition")
                    .collectAsList()) {
                out.put(new Source(r.getString(0), r.isNullAt(1) ? null : r.getInt(1)), r.getLong(2));
            }
        } else {
            out.put(
                    new Source(null, null),
                    spark.sql("SELECT count(*) FROM " + from).first().getLong(0));
        }
        return out;
    }

    private static long summaryLong(Snapshot snap, String key) {
        String v = snap.summary().get(key);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static void record(
            SparkSession spark,
            BatchSettings s,
            ErasureSettings o,
            Instant requestedAt,
            Instant completedAt,
            long citizenKeys,
            List<Reached> reached) {
        List<Row> rows = new ArrayList<>();
        for (Reached r : reached) {
            List<Row> sources = new ArrayList<>();
            r.deletedBySource().forEach((src, n) -> sources.add(RowFactory.create(src.topic(), src.partition(), n)));
            rows.add(RowFactory.create(
                    o.erasureId(),
                    o.ticket(),
                    o.reason(),
                    requestedAt,
                    completedAt,
                    citizenKeys,
                    r.table(),
                    r.action().name().toLowerCase(java.util.Locale.ROOT),
                    r.deleted(),
                    r.anonymised(),
                    r.filesRewritten(),
                    r.bytesRewritten(),
                    CollectionConverters.asScala(sources).toSeq()));
        }
        try {
            spark.createDataFrame(rows, ERASURES_SCHEMA)
                    .writeTo(BatchTables.name(s, ERASURES))
                    .append();
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(ERASURES + " does not exist", e);
        }
    }

    /** The notices, once the lake is erased: the outbox file first, then Kafka. Returns the messages sent. */
    private static long notify(SparkSession spark, ErasureSettings o, Instant erasedAt, List<String> citizenKeys) {
        List<ErasureNotices.Notice> notices = citizenKeys.stream()
                .map(k -> new ErasureNotices.Notice(o.erasureId(), o.ticket(), erasedAt, k))
                .toList();
        String file;
        try {
            file = ErasureNotices.writeOutbox(
                    spark.sparkContext().hadoopConfiguration(), o.outbox(), o.erasureId(), notices);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the lake is erased, but the notices could not be written to " + o.outbox()
                            + ": run the erasure again to send them",
                    e);
        }
        System.out.printf("  notices: %d in %s%n", notices.size(), file);
        if (!o.kafka()) {
            return 0;
        }
        long sent = ErasureNotices.publish(o.bootstrap(), o.kafkaClient(), o.topic(), o.kafkaTimeoutMs(), notices);
        System.out.printf("  notices: %d on Kafka topic %s%n", sent, o.topic());
        return sent;
    }

    private static Map<String, Long> figures(PersonKeys keys, List<Reached> reached, long sent) {
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("citizen_keys", (long) keys.citizenKeys().size());
        f.put("anonymous_ids", (long) keys.anonymousIds().size());
        long files = 0;
        long bytes = 0;
        for (Reached r : reached) {
            f.put("deleted." + r.table(), r.deleted());
            if (r.action() == ErasureAction.ANONYMISE || r.anonymised() > 0) {
                f.put("anonymised." + r.table(), r.anonymised());
            }
            files += r.filesRewritten();
            bytes += r.bytesRewritten();
        }
        f.put("data_files_rewritten", files);
        f.put("bytes_rewritten", bytes);
        f.put("kafka_notices", sent);
        return f;
    }

    /**
     * The failure, with every key of the persons taken out of its message (Spark quotes a failing
     * statement, which holds them): no cause is kept, its message would carry them into
     * meta.job_runs and the logs; its stack trace is.
     */
    static RuntimeException scrubbed(Exception e, PersonKeys keys) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = keys.scrub(e.getClass().getSimpleName() + ": " + e.getMessage()
                + (root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")"));
        IllegalStateException out = new IllegalStateException("erasure failed: " + message);
        out.setStackTrace(root.getStackTrace());
        LOG.error("erasure failed: {}", message);
        return out;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
