package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import org.civicinsights.cli.security.TrinoAccessChecks;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A secured stack's Trino (HTTPS, password logins, file-based access control by role), with a
 * little data and one batch day so that every table and view the roles are about exists: each role
 * reads what it may and is refused the rest, logins without the right password are refused, and
 * the stack's own commands work on their least role. Small on purpose (no continuous ingest, 1,500
 * events); WalkingSkeletonIT may run the same checks on its secured stack instead.
 */
class TrinoSecurityIT {
    static TestStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        long t0 = System.nanoTime();
        stack = TestStack.start("civic-trino-security", false, Map.of("stack.security", "on"));
        String today = LocalDate.now().toString();
        assertThat(stack.cli(
                        "generate",
                        "--events",
                        "1500",
                        "--citizens",
                        "300",
                        "--days",
                        "20",
                        "--seed",
                        "17",
                        "--malformed-share",
                        "0.01"))
                .isZero();
        stack.cliOutput("ingest");
        // as the engineer's Spark jobs, then `ddl views` as the ddl user: the views' owner
        stack.cliOutput("batch", "run", "all", "--date", today);
        System.out.printf("secured stack with a batch day ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void eachRoleReadsWhatItMayAndIsRefusedTheRest() throws Exception {
        TrinoAccessChecks.assertRoles(stack.client);
    }

    @Test
    void loginsNeedTheRightPasswordOverHttps() throws Exception {
        TrinoAccessChecks.assertLogins(stack.client);
    }

    @Test
    void civicSqlRefusesTheAnalystOnSegmentMembershipInOneLine() {
        TrinoAccessChecks.assertSqlCommandRefusesTheAnalyst(stack.dataDir);
    }

    @Test
    void theStacksCommandsWorkOnTheirLeastRole() throws Exception {
        String key;
        try (Connection c = TrinoConnections.open(stack.client, TrinoRole.ENGINEER);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT citizen_key FROM raw.interactions WHERE citizen_key IS NOT NULL LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            key = rs.getString(1);
        }
        // crm_operator: the story, from the reporting views only
        assertThat(stack.cliOutput("story", key)).contains("Story of");
        // analyst: the rejected records without their payload
        assertThat(stack.cliOutput("rejected", "list")).contains("reason");
        // manager, by name
        assertThat(stack.cliOutput("sql", "--user", "manager", "SELECT count(*) AS n FROM reporting.sla_period"))
                .contains("n");
        // engineer: maintenance
        assertThat(stack.cliOutput("maintain", "--table", "raw.duplicate_events"))
                .contains("raw.duplicate_events after:");
        // ddl: the migrations again (idempotent), then the views
        assertThat(stack.cliOutput("ddl", "migrate")).contains("views:");
    }
}
