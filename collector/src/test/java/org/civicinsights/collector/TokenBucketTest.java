package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket and the per-client limits, on a hand-driven clock. */
class TokenBucketTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    /** Starts at an arbitrary value: System.nanoTime can be anything, even negative. */
    private final AtomicLong now = new AtomicLong(-5_000 * SECOND);

    private TokenBucket bucket(double rate, double capacity) {
        return new TokenBucket(rate, capacity, now::get);
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }

    @Test
    void startsFullAndLetsABurstThrough() {
        TokenBucket b = bucket(10, 20);
        assertThat(b.tryTake(15)).isZero();
        assertThat(b.tryTake(5)).isZero();
        assertThat(b.available()).isZero();
    }

    @Test
    void refusesAllOrNothingAndSaysHowLongToWait() {
        TokenBucket b = bucket(10, 20);
        assertThat(b.tryTake(18)).isZero();
        // 2 left; 5 more arrive in 0.5 s at 10/s... 7 needs 0.5 s
        assertThat(b.tryTake(7)).isEqualTo(SECOND / 2);
        assertThat(b.available()).as("nothing taken by a refusal").isEqualTo(2);
        advance(SECOND / 2 - MILLI);
        assertThat(b.tryTake(7)).isCloseTo(MILLI, within(2L)); // fractions of a token: not exact in binary
        advance(MILLI);
        assertThat(b.tryTake(7)).isZero();
        assertThat(b.available()).isCloseTo(0, within(1e-9));
    }

    @Test
    void refillsAtTheRateUpToTheCapacity() {
        TokenBucket b = bucket(10, 20);
        assertThat(b.tryTake(20)).isZero();
        advance(SECOND);
        assertThat(b.available()).isEqualTo(10);
        advance(60 * SECOND);
        assertThat(b.available()).as("capped at the burst").isEqualTo(20);
        assertThat(b.tryTake(20)).isZero();
        assertThat(b.tryTake(1)).as("nothing saved beyond the burst").isPositive();
    }

    @Test
    void sustainedRateIsTheConfiguredOne() {
        TokenBucket b = bucket(100, 200);
        long taken = 0;
        // one event every ms for 10 s: 10,000 offered at 1000/s, the bucket passes burst + 100/s
        for (int ms = 0; ms < 10_000; ms++) {
            if (b.tryTake(1) == 0) {
                taken++;
            }
            advance(MILLI);
        }
        assertThat(taken).isBetween(200L + 999, 200L + 1001);
    }

    @Test
    void fractionalRatesWork() {
        TokenBucket b = bucket(0.5, 1);
        assertThat(b.tryTake(1)).isZero();
        assertThat(b.tryTake(1)).isEqualTo(2 * SECOND);
        advance(2 * SECOND);
        assertThat(b.tryTake(1)).isZero();
    }

    @Test
    void aRequestLargerThanTheBurstPassesOnlyWhenFullAndLeavesADebt() {
        TokenBucket b = bucket(10, 20);
        assertThat(b.tryTake(1)).isZero();
        // 50 > capacity 20: wait until the bucket is full again (1 token at 10/s = 0.1 s)
        assertThat(b.tryTake(50)).isEqualTo(SECOND / 10);
        advance(SECOND / 10);
        assertThat(b.tryTake(50)).isZero();
        assertThat(b.available()).isEqualTo(-30);
        // the debt is paid at the rate: one event needs 3.1 s
        assertThat(b.tryTake(1)).isEqualTo(SECOND * 31 / 10);
        advance(3 * SECOND);
        assertThat(b.tryTake(1)).isPositive();
        advance(SECOND / 10);
        assertThat(b.tryTake(1)).isZero();
    }

    @Test
    void tokensGivenBackCountAgainButNeverBeyondTheCapacity() {
        TokenBucket b = bucket(10, 20);
        assertThat(b.tryTake(20)).isZero();
        b.giveBack(20);
        assertThat(b.tryTake(20)).isZero();
        advance(SECOND);
        b.giveBack(20);
        assertThat(b.available()).isEqualTo(20);
    }

    @Test
    void aClockGoingBackDoesNotAddTokens() {
        TokenBucket b = bucket(10, 20);
        assertThat(b.tryTake(20)).isZero();
        advance(-10 * SECOND);
        assertThat(b.available()).isZero();
        advance(10 * SECOND + SECOND);
        assertThat(b.available())
                .as("counted from the last reading, not from the earlier one")
                .isEqualTo(10);
    }

    @Test
    void zeroCostIsFree() {
        TokenBucket b = bucket(1, 1);
        assertThat(b.tryTake(1)).isZero();
        assertThat(b.tryTake(0)).isZero();
    }

    @Test
    void invalidParametersAreRefused() {
        assertThatThrownBy(() -> bucket(0, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> bucket(Double.NaN, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> bucket(1, 0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> bucket(1, Double.POSITIVE_INFINITY)).hasMessageContaining("capacity");
    }

    // RateLimiter: which bucket applies to whom

    private static ClientsFile clients() {
        return ClientsFile.parse(
                "clients.txt",
                List.of(
                        "portal " + ClientsFile.sha256Hex("p") + " 50",
                        "appio " + ClientsFile.sha256Hex("a"),
                        "chatbot " + ClientsFile.sha256Hex("c") + " 0"));
    }

    @Test
    void eachClientHasItsOwnBucketWithBurstFromTheBurstSeconds() {
        RateLimiter limiter = RateLimiter.create(clients(), 5, 3, now::get);
        assertThat(limiter.bucket("portal").rate()).isEqualTo(50);
        assertThat(limiter.bucket("portal").capacity()).isEqualTo(150);
        assertThat(limiter.bucket("appio").rate()).as("default rate").isEqualTo(5);
        assertThat(limiter.bucket("chatbot")).as("rate 0 in its line: no limit").isNull();

        assertThat(limiter.tryAcquire("appio", 15)).isZero();
        assertThat(limiter.tryAcquire("appio", 1)).isEqualTo(SECOND / 5);
        assertThat(limiter.tryAcquire("portal", 150))
                .as("buckets are independent")
                .isZero();
        assertThat(limiter.tryAcquire("chatbot", 1_000_000)).isZero();
        limiter.giveBack("appio", 15);
        assertThat(limiter.tryAcquire("appio", 15)).isZero();
    }

    @Test
    void withoutADefaultRateClientsWithoutARateAreNotLimited() {
        RateLimiter limiter = RateLimiter.create(clients(), 0, 2, now::get);
        assertThat(limiter.bucket("appio")).isNull();
        assertThat(limiter.tryAcquire("appio", 1_000_000)).isZero();
        assertThat(limiter.describe(clients()))
                .isEqualTo("portal 50/s (burst 100 events), appio no rate limit, chatbot no rate limit");
    }

    @Test
    void withoutAuthenticationOneBucketIsSharedIfADefaultRateIsSet() {
        RateLimiter off = RateLimiter.create(null, 0, 2, now::get);
        assertThat(off.limitsAnything()).isFalse();
        assertThat(off.tryAcquire(null, 1_000_000)).isZero();

        RateLimiter shared = RateLimiter.create(null, 10, 2, now::get);
        assertThat(shared.tryAcquire(null, 20)).isZero();
        assertThat(shared.tryAcquire(null, 1)).isPositive();
        assertThat(shared.bucket(null).capacity()).isEqualTo(20);
    }

    @Test
    void theBurstIsAtLeastOneEvent() {
        RateLimiter limiter = RateLimiter.create(null, 0.1, 2, now::get);
        assertThat(limiter.bucket(null).capacity()).isEqualTo(1);
        ClientsFile.Client c = clients().clients().get(0);
        assertThat(c.rate()).isEqualTo(OptionalDouble.of(50));
    }

    @Test
    void retryAfterIsRoundedUpToWholeSeconds() {
        assertThat(RateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(SECOND)).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(SECOND + 1)).isEqualTo(2);
        assertThat(RateLimiter.retryAfterSeconds(31 * SECOND / 10)).isEqualTo(4);
    }
}
