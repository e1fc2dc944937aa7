package org.civicinsights.batch;

/** When a job runs: every day, only when someone asks (a file the CRM sent), or as an export after the day's jobs. */
public enum JobKind {
    /** Part of {@code all} and of the schedule: runs for every date, catching up missed ones. */
    DAILY("daily"),
    /** Runs only when named (e.g. importing a file the CRM sent), never by a schedule or {@code all}. */
    ON_DEMAND("on-demand"),
    /** Sends something out (the CRM's outreach changes): scheduled on its own, never by {@code all} or a backfill. */
    EXPORT("export");

    private final String label;

    JobKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
