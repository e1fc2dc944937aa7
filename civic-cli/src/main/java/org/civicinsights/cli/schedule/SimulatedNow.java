package org.civicinsights.cli.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The scheduler's {@code --now}: the instant its clock is fixed at for a drill. A local date and
 * time is read in the schedules' zone ({@code 2026-12-10T04:00}); an ISO instant or offset time
 * ({@code 2026-12-10T03:00Z}, {@code 2026-12-10T04:00+01:00}) is taken as it is. A local time that
 * the spring change skips is moved forward by the gap, one the autumn change repeats is the
 * earlier of the two (as {@link java.time.ZonedDateTime#of} resolves them): the scheduler prints
 * the instant it uses.
 */
public final class SimulatedNow {
    private SimulatedNow() {}

    public static Instant parse(String text, ZoneId zone) {
        String t = text == null ? "" : text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notAnOffsetTime) {
            // a local time, below
        }
        try {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeParseException notALocalTime) {
            // a clear message, below
        }
        String hint = isDate(t) ? " (add the time of day: " + t + "T04:00)" : "";
        throw new IllegalArgumentException("--now '" + t + "' is not a time" + hint + ": give a local time in " + zone
                + " like 2026-12-10T04:00, or an instant like 2026-12-10T03:00Z");
    }

    private static boolean isDate(String t) {
        try {
            LocalDate.parse(t);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
