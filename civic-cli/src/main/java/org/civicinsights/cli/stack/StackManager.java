package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.io.PrivateFiles;
import org.civicinsights.common.privacy.PseudonymisationKeys;
import org.civicinsights.ddl.Migrations;
import org.civicinsights.ddl.WarehouseMigrator;

/**
 * Starts, checks and stops the local stack: Kafka, the Iceberg REST catalog, Trino (with the
 * lake's migrations applied), the collector, the scheduler and the continuously running ingest job,
 * in that order. The cluster topology adds the object store (before the catalog) and the compute
 * clusters (after the migrations), and runs the ingest job on the Flink session cluster.
 */
public final class StackManager {
    private final StackLayout layout;
    private final StackSettings settings;
    private final Consumer<String> out;
    private final KafkaBroker kafka;
    /** The object store holding the warehouse; null in the embedded topology. */
    private final ObjectStoreService objectStore;

    private final CatalogServer catalog;
    /** The catalog's OAuth2 clients (secured stack). */
    private final CatalogClients catalogClients;

    private final TrinoServer trino;
    /** The Flink JobManager; null in the embedded topology. */
    private final FlinkJobManager flinkJobManager;
    /** The Spark standalone Master; null in the embedded topology. */
    private final SparkMaster sparkMaster;
    /** The compute clusters' processes, started in this order; none in the embedded topology. */
    private final List<StackService> clusterEngines;

    private final StackService ingest;
    private final CollectorService collector;
    private final SchedulerService scheduler;

    public StackManager(StackLayout layout, StackSettings settings, Consumer<String> out) {
        this.layout = layout;
        this.settings = settings;
        this.out = out;
        EngineResolver engines = new EngineResolver(layout, msg -> out.accept("      " + msg));
        this.kafka = new KafkaBroker(layout, settings, engines);
        if (settings.clustered()) {
            this.objectStore = new ObjectStoreService(layout, settings, engines);
            this.flinkJobManager = new FlinkJobManager(layout, settings, engines);
            List<StackService> cluster = new ArrayList<>();
            cluster.add(flinkJobManager);
            for (int i = 1; i <= settings.cluster().flinkTaskmanagers(); i++) {
                cluster.add(new FlinkTaskManager(i, layout, settings, engines, flinkJobManager));
            }
            this.sparkMaster =
                    new SparkMaster(layout, settings, settings.cluster().spark(), engines);
            cluster.add(sparkMaster);
            cluster.add(new SparkWorker(layout, settings, settings.cluster().spark(), engines));
            this.clusterEngines = List.copyOf(cluster);
            this.ingest = new FlinkSessionIngest(layout, settings, engines, flinkJobManager);
        } else {
            this.objectStore = null;
            this.flinkJobManager = null;
            this.sparkMaster = null;
            this.clusterEngines = List.of();
            this.ingest = new IngestService(layout, settings);
        }
        this.catalogClients = new CatalogClients(layout, StackSecrets.of(layout));
        this.catalog = new CatalogServer(layout, settings, engines, objectStore, catalogClients);
        this.trino = new TrinoServer(layout, settings, engines, objectStore);
        this.collector = new CollectorService(layout, settings);
        this.scheduler = new SchedulerService(layout, settings);
    }

    /** The local Supersets of `civic dashboards serve` and `verify`: outside the stack, stopped with it. */
    public static final String SUPERSET = "superset";

    public static final String SUPERSET_VERIFY = "superset-verify";
    public static final List<String> SUPERSETS = List.of(SUPERSET, SUPERSET_VERIFY);

    public StackTopology topology() {
        return settings.topology();
    }

    /** Kafka and the lake: storage, catalog and Trino, up before the lake's migrations. */
    private List<StackService> lakeServices() {
        return objectStore == null ? List.of(kafka, catalog, trino) : List.of(kafka, objectStore, catalog, trino);
    }

    public List<StackService> services() {
        List<StackService> all = new ArrayList<>(lakeServices());
        all.addAll(clusterEngines);
        all.addAll(List.of(ingest, collector, scheduler));
        return all;
    }

