package org.civicinsights.batch;

import java.time.LocalDate;
import java.util.Map;

/** Whether a job may run for a date: each job it needs must have succeeded for that same date. */
public final class Upstream {
    private Upstream() {}

    /**
     * Why the job must not run for the date, or null when it may. {@code thisRun} holds what the
     * jobs already attempted for the date in this invocation did: a failed or skipped upstream job
     * skips its dependents even when {@code check} is off (they would read its half-done tables).
     */
    public static String skipReason(
            JobSpec job, LocalDate date, RunHistory history, Map<String, JobStatus> thisRun, boolean check) {
        for (String need : job.needs()) {
            JobStatus now = thisRun.get(need);
            if (now == JobStatus.FAILED || now == JobStatus.SKIPPED) {
                return "upstream job " + need + " " + now.label() + " for " + date;
            }
        }
        if (!check) {
            return null;
        }
        for (String need : job.needs()) {
            if (!history.succeeded(need, date)) {
                return "needs " + need + " to have succeeded for " + date + " (meta.job_runs has no ok run of it):"
                        + " run civic batch run " + need + " --date " + date + " first, or catch up with"
                        + " --catch-up-to";
            }
        }
        return null;
    }
}
