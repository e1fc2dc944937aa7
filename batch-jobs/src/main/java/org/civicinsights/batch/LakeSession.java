package org.civicinsights.batch;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a batch run, with the lake's Iceberg catalog. Under spark-submit the master
 * and resources come from the submission; run directly (the civic CLI's local mode) it is local[2].
 */
public final class LakeSession {
    private LakeSession() {}

    public static SparkSession open(BatchSettings s, String appName) {
        String c = "spark.sql.catalog." + s.catalogName();
        SparkSession.Builder b = SparkSession.builder()
                .appName(appName)
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .config(c, "org.apache.iceberg.spark.SparkCatalog")
                .config(c + ".type", s.catalogType())
                // instants in UTC in and out; Rome local dates are computed explicitly where needed
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.datetime.java8API.enabled", "true")
                .config("spark.sql.shuffle.partitions", String.valueOf(s.shufflePartitions()))
                .config("spark.ui.enabled", "false");
        if (s.catalogUri() != null && s.catalogType().equals("rest")) {
            b.config(c + ".uri", s.catalogUri());
        }
        if (s.warehouse() != null) {
            b.config(c + ".warehouse", s.warehouse());
        }
        if (s.master() != null) {
            b.master(s.master());
        } else if (!SparkSession.getActiveSession().isDefined() && System.getProperty("spark.master") == null) {
            b.master("local[2]");
        }
        return b.getOrCreate();
    }
}
