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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.io.RetainedCheckpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest job of the cluster topology: the same job jar as the embedded topology's, submitted
 * to the Flink session cluster with Flink's own client ({@code flink run -d}, i.e. CliFrontend),
 * resuming from the newest retained checkpoint. It has no process of its own: it is alive while the
 * JobManager has it, and stopping it cancels it there (its last checkpoint is retained).
 */
public final class FlinkSessionIngest extends ManagedService {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionIngest.class);
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

    /** The JobManager the job is submitted to and read from (`flink.jobmanager`). */
    FlinkRest rest() {
        return new FlinkRest(settings.cluster().flinkRestUrl());
    }

    /**
     * What the JobManager says about this stack's ingest job: either it did not answer (the job may
     * well be running there), or the jobs of that name that have not ended (normally none or one).
     */
    record Lookup(boolean answered, List<FlinkRest.Job> jobs) {
        static final Lookup UNANSWERED = new Lookup(false, List.of());
        static final Lookup NONE = new Lookup(true, List.of());

        static Lookup of(Optional<List<FlinkRest.Job>> overview, String jobName) {
            return overview.map(jobs -> new Lookup(
                            true,
                            jobs.stream()
                                    .filter(j -> j.name().equals(jobName) && !j.terminal())
                                    .toList()))
                    .orElse(UNANSWERED);
        }

        /** The JobManager answered and has no such job. */
        boolean none() {
            return answered && jobs.isEmpty();
        }

        /** The JobManager answered and none of these jobs is still there without having ended. */
        boolean ended(List<String> ids) {
            return answered && jobs.stream().noneMatch(j -> ids.contains(j.id()));
        }
    }

    /** A job on the cluster as the stack sees it. */
    enum JobHealth {
        /** Every task deployed and running. */
        RUNNING,
        /**
         * Not every task running yet, but in Flink's hands: just submitted, restarting after a
         * failure (a TaskManager lost), or waiting for slots. Cancelling it now would only lose time.
         */
        RECOVERING,
        /** Failing, being cancelled, suspended or ended: it will not come back on its own. */
        FAILING;

        static JobHealth of(FlinkRest.JobDetail d) {
            if (d.allRunning()) {
                return RUNNING;
            }
            return switch (d.state()) {
                case "RUNNING", "RESTARTING", "INITIALIZING", "CREATED", "RECONCILING" -> RECOVERING;
                default -> FAILING;
            };
        }
    }

    /** Why a new job must not be submitted now, if it must not (checked right before `flink run`). */
    static Optional<String> refusal(Lookup l, String jobManagerAddress) {
        if (!l.answered()) {
            return Optional.of("the Flink JobManager at " + jobManagerAddress + " did not answer: not submitting the"
                    + " ingest job, which may still be running there (a second one would read the same topic with"
                    + " the same consumer group); check `civic stack status` and logs/flink-jm.log, then run"
                    + " `civic stack up` again");
        }
        if (!l.jobs().isEmpty()) {
            FlinkRest.Job j = l.jobs().get(0);
            return Optional.of("the ingest job " + j.id() + " is still " + j.state() + " on the Flink JobManager at "
                    + jobManagerAddress + ": not submitting a second one; wait until it has ended or cancel it"
                    + " (`civic stack down`), then run `civic stack up` again");
        }
        return Optional.empty();
    }

    /** Whether the JobManager is the one this stack starts (its absence then means there is no job). */
    private boolean ownJobManager() {
        return settings.cluster().flinkRestUrl().equals(settings.cluster().localFlinkRestUrl());
    }

    /** This stack's job on the JobManager, asking up to {@code attempts} times while it does not answer. */
    Lookup lookup(int attempts) {
        if (ownJobManager() && jobManager.process().running().isEmpty()) {
            return Lookup.NONE; // the stack's JobManager is not running, so neither is any job of it
        }
        Lookup l = Lookup.UNANSWERED;
        for (int i = 0; i < attempts && !l.answered(); i++) {
            if (i > 0 && !pause(Duration.ofSeconds(1))) {
                break;
            }
            l = Lookup.of(rest().jobs(), jobName());
        }
        return l;
    }

    /** This stack's ingest job on the cluster, unless it has ended or the JobManager did not answer. */
    public Optional<FlinkRest.Job> current() {
        return lookup(1).jobs().stream().findFirst();
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

    /**
     * The JobManager has the job, or could not be asked: then the job may well be running, and
     * nothing may take its place (`stack up` refuses to submit, `civic ingest` to run).
     */
    @Override
    public boolean alive() {
        return !lookup(1).none();
    }

    @Override
    public Optional<Long> pid() {
        return Optional.empty();
    }

    /**
     * One job of ours runs, or is recovering in Flink's hands (see {@link JobHealth#RECOVERING}):
     * `stack up` must not cancel and resubmit a job that is restarting after a TaskManager was lost,
     * so that counts as healthy; `stack status` shows it as {@code job_health recovering}.
     */
    @Override
    public boolean healthy() {
        Lookup l = lookup(1);
        return l.jobs().size() == 1
                && health(l.jobs().get(0)).filter(h -> h != JobHealth.FAILING).isPresent();
    }

    private Optional<JobHealth> health(FlinkRest.Job job) {
        return rest().job(job.id()).map(JobHealth::of);
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> m = new LinkedHashMap<>();
        Lookup l = lookup(1);
        if (!l.answered()) {
            m.put(
                    "job_state",
                    "unknown (the JobManager at " + settings.cluster().flinkJobManager() + " did not answer)");
            return m;
        }
        l.jobs().stream().findFirst().ifPresent(j -> {
            m.put("job_id", j.id());
            m.put("job_state", j.state());
            health(j).ifPresent(h -> m.put("job_health", h.name().toLowerCase(Locale.ROOT)));
        });
        if (l.jobs().size() > 1) {
            m.put("jobs_of_this_name", l.jobs().stream().map(FlinkRest.Job::id).toList());
        }
        return m;
    }

    /**
     * Cancels the job on the JobManager and waits until it has ended: its newest checkpoint is
     * retained (RETAIN_ON_CANCELLATION) and the next start resumes from it. True only when every job
     * of ours has ended; false (with a warning) when there was none, the JobManager could not be
     * asked, or the job is still there after the grace period: it may then still commit a checkpoint,
     * and {@link #start} refuses to submit another one.
     */
    @Override
    public boolean stop(Duration grace) {
        Lookup l = lookup(2);
        if (!l.answered()) {
            LOG.warn(
                    "could not cancel the ingest job: the Flink JobManager at {} did not answer",
                    settings.cluster().flinkJobManager());
            return false;
        }
        if (l.jobs().isEmpty()) {
            return false;
        }
        List<String> ids = l.jobs().stream().map(FlinkRest.Job::id).toList();
        long deadline = System.nanoTime() + grace.toNanos();
        long nextCancel = 0;
        while (true) {
            if (System.nanoTime() >= nextCancel) {
                // repeated while it has not ended: a cancel may be refused during a restart
                l.jobs().forEach(j -> rest().cancel(j.id()));
                nextCancel = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            }
            if (!pause(Duration.ofMillis(250))) {
                break;
            }
            Lookup now = Lookup.of(rest().jobs(), jobName());
            if (now.ended(ids)) {
                return true;
            }
            if (now.answered()) {
                l = now;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        LOG.warn(
                "the ingest job {} is still {} on the Flink JobManager at {} {} s after it was asked to cancel;"
                        + " it may still commit a checkpoint",
                ids,
                l.jobs().stream().map(FlinkRest.Job::state).toList(),
                settings.cluster().flinkJobManager(),
                grace.toSeconds());
        return false;
    }

    /**
     * Submits the job, resuming from the newest retained checkpoint, and waits until all its tasks
     * run. Only then are the checkpoint folders of older jobs deleted: if the checkpoint cannot be
     * restored, the new job is cancelled and every older checkpoint is still there.
     */
    @Override
    public void start() throws Exception {
        long t0 = System.nanoTime();
        if (!Files.exists(layout.streamingJobsJar())) {
            throw new IllegalStateException("the ingest job jar " + layout.streamingJobsJar()
                    + " is missing: build it with ./mvnw -DskipTests package");
        }
        Path conf = FlinkClusterConfig.write(layout, settings.cluster());
        Optional<Path> resumeFrom = RetainedCheckpoints.latest(layout.flinkCheckpoints());
        List<String> cmd = submitCommand(engines.classpath("flink-cluster"), conf, resumeFrom);
        Files.createDirectories(layout.logs());
        Optional<String> refusal = refusal(lookup(3), settings.cluster().flinkJobManager());
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
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
        awaitRunning(jobId.get(), startTimeout().minusNanos(System.nanoTime() - t0), resumeFrom);
        List<Path> keep = new ArrayList<>(List.of(layout.flinkCheckpoints().resolve(jobId.get())));
        // the new job restores from that checkpoint again if it fails before its own first one
        resumeFrom.ifPresent(chk -> keep.add(chk.getParent()));
        RetainedCheckpoints.removeOtherJobs(layout.flinkCheckpoints(), keep);
    }

    /** Waits until every task of the new job runs; else cancels it and says why it did not start. */
    private void awaitRunning(String jobId, Duration timeout, Optional<Path> resumeFrom) {
        long deadline = System.nanoTime()
                + Math.max(timeout.toNanos(), Duration.ofSeconds(30).toNanos());
        Optional<FlinkRest.JobDetail> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            Optional<FlinkRest.JobDetail> d = rest().job(jobId);
            if (d.isPresent()) {
                last = d;
                JobHealth h = JobHealth.of(d.get());
                if (h == JobHealth.RUNNING) {
                    return;
                }
                if (h == JobHealth.FAILING) {
                    break;
                }
            }
            if (!pause(Duration.ofMillis(500))) {
                break;
            }
        }
        String failure = rest().latestFailure(jobId)
                .map(f -> "; latest failure of the job: " + f)
                .orElse("");
        boolean cancelled = stop(Duration.ofSeconds(20));
        throw new IllegalStateException("the ingest job " + jobId + " did not get all its tasks running (state "
                + last.map(FlinkRest.JobDetail::state).orElse("unknown") + ")" + failure
                + (cancelled
                        ? "; it was cancelled"
                        : "; it could not be cancelled, see "
                                + settings.cluster().flinkRestUrl())
                + "; the older checkpoints are kept"
                + resumeFrom.map(c -> " (it resumed from " + c + ")").orElse("")
                + "; the job's own log lines are in logs/flink-tm-*.log and logs/flink-jm.log");
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        cmd.addAll(IngestService.catalogClientArgs(layout, settings));
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
                .flatMap(j -> rest().latestFailure(j.id()))
                .map(f -> "latest failure of the job: " + f + "\n")
                .orElse("");
        return failure + "last lines of " + process.logFile() + ":\n" + process.logTail(30)
                + "\n(the job's own log lines are in the TaskManagers' and the JobManager's logs)";
    }
}
