package org.civicinsights.ingestion.synthetic;

import java.util.SplittableRandom;

/** Draws an index with probability proportional to its weight (cumulative table, binary search). */
public final class WeightedIndex {
    private final double[] cumulative;

    public WeightedIndex(double[] weights) {
        cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " must be finite and >= 0, got " + weights[i]);
            }
            sum += weights[i];
            cumulative[i] = sum;
        }
    }

    /** True when no index can be drawn (no weights, or all zero). */
    public boolean isEmpty() {
        return cumulative.length == 0 || cumulative[cumulative.length - 1] <= 0;
    }

    public double total() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    /** An index with a positive weight; throws if {@link #isEmpty()}. */
    public int next(SplittableRandom rng) {
        if (isEmpty()) {
            throw new IllegalStateException("nothing to draw from");
        }
        double u = rng.nextDouble() * total();
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
