package org.civicinsights.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.civicinsights.common.calendar.BusinessCalendar;
import org.civicinsights.ingestion.synthetic.RomeCalendar.DayKind;
import org.junit.jupiter.api.Test;

class RomeCalendarTest {

    @Test
    void dayKinds() {
        assertThat(RomeCalendar.dayKind(LocalDate.of(2026, 6, 29))).isEqualTo(DayKind.SUNDAY_OR_HOLIDAY); // a Monday
        assertThat(RomeCalendar.dayKind(LocalDate.of(2026, 3, 8))).isEqualTo(DayKind.SUNDAY_OR_HOLIDAY);
        assertThat(RomeCalendar.dayKind(LocalDate.of(2026, 3, 7))).isEqualTo(DayKind.SATURDAY);
        assertThat(RomeCalendar.dayKind(LocalDate.of(2026, 3, 2))).isEqualTo(DayKind.WORKDAY);
    }

    @Test
    void workingDaysAreThoseOfThePlatformsRomeCalendar() {
        BusinessCalendar rome = BusinessCalendar.rome();
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() < 2028; d = d.plusDays(1)) {
            assertThat(RomeCalendar.isWorkingDay(d)).as(d.toString()).isEqualTo(rome.isWorkingDay(d));
        }
        assertThat(RomeCalendar.isWorkingDay(LocalDate.of(2027, 10, 4))).isFalse(); // San Francesco, a Monday
        assertThat(RomeCalendar.dayKind(LocalDate.of(2027, 10, 4))).isEqualTo(DayKind.SUNDAY_OR_HOLIDAY);
    }

    @Test
    void followUpsPlannedPastTheCalendarSeeOnlyWeekends() {
        LocalDate last = RomeCalendar.LAST_SUPPORTED_DATE; // Tuesday 31 December 2199
        // past the calendar there are no holidays, not even 1 January 2200 (a Wednesday): only weekends
        assertThat(RomeCalendar.isWorkingDay(last.plusDays(1))).isTrue();
        assertThat(RomeCalendar.isWorkingDay(last.plusDays(4))).isFalse(); // Saturday
        assertThat(RomeCalendar.addWorkingDays(last, 4)).isEqualTo(last.plusDays(6)); // Wed, Thu, Fri, (weekend), Mon
        long lateFriday = RomeCalendar.epochSecond(last.plusDays(3), LocalTime.of(20, 0));
        long office = RomeCalendar.officeTimeOnOrAfter(lateFriday, new SplittableRandom(1));
        assertThat(RomeCalendar.localDate(office)).isEqualTo(last.plusDays(6));
    }

    @Test
    void workingDaysSkipWeekendsAndHolidays() {
        // Thursday 2 April 2026 + 2 working days: Friday 3, (weekend, Easter Monday), Tuesday 7
        assertThat(RomeCalendar.addWorkingDays(LocalDate.of(2026, 4, 2), 2)).isEqualTo(LocalDate.of(2026, 4, 7));
        assertThat(RomeCalendar.addWorkingDays(LocalDate.of(2026, 3, 2), 0)).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(RomeCalendar.addWorkingDays(LocalDate.of(2026, 3, 2), 5)).isEqualTo(LocalDate.of(2026, 3, 9));
    }

    @Test
    void officeAndCitizenTimesAreNeverEarlierAndInsideTheirHours() {
        SplittableRandom rng = new SplittableRandom(3);
        long start = RomeCalendar.epochSecond(LocalDate.of(2026, 3, 20), LocalTime.MIDNIGHT);
        for (int i = 0; i < 5_000; i++) {
            long t = start + rng.nextLong(40L * 86_400);
            long office = RomeCalendar.officeTimeOnOrAfter(t, rng);
            assertThat(office).isGreaterThanOrEqualTo(t);
            assertThat(RomeCalendar.inOfficeHours(office)).isTrue();
            if (RomeCalendar.inOfficeHours(t)) {
                assertThat(office).isEqualTo(t);
            }
            assertThat(office - t).isLessThan(6L * 86_400); // Easter weekend at most
            long citizen = RomeCalendar.citizenTimeOnOrAfter(t, rng);
            ZonedDateTime z = RomeCalendar.local(citizen);
            assertThat(citizen).isGreaterThanOrEqualTo(t);
            assertThat(z.getHour()).isBetween(7, 22);
        }
    }
}
