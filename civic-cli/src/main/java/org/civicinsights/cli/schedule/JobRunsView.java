package org.civicinsights.cli.schedule;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.config.CivicConfig;

/**
 * The lake's own view of the batch runs, from {@code meta.job_runs} through Trino: per job its
 * newest {@code ok} run date and its last run, and the newest failed or skipped runs with their
 * message. The scheduler's state file says whether a command ended well; this says which dates
 * each job has done.
 */
public final class JobRunsView {
    /** Per job: newest ok date, last run; jobs in the order they first ran (the registry's, for a daily run). */
    static final String PER_JOB = """
            SELECT job,
                   coalesce(CAST(max(run_date) FILTER (WHERE status = 'ok') AS varchar), 'never') AS newest_ok,
                   CAST(max_by(run_date, finished_at) AS varchar) || ' ' || max_by(status, finished_at) AS last_run,
                   max_by(triggered_by, finished_at) AS triggered_by
            FROM meta.job_runs
            GROUP BY job
            ORDER BY min(started_at), job""";

    /** The newest failed or skipped runs, and whether a later run of the same job and date went ok. */
    static final String NEWEST_FAILURES = """
            WITH ok AS (
                SELECT job, run_date, max(finished_at) AS ok_at FROM meta.job_runs WHERE status = 'ok' GROUP BY 1, 2)
            SELECT date_format(r.finished_at, '%Y-%m-%d %H:%i:%s') AS finished_utc, r.job, CAST(r.run_date AS varchar) AS run_date,
                   r.status, r.attempt, r.triggered_by,
                   CASE WHEN ok.ok_at > r.finished_at THEN 'yes' ELSE 'no' END AS rerun_ok,
                   r.message
            FROM meta.job_runs r LEFT JOIN ok ON ok.job = r.job AND ok.run_date = r.run_date
            WHERE r.status <> 'ok'
            ORDER BY r.finished_at DESC
            LIMIT 5""";

    private static final Pattern MISSING = Pattern.compile("(Table|Schema) '[^']*' does not exist");
    private static final int MESSAGE_WIDTH = 100;

    /** Rows of one query, as strings. */
    public record Rows(List<String> columns, List<List<String>> rows) {}

    /** Both queries' rows, or the one line that says why there are none. */
    public record View(Rows perJob, Rows failures, String unavailable) {
        static View unavailable(String why) {
            return new View(null, null, why);
        }

        public boolean available() {
            return unavailable == null;
        }
    }

    private JobRunsView() {}

    public static View read(CivicConfig config) {
        try (Connection c = TrinoConnections.open(config, TrinoRole.ENGINEER)) {
            return new View(query(c, PER_JOB), query(c, NEWEST_FAILURES), null);
        } catch (SQLException e) {
            return View.unavailable(whyUnavailable(e, config.get(CivicConfig.TRINO_URL)));
        }
    }

    /** One line for a failed read: the table is not there yet, Trino does not answer, or Trino's own message. */
    static String whyUnavailable(SQLException e, String trinoUrl) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException) {
                return "Trino does not answer at " + trinoUrl + " (is the stack up? civic stack status)";
            }
        }
        String message = firstLine(e.getMessage());
        if (MISSING.matcher(message).find()) {
            return "meta.job_runs does not exist yet: the first `civic batch run` creates it";
        }
        return "Trino at " + trinoUrl + " could not read meta.job_runs: " + message;
    }

    private static Rows query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                columns.add(rs.getMetaData().getColumnLabel(i));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    String v = rs.getString(i);
                    row.add(columns.get(i - 1).equals("message") ? shorten(v) : v);
                }
                rows.add(row);
            }
            return new Rows(columns, rows);
        }
    }

    /** A failure message on one line of at most {@value #MESSAGE_WIDTH} characters: the full one is in the job's log. */
    static String shorten(String message) {
        if (message == null) {
            return "";
        }
        String line = firstLine(message);
        return line.length() <= MESSAGE_WIDTH ? line : line.substring(0, MESSAGE_WIDTH - 3) + "...";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
