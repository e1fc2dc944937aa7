package org.civicinsights.common.calendar;

import java.io.Serial;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Working days of an Italian public administration, for the legal deadlines (SLA) of administrative
 * procedures: Monday to Friday, except national holidays ({@link ItalianHolidays}), the city's patron
 * saint's day and any extra closures.
 *
 * <p>Conventions (all ranges are left-open, {@code (from, to]}):
 * <ul>
 *   <li>A deadline is counted from the day after the start (dies a quo non computatur):
 *       {@link #addWorkingDays} returns the n-th working day after the start.</li>
 *   <li>A calendar-day deadline that ends on a Saturday, Sunday or holiday moves to the next working
 *       day (art. 2963 c.c., art. 155 c.p.c., applied to L. 241/1990 terms): {@link #addCalendarDays}.</li>
 *   <li>A suspension suspended on s and resumed on r removes the days in (s, r]: see {@link DateRange}.</li>
 * </ul>
 *
 * <p>Immutable, thread-safe and serializable (for Spark closures): only the configuration is
 * serialized; per-year tables are rebuilt lazily. Every query is O(1) except {@code addWorkingDays}
 * and {@code workingDayOnOrAfter} (O(days walked)). Dates outside
 * {@link ItalianHolidays#FIRST_YEAR}..{@link ItalianHolidays#LAST_YEAR} are rejected.
 */
public final class BusinessCalendar implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** {@link #workingDayIndex} is 0 on this date (Monday 3 January 2000, a working day). */
    public static final LocalDate INDEX_EPOCH = LocalDate.of(2000, 1, 3);

    private static final String NAME_SEPARATOR = " / ";

    private final MonthDay patronDay;
    private final String patronName;
    private final TreeMap<LocalDate, String> extraHolidays;

    private final transient AtomicReferenceArray<YearTable> tables;
    /** Working days from 1 January of FIRST_YEAR to the end of the previous year, by year - FIRST_YEAR. */
    private final transient int[] workingDaysBeforeYear;

    private final transient int epochPrefix;

    /**
     * @param patronDay     the city's patron saint's day, or null for none (e.g. a national calendar)
     * @param patronName    its Italian name; required when {@code patronDay} is set
     * @param extraHolidays one-off closures (e.g. a day of mourning); their names are shown as given
     */
    public BusinessCalendar(MonthDay patronDay, String patronName, Collection<Holiday> extraHolidays) {
        if (patronDay != null && (patronName == null || patronName.isBlank())) {
            throw new IllegalArgumentException("the patron saint's day " + patronDay + " needs a name");
        }
        this.patronDay = patronDay;
        this.patronName = patronDay == null ? null : patronName;
        this.extraHolidays = new TreeMap<>();
        for (Holiday h : extraHolidays) {
            ItalianHolidays.checkYear(h.date().getYear());
            this.extraHolidays.merge(h.date(), h.name(), (a, b) -> a + NAME_SEPARATOR + b);
        }
        int years = ItalianHolidays.LAST_YEAR - ItalianHolidays.FIRST_YEAR + 1;
        this.tables = new AtomicReferenceArray<>(years);
        this.workingDaysBeforeYear = new int[years + 1];
        for (int i = 0; i < years; i++) {
            workingDaysBeforeYear[i + 1] = workingDaysBeforeYear[i] + workingDaysIn(ItalianHolidays.FIRST_YEAR + i);
        }
        this.epochPrefix = prefix(INDEX_EPOCH);
    }

    /** National holidays only, no patron saint. */
    public static BusinessCalendar national() {
        return new BusinessCalendar(null, null, List.of());
    }

    /** Rome: national holidays plus 29 June, Santi Pietro e Paolo. */
    public static BusinessCalendar rome() {
        return new BusinessCalendar(ItalianHolidays.ROME_PATRON_DAY, ItalianHolidays.ROME_PATRON_NAME, List.of());
    }

    /** A copy of this calendar with more closures. */
    public BusinessCalendar withExtraHolidays(Collection<Holiday> more) {
        List<Holiday> all = new ArrayList<>();
        extraHolidays.forEach((d, n) -> all.add(new Holiday(d, n)));
        all.addAll(more);
        return new BusinessCalendar(patronDay, patronName, all);
    }

    public Optional<MonthDay> patronDay() {
        return Optional.ofNullable(patronDay);
    }

    /** Monday to Friday and not a holiday. */
    public boolean isWorkingDay(LocalDate date) {
        YearTable t = table(date.getYear());
        int doy = date.getDayOfYear();
        return t.cumulative[doy] != t.cumulative[doy - 1];
    }

    /** True on a national holiday, the patron's day or an extra closure, whatever the weekday. */
    public boolean isHoliday(LocalDate date) {
        return table(date.getYear()).names.containsKey(date);
    }

    /** Italian name of the holiday on {@code date}; several on one date are joined with " / ". */
    public Optional<String> holidayName(LocalDate date) {
        return Optional.ofNullable(table(date.getYear()).names.get(date));
    }

    /** {@code date} if it is a working day, otherwise the first working day after it. */
    public LocalDate workingDayOnOrAfter(LocalDate date) {
        LocalDate d = date;
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /**
     * Deadline of {@code n} working days from {@code start}: the n-th working day after {@code start}
     * (the start itself never counts, whether or not it is a working day). {@code n == 0} returns
     * {@code start}.
     */
    public LocalDate addWorkingDays(LocalDate start, int n) {
        requireNonNegative(n, "working days");
        requireSupported(start);
        LocalDate d = start;
        int left = n;
        while (left > 0) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    /**
     * Deadline of {@code n} calendar days from {@code start}: {@code start + n}, moved to the next
     * working day when it falls on a Saturday, Sunday or holiday.
     */
    public LocalDate addCalendarDays(LocalDate start, int n) {
        requireNonNegative(n, "calendar days");
        return workingDayOnOrAfter(start.plusDays(n));
    }

    /** Working days in {@code (from, to]}; 0 when {@code to <= from}. */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        if (!to.isAfter(from)) {
            requireSupported(from);
            requireSupported(to);
            return 0;
        }
        return prefix(to) - prefix(from);
    }

    /**
     * Running count of working days: {@code workingDaysBetween(INDEX_EPOCH, date)} on or after the epoch,
     * {@code -workingDaysBetween(date, INDEX_EPOCH)} before it. Hence, for any dates {@code a <= b},
     * {@code workingDaysBetween(a, b) == workingDayIndex(b) - workingDayIndex(a)}, a working day has
     * the index of the previous working day plus one, and a non-working day has the index of the last
     * working day before it. Exported in {@link #days} so SQL can subtract indexes instead of counting.
     */
    public int workingDayIndex(LocalDate date) {
        return prefix(date) - epochPrefix;
    }

    /**
     * Working days in {@code (opened, end]} that are not inside any suspension (each suspension
     * removes its days {@code (suspended, resumed]}); days covered by several overlapping suspensions
     * are removed once, and suspensions outside {@code (opened, end]} are clipped to it.
     */
    public int workingDaysElapsed(LocalDate opened, LocalDate end, List<DateRange> suspensions) {
        int elapsed = workingDaysBetween(opened, end);
        for (DateRange s : clip(DateRange.union(suspensions), opened, end)) {
            elapsed -= workingDaysBetween(s.from(), s.to());
        }
        return elapsed;
    }

    /** As {@link #workingDaysElapsed}, counting calendar days. */
    public int calendarDaysElapsed(LocalDate opened, LocalDate end, List<DateRange> suspensions) {
        requireSupported(opened);
        requireSupported(end);
        long elapsed = Math.max(0, end.toEpochDay() - opened.toEpochDay());
        for (DateRange s : clip(DateRange.union(suspensions), opened, end)) {
            elapsed -= s.lengthInDays();
        }
        return Math.toIntExact(elapsed);
    }

    /** {@link #dueDate(LocalDate, int, DeadlineKind, List)} without suspensions. */
    public LocalDate dueDate(LocalDate opened, int deadlineDays, DeadlineKind kind) {
        return dueDate(opened, deadlineDays, kind, List.of());
    }

    /**
     * Due date of a procedure opened on {@code opened} with a deadline of {@code deadlineDays} of the
     * given kind, extended by its suspensions: the first day on which the days elapsed outside
     * suspensions ({@link #workingDaysElapsed} or {@link #calendarDaysElapsed}) reach the deadline;
     * for calendar days, moved to the next working day if it is not one.
     *
     * <p>So a suspension entirely before the due date extends it by its working days (WORKING) or its
     * calendar days (CALENDAR); a suspension starting on or after the day the count is reached does
     * not extend it (the term had already run out), including during the roll-forward of a calendar
     * deadline to the next working day.
     */
    public LocalDate dueDate(LocalDate opened, int deadlineDays, DeadlineKind kind, List<DateRange> suspensions) {
        Objects.requireNonNull(kind, "kind");
        requireNonNegative(deadlineDays, "deadline days");
        LocalDate clock = opened; // counting restarts after this day
        int remaining = deadlineDays;
        for (DateRange s : clip(DateRange.union(suspensions), opened, LocalDate.MAX)) {
            int beforeSuspension = kind == DeadlineKind.WORKING
                    ? workingDaysBetween(clock, s.from())
                    : Math.toIntExact(s.from().toEpochDay() - clock.toEpochDay());
            if (beforeSuspension >= remaining) {
                break; // the count is reached on or before the day of the suspension
            }
            remaining -= beforeSuspension;
            clock = s.to();
        }
        return kind == DeadlineKind.WORKING ? addWorkingDays(clock, remaining) : addCalendarDays(clock, remaining);
    }

    /**
     * One row per date of {@code [from, toInclusive]} (empty when {@code toInclusive < from}), for the
     * calendar dimension table. See {@link CalendarDay} for the working-day index property.
     */
    public List<CalendarDay> days(LocalDate from, LocalDate toInclusive) {
        if (toInclusive.isBefore(from)) {
            requireSupported(from);
            requireSupported(toInclusive);
            return List.of();
        }
        List<CalendarDay> rows = new ArrayList<>(Math.toIntExact(toInclusive.toEpochDay() - from.toEpochDay() + 1));
        for (LocalDate d = from; !d.isAfter(toInclusive); d = d.plusDays(1)) {
            YearTable t = table(d.getYear());
            int doy = d.getDayOfYear();
            rows.add(new CalendarDay(
                    d,
                    t.cumulative[doy] != t.cumulative[doy - 1],
                    t.names.get(d),
                    d.getDayOfWeek(),
                    workingDaysBeforeYear[d.getYear() - ItalianHolidays.FIRST_YEAR] + t.cumulative[doy] - epochPrefix));
        }
        return rows;
    }

    /** Working days from 1 January of FIRST_YEAR up to and including {@code date}. */
    private int prefix(LocalDate date) {
        YearTable t = table(date.getYear());
        return workingDaysBeforeYear[date.getYear() - ItalianHolidays.FIRST_YEAR] + t.cumulative[date.getDayOfYear()];
    }

    private static List<DateRange> clip(List<DateRange> disjoint, LocalDate opened, LocalDate end) {
        List<DateRange> clipped = new ArrayList<>(disjoint.size());
        for (DateRange r : disjoint) {
            LocalDate from = r.from().isAfter(opened) ? r.from() : opened;
            LocalDate to = r.to().isBefore(end) ? r.to() : end;
            if (to.isAfter(from)) {
                clipped.add(new DateRange(from, to));
            }
        }
        return clipped;
    }

    private YearTable table(int year) {
        ItalianHolidays.checkYear(year);
        int i = year - ItalianHolidays.FIRST_YEAR;
        YearTable t = tables.get(i);
        if (t == null) {
            t = new YearTable(year, holidayNames(year));
            if (!tables.compareAndSet(i, null, t)) {
                t = tables.get(i);
            }
        }
        return t;
    }

    private Map<LocalDate, String> holidayNames(int year) {
        Map<LocalDate, String> names = new HashMap<>();
        for (Holiday h : ItalianHolidays.national(year)) {
            names.merge(h.date(), h.name(), (a, b) -> a + NAME_SEPARATOR + b);
        }
        if (patronDay != null && patronDay.isValidYear(year)) {
            names.merge(patronDay.atYear(year), patronName, (a, b) -> a + NAME_SEPARATOR + b);
        }
        extraHolidays
                .subMap(LocalDate.of(year, 1, 1), true, LocalDate.of(year, 12, 31), true)
                .forEach((d, n) -> names.merge(d, n, (a, b) -> a + NAME_SEPARATOR + b));
        return Map.copyOf(names);
    }

    /** Cheap total for the year offsets, without building the year's table. */
    private int workingDaysIn(int year) {
        LocalDate jan1 = LocalDate.of(year, 1, 1);
        int weekdays = 52 * 5;
        for (int extra = 364; extra < jan1.lengthOfYear(); extra++) {
            if (isWeekday(jan1.plusDays(extra))) {
                weekdays++;
            }
        }
        for (LocalDate holiday : holidayNames(year).keySet()) {
            if (isWeekday(holiday)) {
                weekdays--;
            }
        }
        return weekdays;
    }

    private static boolean isWeekday(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    private static void requireSupported(LocalDate date) {
        ItalianHolidays.checkYear(date.getYear());
    }

    private static void requireNonNegative(int n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + n);
        }
    }

    /** Rebuilds the transient tables after deserialization. */
    @Serial
    private Object readResolve() {
        List<Holiday> extras = new ArrayList<>();
        extraHolidays.forEach((d, n) -> extras.add(new Holiday(d, n)));
        return new BusinessCalendar(patronDay, patronName, extras);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BusinessCalendar c
                && Objects.equals(patronDay, c.patronDay)
                && Objects.equals(patronName, c.patronName)
                && extraHolidays.equals(c.extraHolidays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(patronDay, patronName, extraHolidays);
    }

    @Override
    public String toString() {
        return "BusinessCalendar[patron=" + (patronDay == null ? "none" : patronDay + " " + patronName)
                + ", extraHolidays=" + extraHolidays.size() + "]";
    }

    /** One year: holiday names and, by day of year, the working days from 1 January up to that day. */
    private static final class YearTable {
        final Map<LocalDate, String> names;
        final short[] cumulative;

        YearTable(int year, Map<LocalDate, String> names) {
            this.names = names;
            LocalDate jan1 = LocalDate.of(year, 1, 1);
            int length = jan1.lengthOfYear();
            this.cumulative = new short[length + 1];
            for (int doy = 1; doy <= length; doy++) {
                LocalDate d = jan1.plusDays(doy - 1L);
                boolean working = isWeekday(d) && !names.containsKey(d);
                cumulative[doy] = (short) (cumulative[doy - 1] + (working ? 1 : 0));
            }
        }
    }
}
