package org.civicinsights.batch;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.common.config.CivicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the batch job jar: {@code spark-submit civic-batch-jobs.jar --job all --date D}
 * on a cluster, or the civic CLI's {@code civic batch run} in local mode. Runs each job for each
 * date in order, prints progress and one summary line per job and date, and a final
 * {@code BATCH-SUMMARY {json}} line; exits non-zero on the first failure.
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

    /** Runs every job for every date; false after the first failure (reported, nothing later runs). */
    public static boolean run(SparkSession spark, BatchSettings settings) {
        List<LocalDate> dates = settings.dates();
        Map<String, Object> summary = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        int step = 0;
        int steps = dates.size() * settings.jobs().size();
        if (settings.jobs().stream().anyMatch(BatchJobs.NAMES::contains)) {
            // the Italian labels of the codes the jobs write, which the analyst views join (once a run, not per date)
            CodeLabels.writeBundled(spark, settings);
        }
        for (LocalDate date : dates) {
            for (String name : settings.jobs()) {
                step++;
                BatchJob job = BatchJobs.create(name);
                long t = System.nanoTime();
                System.out.printf("[%d/%d] %s %s ...%n", step, steps, name, date);
                try {
                    JobResult result = job.run(spark, settings, date);
                    if (result.qualityJob() == null || !result.qualityJob().isEmpty()) {
                        QualityLog.record(
                                spark,
                                settings,
                                date,
                                result.qualityJob() == null ? name : result.qualityJob(),
                                result);
                    }
                    double seconds = (System.nanoTime() - t) / 1e9;
                    System.out.printf(
                            "[%d/%d] %s %s done in %.1f s: %s%n",
                            step, steps, name, date, seconds, describe(result.figures()));
                    for (QualityCheck c : result.checks()) {
                        if (!c.passed()) {
                            System.out.printf(
                                    "      %s check %s: %,d (%s)%n",
                                    c.severity().name().toLowerCase(Locale.ROOT),
                                    c.name(),
                                    c.failingRows(),
                                    c.description());
                        }
                    }
                    Map<String, Object> entry = new LinkedHashMap<>(result.figures());
                    entry.put("seconds", Math.round(seconds * 10) / 10.0);
                    Map<String, Long> failed = new LinkedHashMap<>();
                    result.checks().stream()
                            .filter(c -> !c.passed())
                            .forEach(c -> failed.put(c.name(), c.failingRows()));
                    entry.put("checks_failed", failed);
                    summary.put(name + "@" + date, entry);
                    if (!result.failedHardChecks().isEmpty()) {
                        QualityCheck c = result.failedHardChecks().get(0);
                        throw new IllegalStateException(
                                "hard data-quality rule " + c.name() + " failed for " + c.failingRows() + " row(s): "
                                        + c.description() + " (all results in meta.data_quality)");
                    }
                } catch (RuntimeException e) {
                    LOG.error("batch job {} for {} failed", name, date, e);
                    System.err.printf("civic batch: %s for %s failed: %s%n", name, date, rootMessage(e));
                    summary.put(name + "@" + date, Map.of("failed", rootMessage(e)));
                    System.out.println(SUMMARY_PREFIX + Json.of(summary));
                    return false;
                }
            }
        }
        System.out.printf(
                "batch done: %d job run(s) over %d date(s) in %.1f s%n",
                steps, dates.size(), (System.nanoTime() - t0) / 1e9);
        System.out.println(SUMMARY_PREFIX + Json.of(summary));
        return true;
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
                "usage: civic-batch-jobs.jar --job <" + String.join("|", BatchJobs.ORDER) + "|all|a,b>",
                "                            (--date D | --from D1 --to D2 | --dates D1,D2,...)   dates as YYYY-MM-DD",
                "                            [--config FILE] [--catalog.uri URI] [--catalog.type rest|hadoop] [--catalog.warehouse W]",
                "                            [--catalog.<property> V ...] [--spark.<setting> V ...] [--spark.master local[2]]",
                "                            [--batch.shuffle-partitions 8] [--segments.dir DIR] [--clusters.k-min 3] [--clusters.k-max 8]",
                "",
                "catalog.* keys are the Iceberg catalog's properties without the prefix (catalog.credential,",
                "catalog.io-impl, catalog.s3.endpoint, ...; catalog.catalog-impl CLASS for another catalog); spark.* keys are",
                "set on the session; spark-submit's --conf wins over our defaults (local[2], 8 shuffle partitions, no UI in",
                "local mode). Secrets belong in the --config file or CIVIC_* variables, not on the command line.",
                "",
                "Daily batch jobs on the lake, each idempotent for its date (Europe/Rome calendar day):",
                "  cases       core.cases: one row per case, folded from its lifecycle events, MERGEd",
                "  sla         mart.case_sla and mart.sla_period: deadlines, compliance, resolution, backlog",
                "  contacts    mart.contact_volume, mart.contact_resolution, mart.contact_languages: contacts per hour,",
                "              abandonment, waits, repeat contacts and first-contact resolution (7 x 24 h), languages",
                "  deflection  mart.self_service_deflection: self-service share of completed transactions per month",
                "              and service, with its trend (run a backfill in ascending order)",
                "  satisfaction mart.satisfaction_week, mart.feedback_themes: CSAT, NPS, response rate per ISO week,",
                "              channel, service and municipio; Italian feedback themes",
                "  profile     core.citizen_profile: one row per person and date (needs sla for the same date)",
                "  segments    activation.segment_membership, segment_runs: the YAML segment definitions evaluated,",
                "              entries and exits kept (--segments.dir for your own definitions)",
                "  clusters    mart.citizen_cluster, mart.cluster_summary: k-means behavioural clusters with stable ids",
                "On demand (not in all): consent  activation.contact_consent, activation.suppression from the CRM's CSV exports",
                "              (--consent.file F and/or --suppression.file F; {date} in F becomes the run date; needs the",
                "              pseudonymisation key: --pseudonymisation.key-file K)",
                "A range runs day by day, oldest first; --dates runs only the days listed, oldest first.",
                "On a cluster: spark-submit --class org.civicinsights.batch.BatchMain",
                "civic-batch-jobs.jar --job all --date 2026-03-02 --catalog.uri https://catalog.city.internal");
    }
}
