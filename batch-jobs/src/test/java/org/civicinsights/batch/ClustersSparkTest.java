package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.batch.clusters.ClustersJob;
import org.civicinsights.batch.profile.ProfileRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clusters job on Spark (local mode) over a real Iceberg lake, with hand-made profiles of three
 * obviously different groups of citizens (their key starts with the group's letter):
 * A digital (app IO and portal, few contacts, payments), B frequent callers with open and overdue
 * cases, C occasional counter visitors who abandon online procedures. Within a group citizens vary
 * a little (i % n), so every k > 3 has to split a tight group and scores a worse silhouette.
 */
class ClustersSparkTest {
    static final LocalDate D1 = LocalDate.of(2026, 6, 1);
    static final LocalDate D2 = LocalDate.of(2026, 6, 2);
    static final LocalDate D3 = LocalDate.of(2026, 6, 3);
    static final LocalDate D4 = LocalDate.of(2026, 6, 4);
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-clusters-test");
        spark = TestLake.open(warehouse, "clusters-test");
        BatchJobs.ensureTables(spark, settings(D1));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static BatchSettings settings(LocalDate date) {
        // the job is run directly (the lead registers it in BatchJobs): the settings' job name is not read
        return TestLake.settings(warehouse, "all", date.toString());
    }

    /** Citizen i of a group; {@code drift} 1 moves the whole group a little (the next day's profiles). */
    static Row profile(LocalDate date, String kind, String key, char group, int i, int drift) {
        int j = i % 5 - 2;
        Map<String, Long> channels = new LinkedHashMap<>();
        long contacts;
        double digital;
        Double csat;
        int open;
        int overdue;
        int services;
        long completed;
        long abandoned;
        int days;
        long payments;
        switch (group) {
            case 'A' -> {
                contacts = 3 + i % 3 + drift;
                digital = 90 + j - 2 * drift;
                channels.put("app_io", 2L + i % 2);
                channels.put("portal", 1L);
                channels.put("contact_centre", i % 4 == 0 ? 1L : 0L);
                csat = i % 3 == 0 ? null : 4.5 + 0.1 * j;
                open = 0;
                overdue = 0;
                services = 2 + i % 2;
                completed = 5 + i % 3;
                abandoned = i % 5 == 0 ? 1 : 0;
                days = 10 + i % 7 + 5 * drift;
                payments = 3 + i % 2;
            }
            case 'B' -> {
                contacts = 25 + i % 6 + 2 * drift;
                digital = 8 + j;
                channels.put("contact_centre", 20L + i % 4);
                channels.put("front_office", 5L);
                csat = 2.4 + 0.1 * j;
                open = 4 + i % 2;
                overdue = 2 + i % 2 - drift;
                services = 4;
                completed = 0;
                abandoned = 0;
                days = 2 + i % 3;
                payments = 1;
            }
            case 'C' -> {
                contacts = 5 + i % 2;
                digital = 5 + j + drift;
                channels.put("front_office", 5L + i % 2);
                channels.put("contact_centre", 1L);
                csat = i % 2 == 0 ? null : 3.8;
                open = 1;
                overdue = 0;
                services = 1;
                completed = 1;
                abandoned = 2;
                days = 150 + 3 * j + 10 * drift;
                payments = 0;
            }
            default -> { // D: heavy payers, entirely online, few contacts, no cases
                contacts = 2;
                digital = 100;
                channels.put("app_io", 2L);
                csat = 4.0;
                open = 0;
                overdue = 0;
                services = 6 + i % 2;
                completed = 12 + i % 3;
                abandoned = 0;
                days = 60 + j;
                payments = 40 + i % 4;
            }
        }
        Object[] v = new Object[ProfileRows.PROFILE.size()];
        set(v, "as_of_date", date);
        set(v, "citizen_key", key);
        set(v, "key_kind", kind);
        set(v, "days_since_last_contact", days);
        set(v, "contacts_365d", contacts);
        set(v, "channels_365d", channels);
        set(v, "digital_share_pct", digital);
        set(v, "online_completed_365d", completed);
        set(v, "online_abandoned_365d", abandoned);
        set(v, "payments_365d", payments);
        set(v, "csat_responses_365d", csat == null ? 0L : 2L);
        set(v, "avg_csat_365d", csat);
        set(v, "open_cases", open);
        set(v, "overdue_cases", overdue);
        set(v, "services_used_365d", services);
        return RowFactory.create(v);
    }

    static void set(Object[] v, String column, Object value) {
        v[ProfileRows.PROFILE.fieldIndex(column)] = value;
    }

    /** Citizens from..to-1 of a group, keyed "A-007". */
    static List<Row> group(LocalDate date, char group, int from, int to, int drift) {
        List<Row> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(profile(date, "citizen", String.format("%c-%03d", group, i), group, i, drift));
        }
        return rows;
    }

    /** Rows outside the population: an anonymous visitor, and a citizen known from payments but with no contact. */
    static List<Row> outsiders(LocalDate date) {
        Row noContact = profile(date, "citizen", "Z-000", 'D', 0, 0);
        Object[] v = new Object[noContact.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = noContact.get(i);
        }
        set(v, "contacts_365d", 0L);
        return List.of(profile(date, "anonymous", "anon-1", 'B', 1, 0), RowFactory.create(v));
    }

    static void insert(List<Row> rows) throws Exception {
        // through a DataFrame: a map column and 37 columns are clearer than SQL literals
        spark.createDataFrame(rows, ProfileRows.PROFILE)
                .writeTo("lake." + ClustersJob.PROFILE)
                .append();
    }

    static JobResult run(LocalDate date) {
        long t = System.nanoTime();
        JobResult r = new ClustersJob().run(spark, settings(date), date);
        System.out.printf("clusters %s: %.1f s %s%n", date, (System.nanoTime() - t) / 1e9, r.figures());
        assertThat(r.failedHardChecks()).isEmpty();
        return r;
    }

    static String rows(String sql) {
        return spark.sql(sql).collectAsList().stream().map(Row::toString).reduce("", (a, b) -> a + b + "\n");
    }

    /** Per group: the cluster ids its citizens got, and how many citizens. */
    static String groups(LocalDate date) {
        return rows(
                "SELECT substring(citizen_key, 1, 1), array_join(array_sort(collect_set(cluster_id)), ','), count(*) FROM lake.mart.citizen_cluster"
                        + " WHERE as_of_date = DATE '" + date + "' GROUP BY 1 ORDER BY 1");
    }

    static String summary(LocalDate date) {
        return rows("SELECT cluster_id, size, share_pct, k, matched_previous, label FROM lake.mart.cluster_summary"
                + " WHERE as_of_date = DATE '" + date + "' ORDER BY cluster_id");
    }

    static String snapshot(LocalDate date) {
        return rows("SELECT * FROM lake.mart.citizen_cluster WHERE as_of_date = DATE '" + date
                        + "' ORDER BY citizen_key")
                + rows("SELECT * FROM lake.mart.cluster_summary WHERE as_of_date = DATE '" + date
                        + "' ORDER BY cluster_id");
    }

    @Test
    void groupsAreFoundAndKeepTheirIdsAcrossRuns() throws Exception {
        // ---- D1: A 50, B 40, C 30 citizens
        List<Row> d1 = new ArrayList<>(group(D1, 'A', 0, 50, 0));
        d1.addAll(group(D1, 'B', 0, 40, 0));
        d1.addAll(group(D1, 'C', 0, 30, 0));
        d1.addAll(outsiders(D1));
        insert(d1);
        JobResult r1 = run(D1);

        assertThat(r1.figures())
                .containsEntry("population", 120L)
                .containsEntry("k", 3L)
                .containsEntry("clusters_new", 3L)
                .containsEntry("warm_start", 0L);
        assertThat(r1.figures().get("silhouette_permille")).isGreaterThan(700L);
        // first run: ids by size
        assertThat(groups(D1)).isEqualTo("[A,1,50]\n[B,2,40]\n[C,3,30]\n");
        // the two most distinctive features in words; shares of the population
        assertThat(summary(D1)).isEqualTo("""
                [1,50,41.666666666666664,3,false,molto digitali, usano app IO e portale]
                [2,40,33.333333333333336,3,false,molti contatti, usano il contact center]
                [3,30,25.0,3,false,contatto non recente, abbandonano le pratiche online]
                """);
        // centroids in feature units: group C's constant values come back as they are
        assertThat(rows(
                        "SELECT centroid['days_since_last_contact'], centroid['online_abandoned_share_pct'], centroid['open_cases'],"
                                + " round(exp(centroid['payments_365d_log1p']) - 1, 9), description FROM lake.mart.cluster_summary"
                                + " WHERE as_of_date = DATE '2026-06-01' AND cluster_id = 3"))
                .startsWith(
                        "[150.0,66.6666666666667,1.0,0.0,contatto non recente (giorni dall'ultimo contatto 150,0 contro 43,9");

        // ---- D2: every group drifts a little; 20 of A are gone and 20 more people are in C, so by size
        // C would now be first: only the matching keeps its id 3. Inserted in another order.
        List<Row> d2 = new ArrayList<>(group(D2, 'C', 0, 50, 1));
        d2.addAll(group(D2, 'B', 0, 40, 1));
        d2.addAll(group(D2, 'A', 20, 50, 1));
        d2.addAll(outsiders(D2));
        Collections.shuffle(d2, new Random(7));
        insert(d2);
        JobResult r2 = run(D2);

        assertThat(r2.figures())
                .containsEntry("population", 120L)
                .containsEntry("k", 3L)
                .containsEntry("clusters_matched", 3L)
                // the same groups, slightly moved: k-means started from the previous centroids is kept
                .containsEntry("warm_start", 1L);
        assertThat(groups(D2)).isEqualTo("[A,1,30]\n[B,2,40]\n[C,3,50]\n");
        assertThat(
                        rows(
                                "SELECT DISTINCT matched_previous FROM lake.mart.cluster_summary WHERE as_of_date = DATE '2026-06-02'"))
                .isEqualTo("[true]\n");

        // ---- D2 again: identical rows
        String before = snapshot(D2);
        run(D2);
        assertThat(snapshot(D2)).isEqualTo(before);
        assertThat(snapshot(D1)).contains("A-000"); // D1 is left as it was

        // ---- D3: a fourth group appears (heavy payers, all online): k = 4, the old groups keep 1..3, the new one is 4
        List<Row> d3 = new ArrayList<>(group(D3, 'A', 20, 50, 1));
        d3.addAll(group(D3, 'B', 0, 40, 1));
        d3.addAll(group(D3, 'C', 0, 50, 1));
        d3.addAll(group(D3, 'D', 0, 35, 0));
        insert(d3);
        JobResult r3 = run(D3);

        assertThat(r3.figures())
                .containsEntry("k", 4L)
                .containsEntry("clusters_matched", 3L)
                .containsEntry("clusters_new", 1L)
                // a new group: the previous k = 3 scores far below a fresh k = 4, which wins
                .containsEntry("warm_start", 0L);
        assertThat(groups(D3)).isEqualTo("[A,1,30]\n[B,2,40]\n[C,3,50]\n[D,4,35]\n");
        assertThat(rows(
                        "SELECT cluster_id, matched_previous FROM lake.mart.cluster_summary WHERE as_of_date = DATE '2026-06-03'"
                                + " ORDER BY 1"))
                .isEqualTo("[1,true]\n[2,true]\n[3,true]\n[4,false]\n");

        // ---- D4: 25 citizens, fewer than 10 x k_min: no clusters for the date, reported, the run goes on
        insert(group(D4, 'A', 0, 25, 0));
        JobResult r4 = run(D4);

        assertThat(r4.figures()).containsEntry("population", 25L).containsEntry("k", 0L);
        assertThat(r4.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("population_too_small");
            assertThat(c.failingRows()).isEqualTo(25);
            assertThat(c.description()).contains("fewer than 10 x k_min = 30");
        });
        assertThat(rows("SELECT count(*) FROM lake.mart.cluster_summary WHERE as_of_date = DATE '2026-06-04'"))
                .isEqualTo("[0]\n");
    }
}
