package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.civicinsights.cli.schedule.SchedulerState;
import org.junit.jupiter.api.Test;

class StackStatusTest {
    @Test
    void theSchedulersLastFailureReadsOnOneLine() {
        Map<String, Object> none = new HashMap<>();
        none.put("last_failure", null);
        assertThat(StackCommand.Status.describe(none)).isEqualTo("last_failure none");
        Map<String, Object> failed = Map.of(
                "last_failure",
                new SchedulerState.Failure(
                                "batch",
                                Instant.parse("2026-12-10T02:41:07Z"),
                                1,
                                2,
                                Optional.of(Instant.parse("2026-12-10T02:51:07Z")))
                        .asMap());
        assertThat(StackCommand.Status.describe(failed))
                .isEqualTo("last_failure (job batch, at 2026-12-10T02:41:07Z, exit_code 1, consecutive_failures 2,"
                        + " next_retry 2026-12-10T02:51:07Z)");
    }
}
