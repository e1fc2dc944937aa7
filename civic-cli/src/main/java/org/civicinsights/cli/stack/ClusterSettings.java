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
        String flinkJobManager,
        SparkClusterSettings spark) {

    /** host:port of the REST endpoint of the JobManager the ingest job is submitted to and read from. */
    public static final String FLINK_JOBMANAGER = "flink.jobmanager";

    /** The object store's bucket and the warehouse in it (the same names a city's store would get). */
    public static final String BUCKET = "civic-lake";

    public static final String WAREHOUSE = "s3://" + BUCKET + "/warehouse";
    /** S3-compatible stores ignore the region, but the AWS SDK needs one. */
    public static final String REGION = "us-east-1";

    public static ClusterSettings from(CivicConfig c) {
        int restPort = (int) c.getLong("stack.flink-rest-port", 8081);
        return new ClusterSettings(
                (int) c.getLong("stack.s3-port", 9000),
                restPort,
                (int) c.getLong("stack.flink-rpc-port", 6123),
                (int) c.getLong("stack.flink-taskmanagers", 2),
                (int) c.getLong("stack.flink-slots", 2),
                jobManagerAddress(c.get(FLINK_JOBMANAGER, null), restPort),
                SparkClusterSettings.from(c));
    }

    /** `flink.jobmanager` as host:port (an http:// prefix or a trailing slash is tolerated), else this stack's own. */
    static String jobManagerAddress(String configured, int restPort) {
        if (configured == null || configured.isBlank()) {
            return "127.0.0.1:" + restPort;
        }
        String a = configured.strip().replaceFirst("^https?://", "").replaceFirst("/+$", "");
        if (!a.matches("[^:/\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException(FLINK_JOBMANAGER
                    + " must be host:port of the JobManager's REST endpoint, not '" + configured + "'");
        }
        return a;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    /**
     * host:port of the JobManager's REST endpoint, where the ingest job is submitted and its state
     * read (`flink.jobmanager`; by default the JobManager this stack starts).
     */
    @Override
    public String flinkJobManager() {
        return flinkJobManager;
    }

    /** The REST API of the JobManager the ingest job is submitted to. */
    public String flinkRestUrl() {
        return "http://" + flinkJobManager;
    }

    /** The REST API of the JobManager process this stack starts (its health, its TaskManagers). */
    public String localFlinkRestUrl() {
        return "http://127.0.0.1:" + flinkRestPort;
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
