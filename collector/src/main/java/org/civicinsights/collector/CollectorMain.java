package org.civicinsights.collector;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.civicinsights.common.config.CivicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar civic-collector.jar --kafka.bootstrap HOST:PORT [--collector.port 8088] ...}: runs the
 * HTTP event collector until SIGTERM / Ctrl-C, then shuts down gracefully. See {@link CollectorSettings#usage()}.
 * {@code --new-client ID [--rate N]} prints a new API client's token and clients-file line instead.
 */
public final class CollectorMain {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorMain.class);

    private CollectorMain() {}

    public static void main(String[] args) {
        if (Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.out.println(CollectorSettings.usage());
            return;
        }
        if (NewClient.requested(args)) {
            try {
                System.out.println(NewClient.render(NewClient.fromArgs(args, new SecureRandom())));
            } catch (IllegalArgumentException e) {
                System.err.println("civic-collector: " + e.getMessage() + " (see --help)");
                System.exit(2);
            }
            return;
        }
        CollectorSettings settings;
        try {
            CivicConfig config = CivicConfig.fromArgs(args, System.getenv());
            settings = CollectorSettings.from(config);
            List<String> unknown = CollectorSettings.unknownKeys(config);
            if (!unknown.isEmpty()) {
                LOG.warn("ignoring unknown setting(s) {} (see --help)", unknown);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("civic-collector: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        EventCollector collector;
        try {
            collector = EventCollector.start(settings);
        } catch (RuntimeException e) {
            LOG.error("{}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(collector::close, "collector-shutdown"));
        collector.awaitTermination();
    }
}
