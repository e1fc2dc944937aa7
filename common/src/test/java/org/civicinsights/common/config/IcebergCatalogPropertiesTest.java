package org.civicinsights.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.rest.auth.AuthManager;
import org.apache.iceberg.rest.auth.AuthManagers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergCatalogPropertiesTest {

    @Test
    void everyCatalogKeyPassesThroughWithThePrefixStripped() {
        CivicConfig c = CivicConfig.of(Map.of(
                "catalog.uri", "https://lakehouse.city.internal/iceberg",
                "catalog.warehouse", "civic",
                "catalog.credential", "client:secret",
                "catalog.oauth2-server-uri", "https://idp.city.internal/token",
                "catalog.io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                "catalog.s3.endpoint", "http://127.0.0.1:9000",
                "catalog.client.region", "us-east-1",
                "kafka.bootstrap", "kafka:9092"));
        assertThat(IcebergCatalogProperties.from(c))
                .containsExactly(
                        Map.entry("client.region", "us-east-1"),
                        Map.entry("credential", "client:secret"),
                        Map.entry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
                        Map.entry("oauth2-server-uri", "https://idp.city.internal/token"),
                        Map.entry("s3.endpoint", "http://127.0.0.1:9000"),
                        Map.entry("uri", "https://lakehouse.city.internal/iceberg"),
                        Map.entry("warehouse", "civic"));
    }

    @Test
    void ourOwnCatalogKeysAndBlankValuesAreNotCatalogProperties() {
        CivicConfig c = CivicConfig.of(Map.of(
                "catalog.name", "lake", "catalog.type", "hadoop", "catalog.token", " ", "catalog.scope", "catalog"));
        // the default URI is always there
        assertThat(IcebergCatalogProperties.from(c))
                .containsExactly(Map.entry("scope", "catalog"), Map.entry("uri", "http://127.0.0.1:8181"));
    }

    @TempDir
    Path dir;

    @Test
    void aCredentialFileStaysAPathReadByOurAuthManagerNeverACatalogProperty() throws IOException {
        Path file = dir.resolve("catalog-ingest.credential");
        Files.writeString(file, "civic-ingest:S3CRET-of-ingest\n");
        CivicConfig c = CivicConfig.of(Map.of(
                "catalog.credential-file", file.toString(),
                "catalog.oauth2-server-uri", "http://127.0.0.1:8181/v1/oauth/tokens",
                "catalog.rest.auth.type", "oauth2"));

        Map<String, String> resolved = IcebergCatalogProperties.from(c);
        assertThat(resolved)
                .containsExactly(
                        Map.entry("credential-file", file.toString()),
                        Map.entry("oauth2-server-uri", "http://127.0.0.1:8181/v1/oauth/tokens"),
                        Map.entry("rest.auth.type", CredentialFileAuthManager.class.getName()),
                        Map.entry("uri", "http://127.0.0.1:8181"));
        assertThat(resolved.toString()).doesNotContain("S3CRET");
        // the same without an auth type (Iceberg's default for credentials is OAuth2), and resolved again
        Map<String, String> untyped =
                IcebergCatalogProperties.from(CivicConfig.of(Map.of("catalog.credential-file", file.toString())));
        assertThat(untyped).containsEntry("rest.auth.type", CredentialFileAuthManager.class.getName());
        assertThat(IcebergCatalogProperties.resolve(untyped)).isEqualTo(untyped);
        // what our auth manager hands to Iceberg's OAuth2 when it opens a session: the file read
        assertThat(IcebergCatalogProperties.withCredentialRead(resolved))
                .containsEntry("credential", "civic-ingest:S3CRET-of-ingest")
                .containsEntry("oauth2-server-uri", "http://127.0.0.1:8181/v1/oauth/tokens")
                .doesNotContainKey("credential-file");
        // as declared (what the ingest job ships to its tasks, and logs): the path, not the secret
        assertThat(IcebergCatalogProperties.declared(c))
                .containsEntry("credential-file", file.toString())
                .doesNotContainKey("credential");
    }

    @Test
    void icebergLoadsOurAuthManagerByTheNameTheResolvedPropertiesGive() {
        assertThat(IcebergCatalogProperties.CREDENTIAL_FILE_AUTH).isEqualTo(CredentialFileAuthManager.class.getName());
        try (AuthManager manager = AuthManagers.loadAuthManager(
                "lake", Map.of(IcebergCatalogProperties.AUTH_TYPE, IcebergCatalogProperties.CREDENTIAL_FILE_AUTH))) {
            assertThat(manager).isInstanceOf(CredentialFileAuthManager.class);
        }
    }

    @Test
    void withAnotherAuthTypeTheFileIsReadIntoTheCredentialAsAnInlineOneWouldBe() throws IOException {
        Path file = Files.writeString(dir.resolve("catalog.credential"), "civic-batch:S3CRET\n");
        assertThat(IcebergCatalogProperties.from(CivicConfig.of(Map.of(
                        "catalog.credential-file", file.toString(), "catalog.rest.auth.type", "com.example.CityAuth"))))
                .containsEntry("credential", "civic-batch:S3CRET")
                .containsEntry("rest.auth.type", "com.example.CityAuth")
                .doesNotContainKey("credential-file");
        // nothing to read, nothing changed
        Map<String, String> inline = Map.of("credential", "client:secret", "uri", "http://127.0.0.1:8181");
        assertThat(IcebergCatalogProperties.resolve(inline)).isEqualTo(inline);
        assertThat(IcebergCatalogProperties.withCredentialRead(inline)).isEqualTo(inline);
    }

    @Test
    void theVariableOfTheCredentialFileMapsBackToItsKey() {
        assertThat(CivicConfig.load(null, Map.of("CIVIC_CATALOG_CREDENTIAL_FILE", "/run/secrets/catalog"))
                        .get("catalog.credential-file"))
                .isEqualTo("/run/secrets/catalog");
    }

    @Test
    void aCredentialAndACredentialFileTogetherOrAnEmptyOrMissingFileAreErrorsThatShowNoSecret() throws IOException {
        Path file = dir.resolve("credential");
        Files.writeString(file, "civic-batch:S3CRET");
        assertThatThrownBy(() -> IcebergCatalogProperties.from(CivicConfig.of(Map.of(
                        "catalog.credential", "client:OTHER-S3CRET", "catalog.credential-file", file.toString()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("S3CRET");

        assertThatThrownBy(() -> IcebergCatalogProperties.withCredentialRead(
                        Map.of("credential", "client:OTHER-S3CRET", "credential-file", file.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("S3CRET");

        // read where the catalog is loaded: the errors come from there
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThatThrownBy(() -> IcebergCatalogProperties.withCredentialRead(IcebergCatalogProperties.from(
                        CivicConfig.of(Map.of("catalog.credential-file", empty.toString())))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.toString());

        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> IcebergCatalogProperties.withCredentialRead(IcebergCatalogProperties.from(
                        CivicConfig.of(Map.of("catalog.credential-file", missing.toString())))))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }
}
