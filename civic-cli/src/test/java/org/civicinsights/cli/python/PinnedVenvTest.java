package org.civicinsights.cli.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedVenvTest {
    @Test
    void theEnvironmentIsNamedAfterThePins(@TempDir Path cache) {
        PinnedVenv venv = new PinnedVenv("Tool", "1.0", cache.resolve("tool"), "1.0-py3.11", "a==1", "b==2", m -> {});
        assertThat(venv.home().getParent()).isEqualTo(cache.resolve("tool"));
        assertThat(venv.home().getFileName().toString()).isEqualTo("1.0-py3.11-" + PinnedVenv.pinsKey("a==1", "b==2"));
        assertThat(venv.script("tool")).isEqualTo(venv.home().resolve("venv/bin/tool"));
        assertThat(PinnedVenv.pinsKey("a==1", "b==2")).isNotEqualTo(PinnedVenv.pinsKey("a==1", "b==3"));
        assertThat(PinnedVenv.pinsKey("a==1\n", "b==2")).isNotEqualTo(PinnedVenv.pinsKey("a==1", "\nb==2"));
    }

    @Test
    void aFinishedInstallIsReusedWithoutLookingForPython(@TempDir Path cache) throws Exception {
        List<String> messages = new ArrayList<>();
        PinnedVenv venv = new PinnedVenv("Tool", "1.0", cache, "1.0", "a==1", "b==2", messages::add);
        Files.createDirectories(venv.python().getParent());
        Files.createFile(venv.python()).toFile().setExecutable(true);
        assertThat(venv.installed()).as("no marker: pip did not finish").isFalse();
        Files.writeString(venv.home().resolve("installed.ok"), "1.0\n");
        assertThat(venv.installed()).isTrue();
        assertThat(venv.ensure(() -> {
                    throw new AssertionError("python chosen although the environment is installed");
                }))
                .isEqualTo(venv.venv());
        assertThat(messages).containsExactly("Tool 1.0 already installed (" + venv.venv() + ")");
    }

    @Test
    void pythonIsChosenAndItsVersionChecked() throws Exception {
        assertThat(PinnedVenv.pythonCandidates(Map.of(), List.of("python3.12", "python3")))
                .containsExactly("python3.12", "python3");
        assertThat(PinnedVenv.pythonCandidates(Map.of("CIVIC_PYTHON", "/opt/py/bin/python3.11"), List.of("python3")))
                .containsExactly("/opt/py/bin/python3.11");
        assertThat(PinnedVenv.minorBetween("3.11", 10, 12)).isTrue();
        assertThat(PinnedVenv.minorBetween("3.13", 10, 12)).isFalse();
        assertThat(PinnedVenv.minorBetween("2.11", 10, 12)).isFalse();
        assertThat(PinnedVenv.minorBetween("Python 3.11", 10, 12)).isFalse();
        assertThatThrownBy(() -> PinnedVenv.choosePython(
                        "Tool 1.0", List.of("/nonexistent/python3"), v -> true, "Python 3.11 to 3.13"))
                .hasMessageContaining("Tool 1.0 needs Python 3.11 to 3.13 with the venv module")
                .hasMessageContaining("/nonexistent/python3 (not found or no venv)")
                .hasMessageContaining("CIVIC_PYTHON");
    }
}
