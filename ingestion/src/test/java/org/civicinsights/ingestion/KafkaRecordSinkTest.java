package org.civicinsights.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.groups.Tuple;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;
import org.junit.jupiter.api.Test;

/** Without a broker: the producer settings and the error handling, on Kafka's MockProducer. */
class KafkaRecordSinkTest {

    @Test
    void usesAnIdempotentProducerThatWaitsForAllReplicas() {
        Properties p = KafkaRecordSink.producerConfig("localhost:9092", Map.of("client.id", "demo"));
        assertThat(p)
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("linger.ms", "20")
                .containsEntry("compression.type", "lz4")
                .containsEntry("client.id", "demo");
        assertThatThrownBy(() -> KafkaRecordSink.producerConfig(" ", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overridesAddSettingsButCannotWeakenDelivery() {
        Properties p = KafkaRecordSink.producerConfig(
                "localhost:9092", Map.of("acks", "0", "enable.idempotence", "false", "security.protocol", "SASL_SSL"));
        assertThat(p)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void theConfigurationsProducerSettingsReachTheProducer() {
        CivicConfig c = CivicConfig.of(Map.of(
                "kafka.bootstrap", "kafka.city:9093",
                "kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.producer.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.client.ingest.sasl.mechanism", "PLAIN"));
        Map<String, String> producer = KafkaClientProperties.of(c, KafkaClientProperties.Kind.PRODUCER);
        assertThat(KafkaRecordSink.producerConfig(c.get("kafka.bootstrap"), producer))
                .containsEntry("bootstrap.servers", "kafka.city:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void sendsKeyAndValueToTheTopic() {
        MockProducer<String, String> producer =
                new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        try (KafkaRecordSink sink = new KafkaRecordSink(producer, "civic.interactions.v1")) {
            sink.send("id-1", "{\"a\":1}");
            sink.send("id-2", "{\"a\":2}");
            sink.flush();
        }
        assertThat(producer.history())
                .extracting(ProducerRecord::topic, ProducerRecord::key, ProducerRecord::value)
                .containsExactly(
                        Tuple.tuple("civic.interactions.v1", "id-1", "{\"a\":1}"),
                        Tuple.tuple("civic.interactions.v1", "id-2", "{\"a\":2}"));
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void failedDeliveriesAreReportedOnFlushOnce() {
        MockProducer<String, String> producer =
                new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        KafkaRecordSink sink = new KafkaRecordSink(producer, "t");
        sink.send("a", "1");
        sink.send("b", "2");
        sink.send("c", "3");
        producer.errorNext(new TimeoutException("broker gone"));
        producer.errorNext(new TimeoutException("still gone"));

        assertThatThrownBy(sink::flush)
                .isInstanceOf(RecordSinkException.class)
                .hasMessageContaining("2 record(s) could not be sent to topic t")
                .hasCauseInstanceOf(TimeoutException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        sink.flush(); // already reported
        sink.close();
    }

    @Test
    void failedDeliveriesAreReportedOnClose() {
        MockProducer<String, String> producer =
                new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        KafkaRecordSink sink = new KafkaRecordSink(producer, "t");
        sink.send("a", "1");
        producer.errorNext(new TimeoutException("broker gone"));
        assertThatThrownBy(sink::close).isInstanceOf(RecordSinkException.class).hasMessageContaining("1 record(s)");
        assertThat(producer.closed()).isTrue();
        assertThatThrownBy(() -> sink.send("b", "2")).isInstanceOf(IllegalStateException.class);
    }
}
