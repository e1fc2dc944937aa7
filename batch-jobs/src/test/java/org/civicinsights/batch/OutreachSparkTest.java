package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.batch.outreach.Manifest;
import org.civicinsights.batch.outreach.Outbox;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The outreach job on Spark (local mode) over a real Iceberg lake, after the cases, SLA, profile
 * and segments jobs, for 30 June and 1 July 2026, with three test campaigns (at most 1 contact per
 * citizen per 30 days):
 * <ul>
 *   <li>{@code callback} (priority 1, call, max_audience 1): identified citizens who rated a contact 1-2 in 7 days;</li>
 *   <li>{@code overdue} (priority 2, app_io > email > sms): segment waiting_on_overdue_case;</li>
 *   <li>{@code everyone} (priority 3, email): identified citizens with a contact in the year.</li>
 * </ul>
 * Citizens: c1 and c2 were unhappy (callback; only one fits), c3 has an overdue case, c4 moved away,
 * c5 gave no consent (until 1 July), c6 is unhappy on 1 July after a contact on 30 June, c7 asks on
 * 1 July not to be contacted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutreachSparkTest {
    static final LocalDate JUNE_30 = LocalDate.parse("2026-06-30");
    static final LocalDate JULY_1 = LocalDate.parse("2026-07-01");
    static final String RUNS = "lake.activation.outreach_runs";
    static final String LIST = "lake.activation.outreach_list";
    static final String DELTA = "lake.activation.outreach_delta";
    static Path warehouse;
    static Path campaigns;
    static Path outbox;
    static SparkSession spark;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-outreach-test");
        outbox = Files.createTempDirectory("civic-outbox");
        campaigns = Files.createTempDirectory("campaigns");
        Files.writeString(campaigns.resolve("callback.yaml"), """
                name: callback
                version: 1
                title: Richiamata
                description: call back the unhappy
                owner: test
                audience:
                  predicate: >
                    EXISTS (SELECT 1 FROM interactions i WHERE i.citizen_key = p.citizen_key AND i.event_type = 'feedback_given'
                            AND i.csat <= 2 AND i.event_date > date_sub(${as_of_date}, 7))
                channels: [call]
                template: callback_v1
                priority: 1
                valid_from: 2026-01-01
                max_audience: 1
                """);
        Files.writeString(campaigns.resolve("overdue.yaml"), """
                name: overdue
                version: 1
                description: apologise for a late case
                owner: test
                audience:
                  segments: [waiting_on_overdue_case]
                channels: [app_io, email, sms]
                template: overdue_v1
                priority: 2
                valid_from: 2026-01-01
                """);
        Files.writeString(campaigns.resolve("everyone.yaml"), """
                name: everyone
                version: 3
                description: a newsletter
                owner: test
                audience:
                  predicate: p.contacts_365d > 0
                channels: [email]
                template: news_v3
                priority: 3
                valid_from: 2026-01-01
                """);
        spark = TestLake.open(warehouse, "outreach-test");
        spark.sql(
                "CREATE TABLE lake.raw.interactions (event_id string, event_type string, event_time timestamp, channel string,"
                        + " service_code string, municipio int, citizen_key string, anonymous_id string, case_id string, case_status string,"
                        + " language string, csat int, nps int, outcome string, ingested_at timestamp) USING iceberg PARTITIONED BY (days(event_time))");
        spark.sql(
                "CREATE TABLE lake.ref.services (service_code string, deadline_days int, deadline_kind string, available_online boolean)"
                        + " USING iceberg");
        spark.sql(
                "INSERT INTO lake.ref.services VALUES ('ANAG-CERT', 5, 'working', true), ('EDIL-SCIA', 30, 'working', true),"
                        + " ('INFO-GEN', NULL, NULL, false)");
        List<String> events = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            events.add(event("v" + i, "contact_visit", "2026-06-10T09:00:00Z", "c" + i, null, null, null));
        }
        events.add(event("f1", "feedback_given", "2026-06-29T09:00:00Z", "c1", null, null, 1));
        events.add(event("f2", "feedback_given", "2026-06-28T09:00:00Z", "c2", null, null, 2));
        events.add(event("o3", "case_opened", "2026-03-20T09:00:00Z", "c3", "C3", "aperta", null));
        events.add(event("f6", "feedback_given", "2026-07-01T09:00:00Z", "c6", null, null, 1));
        spark.sql("INSERT INTO lake.raw.interactions VALUES " + String.join(", ", events));
        BatchSettings s = settings(JUNE_30, Map.of());
        BatchJobs.ensureTables(spark, s);
        spark.sql("INSERT INTO lake.activation.contact_consent VALUES "
                + String.join(
                        ", ",
                        consent("c1", "call", true, "2026-01-01T00:00:00Z"),
                        consent("c1", "email", true, "2026-01-01T00:00:00Z"),
                        consent("c2", "call", true, "2026-01-01T00:00:00Z"),
                        consent("c3", "app_io", false, "2026-01-01T00:00:00Z"),
                        consent("c3", "email", true, "2026-01-01T00:00:00Z"),
                        consent("c3", "sms", true, "2026-01-01T00:00:00Z"),
                        // on 1 July c3 withdraws the e-mail consent and c5 grants it
                        consent("c3", "email", false, "2026-07-01T08:00:00Z"),
                        consent("c5", "email", true, "2026-07-01T08:00:00Z"),
                        consent("c4", "email", true, "2026-01-01T00:00:00Z"),
                        consent("c6", "email", true, "2026-01-01T00:00:00Z"),
                        consent("c6", "call", true, "2026-01-01T00:00:00Z"),
                        consent("c7", "email", true, "2026-01-01T00:00:00Z")));
        spark.sql(
                "INSERT INTO lake.activation.suppression VALUES "
                        + "('c4', 'moved_away', TIMESTAMP '2026-05-01T00:00:00Z', NULL, 'crm', current_timestamp(), 'test'),"
                        + " ('c7', 'do_not_contact', TIMESTAMP '2026-07-01T10:00:00Z', NULL, 'crm', current_timestamp(), 'test')");
        for (String job : List.of("cases", "sla", "profile", "segments")) {
            assertThat(run(job, JUNE_30, Map.of()).failedHardChecks()).as(job).isEmpty();
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static String event(
            String id, String type, String time, String citizen, String caseId, String caseStatus, Integer csat) {
        String service = caseId != null ? "EDIL-SCIA" : "INFO-GEN";
        // the case arrived in the lake on 30 June (the cases job reads the cases touched on its date)
        String ingested =
                caseId != null ? "TIMESTAMP '2026-06-30T12:00:00Z'" : "TIMESTAMP '" + time + "' + INTERVAL 1 HOUR";
        return String.format(
                "('%s', '%s', TIMESTAMP '%s', 'front_office', '%s', 1, '%s', NULL, %s, %s, 'it', %s, NULL, NULL, %s)",
                id,
                type,
                time,
                service,
                citizen,
                caseId == null ? "NULL" : "'" + caseId + "'",
                caseStatus == null ? "NULL" : "'" + caseStatus + "'",
                csat == null ? "NULL" : csat,
                ingested);
    }

    static String consent(String citizen, String channel, boolean granted, String at) {
        return String.format(
                "('%s', '%s', %s, TIMESTAMP '%s', 'crm', current_timestamp(), 'test')", citizen, channel, granted, at);
    }

    static BatchSettings settings(LocalDate date, Map<String, String> extra) {
        Map<String, String> c = new HashMap<>(Map.of(
                "job",
                "outreach",
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
        c.putAll(Map.of(
                "campaigns.dir",
                campaigns.toString(),
                "outreach.outbox",
                outbox.toUri().toString(),
                "outreach.topic",
                "none",
                "outreach.max-contacts",
                "1"));
        c.putAll(extra);
        return BatchSettings.from(CivicConfig.of(c));
    }

    static JobResult run(String job, LocalDate date, Map<String, String> extra) {
        BatchSettings s = settings(date, extra);
        JobResult r = BatchJobs.job(job).run(spark, s, date);
        if (!"".equals(r.qualityJob())) {
            QualityLog.record(spark, s, date, r.qualityJob() == null ? job : r.qualityJob(), r);
        }
        return r;
    }

    static List<String> rows(String sql) {
        return spark.sql(sql).collectAsList().stream().map(Row::toString).toList();
    }

    static List<String> list(String runId) {
        return rows("SELECT campaign, citizen_key, channel, member_since FROM " + LIST + " WHERE run_id = '" + runId
                + "' ORDER BY 1, 2");
    }

    static List<String> delta(String runId) {
        return rows("SELECT campaign, change, citizen_key, channel, previous_channel FROM " + DELTA
                + " WHERE run_id = '" + runId + "' ORDER BY 1, 3");
    }

    static String exclusion(String runId, String campaign, String citizen) {
        List<Row> r = spark.sql("SELECT reason FROM lake.activation.outreach_exclusions WHERE run_id = '" + runId
                        + "' AND campaign = '" + campaign + "' AND citizen_key = '" + citizen + "'")
                .collectAsList();
        return r.isEmpty() ? null : r.get(0).getString(0);
    }

    @Test
    @Order(1)
    void theFirstRunListsExcludesWithAReasonAndExportsEverythingAsAdded() throws Exception {
        JobResult r = run("outreach", JUNE_30, Map.of());
        assertThat(r.failedHardChecks()).isEmpty();
        String run = "2026-06-30-r1";
        // callback holds one of c1 and c2 (max_audience 1); the other is over capacity there
        List<String> callback =
                list(run).stream().filter(l -> l.startsWith("[callback,")).toList();
        assertThat(callback).hasSize(1);
        String called = callback.get(0).contains(",c1,") ? "c1" : "c2";
        String cut = called.equals("c1") ? "c2" : "c1";
        assertThat(exclusion(run, "callback", cut)).isEqualTo("over_capacity");
        // cut from the callback, c1 is free for the newsletter (e-mail consent); c2 has none
        List<String> expected = new ArrayList<>(List.of(
                callback.get(0),
                "[everyone,c6,email,2026-06-30]",
                "[everyone,c7,email,2026-06-30]",
                "[overdue,c3,email,2026-06-30]"));
        if (cut.equals("c1")) {
            expected.add("[everyone,c1,email,2026-06-30]");
        } else {
            assertThat(exclusion(run, "everyone", "c1")).isEqualTo("taken_by_higher_priority");
        }
        assertThat(list(run)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(exclusion(run, "everyone", "c2")).isEqualTo("no_consent");
        assertThat(exclusion(run, "everyone", "c3")).isEqualTo("taken_by_higher_priority");
        assertThat(exclusion(run, "everyone", "c4")).isEqualTo("suppressed");
        assertThat(exclusion(run, "everyone", "c5")).isEqualTo("no_consent");
        // every audience member is listed or excluded with one reason
        assertThat(rows(
                        "SELECT campaign, audience, list_size, excluded_suppressed + excluded_no_consent + excluded_cooldown"
                                + " + excluded_capped + excluded_taken_by_higher_priority + excluded_over_capacity, status, previous_run_id, export_seq"
                                + " FROM " + RUNS + " ORDER BY campaign"))
                .containsExactly(
                        "[callback,2,1,1,exported,null,1]",
                        "[everyone,7," + (cut.equals("c1") ? 3 : 2) + "," + (cut.equals("c1") ? 4 : 5)
                                + ",exported,null,1]",
                        "[overdue,1,1,0,exported,null,1]");
        // the campaigns' titles for the dashboards; one without a title has no label (the views show its name)
        assertThat(rows("SELECT code, label FROM lake.ref.code_labels WHERE code_set = 'campaign'"))
                .containsExactly("[callback,Richiamata]");
        // the delta of a first run is the whole list, added; the outbox holds it, verified
        assertThat(delta(run)).allMatch(d -> d.contains(",added,")).hasSize(expected.size());
        Configuration conf = new Configuration();
        for (String campaign : List.of("callback", "everyone", "overdue")) {
            assertThat(Outbox.runs(conf, outbox.toUri().toString(), campaign)).containsExactly(run);
            Manifest m = Outbox.verify(
                    conf, outbox.resolve(campaign).resolve(run).toUri().toString());
            long rows = spark.sql("SELECT count(*) FROM " + DELTA + " WHERE run_id = '" + run + "' AND campaign = '"
                            + campaign + "'")
                    .first()
                    .getLong(0);
            assertThat(m.changes().total()).isEqualTo(rows);
            assertThat(m.changes().added()).isEqualTo(rows);
            assertThat(m.previousRunId()).isNull();
            String csv = Files.readString(outbox.resolve(campaign).resolve(run).resolve(Outbox.CSV_FILE));
            assertThat(csv.lines().skip(1).map(l -> l.split(",")[1]).collect(Collectors.toSet()))
                    .isEqualTo(spark
                            .sql("SELECT citizen_key FROM " + LIST + " WHERE run_id = '" + run + "' AND campaign = '"
                                    + campaign + "'")
                            .collectAsList()
                            .stream()
                            .map(x -> x.getString(0))
                            .collect(Collectors.toSet()));
        }
    }

    @Test
    @Order(2)
    void aRerunOfTheDateGivesTheSameListsAndAnEmptyDelta() throws Exception {
        assertThat(run("outreach", JUNE_30, Map.of()).failedHardChecks()).isEmpty();
        assertThat(list("2026-06-30-r2")).isEqualTo(list("2026-06-30-r1"));
        assertThat(delta("2026-06-30-r2")).isEmpty();
        Manifest m = Outbox.verify(
                new Configuration(),
                outbox.resolve("everyone").resolve("2026-06-30-r2").toUri().toString());
        assertThat(m.changes().total()).isZero();
        assertThat(m.previousRunId()).isEqualTo("2026-06-30-r1");
        assertThat(m.listSize())
                .isEqualTo(list("2026-06-30-r1").stream()
                        .filter(l -> l.startsWith("[everyone,"))
                        .count());
        // the first export is never overwritten
        Outbox.verify(
                new Configuration(),
                outbox.resolve("everyone").resolve("2026-06-30-r1").toUri().toString());
    }

    @Test
    @Order(3)
    void theNextDayExportsOnlyTheChanges() {
        for (String job : List.of("cases", "sla", "profile", "segments")) {
            assertThat(run(job, JULY_1, Map.of()).failedHardChecks()).as(job).isEmpty();
        }
        String dryBefore = rows("SELECT count(*) FROM " + RUNS).toString() + rows("SELECT count(*) FROM " + LIST);
        // a dry run decides and prints, and writes nothing
        JobResult dry = run("outreach", JULY_1, Map.of("outreach.dry-run", "true", "outreach.outbox", "/nonexistent"));
        assertThat(dry.figures().get("added")).isEqualTo(1L);
        assertThat(rows("SELECT count(*) FROM " + RUNS).toString() + rows("SELECT count(*) FROM " + LIST))
                .isEqualTo(dryBefore);

        assertThat(run("outreach", JULY_1, Map.of()).failedHardChecks()).isEmpty();
        String run = "2026-07-01-r1";
        // c5 consented (added), c7 asked not to be contacted (removed), c3 withdrew the e-mail consent
        // (the overdue entry moves to SMS); the callback keeps its citizen: nothing for the CRM there
        assertThat(delta(run))
                .containsExactly(
                        "[everyone,added,c5,email,null]",
                        "[everyone,removed,c7,null,email]",
                        "[overdue,changed,c3,sms,email]");
        // c6, contacted on 30 June, is unhappy on 1 July: capped (1 contact per 30 days), still kept on the newsletter
        assertThat(exclusion(run, "callback", "c6")).isEqualTo("capped");
        assertThat(list(run))
                .contains(
                        "[everyone,c6,email,2026-06-30]",
                        "[overdue,c3,sms,2026-06-30]",
                        "[everyone,c5,email,2026-07-01]");
        assertThat(exclusion(run, "everyone", "c7")).isEqualTo("suppressed");
        assertThat(rows("SELECT previous_run_id, export_seq FROM " + RUNS + " WHERE run_id = '" + run
                        + "' AND campaign = 'everyone'"))
                .containsExactly("[2026-06-30-r2,3]");
    }

    @Test
    @Order(4)
    void oneCampaignAloneAndBadSettingsAreRefused() {
        JobResult r = run("outreach", JULY_1, Map.of("outreach.campaign", "overdue"));
        assertThat(r.figures().get("campaigns")).isEqualTo(1L);
        assertThat(rows("SELECT campaign FROM " + RUNS + " WHERE run_id = '2026-07-01-r2'"))
                .containsExactly("[overdue]");
        assertThat(delta("2026-07-01-r2")).isEmpty();
        assertThatThrownBy(() -> run("outreach", JULY_1, Map.of("outreach.campaign", "nope")))
                .hasMessageContaining("campaign nope does not run on 2026-07-01");
        assertThatThrownBy(() -> BatchJobs.job("outreach")
                        .run(
                                spark,
                                BatchSettings.from(CivicConfig.of(Map.of(
                                        "job",
                                        "outreach",
                                        "date",
                                        "2026-07-01",
                                        "catalog.type",
                                        "hadoop",
                                        "catalog.warehouse",
                                        warehouse.toUri().toString()))),
                                JULY_1))
                .hasMessageContaining("outreach.outbox is required");
    }

    @Test
    @Order(5)
    void aRunThatFailsToExportWithdrawsItsFilesAndTheNextRunStartsFromTheLastExport() throws Exception {
        // nothing listens on port 1: the files are written, then Kafka fails
        assertThatThrownBy(() -> run(
                        "outreach",
                        JULY_1,
                        Map.of(
                                "outreach.topic",
                                "civic.outreach.test",
                                "kafka.bootstrap",
                                "127.0.0.1:1",
                                "outreach.kafka-timeout-ms",
                                "2000")))
                .hasMessageContaining("cannot export outreach changes to Kafka topic civic.outreach.test");
        String failed = "2026-07-01-r3";
        assertThat(rows("SELECT DISTINCT status FROM " + RUNS + " WHERE run_id = '" + failed + "'"))
                .containsExactly("[failed]");
        assertThat(outbox.resolve("everyone").resolve(failed)).doesNotExist();
        // its files were staged without a manifest (written only after Kafka commits), then set aside
        assertThat(outbox.resolve("everyone").resolve("_failed-" + failed).resolve(Outbox.CSV_FILE))
                .exists();
        assertThat(outbox.resolve("everyone").resolve("_failed-" + failed).resolve("manifest.json"))
                .doesNotExist();
        assertThat(Outbox.runs(new Configuration(), outbox.toUri().toString(), "everyone"))
                .containsExactly("2026-06-30-r1", "2026-06-30-r2", "2026-07-01-r1");
        // the next run's delta is against the last export, not the failed run
        assertThat(run("outreach", JULY_1, Map.of()).failedHardChecks()).isEmpty();
        assertThat(rows("SELECT previous_run_id FROM " + RUNS
                        + " WHERE run_id = '2026-07-01-r4' AND campaign = 'everyone'"))
                .containsExactly("[2026-07-01-r1]");
        assertThat(delta("2026-07-01-r4")).isEmpty();
    }

    @Test
    @Order(6)
    void anEarlierDateIsNotSentOverALaterExport() {
        long runs = spark.table(RUNS).count();
        assertThatThrownBy(() -> run("outreach", JUNE_30, Map.of()))
                .hasMessageContaining("the CRM already has exports of a later date")
                .hasMessageContaining("callback (2026-07-01-r4)")
                .hasMessageContaining("outreach.allow-earlier-date=true");
        assertThat(spark.table(RUNS).count()).isEqualTo(runs);
    }
}
