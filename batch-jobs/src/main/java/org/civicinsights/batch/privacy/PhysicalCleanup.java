package org.civicinsights.batch.privacy;

import java.time.Clock;
import java.time.Duration;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
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
        ExpireSnapshots.Result expired = SparkActions.get(spark)
                .expireSnapshots(iceberg)
                .expireOlderThan(now - snapshotGrace.toMillis())
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
