package org.civicinsights.cli.python;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.civicinsights.cli.stack.ServiceProcess;

/**
 * A setup command (pip, {@code superset db upgrade}...) run to completion with its output
 * appended to a log: a line of progress every 30 s, and on failure the log's last lines.
 */
public final class LoggedCommand {
    private LoggedCommand() {}

    /**
     * @param what  says what it does, for messages ("create the metadata")
     * @param stdin typed at the command's prompts, or null
     */
    public static void run(
            ProcessBuilder command, Path log, String what, String stdin, Duration timeout, Consumer<String> progress)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = command.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        while (!p.waitFor(30, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException(
                        "could not " + what + " within " + timeout.toMinutes() + " minutes; see " + log);
            }
            String last = ServiceProcess.tail(log, 1).strip();
            progress.accept(String.format(
                    "  ... %s, %.0f s (%s)",
                    what, (System.nanoTime() - t0) / 1e9, last.length() > 100 ? last.substring(0, 100) + "..." : last));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("could not " + what + " (exit code " + p.exitValue() + "); last lines of "
                    + log + ":\n" + ServiceProcess.tail(log, 15));
        }
    }
}
