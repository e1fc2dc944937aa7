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
 * {@code config} holds them all, for the options of single jobs (such as {@code segments.dir}).
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
        String catalogUri,
        String warehouse,
        String master,
        int shufflePartitions,
        CivicConfig config) {

    /**
     * Every key the batch jobs read (the run here; single jobs' options: segments, clusters,
     * consent, outreach; {@code --config}), plus {@code catalog.} (Iceberg catalog properties) and
     * {@code spark.} (Spark settings). The Kubernetes manifests under deploy/kubernetes are checked
     * against it.
     */
    public static final AcceptedKeys ACCEPTED = new AcceptedKeys(
            Set.of(
                    "config",
                    "job",
                    "date",
                    "dates",
                    "from",
                    "to",
                    CivicConfig.CATALOG_NAME,
                    CivicConfig.CATALOG_URI,
                    "catalog.type",
                    "catalog.warehouse",
                    "spark.master",
                    "batch.shuffle-partitions",
                    "segments.dir",
                    ClustersJob.K_MIN_PROPERTY,
                    ClustersJob.K_MAX_PROPERTY,
                    ConsentJob.CONSENT_FILE,
                    ConsentJob.SUPPRESSION_FILE,
                    CivicConfig.PSEUDONYMISATION_KEY,
                    CivicConfig.PSEUDONYMISATION_KEY_FILE,
                    CivicConfig.KAFKA_BOOTSTRAP,
                    CivicConfig.OUTREACH_TOPIC,
                    "outreach.outbox",
                    "outreach.campaign",
                    "outreach.dry-run",
                    "outreach.max-contacts",
                    "outreach.window-days",
                    "outreach.allow-earlier-date",
                    "outreach.kafka-timeout-ms",
                    "campaigns.dir"),
            Set.of("catalog.", "spark."));

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
        String type = c.get("catalog.type", "rest").toLowerCase(Locale.ROOT);
        if (!type.equals("rest") && !type.equals("hadoop")) {
            throw new IllegalArgumentException("catalog.type must be rest or hadoop, not " + type);
        }
        return new BatchSettings(
                jobs,
                List.copyOf(dates),
                c.get(CivicConfig.CATALOG_NAME, "lake"),
                type,
                c.get(CivicConfig.CATALOG_URI),
                c.get("catalog.warehouse", null),
                c.get("spark.master", null),
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
