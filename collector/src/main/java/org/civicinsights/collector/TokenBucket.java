package org.civicinsights.collector;

import java.util.function.LongSupplier;

/**
 * A token bucket: it holds up to {@code capacity} tokens, refills at {@code rate} tokens per second, and
 * one event costs one token. Time comes from an injected nanosecond clock, so tests need no sleeps.
 *
 * <p>A request costing more than the whole capacity is let through when the bucket is full, leaving it in
 * debt (negative); otherwise a client whose burst is smaller than its batches could never send them. The
 * debt is paid back at {@code rate}, so the long-run rate holds all the same.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;
    /** Refills are sums of fractions: a millionth of an event of slack keeps rounding from refusing a due request. */
    private static final double EPSILON = 1e-6;

    private final double rate;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastNanos;

    /**
     * A full bucket.
     *
     * @param rate      tokens (events) per second, positive
     * @param capacity  the most tokens held, i.e. the burst, positive
     * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     */
    TokenBucket(double rate, double capacity, LongSupplier nanoClock) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be positive and finite, got " + rate);
        }
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("capacity must be positive and finite, got " + capacity);
        }
        this.rate = rate;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.lastNanos = nanoClock.getAsLong();
    }

    double rate() {
        return rate;
    }

    double capacity() {
        return capacity;
    }

    /**
     * Takes {@code cost} tokens if there are enough, all or nothing.
     *
     * @return 0 if taken; otherwise how many nanoseconds until the same request would be let through
     */
    synchronized long tryTake(long cost) {
        if (cost <= 0) {
            return 0;
        }
        refill();
        double missing = Math.min(cost, capacity) - tokens;
        if (missing <= EPSILON) {
            tokens -= cost;
            return 0;
        }
        return Math.max(1, (long) Math.ceil(missing * NANOS_PER_SECOND / rate));
    }

    /** Puts back tokens of a request that was refused later on (nothing of it stored); never above capacity. */
    synchronized void giveBack(long cost) {
        if (cost <= 0) {
            return;
        }
        refill();
        tokens = Math.min(capacity, tokens + cost);
    }

    /** Tokens now (negative when in debt); for tests and logs. */
    synchronized double available() {
        refill();
        return tokens;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            // elapsed * rate first: exact for whole rates, so 1 s at 10/s adds exactly 10
            tokens = Math.min(capacity, tokens + elapsed * rate / NANOS_PER_SECOND);
            lastNanos = now;
        }
    }
}
