package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.catalog.auth.ClientSecretHash;
import org.civicinsights.catalog.auth.ClientsFile;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured catalog's clients on disk, and how each client of the stack is configured with its own. */
class CatalogClientsTest {
    @TempDir
    Path dir;

    StackLayout layout() {
        return new StackLayout(dir.resolve("home"), dir.resolve("data"), dir.resolve("cache"));
    }

    StackSettings settings(String security) {
        return StackSettings.from(
                CivicConfig.of(Map.of(StackSettings.SECURITY, security, "stack.catalog-port", "18181")));
    }

    @Test
    void everyKindGetsAPrivateCredentialFileAndAHashInTheClientsFile() throws Exception {
        CatalogClients clients = new CatalogClients(layout(), StackSecrets.of(layout()));
        clients.ensure();

        Map<String, String> hashes = ClientsFile.parse(Files.readString(clients.clientsFile()));
        assertThat(hashes).containsOnlyKeys("civic-ingest", "civic-batch", "civic-trino", "civic-cli");
        for (CatalogClients.Kind kind : CatalogClients.Kind.values()) {
            Path file = clients.credentialFile(kind);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String credential = clients.credential(kind);
            String secret = StackSecrets.of(layout()).password("catalog-" + kind.key());
            assertThat(credential).isEqualTo(kind.clientId() + ":" + secret);
            assertThat(ClientSecretHash.matches(secret, hashes.get(kind.clientId())))
                    .isTrue();
        }
        assertThat(Files.getPosixFilePermissions(clients.clientsFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(layout().secretsDir()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(clients.signingKeyFile()).strip()).hasSize(43);
        assertThat(Files.readString(clients.clientsFile()))
                .doesNotContain(clients.credential(CatalogClients.Kind.CLI).split(":")[1]);
    }

    @Test
    void ensureKeepsWhatMatchesAndFollowsARotatedSecret() throws Exception {
        CatalogClients clients = new CatalogClients(layout(), StackSecrets.of(layout()));
        clients.ensure();
        String before = Files.readString(clients.clientsFile());
        clients.ensure();
        assertThat(Files.readString(clients.clientsFile()))
                .as("nothing changed")
                .isEqualTo(before);

        // rotation: the batch's secret file deleted, generated anew by the next ensure
        Files.delete(layout().secretsDir().resolve("catalog-batch.password"));
        clients.ensure();
        Map<String, String> old = ClientsFile.parse(before);
        Map<String, String> now = ClientsFile.parse(Files.readString(clients.clientsFile()));
        assertThat(now.get("civic-batch")).isNotEqualTo(old.get("civic-batch"));
        assertThat(now).containsEntry("civic-ingest", old.get("civic-ingest"));
        String batch = clients.credential(CatalogClients.Kind.BATCH);
        assertThat(ClientSecretHash.matches(batch.substring(batch.indexOf(':') + 1), now.get("civic-batch")))
                .isTrue();
    }

    @Test
    void aStackProcessUsesItsOwnClientUnlessTheUserGaveAnother() {
        CatalogClients clients = new CatalogClients(layout(), StackSecrets.of(layout()));
        Map<String, String> written = clients.clientSettings("http://127.0.0.1:18181");
        assertThat(written)
                .containsEntry("catalog.rest.auth.type", "oauth2")
                .containsEntry("catalog.oauth2-server-uri", "http://127.0.0.1:18181/v1/oauth/tokens")
                .containsEntry(
                        "catalog.credential-file",
                        clients.credentialFile(CatalogClients.Kind.CLI).toString());

        assertThat(clients.forKind(written, CatalogClients.Kind.BATCH))
                .containsEntry(
                        "catalog.credential-file",
                        clients.credentialFile(CatalogClients.Kind.BATCH).toString())
                .containsEntry("catalog.rest.auth.type", "oauth2");
        Map<String, String> users = Map.of("catalog.credential-file", "/run/secrets/city-catalog");
        assertThat(clients.forKind(users, CatalogClients.Kind.BATCH)).isEqualTo(users);
    }

    @Test
    void onASecuredStackTheIngestJobAndTrinoGetTheirOwnClientAndNoSecret() throws Exception {
        StackLayout layout = layout();
        CatalogClients clients = new CatalogClients(layout, StackSecrets.of(layout));
        String ingestFile = clients.credentialFile(CatalogClients.Kind.INGEST).toString();
        assertThat(IngestService.catalogClientArgs(layout, settings("on")))
                .containsExactly("--catalog.credential-file", ingestFile);
        assertThat(IngestService.catalogClientArgs(layout, settings("off"))).isEmpty();

        String lake = new TrinoServer(layout, settings("on"), null, null).lakeCatalog();
        assertThat(lake)
                .contains(
                        "iceberg.rest-catalog.uri=http://127.0.0.1:18181\n",
                        "iceberg.rest-catalog.security=OAUTH2\n",
                        "iceberg.rest-catalog.oauth2.server-uri=http://127.0.0.1:18181/v1/oauth/tokens\n",
                        "iceberg.rest-catalog.oauth2.credential=${ENV:" + TrinoServer.CATALOG_CREDENTIAL_ENV + "}\n",
                        "iceberg.rest-catalog.session-timeout=5m\n");
        assertThat(new TrinoServer(layout, settings("off"), null, null).lakeCatalog())
                .doesNotContain("security", "oauth2");

        clients.ensure();
        List<String> gate = CatalogServer.gateOptions(clients);
        assertThat(gate)
                .containsExactly(
                        "-Dcatalog-auth.clients-file=" + clients.clientsFile(),
                        "-Dcatalog-auth.signing-key-file=" + clients.signingKeyFile());
        String secret = Files.readString(clients.signingKeyFile()).strip();
        assertThat(String.join(" ", gate)).doesNotContain(secret);
    }

    @Test
    void theGateIsBuiltAgainstTheNimbusVersionTheCatalogRunsWith() throws Exception {
        Path repo = Path.of(System.getProperty("civic.home", "..")).toAbsolutePath();
        Optional<String> built = property(repo.resolve("catalog-auth/pom.xml"), "nimbus-jose-jwt.version");
        Optional<String> runs =
                property(repo.resolve("civic-cli/engines/iceberg-rest-catalog/pom.xml"), "nimbus-jose-jwt.version");
        assertThat(built).isPresent().isEqualTo(runs);
        assertThat(property(repo.resolve("catalog-auth/pom.xml"), "jetty.version"))
                .isPresent()
                .isEqualTo(property(repo.resolve("civic-cli/engines/iceberg-rest-catalog/pom.xml"), "jetty.version"));
    }

    private static Optional<String> property(Path pom, String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
