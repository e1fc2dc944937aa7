package org.civicinsights.ingestion.synthetic;

import java.util.SplittableRandom;
import java.util.UUID;

/** Small helpers over {@link SplittableRandom}; every draw is reproducible from the seed. */
public final class Randoms {
    private Randoms() {}

    /** Log-normal value with the given median and sigma of the underlying normal. */
    public static double lognormal(SplittableRandom rng, double median, double sigma) {
        return median * Math.exp(sigma * rng.nextGaussian());
    }

    public static boolean chance(SplittableRandom rng, double probability) {
        return rng.nextDouble() < probability;
    }

    /** Random (version 4) UUID drawn from the generator, not from the JDK's secure random. */
    public static UUID uuid(SplittableRandom rng) {
        long msb = (rng.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rng.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    @SafeVarargs
    public static <T> T pick(SplittableRandom rng, T... items) {
        return items[rng.nextInt(items.length)];
    }

    public static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /** Uniform long in [min, max]. */
    public static long between(SplittableRandom rng, long min, long max) {
        return min + rng.nextLong(max - min + 1);
    }
}
