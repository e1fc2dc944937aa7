package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Flink session cluster's configuration: {@code conf/config.yaml} for the JobManager, the
 * TaskManagers and Flink's client, their JVM options, and their logging. What Flink's own start
 * scripts would derive (memory flags, Java 17 options) is derived here, since flink-dist is not
 * on Maven Central and the processes are started without those scripts.
 */
public final class FlinkClusterConfig {
    private FlinkClusterConfig() {}

    /** Flink's env.java.opts.all for Java 17 (flink-dist's config.yaml): every Flink JVM needs them. */
    public static final List<String> JAVA_17_OPTIONS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * Every memory component of a TaskManager. A TaskManager started without taskmanager.sh stops
     * unless all are set explicitly; its JVM flags are derived from them as the script would.
     */
    public record TaskManagerMemory(
            int frameworkHeapMb,
            int taskHeapMb,
            int frameworkOffHeapMb,
            int taskOffHeapMb,
            int managedMb,
            int networkMb,
            int metaspaceMb,
            int overheadMb) {

        /**
         * Two slots running the ingest job (the de-duplication state of 7 days of event ids lives
         * on the task heap); managed memory only matters for RocksDB or batch jobs, unused here.
         */
        public static final TaskManagerMemory DEFAULT = new TaskManagerMemory(128, 320, 128, 64, 32, 64, 256, 128);

        public int heapMb() {
            return frameworkHeapMb + taskHeapMb;
        }

        /** Framework and task off-heap plus network buffers: Flink's -XX:MaxDirectMemorySize. */
        public int directMb() {
            return frameworkOffHeapMb + taskOffHeapMb + networkMb;
        }

        /** What the process may take at most, all components together. */
        public int processMb() {
            return heapMb() + directMb() + managedMb + metaspaceMb + overheadMb;
        }

        Map<String, String> config() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("taskmanager.memory.framework.heap.size", frameworkHeapMb + "m");
            m.put("taskmanager.memory.task.heap.size", taskHeapMb + "m");
            m.put("taskmanager.memory.framework.off-heap.size", frameworkOffHeapMb + "m");
            m.put("taskmanager.memory.task.off-heap.size", taskOffHeapMb + "m");
            m.put("taskmanager.memory.managed.size", managedMb + "m");
            m.put("taskmanager.memory.network.min", networkMb + "m");
            m.put("taskmanager.memory.network.max", networkMb + "m");
            m.put("taskmanager.memory.jvm-metaspace.size", metaspaceMb + "m");
            m.put("taskmanager.memory.jvm-overhead.min", overheadMb + "m");
            m.put("taskmanager.memory.jvm-overhead.max", overheadMb + "m");
            return m;
        }

