package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration the cluster topology writes for its engines, and what it tells clients. */
class ClusterTopologyConfigTest {
    static final StackLayout LAYOUT = new StackLayout(Path.of("/repo"), Path.of("/data"), Path.of("/cache"));

    static StackSettings cluster(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of(
                "stack.topology", "cluster",
                "stack.s3-port", "19000",
                "stack.flink-rest-port", "18081",
                "stack.flink-rpc-port", "16123",
                "stack.spark-master-port", "17077"));
        m.putAll(extra);
        return StackSettings.from(CivicConfig.of(m));
    }

    @Test
    void theEmbeddedTopologyIsTheDefaultAndWritesNoClusterSettings() {
        StackSettings embedded = StackSettings.from(CivicConfig.defaults());
        assertThat(embedded.topology()).isEqualTo(StackTopology.EMBEDDED);
        assertThat(embedded.clientSettings(LAYOUT))
                .containsEntry("stack.topology", "embedded")
                .doesNotContainKeys("flink.jobmanager", "spark.master", "stack.s3-port", "stack.flink-rest-port");
    }

    @Test
    void theClusterTopologyTellsClientsWhereTheJobManagerAndTheSparkMasterAre() {
        Map<String, String> client = cluster(Map.of()).clientSettings(LAYOUT);
        assertThat(client)
                .containsEntry("stack.topology", "cluster")
                .containsEntry("flink.jobmanager", "127.0.0.1:18081")
                .containsEntry("spark.master", "spark://127.0.0.1:17077")
                .containsEntry("stack.s3-port", "19000")
                .containsEntry("stack.flink-rpc-port", "16123")
                .containsEntry("stack.flink-taskmanagers", "2")
                .containsEntry("stack.flink-slots", "2");
        // every key written can be read back from a CIVIC_* variable
        for (String key : client.keySet()) {
            if (key.startsWith("stack.") && key.contains("-")) {
                assertThat(CivicConfig.HYPHENATED).as(key).contains(key);
            }
        }
        assertThat(StackSettings.from(CivicConfig.defaults())
                        .withTopology(StackTopology.CLUSTER)
                        .clustered())
                .isTrue();
        assertThatThrownBy(() -> StackTopology.of("kubernetes")).hasMessageContaining("embedded or cluster");
    }

    @Test
    void theIngestJobGoesToTheConfiguredJobManagerWhileTheStacksOwnIsWatchedOnItsPort() {
        ClusterSettings own = cluster(Map.of()).cluster();
        assertThat(own.flinkJobManager()).isEqualTo("127.0.0.1:18081");
        assertThat(own.flinkRestUrl()).isEqualTo(own.localFlinkRestUrl()).isEqualTo("http://127.0.0.1:18081");

        StackSettings elsewhere = cluster(Map.of("flink.jobmanager", "flink-jm.city.internal:8081"));
        assertThat(elsewhere.cluster().flinkJobManager()).isEqualTo("flink-jm.city.internal:8081");
        assertThat(elsewhere.cluster().flinkRestUrl()).isEqualTo("http://flink-jm.city.internal:8081");
        assertThat(elsewhere.cluster().localFlinkRestUrl()).isEqualTo("http://127.0.0.1:18081");
        assertThat(elsewhere.clientSettings(LAYOUT)).containsEntry("flink.jobmanager", "flink-jm.city.internal:8081");
        List<String> submit = new FlinkSessionIngest(LAYOUT, elsewhere, null, null)
                .submitCommand("cp", Path.of("/data/flink/conf"), Optional.empty());
        assertThat(submit).containsSubsequence("run", "-d", "-m", "flink-jm.city.internal:8081");

        assertThat(ClusterSettings.jobManagerAddress("http://10.0.0.5:8081/", 18081))
                .isEqualTo("10.0.0.5:8081");
        assertThat(ClusterSettings.jobManagerAddress(" ", 18081)).isEqualTo("127.0.0.1:18081");
        assertThatThrownBy(() -> cluster(Map.of("flink.jobmanager", "flink-jm")))
                .hasMessageContaining("flink.jobmanager must be host:port");
    }

    @Test
    void theCatalogReadsItsPropertiesFromCatalogVariablesAsIcebergsServerMapsThem() {
        Map<String, String> props = Map.of(
                "s3.path-style-access", "true",
                "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                "client.region", "us-east-1",
                "uri", "jdbc:sqlite:/data/catalog/catalog.db");
        Map<String, String> env = CatalogServer.environment(props);
        assertThat(env)
                .containsEntry("CATALOG_S3_PATH__STYLE__ACCESS", "true")
                .containsEntry("CATALOG_IO__IMPL", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("CATALOG_CLIENT_REGION", "us-east-1")
                .containsEntry("CATALOG_URI", "jdbc:sqlite:/data/catalog/catalog.db");
        // RESTCatalogServer's own mapping (RCKUtils.environmentCatalogConfig) gives the keys back
        Map<String, String> back = new HashMap<>();
        env.forEach((k, v) -> back.put(
                k.replaceFirst("CATALOG_", "")
                        .replaceAll("__", "-")
                        .replaceAll("_", ".")
                        .toLowerCase(Locale.ROOT),
                v));
        assertThat(back).isEqualTo(props);
        assertThatThrownBy(() -> CatalogServer.environment(Map.of("odd_key", "x")))
                .hasMessageContaining("odd_key");
    }

    @Test
    void theObjectStoreGivesIcebergClientsS3FileIoSettingsAndS3ProxyTheSamePair(@TempDir Path data) throws Exception {
        StackLayout layout = new StackLayout(Path.of("/repo"), data, Path.of("/cache"));
        ObjectStoreService s3 = new ObjectStoreService(layout, cluster(Map.of()), null);
        S3Credentials pair = s3.credentials();
        assertThat(s3.catalogClientSettings())
                .containsEntry("catalog.warehouse", "s3://civic-lake/warehouse")
                .containsEntry("catalog.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("catalog.s3.endpoint", "http://127.0.0.1:19000")
                .containsEntry("catalog.s3.path-style-access", "true")
                .containsEntry("catalog.client.region", "us-east-1")
                .containsEntry("catalog.s3.access-key-id", pair.accessKeyId())
                .containsEntry("catalog.s3.secret-access-key", pair.secretAccessKey());
        var proxy = s3.proxyProperties(pair);
        assertThat(proxy.getProperty("s3proxy.identity")).isEqualTo(pair.accessKeyId());
        assertThat(proxy.getProperty("s3proxy.credential")).isEqualTo(pair.secretAccessKey());
        assertThat(proxy.getProperty("s3proxy.endpoint")).isEqualTo("http://127.0.0.1:19000");
        assertThat(proxy.getProperty("jclouds.filesystem.basedir"))
                .isEqualTo(data.resolve("s3").toString());
        assertThat(proxy.getProperty("s3proxy.ignore-unknown-headers")).isEqualTo("true");

        Path file = data.resolve("secret.properties");
        ObjectStoreService.writePrivately(file, proxy);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void theKeyPairIsGeneratedOnceIntoAPrivateFileAndNeverPrinted(@TempDir Path data) throws Exception {
        Path file = data.resolve("secrets/s3.properties");
        S3Credentials first = S3Credentials.loadOrCreate(file);
        assertThat(S3Credentials.loadOrCreate(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(first.accessKeyId()).hasSize(20).startsWith("CIVIC");
        assertThat(first.secretAccessKey()).hasSize(40);
        assertThat(first.toString()).doesNotContain(first.secretAccessKey());
        assertThat(S3Credentials.generate(new SecureRandom())).isNotEqualTo(first);
    }

    @Test
    void trinosLakeCatalogOnTheObjectStoreReadsTheKeyPairFromItsEnvironment(@TempDir Path data) {
        StackLayout layout = new StackLayout(Path.of("/repo"), data, Path.of("/cache"));
        StackSettings settings = cluster(Map.of());
        ObjectStoreService s3 = new ObjectStoreService(layout, settings, null);
        String lake = new TrinoServer(layout, settings, null, s3).lakeCatalog();
        assertThat(lake)
                .contains(
                        "fs.native-s3.enabled=true",
                        "s3.endpoint=http://127.0.0.1:19000",
                        "s3.path-style-access=true",
                        "s3.aws-access-key=${ENV:LAKE_S3_ACCESS_KEY}",
                        "s3.aws-secret-key=${ENV:LAKE_S3_SECRET_KEY}")
                .doesNotContain(s3.credentials().secretAccessKey())
                .doesNotContain("fs.native-local.enabled");
        String embedded = new TrinoServer(layout, StackSettings.from(CivicConfig.defaults()), null, null).lakeCatalog();
        assertThat(embedded)
                .contains("fs.native-local.enabled=true", "local.location=/")
                .doesNotContain("s3.");
    }
}
