package org.civicinsights.cli.stack;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.privacy.PseudonymisationKeys;
import org.civicinsights.ddl.Migrations;
import org.civicinsights.ddl.WarehouseMigrator;

/**
 * Starts, checks and stops the local stack: Kafka, the Iceberg REST catalog, Trino (with the
 * lake's migrations applied) and the continuously running ingest job, in that order.
 */
public final class StackManager {
    private final StackLayout layout;
    private final StackSettings settings;
    private final Consumer<String> out;
    private final KafkaBroker kafka;
    private final CatalogServer catalog;
    private final TrinoServer trino;
    private final IngestService ingest;
    private final CollectorService collector;
    private final SchedulerService scheduler;

    public StackManager(StackLayout layout, StackSettings settings, Consumer<String> out) {
        this.layout = layout;
        this.settings = settings;
        this.out = out;
        EngineResolver engines = new EngineResolver(layout, msg -> out.accept("      " + msg));
        this.kafka = new KafkaBroker(layout, settings, engines);
        this.catalog = new CatalogServer(layout, settings, engines);
        this.trino = new TrinoServer(layout, settings, engines);
        this.ingest = new IngestService(layout, settings);
        this.collector = new CollectorService(layout, settings);
        this.scheduler = new SchedulerService(layout, settings);
    }

    /** The local Supersets of `civic dashboards serve` and `verify`: outside the stack, stopped with it. */
    public static final String SUPERSET = "superset";

    public static final String SUPERSET_VERIFY = "superset-verify";
    public static final List<String> SUPERSETS = List.of(SUPERSET, SUPERSET_VERIFY);

    public List<StackService> services() {
        return List.of(kafka, catalog, trino, ingest, collector, scheduler);
    }

    /** Brings every service up (those already healthy are left alone); idempotent. */
    public void up(boolean withIngest) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(layout.dataDir());
        PseudonymisationKeys.loadOrCreate(layout.keyFile());
        writeClientConfig();
        int total = withIngest ? 7 : 6;
        ensure(1, total, kafka);
        kafka.ensureTopics();
        ensure(2, total, catalog);
        ensure(3, total, trino);
        out.accept(String.format("[4/%d] lake schema: applying migrations", total));
        WarehouseMigrator.Report r = migrateWhenTrinoSchedules();
        out.accept(String.format(
                "      %d applied, %d already there, %d services in ref.services, %d views (%d waiting for a batch run)",
                r.applied().size(),
                r.alreadyApplied(),
                r.servicesLoaded(),
                r.views().applied().size(),
                r.views().waiting().size()));
        ensure(5, total, collector);
        ensure(6, total, scheduler);
        if (withIngest) {
            ensure(7, total, ingest);
        }
        out.accept(String.format("stack up in %.1f s; data in %s", (System.nanoTime() - t0) / 1e9, layout.dataDir()));
    }

    /**
     * Trino answers before its scheduler has seen its own worker with the lake catalog loaded; a
     * query in that window fails with "No nodes available", so it is retried for up to a minute.
     */
    private WarehouseMigrator.Report migrateWhenTrinoSchedules() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection c = TrinoConnections.open(clientConfig())) {
                return new WarehouseMigrator(c, msg -> out.accept("      " + msg))
                        .migrate(Migrations.bundled(), ServiceCatalogue.bundled());
            } catch (SQLException e) {
                if (e.getMessage() == null
                        || !e.getMessage().contains("No nodes available")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private void ensure(int step, int total, StackService s) throws Exception {
        String prefix = String.format("[%d/%d] %-8s", step, total, s.name());
        if (s.process().running().isPresent() && s.healthy()) {
            out.accept(prefix + " already running (" + s.endpoint() + ")");
            return;
        }
        if (s.process().running().isPresent()) {
            s.process().stop(Duration.ofSeconds(20)); // alive but not answering: restart it
        }
        long t0 = System.nanoTime();
        out.accept(prefix + " starting...");
        s.start();
        long deadline = System.nanoTime() + s.startTimeout().toNanos();
        while (!s.healthy()) {
            if (s.process().running().isEmpty()) {
                throw new IllegalStateException(s.name() + " exited during start-up; last lines of "
                        + s.process().logFile() + ":\n" + s.process().logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(s.name() + " did not become healthy within "
                        + s.startTimeout().toSeconds() + " s; last lines of "
                        + s.process().logFile() + ":\n"
                        + s.process().logTail(30));
            }
            Thread.sleep(250);
        }
        out.accept(String.format("%s ready in %.1f s (%s)", prefix, (System.nanoTime() - t0) / 1e9, s.endpoint()));
    }

    /** Stops services in reverse order; the ingest job first so its last checkpoint is kept. */
    public void down() {
        // the local Superset of `civic dashboards serve|verify` reads Trino: it goes first
        for (String superset : SUPERSETS) {
            if (new ServiceProcess(superset, layout).stop(Duration.ofSeconds(15))) {
                out.accept(String.format("%-8s stopped", superset));
            }
        }
        List<StackService> reversed = List.of(scheduler, collector, ingest, trino, catalog, kafka);
        for (StackService s : reversed) {
            boolean was = s.process().stop(Duration.ofSeconds(s == trino ? 30 : 20));
            out.accept(String.format("%-8s %s", s.name(), was ? "stopped" : "was not running"));
        }
    }

    /** Starts one service if it is not healthy (its dependencies must be up). */
    public void start(String name) throws Exception {
        ensure(1, 1, service(name));
    }

    /** Stops one service, cleanly (SIGTERM, then SIGKILL after a grace period). */
    public boolean stop(String name) {
        return service(name).process().stop(Duration.ofSeconds(30));
    }

    public StackService service(String name) {
        return services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no service '" + name + "'; services: kafka, catalog, trino, ingest, collector, scheduler"));
    }

    /** Stops only the ingest job (used before a bounded ingest run takes over the topic). */
    public boolean stopIngest() {
        return ingest.process().stop(Duration.ofSeconds(20));
    }

    public record ServiceStatus(String name, boolean running, boolean healthy, long pid, String endpoint, String log) {}

    public List<ServiceStatus> status() {
        return services().stream()
                .map(s -> {
                    Optional<ProcessHandle> p = s.process().running();
                    return new ServiceStatus(
                            s.name(),
                            p.isPresent(),
                            p.isPresent() && s.healthy(),
                            p.map(ProcessHandle::pid).orElse(-1L),
                            s.endpoint(),
                            s.process().logFile().toString());
                })
                .toList();
    }

    public Optional<IngestLag> ingestLag(String consumerGroup) {
        if (!kafka.healthy()) {
            return Optional.empty();
        }
        try (Admin admin = kafka.admin()) {
            return Optional.of(IngestLag.of(admin, settings.topic(), consumerGroup));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public CivicConfig clientConfig() {
        return CivicConfig.load(layout.clientConfig(), Map.of());
    }

    private void writeClientConfig() throws IOException {
        Properties p = new Properties();
        p.putAll(settings.clientSettings(layout));
        try (Writer w = Files.newBufferedWriter(layout.clientConfig())) {
            p.store(
                    w,
                    "Written by `civic stack up`: how clients reach this stack. Ports and sizes: CIVIC_STACK_* variables or --config FILE.");
        }
    }
}
