package org.civicinsights.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.config.CivicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Run one SQL query on Trino (catalog lake) through trino-jdbc and print the result.",
            "Example: civic sql \"SELECT channel, count(*) FROM raw.interactions GROUP BY 1 ORDER BY 2 DESC\"",
            "It connects as the analyst (trino.analyst.user, else trino.user); --user NAME as another user,",
            "with the password the configuration holds for it (on a secured local stack: one user per role)."
        })
public class SqlCommand implements Callable<Integer> {
    @Mixin
    CivicContext context;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query (Trino dialect; default schema: lake).")
    String query;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description =
                    "Trino user to log in as: analyst, manager, crm_operator, engineer, ddl on a secured local stack"
                            + " (default: the analyst's user).")
    String user;

    @Override
    public Integer call() throws Exception {
        ResultFormatter.Format f;
        try {
            f = ResultFormatter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be table, csv or json, not '" + format + "'");
        }
        CivicConfig config = context.config();
        TrinoConnections.Login login = user == null
                ? TrinoConnections.login(config, TrinoRole.ANALYST)
                : TrinoConnections.loginAs(config, user);
        try {
            System.out.print(run(config, login, query, f));
        } catch (SQLException e) {
            if (TrinoConnections.accessDenied(e)) {
                // one line, no cause: which user lacks what (the rules are in docs/security.md)
                throw new IllegalStateException("access denied: " + TrinoConnections.deniedMessage(login, e));
            }
            throw e;
        }
        return 0;
    }

    /** As a role: the demo and other commands print query results through this. */
    static String run(CivicConfig config, TrinoRole role, String query, ResultFormatter.Format format)
            throws Exception {
        return run(config, TrinoConnections.login(config, role), query, format);
    }

    static String run(CivicConfig config, TrinoConnections.Login login, String query, ResultFormatter.Format format)
            throws Exception {
        try (Connection c = TrinoConnections.open(config, login);
                Statement s = c.createStatement()) {
            boolean hasRows = s.execute(query.strip().replaceAll(";+$", ""));
            if (!hasRows) {
                return "OK (" + s.getUpdateCount() + " rows affected)\n";
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultRows r = ResultRows.read(rs);
                return ResultFormatter.format(r.columns(), r.rows(), format);
            }
        }
    }
}
