package org.civicinsights.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.civicinsights.cli.CivicCli;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.config.CivicConfig;

/**
 * Tries to get into a secured stack's Trino: for each role, queries it may run succeed and
 * queries it may not are refused with Trino's PERMISSION_DENIED error code (never judged by message
 * text); logins without or with a wrong password get HTTP 401; nothing answers plain HTTP; and
 * `civic sql` refuses the analyst on activation.segment_membership with one line and a non-zero
 * exit. Needs the tables a daily batch writes (`civic batch run all`) and the views over them.
 */
public final class TrinoAccessChecks {
    private TrinoAccessChecks() {}

    /** Queries each role may run: read-only, or creating and dropping only its own scratch objects. */
    static final Map<TrinoRole, List<String>> ALLOWED = new LinkedHashMap<>();

    /** Queries each role may not run (the engineer may do everything). */
    static final Map<TrinoRole, List<String>> DENIED = new LinkedHashMap<>();

    static {
        ALLOWED.put(
                TrinoRole.ANALYST,
                List.of(
                        "SELECT channel, count(*) FROM raw.interactions GROUP BY 1",
                        "SELECT reason, count(*) FROM raw.rejected_events GROUP BY 1",
                        "SELECT count(*) FROM reporting.interactions",
                        "SELECT count(*) FROM reporting.sla_period",
                        "SELECT count(*) FROM reporting.satisfaction_week",
                        "SELECT count(*) FROM reporting.cluster_summary",
                        "SELECT count(*) FROM mart.contact_volume",
                        "SELECT count(*) FROM ref.services"));
        DENIED.put(
                TrinoRole.ANALYST,
                List.of(
                        "SELECT count(*) FROM activation.segment_membership",
                        "SELECT count(*) FROM reporting.segment_membership",
                        "SELECT count(*) FROM reporting.citizen_story",
                        "SELECT count(*) FROM reporting.citizen_profile",
                        "SELECT count(*) FROM core.citizen_profile",
                        "SELECT raw_payload FROM raw.rejected_events",
                        "SELECT * FROM raw.rejected_events",
                        "SELECT count(*) FROM meta.job_runs",
                        "DELETE FROM ref.services WHERE service_code = 'no-such-service'",
                        "CREATE TABLE raw.access_check_analyst (a integer)"));
        ALLOWED.put(
                TrinoRole.MANAGER,
                List.of(
                        "SELECT count(*) FROM reporting.contact_volume",
                        "SELECT count(*) FROM reporting.contact_resolution",
                        "SELECT count(*) FROM reporting.contact_languages",
                        "SELECT count(*) FROM reporting.self_service_deflection",
                        "SELECT count(*) FROM reporting.sla_period",
                        "SELECT count(*) FROM reporting.satisfaction_week",
                        "SELECT count(*) FROM reporting.feedback_themes",
                        "SELECT count(*) FROM reporting.worst_services",
                        "SELECT reason, count(*) FROM reporting.outreach_exclusions GROUP BY reason"));
        DENIED.put(
                TrinoRole.MANAGER,
                List.of(
                        "SELECT count(*) FROM raw.interactions",
                        "SELECT count(*) FROM reporting.interactions",
                        "SELECT count(*) FROM reporting.cases",
                        "SELECT count(*) FROM reporting.citizen_story",
                        "SELECT count(*) FROM mart.sla_period",
                        "SELECT count(*) FROM activation.segment_runs",
                        "SELECT citizen_key FROM reporting.outreach_exclusions",
                        "SELECT count(*) FROM ref.services"));
        ALLOWED.put(
                TrinoRole.CRM_OPERATOR,
                List.of(
                        "SELECT count(*) FROM reporting.citizen_story WHERE citizen_key = 'no-such-key'",
                        "SELECT count(*) FROM reporting.citizen_profile",
                        "SELECT count(*) FROM reporting.segment_membership",
                        "SELECT count(*) FROM reporting.segment_runs",
                        "SELECT count(*) FROM reporting.citizen_cluster",
                        "SELECT count(*) FROM ref.services"));
        DENIED.put(
                TrinoRole.CRM_OPERATOR,
                List.of(
                        "SELECT count(*) FROM raw.interactions",
                        "SELECT count(*) FROM raw.rejected_events",
                        "SELECT count(*) FROM reporting.interactions",
                        "SELECT count(*) FROM reporting.sla_period",
                        "SELECT count(*) FROM core.citizen_profile",
                        "SELECT count(*) FROM activation.segment_membership",
                        "SELECT count(*) FROM mart.cluster_summary"));
        ALLOWED.put(
                TrinoRole.ENGINEER,
                List.of(
                        "SELECT count(raw_payload) FROM raw.rejected_events",
                        "SELECT count(*) FROM activation.segment_membership",
                        "SELECT count(*) FROM core.citizen_profile",
                        "SELECT count(*) FROM reporting.citizen_story WHERE citizen_key = 'no-such-key'",
                        "SELECT count(*) FROM meta.job_runs",
                        "SELECT count(*) FROM system.runtime.nodes",
                        "SELECT count(*) FROM \"raw\".\"interactions$snapshots\"",
                        "CREATE TABLE mart.access_check_engineer (a integer)",
                        "DROP TABLE mart.access_check_engineer"));
        ALLOWED.put(
                TrinoRole.DDL,
                List.of(
                        "SELECT count(*) FROM meta.schema_history",
                        "CREATE OR REPLACE VIEW reporting.access_check_ddl AS SELECT count(*) AS n FROM activation.segment_runs",
                        "SELECT n FROM reporting.access_check_ddl",
                        "DROP VIEW reporting.access_check_ddl",
                        "CREATE TABLE IF NOT EXISTS ref.access_check_ddl (a integer)",
                        "DROP TABLE ref.access_check_ddl",
                        "SHOW CREATE VIEW reporting.interactions"));
        DENIED.put(
                TrinoRole.DDL,
                List.of(
                        "INSERT INTO raw.interactions (event_id) VALUES ('access-check')",
                        "DELETE FROM raw.rejected_events WHERE reason = 'no-such-reason'",
                        "INSERT INTO activation.segment_runs (segment) VALUES ('access-check')",
                        "DROP TABLE mart.sla_period",
                        "CREATE TABLE activation.access_check_ddl (a integer)",
                        "CREATE SCHEMA lake.access_check_ddl",
                        "SELECT count(*) FROM system.runtime.queries"));
    }

