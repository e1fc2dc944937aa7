package org.civicinsights.cli;

import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.CollectorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "collector",
        mixinStandardHelpOptions = true,
        description = {
            "Run the HTTP event collector in the foreground (its own JVM) against the local stack's Kafka:",
            "POST /v1/events (one event or a batch) -> validated -> the interactions topic. `civic stack up` also",
            "starts it in the background. Stop with Ctrl-C: accepted events are flushed first. See docs/collector.md."
        })
public class CollectorCommand implements Callable<Integer> {
    @Mixin
    CivicContext context;

    @Override
    public Integer call() throws Exception {
        if (!context.stackConfigured()) {
            throw new IllegalStateException(
                    "no local stack configuration in " + context.layout().dataDir() + ": run `civic stack up` first");
        }
        CollectorService collector = new CollectorService(context.layout(), context.stackSettings());
        if (collector.process().running().isPresent()) {
            throw new IllegalStateException("the stack's collector already runs on " + collector.endpoint());
        }
        Process p = new ProcessBuilder(collector.command("-Dcivic.service=collector-foreground"))
                .inheritIO()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.destroy(); // SIGTERM: the collector drains in-flight requests before it exits
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return p.waitFor();
    }
}
