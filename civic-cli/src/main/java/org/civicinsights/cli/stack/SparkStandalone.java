package org.civicinsights.cli.stack;

import java.time.Duration;
import java.util.function.Consumer;
import org.civicinsights.common.config.CivicConfig;

/**
 * The Spark standalone cluster of a stack on its own (Master, then Worker, each waited for until
 * healthy), for tests and tools; `civic stack up --cluster` runs the same two services in its own
 * order. {@link #close()} stops both.
 */
public final class SparkStandalone implements AutoCloseable {
    private final SparkClusterSettings settings;
    private final SparkMaster master;
    private final SparkWorker worker;
    private final Consumer<String> progress;
    private Duration masterStartTime = Duration.ZERO;
    private Duration workerStartTime = Duration.ZERO;

    public SparkStandalone(StackLayout layout, CivicConfig config, Consumer<String> progress) {
        this.settings = SparkClusterSettings.from(config);
        StackSettings stack = StackSettings.from(config);
        EngineResolver engines = new EngineResolver(layout, progress);
        this.master = new SparkMaster(layout, stack, settings, engines);
        this.worker = new SparkWorker(layout, stack, settings, engines);
        this.progress = progress;
    }

    /** Starts the Master and the Worker of the stack at {@code layout} with the ports of {@code config}. */
    public static SparkStandalone start(StackLayout layout, CivicConfig config, Consumer<String> progress)
            throws Exception {
        SparkStandalone cluster = new SparkStandalone(layout, config, progress);
        try {
            cluster.masterStartTime = startAndWait(cluster.master);
            progress.accept(String.format(
                    "%s ready in %.1f s (%s)",
                    cluster.master.name(), cluster.masterStartTime.toMillis() / 1e3, cluster.master.endpoint()));
            cluster.workerStartTime = startAndWait(cluster.worker);
            progress.accept(String.format(
                    "%s ready in %.1f s (%s)",
                    cluster.worker.name(), cluster.workerStartTime.toMillis() / 1e3, cluster.worker.endpoint()));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Starts a service and waits until healthy; fails with the end of its log when it dies or times
     * out. One already running and healthy is left alone (zero time).
     */
    static Duration startAndWait(StackService s) throws Exception {
        if (s.process().running().isPresent() && s.healthy()) {
            return Duration.ZERO;
        }
        if (s.process().running().isPresent()) {
            s.process().stop(Duration.ofSeconds(20)); // alive but not answering: restart it
        }
        long t0 = System.nanoTime();
        s.start();
        long deadline = t0 + s.startTimeout().toNanos();
        while (!s.healthy()) {
            if (s.process().running().isEmpty()) {
                throw new IllegalStateException(s.name() + " exited during start-up; last lines of "
                        + s.process().logFile() + ":\n" + s.process().logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(s.name() + " did not become healthy within "
                        + s.startTimeout().toSeconds() + " s; last lines of "
                        + s.process().logFile() + ":\n"
                        + s.process().logTail(30));
            }
            Thread.sleep(200);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    public SparkClusterSettings settings() {
        return settings;
    }

    public SparkMaster master() {
        return master;
    }

    public SparkWorker worker() {
        return worker;
    }

    /** From start to the Master's JSON saying ALIVE. */
    public Duration masterStartTime() {
        return masterStartTime;
    }

    /** From start to the Worker listed ALIVE by the Master. */
    public Duration workerStartTime() {
        return workerStartTime;
    }

    /** Stops the Worker (and with it any executor), then the Master. */
    @Override
    public void close() {
        for (SparkDaemon d : new SparkDaemon[] {worker, master}) {
            if (d.process().stop(Duration.ofSeconds(20))) {
                progress.accept(d.name() + " stopped");
            }
        }
    }
}
