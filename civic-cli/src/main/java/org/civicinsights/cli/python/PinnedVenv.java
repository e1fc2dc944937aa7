package org.civicinsights.cli.python;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.civicinsights.common.io.FileTrees;

/**
 * A Python tool (Superset, Airflow) in a virtual environment under the cache, installed with pip
 * from pinned requirements and constraints. The environment's folder is named after a hash of the
 * pins, so a change of pins installs a new one beside the old, and a marker written last tells a
 * finished install from one that was interrupted.
 */
public final class PinnedVenv {
    private static final String MARKER = "installed.ok";

    /** A Python interpreter that runs and has venv: its command and its version ("3.11"). */
    public record Python(String command, String version) {}

    /** Chooses the interpreter, only when an install is needed (it runs candidate pythons). */
    @FunctionalInterface
    public interface PythonChoice {
        String command() throws InterruptedException;
    }

    private final String product;
    private final String version;
    private final Path home;
    private final String requirements;
    private final String constraints;
    private final Consumer<String> progress;

    /**
     * @param product  the tool's name, for messages ("Apache Superset")
     * @param parent   the cache folder holding this tool's environments
     * @param label    the start of the environment's folder name (the version, and anything else the
     *                 pins depend on), followed by a hash of the pins
     */
    public PinnedVenv(
            String product,
            String version,
            Path parent,
            String label,
            String requirements,
            String constraints,
            Consumer<String> progress) {
        this.product = product;
        this.version = version;
        this.home = parent.resolve(label + "-" + pinsKey(requirements, constraints));
        this.requirements = requirements;
        this.constraints = constraints;
        this.progress = progress;
    }

    public Path home() {
        return home;
    }

    public Path venv() {
        return home.resolve("venv");
    }

    public Path python() {
        return script("python");
    }

    /** A console script of the environment ({@code superset}, {@code airflow}). */
    public Path script(String name) {
        return venv().resolve("bin").resolve(name);
    }

    public boolean installed() {
        return Files.exists(home.resolve(MARKER)) && Files.isExecutable(python());
    }

    /**
     * Installs unless a finished install of the same pins is there; returns the environment. A
     * lock file keeps two commands (serve and verify, a test and a user) from installing at once.
     */
    public Path ensure(PythonChoice python) throws IOException, InterruptedException {
        Files.createDirectories(home.getParent());
        try (FileChannel lock = FileChannel.open(
                home.getParent().resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = lock.tryLock();
            if (held == null) {
                progress.accept("waiting for another civic command installing " + product + "...");
                held = lock.lock();
            }
            try {
                return ensureLocked(python);
            } finally {
                held.release();
            }
        }
    }

    private Path ensureLocked(PythonChoice choice) throws IOException, InterruptedException {
        if (installed()) {
            progress.accept(product + " " + version + " already installed (" + venv() + ")");
            return venv();
        }
        String python = choice.command();
        FileTrees.delete(home); // an interrupted install: start again
        Files.createDirectories(home);
        Files.writeString(home.resolve("requirements.txt"), requirements);
        Files.writeString(home.resolve("constraints.txt"), constraints);
        Path log = home.resolve("install.log");
        long t0 = System.nanoTime();
        progress.accept("installing " + product + " " + version + " with pip (" + python + ") into " + venv()
                + " (first time only, about a minute; log " + log + ")");
        LoggedCommand.run(
                new ProcessBuilder(python, "-m", "venv", venv().toString()),
                log,
                "create the virtual environment",
                null,
                Duration.ofMinutes(5),
                progress);
        LoggedCommand.run(
                new ProcessBuilder(
                        python().toString(),
                        "-m",
                        "pip",
                        "install",
                        "--disable-pip-version-check",
                        "--no-input",
                        "-r",
                        home.resolve("requirements.txt").toString(),
                        "-c",
                        home.resolve("constraints.txt").toString()),
                log,
                "pip install " + product,
                null,
                Duration.ofMinutes(30),
                progress);
        Files.writeString(home.resolve(MARKER), version + "\n");
        progress.accept(String.format("%s %s installed in %.0f s", product, version, (System.nanoTime() - t0) / 1e9));
        return venv();
    }

    /** A hash of the pins: equal pins share an environment. */
    public static String pinsKey(String requirements, String constraints) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(requirements.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(constraints.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CIVIC_PYTHON when set, else {@code defaults} (newest first, then python3). */
    public static List<String> pythonCandidates(Map<String, String> env, List<String> defaults) {
        String p = env.get("CIVIC_PYTHON");
        return p == null || p.isBlank() ? defaults : List.of(p);
    }

    /**
     * The first candidate that runs, has venv, and whose version {@code supported} accepts.
     *
     * @param needs what the tool needs, for the error ("Python 3.10 to 3.12")
     */
    public static Python choosePython(
            String product, List<String> candidates, Predicate<String> supported, String needs)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (String python : candidates) {
            String version = pythonVersion(python);
            if (version != null && supported.test(version)) {
                return new Python(python, version);
            }
            seen.add(python + (version == null ? " (not found or no venv)" : " (" + version + ")"));
        }
        throw new IllegalStateException(product + " needs " + needs + " with the venv module; tried "
                + String.join(", ", seen)
                + ". Install one (e.g. apt-get install python3 python3-venv) or set CIVIC_PYTHON");
    }

    /** "3.11" for a python that runs and has venv; null otherwise. */
    static String pythonVersion(String python) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python, "-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException notFound) {
            return null;
        }
    }

    /** Whether "3.11" (and the like) is a Python 3 between 3.{@code minMinor} and 3.{@code maxMinor}. */
    public static boolean minorBetween(String majorMinor, int minMinor, int maxMinor) {
        String[] parts = majorMinor.split("\\.");
        if (parts.length != 2 || !parts[0].equals("3")) {
            return false;
        }
        try {
            int minor = Integer.parseInt(parts[1]);
            return minor >= minMinor && minor <= maxMinor;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
