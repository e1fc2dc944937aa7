package org.civicinsights.cli.schedule;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What the scheduler remembers of each of its jobs ({@code run/scheduler-state.properties}):
 * when it last ran (the slot it used), how that run ended, and its last failure, so a failure
 * stays visible after later runs. Times are UTC instants; the file is replaced atomically, so a
 * reader ({@code civic stack status}) never sees half of it.
 */
public final class SchedulerState {
    /** One job's entries; empty fields were never written (the job never ran, or never failed). */
    public record JobState(
            String job,
            Optional<Instant> lastRun,
            Optional<Integer> lastExit,
            int lastAttempts,
            Optional<Instant> lastFailure,
            Optional<Integer> lastFailureExit,
            int consecutiveFailures,
            Optional<Instant> nextRetry) {}

    /** The newest failed attempt of any job, for `civic stack status`. */
    public record Failure(String job, Instant at, int exitCode, int consecutiveFailures, Optional<Instant> nextRetry) {
        /** For `civic stack status`: job, at, exit_code, consecutive_failures (failed runs in a row, 0 once ok). */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", job);
            m.put("at", at.toString());
            m.put("exit_code", exitCode);
            m.put("consecutive_failures", consecutiveFailures);
            nextRetry.ifPresent(r -> m.put("next_retry", r.toString()));
            return m;
        }
    }

    private final Properties p = new Properties();

    /** The state in {@code file}; empty when there is none yet. */
    public static SchedulerState load(Path file) throws IOException {
        SchedulerState s = new SchedulerState();
        try (Reader r = Files.newBufferedReader(file)) {
            s.p.load(r);
        } catch (NoSuchFileException e) {
            // a scheduler that never ran
        }
        return s;
    }

    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "civic scheduler: each job's last run and last failure (UTC instants)");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public JobState job(String job) {
        return new JobState(
                job,
                instant(job, "last-run"),
                integer(job, "last-exit"),
                integer(job, "last-attempts").orElse(0),
                instant(job, "last-failure"),
                integer(job, "last-failure-exit"),
                integer(job, "consecutive-failures").orElse(0),
                instant(job, "next-retry"));
    }

    public Optional<Instant> lastRun(String job) {
        return instant(job, "last-run");
    }

    /** A job seen for the first time starts its clock at {@code at} (a new stack does not run everything at once). */
    public void firstSeen(String job, Instant at) {
        if (lastRun(job).isEmpty()) {
            set(job, "last-run", at.toString());
        }
    }

    /** A run of the job starts: it uses its slot, whatever its outcome. */
    public void started(String job, Instant at) {
        set(job, "last-run", at.toString());
    }

    /** One attempt failed with {@code exit}; {@code nextRetry} when another attempt follows. */
    public void attemptFailed(String job, Instant at, int exit, Optional<Instant> nextRetry) {
        set(job, "last-failure", at.toString());
        set(job, "last-failure-exit", String.valueOf(exit));
        set(job, "last-exit", String.valueOf(exit));
        nextRetry.ifPresentOrElse(r -> set(job, "next-retry", r.toString()), () -> p.remove(job + ".next-retry"));
    }

    /** The run is over after {@code attempts} attempts, the last one ending with {@code exit}. */
    public void finished(String job, int exit, int attempts) {
        set(job, "last-exit", String.valueOf(exit));
        set(job, "last-attempts", String.valueOf(attempts));
        int failures = exit == 0 ? 0 : job(job).consecutiveFailures() + 1;
        set(job, "consecutive-failures", String.valueOf(failures));
        p.remove(job + ".next-retry");
    }

    /** A retry that no process waits for any more (its scheduler was killed): forgotten. */
    public void clearPendingRetries() {
        p.stringPropertyNames().stream().filter(k -> k.endsWith(".next-retry")).forEach(p::remove);
    }

    /** The newest failure of any job. */
    public Optional<Failure> lastFailure() {
        return jobs().stream()
                .map(this::job)
                .filter(j -> j.lastFailure().isPresent())
                .max(Comparator.comparing(j -> j.lastFailure().get()))
                .map(j -> new Failure(
                        j.job(),
                        j.lastFailure().get(),
                        j.lastFailureExit().orElse(-1),
                        j.consecutiveFailures(),
                        j.nextRetry()));
    }

    /** The jobs the file knows, sorted. */
    public TreeSet<String> jobs() {
        TreeSet<String> jobs = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            int dot = k.lastIndexOf('.');
            if (dot > 0) {
                jobs.add(k.substring(0, dot));
            }
        }
        return jobs;
    }

    private void set(String job, String field, String value) {
        p.setProperty(job + "." + field, value);
    }

    private Optional<Instant> instant(String job, String field) {
        return Optional.ofNullable(p.getProperty(job + "." + field)).map(Instant::parse);
    }

    private Optional<Integer> integer(String job, String field) {
        return Optional.ofNullable(p.getProperty(job + "." + field)).map(Integer::valueOf);
    }
}
