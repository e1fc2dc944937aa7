package org.civicinsights.batch;

import java.util.List;

/**
 * What a batch job declares about itself, so that the runner, the CLI, the scheduler and the
 * Airflow DAGs all read one graph: its name, its kind, the jobs that must have succeeded for the
 * same date before it runs, the tables it writes, and one line on what it does.
 */
public record JobSpec(String name, JobKind kind, List<String> needs, List<TableSpec> outputs, String summary) {
    public JobSpec {
        needs = List.copyOf(needs);
        outputs = List.copyOf(outputs);
        if (!name.matches("[a-z]+")) {
            throw new IllegalArgumentException("job name " + name + " must be lower-case letters");
        }
    }

    public List<String> outputNames() {
        return outputs.stream().map(TableSpec::name).toList();
    }
}
