package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** What every service of the stack holds: where it lives, its settings and its process. */
abstract class ManagedService implements StackService {
    protected final StackLayout layout;
    protected final StackSettings settings;
    protected final ServiceProcess process;

    ManagedService(String name, StackLayout layout, StackSettings settings) {
        this.layout = layout;
        this.settings = settings;
        this.process = new ServiceProcess(name, layout);
    }

    /** Size of the log when this object started the process; -1 when it did not start it. */
    private long logOffsetAtStart = -1;

    /** Remembers where the log ends, so that {@link #loggedSinceStart} reads only this run's lines. */
    protected void markLogStart() throws IOException {
        logOffsetAtStart = Files.exists(process.logFile()) ? Files.size(process.logFile()) : 0;
    }

    /**
     * Alive and, if this object started it, its log says {@code text} since then: for services
     * whose readiness shows only in their log. A process found already running counts as ready.
     */
    protected boolean aliveAndLoggedSinceStart(String text) {
        if (process.running().isEmpty()) {
            return false;
        }
        if (logOffsetAtStart < 0) {
            return true;
        }
        try (var in = Files.newInputStream(process.logFile())) {
            in.skipNBytes(logOffsetAtStart);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public ServiceProcess process() {
        return process;
    }
}
