package org.civicinsights.batch;

import java.time.Instant;
import java.time.LocalDate;
import org.civicinsights.common.calendar.RomeTime;

/**
 * How the batch jobs read raw.interactions: Rome calendar days bound the UTC {@code event_time}
 * column as instants (so Iceberg skips the partitions and files outside them), Rome dates and hours are derived in
 * SQL, and an event stored twice (a copy re-sent after the ingest job's de-duplication window,
 * see the data dictionary) is read once.
 */
public final class RawEvents {
    private RawEvents() {}

    public static String table(BatchSettings s) {
        return s.catalogName() + ".raw.interactions";
    }

    /** The first instant of a Rome calendar day. */
    public static Instant startOf(LocalDate day) {
        return day.atStartOfDay(RomeTime.ZONE).toInstant();
    }

    /** The first instant after a Rome calendar day (23, 24 or 25 hours after its start). */
    public static Instant endOf(LocalDate day) {
        return startOf(day.plusDays(1));
    }

    public static String timestamp(Instant t) {
        return "TIMESTAMP '" + t + "'";
    }

    /** SQL: the Rome calendar date of a UTC timestamp column (the session time zone is UTC). */
    public static String romeDate(String column) {
        return "to_date(from_utc_timestamp(" + column + ", 'Europe/Rome'))";
    }

    /** SQL: the Rome hour of day, 0-23 (on the autumn change day hour 2 holds both of its hours). */
    public static String romeHour(String column) {
        return "hour(from_utc_timestamp(" + column + ", 'Europe/Rome'))";
    }

    /**
     * SQL: the raw {@code columns} (plain column names, comma-separated, including event_id) of the
     * rows matching {@code where}, one row per {@code event_id}: the copy ingested first.
     */
    public static String distinctEvents(BatchSettings s, String columns, String where) {
        return "SELECT " + columns + " FROM (SELECT " + columns + ", row_number() OVER (PARTITION BY event_id"
                + " ORDER BY ingested_at) AS copy_no FROM " + table(s) + " WHERE " + where + ") WHERE copy_no = 1";
    }
}
