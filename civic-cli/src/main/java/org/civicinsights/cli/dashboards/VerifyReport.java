package org.civicinsights.cli.dashboards;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What `civic dashboards verify` found: every chart's query and every dashboard's page. Pure. */
public final class VerifyReport {
    private final List<ChartCheck> charts = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int dashboards;
    private int screenshots;

    public void add(ChartCheck check) {
        charts.add(check);
        if (!check.passed()) {
            failures.add(check.dashboard() + " / " + check.chart() + ": " + check.detail());
        }
    }

    /** One line per dashboard: its charts with rows, and those without. */
    public String dashboardLine(String dashboard) {
        List<ChartCheck> mine =
                charts.stream().filter(c -> c.dashboard().equals(dashboard)).toList();
        long ok = mine.stream().filter(ChartCheck::passed).count();
        long rows = mine.stream().mapToLong(ChartCheck::rows).sum();
        StringBuilder line = new StringBuilder(
                String.format("%-32s %2d/%-2d charts returned rows (%,d rows)", dashboard, ok, mine.size(), rows));
        for (ChartCheck c : mine) {
            if (!c.passed()) {
                line.append("\n        ")
                        .append(c.outcome() == ChartCheck.Outcome.NO_ROWS ? "no rows " : "ERROR   ")
                        .append(c.chart())
                        .append(": ")
                        .append(c.detail());
            }
        }
        return line.toString();
    }

    /** Records what the browser showed: every chart drawn, no error box, nothing still loading. */
    public String addRendering(String dashboard, int expectedCharts, DashboardBrowser.Rendering seen, Path png) {
        dashboards++;
        screenshots++;
        List<String> problems = new ArrayList<>();
        if (seen.charts() != expectedCharts) {
            problems.add(seen.charts() + " of " + expectedCharts + " charts drawn");
        }
        if (seen.errors() > 0) {
            problems.add(seen.errors() + " error message(s) on the page");
        }
        if (seen.loading() > 0) {
            problems.add(seen.loading() + " chart(s) still loading after 60 s");
        }
        if (!problems.isEmpty()) {
            failures.add(dashboard + " (page): " + String.join(", ", problems));
        }
        return String.format(
                "%-32s %s; %s",
                dashboard,
                problems.isEmpty() ? seen.charts() + " charts drawn, no errors" : String.join(", ", problems),
                png);
    }

    /** A dashboard the browser could not open (Chromium failed or timed out). */
    public String pageFailed(String dashboard, String why) {
        dashboards++;
        failures.add(dashboard + " (page): " + why);
        return String.format("%-32s FAILED: %s", dashboard, why);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty() && !charts.isEmpty();
    }

    public String summary() {
        long ok = charts.stream().filter(ChartCheck::passed).count();
        return String.format(
                "%s: %d dashboards, %d/%d charts returned rows, %d screenshots",
                passed() ? "verified" : "verify FAILED", dashboards, ok, charts.size(), screenshots);
    }
}
