package org.civicinsights.cli;

import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicinsights.cli.security.CatalogAccessChecks;
import org.civicinsights.cli.security.KafkaAccessChecks;
import org.civicinsights.cli.security.SecretLeakChecks;
import org.civicinsights.cli.security.TrinoAccessChecks;
import org.civicinsights.cli.stack.StackManager;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.PseudonymisationKeys;
import org.civicinsights.dashboards.DashboardSources;
import org.civicinsights.ddl.Views;
import org.civicinsights.ingestion.GenerationSummary;
import org.civicinsights.ingestion.GeneratorSettings;
import org.civicinsights.ingestion.InteractionGenerator;
import org.civicinsights.ingestion.JsonLinesRecordSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end on the real engines, each in its own JVM as in production:
 * Kafka (KRaft), Iceberg's REST catalog, Trino 476 and the Flink ingest job on a MiniCluster,
 * all started through the civic CLI on free ports and a temporary data directory.
 */
class WalkingSkeletonIT {
    static final Pattern FISCAL_CODE_FIELD = Pattern.compile("\"fiscal_code\":\"([A-Z0-9]{16})\"");
    /** A fiscal code standing alone (not 16 characters inside a longer hex key or id), any case. */
    static final String FISCAL_CODE_SHAPE = "(?i)(?<![A-Z0-9])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z]"
            + "[0-9LMNPQRSTUV]{3}[A-Z](?![A-Z0-9])";

    static TestStack stack;
    static CivicConfig client;

