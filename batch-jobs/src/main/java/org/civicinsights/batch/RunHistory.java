package org.civicinsights.batch;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What meta.job_runs says about earlier runs, as the runner needs it: which job succeeded for which
 * date, each job's newest successful date (where catch-up resumes), and how many attempts a job and
 * date already had. Updated as this invocation records its own runs.
 */
public final class RunHistory {
    private final Set<String> ok = new HashSet<>();
    private final Map<String, LocalDate> newestOk = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();

    /** Adds one recorded run: its job, date and status. */
    public void add(String job, LocalDate date, JobStatus status) {
        attempts.merge(key(job, date), 1, Integer::sum);
        if (status == JobStatus.OK) {
            ok.add(key(job, date));
            newestOk.merge(job, date, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    public boolean succeeded(String job, LocalDate date) {
        return ok.contains(key(job, date));
    }

    /** The newest date the job succeeded for; empty when it never did. */
    public Optional<LocalDate> newestOk(String job) {
        return Optional.ofNullable(newestOk.get(job));
    }

    /** The attempt number the next run of this job and date gets: 1 for the first. */
    public int nextAttempt(String job, LocalDate date) {
        return attempts.getOrDefault(key(job, date), 0) + 1;
    }

    private static String key(String job, LocalDate date) {
        return job + "@" + date;
    }
}