    /** Every role's allowed queries run; every denied one fails with PERMISSION_DENIED. */
    public static void assertRoles(CivicConfig client) throws SQLException {
        for (TrinoRole role : TrinoRole.values()) {
            try (Connection c = TrinoConnections.open(client, role)) {
                for (String sql : ALLOWED.getOrDefault(role, List.of())) {
                    try (Statement s = c.createStatement()) {
                        if (s.execute(sql)) {
                            try (ResultSet rs = s.getResultSet()) {
                                while (rs.next()) {
                                    // read every row: a refusal may come with the data
                                }
                            }
                        }
                    } catch (SQLException e) {
                        fail(role.group() + " should run: " + sql + " but got error code " + e.getErrorCode() + ": "
                                + e.getMessage());
                    }
                }
                for (String sql : DENIED.getOrDefault(role, List.of())) {
                    assertThatThrownBy(() -> {
                                try (Statement s = c.createStatement()) {
                                    s.execute(sql);
                                }
                            })
                            .as("%s must be refused: %s", role.group(), sql)
                            .isInstanceOfSatisfying(
                                    SQLException.class,
                                    e -> assertThat(e.getErrorCode())
                                            .as("Trino error code for %s: %s (%s)", role.group(), sql, e.getMessage())
                                            .isEqualTo(TrinoConnections.PERMISSION_DENIED));
                }
            }
        }
    }

    /**
     * Logins: without a password and with a wrong one Trino answers 401; with the right one 200;
     * nothing answers plain HTTP on its port. Straight HTTP, so the status code is what is checked.
     */
    public static void assertLogins(CivicConfig client) throws Exception {
        URI uri = URI.create(client.get(CivicConfig.TRINO_URL).replaceFirst("^jdbc:trino:", "https:"));
        String base = "https://127.0.0.1:" + uri.getPort();
        HttpClient https = HttpClient.newBuilder()
                .sslContext(trusting(Path.of(client.get(TrinoConnections.JDBC_PREFIX + "SSLTrustStorePath"))))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String analyst = TrinoConnections.login(client, TrinoRole.ANALYST).user();
        String password = Files.readString(Path.of(client.get("trino.analyst.password-file")))
                .strip();
        assertThat(statement(https, base, analyst, null)).as("no password").isEqualTo(401);
        assertThat(statement(https, base, analyst, password + "x"))
                .as("wrong password")
                .isEqualTo(401);
        String manager = TrinoConnections.login(client, TrinoRole.MANAGER).user();
        assertThat(statement(https, base, manager, password))
                .as("another user's password")
                .isEqualTo(401);
        assertThat(statement(https, base, "nobody", password))
                .as("an unknown user")
                .isEqualTo(401);
        assertThat(statement(https, base, analyst, password))
                .as("right password")
                .isEqualTo(200);
        HttpClient plain =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uri.getPort() + "/v1/info"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding()))
                .as("plain HTTP on Trino's port")
                .isInstanceOf(IOException.class);
    }

    /**
     * `civic sql` as the analyst (the default user, and --user analyst) on
     * activation.segment_membership: exit code 1 and one line saying which user may not read what.
     */
    public static void assertSqlCommandRefusesTheAnalyst(Path dataDir) {
        String query = "SELECT count(*) FROM activation.segment_membership";
        for (List<String> user : List.of(List.<String>of(), List.of("--user", "analyst"))) {
            PrintStream original = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                System.setErr(capture);
                String[] args = java.util.stream.Stream.of(
                                List.of("sql"), user, List.of(query, "--data-dir", dataDir.toString()))
                        .flatMap(List::stream)
                        .toArray(String[]::new);
                code = CivicCli.run(args);
            } finally {
                System.setErr(original);
            }
            String message = err.toString(StandardCharsets.UTF_8).strip();
            original.println(message);
            assertThat(code).as("exit code of civic sql %s", user).isEqualTo(1);
            assertThat(message.lines()).as("one line: %s", message).hasSize(1);
            assertThat(message)
                    .contains("access denied", "user 'analyst' (role analyst)", "activation.segment_membership");
        }
    }

    private static int statement(HttpClient http, String base, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/statement"))
                .timeout(Duration.ofSeconds(10))
                .header("X-Trino-User", user)
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"));
        if (password != null) {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** TLS that trusts only the stack's CA (PEM). */
    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
