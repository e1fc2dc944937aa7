package org.civicinsights.catalog.auth;

import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.CivicFixtureAccess;
import org.apache.iceberg.util.PropertyUtil;
import org.civicinsights.common.config.CatalogTokenEndpoint;
import org.eclipse.jetty.compression.gzip.GzipCompression;
import org.eclipse.jetty.compression.server.CompressionHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iceberg's REST catalog fixture (RESTCatalogServer: the same backend catalog, servlet and adapter,
 * configured by the same CATALOG_* variables) behind OAuth2: a token endpoint and a bearer-token
 * check in front of every other request. The fixture itself accepts any request and answers any
 * token request with a token it never checks, hence this gate. Gate settings are system properties
 * (paths and a duration, no secret): {@code catalog-auth.clients-file},
 * {@code catalog-auth.signing-key-file}, {@code catalog-auth.token-lifetime} (ISO-8601, default
 * PT1H), {@code catalog-auth.host} (default 127.0.0.1).
 */
public final class GatedCatalogServer {
    private static final Logger LOG = LoggerFactory.getLogger(GatedCatalogServer.class);
    static final String TOKEN_SERVLET = "oauth2-token-endpoint";
    static final String ISSUER = "civic-catalog";

    /** Where the gate's clients and key are, how long its tokens live, and the address it listens on. */
    record Gate(Path clientsFile, Path signingKeyFile, Duration tokenLifetime, String host) {
        static Gate fromSystemProperties() {
            return new Gate(
                    Path.of(required("catalog-auth.clients-file")),
                    Path.of(required("catalog-auth.signing-key-file")),
                    Duration.parse(System.getProperty("catalog-auth.token-lifetime", "PT1H")),
                    System.getProperty("catalog-auth.host", "127.0.0.1"));
        }

        private static String required(String property) {
            String v = System.getProperty(property);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("system property " + property + " is not set");
            }
            return v;
        }
    }

    private GatedCatalogServer() {}

    public static void main(String[] args) throws Exception {
        Server server = start(
                backendProperties(CivicFixtureAccess.environmentCatalogConfig()),
                Gate.fromSystemProperties(),
                Clock.systemUTC());
        server.join();
    }

    /** The fixture's defaults (a JDBC catalog, schema V1) under the given properties; a warehouse is required. */
    static Map<String, String> backendProperties(Map<String, String> configured) {
        Map<String, String> p = new HashMap<>(configured);
        p.putIfAbsent(CatalogProperties.CATALOG_IMPL, JdbcCatalog.class.getName());
        p.putIfAbsent(CatalogProperties.URI, "jdbc:sqlite::memory:");
        p.putIfAbsent("jdbc.schema-version", "V1");
        if (p.get(CatalogProperties.WAREHOUSE_LOCATION) == null) {
            throw new IllegalArgumentException("no warehouse location (CATALOG_WAREHOUSE)");
        }
        return p;
    }

    /** Starts the gated catalog ({@code rest.port} 0: any free port) and returns the running server. */
    static Server start(Map<String, String> properties, Gate gate, Clock clock) throws Exception {
        String name = PropertyUtil.propertyAsString(properties, "catalog.name", "rest_backend");
        // unlike the fixture, the properties are not logged: they may hold the object store's secret
        Catalog catalog = CatalogUtil.buildIcebergCatalog(name, properties, new Configuration());
        ClientRegistry clients = new ClientRegistry(gate.clientsFile());
        AccessTokens tokens = new AccessTokens(signingKey(gate.signingKeyFile()), ISSUER, gate.tokenLifetime(), clock);
        TokenGrants grants = new TokenGrants(clients, tokens);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.addServlet(
                new ServletHolder("iceberg-rest-catalog", CivicFixtureAccess.servlet(catalog, properties)), "/*");
        context.addServlet(new ServletHolder(TOKEN_SERVLET, new TokenEndpoint(grants)), CatalogTokenEndpoint.PATH);
        context.addFilter(
                new FilterHolder(new BearerTokenFilter(grants.bearer(), TOKEN_SERVLET)),
                "/*",
                EnumSet.of(DispatcherType.REQUEST));
        CompressionHandler compression = new CompressionHandler();
        compression.putCompression(new GzipCompression());
        context.insertHandler(compression);

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(gate.host());
        connector.setPort(PropertyUtil.propertyAsInt(properties, "rest.port", 8181));
        connector.setReusePort(true);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        LOG.info(
                "Iceberg REST catalog '{}' ({}) on {}:{}, OAuth2 required: {} clients, tokens live {}",
                name,
                properties.get(CatalogProperties.CATALOG_IMPL),
                gate.host(),
                connector.getLocalPort(),
                clients.size(),
                gate.tokenLifetime());
        return server;
    }

    /** The HMAC key: the file's bytes (the stack writes 43 base64url characters: 256 random bits). */
    static byte[] signingKey(Path file) throws IOException {
        byte[] key = Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
        if (key.length < AccessTokens.MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the token signing key in " + file + " is shorter than " + AccessTokens.MIN_KEY_BYTES + " bytes");
        }
        return key;
    }
}
