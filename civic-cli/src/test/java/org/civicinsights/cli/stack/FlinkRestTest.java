package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
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
                .containsExactly(new FlinkRest.TaskManager("flink-tm-1", "pekko.tcp://x", 1, 2, 1));
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
    void aTaskManagerRestartedUnderTheSameIdIsHealthyOnlyOnceTheNewProcessRegistered() throws Exception {
        String list = "{\"taskmanagers\":[{\"id\":\"flink-tm-1\",\"path\":\"pekko.tcp://flink@127.0.0.1:%d/user/rpc/"
                + "taskmanager_0\",\"dataPort\":%d,\"timeSinceLastHeartbeat\":1765100000000,\"slotsNumber\":2,"
                + "\"freeSlots\":2}]}";
        var dead = FlinkRest.taskManagers(JSON.readTree(String.format(list, 40111, 40222)))
                .get(0);
        var fresh = FlinkRest.taskManagers(JSON.readTree(String.format(list, 40333, 40444)))
                .get(0);
        assertThat(fresh.id()).isEqualTo(dead.id());
        // the JobManager still lists the killed process: not healthy yet
        assertThat(FlinkTaskManager.registeredAnew(Optional.of(dead), Optional.of(dead)))
                .isFalse();
        assertThat(FlinkTaskManager.registeredAnew(Optional.of(fresh), Optional.of(dead)))
                .isTrue();
        assertThat(FlinkTaskManager.registeredAnew(Optional.of(fresh), Optional.empty()))
                .isTrue();
        assertThat(FlinkTaskManager.registeredAnew(Optional.empty(), Optional.of(dead)))
                .isFalse();
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
