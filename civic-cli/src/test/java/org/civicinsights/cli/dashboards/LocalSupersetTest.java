package org.civicinsights.cli.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.civicinsights.cli.stack.StackLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSupersetTest {
    @Test
    void theConfigurationReadsTheKeyFromItsFileAndOpensToAnonymousViewersOnlyWhenAsked() {
        String served =
                LocalSuperset.configPy(Path.of("/d/superset/superset.db"), Path.of("/d/superset/secret.key"), false);
        assertTrue(served.contains("SECRET_KEY = Path(\"/d/superset/secret.key\").read_text().strip()"), served);
        assertTrue(served.contains("SQLALCHEMY_DATABASE_URI = \"sqlite:////d/superset/superset.db\""), served);
        assertTrue(served.contains("BABEL_DEFAULT_LOCALE = \"it\""));
        assertFalse(served.contains("PUBLIC_ROLE_LIKE"), served);
        assertTrue(LocalSuperset.configPy(Path.of("/d/s.db"), Path.of("/d/k"), true)
                .contains("PUBLIC_ROLE_LIKE = \"Admin\""));
    }

    @Test
    void pathsAreQuotedAsPythonStrings() {
        String py = LocalSuperset.configPy(Path.of("/data/my \"odd\" dir/s.db"), Path.of("/k"), false);
        assertTrue(py.contains("\"sqlite:////data/my \\\"odd\\\" dir/s.db\""), py);
    }

    @Test
    void aTrinoPasswordIsReadFromItsFileAtEachConnectionNeverWrittenIntoTheConfiguration() {
        String plain = LocalSuperset.configPy(Path.of("/d/s.db"), Path.of("/d/k"), false);
        assertFalse(plain.contains("DB_CONNECTION_MUTATOR"), plain);
        String py = LocalSuperset.configPy(
                Path.of("/d/s.db"),
                Path.of("/d/k"),
                false,
                Optional.of(new LocalSuperset.TrinoPassword(
                        "manager", Path.of("/d/secrets/trino-manager.password"), "127.0.0.1", 8443)));
        assertTrue(py.contains("def DB_CONNECTION_MUTATOR(uri, params, username, security_manager, source):"), py);
        assertTrue(
                py.contains("(uri.drivername == \"trino\" and uri.username == \"manager\" and uri.host == \"127.0.0.1\""
                        + " and uri.port == 8443 and not uri.password)"),
                py);
        assertTrue(
                py.contains("uri = uri.set(password=Path(\"/d/secrets/trino-manager.password\").read_text().strip())"),
                py);
        assertTrue(py.contains("return uri, params"), py);
    }

    @Test
    void theAdminPasswordIsOneOfTheStacksSecretsUnlessAnOlderDataDirectoryKeptItBesideTheMetadata(@TempDir Path data)
            throws Exception {
        StackLayout layout = new StackLayout(data.resolve("home"), data.resolve("data"), data.resolve("cache"));
        LocalSuperset fresh = new LocalSuperset(layout, null, new LocalSuperset.Options("superset", 0, false), s -> {});
        String password = fresh.adminPassword();
        Path file = layout.secretsDir().resolve("superset-admin.password");
        assertEquals(file, fresh.adminPasswordFile());
        assertEquals(password, Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(password, fresh.adminPassword(), "generated once");

        LocalSuperset older =
                new LocalSuperset(layout, null, new LocalSuperset.Options("superset-verify", 0, false), s -> {});
        Path before = Files.createDirectories(older.home()).resolve("admin.password");
        Files.writeString(before, "0123456789abcdef01234567\n");
        assertEquals(before, older.adminPasswordFile());
        assertEquals("0123456789abcdef01234567", older.adminPassword());
        assertFalse(Files.exists(layout.secretsDir().resolve("superset-verify-admin.password")));
    }
}
