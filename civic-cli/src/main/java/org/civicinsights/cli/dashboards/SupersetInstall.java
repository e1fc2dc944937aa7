package org.civicinsights.cli.dashboards;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.civicinsights.cli.python.PinnedVenv;
import org.civicinsights.common.io.BundledResources;

/**
 * Apache Superset in a Python virtual environment under the cache ({@link PinnedVenv}), installed
 * with pip from the pinned requirements and constraints shipped in the dashboards module.
 */
public final class SupersetInstall {
    public static final String VERSION = "6.1.0";
    private static final String RESOURCES = "superset/install/";

    private final PinnedVenv venv;

    public SupersetInstall(Path cacheDir, Consumer<String> progress) {
        this.venv = new PinnedVenv(
                "Superset",
                VERSION,
                cacheDir.resolve("superset"),
                VERSION,
                BundledResources.text(RESOURCES + "requirements.txt"),
                BundledResources.text(RESOURCES + "constraints.txt"),
                progress);
    }

    /** The folder of the environment for these pins: {@code <cache>/superset/<version>-<hash>}. */
    public Path home() {
        return venv.home();
    }

    public Path venv() {
        return venv.venv();
    }

    public Path python() {
        return venv.python();
    }

    /** The {@code superset} console script of the environment. */
    public Path supersetScript() {
        return venv.script("superset");
    }

    public boolean installed() {
        return venv.installed();
    }

    /** Installs unless a finished install of the same pins is there; returns the environment. */
    public Path ensure() throws IOException, InterruptedException {
        return venv.ensure(() -> PinnedVenv.choosePython(
                        "Superset " + VERSION,
                        pythonCandidates(System.getenv()),
                        SupersetInstall::supportedPython,
                        "Python 3.10 to 3.12")
                .command());
    }

    /** CIVIC_PYTHON when set, else the pythons Superset supports, newest first, then python3. */
    static List<String> pythonCandidates(Map<String, String> env) {
        return PinnedVenv.pythonCandidates(env, List.of("python3.12", "python3.11", "python3.10", "python3"));
    }

    /** "3.11" and the like: 3.10 up to 3.12, the versions Superset 6.1 supports (its dependencies have no 3.13 wheels). */
    static boolean supportedPython(String majorMinor) {
        return PinnedVenv.minorBetween(majorMinor, 10, 12);
    }
}
