package org.civicinsights.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "maintain",
        mixinStandardHelpOptions = true,
        description = {
            "Keep the lake's tables healthy through Trino: compact small data files, rewrite manifests,",
            "expire old snapshots and remove orphan files. Safe while ingestion runs (Iceberg commits are",
            "optimistic: a conflicting append is retried), and it checks that no row was gained or lost."
        })
public class MaintainCommand implements Callable<Integer> {
    static final List<String> RAW_TABLES = List.of("raw.interactions", "raw.rejected_events", "raw.duplicate_events");

    @Mixin
    CivicContext context;

    @Option(names = "--table", description = "Only this table (default: the raw tables).")
    List<String> tables;

    @Option(
            names = "--small-file-threshold",
            defaultValue = "100MB",
            description = "Data files below this size are compacted (default ${DEFAULT-VALUE}).")
    String smallFileThreshold;

    @Option(
            names = "--retention",
            defaultValue = "7d",
            description =
                    "Snapshots and orphan files older than this are removed (default ${DEFAULT-VALUE}; Trino's minimum applies).")
    String retention;

    /** Files, bytes and rows of a table at its current snapshot. */
    record TableShape(long snapshotId, long files, long bytes, long rows) {
        String describe() {
            return String.format(
                    "%,d files, %.1f MiB, avg %.2f MiB, %,d rows",
                    files, bytes / 1048576.0, files == 0 ? 0 : bytes / 1048576.0 / files, rows);
        }
    }

    @Override
    public Integer call() throws Exception {
        boolean ok = true;
        try (Connection c = TrinoConnections.open(context.config(), TrinoRole.ENGINEER)) {
            for (String table : tables == null ? RAW_TABLES : tables) {
                ok &= maintain(c, table);
            }
        }
        return ok ? 0 : 1;
    }

    private boolean maintain(Connection c, String table) throws SQLException {
        long t0 = System.nanoTime();
        String[] parts = table.split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--table takes schema.table, e.g. raw.interactions");
        }
        String meta = "\"" + parts[0] + "\".\"" + parts[1] + "$";
        TableShape before = shape(c, table, meta);
        System.out.printf("%s before: %s%n", table, before.describe());
        execute(c, "ALTER TABLE " + table + " EXECUTE optimize(file_size_threshold => '" + smallFileThreshold + "')");
        execute(c, "ALTER TABLE " + table + " EXECUTE optimize_manifests");
        execute(c, "ALTER TABLE " + table + " EXECUTE expire_snapshots(retention_threshold => '" + retention + "')");
        execute(c, "ALTER TABLE " + table + " EXECUTE remove_orphan_files(retention_threshold => '" + retention + "')");
        TableShape after = shape(c, table, meta);
        // rows appended by ingestion meanwhile: the appends on the path from `after` back to `before`
        long appended = appendedBetween(c, meta, before.snapshotId(), after.snapshotId());
        boolean balanced = after.rows() == before.rows() + appended;
        System.out.printf(
                "%s after:  %s (%.1f s)%n  rows: %,d before + %,d appended meanwhile = %,d %s%n",
                table,
                after.describe(),
                (System.nanoTime() - t0) / 1e9,
                before.rows(),
                appended,
                after.rows(),
                balanced ? "= rows after: OK" : "!= rows after " + after.rows() + ": CHECK THE TABLE");
        return balanced;
    }

    /** Sum of added-records of the append snapshots after {@code from}, up to and including {@code to}. */
    static long appendedBetween(Connection c, String meta, long from, long to) throws SQLException {
        Map<Long, long[]> snapshots = new HashMap<>(); // id -> {parent, appended}
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT snapshot_id, parent_id, operation, "
                        + "coalesce(CAST(element_at(summary, 'added-records') AS bigint), 0) FROM " + meta
                        + "snapshots\"")) {
            while (rs.next()) {
                long parent = rs.getLong(2);
                snapshots.put(rs.getLong(1), new long[] {
                    rs.wasNull() ? -1 : parent, "append".equals(rs.getString(3)) ? rs.getLong(4) : 0
                });
            }
        }
        return appendedBetween(snapshots, from, to);
    }

    /** Pure part of {@link #appendedBetween(Connection, String, long, long)}: walks parents from {@code to}. */
    static long appendedBetween(Map<Long, long[]> snapshots, long from, long to) {
        long sum = 0;
        for (long id = to; id != from; ) {
            long[] s = snapshots.get(id);
            if (s == null) {
                throw new IllegalStateException("snapshot " + from + " is not an ancestor of " + to);
            }
            sum += s[1];
            id = s[0];
        }
        return sum;
    }

    private static TableShape shape(Connection c, String table, String meta) throws SQLException {
        long snapshot =
                queryLong(c, "SELECT snapshot_id FROM " + meta + "snapshots\" ORDER BY committed_at DESC LIMIT 1");
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*), coalesce(sum(file_size_in_bytes), 0) FROM " + meta + "files\"")) {
            rs.next();
            long files = rs.getLong(1);
            long bytes = rs.getLong(2);
            long rows = queryLong(c, "SELECT count(*) FROM " + table + " FOR VERSION AS OF " + snapshot);
            return new TableShape(snapshot, files, bytes, rows);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
