package org.civicinsights.cli.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.civicinsights.common.config.CivicConfig;

/** Opens Trino JDBC connections from the shared configuration. */
public final class TrinoConnections {
    private TrinoConnections() {}

    public static Connection open(CivicConfig config) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.get(CivicConfig.TRINO_USER));
        return DriverManager.getConnection(
                withCatalog(config.get(CivicConfig.TRINO_URL), config.get(CivicConfig.CATALOG_NAME)), p);
    }

    /** Adds the lake's catalog to a URL that names none, before any query parameters. */
    static String withCatalog(String url, String catalog) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String params = q < 0 ? "" : url.substring(q);
        String afterHost = base.substring("jdbc:trino://".length());
        return afterHost.contains("/") ? url : base + "/" + catalog + params;
    }
}
