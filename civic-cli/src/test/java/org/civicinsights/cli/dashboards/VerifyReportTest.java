package org.civicinsights.cli.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyReportTest {
    private static ChartCheck rows(String chart, long n) {
        return new ChartCheck(chart, "Outreach", ChartCheck.Outcome.ROWS, n, n + " rows");
    }

    @Test
    void everythingDrawnWithRowsPasses() {
        VerifyReport r = new VerifyReport();
        r.add(rows("Campagne", 5));
        r.add(rows("Esclusioni", 3));
        assertTrue(
                r.dashboardLine("Outreach").contains(" 2/2  charts returned rows (8 rows)"),
                r.dashboardLine("Outreach"));
        r.addRendering("Outreach", 2, new DashboardBrowser.Rendering(2, 0, 0), Path.of("outreach.png"));
        assertTrue(r.passed());
        assertEquals("verified: 1 dashboards, 2/2 charts returned rows, 1 screenshots", r.summary());
    }

    @Test
    void aChartWithoutRowsOrAPageWithAnErrorFails() {
        VerifyReport r = new VerifyReport();
        r.add(rows("Campagne", 5));
        r.add(new ChartCheck(
                "Esclusioni", "Outreach", ChartCheck.Outcome.NO_ROWS, 0, "the query ran but returned no rows"));
        assertTrue(r.dashboardLine("Outreach").contains("no rows Esclusioni"), r.dashboardLine("Outreach"));
        String page = r.addRendering("Outreach", 2, new DashboardBrowser.Rendering(0, 2, 0), Path.of("o.png"));
        assertTrue(page.contains("0 of 2 charts drawn, 2 error message(s) on the page"), page);
        assertFalse(r.passed());
        assertEquals(2, r.failures().size());
        assertTrue(r.summary().startsWith("verify FAILED: 1 dashboards, 1/2 charts"));
    }

    @Test
    void aPageTheBrowserCouldNotOpenFails() {
        VerifyReport r = new VerifyReport();
        r.add(rows("Campagne", 5));
        assertTrue(r.pageFailed("Outreach", "Chromium did not finish within 3 minutes")
                .contains("FAILED"));
        assertFalse(r.passed());
        assertEquals(List.of("Outreach (page): Chromium did not finish within 3 minutes"), r.failures());
    }

    @Test
    void nothingCheckedIsNotAPass() {
        assertFalse(new VerifyReport().passed());
    }
}
