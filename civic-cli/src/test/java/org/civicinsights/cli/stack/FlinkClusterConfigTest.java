package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class FlinkClusterConfigTest {
    static final StackLayout LAYOUT = new StackLayout(Path.of("/repo"), Path.of("/data"), Path.of("/cache"));
    static final StackSettings SETTINGS = StackSettings.from(CivicConfig.of(Map.of(
            "stack.topology", "cluster",
            "stack.flink-rest-port", "18081",
            "stack.flink-rpc-port", "16123",
            "ingest.checkpoint-interval-ms", "2000")));

    @Test
    void aTaskManagerGetsEveryMemoryComponentAndJvmFlagsThatMatchThem() {
        var tm = new FlinkClusterConfig.TaskManagerMemory(100, 200, 30, 40, 32, 64, 256, 128);
        assertThat(tm.heapMb()).isEqualTo(300);
        assertThat(tm.directMb()).isEqualTo(134);
        assertThat(tm.jvmOptions())
                .containsExactly("-Xms300m", "-Xmx300m", "-XX:MaxDirectMemorySize=134m", "-XX:MaxMetaspaceSize=256m");
        Map<String, String> config = FlinkClusterConfig.settings(LAYOUT, SETTINGS.cluster(), tm);
        assertThat(config)
                .containsEntry("taskmanager.memory.framework.heap.size", "100m")
                .containsEntry("taskmanager.memory.task.heap.size", "200m")
                .containsEntry("taskmanager.memory.framework.off-heap.size", "30m")
                .containsEntry("taskmanager.memory.task.off-heap.size", "40m")
                .containsEntry("taskmanager.memory.managed.size", "32m")
                .containsEntry("taskmanager.memory.network.min", "64m")
                .containsEntry("taskmanager.memory.network.max", "64m")
                .containsEntry("taskmanager.memory.jvm-metaspace.size", "256m")
                .containsEntry("taskmanager.memory.jvm-overhead.min", "128m")
                .containsEntry("taskmanager.memory.jvm-overhead.max", "128m")
                .doesNotContainKeys("taskmanager.memory.process.size", "taskmanager.memory.flink.size");
    }

    @Test
    void theClusterListensOnLoopbackAtTheConfiguredPortsAndRetainsCheckpointsInTheDataDirectory() {
        Map<String, String> config =
                FlinkClusterConfig.settings(LAYOUT, SETTINGS.cluster(), FlinkClusterConfig.TaskManagerMemory.DEFAULT);
        assertThat(config)
                .containsEntry("rest.port", "18081")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("jobmanager.rpc.port", "16123")
                .containsEntry("jobmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.bind-host", "127.0.0.1")
                .containsEntry("taskmanager.numberOfTaskSlots", "2")
                .containsEntry("taskmanager.load-balance.mode", "SLOTS")
                .containsEntry("execution.checkpointing.dir", "file:///data/flink/checkpoints")
                .containsEntry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
                .containsEntry("restart-strategy.type", "exponential-delay");
        String yaml = FlinkClusterConfig.configYaml(config);
        assertThat(yaml)
                .contains(
                        "rest.port: 18081\n",
                        "execution.checkpointing.dir: 'file:///data/flink/checkpoints'\n",
                        "restart-strategy.exponential-delay.max-backoff: 15 s\n");
        assertThat(FlinkClusterConfig.yamlScalar("it's")).isEqualTo("'it''s'");
    }

    @Test
    void theJobIsSubmittedWithFlinksClientResumingFromTheNewestCheckpoint() {
        FlinkSessionIngest ingest = new FlinkSessionIngest(LAYOUT, SETTINGS, null, null);
        Path conf = LAYOUT.flinkConfDir();
        List<String> fresh = ingest.submitCommand("CP", conf, Optional.empty());
        assertThat(fresh)
                .containsSubsequence(
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "org.apache.flink.client.cli.CliFrontend",
                        "run",
                        "-d",
                        "-m",
                        "127.0.0.1:18081",
                        "/repo/streaming-jobs/target/civic-streaming-jobs.jar",
                        "--config",
                        "/data/civic.properties",
                        "--ingest.checkpoint-interval-ms",
                        "2000")
                .doesNotContain("-s", "--ingest.checkpoint-dir");
        Path chk = Path.of("/data/flink/checkpoints/abc/chk-7");
        assertThat(ingest.submitCommand("CP", conf, Optional.of(chk)))
                .containsSubsequence(
                        "run",
                        "-d",
                        "-s",
                        "file:///data/flink/checkpoints/abc/chk-7",
                        "/repo/streaming-jobs/target/civic-streaming-jobs.jar");
        assertThat(ingest.jobName()).isEqualTo("civic-ingest civic.interactions.v1");
        assertThat(FlinkSessionIngest.submittedJobId(
                        "...\nJob has been submitted with JobID 0577d643949d5b95c47b1fbb510a8cb4\n"))
                .contains("0577d643949d5b95c47b1fbb510a8cb4");
        assertThat(FlinkSessionIngest.submittedJobId("The program finished with the following exception"))
                .isEmpty();
    }
}
