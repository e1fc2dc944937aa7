package org.civicinsights.cli.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.civicinsights.common.io.BundledResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupersetInstallTest {
    @Test
    void theEnvironmentIsNamedAfterThePins(@TempDir Path cache) {
        SupersetInstall install = new SupersetInstall(cache, m -> {});
        assertTrue(install.home().getFileName().toString().startsWith(SupersetInstall.VERSION + "-"));
        assertEquals(install.home(), new SupersetInstall(cache, m -> {}).home());
        assertFalse(install.installed());
    }

    @Test
    void anInterruptedInstallIsNotTakenForAFinishedOne(@TempDir Path cache) throws Exception {
        SupersetInstall install = new SupersetInstall(cache, m -> {});
        Files.createDirectories(install.python().getParent());
        Files.createFile(install.python()).toFile().setExecutable(true);
        assertFalse(install.installed()); // no marker: pip did not finish
    }

    @Test
    void thePinsNameSupersetAndPinEveryDependency() {
        String requirements = BundledResources.text("superset/install/requirements.txt");
        String constraints = BundledResources.text("superset/install/constraints.txt");
        assertTrue(requirements.contains("apache-superset[trino]==" + SupersetInstall.VERSION));
        assertTrue(constraints.matches(
                "(?s).*apache[-_]superset==" + SupersetInstall.VERSION.replace(".", "\\.") + "\\n.*"));
        assertTrue(constraints.contains("trino=="));
        constraints
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> assertTrue(l.matches("[A-Za-z0-9_.\\-\\[\\]]+==[A-Za-z0-9_.+\\-]+"), "not pinned: " + l));
    }

    @Test
    void pythonIsChosenAndItsVersionChecked() {
        assertEquals(
                List.of("python3.12", "python3.11", "python3.10", "python3"),
                SupersetInstall.pythonCandidates(Map.of()));
        assertEquals(
                List.of("/opt/py/bin/python3.11"),
                SupersetInstall.pythonCandidates(Map.of("CIVIC_PYTHON", "/opt/py/bin/python3.11")));
        assertTrue(SupersetInstall.supportedPython("3.11"));
        assertTrue(SupersetInstall.supportedPython("3.10"));
        assertFalse(SupersetInstall.supportedPython("3.9"));
        assertFalse(SupersetInstall.supportedPython("3.13"));
        assertFalse(SupersetInstall.supportedPython("Python 3.11"));
    }
}
