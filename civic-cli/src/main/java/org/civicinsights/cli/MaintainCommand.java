package org.civicinsights.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.civicinsights.cli.schedule.Durations;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.privacy.DataRegister;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "maintain",
        mixinStandardHelpOptions = true,
        description = {
            "Keep the lake's tables healthy and enforce retention of personal data.",
            "",
            "1. The Spark job `retention` deletes (or anonymises) the rows older than",
            "   each table's retention in the register of personal data",
            "   (privacy/register.yaml, docs/privacy.md) and the outbox's exports as",
            "   old, then expires snapshots older than --retention and removes orphan",
            "   files on every table of the lake: removed rows are then in no file.",
            "2. Through Trino it compacts small data files and rewrites manifests of",
            "   every table of the register that exists in the lake (or --table); with",
            "   --no-retention (the hourly run) only of the raw tables, which only the",
            "   ingest job appends to: the batch jobs' tables are compacted daily.",
            "",
            "Safe while ingestion runs (a conflicting append is retried). It checks",
            "every table's rows: after = before + appended meanwhile - removed by",
            "retention, and ends with a summary table.",
            "",
            "Exit code: 0 when every step succeeded and every check held, 1 otherwise,",
            "2 for bad arguments."
        },
        footer = {
            "",
            "Examples:",
            "  civic maintain                          (retention for today, then compaction)",
            "  civic maintain --no-retention --table raw.interactions",
            "  civic maintain --retention 0s           (only the current snapshot stays)"
        })
public class MaintainCommand implements Callable<Integer> {
    /** The retention job's figure of a table in meta.job_runs, as RetentionJob writes it. */
    static final String REMOVED = "removed:";
    /** The schema of the tables the ingest job appends to, and nothing else writes to but retention and erasure. */
    static final String RAW_SCHEMA = "raw";

    @Mixin
    CivicContext context;

    @Option(
            names = "--table",
            paramLabel = "SCHEMA.TABLE",
            description = "Only compact and check this table (repeatable; default: every table of the register"
                    + " that exists in the lake, with --no-retention its raw tables). Retention always covers"
                    + " the whole register.")
    List<String> tables;

    @Option(
            names = "--small-file-threshold",
            defaultValue = "100MB",
            description = "Data files below this size are compacted (default ${DEFAULT-VALUE}).")
    String smallFileThreshold;

    @Option(
            names = "--retention",
            defaultValue = "7d",
            paramLabel = "DURATION",
            description = "Snapshots older than this are expired (the last one always stays) and the files only"
                    + " they referenced deleted: until then a removed row can still be read by time travel"
                    + " (default ${DEFAULT-VALUE}; 0s, 12h, 7d ...; setting privacy.snapshot-retention of the job).")
    String retention;

    @Option(
            names = "--no-retention",
            description = "Do not enforce retention (no Spark job): only compaction of the raw tables (unless"
                    + " --table), with snapshot expiry and orphan removal through Trino (Trino's 7-day minimum"
                    + " applies). What the hourly maintenance runs.")
    boolean noRetention;

    @Option(
            names = "--date",
            paramLabel = "YYYY-MM-DD",
            description = "The day retention is enforced for (default: today in Europe/Rome).")
    LocalDate date;

    @Option(
            names = "--triggered-by",
            paramLabel = "NAME",
            description = "Who started the run, as meta.job_runs records the retention job (default: manual).")
    String triggeredBy;

    @Option(
            names = "--heap",
            defaultValue = "2g",
            description = "Heap of the retention job's Spark JVM (default ${DEFAULT-VALUE}).")
    String heap;

    /** Files, bytes and rows of a table at its current snapshot ({@code -1}: the table has none yet). */
    record TableShape(long snapshotId, long files, long bytes, long rows) {
        String describe() {
            return String.format(
                    "%,d files, %.1f MiB, avg %.2f MiB, %,d rows",
                    files, bytes / 1048576.0, files == 0 ? 0 : bytes / 1048576.0 / files, rows);
        }
    }

    /** One table's line of the summary: its shapes and its row check (empty when it could not be made). */
    record Outcome(String table, TableShape before, TableShape after, long removed, Optional<RowBalance> balance) {
        boolean ok() {
            return balance.map(RowBalance::ok).orElse(true);
        }
    }

