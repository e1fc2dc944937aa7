package org.civicinsights.batch.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Centroids of two features here; the matching does not care how many. */
class CentroidMatchingTest {
    static final double[] STD = {1, 1};

    @Test
    void firstRunNumbersByDescendingSize() {
        var a = CentroidMatching.assign(
                List.of(new double[] {0, 0}, new double[] {5, 5}, new double[] {9, 0}),
                new long[] {10, 30, 20},
                Map.of(),
                0,
                STD);

        assertThat(a.ids()).containsExactly(3, 1, 2);
        assertThat(a.matched()).containsExactly(false, false, false);
    }

    @Test
    void aTieInSizeKeepsTheClustersOrder() {
        var a = CentroidMatching.assign(
                List.of(new double[] {0, 0}, new double[] {5, 5}), new long[] {10, 10}, Map.of(), 0, STD);

        assertThat(a.ids()).containsExactly(1, 2);
    }

    @Test
    void swappedOrderKeepsThePreviousIds() {
        Map<Integer, double[]> previous =
                Map.of(7, new double[] {0, 0}, 3, new double[] {5, 5}, 5, new double[] {9, 0});
        // the same clusters, moved a little, in another order, with other sizes
        var a = CentroidMatching.assign(
                List.of(new double[] {5.2, 4.9}, new double[] {9.1, 0.3}, new double[] {-0.2, 0.1}),
                new long[] {50, 1, 10},
                previous,
                7,
                STD);

        assertThat(a.ids()).containsExactly(3, 5, 7);
        assertThat(a.matched()).containsExactly(true, true, true);
    }

    @Test
    void aNewClusterGetsAnIdNeverUsedBefore() {
        Map<Integer, double[]> previous = Map.of(1, new double[] {0, 0}, 2, new double[] {5, 5});
        // id 4 was used by an older run: new ids continue after it; the larger new cluster first
        var a = CentroidMatching.assign(
                List.of(new double[] {20, 20}, new double[] {5, 5.1}, new double[] {-20, 0}, new double[] {0.1, 0}),
                new long[] {5, 10, 8, 20},
                previous,
                4,
                STD);

        assertThat(a.ids()).containsExactly(6, 2, 5, 1);
        assertThat(a.matched()).containsExactly(false, true, false, true);
    }

    @Test
    void theOptimalAssignmentBeatsTheGreedyOne() {
        // greedy would give new 0 the closest previous (id 1, distance 0.1) and leave new 1 with id 2 at 1.9;
        // the optimum matches new 0 with id 2 (0.9) and new 1 with id 1 (0.9): total 1.8 < 2.0
        Map<Integer, double[]> previous = Map.of(1, new double[] {1.0, 0}, 2, new double[] {0, 0});
        var a = CentroidMatching.assign(
                List.of(new double[] {0.9, 0}, new double[] {1.9, 0}), new long[] {1, 1}, previous, 2, STD);

        assertThat(a.ids()).containsExactly(2, 1);
    }

    @Test
    void aClusterUnlikeEveryPreviousOneIsNewEvenWithTheSameK() {
        Map<Integer, double[]> previous = Map.of(1, new double[] {0, 0}, 2, new double[] {5, 5});
        var a = CentroidMatching.assign(
                List.of(new double[] {0, 0.5}, new double[] {-6, 3}), new long[] {10, 10}, previous, 2, STD);

        assertThat(a.ids()).containsExactly(1, 3);
        assertThat(a.matched()).containsExactly(true, false);
    }

    @Test
    void fewerClustersThanBeforeRetireTheUnmatchedIds() {
        Map<Integer, double[]> previous =
                Map.of(1, new double[] {0, 0}, 2, new double[] {5, 5}, 3, new double[] {9, 0});
        var a = CentroidMatching.assign(List.of(new double[] {9, 0.2}), new long[] {10}, previous, 3, STD);

        assertThat(a.ids()).containsExactly(3);
    }

    @Test
    void distancesAreInStandardDeviationsOfEachFeature() {
        // feature 0 in days (std 100), feature 1 a share (std 1): 30 days apart is nothing, 1 point of share is a lot
        Map<Integer, double[]> previous = Map.of(1, new double[] {100, 0}, 2, new double[] {130, 1});
        var a = CentroidMatching.assign(
                List.of(new double[] {130, 0}, new double[] {100, 1}), new long[] {1, 1}, previous, 2, new double[] {
                    100, 1
                });

        assertThat(a.ids()).containsExactly(1, 2);
    }

    @Test
    void aFeatureMissingFromThePreviousCentroidIsSkipped() {
        assertThat(CentroidMatching.distance(new double[] {3, 50}, new double[] {0, Double.NaN}, new double[] {1, 1}))
                .isEqualTo(3);
        assertThat(CentroidMatching.fromMap(Map.of("open_cases", 2.0))[6]).isEqualTo(2);
        assertThat(CentroidMatching.fromMap(Map.of("open_cases", 2.0))[0]).isNaN();
    }

    @Test
    void hungarianOnRectangularMatrices() {
        assertThat(CentroidMatching.minimumCostAssignment(new double[][] {{4, 1, 3}, {2, 0, 5}}))
                .containsExactly(1, 0);
        assertThat(CentroidMatching.minimumCostAssignment(new double[][] {{4, 3}, {1, 0}, {2, 5}}))
                .containsExactly(-1, 1, 0);
    }
}
