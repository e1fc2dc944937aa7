package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.civicinsights.cli.stack.IngestLag;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.event.ProducerRejection;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.PseudonymisationKeys;
import org.civicinsights.ingestion.KafkaRecordSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack as a city runs it, the ingest job running continuously. Rejected records are listed,
 * shown and replayed after a fix (twice, without duplicates); maintenance compacts the tables
 * while events keep arriving, and the stack's scheduler runs it (catching up a missed run); contract v1 and v2 producers coexist while the table evolves; and a
 * broker restart, a 30 s catalog outage or a stop/restart of the job lose and duplicate nothing.
 */
class ContinuousIngestIT {
    static final String FISCAL_CODE = "RSSMRA85T10A562S";
    static TestStack stack;
    static CivicConfig client;

    @BeforeAll
    static void startStack() throws Exception {
        // security off: this IT and AirflowDagsIT keep the open mode tested (the default is on)
        stack = TestStack.start(
                "civic-it-continuous", true, Map.of("ingest.checkpoint-interval-ms", "1000", "stack.security", "off"));
        client = stack.client;
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void rejectedRecordsAreListedShownAndReplayedOnceAfterAFix() throws Exception {
        String topic = client.get(CivicConfig.KAFKA_TOPIC);
        String kioskEvent = "{\"schema_version\":1,\"event_id\":\"%s\",\"event_type\":\"contact_visit\","
                + "\"event_time\":\"%s\",\"channel\":\"kiosk\",\"service_code\":\"CIE-RIL\",%s}";
        LakeAccounting base = lake(topic);
        LakeAccounting baseProducers = lake(ProducerRejection.TOPIC);
        String withCode = String.format(
                kioskEvent,
                UUID.randomUUID(),
                Instant.now().minusSeconds(3600),
                "\"fiscal_code\":\"" + FISCAL_CODE + "\"");
        String anonymous = String.format(
                kioskEvent, UUID.randomUUID(), Instant.now().minusSeconds(7200), "\"anonymous_id\":\"anon-kiosk-1\"");
        try (KafkaRecordSink events = new KafkaRecordSink(client.get(CivicConfig.KAFKA_BOOTSTRAP), topic);
                KafkaRecordSink rejections =
                        new KafkaRecordSink(client.get(CivicConfig.KAFKA_BOOTSTRAP), ProducerRejection.TOPIC)) {
            events.send("a", withCode);
            events.send("b", anonymous);
            ProducerRejection r = new ProducerRejection(
                    "test-mapping",
                    "line 7",
                    "closed_before_opened",
                    "closed 2024-01-02 before opened 2024-01-03",
                    "7;chiusa;" + FISCAL_CODE,
                    Instant.now());
            rejections.send(r.key(), r.toJson());
        }
        awaitLake(a -> a.rejected() == base.rejected() + 2, topic);
        awaitLake(a -> a.rejected() == baseProducers.rejected() + 1, ProducerRejection.TOPIC);

        String list = stack.cliOutput("rejected", "list", "--reason", "unknown_channel");
        assertThat(list).contains("unknown_channel", "ingest (contract)", topic + "/");
        String producerList = stack.cliOutput("rejected", "list", "--producer", "test-mapping");
        assertThat(producerList).contains("closed_before_opened", "test-mapping");
        String id = list.lines()
                .filter(l -> l.startsWith(topic + "/"))
                .findFirst()
                .orElseThrow()
                .split(" ")[0];
        String shown = stack.cliOutput("rejected", "show", id);
        assertThat(shown).contains("reason", "unknown_channel", "kiosk").doesNotContain(FISCAL_CODE);
        String producerId = producerList
                .lines()
                .filter(l -> l.startsWith(ProducerRejection.TOPIC + "/"))
                .findFirst()
                .orElseThrow()
                .split(" ")[0];
        assertThat(stack.cliOutput("rejected", "show", producerId))
                .contains("test-mapping", "line 7", "pseudonym:")
                .doesNotContain(FISCAL_CODE);

        // the fix: kiosks are counted as front office; the importer's row is not replayed as an event
        String replay =
                stack.cliOutput("rejected", "replay", "--reason", "unknown_channel", "--set", "channel=front_office");
        assertThat(replay).contains("2 record(s) to replay");
        awaitLake(a -> a.interactions() == base.interactions() + 2, topic);
        CitizenPseudonymiser pseudonymiser = new CitizenPseudonymiser(
                PseudonymisationKeys.load(stack.dataDir.resolve("secrets/pseudonymisation.key")));
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM raw.interactions WHERE channel = 'front_office' "
                                    + "AND citizen_key = '" + pseudonymiser.citizenKey(FISCAL_CODE) + "'"))
                    .isEqualTo(1);
        }
        assertThat(stack.cliOutput("rejected", "replay", "--producer", "test-mapping"))
                .contains("1 record(s) skipped");

        // replaying again adds nothing to the interactions: same event ids, now duplicates
        stack.cliOutput("rejected", "replay", "--reason", "unknown_channel", "--set", "channel=front_office");
        LakeAccounting after = awaitLake(a -> a.duplicates() == base.duplicates() + 2, topic);
        assertThat(after)
                .isEqualTo(new LakeAccounting(base.interactions() + 2, base.rejected() + 2, base.duplicates() + 2));
    }

    @Test
    void maintenanceCompactsWhileEventsArriveAndKeepsEveryRow() throws Exception {
        String topic = client.get(CivicConfig.KAFKA_TOPIC);
        LakeAccounting before = lake(topic);
        assertThat(stack.cli(
                        "generate",
                        "--events",
                        "20000",
                        "--seed",
                        "5",
                        "--citizens",
                        "2000",
                        "--days",
                        "5",
                        "--start-date",
                        LocalDate.now().minusDays(5).toString()))
                .isZero();
        // a second burst arrives while maintenance runs
        CompletableFuture<Integer> more = CompletableFuture.supplyAsync(() -> stack.cli(
                "generate",
                "--events",
                "20000",
                "--seed",
                "6",
                "--citizens",
                "2000",
                "--days",
                "5",
                "--start-date",
                LocalDate.now().minusDays(5).toString()));
        String report = stack.cliOutput("maintain");
        assertThat(more.get()).isZero();
        // retention first (the Spark job; these events are recent, so it removes none), then compaction
        assertThat(report)
                .contains("retention for ", "raw.interactions after:", "maintenance done")
                .doesNotContain("CHECK THE TABLE");

        long produced = topicRecords(topic);
        LakeAccounting landed = awaitLake(a -> a.total() == produced, topic);
        assertThat(landed.total() - before.total()).isEqualTo(40_000);
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(TestStack.queryLong(c, "SELECT count(*) - count(DISTINCT event_id) FROM raw.interactions"))
                    .isZero();
        }
    }

    @Test
    void theStacksSchedulerCatchesUpAMaintenanceRunMissedWhileItWasDown() throws Exception {
        var manager = stack.manager();
        assertThat(manager.stop("scheduler")).isTrue();
        var state = stack.dataDir.resolve("run/scheduler-state.properties");
        Files.writeString(state, "maintain.last-run=2026-01-01T00:00:00Z\n");
        var log = stack.dataDir.resolve("logs/scheduler.log");
        long logStart = Files.size(log);
        manager.start("scheduler");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        String since = "";
        while (!since.contains("maintain: finished")) {
            assertThat(System.nanoTime())
                    .as("waiting for the scheduler's maintain run; its log:%n%s", since)
                    .isLessThan(deadline);
            Thread.sleep(1000);
            since = Files.readString(log).substring((int) logStart);
        }
        assertThat(since)
                .contains("maintain: finished with exit code 0", "raw.interactions after:")
                .doesNotContain("CHECK THE TABLE");
        Properties after = new Properties();
        try (var r = Files.newBufferedReader(state)) {
            after.load(r);
        }
        assertThat(after.getProperty("maintain.last-exit")).isEqualTo("0");
        assertThat(Instant.parse(after.getProperty("maintain.last-run")))
                .isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    }

    @Test
    void v1AndV2ProducersShareTheTopicAndTheTableEvolvesWhileTheJobRuns() throws Exception {
        String topic = client.get(CivicConfig.KAFKA_TOPIC);
        String template = "{\"schema_version\":%d,\"event_id\":\"%s\",\"event_type\":\"online_service_completed\","
                + "\"event_time\":\"%s\",\"channel\":\"app_io\",\"service_code\":\"CIE-RIL\",\"anonymous_id\":\"anon-v\"%s}";
        String v1 = UUID.randomUUID().toString();
        String v2 = UUID.randomUUID().toString();
        LakeAccounting base = lake(topic);
        try (KafkaRecordSink events = new KafkaRecordSink(client.get(CivicConfig.KAFKA_BOOTSTRAP), topic)) {
            events.send(
                    v1, String.format(template, 1, v1, Instant.now().minusSeconds(60), ",\"device_type\":\"mobile\""));
            events.send(
                    v2,
                    String.format(
                            template,
                            2,
                            v2,
                            Instant.now().minusSeconds(60),
                            ",\"device_type\":\"mobile\",\"contact_consent\":true,\"session_id\":\"s-42\""));
        }
        awaitLake(a -> a.interactions() == base.interactions() + 2, topic);
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(
                            TestStack.queryLong(
                                    c,
                                    "SELECT count(*) FROM raw.interactions WHERE event_id = '" + v2
                                            + "' AND schema_version = 2 AND device_type = 'mobile' AND contact_consent AND session_id = 's-42'"))
                    .isEqualTo(1);
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM raw.interactions WHERE event_id = '" + v1
                                    + "' AND schema_version = 1 AND device_type IS NULL AND contact_consent IS NULL"))
                    .isEqualTo(1);

            // a column added while the job runs: metadata only, nothing rewritten, ingestion goes on
            long files = TestStack.queryLong(c, "SELECT count(*) FROM \"raw\".\"interactions$files\"");
            long snapshots = TestStack.queryLong(c, "SELECT count(*) FROM \"raw\".\"interactions$snapshots\"");
            try (var s = c.createStatement()) {
                s.execute("ALTER TABLE raw.interactions ADD COLUMN pilot_note varchar");
            }
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM \"raw\".\"interactions$files\""))
                    .isEqualTo(files);
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM \"raw\".\"interactions$snapshots\""))
                    .isEqualTo(snapshots);
            String later = UUID.randomUUID().toString();
            try (KafkaRecordSink events = new KafkaRecordSink(client.get(CivicConfig.KAFKA_BOOTSTRAP), topic)) {
                events.send(
                        later, String.format(template, 2, later, Instant.now().minusSeconds(30), ""));
            }
            awaitLake(a -> a.interactions() == base.interactions() + 3, topic);
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM raw.interactions WHERE event_id = '" + later
                                    + "' AND pilot_note IS NULL"))
                    .isEqualTo(1);
            try (var s = c.createStatement()) {
                s.execute("ALTER TABLE raw.interactions DROP COLUMN pilot_note");
            }
        }
    }

    @Test
    void aKafkaRestartDuringIngestionLosesAndDuplicatesNothing() throws Exception {
        String topic = client.get(CivicConfig.KAFKA_TOPIC);
        CompletableFuture<Integer> sending = CompletableFuture.supplyAsync(() -> stack.cli(
                "generate",
                "--events",
                "30000",
                "--seed",
                "21",
                "--citizens",
                "2000",
                "--days",
                "5",
                "--start-date",
                LocalDate.now().minusDays(5).toString()));
        Thread.sleep(1500);
        var manager = stack.manager();
        assertThat(manager.stop("kafka")).isTrue();
        Thread.sleep(3000);
        manager.start("kafka");
        assertThat(sending.get()).isZero(); // the producer retried through the outage
        assertEverythingLandsOnce(topic);
    }

    @Test
    void theCatalogDownFor30SecondsDelaysCommitsButLosesNothing() throws Exception {
        String topic = client.get(CivicConfig.KAFKA_TOPIC);
        var manager = stack.manager();
        assertThat(manager.stop("catalog")).isTrue();
        assertThat(stack.cli(
                        "generate",
                        "--events",
                        "10000",
                        "--seed",
                        "22",
                        "--citizens",
                        "2000",
                        "--days",
                        "5",
                        "--start-date",
                        LocalDate.now().minusDays(5).toString()))
                .isZero();
        Thread.sleep(30_000);
        manager.start("catalog");
        assertEverythingLandsOnce(topic);
    }

    @Test
    void stoppingAndRestartingTheJobResumesFromItsLastCheckpoint() throws Exception {
        String topic = client.get(CivicConfig.KAFKA_TOPIC);
        CompletableFuture<Integer> sending = CompletableFuture.supplyAsync(() -> stack.cli(
                "generate",
                "--events",
                "30000",
                "--seed",
                "23",
                "--citizens",
                "2000",
                "--days",
                "5",
                "--start-date",
                LocalDate.now().minusDays(5).toString()));
        Thread.sleep(2500);
        var manager = stack.manager();
        assertThat(manager.stop("ingest")).isTrue();
        assertThat(sending.get()).isZero();
        manager.start("ingest");
        assertThat(Files.readString(stack.dataDir.resolve("logs/ingest.log")))
                .contains("resuming from retained checkpoint");
        assertEverythingLandsOnce(topic);
    }

    @Test
    void eventsPostedToTheCollectorLandInTheLakeAndItsRejectionsAreKept() throws Exception {
        String topic = client.get(CivicConfig.KAFKA_TOPIC);
        LakeAccounting base = lake(topic);
        LakeAccounting baseProducers = lake(ProducerRejection.TOPIC);
        String event = "{\"schema_version\":1,\"event_id\":\"%s\",\"event_type\":\"online_service_started\","
                + "\"event_time\":\"%s\",\"channel\":\"portal\",\"service_code\":\"CIE-RIL\",\"fiscal_code\":\""
                + FISCAL_CODE + "\"}";
        // issue 18: a feedback with an e-mail, a mobile number and an IBAN, once valid and once rejected
        String feedbackId = UUID.randomUUID().toString();
        String feedback = "{\"schema_version\":1,\"event_id\":\"%s\",\"event_type\":\"feedback_given\","
                + "\"event_time\":\"%s\",\"channel\":\"%s\",\"anonymous_id\":\"anon-ci18\",\"csat\":2,"
                + "\"feedback_text\":\"Rimborso su " + CLEAR_IBAN + ", scrivetemi a " + CLEAR_EMAIL + " o al "
                + CLEAR_MOBILE + "\"}";
        String body = "["
                + String.format(event, UUID.randomUUID(), Instant.now().minusSeconds(60)) + ","
                + String.format(event, UUID.randomUUID(), Instant.now().minusSeconds(30)) + ","
                + "{\"schema_version\":1,\"channel\":\"fax\"},"
                + String.format(feedback, feedbackId, Instant.now().minusSeconds(20), "app_io") + ","
                + String.format(feedback, UUID.randomUUID(), Instant.now().minusSeconds(10), "fax") + "]";
        String port = client.get("stack.collector-port");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"accepted\":3", "\"rejected\":2");
        awaitLake(a -> a.interactions() == base.interactions() + 3, topic);
        awaitLake(a -> a.rejected() == baseProducers.rejected() + 2, ProducerRejection.TOPIC);
        assertThat(stack.cliOutput("rejected", "list", "--producer", "collector"))
                .contains("collector")
                .doesNotContain(FISCAL_CODE);
        noContactDetailIsStoredInClear(feedbackId);
    }

    static final String CLEAR_EMAIL = "giulia.verdi.ci18@example.it";
    static final String CLEAR_MOBILE = "347 765 1818";
    static final String CLEAR_IBAN = "IT60X0542811101000000123456";

    /**
     * The collector check of issue 18: the stored feedback shows the typed masks, and none of the
     * three values (nor the number's bare digits) is in any varchar column of any base table of the
     * lake, the rejected records' payloads included. One query per table.
     */
    static void noContactDetailIsStoredInClear(String feedbackId) throws Exception {
        List<String> clear = List.of(CLEAR_EMAIL, CLEAR_MOBILE, CLEAR_MOBILE.replace(" ", ""), CLEAR_IBAN);
        try (Connection c = TrinoConnections.open(client)) {
            String stored = WalkingSkeletonIT.queryString(
                    c, "SELECT feedback_text FROM raw.interactions WHERE event_id = '" + feedbackId + "'");
            assertThat(stored).isEqualTo("Rimborso su [iban], scrivetemi a [email] o al [telefono]");
            Map<String, List<String>> columns = RegisterCompleteness.stringColumns(c);
            assertThat(columns).containsKeys("raw.interactions", "raw.rejected_events");
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                String anyColumnHoldsOne = table.getValue().stream()
                        .flatMap(col -> clear.stream().map(v -> "strpos(\"" + col + "\", '" + v + "') > 0"))
                        .collect(Collectors.joining(" OR "));
                assertThat(TestStack.queryLong(
                                c, "SELECT count(*) FROM lake." + table.getKey() + " WHERE " + anyColumnHoldsOne))
                        .as("rows of %s holding a contact detail in clear", table.getKey())
                        .isZero();
            }
        }
    }

    /** Every record on the topic is in exactly one raw table, and no event id is stored twice. */
    static void assertEverythingLandsOnce(String topic) throws Exception {
        long produced = topicRecords(topic);
        LakeAccounting landed = awaitLake(a -> a.total() >= produced, topic);
        assertThat(landed.total()).isEqualTo(produced);
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(TestStack.queryLong(c, "SELECT count(*) - count(DISTINCT event_id) FROM raw.interactions"))
                    .isZero();
        }
    }

    // --- helpers -------------------------------------------------------------------------

    static LakeAccounting lake(String topic) throws Exception {
        try (Connection c = TrinoConnections.open(client)) {
            return LakeAccounting.of(c, topic);
        }
    }

    static LakeAccounting awaitLake(Predicate<LakeAccounting> done, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        LakeAccounting now = lake(topic);
        while (!done.test(now)) {
            assertThat(System.nanoTime())
                    .as("waiting for the lake; it has %s for %s", now, topic)
                    .isLessThan(deadline);
            Thread.sleep(1000);
            now = lake(topic);
        }
        return now;
    }

    static long topicRecords(String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, client.get(CivicConfig.KAFKA_BOOTSTRAP));
        try (Admin admin = Admin.create(p)) {
            return IngestLag.topicRecords(admin, topic);
        }
    }
}
