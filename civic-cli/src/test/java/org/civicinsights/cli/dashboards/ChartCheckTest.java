package org.civicinsights.cli.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChartCheckTest {
    @Test
    void rowsAreSummedOverTheChartsQueries() {
        ChartCheck c = ChartCheck.of(
                "Contatti",
                "Panoramica",
                200,
                "{\"result\":[{\"rowcount\":3,\"status\":\"success\",\"error\":null,\"data\":[{},{},{}]},{\"rowcount\":2,\"error\":null}]}");
        assertTrue(c.passed());
        assertEquals(5, c.rows());
    }

    @Test
    void aQueryWithoutRowsFails() {
        ChartCheck c = ChartCheck.of(
                "Servizi", "Ascolto", 200, "{\"result\":[{\"rowcount\":0,\"status\":\"success\",\"data\":[]}]}");
        assertEquals(ChartCheck.Outcome.NO_ROWS, c.outcome());
        assertFalse(c.passed());
    }

    @Test
    void trinoErrorsCarrySupersetsMessage() {
        ChartCheck c = ChartCheck.of(
                "Campagne",
                "Outreach",
                400,
                "{\"message\":\"Error: TrinoUserError(name=TABLE_NOT_FOUND, message=\\\"Table 'lake.reporting.outreach_runs' does not exist\\\")\"}");
        assertEquals(ChartCheck.Outcome.ERROR, c.outcome());
        assertTrue(c.detail().startsWith("HTTP 400: Error: TrinoUserError"), c.detail());
        assertTrue(c.detail().contains("outreach_runs"));
    }

    @Test
    void anErrorInsideA200AnswerFails() {
        ChartCheck c = ChartCheck.of(
                "NPS",
                "Panoramica",
                200,
                "{\"result\":[{\"rowcount\":1,\"error\":null},{\"rowcount\":0,\"status\":\"failed\",\"error\":\"column nps does not exist\"}]}");
        assertEquals(ChartCheck.Outcome.ERROR, c.outcome());
        assertEquals("column nps does not exist", c.detail());
    }

    @Test
    void aQueryThatTimedOutFailsEvenWithRows() {
        ChartCheck c = ChartCheck.of(
                "Contatti",
                "Panoramica",
                200,
                "{\"result\":[{\"rowcount\":4,\"status\":\"timed_out\",\"error\":null}]}");
        assertEquals(ChartCheck.Outcome.ERROR, c.outcome());
        assertEquals("query timed_out", c.detail());
    }

    @Test
    void anHtmlPageOrAnEmptyResultIsAnError() {
        assertEquals(
                ChartCheck.Outcome.ERROR,
                ChartCheck.of("x", "d", 200, "<html>login</html>").outcome());
        assertEquals(
                ChartCheck.Outcome.ERROR,
                ChartCheck.of("x", "d", 200, "{\"result\":[]}").outcome());
        assertTrue(ChartCheck.of("x", "d", 500, "<html>" + "x".repeat(1000))
                .detail()
                .endsWith("..."));
    }
}
