package org.civicinsights.cli.stack;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Iceberg's REST catalog server, its state in SQLite. Embedded topology: tables under the stack's
 * warehouse folder. Cluster topology: the warehouse is on the object store, written with S3FileIO.
 */
public final class CatalogServer extends ManagedService {
    private final EngineResolver engines;
    /** The object store holding the warehouse; null in the embedded topology. */
    private final ObjectStoreService objectStore;

    public CatalogServer(
            StackLayout layout, StackSettings settings, EngineResolver engines, ObjectStoreService objectStore) {
        super("catalog", layout, settings);
        this.engines = engines;
        this.objectStore = objectStore;
    }

    @Override
    public String endpoint() {
        return settings.catalogUri() + " (warehouse "
                + (objectStore == null ? layout.warehouseDir().toString() : ClusterSettings.WAREHOUSE) + ")";
    }

    @Override
    public String url() {
        return settings.catalogUri();
    }

    @Override
    public void start() throws Exception {
        String classpath = engines.classpath("iceberg-rest-catalog");
        Files.createDirectories(layout.catalogDir());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(
                "uri",
                "jdbc:sqlite:" + layout.catalogDir().resolve("catalog.db").toAbsolutePath());
        properties.put("jdbc.user", "civic");
        properties.put("jdbc.password", "civic");
        properties.put("rest.port", String.valueOf(settings.catalogPort()));
        if (objectStore == null) {
            Files.createDirectories(layout.warehouseDir());
            properties.put(
                    "warehouse", layout.warehouseDir().toAbsolutePath().toUri().toString());
        } else {
            classpath += ":" + engines.classpath("iceberg-aws"); // S3FileIO and the AWS SDK
            properties.putAll(objectStore.icebergProperties());
        }
        List<String> cmd = new ArrayList<>(List.of(
                StackService.javaBinary(),
                process.marker(),
                "-Xms64m",
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        if (objectStore != null) {
            // the server logs every catalog property at start, the S3 secret included: not that line
            cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.iceberg.rest.RESTCatalogServer=warn");
        }
        cmd.addAll(List.of("-cp", classpath, "org.apache.iceberg.rest.RESTCatalogServer"));
        process.start(cmd, environment(properties), layout.catalogDir());
    }

    /**
     * The server reads its catalog properties from CATALOG_* variables, turning {@code __} into
     * {@code -} and {@code _} into {@code .} (Iceberg's RCKUtils.environmentCatalogConfig):
     * {@code s3.path-style-access} is CATALOG_S3_PATH__STYLE__ACCESS.
     */
    static Map<String, String> environment(Map<String, String> catalogProperties) {
        Map<String, String> env = new LinkedHashMap<>();
        catalogProperties.forEach((key, value) -> {
            if (key.contains("_")) {
                throw new IllegalArgumentException(
                        "catalog property " + key + " cannot be passed as a CATALOG_* variable (it has a '_')");
            }
            env.put("CATALOG_" + key.replace("-", "__").replace('.', '_').toUpperCase(Locale.ROOT), value);
        });
        return env;
    }

    @Override
    public boolean healthy() {
        return Probes.httpGet(settings.catalogUri() + "/v1/config").isPresent();
    }
}
