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
}
