package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintainCommandTest {
    // id -> {parent, appended rows}: 1 <- 2 (append 10) <- 3 (replace by optimize) <- 4 (append 5) <- 5 (append 7)
    static final Map<Long, long[]> HISTORY = Map.of(
            1L,
            new long[] {-1, 100},
            2L,
            new long[] {1, 10},
            3L,
            new long[] {2, 0},
            4L,
            new long[] {3, 5},
            5L,
            new long[] {4, 7});

    @Test
    void countsOnlyAppendsBetweenTheTwoSnapshots() {
        assertThat(MaintainCommand.appendedBetween(HISTORY, 1, 4)).isEqualTo(15);
        assertThat(MaintainCommand.appendedBetween(HISTORY, 2, 5)).isEqualTo(12);
        assertThat(MaintainCommand.appendedBetween(HISTORY, 4, 4)).isZero();
    }

    @Test
    void refusesSnapshotsOnDifferentBranches() {
        assertThatThrownBy(() -> MaintainCommand.appendedBetween(HISTORY, 5, 2))
                .hasMessageContaining("not an ancestor");
    }
}
