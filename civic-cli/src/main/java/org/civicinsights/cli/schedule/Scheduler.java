package org.civicinsights.cli.schedule;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the platform's recurring jobs (lake maintenance, the daily batch, the outreach export) on
 * their schedules. Each job's last run is kept in a state file, so a scheduler that was down when
 * a run was due runs it once as soon as it is back; the daily batch itself then catches up every
 * missed date from meta.job_runs. A failed run is retried with a doubling wait, and its failure
 * stays in the state file. While it runs jobs the scheduler holds {@code run/scheduler.lock}.
 */
public final class Scheduler {
    public static final String STATE_FILE = "scheduler-state.properties";
    public static final String LOCK_FILE = "scheduler.lock";

    /** A recurring job: a civic command line; {@code {yesterday}} becomes the day before the scheduler's now. */
    public record Job(String name, Schedule schedule, List<String> args) {
        public Job {
            args = List.copyOf(args);
        }
    }

    /** Runs one job's command line and returns its exit code. */
    public interface Runner {
        int run(Job job, List<String> args);
    }

    /** Waits up to {@code delay} for the scheduler to be stopped; true when it was stopped meanwhile. */
    public interface StopSignal {
        boolean awaitStop(Duration delay) throws InterruptedException;
    }

    /** Which scheduler this is: what it may write and how it names itself in the lock file. */
    public enum Mode {
        /** The stack's background scheduler. */
        SERVICE("civic scheduler", true),
        /** {@code --once}: runs what is due (or the named jobs) and exits. */
        ONCE("civic scheduler --once", true),
        /** {@code --once --now}: runs jobs at a simulated time; the state file is read, never written. */
        DRILL("civic scheduler --once --now", false),
        /** {@code --list}: reads only. */
        LIST("civic scheduler --list", false);

        final String command;
        final boolean writesState;

        Mode(String command, boolean writesState) {
            this.command = command;
            this.writesState = writesState;
        }
    }

    /** What one pass over the jobs did; busy holds who had the lock when this pass could not take it. */
    public record Pass(List<String> ran, List<String> failed, boolean stopped, Optional<String> busy) {
        /** Exit code of a pass that could not take the lock: nothing ran. */
        public static final int BUSY = 3;

        static Pass busy(String holder) {
            return new Pass(List.of(), List.of(), false, Optional.of(holder));
        }

        /** 0 all ran ok (or nothing was due), 1 a job failed after its retries (or was stopped), 3 busy. */
        public int exitCode() {
            return busy.isPresent() ? BUSY : failed.isEmpty() ? 0 : 1;
        }
    }

    /** One job as `civic scheduler --list` shows it. */
    public record JobView(
            Job job, SchedulerState.JobState state, Optional<Instant> nextRun, boolean due, List<String> commandLine) {}

    /** A usage error (picocli's exit code 2): waiting does not mend a wrong command line, so it is not retried. */
    static final int USAGE_ERROR = 2;

    private final SchedulerSettings settings;
    private final Path stateFile;
    private final Path lockFile;
    private final Clock clock;
    private final Mode mode;
    private final Runner runner;
    private final StopSignal stop;
    private final Consumer<String> log;
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private SchedulerState state;

