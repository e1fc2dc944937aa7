package org.civicinsights.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.civicinsights.common.config.KafkaClientProperties.Kind;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"civic-ingest\" password=\"${file:/s/kafka-ingest.properties:password}\";";

    @Test
    void everyClientGetsTheCommonKeysAndItsOwnOnTopWithThePrefixStripped() {
        CivicConfig c = CivicConfig.of(Map.of(
                "kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.client.request.timeout.ms", "20000",
                "kafka.client.ingest.sasl.jaas.config", JAAS,
                "kafka.client.ingest.request.timeout.ms", "40000",
                "kafka.client.producer.sasl.jaas.config", "producer's",
                "kafka.bootstrap", "kafka:9093",
                "collector.kafka.linger.ms", "1"));

        assertThat(KafkaClientProperties.of(c, Kind.INGEST))
                .containsExactly(
                        Map.entry("request.timeout.ms", "40000"),
                        Map.entry("sasl.jaas.config", JAAS),
                        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                        Map.entry("security.protocol", "SASL_SSL"));
        assertThat(KafkaClientProperties.of(c, Kind.OUTREACH))
                .containsExactly(
                        Map.entry("request.timeout.ms", "20000"),
                        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                        Map.entry("security.protocol", "SASL_SSL"));
    }

    @Test
    void withoutKafkaClientKeysAClientGetsNothing() {
        assertThat(KafkaClientProperties.of(CivicConfig.defaults(), Kind.ADMIN)).isEmpty();
    }

    @Test
    void blankValuesAreUnsetAndValuesAreStripped() {
        assertThat(KafkaClientProperties.of(
                        Map.of("kafka.client.client.rack", " ", "kafka.client.admin.retries", " 3 "), Kind.ADMIN))
                .containsExactly(Map.entry("retries", "3"));
    }

    @Test
    void aKeyThePlatformsGuaranteesRestOnIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> KafkaClientProperties.of(Map.of("kafka.client.acks", "1"), Kind.PRODUCER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kafka.client.acks'");
        assertThatThrownBy(() -> KafkaClientProperties.of(
                        Map.of("kafka.client.outreach.transactional.id", "other"), Kind.OUTREACH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kafka.client.outreach.transactional.id'");
        assertThatThrownBy(() -> KafkaClientProperties.of(
                        Map.of("kafka.client.bootstrap.servers", "elsewhere:9092"), Kind.ADMIN))
                .hasMessageContaining(CivicConfig.KAFKA_BOOTSTRAP);
        // another kind's fixed key does not concern this client
        assertThat(KafkaClientProperties.of(Map.of("kafka.client.ingest.isolation.level", "x"), Kind.ADMIN))
                .isEmpty();
    }

    @Test
    void everyFixedKeyIsRefused() {
        for (String key : KafkaClientProperties.FIXED.keySet()) {
            assertThatThrownBy(() -> KafkaClientProperties.of(Map.of("kafka.client." + key, "x"), Kind.INGEST))
                    .as(key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theKindsKeysAreNamedAfterTheKind() {
        assertThat(Kind.COLLECTOR.prefix()).isEqualTo("kafka.client.collector.");
        assertThat(Kind.ADMIN.key()).isEqualTo("admin");
    }

    @Test
    void classNamesInValuesMoveToTheRelocatedPackage() {
        Map<String, String> props = Map.of(
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "sasl.jaas.config", JAAS,
                "security.protocol", "SASL_SSL");
        Map<String, String> moved = KafkaClientProperties.relocated(props, "org.civicinsights.shaded.kafka");
        assertThat(moved)
                .containsEntry(
                        "config.providers.file.class",
                        "org.civicinsights.shaded.kafka.common.config.provider.FileConfigProvider")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(moved.get("sasl.jaas.config"))
                .startsWith("org.civicinsights.shaded.kafka.common.security.scram.ScramLoginModule required")
                .endsWith("password=\"${file:/s/kafka-ingest.properties:password}\";");
        assertThat(KafkaClientProperties.relocated(props, "org.apache.kafka")).isEqualTo(props);
    }

    @Test
    void theJaasSettingIsMaskedInLogs() {
        assertThat(CivicConfig.masked(Map.of(
                        "kafka.client.ssl.truststore.password", "p",
                        "kafka.client.ingest.sasl.jaas.config", JAAS,
                        "kafka.client.sasl.mechanism", "SCRAM-SHA-512")))
                .containsEntry("kafka.client.ssl.truststore.password", "***")
                .containsEntry("kafka.client.ingest.sasl.jaas.config", "***")
                .containsEntry("kafka.client.sasl.mechanism", "SCRAM-SHA-512");
    }
}
