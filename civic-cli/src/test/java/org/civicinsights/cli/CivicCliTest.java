package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CivicCliTest {

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {
            {"--help"},
            {"demo", "--help"},
            {"stack", "--help"},
            {"stack", "up", "--help"},
            {"stack", "down", "--help"},
            {"stack", "status", "--help"},
            {"ddl", "--help"},
            {"ddl", "migrate", "--help"},
            {"ddl", "list", "--help"},
            {"generate", "--help"},
            {"ingest", "--help"},
            {"sql", "--help"}
        }) {
            assertThat(CivicCli.run(cmd)).as(String.join(" ", cmd)).isZero();
        }
    }

    @Test
    void badInputGivesANonZeroExitCode() {
        assertThat(CivicCli.run("no-such-command")).isNotZero();
        assertThat(CivicCli.run("generate", "--events", "-5", "--file", "/tmp/civic-never-written.jsonl"))
                .isEqualTo(2);
        assertThat(CivicCli.run("sql")).isNotZero();
    }

    @Test
    void messageIncludesCauses() {
        Exception e = new IllegalStateException("outer", new RuntimeException("root cause"));
        assertThat(CivicCli.message(e)).isEqualTo("outer\n  caused by: root cause");
    }
}
