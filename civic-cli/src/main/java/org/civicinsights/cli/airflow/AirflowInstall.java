package org.civicinsights.cli.airflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.civicinsights.cli.python.PinnedVenv;
import org.civicinsights.common.io.BundledResources;

/**
 * Apache Airflow, for the DAGs of orchestration/airflow, in a Python virtual environment under the
 * cache ({@link PinnedVenv}). The pins are orchestration/airflow's requirements.txt and the
 * constraints frozen for the chosen Python (constraints-3.11.txt...), bundled in this jar; a pip
 * freeze made on one Python does not install on another, so the version is part of the folder.
 */
public final class AirflowInstall {
    public static final String VERSION = "3.3.2";
    private static final String RESOURCES = "airflow/install/";
    /** The Pythons with a committed constraints file, newest first. */
    static final List<String> PYTHONS = List.of("3.13", "3.12", "3.11");

    private final PinnedVenv venv;
    private final PinnedVenv.Python python;

    AirflowInstall(Path cacheDir, PinnedVenv.Python python, Consumer<String> progress) {
        this.python = python;
        this.venv = new PinnedVenv(
                "Apache Airflow",
                VERSION,
                cacheDir.resolve("airflow"),
                VERSION + "-py" + python.version(),
                BundledResources.text(RESOURCES + "requirements.txt"),
                constraints(python.version()),
                progress);
    }

    /** Airflow for the first Python found that has a constraints file (CIVIC_PYTHON, else python3.13...python3). */
    public static AirflowInstall forThisMachine(Path cacheDir, Map<String, String> env, Consumer<String> progress)
            throws InterruptedException {
        List<String> candidates = PinnedVenv.pythonCandidates(
                env,
                Stream.concat(PYTHONS.stream().map(v -> "python" + v), Stream.of("python3"))
                        .toList());
        PinnedVenv.Python python = PinnedVenv.choosePython(
                "Apache Airflow " + VERSION, candidates, PYTHONS::contains, "Python " + String.join(", ", PYTHONS));
        return new AirflowInstall(cacheDir, python, progress);
    }

    /** The pip freeze committed for {@code pythonVersion} ("3.11"). */
    static String constraints(String pythonVersion) {
        return BundledResources.text(RESOURCES + "constraints-" + pythonVersion + ".txt");
    }

    /** The Python the environment is (or will be) made with. */
    public PinnedVenv.Python python() {
        return python;
    }

    /** {@code <cache>/airflow/<version>-py<python>-<hash of the pins>}. */
    public Path home() {
        return venv.home();
    }

    /** The environment's {@code python}, for scripts that import airflow. */
    public Path venvPython() {
        return venv.python();
    }

    /** The {@code airflow} console script of the environment. */
    public Path airflowScript() {
        return venv.script("airflow");
    }

    public boolean installed() {
        return venv.installed();
    }

    /** Installs unless a finished install of the same pins is there; returns the environment. */
    public Path ensure() throws IOException, InterruptedException {
        return venv.ensure(python::command);
    }
}
