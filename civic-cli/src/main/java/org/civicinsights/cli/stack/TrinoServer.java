package org.civicinsights.cli.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.io.PrivateFiles;

/**
 * Trino (coordinator and worker in one JVM) on a JDK >= 22, with the Iceberg catalog {@code lake}:
 * on local files (embedded topology) or on the object store through Trino's native S3 file system.
 * With {@code stack.security=on}: HTTPS only, password logins (one user per {@link TrinoRole}) and
 * the file-based access control rules of {@link TrinoSecurity}.
 */
public final class TrinoServer extends ManagedService {
    /** The variables lake.properties reads the object store's key pair from (${ENV:...}). */
    static final String ACCESS_KEY_ENV = "LAKE_S3_ACCESS_KEY";

    static final String SECRET_KEY_ENV = "LAKE_S3_SECRET_KEY";
    /** The variable lake.properties reads Trino's catalog credentials from (secured stack). */
    static final String CATALOG_CREDENTIAL_ENV = "LAKE_CATALOG_CREDENTIAL";

    private static final String ACTIVE_NODES = "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'";

    private final EngineResolver engines;
    /** The object store holding the warehouse; null in the embedded topology. */
    private final ObjectStoreService objectStore;

    public TrinoServer(
            StackLayout layout, StackSettings settings, EngineResolver engines, ObjectStoreService objectStore) {
        super("trino", layout, settings);
        this.engines = engines;
        this.objectStore = objectStore;
    }

    @Override
    public String endpoint() {
        if (settings.secured()) {
            return settings.trinoUrl() + "/lake?SSL=true, users " + roleUsers() + ", passwords in "
                    + StackSecrets.of(layout).dir() + "/trino-USER.password (web UI " + url() + "/ui/)";
        }
        return settings.trinoUrl() + "/lake (web UI http://127.0.0.1:" + settings.trinoPort() + "/ui/)";
    }

    @Override
    public String url() {
        return (settings.secured() ? "https" : "http") + "://127.0.0.1:" + settings.trinoPort();
    }

    private static String roleUsers() {
        return String.join(
                ", ", Arrays.stream(TrinoRole.values()).map(TrinoRole::group).toList());
    }

