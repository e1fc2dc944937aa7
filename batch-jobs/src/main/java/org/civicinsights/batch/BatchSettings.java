package org.civicinsights.batch;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.civicinsights.batch.clusters.ClustersJob;
import org.civicinsights.batch.consent.ConsentJob;
import org.civicinsights.batch.privacy.ErasureSettings;
import org.civicinsights.batch.privacy.RetentionJob;
import org.civicinsights.common.config.AcceptedKeys;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;

/**
 * What a batch run does and against which lake: jobs, dates, catalog. Read from {@code --key value}
 * arguments (as spark-submit passes them), a {@code --config} file and CIVIC_* variables;
 * {@code config} holds them all, for the options of single jobs (such as {@code segments.dir}),
 * the catalog's properties ({@code catalog.*}) and Spark settings ({@code spark.*}), which
 * {@link SparkSessionSettings} turns into the session's settings.
 *
 * @param dates each date of the run, oldest first: {@code --date D}, every day of
 *     {@code --from D1 --to D2} (a backfill runs day by day, so each day is the same as its own
 *     run), or the days listed by {@code --dates D1,D2,...}; empty with {@code catchUpTo}
 * @param catchUpTo {@code --catch-up-to D}: each daily job runs every date after its newest
 *     successful run up to D (see {@link CatchUp}); null for explicit dates
 * @param catchUpDays how many dates back from {@code catchUpTo} a catch-up goes at most
 * @param checkUpstream whether a job runs only after its upstream jobs succeeded for the date
 * @param triggeredBy who started the run, as meta.job_runs records it (manual, scheduler, airflow)
 */
