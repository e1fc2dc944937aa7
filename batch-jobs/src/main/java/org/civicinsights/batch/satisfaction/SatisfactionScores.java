package org.civicinsights.batch.satisfaction;

/**
 * The survey scores of mart.satisfaction_week and mart.feedback_themes, from counts. Percentages
 * are 0-100; a score over no answers is null, never 0 (an NPS of 0 is a real score).
 */
public final class SatisfactionScores {
    /** Below this many answers a score is flagged low-sample (with 29 answers one answer moves a share by 3.4 points). */
    public static final int MIN_SAMPLE = 30;

    private SatisfactionScores() {}

    /** The mean of {@code n} values summing to {@code sum}; null when n is 0. */
    public static Double average(long sum, long n) {
        return n == 0 ? null : (double) sum / n;
    }

    /** {@code 100 * part / whole}; null when whole is 0. */
    public static Double pct(long part, long whole) {
        return whole == 0 ? null : 100.0 * part / whole;
    }

    /** Net Promoter Score: % promoters (9-10) minus % detractors (0-6) of the NPS answers, -100..100; null without answers. */
    public static Double nps(long promoters, long detractors, long npsResponses) {
        return npsResponses == 0 ? null : 100.0 * (promoters - detractors) / npsResponses;
    }

    /** True below {@link #MIN_SAMPLE} answers (0 included). */
    public static boolean lowSample(long n) {
        return n < MIN_SAMPLE;
    }
}
