package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;

/**
 * The register of personal data against a real lake, through Trino: every base table of the
 * catalog {@code lake} (views are left out: they hold no data of their own) must be in
 * privacy/register.yaml. The connection must see every table (the engineer, or an open stack):
 * Trino filters information_schema to what the user may read.
 */
final class RegisterCompleteness {
    private RegisterCompleteness() {}

    /** Fails naming every base table of the lake the register does not list. */
    static void assertEveryLakeTableIsRegistered(Connection c) throws SQLException {
        Set<String> tables = baseTables(c);
        assertThat(tables).as("base tables of the lake").contains("raw.interactions", "raw.rejected_events");
        Set<String> registered = DataRegister.bundled().tables().stream()
                .map(RegisteredTable::name)
                .collect(Collectors.toSet());
        assertThat(tables)
                .as(
                        "tables of the lake missing from privacy/register.yaml (add them, and their row in docs/privacy.md)")
                .allMatch(registered::contains);
    }

    /** Every base table of the lake, as schema.table. */
    static Set<String> baseTables(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT table_schema, table_name FROM lake.information_schema.tables"
                                + " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('information_schema', 'system')")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return out;
    }

    /** The varchar columns of every base table of the lake, by table. */
    static Map<String, List<String>> stringColumns(Connection c) throws SQLException {
        Set<String> tables = baseTables(c);
        Map<String, List<String>> out = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_schema, table_name, column_name"
                        + " FROM lake.information_schema.columns"
                        + " WHERE data_type LIKE 'varchar%' AND table_schema NOT IN ('information_schema', 'system')"
                        + " ORDER BY 1, 2, ordinal_position")) {
            while (rs.next()) {
                String table = rs.getString(1) + "." + rs.getString(2);
                if (tables.contains(table)) {
                    out.computeIfAbsent(table, t -> new java.util.ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        return out;
    }
}
