package org.civicinsights.common.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    static final BusinessCalendar ROME = BusinessCalendar.rome();
    static final BusinessCalendar NATIONAL = BusinessCalendar.national();

    static LocalDate d(int y, int m, int day) {
        return LocalDate.of(y, m, day);
    }

    @Test
    void easterMondayIsNotAWorkingDayButTheTuesdayIs() {
        assertThat(ROME.isWorkingDay(d(2026, 4, 6))).isFalse();
        assertThat(ROME.holidayName(d(2026, 4, 6))).contains("Lunedì dell'Angelo");
        assertThat(ROME.isWorkingDay(d(2026, 4, 7))).isTrue();
        assertThat(ROME.holidayName(d(2026, 4, 7))).isEmpty();
        assertThat(ROME.holidayName(d(2026, 4, 5))).contains("Pasqua");
    }

    @Test
    void saintsPeterAndPaulCloseRomeOnly() {
        LocalDate june29 = d(2026, 6, 29); // a Monday
        assertThat(june29.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(ROME.isWorkingDay(june29)).isFalse();
        assertThat(ROME.holidayName(june29)).contains("Santi Pietro e Paolo");
        assertThat(NATIONAL.isWorkingDay(june29)).isTrue();
        assertThat(NATIONAL.holidayName(june29)).isEmpty();
        // one working day after Friday 26 June
        assertThat(ROME.addWorkingDays(d(2026, 6, 26), 1)).isEqualTo(d(2026, 6, 30));
        assertThat(NATIONAL.addWorkingDays(d(2026, 6, 26), 1)).isEqualTo(june29);
    }

    @Test
    void fixedNationalHolidays() {
        assertThat(ROME.isWorkingDay(d(2026, 6, 2))).isFalse(); // Tuesday
        assertThat(ROME.holidayName(d(2026, 6, 2))).contains("Festa della Repubblica");
        assertThat(ROME.isWorkingDay(d(2025, 12, 25))).isFalse(); // Thursday
        assertThat(ROME.holidayName(d(2025, 12, 25))).contains("Natale");
        assertThat(ROME.isWorkingDay(d(2025, 12, 26))).isFalse(); // Friday
        assertThat(ROME.holidayName(d(2025, 12, 26))).contains("Santo Stefano");
        assertThat(ROME.isWorkingDay(d(2025, 12, 24))).isTrue();
        assertThat(ROME.isWorkingDay(d(2025, 12, 29))).isTrue();
    }

    @Test
    void sanFrancescoIsAHolidayFrom2026() {
        assertThat(ROME.isWorkingDay(d(2024, 10, 4))).isTrue(); // Friday, before L. 151/2025
        assertThat(ROME.isWorkingDay(d(2027, 10, 4))).isFalse(); // Monday
        assertThat(ROME.holidayName(d(2026, 10, 4))).contains("San Francesco d'Assisi"); // a Sunday
    }

    @Test
    void weekendsAreNotWorkingDaysButHaveNoHolidayName() {
        assertThat(ROME.isWorkingDay(d(2026, 3, 7))).isFalse();
        assertThat(ROME.isWorkingDay(d(2026, 3, 8))).isFalse();
        assertThat(ROME.isHoliday(d(2026, 3, 8))).isFalse();
        assertThat(ROME.holidayName(d(2026, 3, 8))).isEmpty();
    }

    @Test
    void coincidingHolidaysJoinTheirNames() {
        assertThat(ROME.holidayName(d(2038, 4, 25))).contains("Pasqua / Festa della Liberazione");
        assertThat(ROME.holidayName(d(2011, 4, 25))).contains("Lunedì dell'Angelo / Festa della Liberazione");
        // Bologna's patron, San Petronio, is on 4 October
        BusinessCalendar bologna = new BusinessCalendar(MonthDay.of(10, 4), "San Petronio", List.of());
        assertThat(bologna.holidayName(d(2025, 10, 4))).contains("San Petronio");
        assertThat(bologna.holidayName(d(2027, 10, 4))).contains("San Francesco d'Assisi / San Petronio");
    }

    @Test
    void extraHolidaysCloseTheOffices() {
        BusinessCalendar withClosure = ROME.withExtraHolidays(List.of(new Holiday(d(2026, 3, 11), "Lutto cittadino")));
        assertThat(withClosure.isWorkingDay(d(2026, 3, 11))).isFalse();
        assertThat(withClosure.holidayName(d(2026, 3, 11))).contains("Lutto cittadino");
        assertThat(withClosure.isWorkingDay(d(2026, 6, 29))).isFalse();
        assertThat(ROME.isWorkingDay(d(2026, 3, 11))).isTrue();
        assertThat(withClosure).isNotEqualTo(ROME);
        assertThat(BusinessCalendar.rome()).isEqualTo(ROME).hasSameHashCodeAs(ROME);
    }

    @Test
    void workingDaysOfAWholeYear() {
        // 2026: 261 weekdays; on weekdays fall 1 Jan, 6 Jan, Easter Monday, 1 May, 2 Jun, 8 Dec, 25 Dec
        // (7), plus 29 June in Rome. 25 Apr, 15 Aug, 26 Dec are Saturdays; 4 Oct and 1 Nov Sundays.
        assertThat(NATIONAL.workingDaysBetween(d(2025, 12, 31), d(2026, 12, 31)))
                .isEqualTo(254);
        assertThat(ROME.workingDaysBetween(d(2025, 12, 31), d(2026, 12, 31))).isEqualTo(253);
    }

    @Test
    void workingDaysBetweenIsLeftOpen() {
        // (Fri 3 Apr 2026, Tue 7 Apr]: Saturday, Easter, Easter Monday, then Tuesday
        assertThat(ROME.workingDaysBetween(d(2026, 4, 3), d(2026, 4, 7))).isEqualTo(1);
        assertThat(ROME.workingDaysBetween(d(2026, 4, 2), d(2026, 4, 3))).isEqualTo(1);
        assertThat(ROME.workingDaysBetween(d(2026, 4, 3), d(2026, 4, 3))).isZero();
        assertThat(ROME.workingDaysBetween(d(2026, 4, 7), d(2026, 4, 3))).isZero();
    }

    @Test
    void thirtyWorkingDaysAcrossEaster() {
        // From Fri 20 Mar 2026: March 23-27, 30-31 (7), April 1-3 (10), [Easter Monday] 7-10 (14),
        // 13-17 (19), 20-24 (24), [25 Apr a Saturday] 27-30 (28), [1 May] Mon 4 (29), Tue 5 May (30).
        assertThat(ROME.addWorkingDays(d(2026, 3, 20), 30)).isEqualTo(d(2026, 5, 5));
        assertThat(ROME.dueDate(d(2026, 3, 20), 30, DeadlineKind.WORKING)).isEqualTo(d(2026, 5, 5));
        assertThat(ROME.addWorkingDays(d(2026, 3, 20), 0)).isEqualTo(d(2026, 3, 20));
        // opened on a Saturday: Monday is the first day
        assertThat(ROME.addWorkingDays(d(2026, 3, 21), 1)).isEqualTo(d(2026, 3, 23));
    }

    @Test
    void calendarDeadlinesEndingOnANonWorkingDayRollForward() {
        // Mon 2 Mar 2026 + 27 = Sun 29 Mar -> Mon 30 Mar
        assertThat(ROME.addCalendarDays(d(2026, 3, 2), 27)).isEqualTo(d(2026, 3, 30));
        // Mon 2 Mar 2026 + 26 = Sat 28 Mar -> Mon 30 Mar
        assertThat(ROME.addCalendarDays(d(2026, 3, 2), 26)).isEqualTo(d(2026, 3, 30));
        // Fri 6 Mar 2026 + 30 = Easter Sunday 5 Apr -> Easter Monday -> Tue 7 Apr
        assertThat(ROME.addCalendarDays(d(2026, 3, 6), 30)).isEqualTo(d(2026, 4, 7));
        // ending on a working day stays
        assertThat(ROME.addCalendarDays(d(2026, 3, 2), 30)).isEqualTo(d(2026, 4, 1));
        // Rome's patron: Sat 27 Jun + 2 = Mon 29 Jun -> Tue 30 Jun (national: Monday)
        assertThat(ROME.addCalendarDays(d(2026, 6, 27), 2)).isEqualTo(d(2026, 6, 30));
        assertThat(NATIONAL.addCalendarDays(d(2026, 6, 27), 2)).isEqualTo(d(2026, 6, 29));
    }

    @Test
    void suspensionAcrossEasterExcludesItsWorkingDays() {
        // (20 Mar, 20 Apr 2026] holds 20 working days (see thirtyWorkingDaysAcrossEaster).
        // Suspended Thu 2 Apr, resumed Thu 9 Apr: (2 Apr, 9 Apr] holds Fri 3, Tue 7, Wed 8, Thu 9 = 4
        // (Easter Monday is not a working day; 2 Apr still counts, 9 Apr does not).
        List<DateRange> suspension = List.of(new DateRange(d(2026, 4, 2), d(2026, 4, 9)));
        assertThat(ROME.workingDaysBetween(d(2026, 3, 20), d(2026, 4, 20))).isEqualTo(20);
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 20), suspension))
                .isEqualTo(16);
        // (20 Mar, 2 Apr] = March 23-27, 30-31, April 1-2 = 9 working days; nothing more elapses while
        // suspended, and counting restarts on Friday 10 April
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 2), suspension))
                .isEqualTo(9);
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 8), suspension))
                .isEqualTo(9);
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 9), suspension))
                .isEqualTo(9);
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 10), suspension))
                .isEqualTo(10);
        // the due date moves by the 4 suspended working days: 5 May -> 6, 7, 8, 11 May
        assertThat(ROME.dueDate(d(2026, 3, 20), 30, DeadlineKind.WORKING, suspension))
                .isEqualTo(d(2026, 5, 11));
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 5, 11), suspension))
                .isEqualTo(30);
        // calendar days: (2 Apr, 9 Apr] is 7 days
        assertThat(ROME.calendarDaysElapsed(d(2026, 3, 20), d(2026, 4, 20), suspension))
                .isEqualTo(31 - 7);
    }

    @Test
    void overlappingSuspensionsAreSubtractedOnce() {
        // (2 Apr, 9 Apr] and (7 Apr, 14 Apr] cover (2 Apr, 14 Apr]: 3, 7, 8, 9, 10, 13, 14 = 7 working
        // days, not 4 + 5.
        List<DateRange> overlapping =
                List.of(new DateRange(d(2026, 4, 7), d(2026, 4, 14)), new DateRange(d(2026, 4, 2), d(2026, 4, 9)));
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 20), overlapping))
                .isEqualTo(20 - 7);
        assertThat(ROME.calendarDaysElapsed(d(2026, 3, 20), d(2026, 4, 20), overlapping))
                .isEqualTo(31 - 12);
        // 30th working day 5 May + 7: 6, 7, 8, 11, 12, 13, 14 May
        assertThat(ROME.dueDate(d(2026, 3, 20), 30, DeadlineKind.WORKING, overlapping))
                .isEqualTo(d(2026, 5, 14));
        // a duplicate and a nested suspension change nothing
        List<DateRange> redundant = new ArrayList<>(overlapping);
        redundant.add(new DateRange(d(2026, 4, 2), d(2026, 4, 9)));
        redundant.add(new DateRange(d(2026, 4, 8), d(2026, 4, 10)));
        redundant.add(new DateRange(d(2026, 4, 13), d(2026, 4, 13))); // empty
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 20), redundant))
                .isEqualTo(13);
        assertThat(DateRange.union(redundant)).containsExactly(new DateRange(d(2026, 4, 2), d(2026, 4, 14)));
        // adjacent ranges merge too
        assertThat(DateRange.union(List.of(
                        new DateRange(d(2026, 4, 9), d(2026, 4, 14)), new DateRange(d(2026, 4, 2), d(2026, 4, 9)))))
                .containsExactly(new DateRange(d(2026, 4, 2), d(2026, 4, 14)));
    }

    @Test
    void suspensionsAreClippedToTheCase() {
        // suspended before the opening, resumed after it: only (opened, resumed] is excluded
        List<DateRange> early = List.of(new DateRange(d(2026, 3, 1), d(2026, 3, 24)));
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 20), early))
                .isEqualTo(20 - 2);
        // resumed after the end
        List<DateRange> late = List.of(new DateRange(d(2026, 4, 17), d(2026, 5, 30)));
        assertThat(ROME.workingDaysElapsed(d(2026, 3, 20), d(2026, 4, 20), late))
                .isEqualTo(20 - 1);
        assertThat(ROME.workingDaysElapsed(d(2026, 4, 20), d(2026, 3, 20), late))
                .isZero();
    }

    @Test
    void calendarDueDateIsExtendedBySuspendedCalendarDays() {
        LocalDate opened = d(2026, 3, 2);
        assertThat(ROME.dueDate(opened, 30, DeadlineKind.CALENDAR)).isEqualTo(d(2026, 4, 1));
        // 10 days suspended: 2 Mar + 40 = Sat 11 Apr -> Mon 13 Apr
        List<DateRange> tenDays = List.of(new DateRange(d(2026, 3, 10), d(2026, 3, 20)));
        assertThat(ROME.dueDate(opened, 30, DeadlineKind.CALENDAR, tenDays)).isEqualTo(d(2026, 4, 13));
        // suspended on the due date itself: too late, the term has run out
        List<DateRange> onDueDate = List.of(new DateRange(d(2026, 4, 1), d(2026, 4, 15)));
        assertThat(ROME.dueDate(opened, 30, DeadlineKind.CALENDAR, onDueDate)).isEqualTo(d(2026, 4, 1));
        // suspended the day before: one day left after the resumption
        List<DateRange> dayBefore = List.of(new DateRange(d(2026, 3, 31), d(2026, 4, 15)));
        assertThat(ROME.dueDate(opened, 30, DeadlineKind.CALENDAR, dayBefore)).isEqualTo(d(2026, 4, 16));
        // suspensions after the due date are ignored, for working days too
        List<DateRange> after = List.of(new DateRange(d(2026, 6, 1), d(2026, 6, 30)));
        assertThat(ROME.dueDate(opened, 30, DeadlineKind.CALENDAR, after)).isEqualTo(d(2026, 4, 1));
        assertThat(ROME.dueDate(d(2026, 3, 20), 30, DeadlineKind.WORKING, after))
                .isEqualTo(d(2026, 5, 5));
    }

    @Test
    void dueDateMatchesADayByDayCount() {
        SplittableRandom rnd = new SplittableRandom(20260402);
        for (int i = 0; i < 3_000; i++) {
            LocalDate opened = d(2024, 1, 1).plusDays(rnd.nextInt(3 * 365));
            int deadline = rnd.nextInt(0, 120);
            List<DateRange> suspensions = new ArrayList<>();
            for (int k = rnd.nextInt(4); k > 0; k--) {
                LocalDate from = opened.plusDays(rnd.nextInt(-20, 150));
                suspensions.add(new DateRange(from, from.plusDays(rnd.nextInt(0, 40))));
            }
            for (DeadlineKind kind : DeadlineKind.values()) {
                LocalDate due = ROME.dueDate(opened, deadline, kind, suspensions);
                assertThat(due)
                        .as("%s %s %s %s", opened, deadline, kind, suspensions)
                        .isEqualTo(dueDateByWalking(opened, deadline, kind, suspensions));
                if (kind == DeadlineKind.WORKING) {
                    assertThat(ROME.workingDaysElapsed(opened, due, suspensions))
                            .isEqualTo(deadline);
                }
            }
        }
    }

    /** Oracle: walk day by day, counting days that are outside every suspension. */
    private static LocalDate dueDateByWalking(
            LocalDate opened, int deadline, DeadlineKind kind, List<DateRange> suspensions) {
        LocalDate d = opened;
        int counted = 0;
        while (counted < deadline) {
            d = d.plusDays(1);
            LocalDate day = d;
            boolean suspended = suspensions.stream().anyMatch(s -> s.contains(day));
            if (!suspended && (kind == DeadlineKind.CALENDAR || ROME.isWorkingDay(day))) {
                counted++;
            }
        }
        while (kind == DeadlineKind.CALENDAR && !ROME.isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    @Test
    void addWorkingDaysReturnsTheNthWorkingDay() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            LocalDate start = d(1999, 1, 1).plusDays(rnd.nextInt(40 * 365));
            int n = rnd.nextInt(1, 250);
            LocalDate due = ROME.addWorkingDays(start, n);
            assertThat(ROME.isWorkingDay(due)).isTrue();
            assertThat(ROME.workingDaysBetween(start, due)).isEqualTo(n);
            assertThat(ROME.workingDaysBetween(start, due.minusDays(1))).isEqualTo(n - 1);
        }
    }

    @Test
    void isWorkingDayAgreesWithTheHolidayListEveryDay() {
        for (int year = ItalianHolidays.FIRST_YEAR; year <= ItalianHolidays.LAST_YEAR; year++) {
            Set<LocalDate> holidays = new HashSet<>();
            ItalianHolidays.national(year).forEach(h -> holidays.add(h.date()));
            holidays.add(LocalDate.of(year, 6, 29));
            for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
                boolean weekday = day.getDayOfWeek().getValue() <= 5;
                assertThat(ROME.isWorkingDay(day)).as("%s", day).isEqualTo(weekday && !holidays.contains(day));
                assertThat(ROME.isHoliday(day)).as("%s", day).isEqualTo(holidays.contains(day));
            }
        }
    }

    @Test
    void workingDayIndexAroundTheEpoch() {
        assertThat(ROME.workingDayIndex(BusinessCalendar.INDEX_EPOCH)).isZero();
        assertThat(ROME.workingDayIndex(d(2000, 1, 4))).isEqualTo(1);
        // Fri 31 Dec 1999 is the last working day before the epoch; Sat 1 Jan and Sun 2 Jan share its index
        assertThat(ROME.workingDayIndex(d(1999, 12, 31))).isEqualTo(-1);
        assertThat(ROME.workingDayIndex(d(2000, 1, 1))).isEqualTo(-1);
        assertThat(ROME.workingDayIndex(d(2000, 1, 2))).isEqualTo(-1);
        assertThat(ROME.workingDayIndex(d(1999, 12, 30))).isEqualTo(-2);
    }

    @Test
    void daysAreTableRows() {
        List<CalendarDay> rows = ROME.days(d(2026, 4, 3), d(2026, 4, 8));
        int i = ROME.workingDayIndex(d(2026, 4, 3));
        assertThat(rows)
                .containsExactly(
                        new CalendarDay(d(2026, 4, 3), true, null, DayOfWeek.FRIDAY, i),
                        new CalendarDay(d(2026, 4, 4), false, null, DayOfWeek.SATURDAY, i),
                        new CalendarDay(d(2026, 4, 5), false, "Pasqua", DayOfWeek.SUNDAY, i),
                        new CalendarDay(d(2026, 4, 6), false, "Lunedì dell'Angelo", DayOfWeek.MONDAY, i),
                        new CalendarDay(d(2026, 4, 7), true, null, DayOfWeek.TUESDAY, i + 1),
                        new CalendarDay(d(2026, 4, 8), true, null, DayOfWeek.WEDNESDAY, i + 2));
        assertThat(ROME.days(d(2026, 4, 8), d(2026, 4, 7))).isEmpty();
    }

    /**
     * The property that lets SQL join on the calendar table: for any dates a <= b, including
     * non-working ones, working days in (a, b] = index(b) - index(a). Checked over 1998-2031 (the
     * epoch, negative indexes, leap years, 2011's extra holiday, 2026's new one) against a day-by-day
     * count, for consecutive rows and for random pairs.
     */
    @Test
    void workingDayIndexDifferencesCountWorkingDays() {
        LocalDate first = d(1998, 1, 1);
        LocalDate last = d(2031, 12, 31);
        List<CalendarDay> rows = ROME.days(first, last);
        assertThat(rows).hasSize((int) (last.toEpochDay() - first.toEpochDay() + 1));
        int lastWorkingIndex = ROME.workingDayIndex(first.minusDays(1));
        for (CalendarDay row : rows) {
            assertThat(row.workingDay()).as("%s", row).isEqualTo(ROME.isWorkingDay(row.date()));
            assertThat(row.holidayName()).isEqualTo(ROME.holidayName(row.date()).orElse(null));
            assertThat(row.dayOfWeek()).isEqualTo(row.date().getDayOfWeek());
            assertThat(row.workingDayIndex()).isEqualTo(ROME.workingDayIndex(row.date()));
            if (row.workingDay()) {
                assertThat(row.workingDayIndex()).as("%s", row).isEqualTo(lastWorkingIndex + 1);
                lastWorkingIndex = row.workingDayIndex();
            } else {
                assertThat(row.workingDayIndex()).as("%s", row).isEqualTo(lastWorkingIndex);
            }
        }
        SplittableRandom rnd = new SplittableRandom(42);
        for (int k = 0; k < 5_000; k++) {
            CalendarDay a = rows.get(rnd.nextInt(rows.size()));
            CalendarDay b = rows.get(rnd.nextInt(rows.size()));
            int walked = 0;
            for (LocalDate x = a.date().plusDays(1); !x.isAfter(b.date()); x = x.plusDays(1)) {
                walked += ROME.isWorkingDay(x) ? 1 : 0;
            }
            assertThat(ROME.workingDaysBetween(a.date(), b.date()))
                    .as("%s %s", a, b)
                    .isEqualTo(walked);
            if (!b.date().isBefore(a.date())) {
                assertThat(b.workingDayIndex() - a.workingDayIndex())
                        .as("%s %s", a, b)
                        .isEqualTo(walked);
            }
        }
    }

    @Test
    void datesOutsideTheSupportedYearsAreRejected() {
        assertThatThrownBy(() -> ROME.isWorkingDay(d(9999, 12, 31)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9999");
        assertThatThrownBy(() -> ROME.workingDaysBetween(d(1900, 1, 1), d(2026, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ROME.workingDaysBetween(d(2026, 1, 1), d(1900, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ROME.addWorkingDays(d(2026, 1, 1), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DateRange(d(2026, 4, 9), d(2026, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BusinessCalendar(MonthDay.of(6, 24), " ", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        BusinessCalendar withClosure = ROME.withExtraHolidays(List.of(new Holiday(d(2026, 3, 11), "Lutto cittadino")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(withClosure);
        }
        BusinessCalendar copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (BusinessCalendar) in.readObject();
        }
        assertThat(copy).isEqualTo(withClosure);
        assertThat(copy.isWorkingDay(d(2026, 3, 11))).isFalse();
        assertThat(copy.isWorkingDay(d(2026, 6, 29))).isFalse();
        assertThat(copy.workingDayIndex(d(2026, 4, 7))).isEqualTo(withClosure.workingDayIndex(d(2026, 4, 7)));
    }
}