    @Override
    public Integer call() throws Exception {
        Duration snapshotRetention = Durations.parse(retention)
                .orElseThrow(() -> new picocli.CommandLine.ParameterException(
                        new picocli.CommandLine(this),
                        "--retention must be like 0s, 90m, 12h or 7d, not " + retention));
        LocalDate day = date != null ? date : LocalDate.now(RomeTime.ZONE);
        long t0 = System.nanoTime();
        try (Connection c = TrinoConnections.open(context.config(), TrinoRole.ENGINEER)) {
            DataRegister register = DataRegister.bundled();
            List<String> selected = selection(tables, register, lakeTables(c), noRetention);
            Map<String, TableShape> before = shapes(c, selected);
            Map<String, Long> removed = Map.of();
            Map<String, TableShape> start = before;
            if (!noRetention) {
                System.out.printf(
                        "retention for %s: rows past the register's retention, then snapshots older than %s%n",
                        day, Durations.format(snapshotRetention));
                int code = BatchCommand.launch(
                        context,
                        "retention",
                        List.of("--date", day.toString()),
                        heap,
                        null,
                        outbox(),
                        jobSettings(snapshotRetention));
                if (code != 0) {
                    System.err.printf(
                            "civic maintain: the retention job failed (exit code %d, see above); nothing compacted%n",
                            code);
                    return 1;
                }
                removed = retentionFigures(c, day);
                // the job's first run creates its own tables (run log, quality results, expired counts)
                selected = selection(tables, register, lakeTables(c), noRetention);
                // tables retention does not change are checked from after it: its own run log and
                // quality results are written meanwhile
                Map<String, TableShape> mid = shapes(c, selected);
                Map<String, TableShape> s = new LinkedHashMap<>();
                for (String t : selected) {
                    s.put(t, removed.containsKey(t) && before.containsKey(t) ? before.get(t) : mid.get(t));
                }
                start = s;
            }
            if (tables == null && !noRetention) { // the hourly run leaves registered tables out on purpose
                Set<String> unregistered = new TreeSet<>(lakeTables(c));
                unregistered.removeAll(selected);
                if (!unregistered.isEmpty()) {
                    System.out.printf(
                            "not in the register of personal data, left alone: %s%n", String.join(", ", unregistered));
                }
            }
            System.out.printf("compaction of %d table(s)%n", selected.size());
            List<Outcome> outcomes = new ArrayList<>();
            int i = 0;
            for (String table : selected) {
                i++;
                System.out.printf("[%d/%d] %s: compacting ...%n", i, selected.size(), table);
                outcomes.add(compact(c, table, start.get(table), removed.getOrDefault(table, 0L)));
            }
            System.out.print(summary(outcomes));
            long failed = outcomes.stream().filter(o -> !o.ok()).count();
            System.out.printf(
                    "maintenance %s: %d table(s), %,d row(s) removed by retention, %d check(s) failed (%.1f s)%n",
                    failed == 0 ? "done" : "INCOMPLETE",
                    outcomes.size(),
                    outcomes.stream().mapToLong(Outcome::removed).sum(),
                    failed,
                    (System.nanoTime() - t0) / 1e9);
            return failed == 0 ? 0 : 1;
        }
    }

    /**
     * The tables asked for, or the register's tables that exist in the lake, in the register's order;
     * for the hourly run ({@code rawOnly}) only the raw tables. Those only get appends (the ingest
     * job's), which a compaction commit is retried against; a batch job's MERGE or overwrite of its
     * table conflicts with a compaction running meanwhile (Airflow runs the hourly and daily DAGs
     * independently), so the batch tables are compacted in the daily run, after the batch.
     */
    static List<String> selection(List<String> asked, DataRegister register, Set<String> lake, boolean rawOnly) {
        if (asked != null) {
            for (String t : asked) {
                if (!t.matches("[a-z_]+\\.[a-z_]+")) {
                    throw new IllegalArgumentException("--table takes schema.table, e.g. raw.interactions, not " + t);
                }
            }
            return List.copyOf(asked);
        }
        return register.tables().stream()
                .map(DataRegister.RegisteredTable::name)
                .filter(lake::contains)
                .filter(t -> !rawOnly || t.startsWith(RAW_SCHEMA + "."))
                .toList();
    }

    private Map<String, Path> outbox() {
        Map<String, Path> paths = new HashMap<>();
        // the outbox `civic outreach run` writes to by default; a configured outreach.outbox is passed on as is
        if (!context.config().has("outreach.outbox")) {
            paths.put("outreach.outbox", context.layout().dataDir().resolve("outbox"));
        }
        return paths;
    }

    private Map<String, String> jobSettings(Duration snapshotRetention) {
        Map<String, String> settings = new HashMap<>(BatchCommand.runSettings(triggeredBy, false));
        settings.put("privacy.snapshot-retention", snapshotRetention.toString());
        return settings;
    }

