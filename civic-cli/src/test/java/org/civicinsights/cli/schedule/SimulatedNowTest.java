package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.civicinsights.common.calendar.RomeTime;
import org.junit.jupiter.api.Test;

class SimulatedNowTest {
    @Test
    void aLocalTimeIsReadInTheSchedulesZoneAnInstantAsItIs() {
        assertThat(SimulatedNow.parse("2026-12-10T04:00", RomeTime.ZONE)).isEqualTo("2026-12-10T03:00:00Z");
        assertThat(SimulatedNow.parse(" 2026-07-10T04:00:30 ", RomeTime.ZONE)).isEqualTo("2026-07-10T02:00:30Z");
        assertThat(SimulatedNow.parse("2026-12-10T04:00", ZoneId.of("UTC"))).isEqualTo("2026-12-10T04:00:00Z");
        assertThat(SimulatedNow.parse("2026-12-10T03:00Z", RomeTime.ZONE)).isEqualTo("2026-12-10T03:00:00Z");
        assertThat(SimulatedNow.parse("2026-12-10T04:00+01:00", ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-12-10T03:00:00Z"));
    }

    @Test
    void aSkippedLocalTimeMovesForwardARepeatedOneIsTheEarlier() {
        // 2026-03-29 02:30 does not exist in Rome: 03:30 CEST
        assertThat(SimulatedNow.parse("2026-03-29T02:30", RomeTime.ZONE)).isEqualTo("2026-03-29T01:30:00Z");
        // 2026-10-25 02:30 happens twice: the first, CEST
        assertThat(SimulatedNow.parse("2026-10-25T02:30", RomeTime.ZONE)).isEqualTo("2026-10-25T00:30:00Z");
    }

    @Test
    void whatIsNotATimeSaysWhatIsExpected() {
        assertThatThrownBy(() -> SimulatedNow.parse("2026-12-10", RomeTime.ZONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--now '2026-12-10' is not a time (add the time of day: 2026-12-10T04:00): give a local"
                        + " time in Europe/Rome like 2026-12-10T04:00, or an instant like 2026-12-10T03:00Z");
        assertThatThrownBy(() -> SimulatedNow.parse("2026-12-10 04:00", RomeTime.ZONE))
                .hasMessageStartingWith("--now '2026-12-10 04:00' is not a time: give a local time in Europe/Rome");
        assertThatThrownBy(() -> SimulatedNow.parse("2026-02-30T04:00", RomeTime.ZONE))
                .hasMessageStartingWith("--now '2026-02-30T04:00' is not a time");
        assertThatThrownBy(() -> SimulatedNow.parse("tomorrow", RomeTime.ZONE))
                .hasMessageStartingWith("--now 'tomorrow' is not a time");
        assertThatThrownBy(() -> SimulatedNow.parse(null, RomeTime.ZONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
