package org.civicinsights.batch.clusters;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Stable cluster ids across runs. KMeans numbers its clusters arbitrarily, so each new cluster is
 * matched to a cluster of the previous run by centroid distance and keeps its id; the others get
 * ids never used before.
 *
 * <p>Distances are between centroids in feature units (as mart.cluster_summary publishes them),
 * each feature divided by its current population standard deviation: a change of the scaler
 * between runs does not matter, and no feature weighs more because of its unit. The assignment
 * minimises the total distance (Hungarian algorithm, optimal); a pair further apart than
 * {@link #MAX_MATCH_DISTANCE} is not a match, so a cluster unlike every previous one is new even
 * when k did not change. Distances are capped at that threshold inside the assignment, so one far
 * pair does not push the others into worse matches.
 */
public final class CentroidMatching {
    /**
     * In standard deviations (Euclidean over all features): a segment that drifted further than two
     * standard deviations in one feature (or about 0.6 in each of 12) since the previous run is
     * treated as a different segment.
     */
    public static final double MAX_MATCH_DISTANCE = 2.0;

    /** The id of each new cluster (same order as the centroids given) and whether it kept a previous id. */
    public record Assignment(int[] ids, boolean[] matched) {}

    private CentroidMatching() {}

    /**
     * @param centroids   the new clusters' centroids in feature units
     * @param sizes       their member counts: new ids go to larger clusters first (first run: 1 = largest)
     * @param previous    the previous run's centroids by cluster id (empty on a first run)
     * @param maxUsedId   the largest cluster id ever published before this date (0 if none): new ids follow it
     * @param std         the current population standard deviation of each feature
     */
    public static Assignment assign(
            List<double[]> centroids, long[] sizes, Map<Integer, double[]> previous, int maxUsedId, double[] std) {
        int n = centroids.size();
        int[] ids = new int[n];
        boolean[] matched = new boolean[n];
        List<Integer> previousIds = previous.keySet().stream().sorted().toList();
        if (n > 0 && !previousIds.isEmpty()) {
            double[][] cost = new double[n][previousIds.size()];
            double[][] distance = new double[n][previousIds.size()];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < previousIds.size(); j++) {
                    distance[i][j] = distance(centroids.get(i), previous.get(previousIds.get(j)), std);
                    cost[i][j] = Math.min(distance[i][j], MAX_MATCH_DISTANCE);
                }
            }
            int[] match = minimumCostAssignment(cost);
            for (int i = 0; i < n; i++) {
                if (match[i] >= 0 && distance[i][match[i]] <= MAX_MATCH_DISTANCE) {
                    ids[i] = previousIds.get(match[i]);
                    matched[i] = true;
                }
            }
        }
        // new ids by size, largest first; a tie keeps the clusters' own order (deterministic)
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> -sizes[i]).thenComparingInt(i -> i));
        int next = Math.max(maxUsedId, previousIds.isEmpty() ? 0 : previousIds.get(previousIds.size() - 1));
        for (int i : order) {
            if (!matched[i]) {
                ids[i] = ++next;
            }
        }
        return new Assignment(ids, matched);
    }

    /**
     * Euclidean distance in standard deviations. A feature missing from the previous centroid (NaN:
     * the feature set changed) is skipped; one without spread today is compared in its own unit.
     */
    static double distance(double[] current, double[] previous, double[] std) {
        double sum = 0;
        for (int f = 0; f < current.length; f++) {
            if (f >= previous.length || Double.isNaN(previous[f])) {
                continue;
            }
            double d = (current[f] - previous[f]) / (std[f] > 0 ? std[f] : 1);
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /**
     * For each row the column assigned to it (-1 when there are more rows than columns), with the
     * least total cost: the Hungarian algorithm with potentials, O(n^2 m), run on the orientation
     * with no more rows than columns.
     */
    static int[] minimumCostAssignment(double[][] cost) {
        int rows = cost.length;
        int cols = rows == 0 ? 0 : cost[0].length;
        if (rows > cols) {
            double[][] t = new double[cols][rows];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    t[j][i] = cost[i][j];
                }
            }
            int[] colToRow = minimumCostAssignment(t);
            int[] out = new int[rows];
            Arrays.fill(out, -1);
            for (int j = 0; j < cols; j++) {
                out[colToRow[j]] = j;
            }
            return out;
        }
        // 1-based arrays as in the textbook formulation; p[j] = row matched to column j
        double[] u = new double[rows + 1];
        double[] v = new double[cols + 1];
        int[] p = new int[cols + 1];
        int[] way = new int[cols + 1];
        for (int i = 1; i <= rows; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[cols + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[cols + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                int j1 = 0;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= cols; j++) {
                    if (!used[j]) {
                        double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= cols; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] out = new int[rows];
        for (int j = 1; j <= cols; j++) {
            if (p[j] != 0) {
                out[p[j] - 1] = j - 1;
            }
        }
        return out;
    }

    /** A published centroid (feature name -> value) as an array in {@link ClusterFeatures#FEATURES} order, NaN where absent. */
    public static double[] fromMap(Map<String, Double> centroid) {
        List<ClusterFeatures.Feature> features = ClusterFeatures.FEATURES;
        double[] out = new double[features.size()];
        for (int f = 0; f < out.length; f++) {
            Double v = centroid.get(features.get(f).name());
            out[f] = v == null ? Double.NaN : v;
        }
        return out;
    }
}
