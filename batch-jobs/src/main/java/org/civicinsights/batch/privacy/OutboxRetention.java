package org.civicinsights.batch.privacy;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention outside the lake: the outreach outbox keeps one directory per campaign and run,
 * {@code <outbox>/<campaign>/<run date>-r<n>/} (docs/crm-export.md), whose files hold the citizen
 * keys of that run's list changes. They are the same personal data as activation.outreach_delta, so
 * they go when its rows do: a run directory whose run date is before the first kept day is deleted,
 * and so are a failed run's ({@code _failed-<run id>}) and an abandoned staging directory
 * ({@code _tmp-<run id>-<random>}). The CRM applied such an export long ago; the chain of later
 * exports does not read it.
 */
public final class OutboxRetention {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRetention.class);
    private static final Pattern RUN_DIR = Pattern.compile("^(?:_failed-|_tmp-)?(\\d{4}-\\d{2}-\\d{2})-r\\d+(?:-.*)?$");

    private OutboxRetention() {}

    /** The run date a directory of a campaign stands for, or empty for a name that is no run's. */
    static Optional<LocalDate> runDate(String directoryName) {
        Matcher m = RUN_DIR.matcher(directoryName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(m.group(1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether a campaign's directory is an export older than the first kept day. */
    static boolean expired(String directoryName, LocalDate keptFrom) {
        return runDate(directoryName).map(d -> d.isBefore(keptFrom)).orElse(false);
    }

    /** Deletes the expired run directories of every campaign under {@code outboxUri}; returns how many. */
    public static long enforce(Configuration conf, String outboxUri, LocalDate keptFrom) throws IOException {
        Path outbox = new Path(outboxUri);
        FileSystem fs = outbox.getFileSystem(conf);
        if (!fs.exists(outbox)) {
            return 0;
        }
        long removed = 0;
        for (FileStatus campaign : fs.listStatus(outbox)) {
            if (!campaign.isDirectory()) {
                continue;
            }
            for (FileStatus run : fs.listStatus(campaign.getPath())) {
                if (run.isDirectory() && expired(run.getPath().getName(), keptFrom)) {
                    if (!fs.delete(run.getPath(), true)) {
                        throw new IOException("could not delete " + run.getPath());
                    }
                    removed++;
                }
            }
        }
        LOG.info("outbox {}: {} export directories from before {} deleted", outboxUri, removed, keptFrom);
        return removed;
    }
}
