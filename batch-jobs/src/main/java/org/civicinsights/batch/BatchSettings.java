package org.civicinsights.batch;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.civicinsights.batch.clusters.ClustersJob;
import org.civicinsights.batch.consent.ConsentJob;
import org.civicinsights.common.config.AcceptedKeys;
import org.civicinsights.common.config.CivicConfig;

/**
 * What a batch run does and against which lake: jobs, dates, catalog. Read from {@code --key value}
 * arguments (as spark-submit passes them), a {@code --config} file and CIVIC_* variables;
 * {@code config} holds them all, for the options of single jobs (such as {@code segments.dir}),
 * the catalog's properties ({@code catalog.*}) and Spark settings ({@code spark.*}), which
 * {@link SparkSessionSettings} turns into the session's settings.
 *
 * @param dates each date of the run, oldest first: {@code --date D}, every day of
 *     {@code --from D1 --to D2} (a backfill runs day by day, so each day is the same as its own
 *     run), or the days listed by {@code --dates D1,D2,...}
 */
public record BatchSettings(
        List<String> jobs,
        List<LocalDate> dates,
        String catalogName,
        String catalogType,
        int shufflePartitions,
        CivicConfig config) {

    /** A catalog class other than Iceberg's REST or file-system catalog: then catalog.type does not apply. */
    public static final String CATALOG_IMPL = "catalog.catalog-impl";

    /**
     * Every key the batch jobs read, and the prefixes passed through: {@code catalog.} to the
     * Iceberg catalog, {@code spark.} to the Spark session.
     */
    public static final AcceptedKeys ACCEPTED = new AcceptedKeys(
            Set.of(
                    "config",
                    "job",
                    "date",
                    "from",
                    "to",
                    "dates",
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
                    CivicConfig.KAFKA_BOOTSTRAP,
                    CivicConfig.PSEUDONYMISATION_KEY,
                    CivicConfig.PSEUDONYMISATION_KEY_FILE),
            Set.of(CivicConfig.CATALOG_PREFIX, SparkSessionSettings.SPARK_PREFIX));

    public static BatchSettings from(CivicConfig c) {
        String job = c.get("job", null);
        if (job == null) {
            throw new IllegalArgumentException("--job is required: " + String.join(", ", BatchJobs.ORDER) + " or all");
        }
        List<String> jobs = BatchJobs.resolve(job);
        List<LocalDate> dates = new ArrayList<>();
        if (c.has("dates")) {
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
            throw new IllegalArgumentException(
                    "a date is required: --date YYYY-MM-DD, or --from YYYY-MM-DD --to YYYY-MM-DD for a backfill");
        }
        String type = c.get(CivicConfig.CATALOG_TYPE, "rest").toLowerCase(Locale.ROOT);
        if (!type.equals("rest") && !type.equals("hadoop")) {
            throw new IllegalArgumentException("catalog.type must be rest or hadoop, not " + type
                    + " (for another catalog, name its class with " + CATALOG_IMPL + ")");
        }
        if (c.has(CATALOG_IMPL) && c.has(CivicConfig.CATALOG_TYPE)) {
            throw new IllegalArgumentException("give catalog.type or " + CATALOG_IMPL + ", not both");
        }
        return new BatchSettings(
                jobs,
                List.copyOf(dates),
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
