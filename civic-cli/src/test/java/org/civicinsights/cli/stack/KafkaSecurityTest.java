package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.config.KafkaClientProperties.Kind;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {
    private static final KafkaSecurity SECURITY =
            KafkaSecurity.of(new StackLayout(Path.of("/repo"), Path.of("/data"), Path.of("/cache")));

    @Test
    void eachKindLogsInAsItsOwnUserWithThePasswordReadFromItsLoginFile() {
        Map<String, String> settings = SECURITY.clientSettings();
        for (Kind kind : Kind.values()) {
            Map<String, String> props = KafkaClientProperties.of(settings, kind);
            assertThat(props)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("ssl.truststore.location", "/data/secrets/tls/ca.pem")
                    .containsEntry("config.providers", "file")
                    .containsEntry(
                            "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                    .containsEntry("config.providers.file.param.allowed.paths", "/data/secrets");
            assertThat(props.get("sasl.jaas.config"))
                    .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"civic-"
                            + kind.key() + "\" password=\"${file:/data/secrets/kafka-" + kind.key()
                            + ".properties:password}\";");
        }
    }

    @Test
    void theSettingsNameFilesNeverPasswordsAndTheLoginLineIsMaskedInLogs() {
        assertThat(SECURITY.clientSettings().values())
                .noneMatch(v -> v.contains("password=\"") && !v.contains("${file:"));
        assertThat(CivicConfig.masked(SECURITY.clientSettings()))
                .containsEntry("kafka.client.ingest.sasl.jaas.config", "***")
                .containsEntry("kafka.client.security.protocol", "SASL_SSL");
    }

    @Test
    void theSuperUserIsTheBrokersOwn() {
        assertThat(SECURITY.superUserClient().get("sasl.jaas.config"))
                .contains("username=\"admin\"", "kafka-broker.properties");
        assertThat(KafkaSecurity.user(Kind.OUTREACH)).isEqualTo("civic-outreach");
        assertThat(KafkaSecurity.secret(Kind.OUTREACH)).isEqualTo("kafka-outreach");
    }

    @Test
    void theControllerTrustsOnlyTheBrokersCertificateNeverAnAnonymousClient() {
        assertThat(KafkaSecurity.CONTROLLER_PRINCIPAL).isEqualTo("User:CN=localhost,O=civic-insights");
        assertThat(SECURITY.brokerSettings(19092, 19093))
                .contains(
                        "listener.name.controller.ssl.client.auth=required",
                        "listener.name.controller.ssl.keystore.password=${dir:/data/secrets:tls-server.password}",
                        "super.users=User:admin;User:CN=localhost,O=civic-insights")
                .noneMatch(s -> s.contains("ANONYMOUS") || s.contains("PLAINTEXT"));
    }
}
