package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class RetriesTest {
    static Retries from(Map<String, String> settings) {
        return Retries.from(CivicConfig.of(settings));
    }

    @Test
    void twoRetriesFromFiveMinutesDoublingByDefault() {
        Retries r = from(Map.of());
        assertThat(r).isEqualTo(new Retries(2, Duration.ofMinutes(5)));
        assertThat(r.delayBefore(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.delayBefore(2)).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.describe()).isEqualTo("2 retries, from 5m doubling");
        assertThat(from(Map.of("schedule.retries", "4", "schedule.retry-delay", "90s"))
                        .delayBefore(4))
                .isEqualTo(Duration.ofSeconds(720));
        assertThat(from(Map.of("schedule.retries", "0")).describe()).isEqualTo("no retries");
    }

    @Test
    void theDelayIsSetFromTheEnvironmentToo() {
        CivicConfig config = CivicConfig.load(null, Map.of("CIVIC_SCHEDULE_RETRY_DELAY", "10s"));
        assertThat(Retries.from(config).firstDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void wrongSettingsAreNamedWithWhatIsExpected() {
        assertThatThrownBy(() -> from(Map.of("schedule.retries", "two")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule.retries must be a whole number from 0 (no retry) to 10, got 'two'");
        assertThatThrownBy(() -> from(Map.of("schedule.retries", "-1")))
                .hasMessage("schedule.retries must be a whole number from 0 (no retry) to 10, got -1");
        assertThatThrownBy(() -> from(Map.of("schedule.retries", "11"))).hasMessageContaining("to 10, got 11");
        assertThatThrownBy(() -> from(Map.of("schedule.retry-delay", "5 minutes")))
                .hasMessage("schedule.retry-delay '5 minutes' is not understood: use a number and a unit,"
                        + " e.g. 30s, 5m or 1h");
        assertThatThrownBy(() -> from(Map.of("schedule.retry-delay", "0s")))
                .hasMessage("schedule.retry-delay must be at least 1s, got 0s");
        // 10 retries from 1h wait 1023h in all
        assertThatThrownBy(() -> from(Map.of("schedule.retries", "10", "schedule.retry-delay", "1h")))
                .hasMessage("schedule.retries=10 with schedule.retry-delay=1h waits 1023h in all between"
                        + " attempts: lower one of them (at most 1d)");
        assertThatThrownBy(() -> from(Map.of()).delayBefore(3)).isInstanceOf(IllegalArgumentException.class);
    }
}
