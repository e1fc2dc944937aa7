package org.civicinsights.batch.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civicinsights.batch.cases.CaseRecord;
import org.civicinsights.batch.cases.Suspension;
import org.civicinsights.common.calendar.BusinessCalendar;
import org.civicinsights.common.calendar.DateRange;
import org.civicinsights.common.calendar.DeadlineKind;
import org.civicinsights.common.calendar.ItalianHolidays;
import org.civicinsights.common.calendar.RomeTime;

/**
 * A case's service level as of a date, by the rules of Italian procedure law: the deadline runs
 * from the day after the opening, in working or calendar days as the service's rule says, is
 * extended by the time the case was suspended waiting for the citizen, and a calendar-day deadline
 * that ends on a non-working day moves to the next working day (see {@link BusinessCalendar}).
 * Everything after {@code asOf} is ignored, so a backfill for an old date sees the case as it was.
 */
public final class CaseSla {
    public static final String ON_TIME = "on_time";
    public static final String BREACHED = "breached";
    public static final String OPEN_OVERDUE = "open_overdue";
    public static final String AT_RISK = "at_risk";
    public static final String OPEN_ON_TRACK = "open_on_track";
    /** Concluded or open, but its service has no deadline in the catalogue (unknown service code). */
    public static final String NO_DEADLINE = "no_deadline";

    /** An open case is at risk when no more than this share of its deadline is left (at least one day). */
    static final double AT_RISK_SHARE = 0.2;

    private CaseSla() {}

    /** Empty when the case had not been opened by {@code asOf}, has no opening, or lies outside the calendar. */
    public static Optional<SlaResult> evaluate(
            CaseRecord c, ServiceDeadline deadline, LocalDate asOf, BusinessCalendar calendar) {
        if (c.openedAt() == null) {
            return Optional.empty();
        }
        LocalDate opened = localDate(c.openedAt());
        if (opened.isAfter(asOf)
                || opened.getYear() < ItalianHolidays.FIRST_YEAR
                || asOf.getYear() > ItalianHolidays.LAST_YEAR) {
            return Optional.empty();
        }
        Instant concludedAt = c.concludedAt();
        LocalDate concluded = concludedAt == null ? null : localDate(concludedAt);
        if (concluded != null && (concluded.isAfter(asOf) || concluded.isBefore(opened))) {
            // concluded after the as-of date: still open then; before the opening: an anomaly, measured as open
            concluded = concluded.isAfter(asOf) ? null : concluded;
        }
        LocalDate end = concluded != null ? concluded : asOf;
        List<DateRange> suspended = suspensions(c.suspensions(), end);
        int suspendedDays = (int) DateRange.union(suspended).stream()
                .mapToLong(r -> clip(r, opened, end).lengthInDays())
                .sum();
        int ageDays = (int) ChronoUnit.DAYS.between(opened, asOf);
        if (deadline == null || deadline.deadlineDays() <= 0) {
            return Optional.of(new SlaResult(
                    NO_DEADLINE,
                    opened,
                    null,
                    concluded,
                    concluded == null ? null : calendar.workingDaysElapsed(opened, concluded, suspended),
                    concluded == null ? null : calendar.calendarDaysElapsed(opened, concluded, suspended),
                    suspendedDays,
                    ageDays,
                    null));
        }
        LocalDate due = calendar.dueDate(opened, deadline.deadlineDays(), deadline.kind(), suspended);
        if (concluded != null) {
            return Optional.of(new SlaResult(
                    concluded.isAfter(due) ? BREACHED : ON_TIME,
                    opened,
                    due,
                    concluded,
                    calendar.workingDaysElapsed(opened, concluded, suspended),
                    calendar.calendarDaysElapsed(opened, concluded, suspended),
                    suspendedDays,
                    ageDays,
                    null));
        }
        int remaining = deadline.kind() == DeadlineKind.WORKING
                ? (asOf.isAfter(due) ? -calendar.workingDaysBetween(due, asOf) : calendar.workingDaysBetween(asOf, due))
                : (int) ChronoUnit.DAYS.between(asOf, due);
        String status = asOf.isAfter(due)
                ? OPEN_OVERDUE
                : remaining <= Math.max(1, (int) Math.ceil(deadline.deadlineDays() * AT_RISK_SHARE))
                        ? AT_RISK
                        : OPEN_ON_TRACK;
        return Optional.of(new SlaResult(status, opened, due, null, null, null, suspendedDays, ageDays, remaining));
    }

    /** Suspensions as the calendar's (from, to] day ranges; one still running, or ending after {@code end}, stops at {@code end}. */
    static List<DateRange> suspensions(List<Suspension> periods, LocalDate end) {
        List<DateRange> out = new ArrayList<>();
        for (Suspension s : periods) {
            LocalDate from = localDate(s.suspendedAt());
            if (!from.isBefore(end)) {
                continue;
            }
            LocalDate to = s.resumedAt() == null ? end : localDate(s.resumedAt());
            out.add(new DateRange(from, to.isAfter(end) ? end : to));
        }
        return out;
    }

    private static DateRange clip(DateRange r, LocalDate from, LocalDate to) {
        LocalDate a = r.from().isBefore(from) ? from : r.from();
        LocalDate b = r.to().isAfter(to) ? to : r.to();
        return b.isBefore(a) ? new DateRange(a, a) : new DateRange(a, b);
    }

    public static LocalDate localDate(Instant t) {
        return LocalDate.ofInstant(t, RomeTime.ZONE);
    }
}
