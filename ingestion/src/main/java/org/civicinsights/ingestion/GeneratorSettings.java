package org.civicinsights.ingestion;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.ingestion.synthetic.RomeCalendar;

/**
 * Settings of one run of the synthetic generator. Immutable; build with {@link #builder()} or take
 * {@link #defaults()}.
 *
 * <p>The period is {@code days} whole days in Europe/Rome, from {@code startDate} 00:00 (inclusive)
 * to {@code startDate + days} 00:00 (exclusive). When no start date is given it is resolved once,
 * here, from {@code clock}: today (Rome) minus {@code days}, so the period ends at the last
 * midnight. The generator itself never reads a clock. The period must lie within the years of
 * Rome's business calendar ({@link RomeCalendar#FIRST_SUPPORTED_DATE}..{@link RomeCalendar#LAST_SUPPORTED_DATE}),
 * which sets the working days of the simulated offices.
 *
 * @param seed           seed of every random choice: same settings, same output, byte for byte
 * @param events         exact number of records to produce, malformed records and duplicates included
 * @param citizens       number of distinct authenticated citizens (fiscal codes)
 * @param cityUserShare  share of valid events from unauthenticated city users and tourists, in [0, 1)
 * @param startDate      first day of the period (Rome)
 * @param days           length of the period in days
 * @param malformedShare share of records that break the contract, in [0, 1)
 * @param duplicateShare share of records that re-send an earlier valid event, in [0, 1)
 * @param clock          clock used to resolve the default start date and to check that the period
 *                       is not in the future; never null once built
 */
