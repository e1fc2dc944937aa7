package org.civicinsights.cli.schedule;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Another process holding run/scheduler.lock, as the stack's background scheduler does while it
 * runs a job: it takes the lock, says "locked", and keeps it until its stdin closes.
 */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        try (SchedulerLock lock = SchedulerLock.tryAcquire(Path.of(args[0]), "civic scheduler", Instant.now())
                .orElseThrow(() -> new IllegalStateException("the lock is already held"))) {
            lock.running("batch");
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the test closes stdin
            }
        }
    }
}
