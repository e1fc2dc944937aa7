package org.civicinsights.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end of `civic privacy erase`: what meta.erasures recorded for the erasure, per table, and where
 * the CRM's notice went. The figures are the job's own record, read back through Trino, so the summary
 * says what the lake's proof says, not what the command hoped.
 */
final class ErasureSummary {
    static final String TABLE = "meta.erasures";
    static final List<String> COLUMNS = List.of("table", "rows deleted", "rows anonymised");

    /** One table's row of the erasure. */
    record TableRows(String table, long deleted, long anonymised) {}

    private ErasureSummary() {}

    static String sql() {
        return "SELECT table_name, sum(rows_deleted), sum(rows_anonymised) FROM " + TABLE
                + " WHERE erasure_id = ? GROUP BY table_name ORDER BY table_name";
    }

    /** The erasure's rows of meta.erasures (through Trino, as the engineer: no other role reads it). */
    static List<TableRows> read(Connection c, String erasureId) throws SQLException {
        List<TableRows> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql())) {
            p.setString(1, erasureId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableRows(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /**
     * The summary: the erasure, the time taken, rows per table with a total, the CRM notice. {@code
     * outboxFile} is the notices' file when the outbox is a local directory, else its URI.
     */
    static String format(
            String erasureId,
            String ticket,
            int persons,
            double seconds,
            List<TableRows> tables,
            String topic,
            String outboxFile) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "Erasure %s (ticket %s): %d person%s erased in %.0f s%n",
                erasureId,
                ticket,
                persons,
                persons == 1 ? "" : "s",
                seconds));
        if (tables.isEmpty()) {
            sb.append(
                    "  meta.erasures has no row for this erasure (no table held the persons, or the job recorded none)\n");
        } else {
            List<TableRows> rows = new ArrayList<>(tables);
            rows.add(new TableRows(
                    "total",
                    tables.stream().mapToLong(TableRows::deleted).sum(),
                    tables.stream().mapToLong(TableRows::anonymised).sum()));
            int width = rows.stream().mapToInt(t -> t.table().length()).max().orElse(0);
            String line = "  %-" + width + "s  %14s  %15s%n";
            sb.append(String.format(Locale.ROOT, line, COLUMNS.toArray()));
            for (TableRows t : rows) {
                sb.append(String.format(Locale.ROOT, line, t.table(), count(t.deleted()), count(t.anonymised())));
            }
        }
        sb.append("Notice to the CRM: ")
                .append(
                        topic.equals("none")
                                ? "no Kafka topic (privacy.erasures-topic=none)"
                                : persons + " message" + (persons == 1 ? "" : "s") + " on Kafka topic " + topic
                                        + " (key = citizen key)")
                .append(", and ")
                .append(outboxFile)
                .append(" (docs/crm-export.md, \"Erasure notices\")\n");
        return sb.toString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
