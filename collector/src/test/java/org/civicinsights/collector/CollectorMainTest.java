package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in its own JVM: exit status and what is printed. */
class CollectorMainTest {

    private record Run(int status, String out, String err) {}

    @TempDir
    Path output;

    private Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CollectorMain.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(output, "out", ".txt");
        Path err = Files.createTempFile(output, "err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void newClientPrintsATokenAndAWorkingLine(@TempDir Path dir) throws Exception {
        Run r = run("--new-client", "portal", "--rate", "50");

        assertThat(r.status()).as(r.err()).isZero();
        List<String> data = r.out().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(data).hasSize(2);
        String token = data.get(0);
        String line = data.get(1);
        assertThat(line).startsWith("portal ").endsWith(" 50").doesNotContain(token);
        Path file = dir.resolve("clients.txt");
        Files.writeString(file, line + "\n");
        assertThat(ClientsFile.load(file).authenticate(token))
                .map(ClientsFile.Client::id)
                .hasValue("portal");
    }

    @Test
    void aBadNewClientIdExitsWith2() throws Exception {
        Run r = run("--new-client", "por tal");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("client id 'por tal' is not valid");
    }

    @Test
    void aBadClientsFileStopsTheStartWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clients.txt");
        Files.writeString(file, "# clients\nportal 1234\n");
        Run r = run("--collector.clients-file", file.toString(), "--collector.port", "0");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("clients file " + file, "line 2", "not 64 hexadecimal digits");
    }

    @Test
    void helpListsTheNewOptions() throws Exception {
        Run r = run("--help");
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("--new-client ID [--rate N]", "--collector.clients-file", "--collector.default-rate");
    }
}
