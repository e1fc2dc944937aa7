package org.civicinsights.cli.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a job runs: {@code every 30m} (a fixed interval), {@code daily 02:30} (a local wall-clock
 * time in the city's zone, so it stays at 02:30 across the summer-time change) or {@code off}.
 */
public sealed interface Schedule {
    /** The first run strictly after {@code last}; empty when the job is off. */
    Optional<Instant> nextAfter(Instant last);

    String describe();

    record Every(Duration interval) implements Schedule {
        @Override
        public Optional<Instant> nextAfter(Instant last) {
            return Optional.of(last.plus(interval));
        }

        @Override
        public String describe() {
            return "every " + format(interval);
        }
    }

    record Daily(LocalTime at, ZoneId zone) implements Schedule {
        @Override
        public Optional<Instant> nextAfter(Instant last) {
            ZonedDateTime local = last.atZone(zone);
            // atZone on a local time skipped by the spring change moves it forward: still once a day
            ZonedDateTime candidate = local.toLocalDate().atTime(at).atZone(zone);
            if (!candidate.toInstant().isAfter(last)) {
                candidate = local.toLocalDate().plusDays(1).atTime(at).atZone(zone);
            }
            return Optional.of(candidate.toInstant());
        }

        @Override
        public String describe() {
            return "daily at " + at + " " + zone;
        }
    }

    record Off() implements Schedule {
        @Override
        public Optional<Instant> nextAfter(Instant last) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "off";
        }
    }

    Pattern EVERY = Pattern.compile("every\\s+(\\d{1,9}\\s*[smhd])");
    Pattern DAILY = Pattern.compile("daily\\s+(\\d{1,2}:\\d{2})");

    /** Parses {@code every <n>(s|m|h|d)}, {@code daily HH:MM} or {@code off}; a clear error otherwise. */
    static Schedule parse(String text, ZoneId zone) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off")) {
            return new Off();
        }
        Matcher m = EVERY.matcher(t);
        if (m.matches()) {
            Duration d = Durations.parse(m.group(1)).orElseThrow();
            if (d.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException("schedule '" + text + "': the interval must be at least 10s");
            }
            return new Every(d);
        }
        m = DAILY.matcher(t);
        if (m.matches()) {
            try {
                String hhmm = m.group(1).length() == 4 ? "0" + m.group(1) : m.group(1);
                return new Daily(LocalTime.parse(hhmm), zone);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "schedule '" + text + "': " + m.group(1) + " is not a time of day (HH:MM)");
            }
        }
        throw new IllegalArgumentException(
                "schedule '" + text + "' is not understood: use 'every 30m' (s, m, h or d), 'daily 02:30' or 'off'");
    }

    static String format(Duration d) {
        return Durations.format(d);
    }
}
