package org.civicinsights.cli.stack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest job of the cluster topology: the same job jar as the embedded topology's, submitted
 * to the Flink session cluster with Flink's own client ({@code flink run -d}, i.e. CliFrontend),
 * resuming from the newest retained checkpoint. It has no process of its own: it is alive while the
 * JobManager has it, and stopping it cancels it there (its last checkpoint is retained).
 */
public final class FlinkSessionIngest extends ManagedService {
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private final EngineResolver engines;
    private final FlinkJobManager jobManager;

    public FlinkSessionIngest(
            StackLayout layout, StackSettings settings, EngineResolver engines, FlinkJobManager jobManager) {
        super("ingest", layout, settings);
        this.engines = engines;
        this.jobManager = jobManager;
    }

    /** The name the job gives itself (IngestJob: "civic-ingest " + topic). */
    public String jobName() {
        return "civic-ingest " + settings.topic();
    }

    /** This stack's ingest job on the cluster, unless it has ended. */
    public Optional<FlinkRest.Job> current() {
        return jobManager
                .rest()
                .jobs()
                .flatMap(jobs -> jobs.stream()
                        .filter(j -> j.name().equals(jobName()) && !j.terminal())
                        .findFirst());
    }

    @Override
    public String endpoint() {
        return "job '" + jobName() + "' on the Flink session cluster "
                + settings.cluster().flinkJobManager() + ", " + settings.topic() + " -> lake.raw.interactions";
    }

    @Override
    public String url() {
        return current()
                .map(j -> settings.cluster().flinkRestUrl() + "/jobs/" + j.id())
                .orElse(null);
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofSeconds(180);
    }

    @Override
    public boolean alive() {
        return current().isPresent();
    }

    @Override
    public Optional<Long> pid() {
        return Optional.empty();
    }

    /** The job runs and all its tasks are deployed and running. */
    @Override
    public boolean healthy() {
        return current()
                .flatMap(j -> jobManager.rest().job(j.id()))
                .map(FlinkRest.JobDetail::allRunning)
                .orElse(false);
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        current().ifPresent(j -> {
            m.put("job_id", j.id());
            m.put("job_state", j.state());
        });
        return m;
    }

    /**
     * Cancels the job on the JobManager and waits until it is cancelled: its newest checkpoint is
     * retained (RETAIN_ON_CANCELLATION) and the next start resumes from it.
     */
    @Override
    public boolean stop(Duration grace) {
        Optional<FlinkRest.Job> job = current();
        if (job.isEmpty()) {
            return false;
        }
        jobManager.rest().cancel(job.get().id());
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<FlinkRest.JobDetail> d = jobManager.rest().job(job.get().id());
            if (d.isEmpty()
                    || List.of("CANCELED", "FAILED", "FINISHED")
                            .contains(d.get().state())) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return true;
    }

    @Override
    public void start() throws Exception {
        if (!Files.exists(layout.streamingJobsJar())) {
            throw new IllegalStateException("the ingest job jar " + layout.streamingJobsJar()
                    + " is missing: build it with ./mvnw -DskipTests package");
        }
        Path conf = FlinkClusterConfig.write(layout, settings.cluster());
        Optional<Path> resumeFrom = RetainedCheckpoints.latest(layout.flinkCheckpoints());
        if (resumeFrom.isPresent()) {
            RetainedCheckpoints.removeOtherJobs(
                    layout.flinkCheckpoints(), resumeFrom.get().getParent());
        }
        List<String> cmd = submitCommand(engines.classpath("flink-cluster"), conf, resumeFrom);
        Files.createDirectories(layout.logs());
        try (var log = Files.newBufferedWriter(
                process.logFile(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            log.write("flink run: submitting " + layout.streamingJobsJar().getFileName() + " to "
                    + settings.cluster().flinkJobManager()
                    + resumeFrom
                            .map(p -> ", resuming from retained checkpoint " + p)
                            .orElse(", no retained checkpoint")
                    + "\n");
        }
        long logStart = Files.size(process.logFile());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(layout.flinkDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(process.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(FlinkClusterConfig.environment(layout));
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("flink run did not return within 3 minutes; see " + process.logFile());
        }
        String output = readFrom(process.logFile(), logStart);
        Optional<String> jobId = submittedJobId(output);
        if (p.exitValue() != 0 || jobId.isEmpty()) {
            throw new IllegalStateException("flink run failed (exit code " + p.exitValue() + "); last lines of "
                    + process.logFile() + ":\n" + process.logTail(30));
        }
        Files.writeString(layout.run().resolve("ingest.jobid"), jobId.get() + "\n");
    }

    /** `flink run -d` of the job jar against this stack, with the cluster's configuration directory. */
    List<String> submitCommand(String classpath, Path conf, Optional<Path> resumeFrom) {
        List<String> cmd = new ArrayList<>(List.of(
                StackService.javaBinary(),
                "-Dcivic.service=ingest-submit@" + layout.dataDir().toAbsolutePath()));
        // the job's main() runs here: it needs Flink's Java 17 options like the cluster's JVMs
        cmd.addAll(FlinkClusterConfig.commonJvmOptions(conf, "log4j-cli.properties"));
        cmd.addAll(List.of(
                "-Xmx384m",
                "-cp",
                classpath,
                "org.apache.flink.client.cli.CliFrontend",
                "run",
                "-d",
                "-m",
                settings.cluster().flinkJobManager()));
        resumeFrom.ifPresent(chk -> cmd.addAll(List.of("-s", chk.toUri().toString())));
        cmd.addAll(List.of(
                layout.streamingJobsJar().toString(),
                "--config",
                layout.clientConfig().toString(),
                "--ingest.checkpoint-interval-ms",
                String.valueOf(settings.checkpointIntervalMs())));
        return cmd;
    }

    static Optional<String> submittedJobId(String output) {
        Matcher m = SUBMITTED.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String readFrom(Path file, long offset) throws IOException {
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The submission's output and the job's latest failure on the cluster. */
    @Override
    public String startFailureReport() {
        String failure = current()
                .flatMap(j -> jobManager.rest().latestFailure(j.id()))
                .map(f -> "latest failure of the job: " + f + "\n")
                .orElse("");
        return failure + "last lines of " + process.logFile() + ":\n" + process.logTail(30)
                + "\n(the job's own log lines are in the TaskManagers' and the JobManager's logs)";
    }
}
