package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On JSON captured from a real Spark 4.1.0 Master of the local stack's cluster (see the file names). */
class SparkMasterStatusTest {
    static String captured(String name) throws Exception {
        try (InputStream in = SparkMasterStatusTest.class.getResourceAsStream("/spark/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheWorkersAndApplicationsOfARealMaster() throws Exception {
        // after `civic batch run all`, `civic outreach run` and the scheduler's daily batch
        SparkMasterStatus s = SparkMasterStatus.parse(captured("master-status-after-three-apps.json"));
        assertThat(s.alive()).isTrue();
        assertThat(s.url()).isEqualTo("spark://127.0.0.1:19077");
        assertThat(s.workers()).singleElement().satisfies(w -> {
            assertThat(w.alive()).isTrue();
            assertThat(w.cores()).isEqualTo(1);
            assertThat(w.memoryMb()).isEqualTo(1024);
            assertThat(w.webUiAddress()).isEqualTo("http://127.0.0.1:19091");
        });
        assertThat(s.workerAlive(19091)).isTrue();
        assertThat(s.workerAlive(8091)).isFalse();
        assertThat(s.activeApps()).isEmpty();
        assertThat(s.completedApps())
                .extracting(SparkMasterStatus.Application::name)
                .containsExactly(
                        "civic-batch cases,sla,contacts,deflection,satisfaction,profile,segments,clusters",
                        "civic-batch outreach",
                        "civic-batch cases,sla,contacts,deflection,satisfaction,profile,segments,clusters");
        assertThat(s.completedApps()).allMatch(a -> a.state().equals("FINISHED") && a.durationMs() > 60_000);
        assertThat(s.summary()).isEqualTo(Map.of("workers", 1L, "active_apps", 0, "completed_apps", 3));
    }

    @Test
    void aMasterJustStartedIsOnStandbyWithoutWorkersAndNotYetHealthy() throws Exception {
        // its web UI answers before it has elected itself leader
        SparkMasterStatus s = SparkMasterStatus.parse(captured("master-status-starting.json"));
        assertThat(s.status()).isEqualTo("STANDBY");
        assertThat(s.alive()).isFalse();
        assertThat(s.aliveWorkers()).isZero();
        assertThat(s.workerAlive(19091)).isFalse();
        assertThat(s.summary()).containsEntry("workers", 0L).containsEntry("completed_apps", 0);
    }

    @Test
    void somethingElseOnThePortIsNotAMaster() {
        assertThatThrownBy(() -> SparkMasterStatus.parse("<html>Trino</html>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SparkMasterStatus.parse("{\"id\":\"worker-1\",\"masterurl\":\"spark://x\"}"))
                .hasMessageContaining("no 'status'");
    }
}
