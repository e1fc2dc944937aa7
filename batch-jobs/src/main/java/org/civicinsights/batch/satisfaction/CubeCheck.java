package org.civicinsights.batch.satisfaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Invariants of a GROUP BY CUBE output, checked on the rows a job wrote. A leaf row has every
 * cube dimension set (unknown values are written as 'unknown' or 0, so a null dimension always
 * means "all"); every rolled-up row must equal the sum of the leaf rows below it.
 */
public final class CubeCheck {
    /**
     * One written row: {@code key} the columns outside the cube (e.g. the theme), {@code dims} the
     * cube dimensions (null = all), {@code measures} the additive counts.
     */
    public record Cell(List<Object> key, List<Object> dims, long[] measures) {}

    private CubeCheck() {}

    /** Rows that share their key and dimensions with another row (one row per cell). */
    public static long duplicates(List<Cell> cells) {
        Set<List<Object>> seen = new HashSet<>();
        long n = 0;
        for (Cell c : cells) {
            if (!seen.add(id(c.key(), c.dims()))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Rolled-up rows whose measures differ from the sum of their leaf rows, plus rolled-up cells
     * that leaf rows imply but that were not written.
     */
    public static long rollupMismatches(List<Cell> cells) {
        Map<List<Object>, long[]> expected = new HashMap<>();
        for (Cell c : cells) {
            if (c.dims().contains(null)) {
                continue;
            }
            int k = c.dims().size();
            for (int mask = 1; mask < 1 << k; mask++) { // each non-empty set of dimensions rolled up
                List<Object> dims = new ArrayList<>(c.dims());
                for (int i = 0; i < k; i++) {
                    if ((mask & 1 << i) != 0) {
                        dims.set(i, null);
                    }
                }
                long[] sum = expected.computeIfAbsent(id(c.key(), dims), x -> new long[c.measures().length]);
                for (int m = 0; m < sum.length; m++) {
                    sum[m] += c.measures()[m];
                }
            }
        }
        long bad = 0;
        Set<List<Object>> written = new HashSet<>();
        for (Cell c : cells) {
            if (!c.dims().contains(null)) {
                continue;
            }
            List<Object> id = id(c.key(), c.dims());
            written.add(id);
            if (!Arrays.equals(expected.get(id), c.measures())) {
                bad++;
            }
        }
        for (List<Object> id : expected.keySet()) {
            if (!written.contains(id)) {
                bad++;
            }
        }
        return bad;
    }

    private static List<Object> id(List<Object> key, List<Object> dims) {
        List<Object> id = new ArrayList<>(key);
        id.add("|");
        id.addAll(dims);
        return id;
    }
}
