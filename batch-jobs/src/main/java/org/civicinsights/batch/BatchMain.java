package org.civicinsights.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.privacy.FiscalCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the batch job jar: {@code spark-submit civic-batch-jobs.jar --job all --date D}
 * on a cluster, or the civic CLI's {@code civic batch run} in local mode. Creates the registry's
 * tables, runs each job for each date in order once its upstream jobs succeeded, records each
 * attempt in meta.job_runs, prints progress, one summary line per job and date and a final
 * {@code BATCH-SUMMARY {json}} line; exits non-zero unless every job succeeded.
 */
public final class BatchMain {
    private static final Logger LOG = LoggerFactory.getLogger(BatchMain.class);
    public static final String SUMMARY_PREFIX = "BATCH-SUMMARY ";

    private BatchMain() {}

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(usage());
            return;
        }
        if (Arrays.asList(args).contains("--list")) {
            // the job graph needs no Spark session: for civic batch list and the Airflow DAGs
            System.out.print(Arrays.asList(args).contains("json") ? JobGraph.json() : JobGraph.text());
            return;
        }
        BatchSettings settings;
        try {
            settings = BatchSettings.from(CivicConfig.fromArgs(args, System.getenv()));
        } catch (IllegalArgumentException e) {
            System.err.println("civic batch: " + e.getMessage() + "\n\n" + usage());
            System.exit(2);
            return;
        }
        SparkSession spark = LakeSession.open(settings, "civic-batch " + String.join(",", settings.jobs()));
        spark.sparkContext().setLogLevel("WARN");
        int code;
        try {
            code = run(spark, settings) ? 0 : 1;
        } catch (RuntimeException e) { // the lake itself unreachable: one line, not a stack trace
            LOG.error("batch run failed", e);
            System.err.println("civic batch: " + FiscalCode.redact(rootMessage(e)));
            code = 1;
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /**
     * Runs the jobs for their dates: each date oldest first, on each date the jobs in registry
     * order, each once the jobs it needs succeeded for that date. Records every attempt in
     * meta.job_runs. After a failure or a skip, the job and its dependents do not run on later dates
     * (a date's state builds on the previous one's); the jobs that do not depend on it go on.
     * False unless every job succeeded for every date.
     */
    public static boolean run(SparkSession spark, BatchSettings settings) {
        long t0 = System.nanoTime();
        BatchJobs.ensureTables(spark, settings, settings.jobs());
        RunHistory history = JobRuns.history(spark, settings);
        String runId = UUID.randomUUID().toString();
        Map<String, Object> summary = new LinkedHashMap<>();
        boolean complete = true;
        TreeMap<LocalDate, List<String>> plan;
        if (settings.catchUpTo() == null) {
            plan = new TreeMap<>();
            settings.dates().forEach(d -> plan.put(d, settings.jobs()));
        } else {
            CatchUp.Plan catchUp = CatchUp.plan(
                    BatchJobs.specs(), settings.jobs(), history, settings.catchUpTo(), settings.catchUpDays());
            complete = recordTooOld(spark, settings, runId, catchUp, history);
            plan = catchUp.runs();
            if (plan.isEmpty()) {
                System.out.printf(
                        "nothing to catch up: %s succeeded for every date up to %s%n",
                        String.join(", ", settings.jobs()), settings.catchUpTo());
            } else {
                System.out.printf(
                        "catching up to %s: %s%n",
                        settings.catchUpTo(),
                        plan.entrySet().stream()
                                .map(e -> e.getKey() + " " + String.join(",", e.getValue()))
                                .collect(Collectors.joining("; ")));
            }
        }
        if (plan.values().stream()
                .flatMap(List::stream)
                .anyMatch(j -> BatchJobs.spec(j).kind() == JobKind.DAILY)) {
            // the Italian labels of the codes the jobs write, which the analyst views join (once a run, not per date)
            CodeLabels.writeBundled(spark, settings);
        }
        int steps = plan.values().stream().mapToInt(List::size).sum();
        int step = 0;
        // jobs that did not succeed for an earlier date of this run: they and their dependents stop there
        Map<String, LocalDate> blocked = new LinkedHashMap<>();
        for (Map.Entry<LocalDate, List<String>> day : plan.entrySet()) {
            LocalDate date = day.getKey();
            Map<String, JobStatus> thisRun = new LinkedHashMap<>();
            for (String name : day.getValue()) {
                step++;
                JobSpec spec = BatchJobs.spec(name);
                Instant started = Instant.now();
                String skip = blocked.containsKey(name)
                        ? "did not succeed for " + blocked.get(name) + ", an earlier date of this run (a date builds on"
                                + " the previous one's)"
                        : Upstream.skipReason(spec, date, history, thisRun, settings.checkUpstream());
                Outcome outcome;
                if (skip != null) {
                    System.out.printf("[%d/%d] %s %s skipped: %s%n", step, steps, name, date, skip);
                    System.err.printf("civic batch: %s for %s skipped: %s%n", name, date, skip);
                    summary.put(name + "@" + date, Map.of("skipped", skip));
                    outcome = new Outcome(JobStatus.SKIPPED, Map.of(), skip, false, null);
                } else {
                    System.out.printf("[%d/%d] %s %s ...%n", step, steps, name, date);
                    outcome = runOne(spark, settings, name, date, summary, step, steps);
                }
                if (!outcome.dryRun()) { // a dry run exported nothing: it is not a run of the export
                    JobRuns.Run run = new JobRuns.Run(
                            runId,
                            name,
                            date,
                            history.nextAttempt(name, date),
                            outcome.status(),
                            started,
                            Instant.now(),
                            settings.triggeredBy(),
                            outcome.figures(),
                            outcome.message());
                    JobRuns.append(spark, settings, List.of(run));
                    history.add(name, date, run.status());
                }
                if (outcome.fatal() != null) {
                    throw outcome.fatal(); // recorded; the JVM cannot be trusted to go on
                }
                thisRun.put(name, outcome.status());
                if (outcome.status() != JobStatus.OK) {
                    blocked.putIfAbsent(name, date);
                    complete = false;
                }
            }
        }
        if (!blocked.isEmpty()) {
            System.err.printf(
                    "civic batch: did not succeed: %s%n",
                    blocked.entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + ")")
                            .collect(Collectors.joining(", ")));
        }
        System.out.printf(
                "batch %s: %d job run(s) over %d date(s) in %.1f s%n",
                complete ? "done" : "incomplete", steps, plan.size(), (System.nanoTime() - t0) / 1e9);
        System.out.println(SUMMARY_PREFIX + Json.of(summary));
        return complete;
    }

    /**
     * Dates a catch-up does not run because they are older than its window: each recorded as
     * skipped, with the backfill to run, so the gap stays visible after later dates succeed.
     * False when there are any.
     */
    private static boolean recordTooOld(
            SparkSession spark, BatchSettings settings, String runId, CatchUp.Plan catchUp, RunHistory history) {
        if (catchUp.tooOld().isEmpty()) {
            return true;
        }
        LocalDate earliest = catchUp.tooOld().values().stream()
                .map(r -> r[0])
                .min(LocalDate::compareTo)
                .orElseThrow();
        String selection =
                settings.jobs().equals(BatchJobs.daily()) ? BatchJobs.ALL : String.join(",", settings.jobs());
        String backfill = "civic batch run " + selection + " --from " + earliest + " --to " + settings.catchUpTo();
        String reason = "older than the catch-up window (" + BatchSettings.CATCH_UP_DAYS + "=" + settings.catchUpDays()
                + "): not run; backfill with " + backfill;
        List<JobRuns.Run> rows = new ArrayList<>();
        Instant now = Instant.now();
        catchUp.tooOld().forEach((job, range) -> {
            System.err.printf("civic batch: %s: %s to %s %s%n", job, range[0], range[1], reason);
            for (LocalDate d = range[0]; !d.isAfter(range[1]); d = d.plusDays(1)) {
                rows.add(new JobRuns.Run(
                        runId,
                        job,
                        d,
                        history.nextAttempt(job, d),
                        JobStatus.SKIPPED,
                        now,
                        now,
                        settings.triggeredBy(),
                        Map.of(),
                        reason));
            }
        });
        JobRuns.append(spark, settings, rows);
        rows.forEach(r -> history.add(r.job(), r.date(), r.status()));
        return false;
    }

    /**
     * How one job's attempt ended: its status, figures and message (the failure, or null); whether it
     * was a dry run; and an error the JVM cannot go on after (rethrown once recorded).
     */
    record Outcome(JobStatus status, Map<String, Long> figures, String message, boolean dryRun, Error fatal) {}

    private static Outcome runOne(
            SparkSession spark,
            BatchSettings settings,
            String name,
            LocalDate date,
            Map<String, Object> summary,
            int step,
            int steps) {
        long t = System.nanoTime();
        JobResult result = null;
        try {
            result = BatchJobs.job(name).run(spark, settings, date);
            boolean dryRun = result.qualityJob() != null && result.qualityJob().isEmpty();
            if (!dryRun) {
                QualityLog.record(
                        spark, settings, date, result.qualityJob() == null ? name : result.qualityJob(), result);
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            System.out.printf(
                    "[%d/%d] %s %s done in %.1f s: %s%n", step, steps, name, date, seconds, describe(result.figures()));
            for (QualityCheck c : result.checks()) {
                if (!c.passed()) {
                    System.out.printf(
                            "      %s check %s: %,d (%s)%n",
                            c.severity().name().toLowerCase(Locale.ROOT), c.name(), c.failingRows(), c.description());
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>(result.figures());
            entry.put("seconds", Math.round(seconds * 10) / 10.0);
            Map<String, Long> failed = new LinkedHashMap<>();
            result.checks().stream().filter(c -> !c.passed()).forEach(c -> failed.put(c.name(), c.failingRows()));
            entry.put("checks_failed", failed);
            summary.put(name + "@" + date, entry);
            if (!result.failedHardChecks().isEmpty()) {
                QualityCheck c = result.failedHardChecks().get(0);
                throw new IllegalStateException("hard data-quality rule " + c.name() + " failed for " + c.failingRows()
                        + " row(s): " + c.description() + " (all results in meta.data_quality)");
            }
            return new Outcome(JobStatus.OK, result.figures(), null, dryRun, null);
        } catch (Exception | LinkageError | StackOverflowError e) {
            // Spark's AnalysisException is checked and thrown from Scala undeclared; a deep plan can
            // overflow the stack, a broken jar fail to link: each is this job's failure, recorded
            LOG.error("batch job {} for {} failed", name, date, e);
            System.err.printf("civic batch: %s for %s failed: %s%n", name, date, rootMessage(e));
            summary.put(name + "@" + date, Map.of("failed", rootMessage(e)));
            return new Outcome(
                    JobStatus.FAILED, result == null ? Map.of() : result.figures(), rootMessage(e), false, null);
        } catch (VirtualMachineError e) { // out of memory: record it if we can, then stop this JVM
            return new Outcome(JobStatus.FAILED, Map.of(), String.valueOf(e), false, e);
        }
    }

    static String describe(Map<String, Long> figures) {
        StringBuilder sb = new StringBuilder();
        figures.forEach((k, v) ->
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(String.format("%,d", v)));
        return sb.toString();
    }

    /** The innermost cause: Spark wraps what actually went wrong several times. */
    public static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static String rootMessage(Throwable e) {
        Throwable t = rootCause(e);
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    static String usage() {
        return String.join(
                "\n",
                "usage: civic-batch-jobs.jar --job <" + String.join("|", BatchJobs.names()) + "|all|a,b>",
                "         (--date D | --from D1 --to D2 | --dates D1,D2,... | --catch-up-to D|yesterday)   dates as YYYY-MM-DD",
                "         [--batch.triggered-by NAME] [--batch.check-upstream false] [--batch.catch-up-days 7]",
                "         [--config FILE] [--catalog.uri URI] [--catalog.type rest|hadoop] [--catalog.warehouse W]",
                "         [--catalog.<property> V ...] [--spark.<setting> V ...] [--spark.master local[2]]",
                "         [--batch.shuffle-partitions 8] [--segments.dir DIR] [--clusters.k-min 3] [--clusters.k-max 8]",
                "       civic-batch-jobs.jar --list [--format json]     the job graph (no Spark session)",
                "",
                "catalog.* keys are the Iceberg catalog's properties without the prefix (catalog.credential-file FILE,",
                "the OAuth2 client_id:client_secret read on the driver, only its path in the Spark conf; catalog.io-impl,",
                "catalog.s3.endpoint, ...; catalog.catalog-impl CLASS for another catalog); spark.* keys are",
                "set on the session; spark-submit's --conf wins over our defaults (local[2], 8 shuffle partitions, no UI in",
                "local mode). Secrets belong in the --config file or CIVIC_* variables, not on the command line.",
                "",
                JobGraph.text().stripTrailing(),
                "",
                "Job erase (civic privacy erase runs it; on demand, never by all or the schedule) takes",
                "  --erase.keys-file F   path or URI of a UTF-8 file, one citizen key (64 lower-case hex) a line",
                "  --erase.id UUID --erase.ticket T --erase.reason R   all required; recorded in meta.erasures",
                "  --privacy.snapshot-grace PT0S   snapshots older than this are expired (ISO-8601 duration)",
                "  --privacy.orphan-min-age " + CivicConfig.DEFAULT_PRIVACY_ORPHAN_MIN_AGE
                        + "  unreferenced files younger than this are left (a running write's, a checkpoint's)",
                "  --privacy.erasures-topic civic.privacy.erasures.v1 (none: outbox only); the outbox, Kafka client",
                "  properties and timeout are the outreach job's (outreach.outbox, kafka.client.*, outreach.kafka-timeout-ms).",
                "",
                "A range runs day by day, oldest first; --dates runs only the days listed, oldest first.",
                "--catch-up-to D runs each daily job for every date after its newest ok run in meta.job_runs, up to D",
                "(at most batch.catch-up-days back; a job that never succeeded runs D only). Every attempt is recorded",
                "in meta.job_runs (ok, failed, skipped); exit code 0 only when every job succeeded.",
                "On a cluster: spark-submit --class org.civicinsights.batch.BatchMain",
                "civic-batch-jobs.jar --job all --date 2026-03-02 --catalog.uri https://catalog.city.internal");
    }
}
