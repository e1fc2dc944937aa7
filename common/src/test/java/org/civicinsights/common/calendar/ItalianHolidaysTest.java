package org.civicinsights.common.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItalianHolidaysTest {

    @ParameterizedTest
    @CsvSource({
        "2024,2024-03-31",
        "2025,2025-04-20",
        "2026,2026-04-05",
        "2027,2027-03-28",
        "2000,2000-04-23",
        "2038,2038-04-25",
        "2011,2011-04-24",
        "2019,2019-04-21"
    })
    void easterSundayMatchesKnownDates(int year, LocalDate easter) {
        assertThat(ItalianHolidays.easterSunday(year)).isEqualTo(easter);
        assertThat(ItalianHolidays.easterMonday(year)).isEqualTo(easter.plusDays(1));
    }

    @Test
    void easterIsAlwaysASundayBetween22MarchAnd25April() {
        for (int year = 1583; year <= 4099; year++) {
            LocalDate easter = ItalianHolidays.easterSunday(year);
            assertThat(easter.getDayOfWeek()).as("%s", year).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(easter).isBetween(LocalDate.of(year, 3, 22), LocalDate.of(year, 4, 25));
        }
    }

    @Test
    void nationalHolidaysOf2026InDateOrderWithItalianNames() {
        assertThat(ItalianHolidays.national(2026))
                .containsExactly(
                        new Holiday(LocalDate.of(2026, 1, 1), "Capodanno"),
                        new Holiday(LocalDate.of(2026, 1, 6), "Epifania"),
                        new Holiday(LocalDate.of(2026, 4, 5), "Pasqua"),
                        new Holiday(LocalDate.of(2026, 4, 6), "Lunedì dell'Angelo"),
                        new Holiday(LocalDate.of(2026, 4, 25), "Festa della Liberazione"),
                        new Holiday(LocalDate.of(2026, 5, 1), "Festa del Lavoro"),
                        new Holiday(LocalDate.of(2026, 6, 2), "Festa della Repubblica"),
                        new Holiday(LocalDate.of(2026, 8, 15), "Ferragosto"),
                        new Holiday(LocalDate.of(2026, 10, 4), "San Francesco d'Assisi"),
                        new Holiday(LocalDate.of(2026, 11, 1), "Ognissanti"),
                        new Holiday(LocalDate.of(2026, 12, 8), "Immacolata Concezione"),
                        new Holiday(LocalDate.of(2026, 12, 25), "Natale"),
                        new Holiday(LocalDate.of(2026, 12, 26), "Santo Stefano"));
    }

    @Test
    void sanFrancescoOnlyFrom2026() {
        // L. 151/2025, in force 1 January 2026
        assertThat(dates(2025)).doesNotContain(LocalDate.of(2025, 10, 4));
        assertThat(dates(2026)).contains(LocalDate.of(2026, 10, 4));
        assertThat(dates(2030)).contains(LocalDate.of(2030, 10, 4));
    }

    @Test
    void festaDellaRepubblicaOnlyFrom2001AndUnitaDItaliaOnlyIn2011() {
        assertThat(dates(2000)).doesNotContain(LocalDate.of(2000, 6, 2)).hasSize(11);
        assertThat(dates(2001)).contains(LocalDate.of(2001, 6, 2)).hasSize(12);
        assertThat(ItalianHolidays.national(2011))
                .contains(new Holiday(LocalDate.of(2011, 3, 17), "150° anniversario dell'Unità d'Italia"))
                .hasSize(13);
        assertThat(dates(2012)).doesNotContain(LocalDate.of(2012, 3, 17));
    }

    @Test
    void holidaysOnTheSameDateAreBothListedEasterFirst() {
        // Easter 2038 is 25 April
        assertThat(ItalianHolidays.national(2038))
                .containsSubsequence(
                        new Holiday(LocalDate.of(2038, 4, 25), "Pasqua"),
                        new Holiday(LocalDate.of(2038, 4, 25), "Festa della Liberazione"));
    }

    @Test
    void yearsOutsideTheSupportedRulesAreRejected() {
        assertThatThrownBy(() -> ItalianHolidays.national(1986))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1987-2199");
        assertThatThrownBy(() -> ItalianHolidays.national(9999)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ItalianHolidays.easterSunday(1500)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<LocalDate> dates(int year) {
        return ItalianHolidays.national(year).stream().map(Holiday::date).toList();
    }
}
