package org.civicinsights.cli.schedule;

import java.time.Duration;
import org.civicinsights.common.config.CivicConfig;

/**
 * How often a failed scheduler job is run again before the scheduler gives up until its next
 * slot: {@code count} retries, the first after {@code firstDelay}, each later one after twice
 * the previous wait (5m, 10m, 20m...).
 */
public record Retries(int count, Duration firstDelay) {
    public static final String COUNT_KEY = "schedule.retries";
    public static final String DELAY_KEY = "schedule.retry-delay";
    public static final int DEFAULT_COUNT = 2;
    public static final Duration DEFAULT_DELAY = Duration.ofMinutes(5);
    static final int MAX_COUNT = 10;
    /** A job still retrying after a day would overlap its own next daily slot. */
    static final Duration MAX_TOTAL_WAIT = Duration.ofHours(24);

    public Retries {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException(
                    COUNT_KEY + " must be a whole number from 0 (no retry) to " + MAX_COUNT + ", got " + count);
        }
        if (firstDelay.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(DELAY_KEY + " must be at least 1s, got " + Durations.format(firstDelay));
        }
        if (totalWait(count, firstDelay).compareTo(MAX_TOTAL_WAIT) > 0) {
            throw new IllegalArgumentException(String.format(
                    "%s=%d with %s=%s waits %s in all between attempts: lower one of them (at most %s)",
                    COUNT_KEY,
                    count,
                    DELAY_KEY,
                    Durations.format(firstDelay),
                    Durations.format(totalWait(count, firstDelay)),
                    Durations.format(MAX_TOTAL_WAIT)));
        }
    }

    /** From schedule.retries and schedule.retry-delay, with a message naming the setting when one is wrong. */
    public static Retries from(CivicConfig config) {
        String countText = config.get(COUNT_KEY, String.valueOf(DEFAULT_COUNT)).strip();
        int count;
        try {
            count = Integer.parseInt(countText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(COUNT_KEY + " must be a whole number from 0 (no retry) to " + MAX_COUNT
                    + ", got '" + countText + "'");
        }
        String delayText = config.get(DELAY_KEY, Durations.format(DEFAULT_DELAY));
        Duration delay = Durations.parse(delayText)
                .orElseThrow(() -> new IllegalArgumentException(DELAY_KEY + " '" + delayText
                        + "' is not understood: use a number and a unit, e.g. 30s, 5m or 1h"));
        return new Retries(count, delay);
    }

    /** The wait before retry number {@code retry} (1 = the first retry). */
    public Duration delayBefore(int retry) {
        if (retry < 1 || retry > count) {
            throw new IllegalArgumentException("retry " + retry + " of " + count);
        }
        return firstDelay.multipliedBy(1L << (retry - 1));
    }

    public String describe() {
        return count == 0
                ? "no retries"
                : count
                        + (count == 1 ? " retry after " : " retries, from ")
                        + Durations.format(firstDelay)
                        + (count == 1 ? "" : " doubling");
    }

    private static Duration totalWait(int count, Duration first) {
        // first * (2^count - 1); count is at most MAX_COUNT here, so no overflow
        return count <= 0 ? Duration.ZERO : first.multipliedBy((1L << Math.min(count, MAX_COUNT)) - 1);
    }
}
