package org.civicinsights.common.calendar;

import java.time.ZoneId;

/**
 * The city's time zone: the calendar day of an event, the batch jobs' dates and the schedules are
 * days and hours in Rome, whatever the zone of the machine.
 */
public final class RomeTime {
    /** Europe/Rome. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Rome");

    private RomeTime() {}
}
