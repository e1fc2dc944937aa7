package org.civicinsights.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.civicinsights.ingestion.synthetic.RomeCalendar.DayKind;
import org.junit.jupiter.api.Test;

class RomeCalendarTest {

    @Test
    void easter() {
        assertThat(RomeCalendar.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(RomeCalendar.easterSunday(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(RomeCalendar.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(RomeCalendar.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
    }

    @Test
    void holidaysIncludeEasterMondayAndRomesPatrons() {
        assertThat(RomeCalendar.isHoliday(LocalDate.of(2026, 4, 6))).isTrue(); // Easter Monday
        assertThat(RomeCalendar.isHoliday(LocalDate.of(2026, 6, 29))).isTrue(); // Saints Peter and Paul
        assertThat(RomeCalendar.isHoliday(LocalDate.of(2026, 4, 25))).isTrue();
        assertThat(RomeCalendar.isHoliday(LocalDate.of(2026, 12, 8))).isTrue();
        assertThat(RomeCalendar.isHoliday(LocalDate.of(2026, 4, 7))).isFalse();
        assertThat(RomeCalendar.dayKind(LocalDate.of(2026, 6, 29))).isEqualTo(DayKind.SUNDAY_OR_HOLIDAY);
        assertThat(RomeCalendar.dayKind(LocalDate.of(2026, 3, 7))).isEqualTo(DayKind.SATURDAY);
        assertThat(RomeCalendar.dayKind(LocalDate.of(2026, 3, 2))).isEqualTo(DayKind.WORKDAY);
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
