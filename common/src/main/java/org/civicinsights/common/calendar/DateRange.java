package org.civicinsights.common.calendar;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The days in {@code (from, to]}: after {@code from}, up to and including {@code to}. The same
 * left-open convention as {@link BusinessCalendar#workingDaysBetween}, so that ranges and counts add up
 * without off-by-one corrections.
 *
 * <p>As a suspension of a procedure: suspended on {@code from}, resumed on {@code to}. The day of the
 * suspension still counts (the clock ran that day); the day of the resumption does not, and counting
 * restarts the day after it, just as a deadline is counted from the day after the opening
 * ("dies a quo non computatur"). {@code from == to} is an empty range.
 */
public record DateRange(LocalDate from, LocalDate to) implements Serializable {
    public DateRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    public boolean isEmpty() {
        return from.equals(to);
    }

    /** True when {@code date} is in {@code (from, to]}. */
    public boolean contains(LocalDate date) {
        return date.isAfter(from) && !date.isAfter(to);
    }

    /** Number of calendar days in the range. */
    public long lengthInDays() {
        return to.toEpochDay() - from.toEpochDay();
    }

    /**
     * The union of {@code ranges} as disjoint, non-adjacent, non-empty ranges sorted by start, so
     * that a day covered by several (overlapping) ranges is counted once.
     */
    public static List<DateRange> union(Collection<DateRange> ranges) {
        List<DateRange> sorted = new ArrayList<>(ranges);
        sorted.removeIf(DateRange::isEmpty);
        sorted.sort(Comparator.comparing(DateRange::from));
        List<DateRange> merged = new ArrayList<>(sorted.size());
        for (DateRange r : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && !r.from.isAfter(merged.get(last).to)) { // overlaps or touches the previous one
                DateRange prev = merged.get(last);
                merged.set(last, new DateRange(prev.from, r.to.isAfter(prev.to) ? r.to : prev.to));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }
}
