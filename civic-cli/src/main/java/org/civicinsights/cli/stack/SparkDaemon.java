package org.civicinsights.cli.stack;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Spark standalone daemon (Master or Worker) of the cluster topology: Spark's own main class in
 * its own JVM, on a Spark home laid out from the Maven-resolved Spark classpath.
 */
abstract class SparkDaemon extends ManagedService {
    /** Enough for one Master or Worker of a small cluster (measured RSS ~200 MB each). */
    static final String DAEMON_HEAP = "256m";

    protected final SparkClusterSettings spark;
    private final EngineResolver engines;

    SparkDaemon(
            String name,
            StackLayout layout,
            StackSettings settings,
            SparkClusterSettings spark,
            EngineResolver engines) {
        super(name, layout, settings);
        this.spark = spark;
        this.engines = engines;
    }

    /** Lays out the Spark home and starts {@code mainClass} with these system properties and arguments. */
    protected void launch(String mainClass, List<String> systemProperties, List<String> args) throws Exception {
        SparkHome home = SparkHome.layOut(SparkClusterSettings.sparkDir(layout), engines.classpath("spark"));
        Files.createDirectories(SparkClusterSettings.localDirs(layout));
        List<String> cmd = new ArrayList<>(List.of(
                StackService.javaBinary(),
                process.marker(),
                "-Xms64m",
                "-Xmx" + DAEMON_HEAP,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // Spark's module options for Java 17, as its own scripts add them
                "@" + layout.sparkJvmOptions()));
        cmd.addAll(systemProperties);
        cmd.addAll(List.of("-cp", home.classpath(), mainClass));
        cmd.addAll(args);
        markLogStart();
        process.start(
                cmd, home.environment(SparkClusterSettings.localDirs(layout)), SparkClusterSettings.sparkDir(layout));
    }

    /** The Master's view of the cluster; empty when it does not answer. */
    public Optional<SparkMasterStatus> masterStatus() {
        return Probes.httpGet(spark.masterUiUrl() + "/json/").flatMap(body -> {
            try {
                return Optional.of(SparkMasterStatus.parse(body));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
