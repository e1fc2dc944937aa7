package org.civicinsights.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.civicinsights.cli.python.PinnedVenv;
import org.civicinsights.common.io.BundledResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AirflowInstallTest {
    @Test
    void eachPythonHasItsOwnEnvironment(@TempDir Path cache) {
        AirflowInstall on311 = new AirflowInstall(cache, new PinnedVenv.Python("python3.11", "3.11"), m -> {});
        AirflowInstall on312 = new AirflowInstall(cache, new PinnedVenv.Python("python3.12", "3.12"), m -> {});
        assertThat(on311.home().getParent()).isEqualTo(cache.resolve("airflow"));
        assertThat(on311.home().getFileName().toString()).startsWith(AirflowInstall.VERSION + "-py3.11-");
        assertThat(on312.home().getFileName().toString()).startsWith(AirflowInstall.VERSION + "-py3.12-");
        assertThat(on311.airflowScript()).isEqualTo(on311.home().resolve("venv/bin/airflow"));
        assertThat(on311.installed()).isFalse();
    }

    @Test
    void thePinsNameAirflowAndPinEveryDependencyForEachPython() {
        String requirements = BundledResources.text("airflow/install/requirements.txt");
        assertThat(requirements).contains("apache-airflow==" + AirflowInstall.VERSION + "\n");
        for (String python : AirflowInstall.PYTHONS) {
            String constraints = AirflowInstall.constraints(python);
            assertThat(constraints).as(python).contains("# Every package of a fresh Python " + python + " ");
            assertThat(constraints).as(python).contains("\napache-airflow==" + AirflowInstall.VERSION + "\n");
            // every requirement is pinned to the version frozen with it
            requirements
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> assertThat(constraints).as(python).contains("\n" + l + "\n"));
            constraints
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> assertThat(l)
                            .as("not pinned in constraints-%s.txt", python)
                            .matches("[A-Za-z0-9_.\\-\\[\\]]+==[A-Za-z0-9_.+\\-]+"));
        }
    }
}
