package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.civicinsights.common.calendar.RomeTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now;

        ManualClock(String start) {
            now = Instant.parse(start);
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final List<String> ran = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Scheduler scheduler(Path state, ManualClock clock, List<Scheduler.Job> jobs) throws Exception {
        return new Scheduler(
                jobs,
                state,
                clock,
                RomeTime.ZONE,
                (job, args) -> {
                    ran.add(job.name() + " " + String.join(" ", args));
                    return job.name().equals("broken") ? 1 : 0;
                },
                log::add);
    }

    @Test
    void runsEachJobWhenDueAndNotBefore(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        List<Scheduler.Job> jobs = List.of(
                new Scheduler.Job("maintain", Schedule.parse("every 1h", RomeTime.ZONE), List.of("maintain")),
                new Scheduler.Job(
                        "batch",
                        Schedule.parse("daily 03:00", RomeTime.ZONE),
                        List.of("batch", "run", "all", "--date", "{yesterday}")));
        Scheduler s = scheduler(dir.resolve("state.properties"), clock, jobs);
        // a new job starts its clock now: nothing is due at once
        assertThat(s.runDue()).isZero();
        assertThat(s.untilNext(Duration.ofDays(1))).isEqualTo(Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(59));
        assertThat(s.runDue()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.runDue()).isEqualTo(1);
        assertThat(ran).containsExactly("maintain maintain");
        // 03:00 Rome on the 27th is 02:00 UTC; yesterday in Rome is then the 26th
        clock.now = Instant.parse("2026-11-27T02:00:00Z");
        assertThat(s.runDue()).isEqualTo(2);
        assertThat(ran)
                .containsExactly("maintain maintain", "maintain maintain", "batch batch run all --date 2026-11-26");
        assertThat(log).anyMatch(l -> l.startsWith("batch: finished with exit code 0"));
    }

    @Test
    void aRunMissedWhileDownIsDoneOnceWhenBack(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.properties");
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        List<Scheduler.Job> jobs =
                List.of(new Scheduler.Job("batch", Schedule.parse("daily 03:00", RomeTime.ZONE), List.of("batch")));
        scheduler(state, clock, jobs);
        // down for three days; a new scheduler reads the state file
        clock.advance(Duration.ofDays(3));
        Scheduler back = scheduler(state, clock, jobs);
        assertThat(back.runDue()).isEqualTo(1);
        assertThat(back.runDue()).isZero();
        assertThat(ran).hasSize(1);
        assertThat(back.nextRun(jobs.get(0))).contains(Instant.parse("2026-11-30T02:00:00Z"));
    }

    @Test
    void aFailedRunIsLoggedAndRetriedAtTheNextSlotNotInALoop(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        Scheduler s = scheduler(
                dir.resolve("s.properties"),
                clock,
                List.of(new Scheduler.Job("broken", Schedule.parse("every 10m", RomeTime.ZONE), List.of("x"))));
        clock.advance(Duration.ofMinutes(10));
        assertThat(s.runDue()).isEqualTo(1);
        assertThat(s.runDue()).isZero();
        assertThat(log).anyMatch(l -> l.equals("broken: finished with exit code 1 in 0.0 s"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(s.runDue()).isEqualTo(1);
    }

    @Test
    void anOffJobNeverRuns(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        Scheduler s = scheduler(
                dir.resolve("s.properties"),
                clock,
                List.of(new Scheduler.Job("maintain", Schedule.parse("off", RomeTime.ZONE), List.of("maintain"))));
        clock.advance(Duration.ofDays(30));
        assertThat(s.runDue()).isZero();
        assertThat(s.untilNext(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }
}
