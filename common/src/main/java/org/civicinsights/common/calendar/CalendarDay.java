package org.civicinsights.common.calendar;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * One row of the calendar dimension table (see {@link BusinessCalendar#days}).
 *
 * <p>{@code workingDayIndex} is {@link BusinessCalendar#workingDayIndex}: for any two dates,
 * {@code workingDaysBetween(a, b) == index(b) - index(a)} when {@code a <= b}, and a non-working day has
 * the index of the last working day before it. In SQL, with a calendar table {@code cal}:
 * <pre>{@code
 * -- working days in (opened, closed]
 * select c2.working_day_index - c1.working_day_index
 * from cases k join cal c1 on c1.date = k.opened join cal c2 on c2.date = k.closed;
 * -- due date of n working days: the only working day with index(opened) + n
 * select date from cal where working_day and working_day_index = :opened_index + :n;
 * }</pre>
 *
 * @param holidayName Italian name of the holiday on this date, null when there is none (Sundays are
 *                    not holidays by name; several holidays on one date are joined with " / ")
 */
public record CalendarDay(
        LocalDate date, boolean workingDay, String holidayName, DayOfWeek dayOfWeek, int workingDayIndex)
        implements Serializable {}
