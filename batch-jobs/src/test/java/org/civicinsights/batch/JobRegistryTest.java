package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.civicinsights.batch.cases.CasesJob;
import org.junit.jupiter.api.Test;

class JobRegistryTest {
    /** The copy the Airflow DAGs read; regenerate with ./civic batch list --format json > that file. */
    static final Path DAG_GRAPH = Path.of("..", "orchestration", "airflow", "dags", "civic_jobs.json");

    @Test
    void everyJobComesAfterWhatItNeedsAndTablesHaveOneWriter() {
        Set<String> seen = new HashSet<>();
        Set<String> tables = new HashSet<>();
        for (JobSpec s : BatchJobs.specs()) {
            assertThat(seen).as(s.name()).containsAll(s.needs());
            assertThat(s.outputs()).as(s.name()).isNotEmpty();
            s.outputNames().forEach(t -> assertThat(tables.add(t)).as(t).isTrue());
            seen.add(s.name());
        }
        assertThat(BatchJobs.daily())
                .containsExactly(
                        "cases", "sla", "contacts", "deflection", "satisfaction", "profile", "segments", "clusters");
        assertThat(BatchJobs.spec("outreach").kind()).isEqualTo(JobKind.EXPORT);
        assertThat(BatchJobs.spec("consent").kind()).isEqualTo(JobKind.ON_DEMAND);
    }

    @Test
    void aSelectionRunsInRegistryOrder() {
        assertThat(BatchJobs.resolve("segments, cases,sla")).containsExactly("cases", "sla", "segments");
        assertThat(BatchJobs.resolve("all")).isEqualTo(BatchJobs.daily());
        assertThatThrownBy(() -> BatchJobs.resolve("cases,nope")).hasMessageContaining("unknown job 'nope'");
    }

    @Test
    void aCycleOrAnUnknownNeedIsRefused() {
        BatchJob needsLater = new BatchJob() {
            @Override
            public JobSpec spec() {
                return new JobSpec("early", JobKind.DAILY, List.of("cases"), List.of(), "needs a later job");
            }

            @Override
            public JobResult run(org.apache.spark.sql.SparkSession spark, BatchSettings s, java.time.LocalDate d) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> BatchJobs.register(List.of(needsLater, new CasesJob())))
                .hasMessageContaining("job early needs cases, which is not registered before it");
        assertThatThrownBy(() -> BatchJobs.register(List.of(new CasesJob(), new CasesJob())))
                .hasMessageContaining("is declared by two jobs");
    }

    @Test
    void theAirflowCopyOfTheGraphIsCurrent() throws Exception {
        assertThat(Files.readString(DAG_GRAPH))
                .as(
                        "%s is stale: regenerate it with ./civic batch list --format json > orchestration/airflow/dags/"
                                + "civic_jobs.json",
                        DAG_GRAPH)
                .isEqualTo(JobGraph.json());
        assertThat(JobGraph.text()).contains("profile", "needs sla", "all = the daily jobs: cases, sla,");
    }
}
