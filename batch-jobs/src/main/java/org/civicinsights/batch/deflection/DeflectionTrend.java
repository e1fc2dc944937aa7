package org.civicinsights.batch.deflection;

/**
 * The self-service share of a month and its trend against the months before, in percent and
 * percentage points. A month without a row (no transactions for the service) has no share.
 */
public final class DeflectionTrend {
    private DeflectionTrend() {}

    /** {@code 100 * selfService / total}; null when there are no transactions. */
    public static Double share(long selfService, long total) {
        return total == 0 ? null : 100.0 * selfService / total;
    }

    /** The change from the previous month's share, in percentage points; null when either is missing. */
    public static Double change(Double share, Double previousShare) {
        return share == null || previousShare == null ? null : share - previousShare;
    }

    /** The average of this month's share and the two previous months' shares, over those that exist. */
    public static Double average(Double share, Double previous, Double beforePrevious) {
        double sum = 0;
        int n = 0;
        for (Double v : new Double[] {share, previous, beforePrevious}) {
            if (v != null) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }
}
