package org.civicinsights.batch.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes deleted rows physically gone from a table: expires the snapshots that still reference the
 * files they were in (those files are deleted with them) and removes orphan files. Iceberg's Spark
 * actions are called directly rather than the SQL procedures, whose 24-hour floor on orphan removal
 * cannot be lowered outside tests; the floor this class keeps instead is {@code orphanMinAge}.
 */
public final class PhysicalCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(PhysicalCleanup.class);

    /**
     * The Flink sink's record of its last committed checkpoint, in a snapshot's summary. On restore
     * the sink walks the current snapshot's ancestors for it and skips the checkpoints already
     * committed; without it, it would commit the restored checkpoint's files a second time.
     */
    static final String FLINK_CHECKPOINT = "flink.max-committed-checkpoint-id";

    static final List<String> FLINK_SUMMARY = List.of("flink.job-id", "flink.operator-id", FLINK_CHECKPOINT);
    static final String CARRIED_FROM = "civic.flink-checkpoint-carried-from";

    /** What one cleanup removed from a table. */
    public record Outcome(
            String table, long deletedDataFiles, long deletedDeleteFiles, long deletedManifests, long orphanFiles) {}

    private PhysicalCleanup() {}

    /**
     * Expires every snapshot but the current one that is older than {@code snapshotGrace}, deleting
     * the files only they referenced, then deletes files no snapshot references that are older than
     * {@code orphanMinAge}. A younger unreferenced file may be a concurrent writer's file not yet
     * committed (the Flink sink between checkpoints, a Spark job before its commit): deleting it
     * would break that commit, so it is left for a later run.
     *
     * @param table the table's name in the Spark catalog, e.g. {@code lake.raw.interactions}
     */
    public static Outcome cleanup(
            SparkSession spark, String table, Duration snapshotGrace, Duration orphanMinAge, Clock clock) {
        Table iceberg = load(spark, table);
        long now = clock.millis();
        long expireBefore = now - snapshotGrace.toMillis();
        Snapshot flink = carryFlinkCheckpoint(iceberg, expireBefore);
        ExpireSnapshots.Result expired = SparkActions.get(spark)
                .expireSnapshots(iceberg)
                // the snapshot that holds the sink's checkpoint stays, and so does every newer one
                .expireOlderThan(flink == null ? expireBefore : Math.min(expireBefore, flink.timestampMillis()))
                .retainLast(1)
                .execute();
        iceberg.refresh();
        DeleteOrphanFiles.Result orphans = SparkActions.get(spark)
                .deleteOrphanFiles(iceberg)
                .olderThan(now - orphanMinAge.toMillis())
                .usePrefixListing(listsThroughFileIo(spark, iceberg))
                .execute();
        long orphanCount = 0;
        for (String ignored : orphans.orphanFileLocations()) {
            orphanCount++;
        }
        Outcome outcome = new Outcome(
                table,
                expired.deletedDataFilesCount(),
                expired.deletedPositionDeleteFilesCount() + expired.deletedEqualityDeleteFilesCount(),
                expired.deletedManifestsCount() + expired.deletedManifestListsCount(),
                orphanCount);
        LOG.info(
                "{}: expired snapshots deleted {} data files, {} delete files, {} manifests; {} orphan files removed",
                table,
                outcome.deletedDataFiles(),
                outcome.deletedDeleteFiles(),
                outcome.deletedManifests(),
                outcome.orphanFiles());
        return outcome;
    }

    /**
     * Makes sure the expiry keeps the Flink sink's committed checkpoint reachable from the current
     * snapshot, and returns the snapshot that holds it (null for a table no Flink job writes). When
     * the newest snapshot carrying it is older than {@code expireBefore} and not the current one
     * (another writer, an erasure, committed since), an empty append carrying the same summary is
     * committed on top of the current snapshot; so the old snapshot can go, with the rows it still
     * referenced, and a restarted ingest job still skips what it committed. The marker is committed
     * only on top of the snapshot it was computed from: a commit that raced with the sink (which may
     * have recorded a newer checkpoint) is dropped and the walk done again.
     */
    static Snapshot carryFlinkCheckpoint(Table table, long expireBefore) {
        TableOperations ops = ((HasTableOperations) table).operations();
        for (int attempt = 1; attempt <= 10; attempt++) {
            TableMetadata base = ops.refresh();
            Snapshot current = base.currentSnapshot();
            Snapshot flink = newestFlinkCommit(base);
            if (flink == null
                    || flink.snapshotId() == current.snapshotId()
                    || flink.timestampMillis() >= expireBefore) {
                return flink;
            }
            AppendFiles marker = table.newAppend();
            for (String key : FLINK_SUMMARY) {
                String value = flink.summary().get(key);
                if (value != null) {
                    marker.set(key, value);
                }
            }
            marker.set(CARRIED_FROM, String.valueOf(flink.snapshotId()));
            Snapshot carried = marker.apply(); // writes its manifest list against the refreshed metadata
            TableMetadata applied = ops.current();
            if (carried.parentId() == null
                    || carried.parentId() != current.snapshotId()
                    || applied.currentSnapshot().snapshotId() != current.snapshotId()) {
                continue; // a commit landed between the walk and the marker: walk again
            }
            try {
                ops.commit(
                        applied,
                        TableMetadata.buildFrom(applied)
                                .setBranchSnapshot(carried, SnapshotRef.MAIN_BRANCH)
                                .build());
                table.refresh();
                LOG.info(
                        "{}: the ingest job's checkpoint {} carried onto a new snapshot before the expiry",
                        table.name(),
                        flink.summary().get(FLINK_CHECKPOINT));
                return table.currentSnapshot();
            } catch (CommitFailedException e) {
                LOG.info("{}: a commit raced with the checkpoint marker; looking again", table.name());
            }
        }
        throw new IllegalStateException(
                "could not keep the ingest job's checkpoint on " + table.name() + " after 10 attempts: run again");
    }

    /** The newest snapshot, among the current one and its ancestors, carrying the sink's checkpoint. */
    static Snapshot newestFlinkCommit(TableMetadata metadata) {
        Snapshot s = metadata.currentSnapshot();
        while (s != null) {
            if (s.summary().containsKey(FLINK_CHECKPOINT)) {
                return s;
            }
            s = s.parentId() == null ? null : metadata.snapshot(s.parentId());
        }
        return null;
    }

    /**
     * Whether the table's files are listed through its FileIO rather than a Hadoop file system: a
     * lake on an object store read with Iceberg's S3FileIO has no Hadoop file system for its
     * {@code s3://} scheme (the orphan search then fails with "No FileSystem for scheme"), while a
     * local or HDFS lake keeps Hadoop's listing.
     */
    static boolean listsThroughFileIo(SparkSession spark, Table iceberg) {
        if (!(iceberg.io() instanceof SupportsPrefixOperations)) {
            return false;
        }
        try {
            new org.apache.hadoop.fs.Path(iceberg.location())
                    .getFileSystem(spark.sparkContext().hadoopConfiguration());
            return false;
        } catch (java.io.IOException e) { // UnsupportedFileSystemException: no Hadoop file system for the scheme
            return true;
        }
    }

    static Table load(SparkSession spark, String table) {
        try {
            return Spark3Util.loadIcebergTable(spark, table);
        } catch (ParseException | org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("cannot load table " + table, e);
        }
    }
}
