package org.civicinsights.cli.dashboards;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
}
