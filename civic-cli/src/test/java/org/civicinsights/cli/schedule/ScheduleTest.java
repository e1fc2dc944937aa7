package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.civicinsights.common.calendar.RomeTime;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void everyAddsTheInterval() {
        Schedule s = Schedule.parse("every 30m", RomeTime.ZONE);
        assertThat(s).isEqualTo(new Schedule.Every(Duration.ofMinutes(30)));
        assertThat(s.nextAfter(Instant.parse("2026-11-26T10:00:00Z"))).contains(Instant.parse("2026-11-26T10:30:00Z"));
        assertThat(Schedule.parse(" Every 2H ", RomeTime.ZONE).describe()).isEqualTo("every 2h");
        assertThat(Schedule.parse("every 90s", RomeTime.ZONE).describe()).isEqualTo("every 90s");
    }

    @Test
    void dailyIsALocalWallClockTimeAcrossSummerTime() {
        Schedule s = Schedule.parse("daily 2:30", RomeTime.ZONE);
        // winter: 02:30 in Rome is 01:30 UTC
        assertThat(s.nextAfter(Instant.parse("2026-11-26T10:00:00Z"))).contains(Instant.parse("2026-11-27T01:30:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-11-27T01:29:59Z"))).contains(Instant.parse("2026-11-27T01:30:00Z"));
        // exactly at the slot: the next one is tomorrow (a slot is never run twice)
        assertThat(s.nextAfter(Instant.parse("2026-11-27T01:30:00Z"))).contains(Instant.parse("2026-11-28T01:30:00Z"));
        // summer: 02:30 in Rome is 00:30 UTC
        assertThat(s.nextAfter(Instant.parse("2026-07-01T12:00:00Z"))).contains(Instant.parse("2026-07-02T00:30:00Z"));
        // 2026-03-29: 02:30 does not exist in Rome (clocks jump 02:00 -> 03:00): it runs at 03:30 CEST, once
        assertThat(s.nextAfter(Instant.parse("2026-03-28T12:00:00Z"))).contains(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void offNeverRuns() {
        assertThat(Schedule.parse("off", RomeTime.ZONE).nextAfter(Instant.EPOCH))
                .isEmpty();
    }

    @Test
    void badSchedulesSayWhatIsExpected() {
        assertThatThrownBy(() -> Schedule.parse("hourly", RomeTime.ZONE))
                .hasMessageContaining("'hourly' is not understood")
                .hasMessageContaining("every 30m");
        assertThatThrownBy(() -> Schedule.parse("daily 25:00", RomeTime.ZONE))
                .hasMessageContaining("not a time of day");
        assertThatThrownBy(() -> Schedule.parse("every 1s", RomeTime.ZONE)).hasMessageContaining("at least 10s");
        assertThatThrownBy(() -> Schedule.parse(null, RomeTime.ZONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
