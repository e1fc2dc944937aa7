package org.civicinsights.cli.dashboards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.civicinsights.dashboards.DashboardSources;
import org.civicinsights.dashboards.DashboardSources.Column;
import org.civicinsights.dashboards.DashboardSources.Dataset;
import org.civicinsights.dashboards.SupersetBundle;

/**
 * The datasets' columns against the analyst views as Trino describes them: a column a view lost
 * or whose type changed would break a chart, or silently a time filter (a {@code timestamp with
 * time zone} declared as a local {@code timestamp(6)}), so verify says which before Superset does.
 */
public final class DatasetColumns {
    private DatasetColumns() {}

    /** Column name to Trino type (lower case, as information_schema says) of each reporting view. */
    public static Map<String, Map<String, String>> read(Connection trino) throws SQLException {
        Map<String, Map<String, String>> views = new LinkedHashMap<>();
        try (PreparedStatement s =
                trino.prepareStatement("SELECT table_name, column_name, data_type FROM " + SupersetBundle.CATALOG
                        + ".information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position")) {
            s.setString(1, SupersetBundle.SCHEMA);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    views.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>())
                            .put(r.getString(2), r.getString(3));
                }
            }
        }
        return views;
    }

    /** One message per dataset whose view is missing, or per column missing or of another type. Pure. */
    public static List<String> mismatches(DashboardSources sources, Map<String, Map<String, String>> views) {
        List<String> out = new ArrayList<>();
        for (Dataset d : sources.datasets().values()) {
            Map<String, String> view = views.get(d.name());
            if (view == null) {
                out.add("dataset " + d.name() + ": no view " + SupersetBundle.SCHEMA + "." + d.name() + " in Trino");
                continue;
            }
            for (Column c : d.columns()) {
                String actual = view.get(c.name());
                if (actual == null) {
                    out.add("dataset " + d.name() + ": column " + c.name() + " is not in the view");
                } else if (!actual.toUpperCase(Locale.ROOT).equals(c.type())) {
                    out.add("dataset " + d.name() + ": column " + c.name() + " is " + actual + " in Trino, " + c.type()
                            + " in datasets.yaml");
                }
            }
        }
        return out;
    }
}
