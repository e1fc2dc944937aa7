package org.civicinsights.cli.stack;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * The stack's scheduler in its own JVM ({@code civic scheduler}): runs lake maintenance and the
 * other recurring jobs on their schedules. Its log says what ran and how it ended.
 */
public final class SchedulerService extends ManagedService {

    public SchedulerService(StackLayout layout, StackSettings settings) {
        super("scheduler", layout, settings);
    }

    @Override
    public String endpoint() {
        return "maintain " + settings.schedules().getOrDefault("schedule.maintain", "every 1h") + "; state in "
                + layout.run().resolve("scheduler-state.properties");
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
