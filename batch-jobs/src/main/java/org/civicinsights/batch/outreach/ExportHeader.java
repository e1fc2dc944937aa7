package org.civicinsights.batch.outreach;

import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;
import org.civicinsights.batch.YamlDefinitions;

/**
 * What every row of one export shares: one campaign's delta of one run.
 *
 * <p>{@code runId} and {@code campaign} name the export directory, so they are checked to be plain
 * path segments; a run id may not start with {@code _} or {@code .}, which would hide the export
 * from {@link Outbox#runs} and clash with its temporary directories.
 *
 * @param previousRunId the run the delta is computed against; null for the first export of the campaign
 * @param listSize the campaign's full list size after this run, so the CRM can check its own state
 */
public record ExportHeader(
        String runId,
        String previousRunId,
        LocalDate runDate,
        String campaign,
        int campaignVersion,
        String template,
        int priority,
        long listSize) {

    /** Letters, digits, {@code . _ -}, starting with a letter or digit: safe as a directory name on every file system. */
    static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ExportHeader {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(runDate, "runDate");
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(template, "template");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId
                    + "' must be letters, digits, '.', '_' and '-' (1-128, starting with a letter or digit)");
        }
        if (previousRunId != null && (previousRunId.isBlank() || previousRunId.equals(runId))) {
            throw new IllegalArgumentException(
                    "previous run id '" + previousRunId + "' must be null (first export) or another run's id");
        }
        if (!YamlDefinitions.NAME.matcher(campaign).matches()) {
            throw new IllegalArgumentException("campaign '" + campaign + "' is not a campaign name");
        }
        if (campaignVersion < 1 || priority < 1 || listSize < 0) {
            throw new IllegalArgumentException("campaign " + campaign
                    + ": version and priority must be at least 1 and the list size not negative, got " + campaignVersion
                    + ", " + priority + ", " + listSize);
        }
    }
}
