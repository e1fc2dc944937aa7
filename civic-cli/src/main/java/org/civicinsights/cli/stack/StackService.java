package org.civicinsights.cli.stack;

import java.nio.file.Path;
import java.time.Duration;

/** One service of the local stack, each in its own JVM with its own classpath. */
public interface StackService {
    String name();

    ServiceProcess process();

    /** Prepares (first-run formatting, config files) and launches the process. */
    void start() throws Exception;

    /** True when the service answers as it should (not merely when its process is alive). */
    boolean healthy();

    /** A one-line description for `civic stack status`. */
    String endpoint();

    default Duration startTimeout() {
        return Duration.ofSeconds(60);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
