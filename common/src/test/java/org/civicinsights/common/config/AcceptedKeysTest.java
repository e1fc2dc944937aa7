package org.civicinsights.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AcceptedKeysTest {
    private final AcceptedKeys ingest =
            new AcceptedKeys(Set.of("kafka.bootstrap", "ingest.parallelism"), Set.of("catalog."));

    @Test
    void exactKeysAndKeysBelowAPrefix() {
        assertThat(ingest.accepts("kafka.bootstrap")).isTrue();
        assertThat(ingest.accepts("catalog.s3.endpoint")).isTrue();
        assertThat(ingest.accepts("catalog.uri")).isTrue();
    }

    @Test
    void typosAndBarePrefixesAreNotAccepted() {
        assertThat(ingest.accepts("kafka.bootstrap-servers")).isFalse();
        assertThat(ingest.accepts("ingest.paralelism")).isFalse();
        assertThat(ingest.accepts("catalog.")).isFalse();
        assertThat(ingest.accepts("catalogs.uri")).isFalse();
        assertThat(ingest.accepts("spark.master")).isFalse();
    }

    @Test
    void combinedWithAnother() {
        AcceptedKeys both = ingest.and(new AcceptedKeys(Set.of("job"), Set.of("spark.")));
        assertThat(both.accepts("job")).isTrue();
        assertThat(both.accepts("spark.executor.memory")).isTrue();
        assertThat(both.accepts("kafka.bootstrap")).isTrue();
        assertThat(both.prefixes()).containsExactlyInAnyOrder("catalog.", "spark.");
    }

    @Test
    void aPrefixEndsWithADot() {
        assertThatThrownBy(() -> new AcceptedKeys(Set.of(), Set.of("catalog"))).hasMessageContaining("catalog");
    }
}
