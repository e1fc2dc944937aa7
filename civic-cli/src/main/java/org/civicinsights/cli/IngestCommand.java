package org.civicinsights.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.IngestService;
import org.civicinsights.cli.stack.StackService;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.io.FileTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Flink ingest job once in the foreground against the local stack, in its own JVM:",
            "reads everything on the topic up to its end offsets at start, writes the lake, prints the counts.",
            "The stack's continuous ingest job must be stopped first (they would share the consumer group)."
        })
public class IngestCommand implements Callable<Integer> {
    @Mixin
    CivicContext context;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--checkpoint-interval-ms",
            defaultValue = "2000",
            description = "Checkpoint and lake commit interval (default ${DEFAULT-VALUE}).")
    long checkpointIntervalMs;

    @Option(
            names = "--fail-times",
            defaultValue = "1",
            hidden = true,
            description = "Test hook: how many times to fail (each after a further --fail-after-records records).")
    int failTimes;

    @Option(names = "--topic", description = "Topic to read (default: the stack's kafka.topic).")
    String topic;

    @Option(
            names = "--rejected-topic",
            description = {
                "Producers' rejected-records topic, read as well (default: the stack's",
                "kafka.rejected-topic). A new --consumer-group reads it from its start."
            })
    String rejectedTopic;

    @Option(names = "--consumer-group", description = "Consumer group for offset commits (default civic-ingest).")
    String consumerGroup;

    @Option(
            names = "--fail-after-records",
            defaultValue = "0",
            hidden = true,
            description = "Test hook: fail the first attempt of a task after N records to exercise recovery.")
    long failAfterRecords;

    @Override
    public Integer call() throws Exception {
        if (!context.stackConfigured()) {
            throw new IllegalStateException("no local stack configuration in "
                    + context.layout().dataDir() + ": run `civic stack up --no-ingest` first");
        }
        StackService continuous = context.stack().ingest();
        if (continuous.alive()) {
            throw new IllegalStateException("the stack's continuous ingest job is running ("
                    + continuous.pid().map(pid -> "pid " + pid).orElse(continuous.endpoint())
                    + "); stop the stack with `civic stack down` "
                    + "and start it with `civic stack up --no-ingest` to run a one-off ingest");
        }
        IngestService ingest = new IngestService(context.layout(), context.stackSettings());
        // file-system checkpoints (the in-memory default caps state at 5 MB), fresh for each run
        Path checkpoints = context.layout()
                .flinkDir()
                .resolve("one-off")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        List<String> args = new ArrayList<>(List.of(
                "--ingest.bounded",
                "true",
                "--ingest.checkpoint-dir",
                checkpoints.toString(),
                "--ingest.resume",
                "false",
                "--ingest.parallelism",
                String.valueOf(parallelism),
                "--ingest.checkpoint-interval-ms",
                String.valueOf(checkpointIntervalMs)));
        if (topic != null) {
            args.addAll(List.of("--kafka.topic", topic));
        }
        if (rejectedTopic != null) {
            args.addAll(List.of("--" + CivicConfig.KAFKA_REJECTED_TOPIC, rejectedTopic));
        }
        if (consumerGroup != null) {
            args.addAll(List.of("--ingest.consumer-group", consumerGroup));
        }
        if (failAfterRecords > 0) {
            args.addAll(List.of(
                    "--ingest.fail-after-records",
                    String.valueOf(failAfterRecords),
                    "--ingest.fail-times",
                    String.valueOf(failTimes)));
        }
        Process p = new ProcessBuilder(ingest.jobCommand("-Dcivic.service=ingest-once", args))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println(line);
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            System.err.println(
                    "civic ingest: the job exited with code " + code + "; its checkpoints are kept in " + checkpoints);
        } else {
            FileTrees.delete(checkpoints); // the run is complete: its offsets are committed, its data in the lake
        }
        return code;
    }
}
