package org.civicinsights.cli.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the stack that outlives the command that started it: pid file, log file,
 * and a marker on its command line so a recycled pid is never mistaken for it.
 */
public final class ServiceProcess {
    private final String name;
    private final StackLayout layout;

    public ServiceProcess(String name, StackLayout layout) {
        this.name = name;
        this.layout = layout;
    }

    public String name() {
        return name;
    }

    /** The JVM option every service carries, so {@link #running()} can recognise it. */
    public String marker() {
        return "-Dcivic.service=" + name + "@" + layout.dataDir().toAbsolutePath();
    }

    public Path logFile() {
        return layout.log(name);
    }

    public Optional<ProcessHandle> running() {
        Path pidFile = layout.pidFile(name);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info()
                            .arguments()
                            .map(a -> List.of(a).contains(marker()))
                            .orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public ProcessHandle start(List<String> command, Map<String, String> env, Path workDir) throws IOException {
        Files.createDirectories(layout.logs());
        Files.createDirectories(layout.run());
        Files.createDirectories(workDir);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        Files.writeString(layout.pidFile(name), Long.toString(p.pid()));
        return p.toHandle();
    }

    /** SIGTERM, wait for a clean exit, then SIGKILL if it does not come. */
    public boolean stop(Duration grace) {
        Optional<ProcessHandle> p = running();
        if (p.isEmpty()) {
            deletePidFile();
            return false;
        }
        ProcessHandle h = p.get();
        // its children first (the scheduler's batch driver, a Worker's executors): they would outlive it
        h.descendants().forEach(ProcessHandle::destroy);
        h.destroy();
        try {
            h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeout) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
        deletePidFile();
        return true;
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(layout.pidFile(name));
        } catch (IOException ignored) {
            // a stale pid file is harmless: running() checks the process behind it
        }
    }

    /** Last lines of the service log, for error messages. */
    public String logTail(int lines) {
        return tail(logFile(), lines);
    }

    /** Last lines of a log file, for error messages. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
