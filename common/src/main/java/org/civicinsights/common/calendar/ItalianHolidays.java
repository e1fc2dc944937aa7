package org.civicinsights.common.calendar;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * National public holidays of Italy (giorni festivi, art. 2 L. 260/1949 as amended, and DPR 792/1985),
 * with their Italian names. Sundays are non-working by themselves and are not listed.
 *
 * <p>The rules are applied from {@link #FIRST_YEAR}: from 1987 the list is today's one except that
 * 2 June counts only from 2001 (L. 336/2000; 1977-2000 the Festa della Repubblica was on the first
 * Sunday of June) and 4 October only from 2026 (L. 151/2025, "festa nazionale di San Francesco d'Assisi",
 * in force 1 January 2026). The one-off national holiday of 17 March 2011 (DL 5/2011, 150 years of
 * Italian unity) is included. Earlier years had a different list and are rejected, as are years after
 * {@link #LAST_YEAR}: such dates are almost always sentinels ({@code 9999-12-31}), not deadlines.
 *
 * <p>Local patron saints' days are not national: see {@link BusinessCalendar}.
 */
public final class ItalianHolidays {
    public static final int FIRST_YEAR = 1987;
    public static final int LAST_YEAR = 2199;
    /** First year in which 4 October is a national holiday (L. 8 ottobre 2025, n. 151). */
    public static final int SAN_FRANCESCO_FIRST_YEAR = 2026;
    /** First year in which 2 June is again a holiday (L. 20 novembre 2000, n. 336). */
    public static final int FESTA_DELLA_REPUBBLICA_FIRST_YEAR = 2001;

    /** Rome's patron saints, Peter and Paul: a holiday "per il comune di Roma" (DPR 792/1985). */
    public static final MonthDay ROME_PATRON_DAY = MonthDay.of(6, 29);

    public static final String ROME_PATRON_NAME = "Santi Pietro e Paolo";

    public static final String CAPODANNO = "Capodanno";
    public static final String EPIFANIA = "Epifania";
    public static final String PASQUA = "Pasqua";
    public static final String LUNEDI_DELL_ANGELO = "Lunedì dell'Angelo";
    public static final String LIBERAZIONE = "Festa della Liberazione";
    public static final String LAVORO = "Festa del Lavoro";
    public static final String REPUBBLICA = "Festa della Repubblica";
    public static final String FERRAGOSTO = "Ferragosto";
    public static final String SAN_FRANCESCO = "San Francesco d'Assisi";
    public static final String OGNISSANTI = "Ognissanti";
    public static final String IMMACOLATA = "Immacolata Concezione";
    public static final String NATALE = "Natale";
    public static final String SANTO_STEFANO = "Santo Stefano";
    public static final String UNITA_D_ITALIA_150 = "150° anniversario dell'Unità d'Italia";

    private ItalianHolidays() {}

    /** Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        if (year < 1583) {
            throw new IllegalArgumentException("the Gregorian Easter is defined from 1583, not " + year);
        }
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    public static LocalDate easterMonday(int year) {
        return easterSunday(year).plusDays(1);
    }

    /**
     * The national holidays of {@code year}, sorted by date (Easter first when it shares a date with
     * a fixed holiday). Holidays falling on a Sunday are listed too.
     */
    public static List<Holiday> national(int year) {
        checkYear(year);
        List<Holiday> list = new ArrayList<>(15);
        list.add(new Holiday(easterSunday(year), PASQUA));
        list.add(new Holiday(easterMonday(year), LUNEDI_DELL_ANGELO));
        list.add(fixed(year, 1, 1, CAPODANNO));
        list.add(fixed(year, 1, 6, EPIFANIA));
        if (year == 2011) {
            list.add(fixed(year, 3, 17, UNITA_D_ITALIA_150));
        }
        list.add(fixed(year, 4, 25, LIBERAZIONE));
        list.add(fixed(year, 5, 1, LAVORO));
        if (year >= FESTA_DELLA_REPUBBLICA_FIRST_YEAR) {
            list.add(fixed(year, 6, 2, REPUBBLICA));
        }
        list.add(fixed(year, 8, 15, FERRAGOSTO));
        if (year >= SAN_FRANCESCO_FIRST_YEAR) {
            list.add(fixed(year, 10, 4, SAN_FRANCESCO));
        }
        list.add(fixed(year, 11, 1, OGNISSANTI));
        list.add(fixed(year, 12, 8, IMMACOLATA));
        list.add(fixed(year, 12, 25, NATALE));
        list.add(fixed(year, 12, 26, SANTO_STEFANO));
        list.sort(Comparator.comparing(Holiday::date)); // stable: Easter stays before a fixed feast on its date
        return List.copyOf(list);
    }

    static void checkYear(int year) {
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new IllegalArgumentException(
                    "year " + year + " is outside the supported years " + FIRST_YEAR + "-" + LAST_YEAR);
        }
    }

    private static Holiday fixed(int year, int month, int day, String name) {
        return new Holiday(LocalDate.of(year, month, day), name);
    }
}
