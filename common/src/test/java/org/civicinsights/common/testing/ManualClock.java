package org.civicinsights.common.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, in UTC; for the other modules' tests too (common's test-jar). */
public final class ManualClock extends Clock {
    private volatile Instant now;

    public ManualClock(Instant start) {
        now = start;
    }

    /** Starting at an ISO-8601 instant, {@code 2026-12-07T10:00:00Z}. */
    public ManualClock(String start) {
        this(Instant.parse(start));
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Still this clock: the tests move one clock, whatever zone the code under test asks for. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
