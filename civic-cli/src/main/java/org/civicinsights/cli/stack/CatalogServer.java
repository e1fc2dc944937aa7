package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Iceberg's REST catalog server, its state in SQLite. Embedded topology: tables under the stack's
 * warehouse folder. Cluster topology: the warehouse is on the object store, written with S3FileIO.
 * Secured stack: the same server behind OAuth2 (catalog-auth's GatedCatalogServer), every client
 * with its own credentials ({@link CatalogClients}).
 */
public final class CatalogServer extends ManagedService {
    static final String FIXTURE_MAIN = "org.apache.iceberg.rest.RESTCatalogServer";
    static final String GATED_MAIN = "org.civicinsights.catalog.auth.GatedCatalogServer";

    private final EngineResolver engines;
    /** The object store holding the warehouse; null in the embedded topology. */
    private final ObjectStoreService objectStore;
    /** The catalog's OAuth2 clients; used only when the stack is secured. */
    private final CatalogClients clients;

    public CatalogServer(
            StackLayout layout,
            StackSettings settings,
            EngineResolver engines,
            ObjectStoreService objectStore,
            CatalogClients clients) {
        super("catalog", layout, settings);
        this.engines = engines;
        this.objectStore = objectStore;
        this.clients = clients;
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
        if (settings.secured()) {
            if (!Files.exists(layout.catalogAuthJar())) {
                throw new IllegalStateException("the catalog's OAuth2 gate " + layout.catalogAuthJar()
                        + " is missing: build it with ./mvnw -DskipTests package");
            }
            clients.ensure();
            classpath += ":" + layout.catalogAuthJar();
            // paths only: the secrets stay in their files
            cmd.addAll(gateOptions(clients));
        }
        cmd.addAll(List.of("-cp", classpath, settings.secured() ? GATED_MAIN : FIXTURE_MAIN));
        process.start(cmd, environment(properties), layout.catalogDir());
    }

    /** Where the gate finds its clients and signing key (system properties of GatedCatalogServer). */
    static List<String> gateOptions(CatalogClients clients) {
        return List.of(
                "-Dcatalog-auth.clients-file=" + clients.clientsFile().toAbsolutePath(),
                "-Dcatalog-auth.signing-key-file=" + clients.signingKeyFile().toAbsolutePath());
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

    /**
     * Serving, and gated as the stack's mode says: a secured catalog turns away a request without a
     * token and serves the CLI's client; an unsecured one serves anyone. A catalog left running in
     * the other mode is not healthy, so `stack up` restarts it in the right one.
     */
    @Override
    public boolean healthy() {
        if (!settings.secured()) {
            return Probes.httpGet(settings.catalogUri() + "/v1/config").isPresent();
        }
        try {
            return CatalogProbe.gatedAndServing(settings.catalogUri(), clients.credential(CatalogClients.Kind.CLI));
        } catch (IOException e) {
            return false;
        }
    }
}