    /** Brings every service up (those already healthy are left alone); idempotent. */
    public void up(boolean withIngest) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(layout.dataDir());
        // its services' working files (Flink's uploaded job graphs, Spark's spills) may carry secrets
        Files.setPosixFilePermissions(layout.dataDir(), PosixFilePermissions.fromString("rwx------"));
        checkTopologyOfExistingLake();
        PseudonymisationKeys.loadOrCreate(layout.keyFile());
        if (settings.clustered()) {
            out.accept(String.format(
                    "cluster topology: Flink session cluster (1 JobManager, %d TaskManagers x %d slots), warehouse %s on"
                            + " the local object store",
                    settings.cluster().flinkTaskmanagers(),
                    settings.cluster().flinkSlots(),
                    ClusterSettings.WAREHOUSE));
        }
        writeClientConfig();
        List<StackService> lake = lakeServices();
        int total = lake.size() + 1 + clusterEngines.size() + 2 + (withIngest ? 1 : 0);
        int step = 0;
        for (StackService s : lake) {
            ensure(++step, total, s);
            if (s == kafka) {
                kafka.ensureTopics();
            }
        }
        out.accept(String.format("[%d/%d] lake schema: applying migrations", ++step, total));
        WarehouseMigrator.Report r = migrateWhenTrinoSchedules();
        out.accept(String.format(
                "      %d applied, %d already there, %d services in ref.services, %d views (%d waiting for a batch run)",
                r.applied().size(),
                r.alreadyApplied(),
                r.servicesLoaded(),
                r.views().applied().size(),
                r.views().waiting().size()));
        for (StackService s : clusterEngines) {
            ensure(++step, total, s);
        }
        ensure(++step, total, collector);
        ensure(++step, total, scheduler);
        if (withIngest) {
            ensure(++step, total, ingest);
        }
        out.accept(String.format("stack up in %.1f s; data in %s", (System.nanoTime() - t0) / 1e9, layout.dataDir()));
    }

    /**
     * A lake belongs to the topology that made it (its tables' files are on local disk or on the
     * object store), so a data directory is not switched to the other topology once it has one.
     */
    private void checkTopologyOfExistingLake() {
        Optional<StackTopology> previous = writtenTopology(layout);
        boolean lakeExists = Files.exists(layout.catalogDir().resolve("catalog.db"));
        if (previous.isPresent() && previous.get() != settings.topology() && lakeExists) {
            throw new IllegalStateException("the data directory " + layout.dataDir() + " holds a lake of the "
                    + previous.get().key() + " topology; start the "
                    + settings.topology().key()
                    + " topology with another --data-dir (or CIVIC_DATA_DIR)");
        }
    }

    /** The topology `stack up` last wrote into this data directory's civic.properties, if any. */
    public static Optional<StackTopology> writtenTopology(StackLayout layout) {
        if (!Files.exists(layout.clientConfig())) {
            return Optional.empty();
        }
        String t =
                CivicConfig.load(layout.clientConfig(), Map.of()).get(StackTopology.KEY, StackTopology.EMBEDDED.key());
        return Optional.of(StackTopology.of(t));
    }

    /**
     * Trino answers before its scheduler has seen its own worker with the lake catalog loaded; a
     * query in that window fails with "No nodes available", so it is retried for up to a minute.
     */
    private WarehouseMigrator.Report migrateWhenTrinoSchedules() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection c = TrinoConnections.open(clientConfig(), TrinoRole.DDL)) {
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

    /** Width of the service names in progress lines: the longest name (8 in the embedded stack, as always). */
    public int nameWidth() {
        return services().stream().mapToInt(s -> s.name().length()).max().orElse(8);
    }

    private void ensure(int step, int total, StackService s) throws Exception {
        String prefix = String.format("[%d/%d] %-" + nameWidth() + "s", step, total, s.name());
        if (s.alive() && s.healthy()) {
            out.accept(prefix + " already running (" + s.endpoint() + ")");
            return;
        }
        if (s.alive()) {
            s.stop(Duration.ofSeconds(20)); // alive but not answering: restart it
        }
        long t0 = System.nanoTime();
        out.accept(prefix + " starting...");
        s.start();
        long deadline = System.nanoTime() + s.startTimeout().toNanos();
        while (!s.healthy()) {
            if (!s.alive()) {
                throw new IllegalStateException(s.name() + " exited during start-up; " + s.startFailureReport());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(s.name() + " did not become healthy within "
                        + s.startTimeout().toSeconds() + " s; " + s.startFailureReport());
            }
            Thread.sleep(250);
        }
        out.accept(String.format("%s ready in %.1f s (%s)", prefix, (System.nanoTime() - t0) / 1e9, s.endpoint()));
    }

    /**
     * Stops services in reverse order: the ingest job first so its last checkpoint is kept, then
     * the compute clusters, the lake's services and Kafka.
     */
    public void down() {
        // the local Superset of `civic dashboards serve|verify` reads Trino: it goes first
        for (String superset : SUPERSETS) {
            if (new ServiceProcess(superset, layout).stop(Duration.ofSeconds(15))) {
                out.accept(String.format("%-8s stopped", superset));
            }
        }
        List<StackService> order = new ArrayList<>(List.of(scheduler, collector, ingest));
        order.addAll(reversed(clusterEngines));
        order.addAll(reversed(lakeServices()));
        for (StackService s : order) {
            boolean was = s.stop(Duration.ofSeconds(s == trino ? 30 : 20));
            out.accept(String.format("%-" + nameWidth() + "s %s", s.name(), was ? "stopped" : "was not running"));
        }
        stopStrays();
    }

    /**
     * Processes with a pid file under run/ that are not services of this topology (another
     * topology's, or TaskManagers beyond the configured count): stopped too, so nothing outlives `down`.
     */
    private void stopStrays() {
        List<String> known = new ArrayList<>(SUPERSETS);
        services().forEach(s -> known.add(s.name()));
        if (!Files.isDirectory(layout.run())) {
            return;
        }
        try (Stream<Path> pids = Files.list(layout.run())) {
            for (Path pid : pids.filter(p -> p.getFileName().toString().endsWith(".pid"))
                    .toList()) {
                String name = pid.getFileName().toString().replaceFirst("\\.pid$", "");
                if (!known.contains(name) && new ServiceProcess(name, layout).stop(Duration.ofSeconds(20))) {
                    out.accept(String.format("%-" + nameWidth() + "s stopped", name));
                }
            }
        } catch (IOException e) {
            out.accept("could not list " + layout.run() + ": " + e.getMessage());
        }
    }

    private static List<StackService> reversed(List<StackService> services) {
        List<StackService> r = new ArrayList<>(services);
        Collections.reverse(r);
        return r;
    }

    /** Starts one service if it is not healthy (its dependencies must be up). */
    public void start(String name) throws Exception {
        ensure(1, 1, service(name));
    }

    /** Stops one service, cleanly (SIGTERM, then SIGKILL after a grace period; the ingest job is cancelled). */
    public boolean stop(String name) {
        return service(name).stop(Duration.ofSeconds(30));
    }

    public StackService service(String name) {
        return services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service '" + name + "'; services: "
                        + String.join(
                                ", ",
                                services().stream().map(StackService::name).toList())));
    }

    /** Stops only the ingest job (used before a bounded ingest run takes over the topic). */
    public boolean stopIngest() {
        return ingest.stop(Duration.ofSeconds(20));
    }

    public StackService ingest() {
        return ingest;
    }

    /** The Flink session cluster's JobManager, in the cluster topology. */
    public Optional<FlinkJobManager> flinkJobManager() {
        return Optional.ofNullable(flinkJobManager);
    }

    /** One service as `civic stack status` shows it; details are the service's own figures (may be empty). */
    public record ServiceStatus(
            String name,
            boolean running,
            boolean healthy,
            long pid,
            String endpoint,
            String log,
            String url,
            Map<String, Object> details) {

        public String state() {
            return !running ? "stopped" : healthy ? "healthy" : "unhealthy";
        }
    }

    public List<ServiceStatus> status() {
        return services().stream()
                .map(s -> {
                    boolean alive = s.alive();
                    return new ServiceStatus(
                            s.name(),
                            alive,
                            alive && s.healthy(),
                            s.pid().orElse(-1L),
                            s.endpoint(),
                            s.process().logFile().toString(),
                            s.url(),
                            alive ? s.details() : Map.of());
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

    /** The catalog's OAuth2 clients (their files exist once a secured stack is up). */
    public CatalogClients catalogClients() {
        return catalogClients;
    }

    public CivicConfig clientConfig() {
        return CivicConfig.load(layout.clientConfig(), Map.of());
    }

    /** Replaced atomically (a scheduled batch may read it meanwhile), 0600: in the cluster topology it holds the object store's key pair. */
    private void writeClientConfig() throws IOException {
        Properties p = new Properties();
        p.putAll(settings.clientSettings(layout));
        if (objectStore != null) {
            p.putAll(objectStore.catalogClientSettings());
        }
        if (settings.secured()) {
            // their credential files first: every client started from here on reads one
            catalogClients.ensure();
            p.putAll(catalogClients.clientSettings(settings.catalogUri()));
        }
        p.putAll(trino.clientSettings());
        PrivateFiles.writeProperties(
                layout.clientConfig(),
                p,
                "Written by `civic stack up`: how clients reach this stack. Ports and sizes: CIVIC_STACK_* variables or --config FILE.");
    }
}
