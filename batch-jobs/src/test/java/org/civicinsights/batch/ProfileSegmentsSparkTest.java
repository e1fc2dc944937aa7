package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The profile and segments jobs on Spark (local mode) over a real Iceberg lake, run for 31 March
 * and 30 June 2026 after the cases and SLA jobs, with hand-made people:
 * <ul>
 *   <li>k1 moves from the counter (winter) to IO and the portal (spring), and was unhappy on 20 March;</li>
 *   <li>k2 called the contact centre five times in March (a frequent caller until the calls leave the 90 days);</li>
 *   <li>k3 has a case opened on 20 March with 30 working days, due 5 May: on track in March, overdue in June;</li>
 *   <li>k4 completed a procedure online in May and still went to the counter for an online service in June;</li>
 *   <li>anon-1, not logged in, reported a pothole and read an article, in English.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfileSegmentsSparkTest {
    static final LocalDate MARCH = LocalDate.parse("2026-03-31");
    static final LocalDate JUNE = LocalDate.parse("2026-06-30");
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-profile-test");
        spark = TestLake.open(warehouse, "profile-test");
        spark.sql(
                "CREATE TABLE lake.raw.interactions (event_id string, event_type string, event_time timestamp, channel string,"
                        + " service_code string, municipio int, citizen_key string, anonymous_id string, case_id string, case_status string,"
                        + " language string, csat int, nps int, outcome string, ingested_at timestamp) USING iceberg PARTITIONED BY (days(event_time))");
        spark.sql(
                "CREATE TABLE lake.ref.services (service_code string, deadline_days int, deadline_kind string, available_online boolean)"
                        + " USING iceberg");
        spark.sql(
                "INSERT INTO lake.ref.services VALUES ('ANAG-CERT', 5, 'working', true), ('EDIL-SCIA', 30, 'working', true),"
                        + " ('STR-BUCA', 10, 'calendar', false), ('INFO-GEN', NULL, NULL, false)");
        spark.sql("INSERT INTO lake.raw.interactions VALUES "
                + String.join(
                        ", ",
                        ev("v1", "contact_visit", "2026-01-15T09:00:00Z", "front_office", "ANAG-CERT", 5, "k1", "it"),
                        ev("v2", "contact_visit", "2026-02-10T09:00:00Z", "front_office", "ANAG-CERT", 5, "k1", "it"),
                        ev("v3", "contact_visit", "2026-03-20T09:00:00Z", "front_office", "INFO-GEN", 5, "k1", "it"),
                        "('f1', 'feedback_given', TIMESTAMP '2026-03-20T09:30:00Z', 'front_office', 'INFO-GEN', 5, 'k1', NULL, NULL, NULL,"
                                + " 'it', 2, 4, NULL, " + ingested("2026-03") + ")",
                        ev(
                                "o1",
                                "online_service_started",
                                "2026-04-10T08:00:00Z",
                                "app_io",
                                "ANAG-CERT",
                                5,
                                "k1",
                                "it"),
                        ev(
                                "o1c",
                                "online_service_completed",
                                "2026-04-10T08:05:00Z",
                                "app_io",
                                "ANAG-CERT",
                                5,
                                "k1",
                                "it"),
                        ev(
                                "o3",
                                "online_service_started",
                                "2026-06-01T08:00:00Z",
                                "app_io",
                                "ANAG-CERT",
                                5,
                                "k1",
                                "it"),
                        ev(
                                "o3c",
                                "online_service_completed",
                                "2026-06-01T08:04:00Z",
                                "app_io",
                                "ANAG-CERT",
                                5,
                                "k1",
                                "it"),
                        ev(
                                "o5",
                                "online_service_started",
                                "2026-06-10T08:00:00Z",
                                "app_io",
                                "ANAG-CERT",
                                5,
                                "k1",
                                "it"),
                        ev(
                                "o4",
                                "online_service_started",
                                "2026-06-29T21:30:00Z",
                                "portal",
                                "ANAG-CERT",
                                5,
                                "k1",
                                "it"),
                        ev(
                                "o4c",
                                "online_service_completed",
                                "2026-06-29T21:40:00Z",
                                "portal",
                                "ANAG-CERT",
                                5,
                                "k1",
                                "it"),
                        ev("c1", "contact_call", "2026-03-10T08:00:00Z", "contact_centre", "INFO-GEN", 1, "k2", null),
                        ev("c2", "contact_call", "2026-03-11T08:00:00Z", "contact_centre", "INFO-GEN", 1, "k2", null),
                        ev("c3", "contact_call", "2026-03-12T08:00:00Z", "contact_centre", "INFO-GEN", 1, "k2", null),
                        ev("c4", "contact_call", "2026-03-13T08:00:00Z", "contact_centre", "INFO-GEN", 1, "k2", null),
                        ev("c5", "contact_call", "2026-03-14T08:00:00Z", "contact_centre", "INFO-GEN", 1, "k2", null),
                        "('k3-open', 'case_opened', TIMESTAMP '2026-03-20T09:00:00Z', 'app_io', 'EDIL-SCIA', 1, 'k3', NULL, 'K3', 'aperta',"
                                + " NULL, NULL, NULL, NULL, " + ingested("2026-03") + ")",
                        ev(
                                "d1",
                                "online_service_started",
                                "2026-05-05T08:00:00Z",
                                "portal",
                                "ANAG-CERT",
                                2,
                                "k4",
                                null),
                        ev(
                                "d1c",
                                "online_service_completed",
                                "2026-05-05T08:10:00Z",
                                "portal",
                                "ANAG-CERT",
                                2,
                                "k4",
                                null),
                        ev("d2", "contact_visit", "2026-06-15T08:00:00Z", "front_office", "ANAG-CERT", 2, "k4", null),
                        "('s1', 'case_opened', TIMESTAMP '2026-03-05T10:00:00Z', 'street_report', 'STR-BUCA', NULL, NULL, 'anon-1', 'S1',"
                                + " 'presa_in_carico', 'en', NULL, NULL, NULL, " + ingested("2026-03") + ")",
                        "('a2', 'knowledge_article_viewed', TIMESTAMP '2026-06-05T10:00:00Z', 'portal', NULL, NULL, NULL, 'anon-1', NULL, NULL,"
                                + " 'en', NULL, NULL, NULL, " + ingested("2026-06") + ")"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static String ev(
            String id,
            String type,
            String time,
            String channel,
            String service,
            Integer municipio,
            String citizen,
            String language) {
        return String.format(
                "('%s', '%s', TIMESTAMP '%s', '%s', '%s', %s, '%s', NULL, NULL, NULL, %s, NULL, NULL, NULL, %s)",
                id,
                type,
                time,
                channel,
                service,
                municipio,
                citizen,
                language == null ? "NULL" : "'" + language + "'",
                ingested(time));
    }

    /** Events up to March arrived by the 31 March run, the others by the 30 June run (which reads what arrived that day). */
    static String ingested(String time) {
        return time.compareTo("2026-04") < 0 ? "TIMESTAMP '2026-03-31T12:00:00Z'" : "TIMESTAMP '2026-06-30T12:00:00Z'";
    }

    static JobResult run(String job, LocalDate date, Map<String, String> extra) {
        Map<String, String> c = new HashMap<>(Map.of(
                "job",
                job,
                "date",
                date.toString(),
                "catalog.type",
                "hadoop",
                "catalog.warehouse",
                warehouse.toUri().toString(),
                "spark.master",
                "local[2]",
                "batch.shuffle-partitions",
                "2"));
        c.putAll(extra);
        BatchSettings s = BatchSettings.from(CivicConfig.of(c));
        JobResult r = BatchJobs.job(job).run(spark, s, date);
        QualityLog.record(spark, s, date, job, r);
        return r;
    }

    static void runDay(LocalDate date) {
        for (String job : List.of("cases", "sla", "profile", "segments")) {
            JobResult r = run(job, date, Map.of());
            assertThat(r.failedHardChecks()).as(job + " " + date).isEmpty();
        }
    }

    static Row profile(String key, LocalDate date) {
        return spark.sql("SELECT * FROM lake.core.citizen_profile WHERE citizen_key = '" + key
                        + "' AND as_of_date = DATE '" + date + "'")
                .first();
    }

    static List<String> membership() {
        return spark
                .sql("SELECT segment, citizen_key, valid_from, valid_to FROM lake.activation.segment_membership"
                        + " ORDER BY segment, citizen_key, valid_from")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList();
    }

    static String snapshot(String sql) {
        return spark.sql(sql).collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .collect(Collectors.joining("\n"));
    }

    @Test
    @Order(1)
    void endOfMarch() {
        runDay(MARCH);
        Row k1 = profile("k1", MARCH);
        assertThat(k1.<String>getAs("preferred_channel")).isEqualTo("front_office");
        assertThat(k1.<Double>getAs("digital_share_pct")).isEqualTo(0.0);
        assertThat(k1.<Long>getAs("contacts_365d")).isEqualTo(3L);
        assertThat(k1.<scala.collection.Map<String, Long>>getAs("channels_365d")
                        .get("front_office")
                        .get())
                .isEqualTo(3L);
        assertThat(k1.<Long>getAs("negative_feedback_30d")).isEqualTo(1L);
        assertThat(k1.<Integer>getAs("last_nps")).isEqualTo(4);
        assertThat(k1.<String>getAs("residency")).isEqualTo("resident");
        // k3's case is due 5 May: open and on track on 31 March
        Row k3 = profile("k3", MARCH);
        assertThat(List.of(k3.<Integer>getAs("open_cases"), k3.<Integer>getAs("overdue_cases")))
                .containsExactly(1, 0);
        Row anon = profile("anon-1", MARCH);
        assertThat(List.of(
                        anon.<String>getAs("key_kind"),
                        anon.<String>getAs("residency"),
                        anon.<String>getAs("main_language")))
                .containsExactly("anonymous", "city_user", "en");
        // k4 had no event yet: no profile
        assertThat(spark.sql("SELECT count(*) FROM lake.core.citizen_profile WHERE as_of_date = DATE '2026-03-31'")
                        .first()
                        .getLong(0))
                .isEqualTo(4L);
        assertThat(membership())
                .containsExactly(
                        "[city_users,anon-1,2026-03-31,null]",
                        "[dissatisfied_last_30_days,k1,2026-03-31,null]",
                        "[foreign_language_users,anon-1,2026-03-31,null]",
                        "[frequent_callers,k2,2026-03-31,null]",
                        "[inactive_for_a_year,k3,2026-03-31,null]");
    }

    @Test
    @Order(2)
    void endOfJuneAndRerun() {
        runDay(JUNE);
        Row k1 = profile("k1", JUNE);
        // 365 days: v1 v2 v3 o1 o3 o5 o4; app_io and front_office tie at 3, app_io used last
        assertThat(k1.<String>getAs("preferred_channel")).isEqualTo("app_io");
        assertThat(k1.<Long>getAs("contacts_365d")).isEqualTo(7L);
        assertThat(k1.<Double>getAs("digital_share_pct")).isCloseTo(400.0 / 7, within(1e-9));
        assertThat(k1.<scala.collection.Map<String, Long>>getAs("channels_90d").toString())
                .isEqualTo("Map(app_io -> 3, portal -> 1)");
        assertThat(k1.<Long>getAs("online_completed_365d")).isEqualTo(3L);
        assertThat(k1.<Long>getAs("negative_feedback_30d")).isEqualTo(0L);
        // the earlier date's profile is kept
        assertThat(profile("k1", MARCH).<String>getAs("preferred_channel")).isEqualTo("front_office");
        Row k3 = profile("k3", JUNE);
        assertThat(List.of(k3.<Integer>getAs("open_cases"), k3.<Integer>getAs("overdue_cases")))
                .containsExactly(1, 1);
        // k1 leaves the dissatisfied, k2 the frequent callers (calls out of the 90 days); k3 and k4 enter
        assertThat(membership())
                .containsExactly(
                        "[city_users,anon-1,2026-03-31,null]",
                        "[digital_ready_counter_users,k4,2026-06-30,null]",
                        "[dissatisfied_last_30_days,k1,2026-03-31,2026-06-30]",
                        "[foreign_language_users,anon-1,2026-03-31,null]",
                        "[frequent_callers,k2,2026-03-31,2026-06-30]",
                        "[inactive_for_a_year,k3,2026-03-31,null]",
                        "[waiting_on_overdue_case,k3,2026-06-30,null]");
        assertThat(spark.sql(
                                "SELECT segment, members, entered, exited FROM lake.activation.segment_runs WHERE run_date = DATE '2026-06-30'"
                                        + " AND segment IN ('frequent_callers', 'waiting_on_overdue_case') ORDER BY segment")
                        .collectAsList()
                        .toString())
                .isEqualTo("[[frequent_callers,0,0,1], [waiting_on_overdue_case,1,1,0]]");

        String profiles = "SELECT * FROM lake.core.citizen_profile";
        String before = snapshot(profiles) + membership() + snapshot("SELECT * FROM lake.activation.segment_runs");
        runDay(JUNE);
        assertThat(snapshot(profiles) + membership() + snapshot("SELECT * FROM lake.activation.segment_runs"))
                .isEqualTo(before);
    }

    @Test
    @Order(3)
    void aBrokenDefinitionFailsOnlyItsSegmentAndARemovedOneIsRetired() throws Exception {
        Path dir = Files.createTempDirectory("segments");
        Files.writeString(
                dir.resolve("active_citizens.yaml"),
                "name: active_citizens\ndescription: identified and active\nowner: test\npredicate: p.key_kind = 'citizen' AND p.contacts_365d > 0\n");
        Files.writeString(
                dir.resolve("broken_column.yaml"),
                "name: broken_column\ndescription: a typo\nowner: test\npredicate: p.no_such_column > 0\n");
        List<String> defaults = membership();
        JobResult r = run("segments", JUNE, Map.of("segments.dir", dir.toString()));
        assertThat(r.failedHardChecks()).hasSize(1);
        assertThat(r.failedHardChecks().get(0).description())
                .contains("broken_column (")
                .contains("no_such_column");
        // the defaults are defined elsewhere (the jar): not evaluated, not retired, their history untouched
        assertThat(r.figures()).containsEntry("failed_segments", 1L).containsEntry("retired_segments", 0L);
        assertThat(membership())
                .containsAll(defaults)
                .contains(
                        "[active_citizens,k1,2026-06-30,null]",
                        "[active_citizens,k2,2026-06-30,null]",
                        "[active_citizens,k4,2026-06-30,null]")
                .hasSize(defaults.size() + 3);
        assertThat(spark.sql(
                                "SELECT segment, status FROM lake.activation.segment_runs WHERE run_date = DATE '2026-06-30'"
                                        + " AND segment IN ('active_citizens', 'broken_column', 'city_users') ORDER BY segment")
                        .collectAsList()
                        .toString())
                .isEqualTo("[[active_citizens,ok], [broken_column,failed], [city_users,ok]]");

        // the next day active_citizens.yaml is gone from the directory: the segment is retired, its members exit
        LocalDate july = JUNE.plusDays(1);
        for (String job : List.of("cases", "sla", "profile")) {
            run(job, july, Map.of());
        }
        Files.delete(dir.resolve("active_citizens.yaml"));
        JobResult next = run("segments", july, Map.of("segments.dir", dir.toString()));
        assertThat(next.figures()).containsEntry("retired_segments", 1L).containsEntry("exited", 3L);
        assertThat(membership())
                .contains("[active_citizens,k1,2026-06-30,2026-07-01]", "[active_citizens,k4,2026-06-30,2026-07-01]")
                .contains("[city_users,anon-1,2026-03-31,null]");
    }
}
