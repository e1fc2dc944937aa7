package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.civicinsights.cli.schedule.Scheduler;
import org.civicinsights.cli.schedule.SchedulerState;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerServiceTest {
    @Test
    void statusDetailsCarryTheSchedulersLastFailure(@TempDir Path dir) throws Exception {
        StackLayout layout = new StackLayout(dir, dir.resolve("data"), dir.resolve("cache"));
        SchedulerService service = new SchedulerService(layout, StackSettings.from(CivicConfig.of(Map.of())));
        assertThat(service.details()).containsEntry("last_failure", null);
        SchedulerState s = new SchedulerState();
        s.started("batch", Instant.parse("2026-12-10T02:00:00Z"));
        s.attemptFailed("batch", Instant.parse("2026-12-10T02:41:07Z"), 1, Optional.empty());
        s.finished("batch", 1, 3);
        s.save(layout.run().resolve(Scheduler.STATE_FILE));
        assertThat(service.details())
                .containsEntry(
                        "last_failure",
                        Map.of(
                                "job",
                                "batch",
                                "at",
                                "2026-12-10T02:41:07Z",
                                "exit_code",
                                1,
                                "consecutive_failures",
                                1));
        Files.writeString(layout.run().resolve(Scheduler.STATE_FILE), "batch.last-failure=yesterday\n");
        assertThat(service.details().get("last_failure").toString()).startsWith("unknown: ");
    }
}
