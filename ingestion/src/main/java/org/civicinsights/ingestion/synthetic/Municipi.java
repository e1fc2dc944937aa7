package org.civicinsights.ingestion.synthetic;

import java.util.SplittableRandom;

/**
 * The 15 municipi of Roma Capitale: resident population (approximate, rounded, recent ISTAT
 * orders of magnitude) and an approximate centre used to scatter street reports.
 *
 * <p>Coordinates are kept inside the box 41.80-41.99 N, 12.35-12.62 E used by the platform's
 * checks; municipi reaching outside it (X, Ostia, on the coast; VI at the eastern edge) are
 * represented by the part of them closest to the box.
 */
public final class Municipi {
    public static final int COUNT = 15;
    public static final double MIN_LAT = 41.80;
    public static final double MAX_LAT = 41.99;
    public static final double MIN_LON = 12.35;
    public static final double MAX_LON = 12.62;

    private static final int[] POPULATION = {
        165_000, 167_000, 205_000, 176_000, 245_000, 256_000, 307_000, 131_000, 181_000, 230_000, 155_000, 140_000,
        134_000, 191_000, 158_000
    };
    private static final String[] ROMAN = {
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"
    };
    private static final double[][] CENTRE = {
        {41.8986, 12.4769}, {41.9226, 12.5040}, {41.9560, 12.5390}, {41.9150, 12.5700}, {41.8880, 12.5560},
        {41.8720, 12.6050}, {41.8560, 12.5450}, {41.8500, 12.4900}, {41.8200, 12.4700}, {41.8080, 12.3700},
        {41.8480, 12.4350}, {41.8720, 12.4450}, {41.9020, 12.4150}, {41.9380, 12.4150}, {41.9700, 12.4600}
    };
    private static final WeightedIndex BY_POPULATION;
    private static final long TOTAL;

    static {
        double[] w = new double[COUNT];
        long total = 0;
        for (int i = 0; i < COUNT; i++) {
            w[i] = POPULATION[i];
            total += POPULATION[i];
        }
        BY_POPULATION = new WeightedIndex(w);
        TOTAL = total;
    }

    private Municipi() {}

    /** A municipio 1..15 drawn with probability proportional to its population. */
    public static int sample(SplittableRandom rng) {
        return BY_POPULATION.next(rng) + 1;
    }

    public static int population(int municipio) {
        return POPULATION[municipio - 1];
    }

    /** Share of Rome's residents living in the municipio. */
    public static double share(int municipio) {
        return (double) POPULATION[municipio - 1] / TOTAL;
    }

    public static String roman(int municipio) {
        return ROMAN[municipio - 1];
    }

    /** A point (lat, lon, 6 decimals) scattered around the municipio's centre, inside the box. */
    public static double[] location(int municipio, SplittableRandom rng) {
        double[] c = CENTRE[municipio - 1];
        double lat = Randoms.clamp(c[0] + 0.012 * rng.nextGaussian(), MIN_LAT, MAX_LAT);
        double lon = Randoms.clamp(c[1] + 0.016 * rng.nextGaussian(), MIN_LON, MAX_LON);
        return new double[] {round6(lat), round6(lon)};
    }

    private static double round6(double v) {
        return Math.round(v * 1_000_000d) / 1_000_000d;
    }
}
