package org.civicinsights.cli.stack;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** Iceberg's REST catalog server, its state in SQLite, tables under the stack's warehouse folder. */
public final class CatalogServer extends ManagedService {
    private final EngineResolver engines;

    public CatalogServer(StackLayout layout, StackSettings settings, EngineResolver engines) {
        super("catalog", layout, settings);
        this.engines = engines;
    }

    @Override
    public String endpoint() {
        return settings.catalogUri() + " (warehouse " + layout.warehouseDir() + ")";
    }

    @Override
    public void start() throws Exception {
        String classpath = engines.classpath("iceberg-rest-catalog");
        Files.createDirectories(layout.catalogDir());
        Files.createDirectories(layout.warehouseDir());
        Map<String, String> env = Map.of(
                "CATALOG_URI",
                "jdbc:sqlite:" + layout.catalogDir().resolve("catalog.db").toAbsolutePath(),
                "CATALOG_WAREHOUSE",
                layout.warehouseDir().toAbsolutePath().toUri().toString(),
                "CATALOG_JDBC_USER",
                "civic",
                "CATALOG_JDBC_PASSWORD",
                "civic",
                "CATALOG_REST_PORT",
                String.valueOf(settings.catalogPort())); // CATALOG_A_B is read as a.b
        process.start(
                List.of(
                        StackService.javaBinary(),
                        process.marker(),
                        "-Xms64m",
                        "-Xmx384m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        classpath,
                        "org.apache.iceberg.rest.RESTCatalogServer"),
                env,
                layout.catalogDir());
    }

    @Override
    public boolean healthy() {
        return Probes.httpGet(settings.catalogUri() + "/v1/config").isPresent();
    }
}
