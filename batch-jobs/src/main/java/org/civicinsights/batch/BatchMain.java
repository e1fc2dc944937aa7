package org.civicinsights.batch;

import java.time.Instant;
import java.time.LocalDate;
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
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /**
     * Runs the jobs for their dates: each date oldest first, on each date the jobs in registry
     * order, each once the jobs it needs succeeded for that date. Records every attempt in
     * meta.job_runs. After a failure or a skip on a date, the date's other jobs still run (their
     * dependents are skipped) and later dates do not (a date's state builds on the previous one's).
     * False unless every job succeeded.
     */
    public static boolean run(SparkSession spark, BatchSettings settings) {
        long t0 = System.nanoTime();
        BatchJobs.ensureTables(spark, settings);
        RunHistory history = JobRuns.history(spark, settings);
        TreeMap<LocalDate, List<String>> plan = plan(settings, history);
        Map<String, Object> summary = new LinkedHashMap<>();
        if (plan.isEmpty()) {
            System.out.printf(
                    "nothing to catch up: %s succeeded for every date up to %s%n",
                    String.join(", ", settings.jobs()), settings.catchUpTo());
            System.out.println(SUMMARY_PREFIX + Json.of(summary));
            return true;
        }
        if (plan.values().stream()
                .flatMap(List::stream)
                .anyMatch(j -> BatchJobs.spec(j).kind() == JobKind.DAILY)) {
            // the Italian labels of the codes the jobs write, which the analyst views join (once a run, not per date)
            CodeLabels.writeBundled(spark, settings);
        }
        String runId = UUID.randomUUID().toString();
        int steps = plan.values().stream().mapToInt(List::size).sum();
        int step = 0;
        for (Map.Entry<LocalDate, List<String>> day : plan.entrySet()) {
            LocalDate date = day.getKey();
            Map<String, JobStatus> thisRun = new LinkedHashMap<>();
            for (String name : day.getValue()) {
                step++;
                JobSpec spec = BatchJobs.spec(name);
                Instant started = Instant.now();
                String skip = Upstream.skipReason(spec, date, history, thisRun, settings.checkUpstream());
                JobRuns.Run run;
                if (skip != null) {
                    System.out.printf("[%d/%d] %s %s skipped: %s%n", step, steps, name, date, skip);
                    System.err.printf("civic batch: %s for %s skipped: %s%n", name, date, skip);
                    summary.put(name + "@" + date, Map.of("skipped", skip));
                    run = record(runId, spec, date, history, settings, started, JobStatus.SKIPPED, Map.of(), skip);
                } else {
                    System.out.printf("[%d/%d] %s %s ...%n", step, steps, name, date);
                    run = runOne(spark, settings, runId, spec, date, history, started, summary, step, steps);
                }
                JobRuns.append(spark, settings, run);
                history.add(name, date, run.status());
                thisRun.put(name, run.status());
            }
            if (thisRun.values().stream().anyMatch(s -> s != JobStatus.OK)) {
                List<LocalDate> later = List.copyOf(plan.tailMap(date, false).keySet());
                if (!later.isEmpty()) {
                    System.err.printf(
                            "civic batch: not running the later date(s) %s: %s did not succeed for %s%n",
                            later,
                            thisRun.entrySet().stream()
                                    .filter(e -> e.getValue() != JobStatus.OK)
                                    .map(Map.Entry::getKey)
                                    .toList(),
                            date);
                }
                System.out.println(SUMMARY_PREFIX + Json.of(summary));
                return false;
            }
        }
        System.out.printf(
                "batch done: %d job run(s) over %d date(s) in %.1f s%n",
                steps, plan.size(), (System.nanoTime() - t0) / 1e9);
        System.out.println(SUMMARY_PREFIX + Json.of(summary));
        return true;
    }

    /** The jobs to run on each date: the dates given, or a catch-up plan from meta.job_runs. */
    static TreeMap<LocalDate, List<String>> plan(BatchSettings settings, RunHistory history) {
        TreeMap<LocalDate, List<String>> plan = new TreeMap<>();
        if (settings.catchUpTo() == null) {
            settings.dates().forEach(d -> plan.put(d, settings.jobs()));
            return plan;
        }
        CatchUp.Plan catchUp = CatchUp.plan(
                settings.jobs().stream().map(BatchJobs::spec).toList(),
                history,
                settings.catchUpTo(),
                settings.catchUpDays());
        catchUp.tooOld()
                .forEach((job, range) -> System.err.printf(
                        "civic batch: %s has not succeeded since before %s; %s to %s are older than the catch-up window"
                                + " (%s=%d) and are not run: backfill them with civic batch run %s --from %s --to %s%n",
                        job,
                        range[0],
                        range[0],
                        range[1],
                        BatchSettings.CATCH_UP_DAYS,
                        settings.catchUpDays(),
                        job,
                        range[0],
                        range[1]));
        if (!catchUp.isEmpty()) {
            System.out.printf(
                    "catching up to %s: %s%n",
                    settings.catchUpTo(),
                    catchUp.runs().entrySet().stream()
                            .map(e -> e.getKey() + " " + String.join(",", e.getValue()))
                            .collect(Collectors.joining("; ")));
        }
        return catchUp.runs();
    }

    private static JobRuns.Run runOne(
            SparkSession spark,
            BatchSettings settings,
            String runId,
            JobSpec spec,
            LocalDate date,
            RunHistory history,
            Instant started,
            Map<String, Object> summary,
            int step,
            int steps) {
        String name = spec.name();
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
            return record(
                    runId,
                    spec,
                    date,
                    history,
                    settings,
                    started,
                    JobStatus.OK,
                    result.figures(),
                    dryRun ? "dry run: nothing exported" : null);
        } catch (Exception e) { // Spark's AnalysisException is checked, and thrown from Scala undeclared
            LOG.error("batch job {} for {} failed", name, date, e);
            System.err.printf("civic batch: %s for %s failed: %s%n", name, date, rootMessage(e));
            summary.put(name + "@" + date, Map.of("failed", rootMessage(e)));
            return record(
                    runId,
                    spec,
                    date,
                    history,
                    settings,
                    started,
                    JobStatus.FAILED,
                    result == null ? Map.of() : result.figures(),
                    rootMessage(e));
        }
    }

    private static JobRuns.Run record(
            String runId,
            JobSpec spec,
            LocalDate date,
            RunHistory history,
            BatchSettings settings,
            Instant started,
            JobStatus status,
            Map<String, Long> figures,
            String message) {
        return new JobRuns.Run(
                runId,
                spec.name(),
                date,
                history.nextAttempt(spec.name(), date),
                status,
                started,
                Instant.now(),
                settings.triggeredBy(),
                figures,
                message);
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
                "catalog.* keys are the Iceberg catalog's properties without the prefix (catalog.credential,",
                "catalog.io-impl, catalog.s3.endpoint, ...; catalog.catalog-impl CLASS for another catalog); spark.* keys are",
                "set on the session; spark-submit's --conf wins over our defaults (local[2], 8 shuffle partitions, no UI in",
                "local mode). Secrets belong in the --config file or CIVIC_* variables, not on the command line.",
                "",
                JobGraph.text().stripTrailing(),
                "",
                "A range runs day by day, oldest first; --dates runs only the days listed, oldest first.",
                "--catch-up-to D runs each daily job for every date after its newest ok run in meta.job_runs, up to D",
                "(at most batch.catch-up-days back; a job that never succeeded runs D only). Every attempt is recorded",
                "in meta.job_runs (ok, failed, skipped); exit code 0 only when every job succeeded.",
                "On a cluster: spark-submit --class org.civicinsights.batch.BatchMain",
                "civic-batch-jobs.jar --job all --date 2026-03-02 --catalog.uri https://catalog.city.internal");
    }
}
