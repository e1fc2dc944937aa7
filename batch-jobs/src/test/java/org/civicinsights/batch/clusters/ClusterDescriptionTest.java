package org.civicinsights.batch.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClusterDescriptionTest {
    static final int N = ClusterFeatures.FEATURES.size();

    static double[] filled(double v) {
        double[] a = new double[N];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void theMostDistinctiveFeaturesInWords() {
        double[] mean = filled(10);
        double[] std = filled(2);
        double[] centroid = filled(10);
        mean[0] = Math.log1p(9); // contacts: population typical 9, the cluster 2 (-2.4 std)
        std[0] = 0.5;
        centroid[0] = Math.log1p(2);
        mean[1] = 40; // digital share: 85 % against 40 % (+4.5 std)
        std[1] = 10;
        centroid[1] = 85;
        centroid[6] = 12.4; // open cases: +1.2 std, third
        centroid[8] = 10.8; // services: +0.4 std, not distinctive

        ClusterDescription.Text t = ClusterDescription.describe(centroid, mean, std);

        assertThat(t.label()).isEqualTo("molto digitali, pochi contatti");
        assertThat(t.description())
                .isEqualTo(
                        "molto digitali (quota digitale 85,0 % contro 40,0 % della popolazione, +4,5 dev. std.);"
                                + " pochi contatti (contatti in 365 giorni 2,0 contro 9,0 della popolazione, -2,4 dev. std.);"
                                + " molte pratiche aperte (pratiche aperte 12,4 contro 10,0 della popolazione, +1,2 dev. std.)");
    }

    @Test
    void aClusterAtTheMeanIsAverage() {
        double[] centroid = filled(10.5);
        centroid[3] = 9.5;
        ClusterDescription.Text t = ClusterDescription.describe(centroid, filled(10), filled(2));

        assertThat(t.label()).isEqualTo("profilo nella media");
        assertThat(t.description()).contains("0,5 deviazioni standard");
    }

    @Test
    void aFeatureWithoutSpreadIsNeverDistinctive() {
        double[] centroid = filled(10);
        centroid[5] = 3; // csat far from the mean but nobody differs: std 0
        centroid[10] = 14; // days since the last contact: +2 std
        double[] std = filled(2);
        std[5] = 0;

        assertThat(ClusterDescription.describe(centroid, filled(10), std).label())
                .isEqualTo("contatto non recente");
    }
}
