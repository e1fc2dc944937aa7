package org.civicinsights.cli.dashboards;

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
import org.civicinsights.common.io.BundledResources;
import org.civicinsights.common.io.FileTrees;

/**
 * Apache Superset in a Python virtual environment under the cache, installed with pip from the
 * pinned requirements and constraints shipped in the dashboards module. The environment's folder
 * is named after a hash of the pins, so a change of pins installs a new one beside the old, and a
 * marker written last tells a finished install from one that was interrupted.
 */
public final class SupersetInstall {
    public static final String VERSION = "6.1.0";
    private static final String RESOURCES = "superset/install/";
    private static final String MARKER = "installed.ok";

    private final Path cacheDir;
    private final Consumer<String> progress;
    private final String requirements;
    private final String constraints;

    public SupersetInstall(Path cacheDir, Consumer<String> progress) {
        this.cacheDir = cacheDir;
        this.progress = progress;
        this.requirements = BundledResources.text(RESOURCES + "requirements.txt");
        this.constraints = BundledResources.text(RESOURCES + "constraints.txt");
    }

    /** The folder of the environment for these pins: {@code <cache>/superset/<version>-<hash>}. */
    public Path home() {
        return cacheDir.resolve("superset").resolve(VERSION + "-" + pinsKey(requirements, constraints));
    }

    public Path venv() {
        return home().resolve("venv");
    }

    public Path python() {
        return venv().resolve("bin").resolve("python");
    }

    /** The {@code superset} console script of the environment. */
    public Path supersetScript() {
        return venv().resolve("bin").resolve("superset");
    }

    public boolean installed() {
        return Files.exists(home().resolve(MARKER)) && Files.isExecutable(python());
    }

    /**
     * Installs unless a finished install of the same pins is there; returns the environment. A
     * lock file keeps two commands (serve and verify, a test and a user) from installing at once.
     */
    public Path ensure() throws IOException, InterruptedException {
        Files.createDirectories(home().getParent());
        try (FileChannel lock = FileChannel.open(
                home().getParent().resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = lock.tryLock();
            if (held == null) {
                progress.accept("waiting for another civic command installing Superset...");
                held = lock.lock();
            }
            try {
                return ensureLocked();
            } finally {
                held.release();
            }
        }
    }

    private Path ensureLocked() throws IOException, InterruptedException {
        if (installed()) {
            progress.accept("Superset " + VERSION + " already installed (" + venv() + ")");
            return venv();
        }
        String python = choosePython(System.getenv());
        Path home = home();
        FileTrees.delete(home); // an interrupted install: start again
        Files.createDirectories(home);
        Files.writeString(home.resolve("requirements.txt"), requirements);
        Files.writeString(home.resolve("constraints.txt"), constraints);
        Path log = home.resolve("install.log");
        long t0 = System.nanoTime();
        progress.accept("installing Apache Superset " + VERSION + " with pip (" + python + ") into " + venv()
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
                "pip install Superset",
                null,
                Duration.ofMinutes(30),
                progress);
        Files.writeString(home.resolve(MARKER), VERSION + "\n");
        progress.accept(String.format("Superset %s installed in %.0f s", VERSION, (System.nanoTime() - t0) / 1e9));
        return venv();
    }

    /** A hash of the pins: equal pins share an environment. */
    static String pinsKey(String requirements, String constraints) {
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

    /** CIVIC_PYTHON when set, else the pythons Superset supports, newest first, then python3. */
    static List<String> pythonCandidates(Map<String, String> env) {
        String p = env.get("CIVIC_PYTHON");
        return p == null || p.isBlank() ? List.of("python3.12", "python3.11", "python3.10", "python3") : List.of(p);
    }

    /** The first candidate that runs, has venv, and is a version Superset supports. */
    private static String choosePython(Map<String, String> env) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (String python : pythonCandidates(env)) {
            String version = pythonVersion(python);
            if (version != null && supportedPython(version)) {
                return python;
            }
            seen.add(python + (version == null ? " (not found or no venv)" : " (" + version + ")"));
        }
        throw new IllegalStateException("Superset " + VERSION
                + " needs Python 3.10 to 3.12 with the venv module; tried " + String.join(", ", seen)
                + ". Install one (e.g. apt-get install python3 python3-venv) or set CIVIC_PYTHON");
    }

    /** "3.11" for a python that runs and has venv; null otherwise. */
    private static String pythonVersion(String python) throws InterruptedException {
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

    /** "3.11" and the like: 3.10 up to 3.12, the versions Superset 6.1 supports (its dependencies have no 3.13 wheels). */
    static boolean supportedPython(String majorMinor) {
        String[] parts = majorMinor.split("\\.");
        if (parts.length != 2 || !parts[0].equals("3")) {
            return false;
        }
        try {
            int minor = Integer.parseInt(parts[1]);
            return minor >= 10 && minor <= 12;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
