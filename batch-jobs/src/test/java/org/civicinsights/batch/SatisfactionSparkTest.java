package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.batch.satisfaction.SatisfactionJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The satisfaction job on Spark (local mode) over a real Iceberg lake, with hand-made feedback and
 * surveyed interactions over two ISO weeks whose expected figures are worked out in the comments.
 * In June Rome is UTC+2: 22:30Z on Sunday 31 May is 00:30 on Monday 1 June in Rome.
 */
class SatisfactionSparkTest {
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-satisfaction-test");
        spark = TestLake.open(warehouse, "satisfaction-test");
        spark.sql(
                "CREATE TABLE lake.raw.interactions (event_id string, event_type string, event_time timestamp, channel string,"
                        + " service_code string, municipio int, outcome string, csat int, nps int, feedback_text string, ingested_at timestamp)"
                        + " USING iceberg PARTITIONED BY (days(event_time))");

        // ---- week A, Monday 1 to Sunday 7 June
        insert(
                "2026-06-07T12:00:00Z",
                // cell X = contact_centre, ANAG-CERT, municipio 1. Surveyed: the answered calls c1, c3 (no outcome:
                // answered),
                // c4, c5, c6, c7 = 6 (c2 was abandoned in the queue). Feedback f1 (5, 10), f2 (4, 7), f3 (2, 3), f4 (3,
                // no NPS),
                // f8 (csat 9 and nps 12, out of range: a response without answers) = 5 responses, 5/6 = 83.33 %.
                // CSAT 5, 4, 2, 3: mean 3.5, satisfied 2 of 4 = 50 %. NPS 10, 7, 3: one each, NPS 0.0 (a score, not
                // null).
                ev(
                        "c1",
                        "contact_call",
                        "2026-06-02T08:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        "resolved_first_contact",
                        null,
                        null,
                        null),
                ev(
                        "c2",
                        "contact_call",
                        "2026-06-02T08:10:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        "abandoned",
                        null,
                        null,
                        null),
                ev(
                        "c3",
                        "contact_call",
                        "2026-06-02T09:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        null,
                        null,
                        null,
                        null),
                ev(
                        "c4",
                        "contact_call",
                        "2026-06-03T08:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        "information_given",
                        null,
                        null,
                        null),
                ev(
                        "c5",
                        "contact_call",
                        "2026-06-03T09:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        "transferred",
                        null,
                        null,
                        null),
                ev(
                        "c6",
                        "contact_call",
                        "2026-06-04T08:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        "callback",
                        null,
                        null,
                        null),
                ev(
                        "c7",
                        "contact_call",
                        "2026-06-04T09:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        "resolved_first_contact",
                        null,
                        null,
                        null),
                ev(
                        "f1",
                        "feedback_given",
                        "2026-06-02T08:05:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        null,
                        5,
                        10,
                        "Operatore gentile e competente"),
                ev("f2", "feedback_given", "2026-06-02T09:05:00Z", "contact_centre", "ANAG-CERT", 1, null, 4, 7, null),
                ev(
                        "f3",
                        "feedback_given",
                        "2026-06-03T08:05:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        null,
                        2,
                        3,
                        "Attesa troppo lunga al telefono"),
                ev(
                        "f4",
                        "feedback_given",
                        "2026-06-03T09:05:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        null,
                        3,
                        null,
                        "Niente da aggiungere"),
                ev("f8", "feedback_given", "2026-06-04T10:00:00Z", "contact_centre", "ANAG-CERT", 1, null, 9, 12, null),
                // cell Y = portal, TARI-VAR, municipio 2: CSAT answers only (5, 4), so no NPS: null, never 0.
                // f0 is 00:30 on Monday in Rome (week A); fB is 23:30 on Sunday 31 May in Rome (the week before: not
                // read).
                // Surveyed: the completed procedures o1 and o2 (o0 was only started). f6 and o2 are on Saturday 6 June.
                ev(
                        "fB",
                        "feedback_given",
                        "2026-05-31T21:30:00Z",
                        "portal",
                        "TARI-VAR",
                        2,
                        null,
                        1,
                        0,
                        "Servizio pessimo"),
                ev(
                        "f0",
                        "feedback_given",
                        "2026-05-31T22:30:00Z",
                        "portal",
                        "TARI-VAR",
                        2,
                        null,
                        5,
                        null,
                        "Servizio online semplice e veloce"),
                ev(
                        "o0",
                        "online_service_started",
                        "2026-06-04T07:00:00Z",
                        "portal",
                        "TARI-VAR",
                        2,
                        null,
                        null,
                        null,
                        null),
                ev(
                        "o1",
                        "online_service_completed",
                        "2026-06-04T07:10:00Z",
                        "portal",
                        "TARI-VAR",
                        2,
                        "submitted",
                        null,
                        null,
                        null),
                ev(
                        "o2",
                        "online_service_completed",
                        "2026-06-06T07:10:00Z",
                        "portal",
                        "TARI-VAR",
                        2,
                        "submitted",
                        null,
                        null,
                        null),
                ev("f6", "feedback_given", "2026-06-06T07:15:00Z", "portal", "TARI-VAR", 2, null, 4, null, null),
                // cell Z = front_office, no service ('unknown'), no municipio (0): f7 (1, 0) after the resolved case r1
                ev(
                        "f7",
                        "feedback_given",
                        "2026-06-05T10:00:00Z",
                        "front_office",
                        null,
                        null,
                        null,
                        1,
                        0,
                        "Troppa burocrazia per una cosa semplice"),
                ev("r1", "case_resolved", "2026-06-05T12:00:00Z", "front_office", null, null, null, null, null, null));
        // f1 stored a second time (re-sent after the ingest job's de-duplication window): counted once
        insert(
                "2026-06-07T13:00:00Z",
                ev(
                        "f1",
                        "feedback_given",
                        "2026-06-02T08:05:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        null,
                        5,
                        10,
                        "Operatore gentile e competente"));

