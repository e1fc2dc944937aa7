package org.civicinsights.cli.stack;

import java.nio.file.Path;

/**
 * Where the local stack keeps everything: one data directory (default {@code ./.civic}) holding
 * each service's state, logs and pid files, plus a cache of downloaded engines shared across
 * checkouts (default {@code ~/.cache/civic-insights}).
 */
public record StackLayout(Path home, Path dataDir, Path cacheDir) {

    public Path logs() {
        return dataDir.resolve("logs");
    }

    public Path run() {
        return dataDir.resolve("run");
    }

    public Path log(String service) {
        return logs().resolve(service + ".log");
    }

    public Path pidFile(String service) {
        return run().resolve(service + ".pid");
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path catalogDir() {
        return dataDir.resolve("catalog");
    }

    public Path warehouseDir() {
        return dataDir.resolve("warehouse");
    }

    public Path trinoDir() {
        return dataDir.resolve("trino");
    }

    public Path flinkDir() {
        return dataDir.resolve("flink");
    }

    /** The object store's files (cluster topology): one directory per bucket. */
    public Path s3Dir() {
        return dataDir.resolve("s3");
    }

    /** The object store's generated access key pair (0600). */
    public Path s3Credentials() {
        return dataDir.resolve("secrets").resolve("s3.properties");
    }

    /** S3Proxy's own settings file, holding the same pair (0600). */
    public Path s3ProxyConfig() {
        return dataDir.resolve("secrets").resolve("s3proxy.properties");
    }

    /** The Flink session cluster's configuration directory (FLINK_CONF_DIR). */
    public Path flinkConfDir() {
        return flinkDir().resolve("conf");
    }

    /** Retained checkpoints of the continuous ingest job, in both topologies. */
    public Path flinkCheckpoints() {
        return flinkDir().resolve("checkpoints");
    }

    /** Generated passwords, keys and certificates of the stack (0700; every file 0600). */
    public Path secretsDir() {
        return dataDir.resolve("secrets");
    }

    public Path keyFile() {
        return dataDir.resolve("secrets").resolve("pseudonymisation.key");
    }

    /** Client settings of the running stack, read by every other civic command. */
    public Path clientConfig() {
        return dataDir.resolve("civic.properties");
    }

    public Path streamingJobsJar() {
        return home.resolve("streaming-jobs").resolve("target").resolve("civic-streaming-jobs.jar");
    }

    public Path cliJar() {
        return home.resolve("civic-cli").resolve("target").resolve("civic-cli.jar");
    }

    public Path batchJobsJar() {
        return home.resolve("batch-jobs").resolve("target").resolve("civic-batch-jobs.jar");
    }

    /** Spark's JVM options for Java 17 (an argfile), shared with the batch jobs' tests. */
    public Path sparkJvmOptions() {
        return home.resolve("batch-jobs").resolve("spark-jvm.opts");
    }

    /** OAuth2 in front of the local Iceberg REST catalog (stack.security=on), on the catalog's classpath. */
    public Path catalogAuthJar() {
        return home.resolve("catalog-auth").resolve("target").resolve("civic-catalog-auth.jar");
    }

    public Path collectorJar() {
        return home.resolve("collector").resolve("target").resolve("civic-collector.jar");
    }

    public Path mavenWrapper() {
        return home.resolve("mvnw");
    }

    public Path enginePom(String engine) {
        return home.resolve("civic-cli").resolve("engines").resolve(engine).resolve("pom.xml");
    }
}
