package org.civicinsights.batch;

import java.util.List;

/**
 * What a batch job declares about itself, so that the runner, the CLI, the scheduler and the
 * Airflow DAGs all read one graph: its name, its kind, the jobs that must have succeeded for the
 * same date before it runs, the tables it writes, one line on what it does, and the jobs whose
 * tables it also reads without needing them to have run for the date ({@code reads}: outreach reads
 * the consent the CRM last sent, whenever that was).
 */
public record JobSpec(
        String name, JobKind kind, List<String> needs, List<TableSpec> outputs, String summary, List<String> reads) {
    public JobSpec(String name, JobKind kind, List<String> needs, List<TableSpec> outputs, String summary) {
        this(name, kind, needs, outputs, summary, List.of());
    }

    public JobSpec {
        needs = List.copyOf(needs);
        outputs = List.copyOf(outputs);
        reads = List.copyOf(reads);
        if (!name.matches("[a-z]+")) {
            throw new IllegalArgumentException("job name " + name + " must be lower-case letters");
        }
    }

    public List<String> outputNames() {
        return outputs.stream().map(TableSpec::name).toList();
    }
}
