package org.civicinsights.batch.sla;

import java.time.LocalDate;

/**
 * The service level of one case as of a date. Days are Rome calendar dates. The resolution
 * figures are set only for concluded cases; {@code remainingDays} only for open ones with a
 * deadline (in the deadline's own unit, negative when overdue).
 */
public record SlaResult(
        String slaStatus,
        LocalDate openedDate,
        LocalDate dueDate,
        LocalDate concludedDate,
        Integer resolutionWorkingDays,
        Integer resolutionCalendarDays,
        int suspendedCalendarDays,
        int ageDays,
        Integer remainingDays) {

    public boolean concluded() {
        return concludedDate != null;
    }
}
