package org.civicinsights.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gated catalog over HTTP: Iceberg's fixture servlet on a SQLite JDBC catalog behind the gate,
 * reached by Iceberg's own REST client (the one Flink, Spark and Trino embed) and by plain requests.
 */
class GatedCatalogServerTest {
    static final String SECRET = "the-cli-secret-the-cli-secret";
    static final Duration LIFETIME = Duration.ofSeconds(4);

    @TempDir
    static Path dir;

    static Server server;
    static String uri;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path clients = dir.resolve("catalog-clients.properties");
        Files.writeString(clients, ClientsFile.render(ClientsFile.update(Map.of(), Map.of("civic-cli", SECRET))));
        Path key = dir.resolve("catalog-token-signing.password");
        Files.writeString(key, "k".repeat(43) + "\n");
        Map<String, String> backend = new HashMap<>();
        backend.put("uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
        backend.put("jdbc.user", "civic");
        backend.put("jdbc.password", "civic");
        backend.put("warehouse", dir.resolve("warehouse").toUri().toString());
        backend.put("rest.port", "0");
        server = GatedCatalogServer.start(
                GatedCatalogServer.backendProperties(backend),
                new GatedCatalogServer.Gate(clients, key, LIFETIME, "127.0.0.1"),
                Clock.systemUTC());
        uri = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    static RESTCatalog client(String credential) {
        RESTCatalog c = new RESTCatalog();
        c.initialize(
                "lake",
                Map.of(
                        "uri",
                        uri,
                        "rest.auth.type",
                        "oauth2",
                        "oauth2-server-uri",
                        uri + "/v1/oauth/tokens",
                        "credential",
                        credential));
        return c;
    }

    static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(uri + path)).GET();
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertNotAuthorized(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(401);
        ErrorResponse error = ErrorResponseParser.fromJson(r.body());
        assertThat(error.code()).isEqualTo(401);
        assertThat(error.type()).isEqualTo("NotAuthorizedException");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
    }

    @Test
    void aRequestWithoutAValidTokenGets401InIcebergsErrorModel() throws Exception {
        assertNotAuthorized(get("/v1/config", null));
        assertNotAuthorized(get("/v1/namespaces", null));
        assertNotAuthorized(get("/v1/config", "Bearer not-a-token"));
        assertNotAuthorized(get("/v1/config", "Basic Y2l2aWMtY2xpOnRoZS1jbGktc2VjcmV0"));
        // the fixture's own token route is not reachable: the gate's endpoint answers, and wants a secret
        HttpResponse<String> fake = HTTP.send(
                HttpRequest.newBuilder(URI.create(uri + "/v1/oauth/tokens"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=civic-cli"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fake.statusCode()).isEqualTo(401);
        assertThat(fake.body()).contains("\"error\":\"invalid_client\"");
    }

    @Test
    void icebergsClientWithAWrongSecretIsNotAuthorized() {
        assertThatThrownBy(() -> client("civic-cli:wrong-secret")).isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> client("civic-nobody:" + SECRET)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void icebergsClientWorksAndRefreshesItsTokenBeforeItExpires() throws Exception {
        try (RESTCatalog catalog = client("civic-cli:" + SECRET)) {
            catalog.createNamespace(Namespace.of("raw"));
            assertThat(catalog.listNamespaces()).contains(Namespace.of("raw"));
            // past the first token's lifetime: only a refreshed token still gets in
            Thread.sleep(LIFETIME.plusMillis(1500).toMillis());
            assertThat(catalog.namespaceExists(Namespace.of("raw"))).isTrue();
        }
    }
}
