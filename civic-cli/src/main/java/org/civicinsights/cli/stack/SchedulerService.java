package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicinsights.cli.schedule.Scheduler;
import org.civicinsights.cli.schedule.SchedulerState;

/**
 * The stack's scheduler in its own JVM ({@code civic scheduler}): runs lake maintenance and the
 * other recurring jobs on their schedules. Its log says what ran and how it ended; its state file
 * the last failure, which `civic stack status` shows.
 */
public final class SchedulerService extends ManagedService {

    public SchedulerService(StackLayout layout, StackSettings settings) {
        super("scheduler", layout, settings);
    }

    @Override
    public String endpoint() {
        return "maintain " + settings.schedules().getOrDefault("schedule.maintain", "every 1h") + ", batch "
                + settings.schedules().getOrDefault("schedule.batch", "daily 03:00") + ", retention "
                + settings.schedules().getOrDefault("schedule.retention", "daily 05:30") + "; state in " + stateFile();
    }

    /**
     * The newest failed attempt of any scheduler job (job, at, exit_code, consecutive_failures: failed
     * runs in a row, 0 once a later run went ok; next_retry while a retry waits), or null (none).
     */
    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put(
                    "last_failure",
                    SchedulerState.load(stateFile())
                            .lastFailure()
                            .map(SchedulerState.Failure::asMap)
                            .orElse(null));
        } catch (IOException | DateTimeParseException | NumberFormatException e) {
            m.put("last_failure", "unknown: " + stateFile() + " is unreadable (" + e.getMessage() + ")");
        }
        return m;
    }

    private Path stateFile() {
        return layout.run().resolve(Scheduler.STATE_FILE);
    }

    @Override
    public void start() throws Exception {
        if (!Files.exists(layout.cliJar())) {
            throw new IllegalStateException(
                    "the CLI jar " + layout.cliJar() + " is missing: build it with ./mvnw -DskipTests package");
        }
        markLogStart();
        process.start(
                List.of(
                        StackService.javaBinary(),
                        process.marker(),
                        "-Xms32m",
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Dcivic.home=" + layout.home(),
                        "-jar",
                        layout.cliJar().toString(),
                        "scheduler",
                        "--data-dir",
                        layout.dataDir().toString()),
                Map.of(),
                layout.dataDir());
    }

    /** Alive and, right after a start, past reading its schedules ("scheduler started"). */
    @Override
    public boolean healthy() {
        return aliveAndLoggedSinceStart("scheduler started");
    }
}
