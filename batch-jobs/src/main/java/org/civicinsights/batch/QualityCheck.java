package org.civicinsights.batch;

/**
 * One data-quality rule evaluated by a job run. A HARD rule guards an invariant of our own
 * computation (a broken one means the tables would be wrong): the run fails, naming it. A SOFT
 * rule counts problems in the source data (a case closed before it was opened, an unknown service
 * code): reported in meta.data_quality and the summary, the run goes on.
 */
public record QualityCheck(String name, Severity severity, long failingRows, String description) {
    public enum Severity {
        HARD,
        SOFT
    }

    public boolean passed() {
        return failingRows == 0;
    }

    public static QualityCheck hard(String name, long failingRows, String description) {
        return new QualityCheck(name, Severity.HARD, failingRows, description);
    }

    public static QualityCheck soft(String name, long failingRows, String description) {
        return new QualityCheck(name, Severity.SOFT, failingRows, description);
    }
}
