package org.civicinsights.cli.schedule;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code run/scheduler.lock}: held by a scheduler while it runs jobs, so the stack's background
 * scheduler and a {@code civic scheduler --once} never run jobs at the same time. An OS file lock
 * ({@link FileChannel#tryLock}): it goes with its process, even one killed with -9, so a stale
 * file never blocks. The holder writes who it is into the file for the others' messages; the file
 * itself is never deleted (deleting a lock file lets two processes lock two different files).
 */
public final class SchedulerLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final String who;
    private final Instant since;

    private SchedulerLock(FileChannel channel, FileLock lock, String who, Instant since) {
        this.channel = channel;
        this.lock = lock;
        this.who = who;
        this.since = since;
    }

    /**
     * The lock, or empty when another scheduler holds it. {@code who} says which command holds it
     * ("civic scheduler --once"), for the message the others print.
     */
    public static Optional<SchedulerLock> tryAcquire(Path file, String who, Instant since) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        SchedulerLock held = new SchedulerLock(channel, lock, who, since);
        held.running("");
        return Optional.of(held);
    }

    /** Records which job runs now (empty: none yet), for the others' messages. */
    public void running(String job) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        p.setProperty("command", who);
        p.setProperty("since", since.toString());
        if (!job.isEmpty()) {
            p.setProperty("job", job);
        }
        StringWriter text = new StringWriter();
        p.store(text, null);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
    }

    /**
     * Who holds the lock, as its holder wrote it: "civic scheduler (pid 4242) since ..., running
     * batch". Empty when no live process wrote it (no scheduler is running jobs, or it was killed).
     */
    public static Optional<String> holder(Path file) {
        Properties p = new Properties();
        try (Reader r = new StringReader(Files.readString(file))) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            // no file (never locked) or unreadable: nothing to say about a holder
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(p.getProperty("pid", ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            String job = p.getProperty("job");
            return Optional.of(p.getProperty("command", "civic scheduler") + " (pid " + pid + ") since "
                    + p.getProperty("since", "?") + (job == null ? "" : ", running " + job));
        }
        return Optional.empty();
    }

    /** Empties the file (no one runs jobs) and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
