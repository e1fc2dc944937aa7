package org.civicinsights.ingestion.synthetic;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.civicinsights.common.calendar.BusinessCalendar;
import org.civicinsights.common.calendar.ItalianHolidays;
import org.civicinsights.common.calendar.RomeTime;

/**
 * Rome's working calendar for the generator: which days the offices work, taken from the platform's
 * {@link BusinessCalendar#rome()} (Italian national holidays plus 29 June, Saints Peter and Paul),
 * and the hours of offices and citizens. Times are epoch seconds; local times are in Europe/Rome, so
 * CET/CEST changes are handled by the zone rules.
 *
 * <p>The business calendar covers {@link #FIRST_SUPPORTED_DATE}..{@link #LAST_SUPPORTED_DATE}, and
 * {@link org.civicinsights.ingestion.GeneratorSettings} only accepts periods inside it. Episodes are
 * planned whole, though, so a case opened near the end of a period may plan follow-ups far past it;
 * those events are always dropped, and for them a day after {@link #LAST_SUPPORTED_DATE} is a working
 * day from Monday to Friday, without holidays, instead of a question the calendar would refuse.
 */
public final class RomeCalendar {
    /** Front offices and back offices work on working days from 8:30 to 17:00. */
    public static final LocalTime OFFICE_OPEN = LocalTime.of(8, 30);

    public static final LocalTime OFFICE_CLOSE = LocalTime.of(17, 0);
    /** Citizens act on their own (open a message, answer a survey) between 7:00 and 23:00. */
    static final LocalTime CITIZEN_START = LocalTime.of(7, 0);

    static final LocalTime CITIZEN_END = LocalTime.of(23, 0);

    /** First and last date of the business calendar: a generated period must lie between them. */
    public static final LocalDate FIRST_SUPPORTED_DATE = LocalDate.of(ItalianHolidays.FIRST_YEAR, 1, 1);

    public static final LocalDate LAST_SUPPORTED_DATE = LocalDate.of(ItalianHolidays.LAST_YEAR, 12, 31);

    private static final BusinessCalendar CALENDAR = BusinessCalendar.rome();

    /** How busy a day is: offices open, Saturday, or Sunday and holidays. */
    public enum DayKind {
        WORKDAY,
        SATURDAY,
        SUNDAY_OR_HOLIDAY
    }

    private RomeCalendar() {}

    /** Monday to Friday and not a holiday in Rome (see the class comment for dates after the calendar). */
    public static boolean isWorkingDay(LocalDate date) {
        if (date.isAfter(LAST_SUPPORTED_DATE)) {
            DayOfWeek dow = date.getDayOfWeek();
            return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
        }
        return CALENDAR.isWorkingDay(date);
    }

    /** The kind of a day of the period (always inside the business calendar). */
    public static DayKind dayKind(LocalDate date) {
        if (date.getDayOfWeek() == DayOfWeek.SUNDAY || CALENDAR.isHoliday(date)) {
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
        return Instant.ofEpochSecond(epochSecond).atZone(RomeTime.ZONE);
    }

    public static LocalDate localDate(long epochSecond) {
        return local(epochSecond).toLocalDate();
    }

    public static long epochSecond(LocalDate date, LocalTime time) {
        return date.atTime(time).atZone(RomeTime.ZONE).toEpochSecond();
    }

    /** First second of the day after {@code date}, i.e. the end (exclusive) of {@code date}. */
    public static long endOfDay(LocalDate date) {
        return date.plusDays(1).atStartOfDay(RomeTime.ZONE).toEpochSecond();
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
        LocalDate target =
                time.isBefore(CITIZEN_START) ? z.toLocalDate() : z.toLocalDate().plusDays(1);
        long window = CITIZEN_END.toSecondOfDay() - CITIZEN_START.toSecondOfDay() - 1;
        long offset = Math.min(window, (long) (Math.abs(rng.nextGaussian()) * 3 * 3600));
        return epochSecond(target, CITIZEN_START) + offset;
    }
}
