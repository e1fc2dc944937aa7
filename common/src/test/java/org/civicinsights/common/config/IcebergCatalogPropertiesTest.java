package org.civicinsights.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
