package org.civicinsights.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.junit.jupiter.api.Test;

class GenerationSummaryTest {

    @Test
    void totalMustBeValidPlusDuplicatesPlusMalformed() {
        Map<Channel, Long> channels = new EnumMap<>(Channel.class);
        channels.put(Channel.PORTAL, 6L);
        channels.put(Channel.FRONT_OFFICE, 2L);
        Map<EventType, Long> types = new EnumMap<>(EventType.class);
        types.put(EventType.CONTACT_VISIT, 8L);
        GenerationSummary s = new GenerationSummary(11, 8, 1, Map.of("invalid_json", 2L), channels, types);
        assertThat(s.malformed()).isEqualTo(2);
        assertThat(s.selfServiceShare()).isEqualTo(0.75);

        GenerationSummary empty = new GenerationSummary(0, 0, 0, Map.of(), Map.of(), Map.of());
        assertThat(empty.selfServiceShare()).isZero();
        assertThat(empty.malformed()).isZero();

        assertThatThrownBy(() -> new GenerationSummary(12, 8, 1, Map.of("invalid_json", 2L), channels, types))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inconsistent");
        assertThatThrownBy(() -> new GenerationSummary(10, 7, 1, Map.of("invalid_json", 2L), channels, types))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum by channel");
    }
}
