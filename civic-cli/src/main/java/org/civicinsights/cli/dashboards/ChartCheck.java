package org.civicinsights.cli.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What one chart's saved query gave when Superset ran it: rows, no rows, or an error (a Trino
 * error, a column the view lacks, a metric that does not parse). Pure, so that every way a chart
 * can fail is unit-tested without a Superset.
 */
public record ChartCheck(String chart, String dashboard, Outcome outcome, long rows, String detail) {
    public enum Outcome {
        ROWS,
        NO_ROWS,
        ERROR
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean passed() {
        return outcome == Outcome.ROWS;
    }

    /**
     * Interprets {@code GET /api/v1/chart/{id}/data/}: HTTP 200 with one result per query, each
     * with a rowcount and possibly an error; any other status carries Superset's error message.
     */
    public static ChartCheck of(String chart, String dashboard, int status, String body) {
        if (status != 200) {
            return new ChartCheck(
                    chart, dashboard, Outcome.ERROR, 0, "HTTP " + status + ": " + SupersetApi.errorMessage(body));
        }
        JsonNode results;
        try {
            results = JSON.readTree(body).path("result");
        } catch (IOException e) {
            return new ChartCheck(chart, dashboard, Outcome.ERROR, 0, "not JSON: " + SupersetApi.errorMessage(body));
        }
        if (!results.isArray() || results.isEmpty()) {
            return new ChartCheck(chart, dashboard, Outcome.ERROR, 0, "no query results in the answer");
        }
        long rows = 0;
        for (JsonNode r : results) {
            String error = r.path("error").isNull() || r.path("error").isMissingNode()
                    ? null
                    : r.path("error").asText();
            // success, or failed, timed_out, stopped...: only a finished query counts
            String queryStatus = r.path("status").asText("success");
            if (error != null && !error.isBlank() || !"success".equals(queryStatus)) {
                return new ChartCheck(
                        chart, dashboard, Outcome.ERROR, 0, error == null ? "query " + queryStatus : error);
            }
            rows += r.path("rowcount").asLong(r.path("data").size());
        }
        return rows > 0
                ? new ChartCheck(chart, dashboard, Outcome.ROWS, rows, rows + " rows")
                : new ChartCheck(chart, dashboard, Outcome.NO_ROWS, 0, "the query ran but returned no rows");
    }
}
