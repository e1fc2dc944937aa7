package org.civicinsights.cli.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civicinsights.cli.stack.Probes;

/**
 * The parts of Superset's REST API (v1) that {@code civic dashboards} uses: log in, import a
 * bundle, list charts and dashboards, run a chart's saved query. Works against any Superset with
 * database authentication and CSRF protection on: the CSRF token is fetched with the session
 * cookie it belongs to, as the web UI does.
 */
public final class SupersetApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request Superset answered with an error status. */
    public static final class Failure extends IOException {
        private final int status;

        Failure(String what, int status, String body) {
            super(what + ": HTTP " + status + ": " + errorMessage(body));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public record ChartInfo(int id, String name, String viz, String datasetName) {}

    public record DashboardInfo(int id, String slug, String title) {}

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private String accessToken;
    private String csrfToken;

    public SupersetApi(URI base, Duration timeout) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public URI base() {
        return base;
    }

    /** True when {@code /health} answers Superset's "OK" (no login needed; another server on the port does not count). */
    public boolean healthy() {
        return Probes.httpGet(base.resolve("health").toString())
                .map(body -> body.strip().equals("OK"))
                .orElse(false);
    }

    public void login(String user, String password) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(
                Map.of("username", user, "password", password, "provider", "db", "refresh", true));
        JsonNode r = send(
                "log in as " + user,
                request("api/v1/security/login")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
        accessToken = r.path("access_token").asText(null);
        if (accessToken == null) {
            throw new IOException("log in as " + user + ": Superset answered without an access token");
        }
        csrfToken = send(
                        "get a CSRF token",
                        authorized("api/v1/security/csrf_token/").GET())
                .path("result")
                .asText(null);
    }

    /**
     * Imports an export bundle (database, datasets, charts, dashboards), replacing objects with the
     * same uuids: a re-import of a regenerated bundle updates the dashboards in place.
     */
    public void importBundle(byte[] zip) throws IOException, InterruptedException {
        importBundle(zip, Map.of());
    }

    /**
     * Imports with the password of each database of the bundle (bundle path, e.g.
     * databases/civic_lake.yaml, to password): the bundle itself never holds one. Superset 6.1
     * records the form of this request, passwords included, in its logs table: prefer a
     * DB_CONNECTION_MUTATOR that reads the password from a file (docs/security.md).
     */
    public void importBundle(byte[] zip, Map<String, String> databasePasswords)
            throws IOException, InterruptedException {
        String boundary = "civic-" + UUID.randomUUID();
        Map<String, String> fields = new LinkedHashMap<>(Map.of("overwrite", "true"));
        if (!databasePasswords.isEmpty()) {
            fields.put("passwords", JSON.writeValueAsString(databasePasswords));
        }
        byte[] body = multipart(boundary, zip, "civic-dashboards.zip", fields);
        send(
                "import the dashboards",
                authorized("api/v1/dashboard/import/")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public List<ChartInfo> charts() throws IOException, InterruptedException {
        List<ChartInfo> out = new ArrayList<>();
        for (JsonNode c : list("api/v1/chart/", "id,slice_name,viz_type,datasource_name_text")) {
            out.add(new ChartInfo(
                    c.path("id").asInt(),
                    c.path("slice_name").asText(),
                    c.path("viz_type").asText(),
                    c.path("datasource_name_text").asText()));
        }
        return out;
    }

    public List<DashboardInfo> dashboards() throws IOException, InterruptedException {
        List<DashboardInfo> out = new ArrayList<>();
        for (JsonNode d : list("api/v1/dashboard/", "id,slug,dashboard_title")) {
            out.add(new DashboardInfo(
                    d.path("id").asInt(),
                    d.path("slug").asText(),
                    d.path("dashboard_title").asText()));
        }
        return out;
    }

    /** The charts on a dashboard. */
    public List<ChartInfo> dashboardCharts(int dashboardId) throws IOException, InterruptedException {
        List<ChartInfo> out = new ArrayList<>();
        for (JsonNode c : send(
                        "list the charts of dashboard " + dashboardId,
                        authorized("api/v1/dashboard/" + dashboardId + "/charts")
                                .GET())
                .path("result")) {
            out.add(new ChartInfo(
                    c.path("id").asInt(),
                    c.path("slice_name").asText(),
                    c.path("form_data").path("viz_type").asText(),
                    null));
        }
        return out;
    }

    /**
     * Runs a chart's saved query (its query_context) and returns Superset's answer as is: the
     * status code and the body, which {@link ChartCheck#of} interprets.
     */
    public HttpResponse<String> chartData(int chartId) throws IOException, InterruptedException {
        return http.send(
                authorized("api/v1/chart/" + chartId + "/data/?format=json&force=true")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> list(String path, String columns) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        for (int page = 0; ; page++) {
            String q = "(columns:!(" + columns + "),page:" + page + ",page_size:100)";
            JsonNode r = send(
                    "list " + path,
                    authorized(path + "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                            .GET());
            r.path("result").forEach(out::add);
            if (r.path("result").size() < 100) {
                return out;
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Referer", base.toString());
    }

    private HttpRequest.Builder authorized(String path) {
        if (accessToken == null) {
            throw new IllegalStateException("log in first");
        }
        HttpRequest.Builder b = request(path).header("Authorization", "Bearer " + accessToken);
        return csrfToken == null ? b : b.header("X-CSRFToken", csrfToken);
    }

    private JsonNode send(String what, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new Failure(what, r.statusCode(), r.body());
        }
        return JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    }

    /** Superset's error bodies: {"message": ...} or {"errors": [{"message": ...}]}; else the text, shortened. */
    static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.path("errors").isArray() && !n.path("errors").isEmpty()) {
                List<String> messages = new ArrayList<>();
                n.path("errors").forEach(e -> messages.add(e.path("message").asText(e.toString())));
                return String.join("; ", messages);
            }
            if (n.has("message")) {
                return n.path("message").isTextual()
                        ? n.path("message").asText()
                        : n.path("message").toString();
            }
        } catch (IOException | RuntimeException notJson) {
            // an HTML error page: the start of it is the best we have
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    static byte[] multipart(String boundary, byte[] file, String fileName, Map<String, String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String crlf = "\r\n";
        StringBuilder head = new StringBuilder();
        head.append("--")
                .append(boundary)
                .append(crlf)
                .append("Content-Disposition: form-data; name=\"formData\"; filename=\"")
                .append(fileName)
                .append('"')
                .append(crlf)
                .append("Content-Type: application/zip")
                .append(crlf)
                .append(crlf);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        StringBuilder tail = new StringBuilder(crlf);
        fields.forEach((k, v) -> tail.append("--")
                .append(boundary)
                .append(crlf)
                .append("Content-Disposition: form-data; name=\"")
                .append(k)
                .append('"')
                .append(crlf)
                .append(crlf)
                .append(v)
                .append(crlf));
        tail.append("--").append(boundary).append("--").append(crlf);
        out.writeBytes(tail.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
