package org.civicinsights.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.rest.auth.AuthManager;
import org.apache.iceberg.rest.auth.AuthManagers;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.IcebergCatalogProperties;
import org.junit.jupiter.api.Test;

class LakeCatalogTest {
    private static final CivicConfig ON_S3 = CivicConfig.of(Map.of(
            "catalog.uri", "https://lakehouse.city.internal/iceberg",
            "catalog.warehouse", "civic",
            "catalog.credential", "client:CLIENT-SECRET",
            "catalog.io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
            "catalog.s3.endpoint", "http://127.0.0.1:9000",
            "catalog.s3.secret-access-key", "S3-SECRET",
            "kafka.bootstrap", "kafka:9092"));

    @Test
    void theRestClientGetsEveryCatalogProperty() {
        CatalogLoader rest = LakeCatalog.from(ON_S3).delegate();
        assertThat(rest).isInstanceOf(CatalogLoader.RESTCatalogLoader.class);
        // Iceberg's loader prints its properties: that is how we see what it was given
        assertThat(rest.toString())
                .contains(
                        "uri=https://lakehouse.city.internal/iceberg",
                        "warehouse=civic",
                        "credential=client:CLIENT-SECRET",
                        "io-impl=org.apache.iceberg.aws.s3.S3FileIO",
                        "s3.endpoint=http://127.0.0.1:9000",
                        "s3.secret-access-key=S3-SECRET")
                .doesNotContain("kafka", "name=lake");
    }

    @Test
    void noSecretInItsPrintedFormNorInItsTableLoaders() {
        LakeCatalog catalog = LakeCatalog.from(ON_S3);
        String printed = catalog + " " + catalog.clone() + " "
                + TableLoader.fromCatalog(catalog, TableIdentifier.of("raw", "interactions"));
        assertThat(printed).contains("lake").doesNotContain("CLIENT-SECRET", "S3-SECRET");
    }

    @Test
    void aCredentialFileIsReadWhereTheCatalogIsLoadedAndNeverTravelsInTheJobGraph() throws Exception {
        Path file = Files.createTempFile("catalog-ingest", ".credential");
        Files.writeString(file, "civic-ingest:FILE-SECRET\n");
        LakeCatalog catalog = LakeCatalog.from(CivicConfig.of(
                Map.of("catalog.uri", "http://127.0.0.1:8181", "catalog.credential-file", file.toString())));

        ByteArrayOutputStream graph = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(graph)) {
            out.writeObject(TableLoader.fromCatalog(catalog, TableIdentifier.of("raw", "interactions")));
        }
        assertThat(graph.toString(StandardCharsets.ISO_8859_1))
                .contains(file.toString())
                .doesNotContain("FILE-SECRET");
        assertThat(catalog.clone().toString()).doesNotContain("FILE-SECRET");
        // nor in the catalog Iceberg loads, whose properties every table's FileIO copies: the auth
        // manager named there reads the file, and the Flink runtime's Iceberg finds it by that name
        String loader = ((LakeCatalog) catalog.clone()).delegate().toString();
        assertThat(loader)
                .contains("credential-file=" + file, "rest.auth.type=" + IcebergCatalogProperties.CREDENTIAL_FILE_AUTH)
                .doesNotContain("FILE-SECRET");
        try (AuthManager manager = AuthManagers.loadAuthManager(
                "lake",
                IcebergCatalogProperties.resolve(IcebergCatalogProperties.declared(
                        CivicConfig.of(Map.of("catalog.credential-file", file.toString())))))) {
            assertThat(manager.getClass().getName()).isEqualTo(IcebergCatalogProperties.CREDENTIAL_FILE_AUTH);
        }
    }

    @Test
    void anotherCatalogClassByCatalogImpl() throws Exception {
        Path warehouse = Files.createTempDirectory("lake-catalog-test");
        CatalogLoader loader = LakeCatalog.from(CivicConfig.of(Map.of(
                "catalog.catalog-impl", HadoopCatalog.class.getName(),
                "catalog.warehouse", warehouse.toUri().toString())));
        Catalog catalog = loader.clone().loadCatalog();
        assertThat(catalog).isInstanceOf(HadoopCatalog.class);
        assertThat(catalog.name()).isEqualTo("lake");
        ((SupportsNamespaces) catalog).createNamespace(Namespace.of("raw"));
        assertThat(warehouse.resolve("raw")).isDirectory();
    }
}
