package org.civicinsights.cli.schedule;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Runs the platform's recurring jobs (lake maintenance, the daily batch) on their schedules. The
 * last run of each job is kept in a state file, so a scheduler that was down when a run was due
 * runs it once as soon as it is back (catch-up), and never twice for the same slot.
 */
public final class Scheduler {
    /** A recurring job: a civic command line; {@code {yesterday}} becomes yesterday's local date. */
    public record Job(String name, Schedule schedule, List<String> args) {}

    /** Runs one job's command line and returns its exit code. */
    public interface Runner {
        int run(Job job, List<String> args);
    }

    private final List<Job> jobs;
    private final Path stateFile;
    private final Clock clock;
    private final ZoneId zone;
    private final Runner runner;
    private final Consumer<String> log;
    private final Properties state = new Properties();

    public Scheduler(List<Job> jobs, Path stateFile, Clock clock, ZoneId zone, Runner runner, Consumer<String> log)
            throws IOException {
        this.jobs = List.copyOf(jobs);
        this.stateFile = stateFile;
        this.clock = clock;
        this.zone = zone;
        this.runner = runner;
        this.log = log;
        if (Files.exists(stateFile)) {
            try (Reader r = Files.newBufferedReader(stateFile)) {
                state.load(r);
            }
        }
        // a job seen for the first time starts its clock now: a new stack does not run everything at once
        Instant now = clock.instant();
        for (Job j : this.jobs) {
            if (state.getProperty(j.name() + ".last-run") == null) {
                state.setProperty(j.name() + ".last-run", now.toString());
            }
        }
        save();
    }

    public Instant lastRun(String job) {
        return Instant.parse(state.getProperty(job + ".last-run"));
    }

    /** When the job runs next; empty when it is off. */
    public Optional<Instant> nextRun(Job job) {
        return job.schedule().nextAfter(lastRun(job.name()));
    }

    /** Runs, one after the other, every job whose next run is due; returns how many ran. */
    public int runDue() throws IOException {
        int ran = 0;
        for (Job j : jobs) {
            Optional<Instant> next = nextRun(j);
            Instant now = clock.instant();
            if (next.isEmpty() || next.get().isAfter(now)) {
                continue;
            }
            List<String> args = resolve(j.args(), LocalDate.ofInstant(now, zone).minusDays(1));
            log.accept(String.format(
                    "%s: starting (%s, due %s): civic %s",
                    j.name(), j.schedule().describe(), next.get(), String.join(" ", args)));
            long t0 = System.nanoTime();
            int exit;
            try {
                exit = runner.run(j, args);
            } catch (RuntimeException e) {
                exit = 1;
                log.accept(j.name() + ": failed: " + e);
            }
            log.accept(String.format(
                    "%s: finished with exit code %d in %.1f s", j.name(), exit, (System.nanoTime() - t0) / 1e9));
            // the slot is used even when the run failed: the next slot retries, no tight failure loop
            state.setProperty(j.name() + ".last-run", now.toString());
            state.setProperty(j.name() + ".last-exit", String.valueOf(exit));
            save();
            ran++;
        }
        return ran;
    }

    /** Time until the earliest next run (at most {@code cap}); zero when one is already due. */
    public Duration untilNext(Duration cap) {
        Instant now = clock.instant();
        Duration wait = cap;
        for (Job j : jobs) {
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

    static List<String> resolve(List<String> args, LocalDate yesterday) {
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            out.add(a.replace("{yesterday}", yesterday.toString()));
        }
        return out;
    }

    private void save() throws IOException {
        Files.createDirectories(stateFile.toAbsolutePath().getParent());
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            state.store(w, "civic scheduler: last run of each job (UTC instants)");
        }
        Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