    public Scheduler(
            SchedulerSettings settings,
            Path runDir,
            Clock clock,
            Mode mode,
            Runner runner,
            StopSignal stop,
            Consumer<String> log)
            throws IOException {
        this.settings = settings;
        this.stateFile = runDir.resolve(STATE_FILE);
        this.lockFile = runDir.resolve(LOCK_FILE);
        this.clock = clock;
        this.mode = mode;
        this.runner = runner;
        this.stop = stop;
        this.log = log;
        this.state = SchedulerState.load(stateFile);
        // a job seen for the first time starts its clock now: a new stack does not run everything at once
        Instant now = now();
        for (Job j : settings.jobs()) {
            firstSeen.put(j.name(), state.lastRun(j.name()).orElse(now));
        }
        applyFirstSeen();
        if (mode.writesState) {
            // when no one runs jobs, no retry is pending: one left in the file is a killed scheduler's
            Optional<SchedulerLock> lock = SchedulerLock.tryAcquire(
                    lockFile, mode.command, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            if (lock.isPresent()) {
                try (SchedulerLock held = lock.get()) {
                    reload();
                    state.clearPendingRetries();
                    save();
                }
            }
        }
    }

    /** When the job runs next; empty when it is off. */
    public Optional<Instant> nextRun(Job job) {
        return job.schedule().nextAfter(state.lastRun(job.name()).orElseThrow());
    }

    /** The command line the job runs at {@code now}: {@code {yesterday}} is the day before now in the zone. */
    public static List<String> commandLine(Job job, Instant now, ZoneId zone) {
        String yesterday = LocalDate.ofInstant(now, zone).minusDays(1).toString();
        return job.args().stream()
                .map(a -> a.replace(SchedulerSettings.YESTERDAY, yesterday))
                .toList();
    }

    /** Each job, its state, its next run and whether it is due at the scheduler's now. */
    public List<JobView> view() {
        Instant now = now();
        return settings.jobs().stream()
                .map(j -> {
                    Optional<Instant> next = nextRun(j);
                    return new JobView(
                            j,
                            state.job(j.name()),
                            next,
                            next.isPresent() && !next.get().isAfter(now),
                            commandLine(j, now, settings.zone()));
                })
                .toList();
    }

    /** The newest failed attempt of any job. */
    public Optional<SchedulerState.Failure> lastFailure() {
        return state.lastFailure();
    }

    /** Runs, one after the other, every job whose next run is due. */
    public Pass runDue() throws IOException {
        return pass(null);
    }

    /** Runs the named jobs now, due or not, in the order of the settings. */
    public Pass runNow(Collection<String> names) throws IOException {
        names.forEach(settings::job); // an unknown name fails here, before anything runs
        return pass(names);
    }

    private Pass pass(Collection<String> named) throws IOException {
        Optional<SchedulerLock> lock =
                SchedulerLock.tryAcquire(lockFile, mode.command, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        if (lock.isEmpty()) {
            return Pass.busy(SchedulerLock.holder(lockFile).orElse("another civic scheduler (see " + lockFile + ")"));
        }
        List<String> ran = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        boolean stopped = false;
        try (SchedulerLock held = lock.get()) {
            // another scheduler may have run jobs since this one last read the file
            reload();
            for (Job j : settings.jobs()) {
                Instant now = now();
                Optional<Instant> next = nextRun(j);
                boolean due = next.isPresent() && !next.get().isAfter(now);
                if (named == null ? !due : !named.contains(j.name())) {
                    continue;
                }
                if (stopped(Duration.ZERO)) {
                    stopped = true;
                    break;
                }
                held.running(j.name());
                String why = named != null
                        ? "named with --job" + (due ? ", due " + next.get() : "")
                        : j.schedule().describe() + ", due " + next.get();
                Outcome outcome = run(j, now, why);
                ran.add(j.name());
                if (outcome != Outcome.OK) {
                    failed.add(j.name());
                }
                if (outcome == Outcome.STOPPED) {
                    stopped = true;
                    break;
                }
            }
        }
        return new Pass(ran, failed, stopped, Optional.empty());
    }

    private enum Outcome {
        OK,
        FAILED,
        STOPPED
    }

    /** One scheduled run of a job: its attempts, the waits between them, and the state after each. */
    private Outcome run(Job j, Instant now, String why) throws IOException {
        // fixed for all attempts: a retry after midnight still catches up to the same date
        List<String> args = commandLine(j, now, settings.zone());
        log.accept(String.format("%s: starting (%s): civic %s", j.name(), why, String.join(" ", args)));
        state.started(j.name(), now);
        save();
        Retries retries = settings.retries();
        for (int attempt = 1; ; attempt++) {
            long t0 = System.nanoTime();
            int exit;
            try {
                exit = runner.run(j, args);
            } catch (RuntimeException e) {
                exit = 1;
                log.accept(j.name() + ": failed: " + e);
            }
            log.accept(String.format(
                    "%s: finished with exit code %d in %.1f s (attempt %d of %d)",
                    j.name(), exit, (System.nanoTime() - t0) / 1e9, attempt, retries.count() + 1));
            if (exit == 0) {
                state.finished(j.name(), 0, attempt);
                save();
                return Outcome.OK;
            }
            boolean retry = attempt <= retries.count() && exit != USAGE_ERROR;
            Instant failedAt = now();
            Optional<Duration> wait = retry ? Optional.of(retries.delayBefore(attempt)) : Optional.empty();
            state.attemptFailed(j.name(), failedAt, exit, wait.map(failedAt::plus));
            if (!retry) {
                state.finished(j.name(), exit, attempt);
                save();
                log.accept(String.format(
                        "%s: failed (exit code %d%s); next run: %s",
                        j.name(),
                        exit,
                        exit == USAGE_ERROR
                                ? ", a usage error: not retried"
                                : attempt == 1 ? "" : ", after " + attempt + " attempts",
                        nextRun(j).map(Object::toString).orElse("never (off)")));
                return Outcome.FAILED;
            }
            save();
            log.accept(String.format(
                    "%s: retry %d of %d in %s", j.name(), attempt, retries.count(), Durations.format(wait.get())));
            if (stopped(wait.get())) {
                state.finished(j.name(), exit, attempt);
                save();
                log.accept(j.name() + ": stopped while waiting to retry; next run: "
                        + nextRun(j).map(Object::toString).orElse("never (off)"));
                return Outcome.STOPPED;
            }
        }
    }

    private boolean stopped(Duration wait) {
        try {
            return stop.awaitStop(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Time until the earliest next run (at most {@code cap}); zero when one is already due. */
    public Duration untilNext(Duration cap) {
        Instant now = now();
        Duration wait = cap;
        for (Job j : settings.jobs()) {
            Optional<Instant> next = nextRun(j);
            if (next.isPresent()) {
                Duration d = Duration.between(now, next.get());
                if (d.compareTo(wait) < 0) {
                    wait = d.isNegative() ? Duration.ZERO : d;
                }
            }
        }
        return wait;
    }

    /** The scheduler's time to the second: the state file and the logs need no more. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private void reload() throws IOException {
        state = SchedulerState.load(stateFile);
        applyFirstSeen();
    }

    private void applyFirstSeen() {
        firstSeen.forEach(state::firstSeen);
    }

    private void save() throws IOException {
        if (mode.writesState) {
            state.save(stateFile);
        }
    }
}
