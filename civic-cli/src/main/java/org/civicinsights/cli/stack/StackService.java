package org.civicinsights.cli.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One service of the local stack, each in its own JVM with its own classpath, except the ingest
 * job of the cluster topology, which runs inside the Flink session cluster (its methods below say
 * what "alive" and "stop" mean there).
 */
public interface StackService {
    String name();

    ServiceProcess process();

    /** Prepares (first-run formatting, config files) and launches the process. */
    void start() throws Exception;

    /** True when the service answers as it should (not merely when its process is alive). */
    boolean healthy();

    /** A one-line description for `civic stack status`. */
    String endpoint();

    /** Where a client or a browser reaches it (`civic stack status --format json`); null if nowhere. */
    default String url() {
        return null;
    }

    /** Figures beyond the health, for `civic stack status` (e.g. the JobManager's TaskManagers). */
    default Map<String, Object> details() {
        return Map.of();
    }

    /** Its process runs (healthy or not). */
    default boolean alive() {
        return process().running().isPresent();
    }

    default Optional<Long> pid() {
        return process().running().map(ProcessHandle::pid);
    }

    /** Stops it cleanly within the grace period, else forcibly; false if it was not running. */
    default boolean stop(Duration grace) {
        return process().stop(grace);
    }

    /** What `stack up` shows when it does not start: the last lines of its log. */
    default String startFailureReport() {
        return "last lines of " + process().logFile() + ":\n" + process().logTail(30);
    }

    default Duration startTimeout() {
        return Duration.ofSeconds(60);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