        // ---- week B, Monday 8 to Sunday 14 June, run on Wednesday 10 June
        insert(
                "2026-06-11T12:00:00Z",
                // 23:30Z on Sunday 7 June is 01:30 on Monday 8 June in Rome: week B, not A
                ev(
                        "f9",
                        "feedback_given",
                        "2026-06-07T23:30:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        null,
                        1,
                        2,
                        "La pratica è ferma da settimane, oltre la scadenza"),
                ev(
                        "c8",
                        "contact_call",
                        "2026-06-08T08:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        "resolved_first_contact",
                        null,
                        null,
                        null),
                ev(
                        "o3",
                        "online_service_completed",
                        "2026-06-09T08:00:00Z",
                        "app_io",
                        "ANAG-CERT",
                        1,
                        "document_issued",
                        null,
                        null,
                        null),
                ev(
                        "o4",
                        "online_service_completed",
                        "2026-06-10T08:00:00Z",
                        "app_io",
                        "ANAG-CERT",
                        1,
                        "document_issued",
                        null,
                        null,
                        null),
                ev(
                        "c9",
                        "contact_call",
                        "2026-06-10T09:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        1,
                        "information_given",
                        null,
                        null,
                        null),
                // 22:00 on the 10th in Rome: read by the run for the 10th; f11 (00:30 on the 11th in Rome) is not
                ev(
                        "f10",
                        "feedback_given",
                        "2026-06-10T20:00:00Z",
                        "app_io",
                        "ANAG-CERT",
                        1,
                        null,
                        5,
                        9,
                        "Servizio ottimo, grazie"),
                ev("f11", "feedback_given", "2026-06-10T22:30:00Z", "app_io", "ANAG-CERT", 1, null, 5, 10, null));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static String q(Object v) {
        return v == null ? "NULL" : v instanceof Integer ? v.toString() : "'" + v + "'";
    }

    static String ev(
            String id,
            String type,
            String time,
            String channel,
            String service,
            Integer municipio,
            String outcome,
            Integer csat,
            Integer nps,
            String text) {
        return String.join(
                ", ",
                q(id),
                q(type),
                "TIMESTAMP '" + time + "'",
                q(channel),
                q(service),
                q(municipio),
                q(outcome),
                q(csat),
                q(nps),
                q(text));
    }

    static void insert(String ingestedAt, String... rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO lake.raw.interactions VALUES ");
        for (int i = 0; i < rows.length; i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(rows[i])
                    .append(", TIMESTAMP '")
                    .append(ingestedAt)
                    .append("')");
        }
        spark.sql(sql.toString());
    }

    static String rows(String sql) {
        return spark.sql(sql).collectAsList().stream().map(Row::toString).reduce("", (a, b) -> a + b + "\n");
    }

    static JobResult run(String date) {
        SatisfactionJob job = new SatisfactionJob();
        assertThat(job.name()).isEqualTo("satisfaction");
        JobResult result = job.run(spark, TestLake.settings(warehouse, "all", date), LocalDate.parse(date));
        assertThat(result.failedHardChecks()).isEmpty();
        return result;
    }

    static Map<String, Long> checks(JobResult r) {
        Map<String, Long> m = new LinkedHashMap<>();
        r.checks().forEach(c -> m.put(c.severity() + " " + c.name(), c.failingRows()));
        return m;
    }