        public List<String> jvmOptions() {
            return List.of(
                    "-Xms" + heapMb() + "m",
                    "-Xmx" + heapMb() + "m",
                    "-XX:MaxDirectMemorySize=" + directMb() + "m",
                    "-XX:MaxMetaspaceSize=" + metaspaceMb + "m");
        }
    }

    /** The JobManager's heap and metaspace: it schedules, coordinates checkpoints and runs the source enumerators. */
    public static final int JOBMANAGER_HEAP_MB = 384;

    public static final int JOBMANAGER_METASPACE_MB = 192;

    public static List<String> jobManagerJvmOptions() {
        return List.of(
                "-Xms" + JOBMANAGER_HEAP_MB + "m",
                "-Xmx" + JOBMANAGER_HEAP_MB + "m",
                "-XX:MaxMetaspaceSize=" + JOBMANAGER_METASPACE_MB + "m");
    }

    /** The settings of config.yaml, in the flat form Flink 2 reads (one key per line). */
    public static Map<String, String> settings(StackLayout layout, ClusterSettings cluster, TaskManagerMemory tm) {
        Path flink = layout.flinkDir().toAbsolutePath();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jobmanager.rpc.address", "127.0.0.1");
        m.put("jobmanager.rpc.port", String.valueOf(cluster.flinkRpcPort()));
        m.put("jobmanager.bind-host", "127.0.0.1");
        m.put("jobmanager.memory.heap.size", JOBMANAGER_HEAP_MB + "m");
        m.put("jobmanager.memory.jvm-metaspace.size", JOBMANAGER_METASPACE_MB + "m");
        m.put("jobmanager.execution.failover-strategy", "region");
        m.put("rest.address", "127.0.0.1");
        m.put("rest.bind-address", "127.0.0.1");
        m.put("rest.port", String.valueOf(cluster.flinkRestPort()));
        m.put("taskmanager.host", "127.0.0.1");
        m.put("taskmanager.bind-host", "127.0.0.1");
        m.put("taskmanager.numberOfTaskSlots", String.valueOf(cluster.flinkSlots()));
        m.put("taskmanager.cpu.cores", String.valueOf(cluster.flinkSlots()));
        // a job of parallelism 2 gets one slot on each TaskManager, not both on the first:
        // losing one TaskManager then loses half of the job, and the other's free slot takes it over
        m.put("taskmanager.load-balance.mode", "SLOTS");
        m.putAll(tm.config());
        m.put("parallelism.default", "2");
        m.put("io.tmp.dirs", flink.resolve("tmp").toString());
        m.put("web.tmpdir", flink.resolve("tmp").resolve("web").toString());
        m.put("web.upload.dir", flink.resolve("tmp").resolve("jars").toString());
        // checkpoints on storage every process sees: on one machine a local directory is shared;
        // a cluster of machines uses s3:// (Flink's S3 file system plugin) or hdfs:// here
        m.put("state.backend.type", "hashmap");
        m.put(
                "execution.checkpointing.dir",
                layout.flinkCheckpoints().toAbsolutePath().toUri().toString());
        m.put(
                "execution.checkpointing.savepoint-dir",
                flink.resolve("savepoints").toUri().toString());
        m.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        m.put("execution.checkpointing.num-retained", "2");
        // the cluster's default; the ingest job sets the same for itself
        m.put("restart-strategy.type", "exponential-delay");
        m.put("restart-strategy.exponential-delay.initial-backoff", "1 s");
        m.put("restart-strategy.exponential-delay.max-backoff", "15 s");
        m.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
        m.put("restart-strategy.exponential-delay.reset-backoff-threshold", "5 min");
        return m;
    }

    public static String configYaml(Map<String, String> settings) {
        List<String> lines = new ArrayList<>();
        lines.add(
                "# Written by `civic stack up --cluster` at every start: change the stack.* settings, not this file.");
        settings.forEach((k, v) -> lines.add(k + ": " + yamlScalar(v)));
        lines.add("");
        return String.join("\n", lines);
    }

    /** Writes conf/config.yaml and the logging configurations; the same for every process of the cluster. */
    public static Path write(StackLayout layout, ClusterSettings cluster) throws IOException {
        Path conf = layout.flinkConfDir();
        Files.createDirectories(conf);
        Files.createDirectories(layout.flinkDir().resolve("tmp"));
        Files.createDirectories(layout.flinkCheckpoints());
        Files.createDirectories(plugins(layout));
        Files.writeString(
                conf.resolve("config.yaml"), configYaml(settings(layout, cluster, TaskManagerMemory.DEFAULT)));
        Files.writeString(conf.resolve("log4j-console.properties"), log4j("INFO"));
        // the client looks for Flink's YARN command line first and warns, with a stack trace, that it is absent
        Files.writeString(
                conf.resolve("log4j-cli.properties"),
                log4j("WARN")
                        + "logger.cli.name = org.apache.flink.client.cli.CliFrontend\nlogger.cli.level = ERROR\n");
        return conf;
    }

    /**
     * Flink's plugins directory, empty: where a cluster on several machines would put Flink's S3
     * file system plugin for checkpoints on the object store.
     */
    static Path plugins(StackLayout layout) {
        return layout.flinkDir().resolve("plugins").toAbsolutePath();
    }

    /** The environment of every Flink process of the stack: its configuration and plugins directories. */
    static Map<String, String> environment(StackLayout layout) {
        return Map.of(
                "FLINK_CONF_DIR", layout.flinkConfDir().toAbsolutePath().toString(),
                "FLINK_PLUGINS_DIR", plugins(layout).toString());
    }

    /** The options every Flink JVM of the stack starts with, before its own. */
    static List<String> commonJvmOptions(Path conf, String log4jFile) {
        List<String> opts = new ArrayList<>(JAVA_17_OPTIONS);
        opts.add("-XX:+UseSerialGC");
        opts.add("-Dlog4j2.configurationFile=" + conf.resolve(log4jFile).toUri());
        return opts;
    }

    /** A value as a YAML scalar: quoted unless plainly safe (paths and URIs are quoted). */
    static String yamlScalar(String v) {
        if (v.matches("[A-Za-z0-9_.\\-]+( [a-z]+)?")) {
            return v;
        }
        return "'" + v.replace("'", "''") + "'";
    }

    /** Log4j 2 configuration of the Flink JVMs: to the console, which the stack writes to their log file. */
    public static String log4j(String flinkLevel) {
        return String.join(
                "\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.console.ref = console",
                "appender.console.name = console",
                "appender.console.type = Console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                "logger.flink.name = org.apache.flink",
                "logger.flink.level = " + flinkLevel,
                "logger.pekko.name = org.apache.pekko",
                "logger.pekko.level = WARN",
                "logger.shaded.name = org.apache.flink.shaded",
                "logger.shaded.level = WARN",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                "logger.iceberg.name = org.apache.iceberg",
                "logger.iceberg.level = WARN",
                // Iceberg's writer metrics look for Dropwizard histograms, optional, and warn with a stack trace per
                // task
                "logger.writermetrics.name = org.apache.iceberg.flink.sink.IcebergStreamWriterMetrics",
                "logger.writermetrics.level = ERROR",
                "logger.hadoop.name = org.apache.hadoop",
                "logger.hadoop.level = WARN",
                "logger.aws.name = software.amazon",
                "logger.aws.level = WARN",
                "logger.civic.name = org.civicinsights",
                "logger.civic.level = INFO",
                "");
    }
}
