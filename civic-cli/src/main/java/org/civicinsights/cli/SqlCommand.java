package org.civicinsights.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.TrinoConnections;
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
            "Example: civic sql \"SELECT channel, count(*) FROM raw.interactions GROUP BY 1 ORDER BY 2 DESC\""
        })
public class SqlCommand implements Callable<Integer> {
    @Mixin
    CivicContext context;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query (Trino dialect; default schema: lake).")
    String query;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        ResultFormatter.Format f;
        try {
            f = ResultFormatter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be table, csv or json, not '" + format + "'");
        }
        System.out.print(run(context.config(), query, f));
        return 0;
    }

    static String run(CivicConfig config, String query, ResultFormatter.Format format) throws Exception {
        try (Connection c = TrinoConnections.open(config);
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
