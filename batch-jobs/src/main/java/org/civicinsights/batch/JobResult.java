package org.civicinsights.batch;

import java.util.List;
import java.util.Map;

/** What a job run reports: row counts and figures for the summary, and its data-quality checks. */
public record JobResult(Map<String, Long> figures, List<QualityCheck> checks) {
    public List<QualityCheck> failedHardChecks() {
        return checks.stream().filter(c -> c.severity() == QualityCheck.Severity.HARD && !c.passed()).toList();
    }
}