    @BeforeAll
    static void startStack() throws Exception {
        // secured, as a city's estate: Kafka over SASL_SSL, Trino over HTTPS with roles, the catalog
        // behind OAuth2 (ContinuousIngestIT and AirflowDagsIT run the stack without)
        stack = TestStack.start("civic-it", false, Map.of("stack.security", "on"));
        client = stack.client;
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void everyRecordLandsOnceAndNoFiscalCodeIsStoredInClear() throws Exception {
        String topic = client.get(CivicConfig.KAFKA_TOPIC);
        LocalDate start = LocalDate.now().minusDays(30);
        String[] generatorArgs = {
            "--events",
            "10000",
            "--malformed-share",
            "0.01",
            "--duplicate-share",
            "0.005",
            "--seed",
            "7",
            "--citizens",
            "2000",
            "--start-date",
            start.toString()
        };
        // the generator is deterministic: the same settings written to a file tell what was sent
        Path file = stack.dataDir.resolve("sent.jsonl");
        GenerationSummary expected;
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(file)) {
            expected = new InteractionGenerator()
                    .generate(
                            GeneratorSettings.builder()
                                    .events(10_000)
                                    .malformedShare(0.01)
                                    .duplicateShare(0.005)
                                    .seed(7)
                                    .citizens(2000)
                                    .startDate(start)
                                    .build(),
                            sink,
                            (done, total) -> {});
        }
        assertThat(expected.malformed()).isEqualTo(100);
        assertThat(expected.duplicates()).isEqualTo(50);
        assertThat(stack.cli(Stream.concat(Stream.of("generate"), Stream.of(generatorArgs))
                        .toArray(String[]::new)))
                .isZero();

        String output = stack.cliOutput("ingest");
        assertThat(output)
                .contains(
                        "INGEST-SUMMARY {\"read\":10000,\"valid\":9900,\"rejected\":100,\"unique\":9850,\"duplicates\":50}");

        try (Connection c = TrinoConnections.open(client)) {
            assertThat(LakeAccounting.of(c, topic)).isEqualTo(new LakeAccounting(expected.valid(), 100, 50));
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(DISTINCT event_id) FROM raw.interactions WHERE source_topic = '" + topic
                                    + "'"))
                    .isEqualTo(expected.valid());
            Map<String, Long> byReason = new HashMap<>();
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT reason, count(*) FROM raw.rejected_events WHERE source_topic = '"
                                    + topic + "' GROUP BY reason")) {
                while (rs.next()) {
                    byReason.put(rs.getString(1), rs.getLong(2));
                }
            }
            assertThat(byReason).isEqualTo(expected.malformedByReason());
            assertThat(TestStack.queryLong(
                            c, "SELECT count(*) FROM raw.rejected_events WHERE detail IS NULL OR raw_payload IS NULL"))
                    .isZero();

            // privacy: nothing shaped like a fiscal code in any text column of the lake
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM raw.rejected_events WHERE regexp_like(raw_payload, '"
                                    + FISCAL_CODE_SHAPE + "') OR regexp_like(detail, '" + FISCAL_CODE_SHAPE + "')"))
                    .isZero();
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM raw.interactions WHERE regexp_like(concat_ws('|', "
                                    + "event_id, service_code, citizen_key, anonymous_id, case_id, case_status, operator_id, outcome, "
                                    // event_id and citizen_key are hex: checked with boundaries, so a 16-character run
                                    // inside them is no match
                                    + "feedback_text, source_system), '" + FISCAL_CODE_SHAPE + "')"))
                    .isZero();

            // the citizen key is the keyed HMAC of the fiscal code, with the stack's own key
            Set<String> fiscalCodes = fiscalCodes(file);
            assertThat(fiscalCodes).hasSizeGreaterThan(100);
            CitizenPseudonymiser pseudonymiser = new CitizenPseudonymiser(
                    PseudonymisationKeys.loadOrCreate(stack.dataDir.resolve("secrets/pseudonymisation.key")));
            String someCode = fiscalCodes.iterator().next();
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM raw.interactions WHERE citizen_key = '"
                                    + pseudonymiser.citizenKey(someCode) + "'"))
                    .isPositive();
            assertThat(TestStack.queryLong(
                            c, "SELECT count(*) FROM raw.interactions WHERE authenticated AND citizen_key IS NULL"))
                    .isZero();

            // every interaction landed in the partition of its (UTC) month
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM \"raw\".\"interactions$partitions\""))
                    .isEqualTo(TestStack.queryLong(
                            c, "SELECT count(DISTINCT date_trunc('month', event_time)) FROM raw.interactions"));
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM ref.services"))
                    .isGreaterThanOrEqualTo(55);

            // and no log of any service holds one of the clear codes
            try (Stream<Path> logs = Files.list(stack.dataDir.resolve("logs"))) {
                for (Path log : logs.toList()) {
                    String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                    assertThat(fiscalCodes).noneMatch(text::contains);
                }
            }
            assertThat(fiscalCodes).noneMatch(output::contains);
        }
    }

    @Test
    void countsStayExactAfterTheTaskFailsThreeTimesMidStream() throws Exception {
        String topic = "civic.it.failover";
        createTopic(topic);
        LocalDate start = LocalDate.now().minusDays(10);
        assertThat(stack.cli(
                        "generate",
                        "--topic",
                        topic,
                        "--events",
                        "40000",
                        "--seed",
                        "11",
                        "--days",
                        "10",
                        "--citizens",
                        "3000",
                        "--start-date",
                        start.toString()))
                .isZero();
        GeneratorSettings settings = GeneratorSettings.builder()
                .events(40_000)
                .seed(11)
                .days(10)
                .citizens(3000)
                .startDate(start)
                .build();

        String output = stack.cliOutput(
                "ingest",
                "--topic",
                topic,
                "--consumer-group",
                "it-failover",
                "--checkpoint-interval-ms",
                "300",
                "--fail-after-records",
                "4000",
                "--fail-times",
                "3");

        // the first attempt failed after a checkpoint, the second resumed from it (restored counters > 0)
        Matcher restored = Pattern.compile("validation starting on subtask 0 attempt 1 \\(civic.records_read=(\\d+)")
                .matcher(output);
        assertThat(restored.find())
                .as("a recovery of subtask 0 in:%n%s", output)
                .isTrue();
        assertThat(Long.parseLong(restored.group(1))).isPositive();
        for (int attempt = 2; attempt <= 3; attempt++) {
            assertThat(output)
                    .as("recovery %d", attempt)
                    .contains("validation starting on subtask 0 attempt " + attempt + " ");
        }
        assertThat(output).doesNotContain("validation starting on subtask 0 attempt 4 ");
        assertThat(output)
                .contains(String.format(
                        "INGEST-SUMMARY {\"read\":40000,\"valid\":%d,\"rejected\":%d,"
                                + "\"unique\":%d,\"duplicates\":%d}",
                        settings.validCount() + settings.duplicateCount(),
                        settings.malformedCount(),
                        settings.validCount(),
                        settings.duplicateCount()));
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(LakeAccounting.of(c, topic))
                    .isEqualTo(new LakeAccounting(
                            settings.validCount(), settings.malformedCount(), settings.duplicateCount()));
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(*) - count(DISTINCT event_id) FROM raw.interactions "
                                    + "WHERE source_topic = '" + topic + "'"))
                    .isZero();
        }
    }

    @Test
    void theDailyBatchAgreesWithAnIndependentComputationInTrinoAndIsIdempotent() throws Exception {
        String topic = "civic.it.batch";
        createTopic(topic);
        // Rome's calendar, as the batch's: between 23:00 and 24:00 UTC the UTC date is a day behind
        LocalDate start = LocalDate.now(RomeTime.ZONE).minusDays(60);
        assertThat(stack.cli(
                        "generate",
                        "--topic",
                        topic,
                        "--events",
                        "8000",
                        "--seed",
                        "19",
                        "--days",
                        "60",
                        "--citizens",
                        "1500",
                        "--start-date",
                        start.toString()))
                .isZero();
        stack.cliOutput("ingest", "--topic", topic, "--consumer-group", "it-batch");
        String today = LocalDate.now(RomeTime.ZONE).toString();

        String first = stack.cliOutput("batch", "run", "all", "--date", today);
        assertThat(first).contains("BATCH-SUMMARY", "cases_recomputed=");
        // the raw lifecycle events, read by Trino without any of the batch's code
        String independent = "WITH e AS (SELECT case_id,"
                + " max(CASE WHEN event_type IN ('case_resolved', 'case_closed') THEN event_time END) AS concluded,"
                + " max(CASE WHEN event_type = 'case_reopened' THEN event_time END) AS reopened"
                + " FROM raw.interactions WHERE event_type LIKE 'case!_%' ESCAPE '!' AND case_id IS NOT NULL GROUP BY case_id)";
        String cases =
                "SELECT to_hex(checksum(ROW(case_id, status, opened_at, resolved_at, closed_at, reopen_count, suspensions))) FROM core.cases";
        String slaPeriods =
                "SELECT to_hex(checksum(ROW(grain, period_start, service_code, municipio, channel, opened, concluded,"
                        + " concluded_on_time, median_resolution_working_days, backlog))) FROM mart.sla_period";
        String casesChecksum;
        String periodsChecksum;
        try (Connection c = TrinoConnections.open(client)) {
            long distinctCases = TestStack.queryLong(c, independent + " SELECT count(*) FROM e");
            assertThat(distinctCases).isGreaterThan(500);
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM core.cases"))
                    .isEqualTo(distinctCases);
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM core.cases WHERE status IN ('resolved', 'closed')"))
                    .isEqualTo(
                            TestStack.queryLong(
                                    c,
                                    independent
                                            + " SELECT count_if(concluded IS NOT NULL AND (reopened IS NULL OR concluded > reopened)) FROM e"));
            // every case opened by today has its service level; the month's rolled-up row counts its backlog
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM mart.case_sla"))
                    .isEqualTo(TestStack.queryLong(c, "SELECT count(*) FROM core.cases WHERE opened_at IS NOT NULL"));
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT backlog FROM mart.sla_period WHERE grain = 'month' AND service_code IS NULL"
                                    + " AND municipio IS NULL AND channel IS NULL AND period_start = DATE '"
                                    + LocalDate.parse(today).withDayOfMonth(1) + "'"))
                    .isEqualTo(
                            TestStack.queryLong(c, "SELECT count(*) FROM mart.case_sla WHERE concluded_date IS NULL"));
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM mart.case_sla WHERE sla_status = 'breached'"))
                    .isPositive();
            // the analyst views exist now (the outreach ones after the first outreach run), with local times only (no
            // "with time zone" column but the *_utc ones)
            assertThat(TestStack.queryLong(
                            c, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'reporting'"))
                    .isEqualTo(Views.bundled().stream()
                            .filter(v -> !v.name().startsWith("lake.reporting.outreach_"))
                            .count());
            assertThat(
                            TestStack.queryLong(
                                    c,
                                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'reporting'"
                                            + " AND data_type LIKE '%with time zone%' AND column_name NOT LIKE '%!_utc' ESCAPE '!'"))
                    .isZero();
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM reporting.case_sla"))
                    .isEqualTo(TestStack.queryLong(c, "SELECT count(*) FROM mart.case_sla"));
            // ref.calendar counts working days in SQL: 30 from Fri 20 March 2026 end on 5 May (not counting Easter
            // Monday and 1 May)
            assertThat(
                            TestStack.queryLong(
                                    c,
                                    "SELECT b.working_day_index - a.working_day_index FROM ref.calendar a, ref.calendar b"
                                            + " WHERE a.calendar_date = DATE '2026-03-20' AND b.calendar_date = DATE '2026-05-05'"))
                    .isEqualTo(30);
            // contacts and deflection of the run date against the raw events, in Rome time
            String romeDay = "date(event_time AT TIME ZONE 'Europe/Rome')";
            // (the events end yesterday; the run for today recomputes every day whose events arrived today)
            String yesterday = LocalDate.parse(today).minusDays(1).toString();
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT coalesce(sum(contacts), 0) FROM mart.contact_volume WHERE contact_date = DATE '"
                                    + yesterday + "'"))
                    .isPositive()
                    .isEqualTo(TestStack.queryLong(
                            c,
                            "SELECT count(DISTINCT event_id) FROM raw.interactions"
                                    + " WHERE event_type IN ('contact_call', 'contact_chat', 'contact_visit', 'contact_email') AND "
                                    + romeDay + " = DATE '" + yesterday + "'"));
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT coalesce(sum(total_transactions), 0) FROM mart.self_service_deflection WHERE service_code IS NULL"
                                    + " AND month = DATE '"
                                    + LocalDate.parse(today).withDayOfMonth(1) + "'"))
                    .isEqualTo(TestStack.queryLong(
                            c,
                            "SELECT count(DISTINCT event_id) FROM raw.interactions WHERE (event_type IN ('case_opened', 'payment_made')"
                                    + " OR (event_type = 'online_service_completed' AND case_id IS NULL)) AND "
                                    + romeDay
                                    + " BETWEEN DATE '" + LocalDate.parse(today).withDayOfMonth(1) + "' AND DATE '"
                                    + today + "'"));
            casesChecksum = queryString(c, cases);
            periodsChecksum = queryString(c, slaPeriods);
        }
        String profiles =
                "SELECT to_hex(checksum(ROW(citizen_key, contacts_365d, preferred_channel, digital_share_pct, open_cases,"
                        + " avg_csat_365d, main_language, services_used))) FROM core.citizen_profile";
        String memberships =
                "SELECT to_hex(checksum(ROW(segment, citizen_key, valid_from, valid_to))) FROM activation.segment_membership";
        String profilesChecksum;
        String membershipsChecksum;
        String clusters = "SELECT to_hex(checksum(ROW(citizen_key, cluster_id))) FROM mart.citizen_cluster";
        String clustersChecksum;
        try (Connection c = TrinoConnections.open(client)) {
            profilesAndSegmentsAgreeWithTrino(c, LocalDate.parse(today));
            clustersCoverTheActiveCitizens(c, LocalDate.parse(today));
            profilesChecksum = queryString(c, profiles);
            membershipsChecksum = queryString(c, memberships);
            clustersChecksum = queryString(c, clusters);
        }
        satisfactionOfACompleteWeekAgreesWithTrino(LocalDate.parse(today));
        citizenStoryByFiscalCode(start);
        outreachFilesAndKafkaCarryTheSameChanges(today);
        // every table exists now (the daily batch, the consent import and the outreach run made theirs):
        // each must be in the register of personal data (as the engineer, who sees every table)
        try (Connection c = TrinoConnections.open(client, TrinoRole.ENGINEER)) {
            RegisterCompleteness.assertEveryLakeTableIsRegistered(c);
        }

        // a rerun of the same date gives the same tables
        stack.cliOutput("batch", "run", "all", "--date", today);
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(queryString(c, cases)).isEqualTo(casesChecksum);
            assertThat(queryString(c, slaPeriods)).isEqualTo(periodsChecksum);
            assertThat(queryString(c, profiles)).isEqualTo(profilesChecksum);
            assertThat(queryString(c, memberships)).isEqualTo(membershipsChecksum);
            assertThat(queryString(c, clusters)).isEqualTo(clustersChecksum);
        }
        dashboardsRunAndRenderInARealSuperset();
        theSchedulerCatchesUpTheDaysItMissed(LocalDate.parse(today));
        onlyWhoMayGetsInAndNoSecretLeaks(first);
        anErasedPersonIsGoneFromEveryTableSnapshotAndFile();
    }

    /**
     * Against the secured stack, now that every table and view exists: Kafka, Trino and the catalog
     * refuse clients without the right login, each Trino role reads what it may and is refused the
     * rest (by error code), and no secret is in a log, a command line or a command's output.
     */
    void onlyWhoMayGetsInAndNoSecretLeaks(String batchOutput) throws Exception {
        assertThat(client.get("kafka.client.security.protocol")).isEqualTo("SASL_SSL");
        KafkaAccessChecks.assertRefusals(client, stack.dataDir);
        TrinoAccessChecks.assertRoles(client);
        TrinoAccessChecks.assertLogins(client);
        TrinoAccessChecks.assertSqlCommandRefusesTheAnalyst(stack.dataDir);
        CatalogAccessChecks.assertRefusals(client, stack.dataDir);
        CatalogAccessChecks.assertGoodClientWorks(client);
        // the commands on their least role: the analyst's rejected list, the manager by name
        String rejected = stack.cliOutput("rejected", "list");
        String asManager =
                stack.cliOutput("sql", "--user", "manager", "SELECT count(*) AS n FROM reporting.sla_period");
        assertThat(asManager).contains("n");
        CatalogAccessChecks.assertNoCatalogSecretLeaked(client, stack.dataDir);
        SecretLeakChecks.assertNoLeaks(stack.dataDir, batchOutput, rejected, asManager);
    }

    /**
     * The machine was down for three nights: a drill of the scheduler at 04:00 three days later
     * runs every daily job for each missed date, oldest first, each date's cases before its sla
     * (recorded as the drill's, so a real catch-up does not take them for real runs).
     */
    void theSchedulerCatchesUpTheDaysItMissed(LocalDate today) throws Exception {
        String drill = stack.cliOutput("scheduler", "--once", "--job", "batch", "--now", today.plusDays(3) + "T04:00");
        assertThat(drill).contains("--catch-up-to " + today.plusDays(2));
        List<String> daily =
                List.of("cases", "sla", "contacts", "deflection", "satisfaction", "profile", "segments", "clusters");
        try (Connection c = TrinoConnections.open(client)) {
            for (LocalDate missed : List.of(today.plusDays(1), today.plusDays(2))) {
                String ok = queryString(
                        c,
                        "SELECT array_join(array_sort(array_agg(DISTINCT job)), ',') FROM meta.job_runs WHERE status = 'ok'"
                                + " AND triggered_by = 'scheduler-drill' AND run_date = DATE '" + missed + "'");
                assertThat(ok)
                        .as("ok runs for " + missed)
                        .isEqualTo(String.join(",", daily.stream().sorted().toList()));
                assertThat(queryString(
                                c,
                                "SELECT CAST(min(CASE WHEN job = 'cases' THEN started_at END)"
                                        + " < min(CASE WHEN job = 'sla' THEN started_at END) AS varchar)"
                                        + " FROM meta.job_runs WHERE triggered_by = 'scheduler-drill' AND run_date = DATE '"
                                        + missed + "'"))
                        .as("cases started before sla on " + missed)
                        .isEqualTo("true");
            }
            assertThat(queryString(
                            c,
                            "SELECT CAST(count(*) AS varchar) FROM meta.job_runs WHERE triggered_by = 'scheduler-drill'"
                                    + " AND status <> 'ok'"))
                    .isEqualTo("0");
        }
    }

    /**
     * The managers' dashboards on this data: Superset (pip, cached) imports the bundle, every
     * chart's query returns rows through its REST API, and headless Chromium draws every dashboard.
     */
    void dashboardsRunAndRenderInARealSuperset() throws Exception {
        DashboardSources sources = DashboardSources.bundled();
        Path shots = stack.dataDir.resolve("shots");
        String out = stack.cliOutput(
                "dashboards",
                "verify",
                "--port",
                String.valueOf(TestStack.freePort()),
                "--screenshots",
                shots.toString());
        int charts = sources.charts().size();
        assertThat(out)
                .contains(
                        sources.datasets().size() + " datasets match their views",
                        String.format(
                                "verified: %d dashboards, %d/%d charts returned rows, %d screenshots",
                                sources.dashboards().size(),
                                charts,
                                charts,
                                sources.dashboards().size()));
        for (DashboardSources.Dashboard d : sources.dashboards()) {
            Path png = shots.resolve(d.slug() + ".png");
            byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
            assertThat(head).as(png.toString()).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            assertThat(Files.size(png)).as(png.toString()).isGreaterThan(20_000);
        }
        // the verification's Superset is stopped at the end
        assertThat(stack.dataDir.resolve("run").resolve("superset-verify.pid")).doesNotExist();

        // the managers' Superset: serve imports through the REST API (login, CSRF), a second import replaces
        int port = TestStack.freePort();
        String served = stack.cliOutput("dashboards", "serve", "--port", String.valueOf(port));
        assertThat(served).contains("Superset is running at http://127.0.0.1:" + port + "/");
        assertThat(served)
                .doesNotContain(
                        Files.readString(stack.dataDir.resolve("secrets").resolve("superset-admin.password"))
                                .strip());
        String imported = stack.cliOutput("dashboards", "import", "--port", String.valueOf(port));
        assertThat(imported)
                .contains(
                        "imported " + sources.dashboards().size() + " dashboards into http://127.0.0.1:" + port + "/");
        for (DashboardSources.Dashboard d : sources.dashboards()) {
            assertThat(imported)
                    .contains(d.title() + ": http://127.0.0.1:" + port + "/superset/dashboard/" + d.slug() + "/");
        }
        assertThat(stack.cliOutput("dashboards", "stop")).contains("superset stopped");
    }

    /** Every identified citizen with a contact in 365 days is in exactly one cluster; k is within its range. */
    static void clustersCoverTheActiveCitizens(Connection c, LocalDate today) throws Exception {
        String asOf = "DATE '" + today + "'";
        long active = TestStack.queryLong(
                c,
                "SELECT count(*) FROM core.citizen_profile WHERE as_of_date = " + asOf
                        + " AND key_kind = 'citizen' AND contacts_365d > 0");
        assertThat(TestStack.queryLong(
                        c,
                        "SELECT count(DISTINCT citizen_key) FROM reporting.citizen_cluster WHERE as_of_date = " + asOf
                                + " AND label IS NOT NULL"))
                .isPositive()
                .isEqualTo(active);
        assertThat(TestStack.queryLong(c, "SELECT sum(size) FROM reporting.cluster_summary WHERE as_of_date = " + asOf))
                .isEqualTo(active);
        assertThat(TestStack.queryLong(c, "SELECT max(k) FROM reporting.cluster_summary WHERE as_of_date = " + asOf))
                .isBetween(3L, 8L);
    }

    /**
     * The last complete ISO week, run on its Sunday: the all-channels, all-services, all-municipi row
     * against Trino on the raw feedback events (responses, CSAT mean, NPS).
     */
    void satisfactionOfACompleteWeekAgreesWithTrino(LocalDate today) throws Exception {
        LocalDate sunday = today.with(TemporalAdjusters.previous(DayOfWeek.SUNDAY));
        LocalDate monday = sunday.minusDays(6);
        stack.cliOutput("batch", "run", "satisfaction", "--date", sunday.toString());
        String feedback =
                "WITH f AS (SELECT DISTINCT event_id, csat, nps FROM raw.interactions WHERE event_type = 'feedback_given'"
                        + " AND date(event_time AT TIME ZONE 'Europe/Rome') BETWEEN DATE '" + monday + "' AND DATE '"
                        + sunday + "')";
        String all = " FROM reporting.satisfaction_week WHERE week_start = DATE '" + monday + "' AND channel IS NULL"
                + " AND service_code IS NULL AND municipio IS NULL";
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(TestStack.queryLong(c, "SELECT responses" + all))
                    .isPositive()
                    .isEqualTo(TestStack.queryLong(c, feedback + " SELECT count(*) FROM f"));
            assertThat(queryString(c, "SELECT format('%.6f %.6f', csat_avg, nps)" + all))
                    .isEqualTo(
                            queryString(
                                    c,
                                    feedback
                                            + " SELECT format('%.6f %.6f', avg(csat), 100e0 * (count_if(nps >= 9) - count_if(nps <= 6)) / count(nps)) FROM f"));
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM reporting.worst_services"))
                    .isPositive();
        }
    }

    /** The profiles and two segments computed again by Trino from the raw events, without the batch's code. */
    static void profilesAndSegmentsAgreeWithTrino(Connection c, LocalDate today) throws Exception {
        String end = "TIMESTAMP '" + today.plusDays(1) + " 00:00:00 Europe/Rome'";
        String asOf = "DATE '" + today + "'";
        String person = "coalesce(citizen_key, anonymous_id)";
        // one profile per person seen by the end of the day
        assertThat(TestStack.queryLong(c, "SELECT count(*) FROM core.citizen_profile WHERE as_of_date = " + asOf))
                .isGreaterThan(1000)
                .isEqualTo(TestStack.queryLong(
                        c,
                        "SELECT count(DISTINCT " + person + ") FROM raw.interactions" + " WHERE event_time < " + end));
        // the preferred channel: most contacts in 365 days, then the most recently used, then by name
        String contacts =
                "(event_type IN ('contact_call', 'contact_chat', 'contact_visit', 'contact_email', 'online_service_started',"
                        + " 'knowledge_article_viewed') OR (event_type = 'case_opened' AND channel = 'street_report'))";
        String ranked = "WITH d AS (SELECT DISTINCT event_id, " + person
                + " AS k, channel, event_time FROM raw.interactions WHERE "
                + contacts + " AND event_time >= TIMESTAMP '" + today.minusDays(364)
                + " 00:00:00 Europe/Rome' AND event_time < " + end + "),"
                + " n AS (SELECT k, channel, count(*) AS n, max(event_time) AS last FROM d GROUP BY k, channel),"
                + " r AS (SELECT k, channel, row_number() OVER (PARTITION BY k ORDER BY n DESC, last DESC, channel) AS rn FROM n)";
        assertThat(TestStack.queryLong(c, ranked + " SELECT count(*) FROM r WHERE rn = 1"))
                .isPositive()
                .isEqualTo(TestStack.queryLong(
                        c,
                        ranked
                                + " SELECT count(*) FROM r JOIN core.citizen_profile p ON p.citizen_key = r.k AND p.as_of_date = "
                                + asOf + " WHERE r.rn = 1 AND p.preferred_channel = r.channel"));
        // foreign-language users: the most used language is not Italian (same tie rules)
        String languages =
                "WITH d AS (SELECT DISTINCT event_id, " + person + " AS k, language, event_time FROM raw.interactions"
                        + " WHERE language IS NOT NULL AND event_time < " + end + "),"
                        + " n AS (SELECT k, language, count(*) AS n, max(event_time) AS last FROM d GROUP BY k, language),"
                        + " r AS (SELECT k, language, row_number() OVER (PARTITION BY k ORDER BY n DESC, last DESC, language) AS rn FROM n)"
                        + " SELECT count(*) FROM r WHERE rn = 1 AND language <> 'it'";
        assertThat(TestStack.queryLong(
                        c,
                        "SELECT count(*) FROM activation.segment_membership WHERE segment = 'foreign_language_users'"
                                + " AND valid_to IS NULL"))
                .isPositive()
                .isEqualTo(TestStack.queryLong(c, languages));
        // waiting on an overdue case: citizens with an open case past its deadline in mart.case_sla
        assertThat(TestStack.queryLong(
                        c,
                        "SELECT count(*) FROM activation.segment_membership WHERE segment = 'waiting_on_overdue_case'"
                                + " AND valid_to IS NULL"))
                .isEqualTo(
                        TestStack.queryLong(
                                c,
                                "SELECT count(DISTINCT k.citizen_key) FROM mart.case_sla s"
                                        + " JOIN core.cases k ON k.case_id = s.case_id WHERE s.sla_status = 'open_overdue' AND k.citizen_key IS NOT NULL"));
        assertThat(TestStack.queryLong(
                        c,
                        "SELECT count(*) FROM activation.segment_runs WHERE run_date = " + asOf + " AND status = 'ok'"))
                .isEqualTo(7);
        assertThat(TestStack.queryLong(c, "SELECT count(*) FROM reporting.segment_membership WHERE is_current"))
                .isEqualTo(TestStack.queryLong(
                        c, "SELECT count(*) FROM activation.segment_membership WHERE valid_to IS NULL"));
    }

    /**
     * `civic story` for a fiscal code of the generated data (the generator is deterministic: the same
     * settings in this JVM tell which codes were sent): the timeline has every event of that citizen
     * in the lake, and the code is printed nowhere.
     */
    void citizenStoryByFiscalCode(LocalDate start) throws Exception {
        Path file = stack.dataDir.resolve("batch-sent.jsonl");
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(file)) {
            new InteractionGenerator()
                    .generate(
                            GeneratorSettings.builder()
                                    .events(8000)
                                    .seed(19)
                                    .days(60)
                                    .citizens(1500)
                                    .startDate(start)
                                    .build(),
                            sink,
                            (done, total) -> {});
        }
        CitizenPseudonymiser pseudonymiser = new CitizenPseudonymiser(
                PseudonymisationKeys.loadOrCreate(stack.dataDir.resolve("secrets/pseudonymisation.key")));
        String code = null;
        long events = 0;
        try (Connection c = TrinoConnections.open(client)) {
            for (String candidate : fiscalCodes(file)) {
                long n = TestStack.queryLong(
                        c,
                        "SELECT count(DISTINCT event_id) FROM raw.interactions WHERE citizen_key = '"
                                + pseudonymiser.citizenKey(candidate) + "'");
                if (n > events && n <= 200) {
                    code = candidate;
                    events = n;
                }
                if (events >= 10) {
                    break;
                }
            }
        }
        assertThat(events).isGreaterThanOrEqualTo(3);
        String csv = stack.cliOutput("story", code, "--format", "csv");
        assertThat(csv.strip().lines().count()).isEqualTo(events + 1);
        String table = stack.cliOutput("story", code.toLowerCase(Locale.ROOT));
        assertThat(table).contains("Story of", "contacts in 365 days").doesNotContain(code);
        assertThat(csv).doesNotContain(code);
    }

    /**
     * The CRM's consent export for the generated citizens (from the same deterministic generator),
     * imported; then the outreach run for today: a dry run writes nothing; the run writes verified
     * exports whose JSON Lines rows are exactly the messages a plain KafkaConsumer reads (keyed
     * citizen key|campaign) and the rows of reporting.outreach_changes; a rerun exports empty deltas
     * and no message. No fiscal code in any export.
     */
    void outreachFilesAndKafkaCarryTheSameChanges(String today) throws Exception {
        Set<String> codes = fiscalCodes(stack.dataDir.resolve("batch-sent.jsonl"));
        Path consent = stack.dataDir.resolve("crm-consent.csv");
        List<String> lines = new ArrayList<>(List.of("fiscal_code,channel,granted,consent_at,source"));
        int i = 0;
        for (String code : codes) {
            String channel = List.of("app_io", "email", "sms", "call").get(i++ % 4);
            lines.add(code + "," + channel + ",true,2026-01-10T10:00:00+01:00,portal");
            if (i % 3 == 0) {
                lines.add(code + ",call,true,2026-01-10T10:00:00+01:00,contact centre");
            }
        }
        Files.write(consent, lines);
        assertThat(stack.cliOutput("batch", "run", "consent", "--date", today, "--consent-file", consent.toString()))
                .contains("BATCH-SUMMARY");
        Path outbox = stack.dataDir.resolve("outbox");
        String dry = stack.cliOutput("outreach", "run", "--date", today, "--dry-run");
        assertThat(dry).contains("campaign overdue_case_update", "would send");
        assertThat(outbox).doesNotExist();

        String run = stack.cliOutput("outreach", "run", "--date", today);
        assertThat(run).contains("outreach run " + today + "-r1", "campaign csat_callback", "changes for the CRM");
        String outreachTopic = client.get(CivicConfig.OUTREACH_TOPIC);
        Map<String, Long> exported = new TreeMap<>();
        List<String> fileRows = new ArrayList<>();
        List<Path> exportDirs;
        try (var dirs = Files.list(outbox)) {
            exportDirs = dirs.map(d -> d.resolve(today + "-r1")).toList();
        }
        try (Connection c = TrinoConnections.open(client)) {
            // one export per campaign of the run, each complete
            assertThat((long) exportDirs.size())
                    .isPositive()
                    .isEqualTo(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM reporting.outreach_runs WHERE run_id = '" + today
                                    + "-r1' AND status = 'exported'"));
        }
        for (Path dir : exportDirs) {
            var manifest =
                    new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
            for (var f : manifest.get("files")) {
                byte[] bytes = Files.readAllBytes(dir.resolve(f.get("name").asText()));
                assertThat(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                        .isEqualTo(f.get("sha256").asText());
                String text = new String(bytes, StandardCharsets.UTF_8);
                assertThat(codes).noneMatch(text::contains);
            }
            List<String> jsonl = Files.readAllLines(dir.resolve("changes.jsonl"));
            assertThat((long) jsonl.size())
                    .isEqualTo(manifest.get("changes").get("total").asLong());
            exported.put(manifest.get("campaign").asText(), (long) jsonl.size());
            for (String line : jsonl) {
                var row = new ObjectMapper().readTree(line);
                fileRows.add(row.get("citizen_key").asText() + "|"
                        + row.get("campaign").asText() + " " + line);
            }
        }
        assertThat(fileRows).isNotEmpty();
        List<String> messages = readCommitted(outreachTopic);
        assertThat(messages).containsExactlyInAnyOrderElementsOf(fileRows);
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(TestStack.queryLong(
                            c, "SELECT count(*) FROM reporting.outreach_changes WHERE run_id = '" + today + "-r1'"))
                    .isEqualTo(fileRows.size());
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT sum(audience - list_size - excluded_suppressed - excluded_no_consent - excluded_cooldown"
                                    + " - excluded_capped - excluded_taken_by_higher_priority - excluded_over_capacity) FROM reporting.outreach_runs"
                                    + " WHERE run_id = '" + today + "-r1'"))
                    .isZero();
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM reporting.outreach_crm_lists"))
                    .isEqualTo(exported.values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
        }

        // a rerun: the same lists, an empty delta in every export, no new message
        String rerun = stack.cliOutput("outreach", "run", "--date", today);
        assertThat(rerun).contains(today + "-r2").doesNotContainPattern("changes for the CRM \\+[1-9]");
        for (Path dir : exportDirs) {
            var manifest = new ObjectMapper()
                    .readTree(dir.resolveSibling(today + "-r2")
                            .resolve("manifest.json")
                            .toFile());
            assertThat(manifest.get("changes").get("total").asLong()).isZero();
            assertThat(manifest.get("previous_run_id").asText()).isEqualTo(today + "-r1");
        }
        assertThat(readCommitted(outreachTopic)).hasSameSizeAs(messages);
        try (Connection c = TrinoConnections.open(client)) {
            // the current run of the date is the rerun; its exclusions are every audience member left off
            assertThat(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM reporting.outreach_runs WHERE is_current AND run_id = '" + today
                                    + "-r2'"))
                    .isEqualTo(exportDirs.size())
                    .isEqualTo(TestStack.queryLong(c, "SELECT count(*) FROM reporting.outreach_runs WHERE is_current"));
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM reporting.outreach_exclusions WHERE is_current"))
                    .isEqualTo(TestStack.queryLong(
                            c, "SELECT sum(audience - list_size) FROM reporting.outreach_runs WHERE is_current"));
        }
    }

    /**
     * Issue 18: `civic privacy erase` of a citizen with events on several channels (and, when the data
     * has one, an anonymous id their own events tie to them), a case, profiles, a segment membership
     * and an outreach entry, once the daily batch, outreach and the scheduler's catch-up have filled
     * every table. Afterwards: none of the person's rows in any table the register says erasure reaches
     * (cases keep their rows without the person), every other row still there (counts before minus the
     * rows meta.erasures records, which are the ones measured here), no Parquet file under the
     * warehouse holds a key (live, expired or orphan), time travel to before the erasure finds nothing,
     * the CRM's notice on Kafka and in the outbox, and a later event of the person ingested as usual.
     */
    void anErasedPersonIsGoneFromEveryTableSnapshotAndFile() throws Exception {
        Map<String, String> codeOfKey = new HashMap<>();
        CitizenPseudonymiser pseudonymiser = new CitizenPseudonymiser(
                PseudonymisationKeys.loadOrCreate(stack.dataDir.resolve("secrets/pseudonymisation.key")));
        for (String code : fiscalCodes(stack.dataDir.resolve("batch-sent.jsonl"))) {
            codeOfKey.put(pseudonymiser.citizenKey(code), code);
        }
        DataRegister register = DataRegister.bundled();
        String key = null;
        String control = null;
        List<String> anonymousIds;
        Map<String, Long> totalBefore = new TreeMap<>();
        Map<String, Long> personBefore = new TreeMap<>();
        Map<String, Long> snapshotBefore = new TreeMap<>();
        Map<String, String> personWhere = new TreeMap<>();
        Map<String, LakeAccounting> accountingBefore = new TreeMap<>();
        try (Connection c = TrinoConnections.open(client)) {
            // the person: every kind of row, and a linked anonymous id first if anyone has one
            String candidates = "WITH p AS (SELECT citizen_key, count(DISTINCT channel) AS channels,"
                    + " count_if(anonymous_id IS NOT NULL) AS anon_events, count(*) AS events FROM raw.interactions"
                    + " WHERE citizen_key IS NOT NULL GROUP BY citizen_key)"
                    + " SELECT citizen_key FROM p WHERE channels >= 2"
                    + " AND citizen_key IN (SELECT citizen_key FROM core.cases)"
                    + " AND citizen_key IN (SELECT citizen_key FROM core.citizen_profile)"
                    + " AND citizen_key IN (SELECT citizen_key FROM activation.segment_membership)"
                    + " AND citizen_key IN (SELECT citizen_key FROM activation.outreach_list)"
                    + " ORDER BY anon_events > 0 DESC, events, citizen_key";
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(candidates)) {
                while (rs.next() && (key == null || control == null)) {
                    String k = rs.getString(1);
                    if (key == null && codeOfKey.containsKey(k)) {
                        key = k; // one whose fiscal code we know, for the later event
                    } else if (control == null) {
                        control = k; // another person: must keep every row
                    }
                }
            }
            assertThat(key)
                    .as("a citizen with events on 2 channels, a case, a profile, a segment and an outreach entry")
                    .isNotNull();
            assertThat(control).isNotNull();
            anonymousIds = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT DISTINCT anonymous_id FROM raw.interactions WHERE citizen_key = '"
                                    + key + "' AND anonymous_id IS NOT NULL ORDER BY 1")) {
                while (rs.next()) {
                    anonymousIds.add(rs.getString(1));
                }
            }
            List<String> personKeys = new ArrayList<>(List.of(key));
            personKeys.addAll(anonymousIds);
            String inKeys = personKeys.stream()
                    .map(k -> "'" + k.replace("'", "''") + "'")
                    .collect(joining(", ", "(", ")"));
            // the values that link a row to the person's events (event_id of raw.duplicate_events), taken now:
            // after the erasure raw.interactions no longer has them
            Map<String, String> linkedValues = new TreeMap<>();
            for (DataRegister.RegisteredTable t : register.tables()) {
                if (t.erasure() == DataRegister.ErasureAction.LINKED && !linkedValues.containsKey(t.link())) {
                    List<String> values = new ArrayList<>();
                    try (Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT DISTINCT " + t.link() + " FROM raw.interactions"
                                    + " WHERE citizen_key IN " + inKeys + " OR anonymous_id IN " + inKeys)) {
                        while (rs.next()) {
                            values.add("'" + rs.getString(1).replace("'", "''") + "'");
                        }
                    }
                    linkedValues.put(t.link(), values.isEmpty() ? "(NULL)" : "(" + String.join(", ", values) + ")");
                }
            }
            Set<String> lakeTables = new LinkedHashSet<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                                    + " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('information_schema')")) {
                while (rs.next()) {
                    lakeTables.add(rs.getString(1));
                }
            }
            for (DataRegister.RegisteredTable t : register.tables()) {
                if (!lakeTables.contains(t.name())) {
                    continue;
                }
                String where = switch (t.erasure()) {
                    case DELETE, ANONYMISE, KEEP ->
                        t.personColumns().stream()
                                .map(col -> col + " IN " + inKeys)
                                .collect(joining(" OR "));
                    case LINKED -> t.link() + " IN " + linkedValues.get(t.link());
                    case TEXT ->
                        t.textColumns().stream()
                                .flatMap(col -> personKeys.stream().map(k -> "strpos(" + col + ", '" + k + "') > 0"))
                                .collect(joining(" OR "));
                    case NONE -> null;
                };
                if (where != null) {
                    personWhere.put(t.name(), where);
                }
                long[] counts = totalAndPerson(c, t.name(), where);
                totalBefore.put(t.name(), counts[0]);
                personBefore.put(t.name(), counts[1]);
                if (t.reachedByErasure()) {
                    String[] st = t.name().split("\\.");
                    long snapshot = TestStack.queryLong(
                            c,
                            "SELECT coalesce(max_by(snapshot_id, committed_at), -1) FROM \"" + st[0] + "\".\"" + st[1]
                                    + "$snapshots\"");
                    if (snapshot != -1) {
                        snapshotBefore.put(t.name(), snapshot);
                    }
                }
            }
            // the accounting identity of every topic the raw tables hold, to hold again after
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT DISTINCT source_topic FROM raw.interactions")) {
                while (rs.next()) {
                    accountingBefore.put(rs.getString(1), null);
                }
            }
            for (String topic : accountingBefore.keySet()) {
                accountingBefore.put(topic, LakeAccounting.of(c, topic));
            }
            // the rows the person was picked for are there before
            for (String t : List.of(
                    "raw.interactions",
                    "core.cases",
                    "core.citizen_profile",
                    "activation.segment_membership",
                    "activation.outreach_list")) {
                assertThat(personBefore.get(t))
                        .as("rows of the person in %s before", t)
                        .isPositive();
            }
        }

        // nothing else writes while it runs (no ingest job here, the scheduler stopped), so orphans of any age go
        StackManager manager = stack.manager();
        manager.stop("scheduler");
        String output;
        try {
            output = stack.cliOutput(
                    "privacy",
                    "erase",
                    "--citizen-key",
                    key,
                    "--reason",
                    "test",
                    "--ticket",
                    "T-1",
                    "--yes",
                    "--orphan-min-age",
                    "PT0S");
        } finally {
            manager.start("scheduler");
        }
        Matcher id = Pattern.compile("erasure id ([0-9a-f-]{36})").matcher(output);
        assertThat(id.find()).as("the erasure id printed").isTrue();
        String erasureId = id.group(1);
        assertThat(output)
                .contains("Erasure " + erasureId + " (ticket T-1): 1 person erased", "civic.privacy.erasures.v1")
                .doesNotContain(codeOfKey.get(key));

        Map<String, Long> recordedDeleted = new TreeMap<>();
        Map<String, Long> recordedAnonymised = new TreeMap<>();
        try (Connection c = TrinoConnections.open(client)) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT table_name, sum(rows_deleted), sum(rows_anonymised)"
                            + " FROM meta.erasures WHERE erasure_id = '" + erasureId + "' GROUP BY table_name")) {
                while (rs.next()) {
                    recordedDeleted.put(rs.getString(1), rs.getLong(2));
                    recordedAnonymised.put(rs.getString(1), rs.getLong(3));
                }
            }
            // records read = interactions + rejected + duplicates + expired + erased, as before the erasure
            for (Map.Entry<String, LakeAccounting> before : accountingBefore.entrySet()) {
                LakeAccounting after = LakeAccounting.of(c, before.getKey());
                assertThat(after.total())
                        .as("accounting identity of %s after the erasure: %s", before.getKey(), after)
                        .isEqualTo(before.getValue().total());
                assertThat(after.erased() - before.getValue().erased())
                        .as("rows of %s the erasure deleted from the raw tables", before.getKey())
                        .isEqualTo(before.getValue().interactions()
                                + before.getValue().rejected()
                                + before.getValue().duplicates()
                                - after.interactions()
                                - after.rejected()
                                - after.duplicates());
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM meta.erasures")) {
                String all = ResultRows.read(rs).rows().toString();
                assertThat(all).as("meta.erasures").doesNotContain(key).doesNotContain(codeOfKey.get(key));
                for (String a : anonymousIds) {
                    assertThat(all).doesNotContain(a);
                }
            }
            // per table: the person's rows are gone (a kept row, anonymised, names nobody), the recorded rows are
            // exactly the person's, and the table lost exactly the recorded deletions: no one else's row went
            for (DataRegister.RegisteredTable t : register.tables()) {
                if (!totalBefore.containsKey(t.name()) || t.name().startsWith("meta.")) {
                    continue; // meta.* grew by the erase run's own records (erasures, job_runs, data_quality)
                }
                String where = personWhere.get(t.name());
                if (t.erasure() == DataRegister.ErasureAction.LINKED) {
                    // a row linked to an event of the person that stays (anonymised, e.g. a case event) names nobody
                    where = where + " AND " + t.link() + " NOT IN (SELECT " + t.link() + " FROM raw.interactions WHERE "
                            + t.link() + " IS NOT NULL)";
                }
                long[] after = totalAndPerson(c, t.name(), where);
                long deleted = recordedDeleted.getOrDefault(t.name(), 0L);
                long anonymised = recordedAnonymised.getOrDefault(t.name(), 0L);
                if (!t.reachedByErasure()) {
                    // objections stay on purpose; tables without persons are not touched
                    assertThat(after[0]).as("rows of %s after", t.name()).isEqualTo(totalBefore.get(t.name()));
                    assertThat(deleted + anonymised)
                            .as("rows changed in %s", t.name())
                            .isZero();
                    continue;
                }
                assertThat(after[1])
                        .as("rows of the person left in %s", t.name())
                        .isZero();
                assertThat(after[0])
                        .as("rows of %s after (before minus the deletions meta.erasures records)", t.name())
                        .isEqualTo(totalBefore.get(t.name()) - deleted);
                long linkedKept = t.erasure() == DataRegister.ErasureAction.LINKED
                        ? totalAndPerson(c, t.name(), personWhere.get(t.name()))[1]
                        : 0;
                assertThat(deleted + anonymised)
                        .as("rows of the person deleted or anonymised in %s, by meta.erasures", t.name())
                        .isEqualTo(personBefore.get(t.name()) - linkedKept);
                if (t.erasure() == DataRegister.ErasureAction.ANONYMISE) {
                    assertThat(deleted)
                            .as("rows deleted from %s, which keeps them", t.name())
                            .isZero();
                }
            }
            assertThat(recordedDeleted.keySet()).isSubsetOf(totalBefore.keySet());
            assertThat(TestStack.queryLong(
                            c, "SELECT count(*) FROM activation.outreach_list WHERE citizen_key = '" + control + "'"))
                    .as("another person's outreach entries")
                    .isPositive();

            // time travel to before the erasure: the snapshot is gone, or it holds none of the person's rows
            for (var e : snapshotBefore.entrySet()) {
                String where = personWhere.get(e.getKey());
                String link = register.table(e.getKey()).orElseThrow().link();
                if (register.table(e.getKey()).orElseThrow().erasure() == DataRegister.ErasureAction.LINKED) {
                    where = where + " AND " + link + " NOT IN (SELECT " + link + " FROM raw.interactions WHERE " + link
                            + " IS NOT NULL)"; // the rows linked to a kept event stay, as in the current snapshot
                }
                String travel =
                        "SELECT count(*) FROM " + e.getKey() + " FOR VERSION AS OF " + e.getValue() + " WHERE " + where;
                try {
                    assertThat(TestStack.queryLong(c, travel))
                            .as("time travel in %s", e.getKey())
                            .isZero();
                } catch (SQLException gone) {
                    assertThat(gone.getMessage())
                            .as("time travel in %s", e.getKey())
                            .containsIgnoringCase("snapshot");
                }
            }
        }

        // every Parquet file of the warehouse, whichever snapshot (or none) it belongs to; the other person's key
        // is found, so the scan reads the values, not just the bytes
        List<String> needles = new ArrayList<>(List.of(key, control));
        needles.addAll(anonymousIds);
        CivicContext context = new CivicContext();
        context.dataDir = stack.dataDir;
        context.configFile = stack.configFile;
        long scanStart = System.nanoTime();
        WarehouseParquetScan.Result scan =
                WarehouseParquetScan.scan(context.layout().warehouseDir(), needles);
        System.out.printf(
                "erasure IT: %d Parquet files scanned in %.1f s%n",
                scan.files(), (System.nanoTime() - scanStart) / 1e9);
        assertThat(scan.files()).isPositive();
        assertThat(scan.holding(control))
                .as("files holding another person's key")
                .isNotEmpty();
        assertThat(scan.holding(key))
                .as("Parquet files still holding the erased citizen key")
                .isEmpty();
        for (String a : anonymousIds) {
            assertThat(scan.holding(a))
                    .as("Parquet files still holding a linked anonymous id")
                    .isEmpty();
        }

        // the CRM's notice: on Kafka (keyed by the citizen key) and in the outbox
        String keyed = key + " ";
        List<String> notices = readCommitted(client.get(CivicConfig.PRIVACY_ERASURES_TOPIC)).stream()
                .filter(m -> m.startsWith(keyed))
                .toList();
        assertThat(notices).hasSize(1);
        var notice = new ObjectMapper().readTree(notices.get(0).substring(key.length() + 1));
        assertThat(notice.get("schema_version").asInt()).isEqualTo(1);
        assertThat(notice.get("erasure_id").asText()).isEqualTo(erasureId);
        assertThat(notice.get("ticket").asText()).isEqualTo("T-1");
        assertThat(notice.get("citizen_key").asText()).isEqualTo(key);
        assertThat(notice.hasNonNull("erased_at")).isTrue();
        List<String> outboxLines = Files.readAllLines(
                stack.dataDir.resolve("outbox").resolve("erasures").resolve(erasureId + ".jsonl"));
        assertThat(outboxLines).hasSize(1);
        assertThat(new ObjectMapper()
                        .readTree(outboxLines.get(0))
                        .get("citizen_key")
                        .asText())
                .isEqualTo(key);

        // the person writes again: their next event is ingested as anyone's (own topics: nothing else replayed)
        String topic = "civic.it.erase";
        String rejected = "civic.it.erase.rejected";
        createTopic(topic);
        createTopic(rejected);
        String code = codeOfKey.get(key);
        String template = Files.readAllLines(stack.dataDir.resolve("batch-sent.jsonl")).stream()
                .filter(l -> l.contains("\"fiscal_code\":\"" + code + "\""))
                .min(Comparator.comparing(l -> l.contains("\"case_id\""))) // a contact without a case if there is one
                .orElseThrow();
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(template);
        String eventId = java.util.UUID.randomUUID().toString();
        event.put("event_id", eventId);
        event.put(
                "event_time",
                java.time.OffsetDateTime.now(RomeTime.ZONE).withNano(0).toString());
        Properties p = new Properties();
        p.putAll(KafkaClientProperties.of(client, KafkaClientProperties.Kind.PRODUCER));
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, client.get(CivicConfig.KAFKA_BOOTSTRAP));
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, eventId, event.toString()))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(stack.cliOutput(
                        "ingest", "--topic", topic, "--rejected-topic", rejected, "--consumer-group", "it-erase"))
                .contains("\"valid\":1");
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(queryString(
                            c,
                            "SELECT concat(cast(count(*) AS varchar), ' ', max(event_id)) FROM raw.interactions"
                                    + " WHERE citizen_key = '" + key + "'"))
                    .isEqualTo("1 " + eventId);
        }
    }

    /** A table's row count and how many of its rows match {@code where} (none when null), in one scan. */
    static long[] totalAndPerson(Connection c, String table, String where) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), count_if(" + (where == null ? "false" : where) + ") FROM " + table)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Every committed message of the topic as "key value", read from the start by a plain consumer. */
    static List<String> readCommitted(String topic) {
        Properties p = new Properties();
        // the secured broker's reading user (civic-ingest) with its login
        p.putAll(KafkaClientProperties.of(client, KafkaClientProperties.Kind.INGEST));
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, client.get(CivicConfig.KAFKA_BOOTSTRAP));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(x -> new TopicPartition(topic, x.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(r.key() + " " + r.value()));
            }
        }
        return out;
    }

    /**
     * The real open-data files (Alessandria's street reports, a San Francisco 311 sample) imported,
     * ingested and folded by the batch: case counts by status and the median resolution in working
     * days agree with a computation Trino makes on the raw events alone, with ref.calendar.
     */
    @Test
    void realCityFilesThroughTheBatchAgreeWithTrinoOnTheRawEvents() throws Exception {
        // the copies kept with ingestion's tests (SF trimmed to 2,099 records), so this runs on any clone
        Path data = Path.of("..", "ingestion", "src", "test", "resources", "real-data");
        String topic = "civic.it.realfiles";
        String rejections = "civic.it.realfiles.rejected"; // its own, so the other tests' one-off runs do not read them
        createTopic(topic);
        createTopic(rejections);
        for (String[] f :
                new String[][] {{"alessandria", "alessandria-segnalazioni.csv"}, {"sf311", "sf311-cases-sample.csv"}}) {
            stack.cliOutput(
                    "import",
                    "--mapping",
                    f[0],
                    "--file",
                    data.resolve(f[1]).toString(),
                    "--topic",
                    topic,
                    "--rejected-topic",
                    rejections);
        }
        stack.cliOutput("ingest", "--topic", topic, "--rejected-topic", rejections, "--consumer-group", "it-realfiles");
        String today = LocalDate.now(RomeTime.ZONE).toString();
        stack.cliOutput("batch", "run", "cases", "--date", today);
        // service levels as of 30 June 2015 (a month of the SF sample), from the cases folded today
        stack.cliOutput("batch", "run", "sla", "--date", "2015-06-30", "--no-upstream-check");

        String lifecycle = "WITH e AS (SELECT source_system, case_id,"
                + " min(CASE WHEN event_type = 'case_opened' THEN event_time END) AS opened,"
                + " max(CASE WHEN event_type IN ('case_resolved', 'case_closed') THEN event_time END) AS concluded"
                + " FROM raw.interactions WHERE source_system IN ('alessandria', 'sf311') AND case_id IS NOT NULL GROUP BY 1, 2)";
        try (Connection c = TrinoConnections.open(client)) {
            for (String source : List.of("alessandria", "sf311")) {
                String independent = queryString(
                        c,
                        lifecycle + " SELECT concat(cast(count_if(concluded IS NULL) AS varchar), '/',"
                                + " cast(count_if(concluded IS NOT NULL) AS varchar)) FROM e WHERE source_system = '"
                                + source + "'");
                String batch = queryString(
                        c,
                        "SELECT concat(cast(count_if(k.status IN ('open', 'suspended')) AS varchar), '/',"
                                + " cast(count_if(k.status IN ('resolved', 'closed')) AS varchar)) FROM core.cases k"
                                + " WHERE k.case_id IN (SELECT case_id FROM raw.interactions WHERE source_system = '"
                                + source + "')");
                assertThat(batch).as("open/concluded cases of %s", source).isEqualTo(independent);
            }
            // the median resolution of the SF cases concluded in June 2015, in Rome working days
            String independentMedian = lifecycle + ", r AS (SELECT b.working_day_index - a.working_day_index AS wd"
                    + " FROM e JOIN ref.calendar a ON a.calendar_date = date(e.opened AT TIME ZONE 'Europe/Rome')"
                    + " JOIN ref.calendar b ON b.calendar_date = date(e.concluded AT TIME ZONE 'Europe/Rome')"
                    + " WHERE e.source_system = 'sf311' AND date(e.concluded AT TIME ZONE 'Europe/Rome') BETWEEN DATE '2015-06-01' AND DATE '2015-06-30'),"
                    + " n AS (SELECT wd, row_number() OVER (ORDER BY wd) AS rn, count(*) OVER () AS total FROM r)"
                    + " SELECT concat(cast(max(total) AS varchar), ' cases, median ', cast(avg(wd) AS varchar))"
                    + " FROM n WHERE rn IN ((total + 1) / 2, (total + 2) / 2)";
            String expected = queryString(c, independentMedian);
            // all SF cases of the month are in one channel-free row per service: sum them, then compare the city-wide
            // row
            String batchMedian = queryString(
                    c,
                    "SELECT concat(cast(concluded AS varchar), ' cases, median ',"
                            + " cast(median_resolution_working_days AS varchar)) FROM (SELECT sum(concluded) AS concluded,"
                            + " max(median_resolution_working_days) AS median_resolution_working_days FROM mart.sla_period"
                            + " WHERE grain = 'month' AND period_start = DATE '2015-06-01' AND service_code IS NULL AND municipio IS NULL"
                            + " AND channel IS NULL)");
            assertThat(expected).matches("\\d{2,} cases, median .*");
            assertThat(batchMedian).isEqualTo(expected);
        }
    }

    // --- helpers -------------------------------------------------------------------------

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static Set<String> fiscalCodes(Path jsonl) throws IOException {
        Set<String> codes = new LinkedHashSet<>();
        for (String line : Files.readAllLines(jsonl)) {
            Matcher m = FISCAL_CODE_FIELD.matcher(line);
            while (m.find()) {
                codes.add(m.group(1));
            }
        }
        return codes;
    }

    static void createTopic(String topic) throws Exception {
        Properties p = new Properties();
        p.putAll(KafkaClientProperties.of(client, KafkaClientProperties.Kind.ADMIN));
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, client.get(CivicConfig.KAFKA_BOOTSTRAP));
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
