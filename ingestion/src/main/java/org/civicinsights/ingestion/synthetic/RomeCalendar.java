package org.civicinsights.ingestion.synthetic;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Rome's working calendar: Italian public holidays plus 29 June (Saints Peter and Paul, patrons of
 * Rome, when the city's offices are closed), Easter Monday, and the hours of offices and citizens.
 * Times are epoch seconds; local times are in Europe/Rome, so CET/CEST changes are handled by
 * the zone rules.
 */
public final class RomeCalendar {
    public static final ZoneId ZONE = ZoneId.of("Europe/Rome");
    /** Front offices and back offices work on working days from 8:30 to 17:00. */
    public static final LocalTime OFFICE_OPEN = LocalTime.of(8, 30);
    public static final LocalTime OFFICE_CLOSE = LocalTime.of(17, 0);
    /** Citizens act on their own (open a message, answer a survey) between 7:00 and 23:00. */
    static final LocalTime CITIZEN_START = LocalTime.of(7, 0);
    static final LocalTime CITIZEN_END = LocalTime.of(23, 0);

    private static final Set<MonthDay> FIXED_HOLIDAYS = Set.of(
            MonthDay.of(1, 1), MonthDay.of(1, 6), MonthDay.of(4, 25), MonthDay.of(5, 1), MonthDay.of(6, 2),
            MonthDay.of(6, 29), MonthDay.of(8, 15), MonthDay.of(11, 1), MonthDay.of(12, 8), MonthDay.of(12, 25),
            MonthDay.of(12, 26));

    /** How busy a day is: offices open, Saturday, or Sunday and holidays. */
    public enum DayKind { WORKDAY, SATURDAY, SUNDAY_OR_HOLIDAY }

    private RomeCalendar() {
    }

    /** Easter Sunday (Gregorian calendar, anonymous algorithm). */
    public static LocalDate easterSunday(int year) {
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

    public static boolean isHoliday(LocalDate date) {
        return FIXED_HOLIDAYS.contains(MonthDay.from(date)) || date.equals(easterSunday(date.getYear()).plusDays(1));
    }

    public static boolean isWorkingDay(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !isHoliday(date);
    }

    public static DayKind dayKind(LocalDate date) {
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY || isHoliday(date)) {
            return DayKind.SUNDAY_OR_HOLIDAY;
        }
        return date.getDayOfWeek() == DayOfWeek.SATURDAY ? DayKind.SATURDAY : DayKind.WORKDAY;
    }

    /** The date {@code n} working days after {@code date} (n = 0: the date itself). */
    public static LocalDate addWorkingDays(LocalDate date, int n) {
        LocalDate d = date;
        int left = n;
        while (left > 0) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    public static LocalDate nextWorkingDay(LocalDate date) {
        return addWorkingDays(date, 1);
    }

    public static ZonedDateTime local(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(ZONE);
    }

    public static LocalDate localDate(long epochSecond) {
        return local(epochSecond).toLocalDate();
    }

    public static long epochSecond(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(ZONE).toEpochSecond();
    }

    /** First second of the day after {@code date}, i.e. the end (exclusive) of {@code date}. */
    public static long endOfDay(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZONE).toEpochSecond();
    }

    /** True on a working day between 8:30 (inclusive) and 17:00 (exclusive). */
    public static boolean inOfficeHours(long epochSecond) {
        ZonedDateTime z = local(epochSecond);
        LocalTime t = z.toLocalTime();
        return isWorkingDay(z.toLocalDate()) && !t.isBefore(OFFICE_OPEN) && t.isBefore(OFFICE_CLOSE);
    }

    /** 17:00 of the local day of the given instant. */
    public static long officeClose(long epochSecond) {
        return epochSecond(localDate(epochSecond), OFFICE_CLOSE);
    }

    /**
     * When a back office acts on something that reached it at {@code epochSecond}: then, if the
     * offices are open, otherwise during the morning of the next working day (mostly early).
     */
    public static long officeTimeOnOrAfter(long epochSecond, SplittableRandom rng) {
        ZonedDateTime z = local(epochSecond);
        LocalDate date = z.toLocalDate();
        LocalTime time = z.toLocalTime();
        if (isWorkingDay(date) && !time.isBefore(OFFICE_OPEN) && time.isBefore(OFFICE_CLOSE)) {
            return epochSecond;
        }
        LocalDate target = isWorkingDay(date) && time.isBefore(OFFICE_OPEN) ? date : nextWorkingDay(date);
        long window = OFFICE_CLOSE.toSecondOfDay() - OFFICE_OPEN.toSecondOfDay() - 1;
        long offset = Math.min(window, (long) (Math.abs(rng.nextGaussian()) * 2 * 3600));
        return epochSecond(target, OFFICE_OPEN) + offset;
    }

    /** When a citizen does something prompted at {@code epochSecond}: then, or the next morning if at night. */
    public static long citizenTimeOnOrAfter(long epochSecond, SplittableRandom rng) {
        ZonedDateTime z = local(epochSecond);
        LocalTime time = z.toLocalTime();
        if (!time.isBefore(CITIZEN_START) && time.isBefore(CITIZEN_END)) {
            return epochSecond;
        }
        LocalDate target = time.isBefore(CITIZEN_START) ? z.toLocalDate() : z.toLocalDate().plusDays(1);
        long window = CITIZEN_END.toSecondOfDay() - CITIZEN_START.toSecondOfDay() - 1;
        long offset = Math.min(window, (long) (Math.abs(rng.nextGaussian()) * 3 * 3600));
        return epochSecond(target, CITIZEN_START) + offset;
    }
}
