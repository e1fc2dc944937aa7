package org.civicinsights.cli.stack;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The HTTP event collector (module collector) in its own JVM: web and app channels -> Kafka. */
public final class CollectorService extends ManagedService {

    public CollectorService(StackLayout layout, StackSettings settings) {
        super("collector", layout, settings);
    }

    @Override
    public String endpoint() {
        return "http://127.0.0.1:" + settings.collectorPort() + "/v1/events -> " + settings.topic();
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + settings.collectorPort() + "/v1/events";
    }

    @Override
    public void start() throws Exception {
        process.start(command(process.marker()), Map.of(), layout.dataDir());
    }

    /** The collector's command line against this stack. */
    public List<String> command(String marker) {
        if (!Files.exists(layout.collectorJar())) {
            throw new IllegalStateException("the collector jar " + layout.collectorJar()
                    + " is missing: build it with ./mvnw -DskipTests package");
        }
        return new ArrayList<>(List.of(
                StackService.javaBinary(),
                marker,
                "-Xms64m",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-jar",
                layout.collectorJar().toString(),
                "--config",
                layout.clientConfig().toString(),
                "--collector.port",
                String.valueOf(settings.collectorPort())));
    }

    @Override
    public boolean healthy() {
        return Probes.httpGet("http://127.0.0.1:" + settings.collectorPort() + "/health")
                .isPresent();
    }
}
