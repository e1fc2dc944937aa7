package org.civicinsights.cli.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.civicinsights.dashboards.DashboardSources;
import org.civicinsights.dashboards.DashboardSources.Column;
import org.civicinsights.dashboards.DashboardSources.Dataset;
import org.junit.jupiter.api.Test;

class DatasetColumnsTest {
    private static final DashboardSources SOURCES = DashboardSources.bundled();

    /** The views as Trino would describe them if they matched the datasets exactly (plus a column no chart reads). */
    private static Map<String, Map<String, String>> matchingViews() {
        Map<String, Map<String, String>> views = new LinkedHashMap<>();
        for (Dataset d : SOURCES.datasets().values()) {
            Map<String, String> cols = new LinkedHashMap<>();
            for (Column c : d.columns()) {
                cols.put(c.name(), c.type().toLowerCase(Locale.ROOT));
            }
            cols.put("unused_by_charts", "map(varchar, bigint)");
            views.put(d.name(), cols);
        }
        return views;
    }

    @Test
    void matchingViewsGiveNoMessage() {
        assertEquals(List.of(), DatasetColumns.mismatches(SOURCES, matchingViews()));
    }

    @Test
    void aMissingViewAMissingColumnAndAnotherTypeAreEachNamed() {
        Map<String, Map<String, String>> views = matchingViews();
        views.get("contact_volume").put("contact_hour_local", "timestamp(6) with time zone");
        views.get("contact_volume").remove("channel");
        views.remove("outreach_runs");
        List<String> wrong = DatasetColumns.mismatches(SOURCES, views);
        assertEquals(3, wrong.size(), wrong.toString());
        assertTrue(
                wrong.contains(
                        "dataset contact_volume: column contact_hour_local is timestamp(6) with time zone in Trino,"
                                + " TIMESTAMP(6) in datasets.yaml"),
                wrong.toString());
        assertTrue(wrong.contains("dataset contact_volume: column channel is not in the view"), wrong.toString());
        assertTrue(wrong.contains("dataset outreach_runs: no view reporting.outreach_runs in Trino"), wrong.toString());
    }
}