public record GeneratorSettings(
        long seed,
        long events,
        int citizens,
        double cityUserShare,
        LocalDate startDate,
        int days,
        double malformedShare,
        double duplicateShare,
        Clock clock) {

    public static final long DEFAULT_SEED = 42;
    public static final long DEFAULT_EVENTS = 200_000;
    public static final int DEFAULT_CITIZENS = 20_000;
    public static final double DEFAULT_CITY_USER_SHARE = 0.15;
    public static final int DEFAULT_DAYS = 30;
    public static final double DEFAULT_MALFORMED_SHARE = 0.005;
    public static final double DEFAULT_DUPLICATE_SHARE = 0.005;
    /** Upper bounds that keep a run within memory and the contract's time window. */
    public static final int MAX_CITIZENS = 10_000_000;

    public static final int MAX_DAYS = 3_660;

    public GeneratorSettings {
        if (clock == null) {
            clock = Clock.systemUTC();
        }
        if (events <= 0) {
            throw new IllegalArgumentException("events must be > 0, got " + events);
        }
        if (citizens < 1 || citizens > MAX_CITIZENS) {
            throw new IllegalArgumentException("citizens must be in 1.." + MAX_CITIZENS + ", got " + citizens);
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be in 1.." + MAX_DAYS + ", got " + days);
        }
        requireShare("cityUserShare", cityUserShare);
        requireShare("malformedShare", malformedShare);
        requireShare("duplicateShare", duplicateShare);
        if (malformedShare + duplicateShare >= 0.5) {
            throw new IllegalArgumentException("malformedShare + duplicateShare must be < 0.5, got "
                    + (malformedShare + duplicateShare) + ": most records must be valid events");
        }
        if (startDate == null) {
            startDate = LocalDate.now(clock.withZone(RomeTime.ZONE)).minusDays(days);
        }
        Instant start = startDate.atStartOfDay(RomeTime.ZONE).toInstant();
        if (start.isBefore(InteractionEventCodec.OLDEST_EVENT_TIME)) {
            throw new IllegalArgumentException("startDate " + startDate
                    + " is too early: the contract rejects events before " + InteractionEventCodec.OLDEST_EVENT_TIME);
        }
        // the generator asks the calendar about every day of the period (the lower bound is implied by
        // the contract's oldest event time today, but is the calendar's own limit)
        if (startDate.isBefore(RomeCalendar.FIRST_SUPPORTED_DATE)
                || startDate.isAfter(RomeCalendar.LAST_SUPPORTED_DATE.minusDays(days - 1L))) {
            throw new IllegalArgumentException("the period " + startDate + " + " + days + " days"
                    + " is outside the dates of Rome's business calendar (" + RomeCalendar.FIRST_SUPPORTED_DATE
                    + " - " + RomeCalendar.LAST_SUPPORTED_DATE + "), which sets the offices' working days;"
                    + " choose a startDate and days within it");
        }
        Instant end = startDate.plusDays(days).atStartOfDay(RomeTime.ZONE).toInstant();
        Instant latest = clock.instant().plus(InteractionEventCodec.MAX_FUTURE_SKEW);
        if (end.isAfter(latest)) {
            throw new IllegalArgumentException("the period " + startDate + " + " + days + " days ends at " + end
                    + ", more than " + InteractionEventCodec.MAX_FUTURE_SKEW.toHours() + " h after the clock ("
                    + clock.instant() + "): its events would be rejected as event_time_in_future;"
                    + " choose an earlier startDate or fewer days");
        }
    }

    private static void requireShare(String name, double value) {
        if (!(value >= 0.0 && value < 1.0)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    public static GeneratorSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .seed(seed)
                .events(events)
                .citizens(citizens)
                .cityUserShare(cityUserShare)
                .startDate(startDate)
                .days(days)
                .malformedShare(malformedShare)
                .duplicateShare(duplicateShare)
                .clock(clock);
    }

    /** Number of malformed records in the output. */
    public long malformedCount() {
        return Math.round(events * malformedShare);
    }

    /** Number of duplicate records (re-sent valid events) in the output. */
    public long duplicateCount() {
        return Math.round(events * duplicateShare);
    }

    /** Number of distinct valid events: always at least 1 (the shares sum to less than one half). */
    public long validCount() {
        return events - malformedCount() - duplicateCount();
    }

    /** First instant of the period (inclusive). */
    public ZonedDateTime periodStart() {
        return startDate.atStartOfDay(RomeTime.ZONE);
    }

    /** End of the period (exclusive): no event is at or after it. */
    public ZonedDateTime periodEnd() {
        return startDate.plusDays(days).atStartOfDay(RomeTime.ZONE);
    }

    /** Mutable builder with the documented defaults. */
    public static final class Builder {
        private long seed = DEFAULT_SEED;
        private long events = DEFAULT_EVENTS;
        private int citizens = DEFAULT_CITIZENS;
        private double cityUserShare = DEFAULT_CITY_USER_SHARE;
        private LocalDate startDate;
        private int days = DEFAULT_DAYS;
        private double malformedShare = DEFAULT_MALFORMED_SHARE;
        private double duplicateShare = DEFAULT_DUPLICATE_SHARE;
        private Clock clock;

        private Builder() {}

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder events(long events) {
            this.events = events;
            return this;
        }

        public Builder citizens(int citizens) {
            this.citizens = citizens;
            return this;
        }

        public Builder cityUserShare(double cityUserShare) {
            this.cityUserShare = cityUserShare;
            return this;
        }

        /** First day of the period; null (the default) means today minus {@code days}, from the clock. */
        public Builder startDate(LocalDate startDate) {
            this.startDate = startDate;
            return this;
        }

        public Builder days(int days) {
            this.days = days;
            return this;
        }

        public Builder malformedShare(double malformedShare) {
            this.malformedShare = malformedShare;
            return this;
        }

        public Builder duplicateShare(double duplicateShare) {
            this.duplicateShare = duplicateShare;
            return this;
        }

        /** Clock for the default start date and the future check; null means the system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Validates; throws IllegalArgumentException with the broken rule. */
        public GeneratorSettings build() {
            return new GeneratorSettings(
                    seed, events, citizens, cityUserShare, startDate, days, malformedShare, duplicateShare, clock);
        }
    }
}
