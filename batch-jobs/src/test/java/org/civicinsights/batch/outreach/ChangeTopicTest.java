package org.civicinsights.batch.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.civicinsights.common.config.KafkaClientProperties;
import org.junit.jupiter.api.Test;

class ChangeTopicTest {

    @Test
    void clientPropertiesAddSecurityButTheTransactionsSettingsStay() {
        Properties p = ChangeTopic.producerConfig(
                "kafka.city:9093",
                Map.of(
                        "security.protocol", "SASL_SSL",
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                        "transaction.timeout.ms", "120000",
                        "acks", "1"),
                5000);
        assertThat(p)
                .containsEntry("bootstrap.servers", "kafka.city:9093")
                .containsEntry("transactional.id", KafkaClientProperties.OUTREACH_TRANSACTIONAL_ID)
                .containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all")
                .containsEntry("max.block.ms", "5000")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("transaction.timeout.ms", "120000")
                // unshaded here: Kafka's own package, the class name unchanged
                .containsEntry(
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        assertThat(ChangeTopic.kafkaPackage()).isEqualTo("org.apache.kafka");
    }
}
