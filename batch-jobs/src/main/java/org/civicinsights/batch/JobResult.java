package org.civicinsights.batch;

import java.util.List;
import java.util.Map;

/**
 * What a job run reports: row counts and figures for the summary, and its data-quality checks.
 * {@code qualityJob} is the name its rows get in meta.data_quality (which keeps one set per date and
 * name): null for the job's own name, empty for a run that must not replace them (a dry run).
 */
public record JobResult(Map<String, Long> figures, List<QualityCheck> checks, String qualityJob) {
    public JobResult(Map<String, Long> figures, List<QualityCheck> checks) {
        this(figures, checks, null);
    }

    public List<QualityCheck> failedHardChecks() {
        return checks.stream()
                .filter(c -> c.severity() == QualityCheck.Severity.HARD && !c.passed())
                .toList();
    }
}
