package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerStateTest {
    static final Instant T = Instant.parse("2026-12-10T02:00:00Z");

    @Test
    void aMissingFileIsAnEmptyStateAndASavedOneReadsBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run").resolve(Scheduler.STATE_FILE);
        SchedulerState s = SchedulerState.load(file);
        assertThat(s.jobs()).isEmpty();
        assertThat(s.lastFailure()).isEmpty();
        s.firstSeen("batch", T);
        s.firstSeen("batch", T.plusSeconds(60)); // only the first sighting counts
        s.started("maintain", T);
        s.attemptFailed("maintain", T.plusSeconds(5), 1, Optional.of(T.plusSeconds(305)));
        s.save(file);
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary file left
        SchedulerState back = SchedulerState.load(file);
        assertThat(back.jobs()).containsExactly("batch", "maintain");
        assertThat(back.job("batch").lastRun()).contains(T);
        assertThat(back.job("batch").lastExit()).isEmpty();
        assertThat(back.job("maintain"))
                .isEqualTo(new SchedulerState.JobState(
                        "maintain",
                        Optional.of(T),
                        Optional.of(1),
                        0,
                        Optional.of(T.plusSeconds(5)),
                        Optional.of(1),
                        0,
                        Optional.of(T.plusSeconds(305))));
    }

    @Test
    void theLastFailureIsTheNewestOfAnyJobWithItsRunsInARow() {
        SchedulerState s = new SchedulerState();
        s.attemptFailed("batch", T, 1, Optional.empty());
        s.finished("batch", 1, 3);
        s.attemptFailed("batch", T.plusSeconds(86_400), 1, Optional.empty());
        s.finished("batch", 1, 3);
        s.attemptFailed("maintain", T.minusSeconds(3_600), 1, Optional.empty());
        s.finished("maintain", 0, 2);
        assertThat(s.lastFailure())
                .contains(new SchedulerState.Failure("batch", T.plusSeconds(86_400), 1, 2, Optional.empty()));
        s.finished("batch", 0, 1);
        assertThat(s.lastFailure().orElseThrow().consecutiveFailures()).isZero();
        assertThat(s.job("batch").lastAttempts()).isEqualTo(1);
    }
}
