package org.civicinsights.batch;

/** The outcome of one job for one date, as meta.job_runs records it. */
public enum JobStatus {
    OK("ok"),
    FAILED("failed"),
    /** Not run: an upstream job had not succeeded for the date. */
    SKIPPED("skipped");

    private final String label;

    JobStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static JobStatus of(String label) {
        for (JobStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown job status " + label);
    }
}