    /**
     * What clients need to log in (civic.properties), with {@code stack.security=on}: TLS with the
     * stack's CA, and each role's user with the file of its generated password. The default user
     * (trino.user) is the analyst, the least of them. Paths only: no password.
     */
    public Map<String, String> clientSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        if (!settings.secured()) {
            return m;
        }
        StackSecrets secrets = StackSecrets.of(layout);
        StackCertificates tls = StackCertificates.ensure(layout, secrets);
        m.put(TrinoConnections.JDBC_PREFIX + "SSL", "true");
        m.put(
                TrinoConnections.JDBC_PREFIX + "SSLTrustStorePath",
                tls.caPem().toAbsolutePath().toString());
        m.put(CivicConfig.TRINO_USER, TrinoRole.ANALYST.group());
        m.put(TrinoConnections.PASSWORD_FILE, passwordFile(secrets, TrinoRole.ANALYST));
        for (TrinoRole r : TrinoRole.values()) {
            m.put("trino." + r.group() + ".user", r.group());
            m.put("trino." + r.group() + ".password-file", passwordFile(secrets, r));
        }
        return m;
    }

    private static String passwordFile(StackSecrets secrets, TrinoRole role) {
        return secrets.passwordFile(role.secretName()).toAbsolutePath().toString();
    }

    @Override
    public Duration startTimeout() {
        return Duration.ofSeconds(180);
    }

    @Override
    public void start() throws Exception {
        Path java = JavaRuntimes.forTrino(settings.trinoJavaHome(), System.getenv("JAVA_HOME"));
        Path server = engines.trinoServer();
        Path etc = layout.trinoDir().resolve("etc");
        Files.createDirectories(etc.resolve("catalog"));
        Files.createDirectories(layout.trinoDir().resolve("data"));
        int port = settings.trinoPort();
        Map<String, String> env = new HashMap<>(Map.of("JAVA_HOME", java.toString()));
        List<String> config = new ArrayList<>(List.of("coordinator=true", "node-scheduler.include-coordinator=true"));
        TrinoSecurity.EtcFiles securityFiles = new TrinoSecurity.EtcFiles(etc);
        if (settings.secured()) {
            StackSecrets secrets = StackSecrets.of(layout);
            StackCertificates tls = StackCertificates.ensure(layout, secrets);
            config.addAll(TrinoSecurity.serverConfig(port, securityFiles, tls.serverKeystore(), tls.truststore()));
            writeSecurityFiles(securityFiles, secrets);
            env.put(TrinoSecurity.SHARED_SECRET_ENV, secrets.password(TrinoSecurity.SHARED_SECRET_NAME));
            env.put(TrinoSecurity.KEYSTORE_PASSWORD_ENV, tls.serverKeystorePassword());
            env.put(TrinoSecurity.TRUSTSTORE_PASSWORD_ENV, tls.truststorePassword());
        } else {
            config.addAll(List.of("http-server.http.port=" + port, "discovery.uri=http://127.0.0.1:" + port));
            // Trino loads etc/group-provider.properties whenever it exists: none left from a secured start
            for (Path f : TrinoSecurity.files(securityFiles, "", "").keySet()) {
                Files.deleteIfExists(f);
            }
        }
        config.addAll(List.of(
                "catalog.config-dir=" + etc.resolve("catalog").toAbsolutePath(),
                "plugin.dir=" + server.resolve("plugin").toAbsolutePath(),
                "query.max-memory=512MB",
                "query.max-memory-per-node=512MB",
                ""));
        Files.writeString(etc.resolve("config.properties"), String.join("\n", config));
        Files.writeString(etc.resolve("log.properties"), "io.trino=INFO\n");
        Files.writeString(etc.resolve("catalog").resolve("lake.properties"), lakeCatalog());
        List<String> cmd = new ArrayList<>(List.of(
                java.resolve("bin").resolve("java").toString(),
                process.marker(),
                "-Xmx" + settings.trinoHeap(),
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-OmitStackTraceInFastThrow",
                "-XX:ReservedCodeCacheSize=256M",
                "-Djdk.attach.allowAttachSelf=true",
                "-XX:+EnableDynamicAgentLoading",
                "-Dfile.encoding=UTF-8",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-Dnode.environment=civic",
                "-Dnode.id=civic-local",
                "-Dnode.data-dir=" + layout.trinoDir().resolve("data").toAbsolutePath(),
                "-Dconfig=" + etc.resolve("config.properties").toAbsolutePath(),
                "-Dlog.levels-file=" + etc.resolve("log.properties").toAbsolutePath(),
                "-cp",
                server.resolve("lib").toAbsolutePath() + "/*",
                "io.trino.server.TrinoServer"));
        if (objectStore != null) {
            env.put(ACCESS_KEY_ENV, objectStore.credentials().accessKeyId());
            env.put(SECRET_KEY_ENV, objectStore.credentials().secretAccessKey());
        }
        if (settings.secured()) {
            // its own catalog client (the files exist: the catalog is up first)
            env.put(
                    CATALOG_CREDENTIAL_ENV,
                    new CatalogClients(layout, StackSecrets.of(layout)).credential(CatalogClients.Kind.TRINO));
        }
        process.start(cmd, env, layout.trinoDir());
    }

    /**
     * The password file (PBKDF2 hashes of each role user's generated password), the group file,
     * the rules and the plugins' properties. The password file is rewritten at each start, so a
     * deleted password file under secrets/ means a new password after a restart.
     */
    private void writeSecurityFiles(TrinoSecurity.EtcFiles files, StackSecrets secrets) throws IOException {
        Map<String, String> passwords = new LinkedHashMap<>();
        for (TrinoRole r : TrinoRole.values()) {
            passwords.put(r.group(), secrets.password(r.secretName()));
        }
        String passwordLines = TrinoSecurity.passwordFile(passwords, new SecureRandom());
        for (Map.Entry<Path, String> f : TrinoSecurity.files(files, passwordLines, TrinoSecurity.groupFile())
                .entrySet()) {
            PrivateFiles.write(f.getKey(), f.getValue());
        }
    }

    /**
     * The {@code lake} catalog. On the object store the key pair is read from the environment Trino
     * is started with (${ENV:...}), so the file holds no secret, as on a city's Trino where the
     * pair comes from a secret store; so are the catalog's OAuth2 client credentials when the stack
     * is secured.
     */
    String lakeCatalog() {
        List<String> lines = new ArrayList<>(List.of(
                "connector.name=iceberg",
                "iceberg.catalog.type=rest",
                "iceberg.rest-catalog.uri=" + settings.catalogUri(),
                "iceberg.file-format=PARQUET"));
        if (settings.secured()) {
            lines.addAll(List.of(
                    "iceberg.rest-catalog.security=OAUTH2",
                    "iceberg.rest-catalog.oauth2.server-uri=" + CatalogProbe.tokenUri(settings.catalogUri()),
                    "iceberg.rest-catalog.oauth2.credential=${ENV:" + CATALOG_CREDENTIAL_ENV + "}",
                    // Trino 476 caches one OAuth2 session per catalog operation (trinodb/trino#25122),
                    // each refreshing its token after 54 minutes: let them go long before that
                    "iceberg.rest-catalog.session-timeout=5m"));
        }
        if (objectStore == null) {
            lines.addAll(List.of("fs.native-local.enabled=true", "local.location=/"));
        } else {
            lines.addAll(List.of(
                    "fs.native-s3.enabled=true",
                    "s3.endpoint=" + settings.cluster().s3Endpoint(),
                    "s3.path-style-access=true",
                    "s3.region=" + ClusterSettings.REGION,
                    "s3.aws-access-key=${ENV:" + ACCESS_KEY_ENV + "}",
                    "s3.aws-secret-key=${ENV:" + SECRET_KEY_ENV + "}"));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    /** Started, and its own worker announced: before that, queries fail with "No nodes available". */
    @Override
    public boolean healthy() {
        if (settings.secured()) {
            // over HTTPS as the engineer (system.runtime is theirs), as civic.properties says
            CivicConfig client = CivicConfig.load(layout.clientConfig(), Map.of());
            try (Connection c = TrinoConnections.open(client, TrinoRole.ENGINEER);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(ACTIVE_NODES)) {
                return rs.next() && rs.getLong(1) > 0;
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        }
        boolean started = Probes.httpGet("http://127.0.0.1:" + settings.trinoPort() + "/v1/info")
                .map(body -> body.replace(" ", "").contains("\"starting\":false"))
                .orElse(false);
        if (!started) {
            return false;
        }
        Properties p = new Properties();
        p.setProperty("user", "civic");
        try (Connection c = DriverManager.getConnection(settings.trinoUrl(), p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(ACTIVE_NODES)) {
            return rs.next() && rs.getLong(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }
}
