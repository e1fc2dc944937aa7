package org.civicinsights.ddl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.civicinsights.common.calendar.BusinessCalendar;
import org.civicinsights.common.calendar.CalendarDay;
import org.civicinsights.common.catalogue.CityService;
import org.civicinsights.common.catalogue.ServiceCatalogue;

/**
 * Applies the ordered migrations through Trino, each once, recording them in
 * {@code lake.meta.schema_history}; a migration whose text changed after it was applied stops
 * the run (migrations are immutable: add a new one instead).
 */
public final class WarehouseMigrator {
    public static final String HISTORY_TABLE = "lake.meta.schema_history";

    private final Connection connection;
    private final Consumer<String> progress;

    public WarehouseMigrator(Connection connection, Consumer<String> progress) {
        this.connection = connection;
        this.progress = progress;
    }

    /** Result of one run. */
    public record Report(
            List<Migration> applied,
            int alreadyApplied,
            int servicesLoaded,
            boolean calendarReloaded,
            ViewReport views) {}

    /** Views created or replaced, and those waiting for a table that does not exist yet (name -> reason). */
    public record ViewReport(List<String> applied, Map<String, String> waiting) {}

    /** The calendar years loaded into ref.calendar. */
    public static final int CALENDAR_FIRST_YEAR = 2000;

    public static final int CALENDAR_LAST_YEAR = 2040;

    public Report migrate(List<Migration> migrations, ServiceCatalogue catalogue) throws SQLException {
        execute("CREATE SCHEMA IF NOT EXISTS lake.meta");
        execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " (version integer, description varchar, "
                + "checksum varchar, applied_at timestamp(6) with time zone, applied_by varchar)");
        Map<Integer, String> done = appliedChecksums();
        List<Migration> applied = new ArrayList<>();
        int skipped = 0;
        for (Migration m : migrations) {
            String checksum = done.get(m.version());
            if (checksum != null) {
                if (!checksum.equals(m.checksum())) {
                    throw new SQLException("migration V" + m.version() + " (" + m.description()
                            + ") was changed after it was applied; add a new migration instead");
                }
                skipped++;
                continue;
            }
            progress.accept("applying V" + m.version() + " " + m.description());
            for (String statement : m.statements()) {
                execute(statement);
            }
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT INTO " + HISTORY_TABLE + " VALUES (?, ?, ?, current_timestamp(6), current_user)")) {
                p.setInt(1, m.version());
                p.setString(2, m.description());
                p.setString(3, m.checksum());
                p.executeUpdate();
            }
            applied.add(m);
        }
        int services = catalogue == null ? 0 : loadServices(catalogue);
        boolean calendar = loadCalendar(BusinessCalendar.rome());
        return new Report(applied, skipped, services, calendar, applyViews(Views.bundled()));
    }

    /**
     * (Re)creates each view; one whose table does not exist yet is reported as waiting, not an
     * error (the batch job that creates the table applies the views again after its run).
     */
    public ViewReport applyViews(List<Views.View> views) throws SQLException {
        return applyViews(views, false);
    }

    /**
     * As {@link #applyViews(List)}; with {@code onlyMissing}, a view that exists already is left as
     * it is. After a batch run that is all that can have changed (a job created the table a view
     * waited for), and it spares re-committing every view's metadata after each job.
     */
    public ViewReport applyViews(List<Views.View> views, boolean onlyMissing) throws SQLException {
        List<String> applied = new ArrayList<>();
        Map<String, String> waiting = new LinkedHashMap<>();
        java.util.Set<String> existing = onlyMissing ? existingViews() : java.util.Set.of();
        for (Views.View v : views) {
            if (existing.contains(v.name())) {
                continue;
            }
            try {
                execute(v.statement());
                applied.add(v.name());
            } catch (SQLException e) {
                String msg = String.valueOf(e.getMessage());
                if (!msg.contains("does not exist")) {
                    throw new SQLException("view " + v.name() + " failed: " + msg, e);
                }
                waiting.put(v.name(), msg.replaceFirst("^Query failed \\([^)]*\\): ", ""));
            }
        }
        if (!applied.isEmpty()) {
            progress.accept("views: " + String.join(", ", applied));
        }
        if (!waiting.isEmpty()) {
            progress.accept("views waiting for their tables (written by `civic batch run`): "
                    + String.join(", ", waiting.keySet()));
        }
        return new ViewReport(applied, waiting);
    }

    /** The lake's views, as {@code lake.schema.view}. */
    java.util.Set<String> existingViews() throws SQLException {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM lake.information_schema.views")) {
            while (rs.next()) {
                names.add("lake." + rs.getString(1) + "." + rs.getString(2));
            }
        }
        return names;
    }

    /**
     * Loads ref.calendar from the business calendar when its rules changed (a fingerprint of the
     * rows is kept in calendar_version), so a normal migrate does not rewrite it.
     */
    boolean loadCalendar(BusinessCalendar calendar) throws SQLException {
        List<CalendarDay> days =
                calendar.days(LocalDate.of(CALENDAR_FIRST_YEAR, 1, 1), LocalDate.of(CALENDAR_LAST_YEAR, 12, 31));
        String version = fingerprint(days);
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(calendar_version), count(*) FROM lake.ref.calendar")) {
            rs.next();
            if (version.equals(rs.getString(1)) && rs.getLong(2) == days.size()) {
                return false;
            }
        }
        progress.accept("loading ref.calendar (" + CALENDAR_FIRST_YEAR + "-" + CALENDAR_LAST_YEAR + ", " + days.size()
                + " days)");
        execute("DELETE FROM lake.ref.calendar");
        for (int from = 0; from < days.size(); from += 2500) {
            List<String> rows = new ArrayList<>();
            for (CalendarDay d : days.subList(from, Math.min(days.size(), from + 2500))) {
                rows.add("(DATE '" + d.date() + "', " + d.workingDay() + ", "
                        + (d.holidayName() == null ? "NULL" : literal(d.holidayName())) + ", "
                        + d.dayOfWeek().getValue()
                        + ", " + d.workingDayIndex() + ", '" + version + "')");
            }
            execute("INSERT INTO lake.ref.calendar VALUES " + String.join(",\n", rows));
        }
        return true;
    }

    static String fingerprint(List<CalendarDay> days) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (CalendarDay d : days) {
                md.update((d.date() + "|" + d.workingDay() + "|" + d.holidayName() + "|" + d.workingDayIndex() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces {@code lake.ref.services} with the catalogue (same content after a rerun). */
    int loadServices(ServiceCatalogue catalogue) throws SQLException {
        progress.accept("loading ref.services (catalogue version " + catalogue.version() + ", " + catalogue.size()
                + " services)");
        execute("DELETE FROM lake.ref.services");
        List<String> rows = new ArrayList<>();
        for (CityService s : catalogue.services()) {
            String channels =
                    s.channels().stream().map(c -> literal(c.wireName())).collect(Collectors.joining(", "));
            rows.add("("
                    + String.join(
                            ", ",
                            literal(s.code()),
                            literal(s.name()),
                            literal(s.area()),
                            String.valueOf(s.deadlineDays()),
                            literal(s.workingDays() ? "working" : "calendar"),
                            "ARRAY[" + channels + "]",
                            String.valueOf(s.availableOnline()),
                            String.valueOf(catalogue.version()))
                    + ")");
        }
        execute("INSERT INTO lake.ref.services VALUES " + String.join(",\n", rows));
        return rows.size();
    }

    private Map<Integer, String> appliedChecksums() throws SQLException {
        Map<Integer, String> out = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, checksum FROM " + HISTORY_TABLE)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
