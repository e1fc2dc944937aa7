package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.civicinsights.cli.stack.FlinkJobManager;
import org.civicinsights.cli.stack.FlinkRest;
import org.civicinsights.cli.stack.FlinkSessionIngest;
import org.civicinsights.cli.stack.IngestLag;
import org.civicinsights.cli.stack.StackManager;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.io.FileTrees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster topology on real processes (`civic stack up --cluster`): the ingest job submitted to
 * a Flink session cluster (a JobManager and two TaskManagers, each its own JVM), the lake on the
 * S3-compatible object store. Generated events, malformed and re-sent ones included, land exactly
 * once, every data file is on the object store; a TaskManager killed with SIGKILL while events are
 * pending loses and duplicates nothing; `stack down` leaves no process and the next `stack up`
 * resumes from the retained checkpoint. The tests run in order on one stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTopologyIT {
    private static final Pattern PRODUCED = Pattern.compile(
            "produced ([\\d,]+) records .*: ([\\d,]+) valid events, ([\\d,]+) duplicates, ([\\d,]+) malformed");
    private static final ObjectMapper JSON = new ObjectMapper();

    static TestStack stack;
    static CivicConfig client;
    static String topic;
    /** What every generation of this class produced so far: the lake must hold exactly this. */
    static Generated expected = new Generated(0, 0, 0, 0);

    record Generated(long total, long valid, long duplicates, long malformed) {
        Generated plus(Generated g) {
            return new Generated(total + g.total, valid + g.valid, duplicates + g.duplicates, malformed + g.malformed);
        }
    }

    @BeforeAll
    static void startClusterStack() throws Exception {
        // a city's estate is secured: flink run and spark-submit jobs log in to Kafka and the catalog
        stack = TestStack.start(
                "civic-it-cluster",
                true,
                Map.of("ingest.checkpoint-interval-ms", "2000", "stack.security", "on"),
                true);
        client = stack.client;
        topic = client.get(CivicConfig.KAFKA_TOPIC);
    }

    @AfterAll
    static void stopStackAndCheckNothingLeaks() throws Exception {
        if (stack != null) {
            stack.stop();
            assertThat(stack.processes())
                    .as("processes of the stack still running after `civic stack down`")
                    .isEmpty();
            // the Flink processes' working directories hold a copy of the job jar each (~200 MB);
            // the logs stay for a look after a failure
            FileTrees.delete(stack.dataDir.resolve("flink/tmp"));
        }
    }

    @Test
    @Order(1)
    void statusShowsTheSessionClusterRunningTheJobAndSecretsStayPrivate() throws Exception {
        JsonNode status = JSON.readTree(stack.cliOutput("stack", "status", "--format", "json"));
        assertThat(status.path("topology").asText()).isEqualTo("cluster");
        List<String> names = new ArrayList<>();
        status.path("services").forEach(s -> {
            names.add(s.path("name").asText());
            assertThat(s.path("state").asText()).as(s.toString()).isEqualTo("healthy");
        });
        assertThat(names)
                .containsSubsequence(
                        "kafka",
                        "s3",
                        "catalog",
                        "trino",
                        "flink-jm",
                        "flink-tm-1",
                        "flink-tm-2",
                        "spark-master",
                        "spark-worker",
                        "ingest",
                        "collector",
                        "scheduler");
        JsonNode jm = service(status, "flink-jm");
        assertThat(jm.path("taskmanagers").asInt()).isEqualTo(2);
        assertThat(jm.path("running_jobs").asInt()).isEqualTo(1);
        assertThat(jm.path("pid").isNumber()).isTrue();
        assertThat(service(status, "s3").path("url").asText()).startsWith("http://127.0.0.1:");
        assertThat(service(status, "ingest").path("job_state").asText()).isEqualTo("RUNNING");
        assertThat(client.get("flink.jobmanager")).isEqualTo("127.0.0.1:" + client.get("stack.flink-rest-port"));
        assertThat(client.get("catalog.warehouse")).isEqualTo("s3://civic-lake/warehouse");

        // the object store's key pair: generated into secrets/ and civic.properties, both 0600, in no log
        String secret = client.get("catalog.s3.secret-access-key");
        for (Path f :
                List.of(stack.dataDir.resolve("secrets/s3.properties"), stack.dataDir.resolve("civic.properties"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .as(f.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(stack.dataDir.resolve("trino/etc/catalog/lake.properties")))
                .contains("fs.native-s3.enabled=true", "${ENV:")
                .doesNotContain(secret);
        try (Stream<Path> logs = Files.list(stack.dataDir.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(2)
    void generatedEventsLandOnceInTheLakeOnTheObjectStore() throws Exception {
        expected = expected.plus(generate(20_000, 31));
        LakeAccounting landed = awaitLake(a -> a.total() >= expected.total(), Duration.ofMinutes(4));
        assertThat(landed).isEqualTo(new LakeAccounting(expected.valid(), expected.malformed(), expected.duplicates()));
        assertThat(landed.total()).isEqualTo(expected.total()).isEqualTo(topicRecords());

        try (Connection c = TrinoConnections.open(client)) {
            for (String table : List.of("interactions", "rejected_events", "duplicate_events")) {
                String files = "\"raw\".\"" + table + "$files\"";
                assertThat(TestStack.queryLong(c, "SELECT count(*) FROM " + files))
                        .as(table)
                        .isPositive();
                assertThat(TestStack.queryLong(
                                c, "SELECT count(*) FROM " + files + " WHERE file_path NOT LIKE 's3://civic-lake/%'"))
                        .as("data files of raw.%s outside the object store", table)
                        .isZero();
            }
        }
        // and they are the object store's files (its filesystem backend keeps one file per object),
        // nothing is in the embedded topology's warehouse folder
        try (Stream<Path> s3 = Files.walk(stack.dataDir.resolve("s3/civic-lake/warehouse/raw"))) {
            assertThat(s3.filter(p -> p.toString().contains("/interactions-")
                                    && p.toString().endsWith(".parquet"))
                            .count())
                    .isPositive();
        }
        assertThat(stack.dataDir.resolve("warehouse")).doesNotExist();
    }

    @Test
    @Order(3)
    void aTaskManagerKilledWhileEventsArePendingLosesAndDuplicatesNothing() throws Exception {
        StackManager manager = stack.manager();
        FlinkJobManager jm = manager.flinkJobManager().orElseThrow();
        FlinkSessionIngest ingest = (FlinkSessionIngest) manager.ingest();
        String jobId = ingest.current().orElseThrow().id();
        FlinkRest.JobDetail job = jm.rest().job(jobId).orElseThrow();
        Set<String> busy = new HashSet<>();
        for (String vertex : job.vertexIds()) {
            busy.addAll(jm.rest().taskManagersOf(jobId, vertex).orElseThrow());
        }
        // one slot on each TaskManager (taskmanager.load-balance.mode SLOTS): both run tasks of the job
        assertThat(busy).containsExactlyInAnyOrder("flink-tm-1", "flink-tm-2");
        String victim = "flink-tm-2";
        long victimPid = manager.service(victim).pid().orElseThrow();

        long before = topicRecords();
        CompletableFuture<Generated> sending = CompletableFuture.supplyAsync(() -> generate(60_000, 32));
        // kill while records keep arriving and the job has not committed what arrived so far
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (topicRecords() < before + 15_000) {
            assertThat(System.nanoTime()).as("waiting for the generator").isLessThan(deadline);
            Thread.sleep(100);
        }
        IngestLag lagAtKill = ingestLag();
        LakeAccounting lakeAtKill = lake();
        ProcessHandle tm = ProcessHandle.of(victimPid).orElseThrow();
        assertThat(tm.destroyForcibly()).isTrue();
        tm.onExit().get();
        System.out.printf(
                "killed %s (pid %d) with %,d records not yet committed by the job; lake had %,d of %,d%n",
                victim, victimPid, lagAtKill.lag(), lakeAtKill.total(), lagAtKill.endOffsets());
        assertThat(lagAtKill.lag())
                .as("records pending when the TaskManager was killed")
                .isPositive();

        expected = expected.plus(sending.get());
        long t0 = System.nanoTime();
        LakeAccounting landed = awaitLake(a -> a.total() >= expected.total(), Duration.ofMinutes(6));
        System.out.printf("the lake was complete again %.1f s after the kill%n", (System.nanoTime() - t0) / 1e9);
        assertThat(landed).isEqualTo(new LakeAccounting(expected.valid(), expected.malformed(), expected.duplicates()));
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(TestStack.queryLong(c, "SELECT count(*) - count(DISTINCT event_id) FROM raw.interactions"))
                    .as("event ids stored twice")
                    .isZero();
            assertThat(TestStack.queryLong(c, "SELECT count(DISTINCT event_id) FROM raw.interactions"))
                    .as("distinct event ids, every valid event generated")
                    .isEqualTo(expected.valid());
        }
        // the surviving TaskManager's two slots run the whole job; `stack up` brings the lost one back
        assertThat(ingest.healthy()).isTrue();
        assertThat(manager.service(victim).alive()).isFalse();
        assertThat(stack.cli("stack", "up")).isZero();
        JsonNode status = JSON.readTree(stack.cliOutput("stack", "status", "--format", "json"));
        assertThat(service(status, "flink-jm").path("taskmanagers").asInt()).isEqualTo(2);
        assertThat(service(status, victim).path("state").asText()).isEqualTo("healthy");
    }

    /** Every table the daily batch (`all`) writes: its row count must not depend on where Spark ran. */
    private static final List<String> BATCH_TABLES = List.of(
            "core.cases",
            "mart.case_sla",
            "mart.sla_period",
            "mart.contact_volume",
            "mart.contact_resolution",
            "mart.contact_languages",
            "mart.self_service_deflection",
            "mart.satisfaction_week",
            "mart.feedback_themes",
            "core.citizen_profile",
            "activation.segment_membership",
            "activation.segment_runs",
            "mart.citizen_cluster",
            "mart.cluster_summary");

    @Test
    @Order(4)
    void theDailyBatchThroughSparkSubmitOnTheStandaloneClusterAgreesWithTrino() throws Exception {
        String today = LocalDate.now(RomeTime.ZONE).toString();
        JsonNode before = JSON.readTree(stack.cliOutput("stack", "status", "--format", "json"));
        JsonNode masterBefore = service(before, "spark-master");
        assertThat(masterBefore.path("workers").asInt()).isEqualTo(1);
        int completedBefore = masterBefore.path("completed_apps").asInt();

        // the cluster stack's civic.properties names the standalone Master: no --master needed. What
        // local mode computes is checked against independent Trino queries by WalkingSkeletonIT; the
        // same checks here show the spark-submitted jar computes the same (a local-mode run to compare
        // with cost CI over a minute)
        String cluster = stack.cliOutput("batch", "run", "all", "--date", today);
        assertThat(cluster).contains("spark-submit to " + client.get("spark.master"));
        Map<String, Long> counts = tableCounts(BATCH_TABLES);
        assertThat(counts.get("core.cases")).isPositive();
        assertThat(counts.get("core.citizen_profile")).isPositive();
        try (Connection c = TrinoConnections.open(client, TrinoRole.ENGINEER)) {
            WalkingSkeletonIT.profilesAndSegmentsAgreeWithTrino(c, LocalDate.parse(today));
            WalkingSkeletonIT.clustersCoverTheActiveCitizens(c, LocalDate.parse(today));
        }
        // and the cluster's run did write them: a standalone application's id, not local mode's
        assertThat(lastWriterOf("core", "citizen_profile"))
                .as("Spark application of the last write")
                .startsWith("app-");

        JsonNode after = JSON.readTree(stack.cliOutput("stack", "status", "--format", "json"));
        assertThat(service(after, "spark-master").path("completed_apps").asInt())
                .as("applications the Master saw finish")
                .isGreaterThan(completedBefore);
        // the executors ran in the Worker: each application left its folder in the Worker's work dir
        try (Stream<Path> apps = Files.list(stack.dataDir.resolve("spark/work"))) {
            assertThat(apps.filter(p -> p.getFileName().toString().startsWith("app-")))
                    .isNotEmpty();
        }
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(
                            TestStack.queryLong(
                                    c,
                                    "SELECT count(*) FROM \"core\".\"cases$files\" WHERE file_path NOT LIKE 's3://civic-lake/%'"))
                    .as("data files of core.cases outside the object store")
                    .isZero();
        }

        // the outreach run through spark-submit too: one complete export per campaign it exported
        String outreach = stack.cliOutput("outreach", "run", "--date", today);
        assertThat(outreach).contains("spark-submit to ", "outreach run " + today + "-r1");
        List<Path> manifests;
        try (Stream<Path> s = Files.find(stack.dataDir.resolve("outbox"), 3, (p, a) -> p.endsWith("manifest.json"))) {
            manifests = s.toList();
        }
        try (Connection c = TrinoConnections.open(client)) {
            assertThat((long) manifests.size())
                    .isPositive()
                    .isEqualTo(TestStack.queryLong(
                            c,
                            "SELECT count(*) FROM reporting.outreach_runs WHERE run_id = '" + today
                                    + "-r1' AND status = 'exported'"));
        }
        for (Path manifest : manifests) {
            JsonNode m = JSON.readTree(manifest.toFile());
            for (JsonNode f : m.path("files")) {
                assertThat(manifest.resolveSibling(f.path("name").asText())).exists();
            }
        }
    }

    /** The Spark application id Iceberg recorded in the table's newest snapshot. */
    private static String lastWriterOf(String schema, String table) throws Exception {
        try (Connection c = TrinoConnections.open(client);
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT summary['spark.app.id'] FROM \"" + schema + "\".\"" + table
                        + "$snapshots\" ORDER BY committed_at DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            return String.valueOf(rs.getString(1));
        }
    }

    private static Map<String, Long> tableCounts(List<String> tables) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = TrinoConnections.open(client)) {
            for (String t : tables) {
                counts.put(t, TestStack.queryLong(c, "SELECT count(*) FROM " + t));
            }
        }
        return counts;
    }

    @Test
    @Order(5)
    void downStopsEveryProcessAndUpResumesFromTheRetainedCheckpoint() throws Exception {
        stack.stop();
        assertThat(stack.processes())
                .as("processes left after `civic stack down`")
                .isEmpty();
        Path checkpoints = stack.dataDir.resolve("flink/checkpoints");
        try (Stream<Path> s = Files.find(checkpoints, 3, (p, a) -> p.endsWith("_metadata"))) {
            assertThat(s.count())
                    .as("retained checkpoints after cancelling the job")
                    .isPositive();
        }
        Path ingestLog = stack.dataDir.resolve("logs/ingest.log");
        long logStart = Files.size(ingestLog);

        assertThat(stack.cli("stack", "up"))
                .as("civic stack up (the topology from civic.properties)")
                .isZero();
        assertThat(Files.readString(ingestLog).substring((int) logStart))
                .contains("resuming from retained checkpoint " + checkpoints);
        expected = expected.plus(generate(5_000, 33));
        LakeAccounting landed = awaitLake(a -> a.total() >= expected.total(), Duration.ofMinutes(4));
        assertThat(landed).isEqualTo(new LakeAccounting(expected.valid(), expected.malformed(), expected.duplicates()));
        try (Connection c = TrinoConnections.open(client)) {
            assertThat(TestStack.queryLong(c, "SELECT count(*) - count(DISTINCT event_id) FROM raw.interactions"))
                    .isZero();
        }
    }

    // --- helpers -------------------------------------------------------------------------

    /** `civic generate` with more malformed and re-sent records than the default, and what it produced. */
    static Generated generate(long events, long seed) {
        String out = stack.cliOutput(
                "generate",
                "--events",
                String.valueOf(events),
                "--seed",
                String.valueOf(seed),
                "--citizens",
                "3000",
                "--days",
                "5",
                "--start-date",
                LocalDate.now().minusDays(5).toString(),
                "--malformed-share",
                "0.02",
                "--duplicate-share",
                "0.02");
        Matcher m = PRODUCED.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        Generated g = new Generated(number(m.group(1)), number(m.group(2)), number(m.group(3)), number(m.group(4)));
        assertThat(g.malformed()).isPositive();
        assertThat(g.duplicates()).isPositive();
        return g;
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    static JsonNode service(JsonNode status, String name) {
        for (JsonNode s : status.path("services")) {
            if (s.path("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no service " + name + " in " + status);
    }

    static LakeAccounting lake() throws Exception {
        try (Connection c = TrinoConnections.open(client)) {
            return LakeAccounting.of(c, topic);
        }
    }

    static LakeAccounting awaitLake(Predicate<LakeAccounting> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        LakeAccounting now = lake();
        while (!done.test(now)) {
            assertThat(System.nanoTime())
                    .as("waiting for the lake; it has %s of %s", now, expected)
                    .isLessThan(deadline);
            Thread.sleep(2000);
            now = lake();
        }
        return now;
    }

    static Admin admin() {
        return stack.manager().kafka().admin();
    }

    static long topicRecords() throws Exception {
        try (Admin admin = admin()) {
            return IngestLag.topicRecords(admin, topic);
        }
    }

    static IngestLag ingestLag() throws Exception {
        try (Admin admin = admin()) {
            return IngestLag.of(admin, topic, "civic-ingest");
        }
    }
}
