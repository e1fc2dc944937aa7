package org.civicinsights.batch.clusters;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The features a citizen is clustered on, computed from one core.citizen_profile row, in "feature
 * units" (before standardisation): the units the centroids of mart.cluster_summary are published
 * in. Every feature is a finite number: a missing value is filled (see each feature), so the
 * clustering never drops or rejects a citizen.
 */
public final class ClusterFeatures {
    /**
     * One feature: its name (the centroid map's key), how the description calls it and its unit,
     * whether it is a log1p of a count (displayed back as a count), and the Italian words for a
     * cluster well above and well below the population mean.
     */
    public record Feature(String name, String label, String unit, boolean log1p, String high, String low) {}

    /** In this order in every array of this package (the KMeans vector). */
    public static final List<Feature> FEATURES = List.of(
            // counts are heavy-tailed (a few citizens call every day): log1p keeps them from dominating the distance
            new Feature("contacts_365d_log1p", "contatti in 365 giorni", "", true, "molti contatti", "pochi contatti"),
            new Feature("digital_share_pct", "quota digitale", " %", false, "molto digitali", "poco digitali"),
            new Feature(
                    "contact_centre_share_pct",
                    "quota contact center",
                    " %",
                    false,
                    "usano il contact center",
                    "poco contact center"),
            new Feature(
                    "front_office_share_pct", "quota sportello", " %", false, "vanno allo sportello", "poco sportello"),
            new Feature(
                    "app_portal_share_pct",
                    "quota app IO e portale",
                    " %",
                    false,
                    "usano app IO e portale",
                    "poco app IO e portale"),
            new Feature("avg_csat_365d", "soddisfazione media", "", false, "soddisfatti", "insoddisfatti"),
            new Feature("open_cases", "pratiche aperte", "", false, "molte pratiche aperte", "poche pratiche aperte"),
            new Feature("overdue_cases", "pratiche scadute", "", false, "pratiche scadute", "poche pratiche scadute"),
            new Feature("services_used_365d", "servizi usati", "", false, "molti servizi", "pochi servizi"),
            new Feature(
                    "online_abandoned_share_pct",
                    "quota pratiche online abbandonate",
                    " %",
                    false,
                    "abbandonano le pratiche online",
                    "completano le pratiche online"),
            new Feature(
                    "days_since_last_contact",
                    "giorni dall'ultimo contatto",
                    "",
                    false,
                    "contatto non recente",
                    "contatto recente"),
            new Feature(
                    "payments_365d_log1p", "pagamenti in 365 giorni", "", true, "molti pagamenti", "pochi pagamenti"));

    /** The core.citizen_profile columns {@link #extract} reads (the job selects only these). */
    public static final List<String> PROFILE_COLUMNS = List.of(
            "citizen_key",
            "contacts_365d",
            "digital_share_pct",
            "channels_365d",
            "avg_csat_365d",
            "open_cases",
            "overdue_cases",
            "services_used_365d",
            "online_completed_365d",
            "online_abandoned_365d",
            "days_since_last_contact",
            "payments_365d");

    /** The population has a contact in the last 365 days, so a missing last contact is at most that old. */
    static final double NO_LAST_CONTACT_DAYS = 365;

    private ClusterFeatures() {}

    public static String[] names() {
        return FEATURES.stream().map(Feature::name).toArray(String[]::new);
    }

    /** citizen_key and one double column per feature: the rows the job clusters. */
    public static StructType schema() {
        StructType s = new StructType().add("citizen_key", DataTypes.StringType, false);
        for (Feature f : FEATURES) {
            s = s.add(f.name(), DataTypes.DoubleType, false);
        }
        return s;
    }

    /**
     * The features of one profile row (read by column name, so any projection holding
     * {@link #PROFILE_COLUMNS} will do). {@code csatFill} replaces a missing avg_csat_365d (the job
     * passes the population mean, so a citizen who never answered a survey sits at the average).
     * Channel shares are of the channel counts' total; a missing digital share, empty channels
     * and no online procedure give 0; a missing count is 0.
     */
    public static double[] extract(Row p, double csatFill) {
        long contacts = count(p, "contacts_365d");
        Map<String, Long> channels =
                p.isNullAt(p.fieldIndex("channels_365d")) ? Map.of() : p.getJavaMap(p.fieldIndex("channels_365d"));
        long channelTotal = 0;
        for (Long v : channels.values()) {
            channelTotal += v == null ? 0 : v;
        }
        long completed = count(p, "online_completed_365d");
        long abandoned = count(p, "online_abandoned_365d");
        Double digital = value(p, "digital_share_pct");
        Double csat = value(p, "avg_csat_365d");
        Double days = value(p, "days_since_last_contact");
        return new double[] {
            Math.log1p(contacts),
            digital == null ? 0 : digital,
            pct(channel(channels, "contact_centre"), channelTotal),
            pct(channel(channels, "front_office"), channelTotal),
            pct(channel(channels, "app_io") + channel(channels, "portal"), channelTotal),
            csat == null ? csatFill : csat,
            count(p, "open_cases"),
            count(p, "overdue_cases"),
            count(p, "services_used_365d"),
            pct(abandoned, completed + abandoned),
            days == null ? NO_LAST_CONTACT_DAYS : days,
            Math.log1p(count(p, "payments_365d"))
        };
    }

    /** Standardised as StandardScaler(withMean, withStd) does: a feature without spread becomes 0. */
    public static double[] scale(double[] x, double[] mean, double[] std) {
        double[] z = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = std[i] == 0 ? 0 : (x[i] - mean[i]) / std[i];
        }
        return z;
    }

    /** Index of the nearest centre (squared Euclidean, the first on a tie). */
    public static int nearest(double[] z, double[][] centres) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double d = squaredDistance(z, centres[c]);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    public static double squaredDistance(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return d;
    }

    private static long channel(Map<String, Long> channels, String channel) {
        Long v = channels.get(channel);
        return v == null ? 0 : v;
    }

    private static double pct(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }

    private static long count(Row p, String column) {
        Object v = p.get(p.fieldIndex(column));
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static Double value(Row p, String column) {
        Object v = p.get(p.fieldIndex(column));
        return v == null ? null : ((Number) v).doubleValue();
    }
}