public record BatchSettings(
        List<String> jobs,
        List<LocalDate> dates,
        LocalDate catchUpTo,
        int catchUpDays,
        boolean checkUpstream,
        String triggeredBy,
        String catalogName,
        String catalogType,
        int shufflePartitions,
        CivicConfig config) {

    public static final String CATCH_UP_TO = "catch-up-to";
    public static final String CATCH_UP_DAYS = "batch.catch-up-days";
    public static final String CHECK_UPSTREAM = "batch.check-upstream";
    public static final String TRIGGERED_BY = "batch.triggered-by";

    /** A catalog class other than Iceberg's REST or file-system catalog: then catalog.type does not apply. */
    public static final String CATALOG_IMPL = "catalog.catalog-impl";

    /**
     * Every key the batch jobs read, and the prefixes passed through: {@code catalog.} to the
     * Iceberg catalog, {@code spark.} to the Spark session, {@code kafka.client.} to the outreach job's
     * Kafka producer.
     */
    public static final AcceptedKeys ACCEPTED = new AcceptedKeys(
            Set.of(
                    "config",
                    "job",
                    "date",
                    "from",
                    "to",
                    "dates",
                    CATCH_UP_TO,
                    CATCH_UP_DAYS,
                    CHECK_UPSTREAM,
                    TRIGGERED_BY,
                    "batch.shuffle-partitions",
                    "segments.dir",
                    ClustersJob.K_MIN_PROPERTY,
                    ClustersJob.K_MAX_PROPERTY,
                    ConsentJob.CONSENT_FILE,
                    ConsentJob.SUPPRESSION_FILE,
                    "campaigns.dir",
                    "outreach.outbox",
                    CivicConfig.OUTREACH_TOPIC,
                    "outreach.max-contacts",
                    "outreach.window-days",
                    "outreach.campaign",
                    "outreach.dry-run",
                    "outreach.allow-earlier-date",
                    "outreach.kafka-timeout-ms",
                    ErasureSettings.KEYS_FILE,
                    ErasureSettings.ID,
                    ErasureSettings.TICKET,
                    ErasureSettings.REASON,
                    ErasureSettings.SNAPSHOT_GRACE,
                    ErasureSettings.ORPHAN_MIN_AGE,
                    ErasureSettings.TOPIC,
                    RetentionJob.SNAPSHOT_RETENTION,
                    CivicConfig.KAFKA_BOOTSTRAP,
                    CivicConfig.PSEUDONYMISATION_KEY,
                    CivicConfig.PSEUDONYMISATION_KEY_FILE),
            Set.of(CivicConfig.CATALOG_PREFIX, SparkSessionSettings.SPARK_PREFIX, KafkaClientProperties.PREFIX));

    public static BatchSettings from(CivicConfig c) {
        String job = c.get("job", null);
        if (job == null) {
            throw new IllegalArgumentException(
                    "--job is required: " + String.join(", ", BatchJobs.names()) + " or " + BatchJobs.ALL);
        }
        List<String> jobs = BatchJobs.resolve(job);
        List<LocalDate> dates = new ArrayList<>();
        LocalDate catchUpTo = null;
        if (c.has(CATCH_UP_TO)) {
            if (c.has("dates") || c.has("date") || c.has("from") || c.has("to")) {
                throw new IllegalArgumentException(
                        "--catch-up-to finds the dates itself: give no --date, --from," + " --to or --dates with it");
            }
            String to = c.get(CATCH_UP_TO).strip();
            catchUpTo = to.equals("yesterday")
                    ? LocalDate.now(org.civicinsights.common.calendar.RomeTime.ZONE)
                            .minusDays(1)
                    : date(CATCH_UP_TO, to);
            List<String> notDaily = jobs.stream()
                    .filter(j -> BatchJobs.spec(j).kind() != JobKind.DAILY)
                    .toList();
            if (!notDaily.isEmpty()) {
                throw new IllegalArgumentException("--catch-up-to runs daily jobs only; " + String.join(", ", notDaily)
                        + " must be given a --date");
            }
        } else if (c.has("dates")) {
            if (c.has("date") || c.has("from") || c.has("to")) {
                throw new IllegalArgumentException("give one of --dates D1,D2,..., --date D and --from D1 --to D2");
            }
            for (String d : c.get("dates").split(",")) {
                dates.add(date("dates", d.strip()));
            }
            dates = dates.stream().distinct().sorted().toList();
        } else if (c.has("date")) {
            if (c.has("from") || c.has("to")) {
                throw new IllegalArgumentException("give either --date D or --from D1 --to D2, not both");
            }
            dates.add(date(c, "date"));
        } else if (c.has("from") && c.has("to")) {
            LocalDate from = date(c, "from");
            LocalDate to = date(c, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("--to " + to + " is before --from " + from);
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                dates.add(d);
            }
        } else {
            throw new IllegalArgumentException("a date is required: --date YYYY-MM-DD, --from YYYY-MM-DD --to"
                    + " YYYY-MM-DD for a backfill, or --catch-up-to YYYY-MM-DD|yesterday");
        }
        String type = c.get(CivicConfig.CATALOG_TYPE, "rest").toLowerCase(Locale.ROOT);
        if (!type.equals("rest") && !type.equals("hadoop")) {
            throw new IllegalArgumentException("catalog.type must be rest or hadoop, not " + type
                    + " (for another catalog, name its class with " + CATALOG_IMPL + ")");
        }
        if (c.has(CATALOG_IMPL) && c.has(CivicConfig.CATALOG_TYPE)) {
            throw new IllegalArgumentException("give catalog.type or " + CATALOG_IMPL + ", not both");
        }
        long catchUpDays = c.getLong(CATCH_UP_DAYS, 7);
        if (catchUpDays < 1 || catchUpDays > 366) {
            throw new IllegalArgumentException(CATCH_UP_DAYS + " must be between 1 and 366, not " + catchUpDays);
        }
        String check = c.get(CHECK_UPSTREAM, "true").strip().toLowerCase(Locale.ROOT);
        if (!check.equals("true") && !check.equals("false")) {
            throw new IllegalArgumentException(CHECK_UPSTREAM + " must be true or false, not " + check);
        }
        String triggeredBy = c.get(TRIGGERED_BY, "manual").strip();
        if (!triggeredBy.matches("[A-Za-z0-9_.:@/-]{1,100}")) {
            throw new IllegalArgumentException(TRIGGERED_BY + " must be a short name (letters, digits, _.:@/-)");
        }
        return new BatchSettings(
                jobs,
                List.copyOf(dates),
                catchUpTo,
                (int) catchUpDays,
                check.equals("true"),
                triggeredBy,
                c.get(CivicConfig.CATALOG_NAME, "lake"),
                type,
                (int) c.getLong("batch.shuffle-partitions", 8),
                c);
    }

    private static LocalDate date(CivicConfig c, String key) {
        return date(key, c.get(key));
    }

    private static LocalDate date(String key, String v) {
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + key + " " + v + " is not a date (YYYY-MM-DD)");
        }
    }
}
