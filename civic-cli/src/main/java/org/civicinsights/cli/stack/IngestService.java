package org.civicinsights.cli.stack;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Flink ingest job running continuously on a MiniCluster in its own JVM: the same jar a
 * cluster would get with {@code flink run}. Checkpoints are kept under the data directory and the
 * job resumes from the newest one after a restart of the stack.
 */
public final class IngestService extends ManagedService {

    public IngestService(StackLayout layout, StackSettings settings) {
        super("ingest", layout, settings);
    }

    @Override
    public String endpoint() {
        return "Flink MiniCluster, " + settings.topic() + " -> lake.raw.interactions";
    }

    @Override
    public void start() throws Exception {
        markLogStart();
        process.start(
                jobCommand(
                        process.marker(),
                        List.of(
                                "--ingest.checkpoint-dir",
                                        layout.flinkCheckpoints().toString(),
                                "--ingest.checkpoint-interval-ms", String.valueOf(settings.checkpointIntervalMs()))),
                Map.of(),
                layout.flinkDir());
    }

    /** The command line of the ingest job jar against this stack, plus job arguments. */
    public List<String> jobCommand(String marker, List<String> jobArgs) {
        if (!Files.exists(layout.streamingJobsJar())) {
            throw new IllegalStateException("the ingest job jar " + layout.streamingJobsJar()
                    + " is missing: build it with ./mvnw -DskipTests package");
        }
        List<String> cmd = new ArrayList<>(List.of(
                StackService.javaBinary(),
                marker,
                "-Xms256m",
                "-Xmx" + settings.ingestHeap(),
                "-XX:MaxDirectMemorySize=256m",
                "-XX:+UseSerialGC",
                "-jar",
                layout.streamingJobsJar().toString(),
                "--config",
                layout.clientConfig().toString()));
        cmd.addAll(catalogClientArgs(layout, settings));
        cmd.addAll(jobArgs);
        return cmd;
    }

    /**
     * The ingest job's own catalog client on a secured stack: its credential file (a path; the job's
     * tasks read it), in place of the CLI's that civic.properties names. Both topologies.
     */
    static List<String> catalogClientArgs(StackLayout layout, StackSettings settings) {
        if (!settings.secured()) {
            return List.of();
        }
        return List.of(
                "--catalog.credential-file",
                new CatalogClients(layout, StackSecrets.of(layout))
                        .credentialFile(CatalogClients.Kind.INGEST)
                        .toString());
    }

    /**
     * Alive, and (right after a start) its tasks are running: they log "validation starting".
     * Later, lag in `civic stack status` tells whether it keeps up.
     */
    @Override
    public boolean healthy() {
        return aliveAndLoggedSinceStart("validation starting");
    }
}
