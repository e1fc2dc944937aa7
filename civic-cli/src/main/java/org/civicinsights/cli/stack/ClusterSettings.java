package org.civicinsights.cli.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;

/**
 * Ports and sizes of the cluster topology (`civic stack up --cluster`): the object store, the
 * Flink session cluster and the Spark standalone cluster. Each can be set like every stack.* key.
 */
public record ClusterSettings(
        int s3Port,
        int flinkRestPort,
        int flinkRpcPort,
        int flinkTaskmanagers,
        int flinkSlots,
        SparkClusterSettings spark) {

    /** The object store's bucket and the warehouse in it (the same names a city's store would get). */
    public static final String BUCKET = "civic-lake";

    public static final String WAREHOUSE = "s3://" + BUCKET + "/warehouse";
    /** S3-compatible stores ignore the region, but the AWS SDK needs one. */
    public static final String REGION = "us-east-1";

    public static ClusterSettings from(CivicConfig c) {
        return new ClusterSettings(
                (int) c.getLong("stack.s3-port", 9000),
                (int) c.getLong("stack.flink-rest-port", 8081),
                (int) c.getLong("stack.flink-rpc-port", 6123),
                (int) c.getLong("stack.flink-taskmanagers", 2),
                (int) c.getLong("stack.flink-slots", 2),
                SparkClusterSettings.from(c));
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /** host:port of the JobManager's REST endpoint, where jobs are submitted (`flink.jobmanager`). */
    public String flinkJobManager() {
        return "127.0.0.1:" + flinkRestPort;
    }

    public String flinkRestUrl() {
        return "http://" + flinkJobManager();
    }

    public String sparkMaster() {
        return spark.masterUrl();
    }

    /** The keys written to civic.properties so later commands find the same cluster. */
    public Map<String, String> asProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("stack.s3-port", String.valueOf(s3Port));
        m.put("stack.flink-rest-port", String.valueOf(flinkRestPort));
        m.put("stack.flink-rpc-port", String.valueOf(flinkRpcPort));
        m.put("stack.flink-taskmanagers", String.valueOf(flinkTaskmanagers));
        m.put("stack.flink-slots", String.valueOf(flinkSlots));
        m.putAll(spark.clientSettings()); // with spark.master, the master `civic batch run` submits to
        return m;
    }
}
