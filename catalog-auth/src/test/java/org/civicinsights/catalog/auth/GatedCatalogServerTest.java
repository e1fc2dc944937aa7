package org.civicinsights.catalog.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SerializableTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.HTTPClient;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.auth.AuthManager;
import org.apache.iceberg.rest.auth.AuthManagers;
import org.apache.iceberg.rest.auth.AuthSession;
import org.apache.iceberg.rest.auth.OAuth2Util;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.apache.iceberg.types.Types;
import org.civicinsights.common.config.IcebergCatalogProperties;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gated catalog over HTTP: Iceberg's fixture servlet on a SQLite JDBC catalog behind the gate,
 * reached by Iceberg's own REST client (the one Flink, Spark and Trino embed) and by plain requests;
 * and common's {@code CredentialFileAuthManager}, the jobs' way to that client's OAuth2.
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

    /** The way an inline {@code catalog.credential} reaches Iceberg's client. */
    static RESTCatalog client(String credential) {
        return open(Map.of("credential", credential));
    }

    /**
     * The way {@code catalog.credential-file} does: through {@link IcebergCatalogProperties#resolve},
     * as both jobs build their catalog.
     */
    static RESTCatalog clientOfFile(Path credentialFile) {
        return open(IcebergCatalogProperties.resolve(Map.of("credential-file", credentialFile.toString())));
    }

    private static RESTCatalog open(Map<String, String> auth) {
        Map<String, String> properties = new HashMap<>(auth);
        properties.put("uri", uri);
        properties.putIfAbsent("rest.auth.type", "oauth2");
        properties.put("oauth2-server-uri", uri + "/v1/oauth/tokens");
        RESTCatalog c = new RESTCatalog();
        c.setConf(new Configuration());
        c.initialize("lake", properties);
        return c;
    }

    static Path credentialFile(String name, String credential) throws IOException {
        return Files.writeString(dir.resolve(name), credential + "\n");
    }

    /**
     * A table as the Flink sink ships it in its job graph and Spark broadcasts it: Java-serialised
     * (as Latin-1 text, so that its ASCII strings can be searched).
     */
    static String shipped(Table table) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(SerializableTable.copyOf(table));
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
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
        try (RESTCatalog catalog = client("civic-cli:" + SECRET);
                RESTCatalog ofFile = clientOfFile(credentialFile("refreshed.credential", "civic-cli:" + SECRET))) {
            catalog.createNamespace(Namespace.of("raw"));
            assertThat(catalog.listNamespaces()).contains(Namespace.of("raw"));
            assertThat(ofFile.namespaceExists(Namespace.of("raw"))).isTrue();
            // past the first token's lifetime: only a refreshed token still gets in
            Thread.sleep(LIFETIME.plusMillis(1500).toMillis());
            assertThat(catalog.namespaceExists(Namespace.of("raw"))).isTrue();
            assertThat(ofFile.namespaceExists(Namespace.of("raw"))).isTrue();
        }
    }

    @Test
    void aCredentialFileReadByOurAuthManagerNeverTravelsWithTheTablesAsAnInlineCredentialDoes() throws Exception {
        Path file = credentialFile("catalog-ingest.credential", "civic-cli:" + SECRET);
        TableIdentifier events = TableIdentifier.of("shipped", "events");
        try (RESTCatalog ofFile = clientOfFile(file);
                RESTCatalog inline = client("civic-cli:" + SECRET)) {
            ofFile.createNamespace(events.namespace());
            ofFile.createTable(events, new Schema(Types.NestedField.required(1, "event_id", Types.StringType.get())));

            // the catalog's properties travel with the table: the file's path, not its secret
            assertThat(shipped(ofFile.loadTable(events)))
                    .contains(file.toString())
                    .doesNotContain(SECRET);
            // the same table through a catalog given the credential inline: the secret travels
            assertThat(shipped(inline.loadTable(events))).contains(SECRET);
        }
    }

    @Test
    void aWrongCredentialFileIsNotAuthorizedAndAnUnreadableOneNamesTheFileOnly() throws Exception {
        assertThatThrownBy(() -> clientOfFile(credentialFile("wrong.credential", "civic-cli:wrong-secret")))
                .isInstanceOf(NotAuthorizedException.class);
        Path missing = dir.resolve("missing.credential");
        assertThatThrownBy(() -> clientOfFile(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aComponentOutsideTheCatalogGetsASessionFromTheFilesPathToo() throws Exception {
        // what the S3 remote signer does with a table FileIO's properties
        Map<String, String> fileIoProperties = new HashMap<>(IcebergCatalogProperties.resolve(Map.of(
                "credential-file",
                credentialFile("signer.credential", "civic-cli:" + SECRET).toString())));
        fileIoProperties.put("oauth2-server-uri", uri + "/v1/oauth/tokens");
        try (AuthManager manager = AuthManagers.loadAuthManager("s3-signer", fileIoProperties);
                HTTPClient http = HTTPClient.builder(fileIoProperties).uri(uri).build()) {
            AuthSession session = manager.tableSession(http, fileIoProperties);
            String authorization = ((OAuth2Util.AuthSession) session).headers().get("Authorization");
            assertThat(authorization).startsWith("Bearer ");
            assertThat(get("/v1/config", authorization).statusCode()).isEqualTo(200);
        }
    }
}
