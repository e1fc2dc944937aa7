package org.civicinsights.batch;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.common.config.CivicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The Spark session of a batch run, with the lake's Iceberg catalog. Under spark-submit the master
 * and resources come from the submission; run directly (the civic CLI's local mode) it is
 * local[2]. What is set and what wins: {@link SparkSessionSettings}.
 */
public final class LakeSession {
    private static final Logger LOG = LoggerFactory.getLogger(LakeSession.class);

    private LakeSession() {}

    public static SparkSession open(BatchSettings s, String appName) {
        SparkSessionSettings effective = SparkSessionSettings.of(s, sparkConf());
        effective.warnings().forEach(LOG::warn);
        LOG.info("Spark session {}: {}", appName, CivicConfig.masked(effective.settings()));
        // the application's name first, so that a spark.app.name of the configuration wins
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        effective.settings().forEach(b::config);
        return b.getOrCreate();
    }

    /** What spark-submit (--conf, --master, spark-defaults.conf) or -Dspark.* set: Spark's system properties. */
    static Map<String, String> sparkConf() {
        Map<String, String> entries = new HashMap<>();
        for (Tuple2<String, String> e : new SparkConf(true).getAll()) {
            entries.put(e._1(), e._2());
        }
        return entries;
    }
}