    static final String WEEK = "SELECT * FROM lake.mart.satisfaction_week WHERE week_start = DATE '%s'";
    static final String ALL = WEEK + " AND channel IS NULL AND service_code IS NULL AND municipio IS NULL";
    static final String LEAVES =
            WEEK + " AND channel IS NOT NULL AND service_code IS NOT NULL AND municipio IS NOT NULL ORDER BY channel";
    static final String THEMES =
            "SELECT service_code, channel, theme, texts, mentions, positive_mentions, negative_mentions,"
                    + " detractor_mentions, avg_csat, as_of_date FROM lake.mart.feedback_themes WHERE week_start = DATE '%s'";

    static String snapshot() {
        return rows("SELECT * FROM lake.mart.satisfaction_week ORDER BY 1, 4, 5, 6")
                + rows("SELECT * FROM lake.mart.feedback_themes ORDER BY 1, 4, 5, 6");
    }

    @Test
    void weeklyScoresAndThemesAreExactIdempotentAndInRomeWeeks() {
        // ---- Friday 5 June: week A so far (partial). Not yet seen: o2 and f6 (Saturday).
        // 7 responses (X 5, Y f0, Z f7), CSAT 5, 4, 2, 3, 5, 1: mean 20/6, satisfied 3 of 6 = 50 %;
        // NPS 10, 7, 3, 0: 1 promoter, 1 passive, 2 detractors = -25; surveyed X 6 + Y o1 + Z r1 = 8: 7/8 = 87.5 %
        run("2026-06-05");
        assertThat(rows(String.format(ALL, "2026-06-01")))
                .isEqualTo(
                        "[2026-06-01,2026-06-07,2026-06-05,null,null,null,7,6,3.3333333333333335,3,50.0,4,1,1,2,-25.0,8,87.5,true,true]\n");

        // ---- Sunday 7 June: the whole week replaces the partial one
        JobResult a = run("2026-06-07");
        assertThat(rows(String.format(LEAVES, "2026-06-01"))).isEqualTo("""
                [2026-06-01,2026-06-07,2026-06-07,contact_centre,ANAG-CERT,1,5,4,3.5,2,50.0,3,1,1,1,0.0,6,83.33333333333333,true,true]
                [2026-06-01,2026-06-07,2026-06-07,front_office,unknown,0,1,1,1.0,0,0.0,1,0,0,1,-100.0,1,100.0,true,true]
                [2026-06-01,2026-06-07,2026-06-07,portal,TARI-VAR,2,2,2,4.5,2,100.0,0,0,0,0,null,2,100.0,true,true]
                """);
        // all: 8 responses; CSAT n 4 + 2 + 1 = 7, sum 14 + 9 + 1 = 24: 24/7; satisfied 2 + 2 + 0 = 4 of 7;
        // NPS n 3 + 0 + 1 = 4: 1 promoter, 1 passive, 2 detractors = -25; surveyed 6 + 2 + 1 = 9: 8/9
        assertThat(rows(String.format(ALL, "2026-06-01")))
                .isEqualTo(
                        "[2026-06-01,2026-06-07,2026-06-07,null,null,null,8,7,3.4285714285714284,4,57.142857142857146,4,1,1,2,-25.0,9,88.88888888888889,true,true]\n");
        // a partial rollup: portal, every service, every municipio = cell Y alone
        assertThat(
                        rows(
                                "SELECT responses, csat_avg, nps_responses, nps, surveyed_interactions FROM lake.mart.satisfaction_week"
                                        + " WHERE week_start = DATE '2026-06-01' AND channel = 'portal' AND service_code IS NULL AND municipio IS NULL"))
                .isEqualTo("[2,4.5,0,null,2]\n");
        // three leaves with a different value in every dimension: 7 x 3 rolled-up combinations + the all row; none left
        // as of the 5th
        assertThat(rows("SELECT count(*), count_if(as_of_date = DATE '2026-06-07') FROM lake.mart.satisfaction_week"
                        + " WHERE week_start = DATE '2026-06-01'"))
                .isEqualTo("[22,22]\n");

        // themes: f1 cortesia+ (X), f3 tempi_attesa- (X, detractor), f4 altro (X), f0 velocita+ burocrazia+
        // servizio_online= (Y),
        // f7 burocrazia- (Z, detractor); 5 comments. burocrazia: f0 (csat 5) and f7 (csat 1): mean 3.0
        assertThat(rows(String.format(THEMES, "2026-06-01")
                        + " AND service_code IS NULL AND channel IS NULL ORDER BY theme"))
                .isEqualTo("""
                [null,null,altro,5,1,0,0,0,3.0,2026-06-07]
                [null,null,burocrazia,5,2,1,1,1,3.0,2026-06-07]
                [null,null,cortesia_personale,5,1,1,0,0,5.0,2026-06-07]
                [null,null,servizio_online,5,1,0,0,0,5.0,2026-06-07]
                [null,null,tempi_attesa,5,1,0,1,1,2.0,2026-06-07]
                [null,null,velocita_servizio,5,1,1,0,0,5.0,2026-06-07]
                """);
        assertThat(rows(String.format(THEMES, "2026-06-01") + " AND theme = 'burocrazia' AND service_code IS NOT NULL"
                        + " ORDER BY service_code, channel NULLS FIRST"))
                .isEqualTo("""
                [TARI-VAR,null,burocrazia,1,1,1,0,0,5.0,2026-06-07]
                [TARI-VAR,portal,burocrazia,1,1,1,0,0,5.0,2026-06-07]
                [unknown,null,burocrazia,1,1,0,1,1,1.0,2026-06-07]
                [unknown,front_office,burocrazia,1,1,0,1,1,1.0,2026-06-07]
                """);
        // ANAG-CERT on every channel had 3 comments (f1, f3, f4); 5 themes with one leaf (4 rows each) + burocrazia (2
        // leaves, 7 rows)
        assertThat(rows("SELECT DISTINCT texts FROM lake.mart.feedback_themes WHERE week_start = DATE '2026-06-01'"
                        + " AND service_code = 'ANAG-CERT' AND channel IS NULL"))
                .isEqualTo("[3]\n");
        assertThat(rows("SELECT count(*) FROM lake.mart.feedback_themes WHERE week_start = DATE '2026-06-01'"))
                .isEqualTo("[27]\n");

        assertThat(a.figures())
                .containsExactly(
                        Map.entry("responses", 8L),
                        Map.entry("csat_responses", 7L),
                        Map.entry("nps_responses", 4L),
                        Map.entry("surveyed_interactions", 9L),
                        Map.entry("csat_avg_x100", 343L),
                        Map.entry("nps_x100", -2500L),
                        Map.entry("texts", 5L),
                        Map.entry("texts_without_theme", 1L),
                        Map.entry("satisfaction_rows", 22L),
                        Map.entry("feedback_theme_rows", 27L));
        // f7 has no service; f8's csat 9 and nps 12 are out of range
        assertThat(checks(a))
                .containsExactly(
                        Map.entry("HARD satisfaction_one_row_per_cell", 0L),
                        Map.entry("HARD satisfaction_rollup_matches_cells", 0L),
                        Map.entry("HARD themes_one_row_per_cell", 0L),
                        Map.entry("HARD themes_rollup_matches_cells", 0L),
                        Map.entry("SOFT feedback_without_service", 1L),
                        Map.entry("SOFT csat_out_of_range", 1L),
                        Map.entry("SOFT nps_out_of_range", 1L));

        // ---- the same date again: identical tables
        String before = snapshot();
        run("2026-06-07");
        assertThat(snapshot()).isEqualTo(before);

        // ---- Wednesday 10 June, week B so far: f9 (Sunday 23:30Z, Monday in Rome) and f10; f11 is after the 10th.
        // CSAT 1, 5: mean 3.0, 1 of 2 satisfied; NPS 2, 9: 0.0; surveyed c8, o3, o4, c9 = 4: 2/4 = 50 %
        JobResult b = run("2026-06-10");
        assertThat(rows(String.format(ALL, "2026-06-08")))
                .isEqualTo(
                        "[2026-06-08,2026-06-14,2026-06-10,null,null,null,2,2,3.0,1,50.0,2,1,0,1,0.0,4,50.0,true,true]\n");
        assertThat(rows(String.format(LEAVES, "2026-06-08"))).isEqualTo("""
                [2026-06-08,2026-06-14,2026-06-10,app_io,ANAG-CERT,1,1,1,5.0,1,100.0,1,1,0,0,100.0,2,50.0,true,true]
                [2026-06-08,2026-06-14,2026-06-10,contact_centre,ANAG-CERT,1,1,1,1.0,0,0.0,1,0,0,1,-100.0,2,50.0,true,true]
                """);
        // the accented comment of f9 is matched
        assertThat(rows(String.format(THEMES, "2026-06-08")
                        + " AND service_code IS NULL AND channel IS NULL ORDER BY theme"))
                .isEqualTo("""
                [null,null,giudizio_generale,2,1,1,0,0,5.0,2026-06-10]
                [null,null,tempi_pratica,2,1,0,1,1,1.0,2026-06-10]
                """);
        assertThat(b.figures().get("nps_x100")).isZero();
        // week A is left as it was
        assertThat(
                        rows(
                                        "SELECT * FROM lake.mart.satisfaction_week WHERE week_start = DATE '2026-06-01' ORDER BY 1, 4, 5, 6")
                                + rows(
                                        "SELECT * FROM lake.mart.feedback_themes WHERE week_start = DATE '2026-06-01' ORDER BY 1, 4, 5, 6"))
                .isEqualTo(before);
    }
}
