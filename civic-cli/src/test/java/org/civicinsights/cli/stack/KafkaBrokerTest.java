package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void singleNodeKraftConfigurationUsesTheConfiguredPorts() {
        StackSettings settings = StackSettings.from(
                CivicConfig.of(Map.of("stack.kafka-port", "19092", "stack.kafka-controller-port", "19093")));
        StackLayout layout = new StackLayout(Path.of("/repo"), Path.of("/data"), Path.of("/cache"));
        String props = new KafkaBroker(layout, settings, null).serverProperties(Path.of("/data/kafka/data"));
        assertThat(props)
                .contains(
                        "process.roles=broker,controller",
                        "controller.quorum.voters=1@127.0.0.1:19093",
                        "listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093",
                        "advertised.listeners=PLAINTEXT://127.0.0.1:19092",
                        "log.dirs=/data/kafka/data",
                        "auto.create.topics.enable=false");
        assertThat(settings.clientSettings(layout))
                .containsEntry(CivicConfig.KAFKA_BOOTSTRAP, "127.0.0.1:19092")
                .containsEntry(CivicConfig.PSEUDONYMISATION_KEY_FILE, "/data/secrets/pseudonymisation.key");
    }
}
