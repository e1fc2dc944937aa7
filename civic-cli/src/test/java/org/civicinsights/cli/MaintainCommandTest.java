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
    void theFirstSnapshotMayHaveBeenExpiredByTheRunItself() {
        Map<Long, long[]> afterExpiry = new java.util.HashMap<>(HISTORY);
        afterExpiry.remove(1L); // snapshot 2 still names 1 as its parent
        assertThat(MaintainCommand.appendedBetween(afterExpiry, 1, 5)).isEqualTo(22);
        assertThat(MaintainCommand.appendedBetween(HISTORY, -1, 2))
                .as("from a table never written")
                .isEqualTo(110);
    }

    @Test
    void theRowCheckSubtractsWhatRetentionRemoved() {
        RowBalance held = new RowBalance(1_000, 40, 25, 1_015);
        assertThat(held.ok()).isTrue();
        assertThat(held.describe())
                .isEqualTo("1,000 before + 40 appended meanwhile - 25 removed by retention = 1,015 = rows after: OK");
        RowBalance lost = new RowBalance(1_000, 40, 25, 1_014);
        assertThat(lost.ok()).isFalse();
        assertThat(lost.describe()).endsWith("!= rows after 1,014: CHECK THE TABLE");
        // a row removed without being counted is a failure too, not a silent loss
        assertThat(new RowBalance(1_000, 0, 0, 999).ok()).isFalse();
    }

    @Test
    void byDefaultEveryRegisteredTableThatExistsInRegisterOrder() {
        var register = org.civicinsights.common.privacy.DataRegister.bundled();
        java.util.Set<String> lake =
                java.util.Set.of("raw.interactions", "raw.duplicate_events", "core.cases", "tmp.scratch");
        assertThat(MaintainCommand.selection(null, register, lake, false))
                .containsExactlyInAnyOrder("core.cases", "raw.interactions", "raw.duplicate_events");
        // the hourly run (--no-retention) leaves the batch jobs' tables to the daily one
        assertThat(MaintainCommand.selection(null, register, lake, true))
                .containsExactlyInAnyOrder("raw.interactions", "raw.duplicate_events");
        assertThat(MaintainCommand.selection(java.util.List.of("tmp.scratch"), register, java.util.Set.of(), false))
                .containsExactly("tmp.scratch");
        assertThat(MaintainCommand.selection(java.util.List.of("core.cases"), register, lake, true))
                .containsExactly("core.cases");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MaintainCommand.selection(
                        java.util.List.of("interactions"), register, java.util.Set.of(), false))
                .hasMessageContaining("schema.table");
    }

    @Test
    void retentionRunsForTodayByDefaultTheOtherJobsForYesterday() {
        java.time.LocalDate today = java.time.LocalDate.now(org.civicinsights.common.calendar.RomeTime.ZONE);
        assertThat(BatchCommand.defaultDate("retention")).isIn(today, today.plusDays(1)); // midnight may pass
        assertThat(BatchCommand.defaultDate("all")).isEqualTo(BatchCommand.yesterdayInRome());
    }

    @Test
    void refusesSnapshotsOnDifferentBranches() {
        assertThatThrownBy(() -> MaintainCommand.appendedBetween(HISTORY, 5, 2))
                .hasMessageContaining("not an ancestor");
    }
}
