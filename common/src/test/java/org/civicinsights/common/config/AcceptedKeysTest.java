package org.civicinsights.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AcceptedKeysTest {
    private final AcceptedKeys accepted =
            new AcceptedKeys(Set.of("kafka.bootstrap", "ingest.parallelism"), Set.of("catalog."));

    @Test
    void acceptsKeysReadByNameAndKeysUnderAPrefix() {
        assertThat(accepted.accepts("kafka.bootstrap")).isTrue();
        assertThat(accepted.accepts("catalog.s3.secret-access-key")).isTrue();
        assertThat(accepted.accepts("catalog.uri")).isTrue();
    }

    @Test
    void refusesTyposNearMissesAndTheBarePrefix() {
        assertThat(accepted.accepts("kafka.bootstrap-servers")).isFalse();
        assertThat(accepted.accepts("ingest.paralellism")).isFalse();
        assertThat(accepted.accepts("catalog.")).isFalse();
        assertThat(accepted.accepts("catalog")).isFalse();
        assertThat(accepted.accepts("spark.master")).isFalse();
    }
}
