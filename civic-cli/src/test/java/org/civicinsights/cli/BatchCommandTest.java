package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchCommandTest {
    @Test
    void withoutADateTheRunIsForYesterday() {
        LocalDate yesterday = LocalDate.parse("2026-11-25");
        assertThat(BatchCommand.dateArgs(null, null, null, null, yesterday)).isEqualTo(List.of("--date", "2026-11-25"));
        LocalDate first = LocalDate.parse("2026-01-01");
        assertThat(BatchCommand.dateArgs(null, first, LocalDate.parse("2026-01-31"), null, yesterday))
                .isEqualTo(List.of("--from", "2026-01-01", "--to", "2026-01-31"));
        List<LocalDate> sundays = List.of(LocalDate.parse("2026-01-04"), LocalDate.parse("2026-01-11"));
        assertThat(BatchCommand.dateArgs(null, null, null, sundays, yesterday))
                .isEqualTo(List.of("--dates", "2026-01-04,2026-01-11"));
    }
}
