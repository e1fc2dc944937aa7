package org.civicinsights.batch.clusters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.civicinsights.batch.clusters.ClusterFeatures.Feature;

/**
 * A cluster in words, for Rome's analysts (in Italian): its most distinctive features, those whose
 * centroid lies furthest from the population mean in population standard deviations. The label
 * names the top {@link #LABEL_FEATURES} ("molto digitali, pochi contatti"); the description gives
 * the top {@link #DESCRIPTION_FEATURES} with the cluster's and the population's values.
 */
public final class ClusterDescription {
    /** Below half a standard deviation a feature does not set a cluster apart. */
    public static final double MIN_DISTINCTIVE_Z = 0.5;

    static final int LABEL_FEATURES = 2;
    static final int DESCRIPTION_FEATURES = 3;
    static final String AVERAGE_LABEL = "profilo nella media";

    public record Text(String label, String description) {}

    private ClusterDescription() {}

    /** Centroid, population mean and standard deviation in feature units, in {@link ClusterFeatures#FEATURES} order. */
    public static Text describe(double[] centroid, double[] mean, double[] std) {
        List<Integer> distinctive = new ArrayList<>();
        double[] z = new double[centroid.length];
        for (int f = 0; f < centroid.length; f++) {
            z[f] = std[f] > 0 ? (centroid[f] - mean[f]) / std[f] : 0;
            if (Math.abs(z[f]) >= MIN_DISTINCTIVE_Z) {
                distinctive.add(f);
            }
        }
        // furthest first; a tie keeps the features' order
        distinctive.sort(
                Comparator.comparingDouble((Integer f) -> -Math.abs(z[f])).thenComparingInt(f -> f));
        if (distinctive.isEmpty()) {
            return new Text(
                    AVERAGE_LABEL,
                    "nessuna caratteristica si discosta dalla media di almeno " + format(MIN_DISTINCTIVE_Z)
                            + " deviazioni standard");
        }
        List<String> label = new ArrayList<>();
        List<String> description = new ArrayList<>();
        for (int i = 0; i < distinctive.size() && i < DESCRIPTION_FEATURES; i++) {
            int f = distinctive.get(i);
            Feature feature = ClusterFeatures.FEATURES.get(f);
            String words = z[f] > 0 ? feature.high() : feature.low();
            if (i < LABEL_FEATURES) {
                label.add(words);
            }
            description.add(words + " (" + feature.label() + " " + display(feature, centroid[f]) + " contro "
                    + display(feature, mean[f]) + " della popolazione, " + (z[f] > 0 ? "+" : "") + format(z[f])
                    + " dev. std.)");
        }
        return new Text(String.join(", ", label), String.join("; ", description));
    }

    /** A log1p feature is shown back as a count (the cluster's typical, geometric-mean-like, value). */
    static String display(Feature feature, double value) {
        return format(feature.log1p() ? Math.expm1(value) : value) + feature.unit();
    }

    private static String format(double v) {
        return String.format(Locale.ITALY, "%.1f", v);
    }
}
