package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoConnectionsTest {
    @TempDir
    Path dir;

    @Test
    void addsTheCatalogOnlyWhenTheUrlNamesNone() {
        assertThat(TrinoConnections.withCatalog("jdbc:trino://127.0.0.1:8080", "lake"))
                .isEqualTo("jdbc:trino://127.0.0.1:8080/lake");
        assertThat(TrinoConnections.withCatalog("jdbc:trino://h:443?SSL=true", "lake"))
                .isEqualTo("jdbc:trino://h:443/lake?SSL=true");
        assertThat(TrinoConnections.withCatalog("jdbc:trino://h:8080/other/s", "lake"))
                .isEqualTo("jdbc:trino://h:8080/other/s");
    }

    @Test
    void withoutSecuritySettingsEveryRoleIsTheOneUserWithoutPasswordAsBefore() {
        CivicConfig config = CivicConfig.defaults();
        for (TrinoRole role : TrinoRole.values()) {
            Properties p = TrinoConnections.properties(config, TrinoConnections.login(config, role));
            assertThat(p).containsExactlyEntriesOf(Map.of("user", "civic"));
        }
    }

    @Test
    void aRoleConnectsAsItsOwnUserWithItsPasswordFileAndTheJdbcSettings() throws Exception {
        Path analyst = Files.writeString(dir.resolve("trino-analyst.password"), "analyst-secret\n");
        Path general = Files.writeString(dir.resolve("trino.password"), "general-secret");
        CivicConfig config = CivicConfig.of(Map.of(
                "trino.jdbc.SSL", "true",
                "trino.jdbc.SSLTrustStorePath", "/s/tls/ca.pem",
                "trino.user", "someone",
                "trino.password-file", general.toString(),
                "trino.analyst.user", "analyst",
                "trino.analyst.password-file", analyst.toString()));

        TrinoConnections.Login login = TrinoConnections.login(config, TrinoRole.ANALYST);
        assertThat(login.user()).isEqualTo("analyst");
        assertThat(login.role()).contains(TrinoRole.ANALYST);
        assertThat(TrinoConnections.properties(config, login))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "SSL", "true",
                        "SSLTrustStorePath", "/s/tls/ca.pem",
                        "user", "analyst",
                        "password", "analyst-secret"));
        // a role without its own user: trino.user with trino.password-file
        TrinoConnections.Login ddl = TrinoConnections.login(config, TrinoRole.DDL);
        assertThat(ddl.user()).isEqualTo("someone");
        assertThat(TrinoConnections.properties(config, ddl))
                .containsEntry("user", "someone")
                .containsEntry("password", "general-secret");
        // a Login can be printed: it holds where the password is, not the password
        assertThat(login.toString()).doesNotContain("analyst-secret");
        assertThat(login.describe()).isEqualTo("user 'analyst' (role analyst)");
    }

    @Test
    void aPasswordFromTheEnvironmentWinsOverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "from-file");
        CivicConfig config = CivicConfig.load(
                null,
                Map.of(
                        "CIVIC_TRINO_CRM_OPERATOR_USER", "operatore",
                        "CIVIC_TRINO_CRM_OPERATOR_PASSWORD_FILE", file.toString(),
                        "CIVIC_TRINO_CRM_OPERATOR_PASSWORD", "from-env"));
        TrinoConnections.Login login = TrinoConnections.login(config, TrinoRole.CRM_OPERATOR);
        assertThat(login.user()).isEqualTo("operatore");
        assertThat(TrinoConnections.properties(config, login)).containsEntry("password", "from-env");
        assertThat(TrinoConnections.passwordFile(config, login)).isEmpty();
    }

    @Test
    void aNamedUserUsesTheRoleWhoseUserItIsElseTheGeneralPassword() throws Exception {
        Path manager = Files.writeString(dir.resolve("m"), "m-secret");
        CivicConfig config = CivicConfig.of(Map.of(
                "trino.user", "analyst",
                "trino.manager.user", "manager",
                "trino.manager.password-file", manager.toString()));
        TrinoConnections.Login m = TrinoConnections.loginAs(config, "manager");
        assertThat(m.role()).contains(TrinoRole.MANAGER);
        assertThat(TrinoConnections.passwordFile(config, m)).contains(manager);
        TrinoConnections.Login alice = TrinoConnections.loginAs(config, "alice");
        assertThat(alice.role()).isEmpty();
        assertThat(alice.prefix()).isEqualTo("trino.");
        assertThat(alice.describe()).isEqualTo("user 'alice'");
    }

    @Test
    void noPasswordFromTheUrlOrTheJdbcPassThrough() {
        assertThatThrownBy(() -> TrinoConnections.properties(
                        CivicConfig.of(Map.of("trino.jdbc.password", "x")),
                        new TrinoConnections.Login("u", Optional.empty(), "trino.")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trino.jdbc.password is not allowed");
        assertThatThrownBy(() -> TrinoConnections.url(
                        CivicConfig.of(Map.of(CivicConfig.TRINO_URL, "jdbc:trino://h:8443?SSL=true&password=x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("=x");
        assertThatThrownBy(() -> TrinoConnections.properties(
                        CivicConfig.of(Map.of(
                                "trino.password-file", dir.resolve("missing").toString())),
                        new TrinoConnections.Login("u", Optional.empty(), "trino.")))
                .hasMessageContaining("trino.password-file: cannot read");
    }

    @Test
    void theClientUrlCarriesTheTlsSettingsButNoSecret() {
        CivicConfig config = CivicConfig.of(Map.of(
                CivicConfig.TRINO_URL,
                "jdbc:trino://127.0.0.1:8443",
                "trino.jdbc.SSL",
                "true",
                "trino.jdbc.SSLTrustStorePath",
                "/s/ca.pem",
                "trino.jdbc.SSLTrustStorePassword",
                "changeit"));
        assertThat(TrinoConnections.clientUrl(config))
                .isEqualTo("jdbc:trino://127.0.0.1:8443?SSL=true&SSLTrustStorePath=/s/ca.pem");
        assertThat(TrinoConnections.clientUrl(CivicConfig.defaults())).isEqualTo("jdbc:trino://127.0.0.1:8080");
    }

    @Test
    void aRefusalIsRecognisedByItsErrorCodeAndSaidInOneLine() {
        SQLException denied = new SQLException(
                "Query failed (#20261207_1): Access Denied: Cannot select from table lake.activation.segment_membership",
                "",
                TrinoConnections.PERMISSION_DENIED);
        assertThat(TrinoConnections.accessDenied(denied)).isTrue();
        assertThat(TrinoConnections.accessDenied(new SQLException("Access Denied: looks like one", "", 0)))
                .isFalse();
        assertThat(TrinoConnections.accessDenied(new SQLException("wrapped", denied)))
                .isTrue();
        TrinoConnections.Login analyst =
                new TrinoConnections.Login("analyst", Optional.of(TrinoRole.ANALYST), "trino.");
        assertThat(TrinoConnections.deniedMessage(analyst, denied))
                .isEqualTo("user 'analyst' (role analyst) may not select from table"
                        + " lake.activation.segment_membership");
    }
}
