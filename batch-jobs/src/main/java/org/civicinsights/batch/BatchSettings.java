package org.civicinsights.batch;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.civicinsights.common.config.CivicConfig;

/**
 * What a batch run does and against which lake: jobs, dates, catalog. Read from {@code --key value}
 * arguments (as spark-submit passes them), a {@code --config} file and CIVIC_* variables;
 * {@code config} holds them all, for the options of single jobs (such as {@code segments.dir}).
 */
public record BatchSettings(List<String> jobs, LocalDate from, LocalDate to, String catalogName, String catalogType,
                            String catalogUri, String warehouse, String master, int shufflePartitions, CivicConfig config) {

    public static BatchSettings from(CivicConfig c) {
        String job = c.get("job", null);
        if (job == null) {
            throw new IllegalArgumentException("--job is required: " + String.join(", ", BatchJobs.ORDER) + " or all");
        }
        List<String> jobs = BatchJobs.resolve(job);
        LocalDate from;
        LocalDate to;
        if (c.has("date")) {
            if (c.has("from") || c.has("to")) {
                throw new IllegalArgumentException("give either --date D or --from D1 --to D2, not both");
            }
            from = to = date(c, "date");
        } else if (c.has("from") && c.has("to")) {
            from = date(c, "from");
            to = date(c, "to");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("--to " + to + " is before --from " + from);
            }
        } else {
            throw new IllegalArgumentException("a date is required: --date YYYY-MM-DD, or --from YYYY-MM-DD --to YYYY-MM-DD for a backfill");
        }
        String type = c.get("catalog.type", "rest").toLowerCase(Locale.ROOT);
        if (!type.equals("rest") && !type.equals("hadoop")) {
            throw new IllegalArgumentException("catalog.type must be rest or hadoop, not " + type);
        }
        return new BatchSettings(jobs, from, to, c.get(CivicConfig.CATALOG_NAME, "lake"), type,
                c.get(CivicConfig.CATALOG_URI), c.get("catalog.warehouse", null), c.get("spark.master", null),
                (int) c.getLong("batch.shuffle-partitions", 8), c);
    }

    /** Each date of the run, oldest first (a backfill runs day by day, so each day is the same as its own run). */
    public List<LocalDate> dates() {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    private static LocalDate date(CivicConfig c, String key) {
        String v = c.get(key);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--" + key + " " + v + " is not a date (YYYY-MM-DD)");
        }
    }
}
