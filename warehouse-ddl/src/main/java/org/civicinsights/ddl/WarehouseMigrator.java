package org.civicinsights.ddl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
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
    public record Report(List<Migration> applied, int alreadyApplied, int servicesLoaded) {
    }

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
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO " + HISTORY_TABLE
                    + " VALUES (?, ?, ?, current_timestamp(6), current_user)")) {
                p.setInt(1, m.version());
                p.setString(2, m.description());
                p.setString(3, m.checksum());
                p.executeUpdate();
            }
            applied.add(m);
        }
        int services = catalogue == null ? 0 : loadServices(catalogue);
        return new Report(applied, skipped, services);
    }

    /** Replaces {@code lake.ref.services} with the catalogue (same content after a rerun). */
    int loadServices(ServiceCatalogue catalogue) throws SQLException {
        progress.accept("loading ref.services (catalogue version " + catalogue.version() + ", "
                + catalogue.size() + " services)");
        execute("DELETE FROM lake.ref.services");
        List<String> rows = new ArrayList<>();
        for (CityService s : catalogue.services()) {
            String channels = s.channels().stream().map(c -> literal(c.wireName())).collect(Collectors.joining(", "));
            rows.add("(" + String.join(", ", literal(s.code()), literal(s.name()), literal(s.area()),
                    String.valueOf(s.deadlineDays()), literal(s.workingDays() ? "working" : "calendar"),
                    "ARRAY[" + channels + "]", String.valueOf(s.availableOnline()),
                    String.valueOf(catalogue.version())) + ")");
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
