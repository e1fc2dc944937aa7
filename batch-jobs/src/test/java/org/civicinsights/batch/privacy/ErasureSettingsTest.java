package org.civicinsights.batch.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class ErasureSettingsTest {
    static final String ID = "5b0c2f8e-3d7a-4c55-9a7e-0d2f6b1c9e41";

    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("erase.keys-file", "/tmp/keys.txt");
        m.put("erase.id", ID);
        m.put("erase.ticket", "DPO-1");
        m.put("erase.reason", "art. 17");
        m.put("outreach.outbox", "/tmp/outbox");
        return m;
    }

    @Test
    void defaultsAreTheLocalStacksAndTheOutreachChannelIsReused() {
        Map<String, String> m = minimal();
        m.put("kafka.client.outreach.sasl.mechanism", "SCRAM-SHA-512");
        ErasureSettings s = ErasureSettings.from(CivicConfig.of(m));
        assertThat(s.snapshotGrace()).isEqualTo(Duration.ZERO);
        assertThat(s.orphanMinAge()).isEqualTo(Duration.ofDays(1)); // a checkpoint or running write survives
        assertThat(s.topic()).isEqualTo("civic.privacy.erasures.v1");
        assertThat(s.kafkaClient()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(ErasureNotices.producerConfig("b:9092", s.kafkaClient(), 5_000))
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .doesNotContainKey("transactional.id");
    }

    @Test
    void theKafkaProducerAcceptsTheNoticeSettingsForEveryTimeout() {
        // the producer checks its timeouts when it is built (no broker needed): the job failed there once
        for (long timeoutMs : new long[] {5_000, 30_000, 120_000}) {
            java.util.Properties p = ErasureNotices.producerConfig("127.0.0.1:1", Map.of("linger.ms", "20"), timeoutMs);
            p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p)) {
                assertThat(producer.metrics()).isNotEmpty();
            }
            java.util.Properties defaults = ErasureNotices.producerConfig("127.0.0.1:1", Map.of(), timeoutMs);
            defaults.putAll(Map.of(
                    "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                    "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(defaults)) {
                assertThat(producer.metrics()).isNotEmpty();
            }
        }
    }

    @Test
    void whatIsMissingOrWrongIsNamed() {
        for (String key :
                new String[] {"erase.keys-file", "erase.id", "erase.ticket", "erase.reason", "outreach.outbox"}) {
            Map<String, String> m = minimal();
            m.remove(key);
            assertThatThrownBy(() -> ErasureSettings.from(CivicConfig.of(m))).hasMessageContaining(key);
        }
        Map<String, String> m = minimal();
        m.put("erase.id", "not-a-uuid");
        assertThatThrownBy(() -> ErasureSettings.from(CivicConfig.of(m))).hasMessageContaining("UUID");
        m.put("erase.id", ID);
        m.put("privacy.snapshot-grace", "7 days");
        assertThatThrownBy(() -> ErasureSettings.from(CivicConfig.of(m))).hasMessageContaining("ISO-8601");
    }

    @Test
    void aNoticeIsOneJsonObjectInAFixedOrder() {
        String key = "ab".repeat(32);
        assertThat(ErasureNotices.json(
                        new ErasureNotices.Notice(ID, "DPO-\"1\"", Instant.parse("2026-07-01T10:15:02.123456Z"), key)))
                .isEqualTo("{\"schema_version\":1,\"erasure_id\":\"" + ID + "\",\"ticket\":\"DPO-\\\"1\\\"\","
                        + "\"erased_at\":\"2026-07-01T10:15:02.123456Z\",\"citizen_key\":\"" + key + "\"}");
    }
}
