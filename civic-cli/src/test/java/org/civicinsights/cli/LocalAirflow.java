package org.civicinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.civicinsights.cli.airflow.AirflowInstall;
import org.civicinsights.cli.stack.ServiceProcess;

/**
 * A real Apache Airflow for the integration tests, on SQLite in its own home: the `airflow` CLI,
 * and for backfills the three services Airflow 3 runs tasks with (the API server's execution API,
 * which the task processes report to, the dag-processor and the scheduler with the LocalExecutor),
 * each on a free port. The scheduler creates no scheduled run (use_job_schedule off), so only the
 * runs a test asks for (backfills) run.
 */
final class LocalAirflow implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    private final AirflowInstall install;
    private final Map<String, String> env = new HashMap<>();
    private final int apiPort;
    private final List<Process> services = new ArrayList<>();

    /**
     * @param settings the DAGs' environment (CIVIC_BIN, CIVIC_DATA_DIR, CIVIC_AIRFLOW_*)
     */
    LocalAirflow(AirflowInstall install, Path home, Path dagsFolder, Map<String, String> settings) throws IOException {
        this.install = install;
        this.home = home;
        this.apiPort = TestStack.freePort();
        Files.createDirectories(home);
        env.put("AIRFLOW_HOME", home.toString());
        env.put("AIRFLOW__CORE__DAGS_FOLDER", dagsFolder.toString());
        env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        env.put("AIRFLOW__CORE__EXECUTOR", "LocalExecutor");
        // worker processes of the LocalExecutor (32 by default): two are enough on two cores
        env.put("AIRFLOW__CORE__PARALLELISM", "2");
        env.put("AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE", "False");
        env.put("AIRFLOW__API__HOST", "127.0.0.1");
        env.put("AIRFLOW__API__PORT", Integer.toString(apiPort));
        env.put("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "http://127.0.0.1:" + apiPort + "/execution/");
        env.put("AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT", Integer.toString(TestStack.freePort()));
        // the scheduler signs the tasks' tokens, the API server checks them: one secret, in the environment only
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        env.put("AIRFLOW__API_AUTH__JWT_SECRET", HexFormat.of().formatHex(secret));
        env.putAll(settings);
    }

    /** Runs {@code airflow args...} to completion (output in a log under the home); returns the exit code. */
    int airflow(Duration timeout, String... args) throws IOException, InterruptedException {
        return airflow(Map.of(), timeout, args);
    }

    /** {@link #airflow(Duration, String...)} with some of the DAGs' settings changed for this command. */
    int airflow(Map<String, String> settings, Duration timeout, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(install.airflowScript().toString()));
        command.addAll(List.of(args));
        return run(command, settings, timeout, "airflow-" + args[0]);
    }

    /** Runs a Python script of the test resources with the environment's Python; returns the exit code. */
    int python(String resource, Duration timeout, String... args) throws IOException, InterruptedException {
        Path script = home.resolve(Path.of(resource).getFileName());
        try (InputStream in = LocalAirflow.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(install.venvPython().toString(), script.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of(), timeout, script.getFileName().toString().replace(".py", ""));
    }

    /** The metadata database's runs, task instances, earlier tries and backfills (airflow_state.py). */
    JsonNode state() throws IOException, InterruptedException {
        Path out = home.resolve("state.json");
        int code = python(
                "airflow/airflow_state.py",
                Duration.ofSeconds(30),
                home.resolve("airflow.db").toString(),
                out.toString());
        if (code != 0) {
            throw new IllegalStateException("airflow_state.py failed; see " + home.resolve("logs"));
        }
        return JSON.readTree(out.toFile());
    }

    private int run(List<String> command, Map<String, String> settings, Duration timeout, String logName)
            throws IOException, InterruptedException {
        Path log = log(logName);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().putAll(settings);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                    + "; last lines of " + log + ":\n" + ServiceProcess.tail(log, 30));
        }
        if (p.exitValue() != 0) {
            System.out.println("exit code " + p.exitValue() + " of " + String.join(" ", command) + "; last lines of "
                    + log + ":\n" + ServiceProcess.tail(log, 30));
        }
        return p.exitValue();
    }

    Path log(String name) throws IOException {
        Files.createDirectories(home.resolve("logs"));
        return home.resolve("logs").resolve(name + ".log");
    }

    /** Starts the API server (execution API only), the dag-processor and the scheduler; waits for the API. */
    void startServices(Duration timeout) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        for (String service : List.of("api-server", "dag-processor", "scheduler")) {
            List<String> command =
                    new ArrayList<>(List.of(install.airflowScript().toString(), service));
            if (service.equals("api-server")) {
                command.addAll(List.of("--apps", "execution"));
            }
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(log(service).toFile()));
            pb.environment().putAll(env);
            services.add(pb.start());
        }
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://127.0.0.1:" + apiPort + "/execution/health");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Process p : services) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p.info().commandLine().orElse("an Airflow service")
                            + " exited during start-up; see the logs in " + home.resolve("logs"));
                }
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(health)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the Airflow API server did not answer within " + timeout + "; see " + log("api-server"));
            }
            Thread.sleep(500);
        }
        System.out.printf(
                "Airflow API server, dag-processor and scheduler up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** Stops the services this object started, their children (the task processes) first. */
    @Override
    public void close() {
        List<Process> newestFirst = new ArrayList<>(services);
        Collections.reverse(newestFirst);
        for (Process p : newestFirst) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : services) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        services.clear();
    }
}
