package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectedCommandTest {

    @Test
    void correctionsSetJsonValuesOrText() throws Exception {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("channel", "portal");
        set.put("csat", "4");
        String out = RejectedCommand.Replay.corrected("{\"channel\":\"kiosk\",\"csat\":\"quattro\"}", set);
        assertThat(out).isEqualTo("{\"channel\":\"portal\",\"csat\":4}");
        assertThat(RejectedCommand.Replay.corrected("{broken", Map.of())).isEqualTo("{broken");
        assertThatThrownBy(() -> RejectedCommand.Replay.corrected("{broken", set))
                .hasMessageContaining("JSON object");
    }

    @Test
    void recordIdsAreTopicPartitionOffset() {
        assertThat(RejectedCommand.RecordId.parse("civic.interactions.v1/1/42"))
                .isEqualTo(new RejectedCommand.RecordId("civic.interactions.v1", 1, 42));
        assertThatThrownBy(() -> RejectedCommand.RecordId.parse("42")).hasMessageContaining("TOPIC/PARTITION/OFFSET");
    }

    @Test
    void filtersBecomeAParameterisedWhereClause() {
        RejectedCommand.Filter f = new RejectedCommand.Filter();
        f.reason = "unknown_channel";
        f.ids = List.of("t/0/7");
        Map.Entry<String, List<Object>> w = f.where();
        assertThat(w.getKey())
                .isEqualTo(
                        "1 = 1 AND reason = ? AND ((source_topic = ? AND source_partition = ? AND source_offset = ?))");
        assertThat(w.getValue()).containsExactly("unknown_channel", "t", 0, 7L);
    }
}
