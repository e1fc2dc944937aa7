package org.civicinsights.cli.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.civicinsights.common.config.CivicConfig;

/** Opens Trino JDBC connections from the shared configuration. */
public final class TrinoConnections {
    private TrinoConnections() {
    }

    public static Connection open(CivicConfig config) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", config.get(CivicConfig.TRINO_USER));
        String url = config.get(CivicConfig.TRINO_URL);
        return DriverManager.getConnection(url.contains("/lake") ? url : url + "/lake", p);
    }
}
