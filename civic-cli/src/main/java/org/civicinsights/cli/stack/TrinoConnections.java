package org.civicinsights.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.civicinsights.common.config.CivicConfig;

/**
 * Opens Trino JDBC connections from the shared configuration, as the user of a {@link TrinoRole}.
 *
 * <p>Settings: {@code trino.url}; {@code trino.jdbc.*} are extra JDBC connection properties
 * ({@code trino.jdbc.SSL=true}, {@code trino.jdbc.SSLTrustStorePath=/path/ca.pem}...); the user of
 * a role is {@code trino.ROLE.user} with {@code trino.ROLE.password} (an environment variable such
 * as {@code CIVIC_TRINO_ANALYST_PASSWORD}) or {@code trino.ROLE.password-file}; a role without its
 * own user connects as {@code trino.user} with {@code trino.password} or {@code
 * trino.password-file}. A password is never taken from the URL or from {@code trino.jdbc.*}.
 */
public final class TrinoConnections {
    /** Prefix of the extra JDBC connection properties, passed through with the prefix removed. */
    public static final String JDBC_PREFIX = "trino.jdbc.";

    public static final String PASSWORD = "trino.password";
    public static final String PASSWORD_FILE = "trino.password-file";

    /** Trino's error code for a refusal by access control (io.trino.spi.StandardErrorCode.PERMISSION_DENIED). */
    public static final int PERMISSION_DENIED = 4;

    private TrinoConnections() {}

    /** As the engineer, who reads everything: for tests and tools that check the whole lake. */
    public static Connection open(CivicConfig config) throws SQLException {
        return open(config, TrinoRole.ENGINEER);
    }

    public static Connection open(CivicConfig config, TrinoRole role) throws SQLException {
        return open(config, login(config, role));
    }

    public static Connection open(CivicConfig config, Login login) throws SQLException {
        return DriverManager.getConnection(url(config), properties(config, login));
    }

    /**
     * Who connects: a user name and the settings prefix its password comes from
     * ({@code trino.analyst.} or {@code trino.}). Holds no password, so it can be printed.
     */
    public record Login(String user, Optional<TrinoRole> role, String prefix) {
        /** "user 'analyst' (role analyst)" or "user 'alice'", for messages. */
        public String describe() {
            return "user '" + user + "'"
                    + role.map(r -> " (role " + r.group() + ")").orElse("");
        }
    }

    /** The login of a role: trino.ROLE.user if set, else trino.user. */
    public static Login login(CivicConfig config, TrinoRole role) {
        String prefix = "trino." + role.group() + ".";
        if (config.has(prefix + "user")) {
            return new Login(config.get(prefix + "user"), Optional.of(role), prefix);
        }
        return new Login(config.get(CivicConfig.TRINO_USER), Optional.of(role), "trino.");
    }

    /**
     * A user by name (`civic sql --user NAME`): the role whose login has that user, with its
     * password; any other user with trino.password or trino.password-file.
     */
    public static Login loginAs(CivicConfig config, String user) {
        return Arrays.stream(TrinoRole.values())
                .map(r -> login(config, r))
                .filter(l -> l.user().equals(user))
                .findFirst()
                .orElse(new Login(user, Optional.empty(), "trino."));
    }

    /** trino.url with the lake as default catalog. */
    static String url(CivicConfig config) {
        String url = config.get(CivicConfig.TRINO_URL);
        int q = url.indexOf('?');
        if (q >= 0 && url.substring(q).toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
            throw new IllegalArgumentException(
                    "trino.url must not carry a password: use trino.password-file or CIVIC_TRINO_PASSWORD");
        }
        return withCatalog(url, config.get(CivicConfig.CATALOG_NAME));
    }

    /** The JDBC connection properties: trino.jdbc.*, then the login's user and password. */
    static Properties properties(CivicConfig config, Login login) {
        Properties p = new Properties();
        config.asMap().forEach((key, value) -> {
            if (key.startsWith(JDBC_PREFIX)) {
                String name = key.substring(JDBC_PREFIX.length());
                if (name.equalsIgnoreCase("user") || name.equalsIgnoreCase("password")) {
                    throw new IllegalArgumentException(key + " is not allowed: the user and password come from"
                            + " trino.user / trino.ROLE.user and trino.password-file / trino.ROLE.password-file");
                }
                p.setProperty(name, value);
            }
        });
        p.setProperty("user", login.user());
        password(config, login.prefix()).ifPresent(pw -> p.setProperty("password", pw));
        return p;
    }

    /** PREFIX.password (an environment variable, normally), else the first line of PREFIX.password-file. */
    static Optional<String> password(CivicConfig config, String prefix) {
        if (config.has(prefix + "password")) {
            return Optional.of(config.get(prefix + "password"));
        }
        if (!config.has(prefix + "password-file")) {
            return Optional.empty();
        }
        Path file = Path.of(config.get(prefix + "password-file"));
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    prefix + "password-file: cannot read " + file + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    /**
     * trino.url with the trino.jdbc.* settings that are no secret as URL parameters: what another
     * client (Superset, DBeaver) is given to reach the same Trino, e.g. {@code
     * jdbc:trino://127.0.0.1:8443?SSL=true&SSLTrustStorePath=/path/ca.pem}. Never a password.
     */
    public static String clientUrl(CivicConfig config) {
        String url = config.get(CivicConfig.TRINO_URL);
        List<String> params = new ArrayList<>();
        new TreeMap<>(config.asMap()).forEach((key, value) -> {
            if (key.startsWith(JDBC_PREFIX) && !CivicConfig.isSecret(key)) {
                params.add(key.substring(JDBC_PREFIX.length()) + "=" + value);
            }
        });
        return params.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + String.join("&", params);
    }

    /** The file a login's password is read from, when it comes from a file (a process may read it itself). */
    public static Optional<Path> passwordFile(CivicConfig config, Login login) {
        if (config.has(login.prefix() + "password") || !config.has(login.prefix() + "password-file")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(config.get(login.prefix() + "password-file")));
    }

    /** Adds the lake's catalog to a URL that names none, before any query parameters. */
    public static String withCatalog(String url, String catalog) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String params = q < 0 ? "" : url.substring(q);
        String afterHost = base.substring("jdbc:trino://".length());
        return afterHost.contains("/") ? url : base + "/" + catalog + params;
    }

    /** Trino refused the query by access control (by error code, not by message). */
    public static boolean accessDenied(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == PERMISSION_DENIED) {
                return true;
            }
        }
        return false;
    }

    /**
     * One line for a refused query: who, and what Trino's access control refused, e.g. "user
     * 'analyst' (role analyst) may not select from table lake.activation.segment_membership".
     */
    public static String deniedMessage(Login login, SQLException e) {
        String m = String.valueOf(e.getMessage())
                .replaceFirst("^Query failed \\([^)]*\\): ", "")
                .replaceFirst("^Access Denied: ", "")
                .strip();
        if (m.startsWith("Cannot ")) {
            m = "may not " + m.substring("Cannot ".length());
        } else {
            m = "was refused: " + m;
        }
        int nl = m.indexOf('\n');
        return login.describe() + " " + (nl < 0 ? m : m.substring(0, nl));
    }
}
