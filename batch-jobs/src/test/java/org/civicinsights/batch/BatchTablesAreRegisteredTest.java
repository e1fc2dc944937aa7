package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;
import org.junit.jupiter.api.Test;

/**
 * Every table a batch job declares, and the runner's own, is in the register of personal data
 * (privacy/register.yaml): a new job's table fails here until its personal data, retention,
 * readers and erasure are written down. No Spark: the job graph is plain data.
 */
class BatchTablesAreRegisteredTest {
    @Test
    void everyTableTheBatchJobsWriteIsInTheRegister() {
        Set<String> written = new TreeSet<>();
        BatchJobs.RUNNER_TABLES.forEach(t -> written.add(t.name()));
        BatchJobs.specs().forEach(spec -> written.addAll(spec.outputNames()));
        assertThat(written).contains(BatchTables.CASES, QualityLog.TABLE, "activation.outreach_list");

        Set<String> registered = DataRegister.bundled().tables().stream()
                .map(RegisteredTable::name)
                .collect(Collectors.toSet());
        assertThat(registered).containsAll(written);
    }
}
