package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class JobRunsViewTest {
    @Test
    void aTrinoThatDoesNotAnswerIsOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "jdbc:trino://127.0.0.1:" + port;
        JobRunsView.View view = JobRunsView.read(CivicConfig.of(Map.of(CivicConfig.TRINO_URL, url)));
        assertThat(view.available()).isFalse();
        assertThat(view.unavailable())
                .isEqualTo("Trino does not answer at " + url + " (is the stack up? civic stack status)");
    }

    @Test
    void aMissingTableOrSchemaSaysTheFirstBatchRunCreatesIt() {
        // Trino's messages for a query on a table or schema that is not there
        for (String message : new String[] {
            "Query failed (#20261207_1): line 9:18: Table 'lake.meta.job_runs' does not exist",
            "Query failed (#20261207_2): line 9:18: Schema 'meta' does not exist"
        }) {
            assertThat(JobRunsView.whyUnavailable(new SQLException(message), "jdbc:trino://127.0.0.1:1"))
                    .isEqualTo("meta.job_runs does not exist yet: the first `civic batch run` creates it");
        }
        assertThat(JobRunsView.whyUnavailable(
                        new SQLException("Query failed (#3): Trino server is still initializing\n\tat x"),
                        "jdbc:trino://h:1"))
                .isEqualTo("Trino at jdbc:trino://h:1 could not read meta.job_runs: Query failed (#3): Trino server"
                        + " is still initializing");
    }

    @Test
    void aLongMessageIsCutToOneShortLine() {
        assertThat(JobRunsView.shorten("upstream sla has no ok run for 2026-12-08\ncaused by: x"))
                .isEqualTo("upstream sla has no ok run for 2026-12-08");
        assertThat(JobRunsView.shorten("x".repeat(150))).hasSize(100).endsWith("...");
        assertThat(JobRunsView.shorten(null)).isEmpty();
    }
}
