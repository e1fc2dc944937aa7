package org.civicinsights.collector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Rate limits in events per second: one {@link TokenBucket} per client of the clients file (its own rate,
 * or {@code collector.default-rate}), or, when authentication is off, one bucket shared by every caller if
 * {@code collector.default-rate} is set. A rate of 0 means no limit. The burst (bucket capacity) is the rate
 * times {@code collector.rate-burst-seconds}, at least one event.
 */
final class RateLimiter {
    /** The key of the shared bucket when authentication is off (no client id can be empty). */
    private static final String ANONYMOUS = "";

    private final Map<String, TokenBucket> buckets;

    private RateLimiter(Map<String, TokenBucket> buckets) {
        this.buckets = Map.copyOf(buckets);
    }

    /**
     * @param clients the clients file, or null when authentication is off
     */
    static RateLimiter create(ClientsFile clients, double defaultRate, double burstSeconds, LongSupplier nanoClock) {
        Map<String, TokenBucket> buckets = new LinkedHashMap<>();
        if (clients == null) {
            if (defaultRate > 0) {
                buckets.put(ANONYMOUS, bucket(defaultRate, burstSeconds, nanoClock));
            }
        } else {
            for (ClientsFile.Client c : clients.clients()) {
                double rate = c.rate().orElse(defaultRate);
                if (rate > 0) {
                    buckets.put(c.id(), bucket(rate, burstSeconds, nanoClock));
                }
            }
        }
        return new RateLimiter(buckets);
    }

    static RateLimiter create(CollectorSettings s, ClientsFile clients) {
        return create(clients, s.defaultRate(), s.rateBurstSeconds(), System::nanoTime);
    }

    private static TokenBucket bucket(double rate, double burstSeconds, LongSupplier clock) {
        return new TokenBucket(rate, Math.max(1, rate * burstSeconds), clock);
    }

    /**
     * Takes {@code events} from the caller's bucket.
     *
     * @param clientId the authenticated client, or null when authentication is off
     * @return 0 if let through (or not limited); otherwise nanoseconds until it would be
     */
    long tryAcquire(String clientId, int events) {
        TokenBucket b = buckets.get(clientId == null ? ANONYMOUS : clientId);
        return b == null ? 0 : b.tryTake(events);
    }

    /** Gives back what {@link #tryAcquire} took, for a request refused afterwards with nothing stored. */
    void giveBack(String clientId, int events) {
        TokenBucket b = buckets.get(clientId == null ? ANONYMOUS : clientId);
        if (b != null) {
            b.giveBack(events);
        }
    }

    /** The caller's bucket, or null when it is not limited. */
    TokenBucket bucket(String clientId) {
        return buckets.get(clientId == null ? ANONYMOUS : clientId);
    }

    boolean limitsAnything() {
        return !buckets.isEmpty();
    }

    /** {@code Retry-After} in whole seconds for a wait in nanoseconds: rounded up, at least 1. */
    static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** A rate for messages and logs: "50", "0.5". */
    static String format(double eventsPerSecond) {
        return eventsPerSecond == Math.rint(eventsPerSecond) && eventsPerSecond < 1e15
                ? String.valueOf((long) eventsPerSecond)
                : String.valueOf(eventsPerSecond);
    }

    /** For the start log: "portal 50/s (burst 100 events), appio no rate limit". */
    String describe(ClientsFile clients) {
        StringBuilder sb = new StringBuilder();
        for (ClientsFile.Client c : clients.clients()) {
            TokenBucket b = buckets.get(c.id());
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append(c.id())
                    .append(' ')
                    .append(
                            b == null
                                    ? "no rate limit"
                                    : format(b.rate()) + "/s (burst " + format(b.capacity()) + " events)");
        }
        return sb.toString();
    }
}
