package org.civicinsights.cli.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Spark's standalone Worker ({@code org.apache.spark.deploy.worker.Worker}) on 127.0.0.1, registered
 * with the stack's Master: it launches the executors of each submitted application as child JVMs,
 * each with a folder {@code app-<id>/<executor>/} (stdout, stderr, the job jar) in its work dir.
 */
public final class SparkWorker extends SparkDaemon {
    public static final String NAME = "spark-worker";

    public SparkWorker(StackLayout layout, StackSettings settings, SparkClusterSettings spark, EngineResolver engines) {
        super(NAME, layout, settings, spark, engines);
    }

    public Path workDir() {
        return SparkClusterSettings.workDir(layout);
    }

    @Override
    public String endpoint() {
        return spark.workerCores() + " core(s), " + spark.workerMemory() + " for executors (web UI "
                + spark.workerUiUrl() + "; work dir " + workDir() + ")";
    }

    @Override
    public void start() throws Exception {
        Files.createDirectories(workDir());
        launch(
                "org.apache.spark.deploy.worker.Worker",
                // each application's folder holds a copy of the job jar: drop those of apps gone for 7 days
                List.of("-Dspark.worker.cleanup.enabled=true"),
                List.of(
                        spark.masterUrl(),
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        String.valueOf(spark.workerCores()),
                        "--memory",
                        spark.workerMemory(),
                        "--webui-port",
                        String.valueOf(spark.workerUiPort()),
                        "--work-dir",
                        workDir().toString()));
    }

    @Override
    public String url() {
        return spark.workerUiUrl();
    }

    /** Registered: the Master lists an ALIVE worker with this worker's web UI port. */
    @Override
    public boolean healthy() {
        return process.running().isPresent()
                && masterStatus().map(s -> s.workerAlive(spark.workerUiPort())).orElse(false);
    }
}
