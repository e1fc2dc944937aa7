package org.civicinsights.cli.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTest {
    @TempDir
    Path run;

    /** The command lines the scheduler ran, "job: args". */
    final List<String> ran = new ArrayList<>();
    /** Exit codes to return, per job, in order; 0 once a job's list is used up. */
    final Map<String, Deque<Integer>> exits = new HashMap<>();
    /** The waits between attempts the scheduler asked for. */
    final List<Duration> waits = new ArrayList<>();

    final List<String> log = new ArrayList<>();
    boolean stopDuringWait;

    static SchedulerSettings settings(Map<String, String> config) {
        return SchedulerSettings.from(CivicConfig.of(config));
    }

    Scheduler scheduler(SchedulerSettings settings, Clock clock, Scheduler.Mode mode) throws Exception {
        return new Scheduler(
                settings,
                run,
                clock,
                mode,
                (job, args) -> {
                    ran.add(job.name() + ": " + String.join(" ", args));
                    Deque<Integer> codes = exits.get(job.name());
                    return codes == null || codes.isEmpty() ? 0 : codes.removeFirst();
                },
                delay -> {
                    if (!delay.isZero()) {
                        waits.add(delay);
                        return stopDuringWait;
                    }
                    return false;
                },
                log::add);
    }

    Scheduler scheduler(Clock clock) throws Exception {
        return scheduler(settings(Map.of()), clock, Scheduler.Mode.SERVICE);
    }

    SchedulerState state() throws Exception {
        return SchedulerState.load(run.resolve(Scheduler.STATE_FILE));
    }

    @Test
    void runsEachJobWhenDueAndNotBefore() throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        Scheduler s = scheduler(clock);
        // a new job starts its clock now: nothing is due at once
        assertThat(s.runDue().ran()).isEmpty();
        assertThat(s.untilNext(Duration.ofDays(1))).isEqualTo(Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(59));
        assertThat(s.runDue().ran()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.runDue().ran()).containsExactly("maintain");
        assertThat(ran).containsExactly("maintain: maintain --no-retention");
        // 03:00 Rome on the 27th is 02:00 UTC; yesterday in Rome is then the 26th
        clock.set(Instant.parse("2026-11-27T02:00:00Z"));
        Scheduler.Pass pass = s.runDue();
        assertThat(pass.ran()).containsExactly("maintain", "batch");
        assertThat(pass.exitCode()).isZero();
        assertThat(ran)
                .containsExactly(
                        "maintain: maintain --no-retention",
                        "maintain: maintain --no-retention",
                        "batch: batch run all --catch-up-to 2026-11-26 --triggered-by scheduler");
        assertThat(state().job("batch").lastRun()).contains(clock.instant());
        assertThat(state().job("batch").lastExit()).contains(0);
        // the stack's tests wait for this line in the scheduler's log
        assertThat(log)
                .anyMatch(l -> l.matches("batch: finished with exit code 0 in \\d+\\.\\d s \\(attempt 1 of 3\\)"));
    }

    @Test
    void aRunMissedWhileDownIsDoneOnceWhenBackAndTheBatchCatchesUpToYesterday() throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        scheduler(clock);
        // down for three days; a new scheduler reads the state file
        clock.advance(Duration.ofDays(3));
        Scheduler back = scheduler(clock);
        assertThat(back.runDue().ran()).containsExactly("maintain", "batch", "retention");
        assertThat(back.runDue().ran()).isEmpty();
        // one run, not one per missed slot: the batch itself runs every missed date from meta.job_runs,
        // and retention enforced for today covers the days it missed
        assertThat(ran)
                .containsExactly(
                        "maintain: maintain --no-retention",
                        "batch: batch run all --catch-up-to 2026-11-28 --triggered-by scheduler",
                        "retention: maintain --triggered-by scheduler");
        Scheduler.Job batch = settings(Map.of()).job("batch");
        assertThat(back.nextRun(batch)).contains(Instant.parse("2026-11-30T02:00:00Z"));
    }

    @Test
    void theCatchUpDateIsYesterdayInRomeAcrossTheSummerTimeChanges() {
        Scheduler.Job batch = settings(Map.of()).job("batch");
        Scheduler.Job outreach = settings(Map.of()).job("outreach");
        // 2026-03-29 02:00 CET -> 03:00 CEST. 04:00 local on the 29th is 02:00 UTC
        Instant springDrill = SimulatedNow.parse("2026-03-29T04:00", RomeTime.ZONE);
        assertThat(springDrill).isEqualTo(Instant.parse("2026-03-29T02:00:00Z"));
        assertThat(Scheduler.commandLine(batch, springDrill))
                .containsExactly("batch", "run", "all", "--catch-up-to", "2026-03-28", "--triggered-by", "scheduler");
        // 00:30 CEST on the 30th is still the 29th in UTC: yesterday is the 29th, not the 28th
        Instant afterMidnight = SimulatedNow.parse("2026-03-30T00:30", RomeTime.ZONE);
        assertThat(afterMidnight).isEqualTo(Instant.parse("2026-03-29T22:30:00Z"));
        assertThat(Scheduler.commandLine(batch, afterMidnight)).contains("2026-03-29");
        // 2026-10-25 03:00 CEST -> 02:00 CET: 00:30 on the 26th is 23:30 UTC on the 25th
        Instant autumn = SimulatedNow.parse("2026-10-26T00:30", RomeTime.ZONE);
        assertThat(autumn).isEqualTo(Instant.parse("2026-10-25T23:30:00Z"));
        assertThat(Scheduler.commandLine(outreach, autumn))
                .containsExactly("outreach", "run", "--date", "2026-10-25", "--triggered-by", "scheduler");
        // just before midnight in Rome, an instant given in UTC
        assertThat(Scheduler.commandLine(batch, Instant.parse("2026-10-25T22:59:00Z")))
                .contains("2026-10-24");
    }

    @Test
    void aDailyJobIsDueAtItsLocalTimeOnTheDayTheClocksChange() throws Exception {
        // last run 03:00 CET on 03-28; the next 03:00 is CEST on the 29th: 01:00 UTC, 23 hours later
        ManualClock clock = new ManualClock("2026-03-28T02:00:00Z");
        Scheduler s = scheduler(clock);
        clock.set(Instant.parse("2026-03-29T00:59:59Z"));
        assertThat(s.view().stream().filter(v -> v.job().name().equals("batch")))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.due()).isFalse();
                    assertThat(v.nextRun()).contains(Instant.parse("2026-03-29T01:00:00Z"));
                });
        clock.set(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(s.runDue().ran()).contains("batch");
        assertThat(ran).contains("batch: batch run all --catch-up-to 2026-03-28 --triggered-by scheduler");
    }

    @Test
    void aFailedRunIsRetriedWithADoublingWaitAndTheRecoveryStaysVisible() throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        Scheduler s = scheduler(clock);
        exits.put("batch", new ArrayDeque<>(List.of(1, 1, 0)));
        clock.set(Instant.parse("2026-11-27T02:00:00Z"));
        Scheduler.Pass pass = s.runNow(List.of("batch"));
        assertThat(pass.failed()).isEmpty();
        assertThat(pass.exitCode()).isZero();
        // three attempts of the same command line: the batch resumes at the date that failed
        assertThat(ran)
                .hasSize(3)
                .containsOnly("batch: batch run all --catch-up-to 2026-11-26 --triggered-by scheduler");
        assertThat(waits).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10));
        SchedulerState.JobState batch = state().job("batch");
        assertThat(batch.lastExit()).contains(0);
        assertThat(batch.lastAttempts()).isEqualTo(3);
        assertThat(batch.consecutiveFailures()).isZero();
        assertThat(batch.lastFailure()).contains(clock.instant());
        assertThat(batch.lastFailureExit()).contains(1);
        assertThat(batch.nextRetry()).isEmpty();
        assertThat(log).contains("batch: retry 1 of 2 in 5m", "batch: retry 2 of 2 in 10m");
    }

    @Test
    void aRunThatFailsEveryAttemptCountsAsOneFailedRunAndTheNextSlotTriesAgain() throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        Scheduler s = scheduler(
                settings(Map.of(
                        "schedule.retries",
                        "1",
                        "schedule.retry-delay",
                        "30s",
                        "schedule.maintain",
                        "off",
                        "schedule.retention",
                        "off")),
                clock,
                Scheduler.Mode.SERVICE);
        exits.put("batch", new ArrayDeque<>(List.of(1, 1, 1, 1, 0)));
        clock.set(Instant.parse("2026-11-27T02:00:00Z"));
        Scheduler.Pass first = s.runDue();
        assertThat(first.failed()).containsExactly("batch");
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(waits).containsExactly(Duration.ofSeconds(30));
        assertThat(state().job("batch").consecutiveFailures()).isEqualTo(1);
        // the slot is used even when the run failed: no tight failure loop, the next slot retries
        assertThat(s.runDue().ran()).isEmpty();
        clock.advance(Duration.ofDays(1));
        assertThat(s.runDue().failed()).containsExactly("batch");
        assertThat(state().job("batch").consecutiveFailures()).isEqualTo(2);
        assertThat(state().lastFailure())
                .hasValueSatisfying(f -> assertThat(f.asMap())
                        .containsEntry("job", "batch")
                        .containsEntry("at", "2026-11-28T02:00:00Z")
                        .containsEntry("exit_code", 1)
                        .containsEntry("consecutive_failures", 2));
        clock.advance(Duration.ofDays(1));
        assertThat(s.runDue().failed()).isEmpty();
        assertThat(state().job("batch").consecutiveFailures()).isZero();
        assertThat(state().lastFailure())
                .hasValueSatisfying(f -> assertThat(f.consecutiveFailures()).isZero());
        assertThat(ran).hasSize(5);
    }

    @Test
    void aUsageErrorIsNotRetried() throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        Scheduler s = scheduler(clock);
        exits.put("batch", new ArrayDeque<>(List.of(2)));
        assertThat(s.runNow(List.of("batch")).exitCode()).isEqualTo(1);
        assertThat(ran).hasSize(1);
        assertThat(waits).isEmpty();
        assertThat(log).anyMatch(l -> l.contains("a usage error: not retried"));
    }

    @Test
    void aStopEndsTheWaitForARetry() throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        Scheduler s = scheduler(clock);
        exits.put("maintain", new ArrayDeque<>(List.of(1)));
        stopDuringWait = true;
        Scheduler.Pass pass = s.runNow(List.of("maintain", "batch"));
        assertThat(pass.stopped()).isTrue();
        assertThat(pass.failed()).containsExactly("maintain");
        // stopped before its retry, and before the next job
        assertThat(ran).containsExactly("maintain: maintain --no-retention");
        assertThat(waits).containsExactly(Duration.ofMinutes(5));
        assertThat(state().job("maintain").consecutiveFailures()).isEqualTo(1);
        assertThat(state().job("maintain").nextRetry()).isEmpty();
    }

    @Test
    void aRetryLeftPendingByAKilledSchedulerIsForgottenByTheNextOne() throws Exception {
        SchedulerState killed = new SchedulerState();
        killed.started("batch", Instant.parse("2026-11-27T02:00:00Z"));
        killed.attemptFailed(
                "batch", Instant.parse("2026-11-27T02:10:00Z"), 1, Optional.of(Instant.parse("2026-11-27T02:15:00Z")));
        killed.save(run.resolve(Scheduler.STATE_FILE));
        assertThat(state().lastFailure().orElseThrow().nextRetry()).isPresent();
        scheduler(new ManualClock("2026-11-27T09:00:00Z"));
        assertThat(state().lastFailure().orElseThrow().nextRetry()).isEmpty();
        assertThat(state().job("batch").lastFailureExit()).contains(1);
    }

    @Test
    void namedJobsRunNowDueOrNotAndUnknownNamesAreRefused() throws Exception {
        ManualClock clock = new ManualClock("2026-12-10T09:00:00Z");
        Scheduler s = scheduler(clock);
        // nothing is due (clocks started now), outreach is off: named, they run, in the settings' order
        assertThat(s.runNow(List.of("outreach", "batch")).ran()).containsExactly("batch", "outreach");
        assertThat(ran)
                .containsExactly(
                        "batch: batch run all --catch-up-to 2026-12-09 --triggered-by scheduler",
                        "outreach: outreach run --date 2026-12-09 --triggered-by scheduler");
        assertThatThrownBy(() -> s.runNow(List.of("cases")))
                .hasMessage("there is no scheduler job 'cases': the jobs are maintain, batch, retention, outreach");
        assertThat(ran).hasSize(2);
    }

    @Test
    void aDrillRunsAtTheSimulatedTimeAndDoesNotWriteTheStateFile() throws Exception {
        // the stack's scheduler last ran at 2026-12-07 13:00 UTC
        scheduler(new ManualClock("2026-12-07T13:00:00Z"));
        Path stateFile = run.resolve(Scheduler.STATE_FILE);
        byte[] before = Files.readAllBytes(stateFile);
        exits.put("batch", new ArrayDeque<>(List.of(1, 0)));
        Instant drillTime = SimulatedNow.parse("2026-12-10T04:00", RomeTime.ZONE);
        Scheduler drill = scheduler(settings(Map.of()), Clock.fixed(drillTime, ZoneOffset.UTC), Scheduler.Mode.DRILL);
        Scheduler.Pass pass = drill.runDue();
        assertThat(pass.ran()).containsExactly("maintain", "batch", "retention");
        assertThat(ran).contains("batch: batch run all --catch-up-to 2026-12-09 --triggered-by scheduler-drill");
        assertThat(ran).contains("retention: maintain --triggered-by scheduler-drill");
        assertThat(waits).containsExactly(Duration.ofMinutes(5));
        assertThat(Files.readAllBytes(stateFile)).isEqualTo(before);
        assertThat(Files.list(run).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder(Scheduler.STATE_FILE, Scheduler.LOCK_FILE);
    }

    @Test
    void aListReadsOnly() throws Exception {
        Scheduler list = scheduler(settings(Map.of()), new ManualClock("2026-12-07T13:00:00Z"), Scheduler.Mode.LIST);
        assertThat(list.view())
                .extracting(v -> v.job().name())
                .containsExactly("maintain", "batch", "retention", "outreach");
        assertThat(run.resolve(Scheduler.STATE_FILE)).doesNotExist();
    }

    @Test
    void whileAnotherProcessRunsJobsNothingRunsAndItIsNamed() throws Exception {
        Path lock = run.resolve(Scheduler.LOCK_FILE);
        ManualClock clock = new ManualClock("2026-12-10T09:00:00Z");
        Scheduler s = scheduler(clock);
        Process other = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        lock.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            Scheduler.Pass busy = s.runNow(List.of("batch"));
            assertThat(busy.exitCode()).isEqualTo(Scheduler.Pass.BUSY);
            assertThat(busy.busy())
                    .hasValueSatisfying(h -> assertThat(h)
                            .startsWith("civic scheduler (pid " + other.pid() + ") since ")
                            .endsWith(", running batch"));
            assertThat(SchedulerLock.holder(lock)).isEqualTo(busy.busy());
            assertThat(ran).isEmpty();
            assertThat(state().job("batch").lastExit()).isEmpty();
            // killed, it holds nothing: the OS lock went with the process
            other.destroyForcibly();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(SchedulerLock.holder(lock)).isEmpty();
            assertThat(s.runNow(List.of("batch")).ran()).containsExactly("batch");
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void theLockIsHeldOnlyWhileJobsRun() throws Exception {
        Path lock = run.resolve(Scheduler.LOCK_FILE);
        List<Optional<String>> holderDuringRun = new ArrayList<>();
        Scheduler s = new Scheduler(
                settings(Map.of()),
                run,
                new ManualClock("2026-12-10T09:00:00Z"),
                Scheduler.Mode.ONCE,
                (job, args) -> {
                    holderDuringRun.add(SchedulerLock.holder(lock));
                    return 0;
                },
                delay -> false,
                log::add);
        assertThat(s.runNow(List.of("maintain")).exitCode()).isZero();
        assertThat(holderDuringRun)
                .singleElement()
                .satisfies(h -> assertThat(h.orElseThrow())
                        .startsWith("civic scheduler --once (pid "
                                + ProcessHandle.current().pid() + ")")
                        .endsWith("running maintain"));
        assertThat(SchedulerLock.holder(lock)).isEmpty();
        try (SchedulerLock again =
                SchedulerLock.tryAcquire(lock, "test", Instant.now()).orElseThrow()) {
            assertThat(SchedulerLock.tryAcquire(lock, "second", Instant.now())).isEmpty();
        }
    }

    @Test
    void anOffJobNeverRunsWhenDue() throws Exception {
        ManualClock clock = new ManualClock("2026-11-26T10:00:00Z");
        Scheduler s = scheduler(
                settings(Map.of("schedule.maintain", "off", "schedule.batch", "off", "schedule.retention", "off")),
                clock,
                Scheduler.Mode.SERVICE);
        clock.advance(Duration.ofDays(30));
        assertThat(s.runDue().ran()).isEmpty();
        assertThat(s.untilNext(Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aDrillRecordsItsRunsAsTheDrills() {
        assertThat(Scheduler.drill(
                        List.of("batch", "run", "all", "--catch-up-to", "2026-12-09", "--triggered-by", "scheduler")))
                .containsExactly(
                        "batch", "run", "all", "--catch-up-to", "2026-12-09", "--triggered-by", "scheduler-drill");
        assertThat(Scheduler.drill(List.of("maintain"))).containsExactly("maintain");
    }
}
