package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading the JobManager's REST answers (shapes as Flink 2.1.1 sends them). */
class FlinkRestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void overviewTaskManagersAndJobs() throws Exception {
        assertThat(FlinkRest.overview(
                        JSON.readTree("{\"taskmanagers\":2,\"slots-total\":4,\"slots-available\":2,\"jobs-running\":1,"
                                + "\"jobs-finished\":0,\"flink-version\":\"2.1.1\"}")))
                .isEqualTo(new FlinkRest.Overview(2, 4, 2, 1));
        assertThat(FlinkRest.taskManagers(JSON.readTree(
                        "{\"taskmanagers\":[{\"id\":\"flink-tm-1\",\"path\":\"pekko.tcp://x\",\"dataPort\":1,"
                                + "\"slotsNumber\":2,\"freeSlots\":1}]}")))
                .containsExactly(new FlinkRest.TaskManager("flink-tm-1", 2, 1));
        var jobs = FlinkRest.jobs(JSON.readTree("{\"jobs\":[{\"jid\":\"a1\",\"name\":\"civic-ingest t\",\"state\":"
                + "\"RESTARTING\"},{\"jid\":\"b2\",\"name\":\"civic-ingest t\",\"state\":\"CANCELED\"}]}"));
        assertThat(jobs)
                .containsExactly(
                        new FlinkRest.Job("a1", "civic-ingest t", "RESTARTING"),
                        new FlinkRest.Job("b2", "civic-ingest t", "CANCELED"));
        assertThat(jobs.get(0).terminal()).isFalse();
        assertThat(jobs.get(1).terminal()).isTrue();
    }

    @Test
    void aJobIsRunningOnlyWhenEveryVertexIs() throws Exception {
        String job = "{\"jid\":\"a1\",\"name\":\"n\",\"state\":\"RUNNING\",\"vertices\":["
                + "{\"id\":\"v1\",\"status\":\"RUNNING\"},{\"id\":\"v2\",\"status\":\"%s\"}]}";
        assertThat(FlinkRest.jobDetail(JSON.readTree(String.format(job, "RUNNING")))
                        .allRunning())
                .isTrue();
        var deploying = FlinkRest.jobDetail(JSON.readTree(String.format(job, "DEPLOYING")));
        assertThat(deploying.allRunning()).isFalse();
        assertThat(deploying.vertexIds()).containsExactly("v1", "v2");
    }

    @Test
    void theLatestFailureIsItsFirstLine() throws Exception {
        assertThat(FlinkRest.latestFailure(JSON.readTree("{\"exceptionHistory\":{\"entries\":[{\"stacktrace\":"
                        + "\"java.lang.IllegalStateException: boom\\n\\tat x.y(Z.java:1)\"}]}}")))
                .contains("java.lang.IllegalStateException: boom");
        assertThat(FlinkRest.latestFailure(JSON.readTree("{\"exceptionHistory\":{\"entries\":[]}}")))
                .isEmpty();
    }
}