    private Outcome compact(Connection c, String table, TableShape start, long removed) throws SQLException {
        long t0 = System.nanoTime();
        if (start.snapshotId() >= 0) {
            execute(
                    c,
                    "ALTER TABLE " + table + " EXECUTE optimize(file_size_threshold => '" + smallFileThreshold + "')");
            execute(c, "ALTER TABLE " + table + " EXECUTE optimize_manifests");
            if (noRetention) { // otherwise the retention job expired snapshots and removed orphans, on every table
                execute(
                        c,
                        "ALTER TABLE " + table + " EXECUTE expire_snapshots(retention_threshold => '" + retention
                                + "')");
                execute(
                        c,
                        "ALTER TABLE " + table + " EXECUTE remove_orphan_files(retention_threshold => '" + retention
                                + "')");
            }
        }
        TableShape after = shape(c, table);
        Optional<RowBalance> balance;
        try {
            long appended = appendedBetween(c, meta(table), start.snapshotId(), after.snapshotId());
            balance = Optional.of(new RowBalance(start.rows(), appended, removed, after.rows()));
        } catch (IllegalStateException e) { // a snapshot in between expired (--retention shorter than the run)
            balance = Optional.empty();
        }
        System.out.printf(
                "  %s before: %s%n  %s after:  %s (%.1f s)%n  rows: %s%n",
                table,
                start.describe(),
                table,
                after.describe(),
                (System.nanoTime() - t0) / 1e9,
                balance.map(RowBalance::describe).orElse("not checked: snapshots of the run were expired meanwhile"));
        return new Outcome(table, start, after, removed, balance);
    }

    static String summary(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder(String.format(
                "%n%-34s %13s %12s %10s %10s %12s  %s%n",
                "table", "files", "rows before", "appended", "removed", "rows after", "check"));
        for (Outcome o : outcomes) {
            sb.append(String.format(
                    "%-34s %13s %,12d %,10d %,10d %,12d  %s%n",
                    o.table(),
                    o.before().files() + " -> " + o.after().files(),
                    o.before().rows(),
                    o.balance().map(RowBalance::appended).orElse(0L),
                    o.removed(),
                    o.after().rows(),
                    o.balance().isEmpty() ? "not checked" : o.ok() ? "OK" : "CHECK THE TABLE"));
        }
        return sb.toString();
    }

    /** Rows the retention job removed per table ({@code removed:<table>}), from its newest ok run for the day. */
    static Map<String, Long> retentionFigures(Connection c, LocalDate day) throws SQLException {
        Map<String, Long> removed = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT f.k, f.v FROM (SELECT figures FROM lake.meta.job_runs"
                + " WHERE job = 'retention' AND run_date = ? AND status = 'ok' ORDER BY finished_at DESC LIMIT 1)"
                + " CROSS JOIN UNNEST(figures) AS f(k, v)")) {
            p.setObject(1, day);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).startsWith(REMOVED)) {
                        removed.put(rs.getString(1).substring(REMOVED.length()), rs.getLong(2));
                    }
                }
            }
        }
        return removed;
    }

    /** The lake's tables (not views, not Trino's own metadata tables), as schema.table. */
    static Set<String> lakeTables(Connection c) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT table_schema, table_name FROM lake.information_schema.tables"
                                + " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('information_schema', 'system')")) {
            while (rs.next()) {
                tables.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return tables;
    }

    private static Map<String, TableShape> shapes(Connection c, List<String> tables) throws SQLException {
        Map<String, TableShape> shapes = new LinkedHashMap<>();
        for (String t : tables) {
            shapes.put(t, shape(c, t));
        }
        return shapes;
    }

    private static String meta(String table) {
        String[] parts = table.split("\\.");
        return "\"" + parts[0] + "\".\"" + parts[1] + "$";
    }

    /** Sum of added-records of the append snapshots after {@code from}, up to and including {@code to}. */
    static long appendedBetween(Connection c, String meta, long from, long to) throws SQLException {
        if (to < 0) {
            return 0;
        }
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

    /**
     * Pure part of {@link #appendedBetween(Connection, String, long, long)}: walks parents from
     * {@code to}. {@code from} itself need not be there any more (its snapshot may have been expired by
     * the run: its child still names it as parent); {@code -1} stands for "no snapshot yet".
     */
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

    private static TableShape shape(Connection c, String table) throws SQLException {
        String meta = meta(table);
        long snapshot;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT snapshot_id FROM " + meta + "snapshots\" ORDER BY committed_at DESC LIMIT 1")) {
            if (!rs.next()) {
                return new TableShape(-1, 0, 0, 0); // created, never written
            }
            snapshot = rs.getLong(1);
        }
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
