package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class BatchSettingsTest {
    private static BatchSettings settings(Map<String, String> args) {
        return BatchSettings.from(CivicConfig.of(args));
    }

    @Test
    void aDateARangeOrAListOfDatesOldestFirst() {
        assertThat(settings(Map.of("job", "all", "date", "2026-03-02")).dates())
                .containsExactly(LocalDate.parse("2026-03-02"));
        assertThat(settings(Map.of("job", "sla", "from", "2026-01-30", "to", "2026-02-02"))
                        .dates())
                .extracting(LocalDate::toString)
                .containsExactly("2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02");
        // only the days listed, oldest first, each once
        assertThat(settings(Map.of("job", "sla", "dates", "2026-11-30, 2026-11-08,2026-11-15,2026-11-08"))
                        .dates())
                .extracting(LocalDate::toString)
                .containsExactly("2026-11-08", "2026-11-15", "2026-11-30");
    }

    @Test
    void aListOfDatesIsCheckedAndStandsAlone() {
        assertThatThrownBy(() -> settings(Map.of("job", "sla", "dates", "2026-11-08,2026-11-31")))
                .hasMessage("--dates 2026-11-31 is not a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> settings(Map.of("job", "sla", "dates", "2026-11-08", "date", "2026-11-09")))
                .hasMessageContaining("give one of --dates");
        assertThatThrownBy(() ->
                        settings(Map.of("job", "sla", "dates", "2026-11-08", "from", "2026-11-01", "to", "2026-11-09")))
                .hasMessageContaining("give one of --dates");
    }
}
