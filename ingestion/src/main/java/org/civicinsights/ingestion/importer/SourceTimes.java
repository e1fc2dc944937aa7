package org.civicinsights.ingestion.importer;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a mapping reads the times of its source: accepted patterns, the zone of times written
 * without offset, the time of day given to date-only values.
 *
 * <ul>
 *   <li>Patterns are {@link DateTimeFormatter} patterns ({@code MM/dd/yyyy hh:mm:ss a}), tried in
 *       order, with English AM/PM and month names, case-insensitive and strict (no 30 February).
 *       The word {@code ISO} accepts ISO-8601 dates and date-times, {@code T} or a space between
 *       date and time, optional fraction, optional offset ({@code Z}, {@code +01:00},
 *       {@code +0100}).</li>
 *   <li>A value with an offset keeps its instant. A value without offset is local time of
 *       {@link #zone()}: in the spring-forward gap it moves forward by the gap's length
 *       (02:30 becomes 03:30), in the autumn overlap it takes the earlier offset (summer time).</li>
 *   <li>A date-only value gets {@link #dateOnlyTime()} (12:00 by default), local time.</li>
 * </ul>
 * Times are then written in the zone: the offset in force at that instant.
 */
public final class SourceTimes {
    /** The keyword for ISO-8601 values in {@code time.patterns}. */
    public static final String ISO = "ISO";
    /** Time of day given to date-only values unless the mapping says otherwise. */
    public static final LocalTime DEFAULT_DATE_ONLY_TIME = LocalTime.NOON;

    private final ZoneId zone;
    private final List<String> patterns;
    private final List<DateTimeFormatter> formatters;
    private final LocalTime dateOnlyTime;

    SourceTimes(ZoneId zone, List<String> patterns, LocalTime dateOnlyTime) {
        this.zone = zone;
        this.patterns = List.copyOf(patterns);
        this.dateOnlyTime = dateOnlyTime;
        List<DateTimeFormatter> f = new ArrayList<>();
        for (String p : patterns) {
            f.add(formatter(p));
        }
        this.formatters = List.copyOf(f);
    }

    /** Builds the formatter of one pattern; IllegalArgumentException if it is not a valid pattern. */
    static DateTimeFormatter formatter(String pattern) {
        if (ISO.equals(pattern)) {
            return new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .optionalStart()
                    .appendOffset("+HH:MM:ss", "Z")
                    .optionalEnd()
                    .optionalStart()
                    .appendOffset("+HHMM", "Z")
                    .optionalEnd()
                    .optionalEnd()
                    .toFormatter(Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT);
        }
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1) // 'yyyy' (year of era) resolves strictly in the current era
                .toFormatter(Locale.US)
                .withResolverStyle(ResolverStyle.STRICT);
    }

    /**
     * Reads a source time.
     *
     * @throws DateTimeException when the value matches no pattern; the message quotes it
     */
    public OffsetDateTime parse(String text) {
        String value = text.strip();
        boolean several = formatters.size() > 1;
        for (DateTimeFormatter f : formatters) {
            if (several) { // a cheap check first: a failed parse throws, and exceptions are slow
                ParsePosition pos = new ParsePosition(0);
                if (f.parseUnresolved(value, pos) == null
                        || pos.getErrorIndex() >= 0
                        || pos.getIndex() != value.length()) {
                    continue;
                }
            }
            TemporalAccessor t;
            try {
                t = f.parse(value);
            } catch (DateTimeParseException e) {
                continue; // e.g. 30 February, 13 PM
            }
            LocalDate date = t.query(TemporalQueries.localDate());
            if (date == null) {
                continue;
            }
            LocalTime time = t.query(TemporalQueries.localTime());
            LocalDateTime local = date.atTime(time != null ? time : dateOnlyTime);
            ZoneId given = t.query(TemporalQueries.zone()); // an offset or a zone written in the value
            Instant instant = given instanceof ZoneOffset offset
                    ? local.toInstant(offset)
                    // gap: moved forward by its length; overlap: the earlier offset
                    : ZonedDateTime.ofLocal(local, given != null ? given : zone, null)
                            .toInstant();
            return inZone(instant);
        }
        throw new DateTimeException("'" + value + "' matches none of the patterns " + patterns);
    }

    /** The instant written in the mapping's zone, with the offset in force then. */
    public OffsetDateTime inZone(Instant instant) {
        return instant.atZone(zone).toOffsetDateTime();
    }

    public ZoneId zone() {
        return zone;
    }

    public List<String> patterns() {
        return patterns;
    }

    public LocalTime dateOnlyTime() {
        return dateOnlyTime;
    }
}
