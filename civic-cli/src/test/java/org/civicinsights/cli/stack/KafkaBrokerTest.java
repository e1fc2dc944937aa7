package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.config.KafkaClientProperties.Kind;
import org.civicinsights.common.privacy.DataRegister;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
    private static final StackLayout LAYOUT = new StackLayout(Path.of("/repo"), Path.of("/data"), Path.of("/cache"));

    @Test
    void openSingleNodeKraftConfigurationUsesTheConfiguredPorts() {
        StackSettings settings = StackSettings.from(CivicConfig.of(
                Map.of("stack.kafka-port", "19092", "stack.kafka-controller-port", "19093", "stack.security", "off")));
        String props = new KafkaBroker(LAYOUT, settings, null).serverProperties(Path.of("/data/kafka/data"), null);
        assertThat(props)
                .contains(
                        "process.roles=broker,controller",
                        "controller.quorum.voters=1@127.0.0.1:19093",
                        "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
                        "advertised.listeners=PLAINTEXT://127.0.0.1:19092",
                        "log.dirs=/data/kafka/data",
                        "auto.create.topics.enable=false")
                .doesNotContain("SASL", "ssl.");
        assertThat(settings.clientSettings(LAYOUT))
                .containsEntry(CivicConfig.KAFKA_BOOTSTRAP, "127.0.0.1:19092")
                .containsEntry(CivicConfig.PSEUDONYMISATION_KEY_FILE, "/data/secrets/pseudonymisation.key")
                .doesNotContainKey("kafka.client.security.protocol");
    }

    @Test
    void everyTopicGetsTheRegistersRetentionOnTheBrokersClock() {
        StackSettings settings = StackSettings.from(CivicConfig.of(Map.of("stack.security", "off")));
        DataRegister register = DataRegister.bundled();
        List<KafkaBroker.StackTopic> topics = new KafkaBroker(LAYOUT, settings, null).topics();
        assertThat(topics).extracting(KafkaBroker.StackTopic::name).contains("civic.interactions.v1");
        for (KafkaBroker.StackTopic t : topics) {
            DataRegister.RegisteredTopic registered =
                    register.topic(t.registered()).orElseThrow();
            assertThat(KafkaBroker.topicConfigs(registered))
                    .as(t.name())
                    .containsEntry(
                            "retention.ms",
                            String.valueOf(registered.retention().getDays() * 86_400_000L))
                    .containsEntry("message.timestamp.type", "LogAppendTime");
            // a closed segment is deleted at most a third of the retention late
            assertThat(Long.parseLong(KafkaBroker.topicConfigs(registered).get("segment.ms")))
                    .as(t.name() + " segment.ms")
                    .isPositive()
                    .isLessThanOrEqualTo(registered.retentionMillis() / 3);
        }
        // the raw topic holds fiscal codes in clear until ingestion: days, not the broker's week
        assertThat(KafkaBroker.topicConfigs(
                        register.topic("civic.interactions.v1").orElseThrow()))
                .containsEntry("retention.ms", "259200000");
    }

    @Test
    void segmentsRollAtAThirdOfTheRetentionAndAtLeastDaily() {
        // the broker's default roll (168 h) would keep a 3-day topic's records for up to 10 days
        assertThat(segmentMs(Period.ofDays(3))).isEqualTo("86400000");
        assertThat(segmentMs(Period.ofDays(30))).isEqualTo("86400000");
        assertThat(segmentMs(Period.ofDays(2))).isEqualTo(String.valueOf(2 * 86_400_000L / 3));
        assertThat(segmentMs(Period.ofDays(1))).isEqualTo(String.valueOf(86_400_000L / 3));
    }

    private static String segmentMs(Period retention) {
        return KafkaBroker.topicConfigs(new DataRegister.RegisteredTopic("t", "none", "test", retention, "none"))
                .get("segment.ms");
    }

    @Test
    void securedTheClientListenerIsSaslSslAndTheControllerWantsTheBrokersCertificate() {
        StackSettings settings = StackSettings.from(CivicConfig.of(
                Map.of("stack.kafka-port", "19092", "stack.kafka-controller-port", "19093", "stack.security", "on")));
        KafkaBroker broker = new KafkaBroker(LAYOUT, settings, null);
        String props = broker.serverProperties(Path.of("/data/kafka/data"), broker.security());
        assertThat(props)
                .contains(
                        "listeners=SASL_SSL://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
                        "advertised.listeners=SASL_SSL://127.0.0.1:19092",
                        "inter.broker.listener.name=SASL_SSL",
                        "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SSL",
                        "listener.name.controller.ssl.client.auth=required",
                        "listener.name.controller.ssl.keystore.location=/data/secrets/tls/server.p12",
                        "listener.name.controller.ssl.truststore.location=/data/secrets/tls/truststore.p12",
                        "listener.name.controller.ssl.truststore.password=${dir:/data/secrets:tls-truststore.password}",
                        "super.users=User:admin;User:CN=localhost,O=civic-insights\n",
                        "sasl.enabled.mechanisms=SCRAM-SHA-512",
                        "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                        "ssl.keystore.location=/data/secrets/tls/server.p12",
                        "ssl.keystore.password=${dir:/data/secrets:tls-server.password}",
                        "username=\"admin\" password=\"${file:/data/secrets/kafka-broker.properties:password}\";",
                        "log.dirs=/data/kafka/data")
                .doesNotContain("PLAINTEXT", "ANONYMOUS");
        // every client of the stack gets SASL_SSL and its own login; the CLI's admin client too
        Map<String, String> client = settings.clientSettings(LAYOUT);
        assertThat(client).containsEntry("kafka.client.security.protocol", "SASL_SSL");
        assertThat(KafkaClientProperties.of(client, Kind.ADMIN).get("sasl.jaas.config"))
                .contains("username=\"civic-admin\"");
    }

    @Test
    void storageToolsEchoOfTheSuperUsersCredentialStaysOutOfTheLog() {
        String out = "Bootstrap metadata: BootstrapMetadata(records=[ApiMessageAndVersion(FeatureLevelRecord(name='x'))"
                + " ApiMessageAndVersion(UserScramCredentialRecord(name='admin', salt=[1], storedKey=[2]))])\n"
                + "Formatting metadata directory /data/kafka/data with metadata.version 4.2-IV1.\n";
        assertThat(KafkaBroker.withoutCredentialRecords(out))
                .isEqualTo("Formatting metadata directory /data/kafka/data with metadata.version 4.2-IV1.\n");
    }
}
