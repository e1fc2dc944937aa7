package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class CollectorSettingsTest {

    @Test
    void defaults() {
        CollectorSettings s = CollectorSettings.from(CivicConfig.fromArgs(new String[0], Map.of()));
        assertThat(s.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(s.topic()).isEqualTo("civic.interactions.v1");
        assertThat(s.rejectedTopic()).isEqualTo("civic.interactions.rejected.v1");
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8088);
        assertThat(s.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(s.maxBatch()).isEqualTo(1000);
        assertThat(s.maxInFlight()).isEqualTo(10_000);
        assertThat(s.shutdownTimeoutMs()).isEqualTo(30_000);
        assertThat(s.kafkaOverrides()).isEmpty();
        assertThat(s.clientsFile()).isNull();
        assertThat(s.defaultRate()).isZero();
        assertThat(s.rateBurstSeconds()).isEqualTo(2);
        assertThat(s.tlsKeystore()).isNull();
    }

    @Test
    void authenticationRateAndTlsSettingsAlsoComeFromTheEnvironment() {
        Map<String, String> env = Map.of(
                "CIVIC_COLLECTOR_CLIENTS_FILE",
                "/etc/civic/collector-clients.txt",
                "CIVIC_COLLECTOR_DEFAULT_RATE",
                "12.5",
                "CIVIC_COLLECTOR_RATE_BURST_SECONDS",
                "5",
                "CIVIC_COLLECTOR_TLS_KEYSTORE",
                "/etc/civic/collector.p12",
                "CIVIC_COLLECTOR_TLS_KEYSTORE_PASSWORD",
                "s3cret-pw");
        CivicConfig c = CivicConfig.fromArgs(new String[0], env);
        CollectorSettings s = CollectorSettings.from(c);
        assertThat(s.clientsFile()).isEqualTo(Path.of("/etc/civic/collector-clients.txt"));
        assertThat(s.defaultRate()).isEqualTo(12.5);
        assertThat(s.rateBurstSeconds()).isEqualTo(5);
        assertThat(s.tlsKeystore()).isEqualTo(Path.of("/etc/civic/collector.p12"));
        assertThat(s.tlsKeystorePassword()).isEqualTo("s3cret-pw");
        assertThat(CollectorSettings.unknownKeys(c)).isEmpty();
        // the password is never shown
        assertThat(s.toString()).contains("collector.tls.keystore").doesNotContain("s3cret-pw");
        assertThat(s.describe().toString()).doesNotContain("s3cret-pw");

        CollectorSettings args = CollectorSettings.from(CivicConfig.fromArgs(
                new String[] {"--collector.clients-file", "clients.txt", "--collector.default-rate", "3"}, env));
        assertThat(args.clientsFile()).isEqualTo(Path.of("clients.txt"));
        assertThat(args.defaultRate()).isEqualTo(3);
    }

    @Test
    void argumentsWinOverEnvironmentAndHyphenatedKeysWorkFromTheEnvironment() {
        String[] args = {
            "--kafka.bootstrap",
            "kafka-1:9092",
            "--collector.port=9000",
            "--collector.max-batch",
            "200",
            "--collector.kafka.security.protocol",
            "SSL"
        };
        Map<String, String> env = Map.of(
                "CIVIC_COLLECTOR_PORT",
                "7000",
                "CIVIC_COLLECTOR_MAX_BODY_BYTES",
                "4096",
                "CIVIC_COLLECTOR_MAX_IN_FLIGHT",
                "300");
        CivicConfig c = CivicConfig.fromArgs(args, env);
        CollectorSettings s = CollectorSettings.from(c);
        assertThat(s.bootstrap()).isEqualTo("kafka-1:9092");
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.maxBatch()).isEqualTo(200);
        assertThat(s.maxBodyBytes()).isEqualTo(4096);
        assertThat(s.maxInFlight()).isEqualTo(300);
        assertThat(s.kafkaOverrides()).containsEntry("security.protocol", "SSL");
        assertThat(CollectorSettings.unknownKeys(c)).isEmpty();
        assertThat(CollectorSettings.unknownKeys(CivicConfig.of(Map.of("collector.prot", "1"))))
                .containsExactly("collector.prot");
    }

    @Test
    void producerIsIdempotentWithAcksAllAndBoundedBlocking() {
        CollectorSettings s = CollectorSettings.of(Map.of(
                "collector.ack-timeout-ms",
                "4000",
                "collector.kafka.linger.ms",
                "50",
                "collector.kafka.client.id",
                "portal-collector-1"));
        Properties p = KafkaPublisher.producerConfig(s);
        assertThat(p)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "4000")
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "50")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "portal-collector-1");
        // the producer accepts the combination (delivery timeout >= linger + request timeout)
        new KafkaProducer<String, String>(p).close(Duration.ZERO);
    }

    @Test
    void thePlatformsKafkaClientSettingsApplyAndCollectorKafkaSettingsWin() {
        CollectorSettings s = CollectorSettings.of(Map.of(
                "kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.sasl.mechanism", "PLAIN",
                "kafka.client.collector.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.client.ingest.sasl.mechanism", "GSSAPI",
                "kafka.client.request.timeout.ms", "9000",
                "collector.kafka.request.timeout.ms", "7000"));
        assertThat(s.kafkaOverrides())
                .containsOnly(
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                        Map.entry("request.timeout.ms", "7000"));
        assertThat(KafkaHealth.adminConfig(s, 2000))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        // the health check resolves ${file:...} references like the producer
        CollectorSettings withProviders = CollectorSettings.of(Map.of(
                "kafka.client.config.providers",
                "file",
                "kafka.client.config.providers.file.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider",
                "kafka.client.config.providers.file.param.allowed.paths",
                "/etc/civic"));
        assertThat(KafkaHealth.adminConfig(withProviders, 2000))
                .containsEntry("config.providers", "file")
                .containsEntry("config.providers.file.param.allowed.paths", "/etc/civic");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("kafka.client.collector.acks", "1")))
                .hasMessageContaining("kafka.client.collector.acks");
    }

    @Test
    void invalidSettingsAreRefusedWithTheKey() {
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("collector.port", "eighty")))
                .hasMessageContaining("collector.port");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("collector.port", "70000")))
                .hasMessageContaining("collector.port");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("collector.max-batch", "20000")))
                .hasMessageContaining("collector.max-in-flight");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("collector.kafka.acks", "1")))
                .hasMessageContaining("collector.kafka.acks cannot be changed");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("kafka.rejected-topic", "civic.interactions.v1")))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("collector.default-rate", "-1")))
                .hasMessageContaining("collector.default-rate");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("collector.default-rate", "lots")))
                .hasMessageContaining("collector.default-rate")
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("collector.rate-burst-seconds", "0")))
                .hasMessageContaining("collector.rate-burst-seconds");
        assertThatThrownBy(() -> CollectorSettings.of(Map.of("collector.tls.keystore", "/etc/civic/collector.p12")))
                .hasMessageContaining("collector.tls.keystore-password is required");
    }

    @Test
    void usageListsEveryKey() {
        assertThat(CollectorSettings.usage())
                .contains(
                        "--kafka.bootstrap",
                        "--kafka.topic",
                        "--kafka.rejected-topic",
                        "--collector.port",
                        "--collector.host",
                        "--collector.max-body-bytes",
                        "--collector.max-batch",
                        "--collector.max-in-flight",
                        "--collector.max-concurrent-requests",
                        "--collector.max-event-bytes",
                        "--collector.ack-timeout-ms",
                        "--collector.shutdown-timeout-ms",
                        "--collector.health-cache-ms",
                        "--collector.worker-threads",
                        "--collector.kafka.",
                        "--kafka.client.",
                        "--collector.clients-file",
                        "--collector.default-rate",
                        "--collector.rate-burst-seconds",
                        "--collector.tls.keystore",
                        "--collector.tls.keystore-password",
                        "--new-client ID [--rate N]",
                        "--help");
    }
}
