package org.civicinsights.cli.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;

/**
 * Ports and sizes of the cluster topology's Spark standalone cluster (one Master, one Worker), from
 * the {@code stack.spark-*} keys of the configuration.
 *
 * @param workerCores cores the Worker offers to executors
 * @param workerMemory memory the Worker offers to executors (Spark's size syntax: 1g, 768m)
 */
public record SparkClusterSettings(
        int masterPort, int masterUiPort, int workerUiPort, int workerCores, String workerMemory) {

    public static final String MASTER_PORT = "stack.spark-master-port";
    public static final String MASTER_UI_PORT = "stack.spark-master-ui-port";
    public static final String WORKER_UI_PORT = "stack.spark-worker-ui-port";
    public static final String WORKER_CORES = "stack.spark-worker-cores";
    public static final String WORKER_MEMORY = "stack.spark-worker-memory";

    public static SparkClusterSettings from(CivicConfig c) {
        return new SparkClusterSettings(
                (int) c.getLong(MASTER_PORT, 7077),
                (int) c.getLong(MASTER_UI_PORT, 8090),
                (int) c.getLong(WORKER_UI_PORT, 8091),
                (int) c.getLong(WORKER_CORES, 1),
                c.get(WORKER_MEMORY, "1g"));
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    public String masterUiUrl() {
        return "http://127.0.0.1:" + masterUiPort;
    }

    public String workerUiUrl() {
        return "http://127.0.0.1:" + workerUiPort;
    }

    /** The Spark folder of a stack: the Spark home, the Worker's work dir, local (shuffle) dirs. */
    public static Path sparkDir(StackLayout layout) {
        return layout.dataDir().resolve("spark");
    }

    public static Path workDir(StackLayout layout) {
        return sparkDir(layout).resolve("work");
    }

    public static Path localDirs(StackLayout layout) {
        return sparkDir(layout).resolve("local");
    }

    /**
     * What the cluster topology writes into civic.properties: its ports and sizes, so that status
     * and down find the same cluster, and the master every later `civic batch run` submits to.
     */
    public Map<String, String> clientSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.master", masterUrl());
        m.put(MASTER_PORT, String.valueOf(masterPort));
        m.put(MASTER_UI_PORT, String.valueOf(masterUiPort));
        m.put(WORKER_UI_PORT, String.valueOf(workerUiPort));
        m.put(WORKER_CORES, String.valueOf(workerCores));
        m.put(WORKER_MEMORY, workerMemory);
        return m;
    }
}
