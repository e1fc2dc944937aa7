package org.civicinsights.common.calendar;

/** How a legal deadline is counted: working days, or calendar days (see {@link BusinessCalendar#dueDate}). */
public enum DeadlineKind {
    WORKING,
    CALENDAR
}
