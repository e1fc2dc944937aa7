package org.civicinsights.batch.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.civicinsights.batch.profile.ProfileRows;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class ClusterFeaturesTest {
    /** A core.citizen_profile row (every column, as Spark reads it) with the given values, null elsewhere. */
    static Row profile(Map<String, Object> values) {
        Object[] v = new Object[ProfileRows.PROFILE.size()];
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object value = e.getValue() instanceof Map<?, ?> m ? CollectionConverters.asScala(m) : e.getValue();
            v[ProfileRows.PROFILE.fieldIndex(e.getKey())] = value;
        }
        return new GenericRowWithSchema(v, ProfileRows.PROFILE);
    }

    @Test
    void featuresOfAFullProfile() {
        Map<String, Object> p = new HashMap<>();
        p.put("as_of_date", LocalDate.of(2026, 6, 1));
        p.put("citizen_key", "k1");
        p.put("key_kind", "citizen");
        p.put("contacts_365d", 9L);
        p.put("digital_share_pct", 40.0);
        // 10 contacts by channel: 5 contact centre, 1 front office, 2 app IO + 1 portal, 1 e-mail
        p.put(
                "channels_365d",
                Map.of("contact_centre", 5L, "front_office", 1L, "app_io", 2L, "portal", 1L, "email", 1L));
        p.put("avg_csat_365d", 4.5);
        p.put("open_cases", 2);
        p.put("overdue_cases", 1);
        p.put("services_used_365d", 3);
        p.put("online_completed_365d", 3L);
        p.put("online_abandoned_365d", 1L);
        p.put("days_since_last_contact", 12);
        p.put("payments_365d", 4L);
        p.put("preferred_channel", "contact_centre");

        double[] x = ClusterFeatures.extract(profile(p), 3.0);

        assertThat(x)
                .containsExactly(
                        new double[] {Math.log(10), 40, 50, 10, 30, 4.5, 2, 1, 3, 25, 12, Math.log(5)}, within(1e-12));
        assertThat(x).hasSize(ClusterFeatures.FEATURES.size());
    }

    @Test
    void missingValuesAreFilled() {
        // a citizen with a contact but no channel counts, no survey answer, no online procedure, no case
        double[] x = ClusterFeatures.extract(
                profile(Map.of("citizen_key", "k2", "contacts_365d", 1L, "channels_365d", Map.of())), 3.7);

        assertThat(x).containsExactly(new double[] {Math.log(2), 0, 0, 0, 0, 3.7, 0, 0, 0, 0, 365, 0}, within(1e-12));
    }

    @Test
    void scalingAndNearestCentre() {
        // a feature without spread scales to 0 (as StandardScaler does), so it does not pull towards any centre
        double[] z = ClusterFeatures.scale(new double[] {12, 5}, new double[] {10, 5}, new double[] {2, 0});
        assertThat(z).containsExactly(1, 0);
        assertThat(ClusterFeatures.nearest(z, new double[][] {{-1, 0}, {0.9, 3}, {1.2, 0}}))
                .isEqualTo(2);
        // a tie goes to the first centre
        assertThat(ClusterFeatures.nearest(new double[] {0, 0}, new double[][] {{1, 0}, {-1, 0}}))
                .isZero();
    }
}
