package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.civicinsights.cli.airflow.AirflowInstall;
import org.civicinsights.cli.stack.StackService;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.common.calendar.RomeTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The DAGs of orchestration/airflow on a real Apache Airflow (installed from PyPI into the cache,
 * pinned), against a real local stack: they import, the daily DAG's graph is the registry's, `airflow
 * dags test` runs the daily batch for one date, a backfill through Airflow's scheduler retries the
 * middle day's job that failed, and the lake then equals what `civic batch run all --from --to` gives;
 * the outreach DAG does not export a date whose segments did not succeed.
 *
 * <p>Every task runs the real civic CLI and a Spark JVM (about 25 s each on 2 cores); to keep the runs
 * few, the backfill covers two dates, and the first is the one `dags test` ran, which the backfill
 * (reprocess failed) leaves alone: 8 + 9 task runs. That one backfilled run of every daily job is
 * enough for what is ours (the retry, what the lake records, upstream first); that the scheduler runs
 * a backfill's dates one after the other with --max-active-runs 1 is Airflow's to test. The tests run
 * in order on one stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AirflowDagsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAILY = "civic_daily_batch";

    static TestStack stack;
    static LocalAirflow airflow;
    /** The registry's jobs, by name, in registry order. */
    static Map<String, JsonNode> jobs;
    /** Every civic call of the DAGs' tasks, one line each ("batch run sla --date ..."). */
    static Path calls;

    static Path home;
    // events from D0, the batch dates D1 and D2: well past, so their data intervals have ended
    static final LocalDate D1 = LocalDate.now(RomeTime.ZONE).minusDays(5);
    static final LocalDate D0 = D1.minusDays(1);
    static final LocalDate D2 = D1.plusDays(1);

    @BeforeAll
    static void startStackAndAirflow() throws Exception {
        home = Path.of(System.getProperty("civic.home", ".")).toAbsolutePath().normalize();
        long t0 = System.nanoTime();
        // pip's install (first time only) and the stack's start-up overlap
        CompletableFuture<AirflowInstall> install = CompletableFuture.supplyAsync(() -> {
            try {
                AirflowInstall a = AirflowInstall.forThisMachine(
                        new CivicContext().layout().cacheDir(), System.getenv(), System.out::println);
                a.ensure();
                return a;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the lake changes only through Airflow and the test: the built-in scheduler stays idle.
        // Security off: this IT and ContinuousIngestIT keep the open mode tested (the default is on)
        stack = TestStack.start(
                "civic-it-airflow",
                false,
                Map.of("schedule.batch", "off", "schedule.maintain", "off", "stack.security", "off"));
        assertThat(stack.cli(
                        "generate",
                        "--events",
                        "3000",
                        "--days",
                        "4",
                        "--citizens",
                        "500",
                        "--seed",
                        "16",
                        "--start-date",
                        D0.toString()))
                .isZero();
        stack.cliOutput("ingest");
        Path dags = dagsFolder();
        // the registry as the batch job jar declares it (the DAG reads the copy committed beside it)
        jobs = new LinkedHashMap<>();
        JSON.readTree(stack.cliOutput("batch", "list", "--format", "json"))
                .path("jobs")
                .forEach(j -> jobs.put(j.path("name").asText(), j));

        Path airflowHome = stack.dataDir.resolve("airflow");
        Files.createDirectories(airflowHome);
        calls = airflowHome.resolve("civic-calls.txt");
        Path civicBin = writeCivicBin(airflowHome, D2);
        airflow = new LocalAirflow(
                install.join(),
                airflowHome,
                dags,
                Map.of(
                        "CIVIC_BIN", civicBin.toString(),
                        "CIVIC_DATA_DIR", stack.dataDir.toString(),
                        "CIVIC_AIRFLOW_START_DATE", D1.toString(),
                        "CIVIC_AIRFLOW_RETRY_DELAY_SECONDS", "2",
                        // two Spark JVMs at once where the graph allows it: a backfilled date takes
                        // four rounds of tasks instead of eight (dags test runs one task at a time)
                        "CIVIC_AIRFLOW_MAX_ACTIVE_TASKS", "2"));
        assertThat(airflow.airflow(Duration.ofMinutes(2), "db", "migrate")).isZero();
        System.out.printf("stack, data and Airflow ready in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The CIVIC_BIN the tasks run: this build's civic CLI, logging each call. The first run of
     * segments for {@code failOn} gets a segment definitions folder that does not exist, so the
     * real job fails once (a folder created atomically remembers that it did).
     */
    static Path writeCivicBin(Path dir, LocalDate failOn) throws Exception {
        Path bin = dir.resolve("civic-test-bin");
        String script = String.join(
                "\n",
                "#!/usr/bin/env bash",
                "set -euo pipefail",
                "args=(\"$@\")",
                "if [[ \" $* \" == *\" batch run segments --date " + failOn + " \"* ]] && mkdir '"
                        + dir.resolve("failed-once") + "' 2>/dev/null; then",
                "  args+=(--segments-dir /nonexistent)",
                "fi",
                "printf '%s\\n' \"${args[*]}\" >> '" + calls + "'",
                "exec '" + StackService.javaBinary() + "' -Dcivic.home='" + home + "' -jar '"
                        + home.resolve("civic-cli/target/civic-cli.jar") + "' \"${args[@]}\"",
                "");
        Files.writeString(bin, script);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
        return bin;
    }

    @AfterAll
    static void stopAll() {
        if (airflow != null) {
            airflow.close();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void everyDagImportsWithoutCycleAndTheDailyGraphIsTheRegistrys() throws Exception {
        Path report = airflow.home.resolve("dag-report.json");
        assertThat(airflow.python(
                        "airflow/dag_report.py",
                        Duration.ofMinutes(1),
                        dagsFolder().toString(),
                        report.toString()))
                .isZero();
        JsonNode r = JSON.readTree(report.toFile());
        assertThat(r.path("import_errors").size())
                .as("import errors: %s", r.path("import_errors"))
                .isZero();
        JsonNode dags = r.path("dags");
        assertThat(fieldNames(dags))
                .containsExactlyInAnyOrder(DAILY, "civic_maintenance", "civic_outreach", "civic_retention");
        for (String id : fieldNames(dags)) {
            JsonNode dag = dags.path(id);
            assertThat(dag.path("timezone").asText()).as(id).isEqualTo("Europe/Rome");
            assertThat(dag.path("max_active_runs").asInt()).as(id).isEqualTo(1);
            dag.path("tasks").forEach(t -> {
                assertThat(t.path("operator").asText()).isEqualTo("BashOperator");
                assertThat(t.path("execution_timeout").asDouble())
                        .as(id + " " + t)
                        .isPositive();
                assertThat(t.path("retries").asInt()).as(id + " " + t).isPositive();
                assertThat(t.path("retry_delay").asDouble()).as(id + " " + t).isPositive();
                assertThat(t.path("command").asText()).startsWith("\"${CIVIC_BIN:-civic}\" ");
            });
        }

        JsonNode daily = dags.path(DAILY);
        assertThat(daily.path("catchup").asBoolean()).isTrue();
        assertThat(daily.path("cron").asText()).isEqualTo("0 3 * * *");
        assertThat(daily.path("max_active_tasks").asInt())
                .as("CIVIC_AIRFLOW_MAX_ACTIVE_TASKS")
                .isEqualTo(2);
        Map<String, List<String>> graph = new TreeMap<>();
        daily.path("tasks").fields().forEachRemaining(e -> {
            graph.put(e.getKey(), strings(e.getValue().path("upstream")));
            assertThat(e.getValue().path("command").asText())
                    .isEqualTo("\"${CIVIC_BIN:-civic}\" batch run " + e.getKey()
                            + " --date {{ ds }} --triggered-by airflow");
            assertThat(e.getValue().path("depends_on_past").asBoolean()).isTrue();
        });
        Map<String, List<String>> registry = new TreeMap<>();
        jobs.values().stream()
                .filter(j -> j.path("kind").asText().equals("daily"))
                .forEach(j -> registry.put(
                        j.path("name").asText(),
                        strings(j.path("needs")).stream().sorted().toList()));
        assertThat(graph).isEqualTo(registry);
        assertThat(registry).containsKeys("cases", "sla", "profile", "segments", "clusters");

        assertThat(dags.path("civic_outreach")
                        .path("tasks")
                        .path("outreach")
                        .path("command")
                        .asText())
                .isEqualTo("\"${CIVIC_BIN:-civic}\" outreach run --date {{ ds }} --triggered-by airflow");
        assertThat(dags.path("civic_maintenance")
                        .path("tasks")
                        .path("maintain")
                        .path("command")
                        .asText())
                .isEqualTo("\"${CIVIC_BIN:-civic}\" maintain --no-retention");
        // retention once a day, apart from the hourly maintenance (parsed above with every DAG: no run here)
        JsonNode retention = dags.path("civic_retention");
        assertThat(retention.path("cron").asText()).isEqualTo("30 5 * * *");
        assertThat(retention.path("catchup").asBoolean()).isFalse();
        assertThat(retention.path("tasks").path("maintain").path("command").asText())
                .isEqualTo("\"${CIVIC_BIN:-civic}\" maintain --triggered-by airflow");

        // the check has teeth: a registry whose needs make a cycle gives an import error, not a DAG
        Path cyclic = airflow.home.resolve("cyclic-dags");
        Files.createDirectories(cyclic);
        for (String f : List.of("civic_common.py", "civic_daily_batch.py", ".airflowignore")) {
            Files.copy(dagsFolder().resolve(f), cyclic.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        ObjectNode cyclicJobs = (ObjectNode)
                JSON.readTree(dagsFolder().resolve("civic_jobs.json").toFile());
        cyclicJobs.path("jobs").forEach(j -> {
            if (j.path("name").asText().equals("cases")) {
                ((ObjectNode) j).putArray("needs").add("profile"); // profile needs sla, which needs cases
            }
        });
        JSON.writeValue(cyclic.resolve("civic_jobs.json").toFile(), cyclicJobs);
        Path cyclicReport = airflow.home.resolve("cyclic-report.json");
        assertThat(airflow.python(
                        "airflow/dag_report.py", Duration.ofMinutes(1), cyclic.toString(), cyclicReport.toString()))
                .isZero();
        JsonNode c = JSON.readTree(cyclicReport.toFile());
        assertThat(c.path("dags").size()).isZero();
        assertThat(c.path("import_errors").path("civic_daily_batch.py").asText())
                .contains("Cycle detected");
    }

    static Path dagsFolder() {
        return home.resolve("orchestration/airflow/dags");
    }

    @Test
    @Order(2)
    void dagsTestRunsTheDailyBatchForOneDateOnTheLocalStack() throws Exception {
        long t0 = System.nanoTime();
        assertThat(airflow.airflow(Duration.ofMinutes(10), "dags", "test", DAILY, logicalDate(D1)))
                .as("airflow dags test %s %s; see %s", DAILY, D1, airflow.log("airflow-dags"))
                .isZero();
        System.out.printf("airflow dags test %s %s: %.0f s%n", DAILY, D1, (System.nanoTime() - t0) / 1e9);

        List<String> ran = callsFor(D1);
        assertThat(ran).containsExactlyInAnyOrderElementsOf(dailyJobs());
        assertUpstreamFirst(ran);
        try (Connection c = TrinoConnections.open(stack.client)) {
            for (String job : dailyJobs()) {
                assertThat(TestStack.queryLong(
                                c,
                                "SELECT count(*) FROM meta.data_quality WHERE job = '" + job + "' AND run_date = DATE '"
                                        + D1 + "'"))
                        .as("data-quality rows of %s for %s", job, D1)
                        .isPositive();
                for (String table : strings(jobs.get(job).path("outputs"))) {
                    assertThat(TestStack.queryLong(c, "SELECT count(*) FROM " + table))
                            .as("rows of %s (job %s)", table, job)
                            .isPositive();
                }
            }
        }
        Map<String, List<String>> expected = new TreeMap<>();
        dailyJobs().forEach(j -> expected.put(D1 + " " + j, List.of("1 ok airflow")));
        assertThat(jobRuns()).isEqualTo(expected);
    }

    @Test
    @Order(3)
    void aBackfillThroughTheSchedulerRetriesTheMiddleDaysFailedJob() throws Exception {
        long t0 = System.nanoTime();
        airflow.startServices(Duration.ofMinutes(2));
        // a paused DAG's runs are not scheduled; use_job_schedule off keeps scheduled runs from starting
        assertThat(airflow.airflow(Duration.ofMinutes(1), "dags", "unpause", DAILY))
                .isZero();
        assertThat(airflow.airflow(
                        Duration.ofMinutes(1),
                        "backfill",
                        "create",
                        "--dag-id",
                        DAILY,
                        "--from-date",
                        logicalDate(D1),
                        "--to-date",
                        logicalDate(D2),
                        // the tasks depend on their past: only missing or failed dates run, D1 is done
                        "--reprocess-behavior",
                        "failed",
                        "--max-active-runs",
                        "1"))
                .isZero();
        JsonNode state = airflow.state();
        long deadline = System.nanoTime() + Duration.ofMinutes(12).toNanos();
        while (state.path("backfills").path(0).path("completed_at").isNull()) {
            assertThat(System.nanoTime())
                    .as("backfill not done within 12 minutes")
                    .isLessThan(deadline);
            Thread.sleep(5_000);
            state = airflow.state();
        }
        System.out.printf("backfill of %s..%s through the scheduler: %.0f s%n", D1, D2, (System.nanoTime() - t0) / 1e9);

        Map<LocalDate, JsonNode> backfilled = new TreeMap<>();
        for (JsonNode b : state.path("backfill_dag_runs")) {
            backfilled.put(romeDate(b.path("logical_date").asText()), b);
        }
        assertThat(backfilled.keySet()).containsExactly(D1, D2);
        assertThat(backfilled.get(D1).path("exception_reason").asText()).isEqualTo("already exists");
        Map<LocalDate, String> runs = new TreeMap<>();
        for (JsonNode run : state.path("dag_runs")) {
            if (run.path("run_type").asText().equals("backfill")) {
                runs.put(
                        romeDate(run.path("logical_date").asText()),
                        run.path("run_id").asText());
                assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("success");
            }
        }
        assertThat(runs.keySet()).containsExactly(D2);

        Map<String, Integer> tries = new TreeMap<>();
        for (JsonNode ti : state.path("task_instances")) {
            String run = ti.path("run_id").asText();
            if (runs.containsValue(run)) {
                assertThat(ti.path("state").asText()).as(ti.toString()).isEqualTo("success");
                tries.put(
                        dateOfRun(runs, run) + " " + ti.path("task_id").asText(),
                        ti.path("try_number").asInt());
            }
        }
        Map<String, Integer> expected = new TreeMap<>();
        dailyJobs().forEach(j -> expected.put(D2 + " " + j, 1));
        expected.put(D2 + " segments", 2);
        assertThat(tries).isEqualTo(expected);
        assertThat(state.path("earlier_tries")).hasSize(1);
        JsonNode failed = state.path("earlier_tries").path(0);
        assertThat(List.of(
                        failed.path("run_id").asText(),
                        failed.path("task_id").asText(),
                        failed.path("state").asText()))
                .containsExactly(runs.get(D2), "segments", "failed");

        // the real job failed on its first run and succeeded on the retry
        List<String> all = Files.readAllLines(calls);
        List<String> segmentsD2 = all.stream()
                .filter(l -> l.startsWith("batch run segments --date " + D2))
                .toList();
        assertThat(segmentsD2)
                .containsExactly(
                        "batch run segments --date " + D2 + " --triggered-by airflow --segments-dir /nonexistent",
                        "batch run segments --date " + D2 + " --triggered-by airflow");
        assertThat(callsFor(D1))
                .as("D1, done by dags test, is not run again")
                .hasSize(dailyJobs().size());
        assertThat(callsFor(D2)).hasSize(dailyJobs().size() + 1);
        assertUpstreamFirst(callsFor(D2));

        // what the lake recorded: one ok run of every job and date, but segments on D2 failed first
        Map<String, List<String>> recorded = new TreeMap<>();
        for (LocalDate d : List.of(D1, D2)) {
            dailyJobs().forEach(j -> recorded.put(d + " " + j, List.of("1 ok airflow")));
        }
        recorded.put(D2 + " segments", List.of("1 failed airflow", "2 ok airflow"));
        assertThat(jobRuns()).isEqualTo(recorded);
        try (Connection c = TrinoConnections.open(stack.client)) {
            assertThat(queryString(
                            c,
                            "SELECT message FROM meta.job_runs WHERE job = 'segments' AND status = 'failed' AND run_date = DATE '"
                                    + D2 + "'"))
                    .contains("/nonexistent");
        }
    }

    /** meta.job_runs: "<date> <job>" -> its attempts in order, "<attempt> <status> <triggered_by>". */
    static Map<String, List<String>> jobRuns() throws SQLException {
        Map<String, List<String>> runs = new TreeMap<>();
        try (Connection c = TrinoConnections.open(stack.client);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT run_date, job, attempt, status, triggered_by FROM meta.job_runs"
                        + " ORDER BY run_date, job, attempt")) {
            while (rs.next()) {
                runs.computeIfAbsent(rs.getString(1) + " " + rs.getString(2), k -> new ArrayList<>())
                        .add(rs.getInt(3) + " " + rs.getString(4) + " " + rs.getString(5));
            }
        }
        return runs;
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    @Order(4)
    void theLakeEqualsWhatTheCliGivesForTheSameDates() throws Exception {
        airflow.close(); // nothing of Airflow's runs from here on
        List<String> tables = new ArrayList<>();
        dailyJobs().forEach(j -> tables.addAll(strings(jobs.get(j).path("outputs"))));
        tables.add("meta.data_quality"); // every job's figures and checks, replaced per job and date
        Map<String, List<String>> byAirflow = new LinkedHashMap<>();
        try (Connection c = TrinoConnections.open(stack.client);
                Statement s = c.createStatement()) {
            for (String t : tables) {
                byAirflow.put(t, rows(c, t));
                s.execute("DROP TABLE " + t);
            }
        }
        long t0 = System.nanoTime();
        stack.cliOutput("batch", "run", "all", "--from", D1.toString(), "--to", D2.toString());
        System.out.printf("civic batch run all --from %s --to %s: %.0f s%n", D1, D2, (System.nanoTime() - t0) / 1e9);
        try (Connection c = TrinoConnections.open(stack.client)) {
            for (String t : tables) {
                List<String> byCli = rows(c, t);
                assertThat(byCli).as("rows of %s", t).isNotEmpty();
                assertThat(byAirflow.get(t))
                        .as("rows of %s: Airflow's two days against the CLI's", t)
                        .isEqualTo(byCli);
            }
        }
    }

    @Test
    @Order(5)
    void theOutreachDagDoesNotExportADateWhoseSegmentsDidNotSucceed() throws Exception {
        // the day after the backfilled ones: no batch ran for it
        LocalDate d4 = D2.plusDays(1);
        String logical =
                d4.atTime(5, 0).atZone(RomeTime.ZONE).toOffsetDateTime().toString();
        assertThat(airflow.airflow(
                        Map.of("CIVIC_AIRFLOW_RETRIES", "0"),
                        Duration.ofMinutes(5),
                        "dags",
                        "test",
                        "civic_outreach",
                        logical))
                .as("the outreach task must fail: segments has no ok run for %s", d4)
                .isNotZero();
        assertThat(Files.readAllLines(calls)).contains("outreach run --date " + d4 + " --triggered-by airflow");
        assertThat(jobRuns()).containsEntry(d4 + " outreach", List.of("1 skipped airflow"));
        try (Connection c = TrinoConnections.open(stack.client)) {
            assertThat(queryString(
                            c,
                            "SELECT message FROM meta.job_runs WHERE job = 'outreach' AND run_date = DATE '" + d4
                                    + "'"))
                    .contains("segments");
            assertThat(TestStack.queryLong(
                            c, "SELECT count(*) FROM activation.outreach_runs WHERE run_date = DATE '" + d4 + "'"))
                    .as("outreach runs (exports) for %s", d4)
                    .isZero();
        }
    }

    /** The daily jobs of the registry, in registry order. */
    static List<String> dailyJobs() {
        return jobs.values().stream()
                .filter(j -> j.path("kind").asText().equals("daily"))
                .map(j -> j.path("name").asText())
                .toList();
    }

    /** The jobs the tasks ran for {@code date}, in the order they started (a retry appears twice). */
    static List<String> callsFor(LocalDate date) throws Exception {
        return Files.readAllLines(calls).stream()
                .filter(l -> l.startsWith("batch run ") && l.contains(" --date " + date + " "))
                .map(l -> l.split(" ")[2])
                .toList();
    }

    /** Each job's first run comes after a run of every job it needs. */
    static void assertUpstreamFirst(List<String> ran) {
        for (String job : ran) {
            for (String upstream : strings(jobs.get(job).path("needs"))) {
                assertThat(ran.indexOf(upstream))
                        .as("%s before %s in %s", upstream, job, ran)
                        .isLessThan(ran.indexOf(job));
            }
        }
    }

    static LocalDate dateOfRun(Map<LocalDate, String> runs, String runId) {
        return runs.entrySet().stream()
                .filter(e -> e.getValue().equals(runId))
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    /** The logical date Airflow's daily schedule gives the run for {@code date}: 03:00 in Rome. */
    static String logicalDate(LocalDate date) {
        return date.atTime(3, 0).atZone(RomeTime.ZONE).toOffsetDateTime().toString();
    }

    /** The Rome date of a logical date as Airflow's SQLite database stores it (UTC, "2026-03-03 02:00:00.000000"). */
    static LocalDate romeDate(String utc) {
        return LocalDateTime.parse(utc, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"))
                .atOffset(ZoneOffset.UTC)
                .atZoneSameInstant(RomeTime.ZONE)
                .toLocalDate();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A table's rows as sorted strings; maps with sorted keys, arrays element by element. */
    static List<String> rows(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(md.getColumnName(i) + "=" + normalised(rs.getObject(i)));
                }
                out.add(String.join(", ", row));
            }
        }
        out.sort(null);
        return out;
    }

    static String normalised(Object value) throws SQLException {
        if (value instanceof Map<?, ?> map) {
            return new TreeMap<>(map).toString();
        }
        if (value instanceof Array array) {
            return Arrays.deepToString((Object[]) array.getArray());
        }
        return String.valueOf(value);
    }
}
