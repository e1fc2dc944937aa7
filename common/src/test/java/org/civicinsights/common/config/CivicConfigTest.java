package org.civicinsights.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CivicConfigTest {

    @Test
    void environmentVariablesMapToDottedKeys() {
        CivicConfig c = CivicConfig.load(
                null, Map.of("CIVIC_KAFKA_BOOTSTRAP", "kafka:9092", "CIVIC_HOME", "/opt/civic", "PATH", "/usr/bin"));
        assertThat(c.get(CivicConfig.KAFKA_BOOTSTRAP)).isEqualTo("kafka:9092");
        assertThat(c.has("home")).isFalse();
        assertThat(c.has("path")).isFalse();
    }

    @Test
    void keyFileCanBeSetFromTheEnvironment() {
        // pseudonymisation.key-file has a '-', which an environment variable name cannot hold
        CivicConfig c = CivicConfig.load(null, Map.of("CIVIC_PSEUDONYMISATION_KEY_FILE", "/run/secrets/civic.key"));
        assertThat(c.get(CivicConfig.PSEUDONYMISATION_KEY_FILE)).isEqualTo("/run/secrets/civic.key");
        assertThat(c.has("pseudonymisation.key.file")).isFalse();
    }

    @Test
    void argumentsOverrideTheEnvironmentAndSecretsAreHidden() {
        CivicConfig c = CivicConfig.fromArgs(
                new String[] {"--kafka.bootstrap", "a:1", "--pseudonymisation.key=c2VjcmV0"},
                Map.of("CIVIC_KAFKA_BOOTSTRAP", "b:2"));
        assertThat(c.get(CivicConfig.KAFKA_BOOTSTRAP)).isEqualTo("a:1");
        assertThat(c.get(CivicConfig.KAFKA_TOPIC)).isEqualTo("civic.interactions.v1");
        assertThat(c.toString()).doesNotContain("c2VjcmV0").contains("pseudonymisation.key=***");
    }

    @Test
    void hyphenatedCatalogPropertiesCanBeSetFromTheEnvironment() {
        CivicConfig c = CivicConfig.load(
                null,
                Map.of(
                        "CIVIC_CATALOG_S3_SECRET_ACCESS_KEY", "s3cr3t",
                        "CIVIC_CATALOG_S3_ACCESS_KEY_ID", "civic",
                        "CIVIC_CATALOG_S3_PATH_STYLE_ACCESS", "true",
                        "CIVIC_CATALOG_IO_IMPL", "org.apache.iceberg.aws.s3.S3FileIO",
                        "CIVIC_CATALOG_WAREHOUSE", "s3://civic-lake/warehouse"));
        assertThat(c.get("catalog.s3.secret-access-key")).isEqualTo("s3cr3t");
        assertThat(c.get("catalog.s3.access-key-id")).isEqualTo("civic");
        assertThat(c.get("catalog.s3.path-style-access")).isEqualTo("true");
        assertThat(c.get("catalog.io-impl")).isEqualTo("org.apache.iceberg.aws.s3.S3FileIO");
        assertThat(c.get("catalog.warehouse")).isEqualTo("s3://civic-lake/warehouse");
        assertThat(c.has("catalog.s3.secret.access.key")).isFalse();
        assertThat(CivicConfig.keyOfVariable("CIVIC_CATALOG_S3_SECRET_ACCESS_KEY"))
                .contains("catalog.s3.secret-access-key");
        assertThat(CivicConfig.keyOfVariable("CIVIC_TRINO_CRM_OPERATOR_PASSWORD"))
                .contains("trino.crm_operator.password");
        assertThat(CivicConfig.keyOfVariable("CIVIC_TRINO_ANALYST_PASSWORD_FILE"))
                .contains("trino.analyst.password-file");
        assertThat(CivicConfig.keyOfVariable("CIVIC_TRINO_PASSWORD")).contains("trino.password");
        assertThat(CivicConfig.keyOfVariable("CIVIC_HOME")).isEmpty();
        assertThat(CivicConfig.keyOfVariable("AWS_REGION")).isEmpty();
    }

    @Test
    void secretLookingValuesAreMaskedInThePrintedForm() {
        CivicConfig c = CivicConfig.of(Map.of(
                "catalog.credential", "client:CRED-VALUE",
                "catalog.token", "TOKEN-VALUE",
                "catalog.s3.secret-access-key", "SECRET-VALUE",
                "catalog.header.Authorization", "Bearer HEADER-VALUE",
                "spark.ssl.keyPassword", "PASSWORD-VALUE",
                "catalog.s3.sse.key", "SSE-KEY-VALUE",
                "pseudonymisation.key", "HMAC-VALUE",
                "pseudonymisation.key-file", "/run/secrets/civic.key",
                "catalog.s3.access-key-id", "civic-id",
                "catalog.warehouse", "s3://civic-lake/warehouse"));
        String printed = c.toString();
        assertThat(printed)
                .doesNotContain(
                        "CRED-VALUE",
                        "TOKEN-VALUE",
                        "SECRET-VALUE",
                        "HEADER-VALUE",
                        "PASSWORD-VALUE",
                        "SSE-KEY-VALUE",
                        "HMAC-VALUE")
                .contains(
                        "catalog.credential=***",
                        "catalog.s3.secret-access-key=***",
                        "pseudonymisation.key=***",
                        // a path and identifiers are no secrets: shown, so a wrong one can be spotted
                        "pseudonymisation.key-file=/run/secrets/civic.key",
                        "catalog.s3.access-key-id=civic-id",
                        "catalog.warehouse=s3://civic-lake/warehouse",
                        "catalog.uri=http://127.0.0.1:8181");
        // stripped and engine-side names are recognised too
        assertThat(CivicConfig.isSecret("credential")).isTrue();
        assertThat(CivicConfig.isSecret("s3.secret-access-key")).isTrue();
        assertThat(CivicConfig.isSecret("spark.sql.catalog.lake.token")).isTrue();
        assertThat(CivicConfig.isSecret("kafka.client.sasl.jaas.config")).isTrue();
        assertThat(CivicConfig.isSecret("uri")).isFalse();
        assertThat(CivicConfig.isSecret("spark.hadoop.fs.azure.account.key.civiclake.dfs.core.windows.net"))
                .isTrue();
        assertThat(CivicConfig.isSecret("catalog.header.X-ApiKey")).isTrue();
        assertThat(CivicConfig.isSecret("catalog.gcs.oauth2.private-key")).isTrue();
        assertThat(CivicConfig.isSecret("pseudonymisation.key-file")).isFalse();
        assertThat(CivicConfig.isSecret("catalog.s3.endpoint")).isFalse();
        assertThat(CivicConfig.masked(Map.of("s3.session-token", "T", "s3.endpoint", "http://h:1")))
                .containsExactly(Map.entry("s3.endpoint", "http://h:1"), Map.entry("s3.session-token", "***"));
    }
}
