package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.Map;
import org.civicinsights.cli.security.CatalogAccessChecks;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.common.calendar.RomeTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A secured stack's Iceberg REST catalog (stack.security=on): it turns away requests without a
 * valid token, and every engine reaches it with its own OAuth2 client: Trino (the migrations of
 * `stack up` and a query), the Flink ingest job (`civic ingest` on a MiniCluster) and a Spark batch
 * job (`civic batch run cases`, local mode). Small on purpose: the cluster topology's clients
 * (flink run, spark-submit) are checked where that topology runs.
 */
class CatalogSecurityIT {
    static TestStack stack;

    @BeforeAll
    static void startSecuredStack() throws Exception {
        stack = TestStack.start("civic-catalog-security-it", false, Map.of("stack.security", "on"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void onlyClientsWithTokensReachTheCatalogAndEveryEngineHasOne() throws Exception {
        CatalogAccessChecks.assertRefusals(stack.client, stack.dataDir);
        CatalogAccessChecks.assertGoodClientWorks(stack.client);

        assertThat(stack.cliOutput("generate", "--events", "2000", "--seed", "17", "--citizens", "400"))
                .isNotEmpty();
        assertThat(stack.cliOutput("ingest")).contains("INGEST-SUMMARY {\"read\":2000,");
        String today = LocalDate.now(RomeTime.ZONE).toString();
        stack.cliOutput("batch", "run", "cases", "--date", today);

        try (Connection c = TrinoConnections.open(stack.client)) {
            long interactions = TestStack.queryLong(c, "SELECT count(*) FROM raw.interactions");
            long rejected = TestStack.queryLong(c, "SELECT count(*) FROM raw.rejected_events");
            long duplicates = TestStack.queryLong(c, "SELECT count(*) FROM raw.duplicate_events");
            assertThat(interactions + rejected + duplicates).isEqualTo(2000);
            assertThat(TestStack.queryLong(c, "SELECT count(*) FROM core.cases"))
                    .isPositive();
        }
        CatalogAccessChecks.assertNoCatalogSecretLeaked(stack.client, stack.dataDir, stack.processes());
    }
}
