package org.civicinsights.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.civicinsights.dashboards.DashboardSources.Chart;
import org.civicinsights.dashboards.DashboardSources.Column;
import org.civicinsights.dashboards.DashboardSources.Dashboard;
import org.civicinsights.dashboards.DashboardSources.Dataset;
import org.civicinsights.dashboards.DashboardSources.Filter;
import org.civicinsights.dashboards.DashboardSources.Metric;
import org.civicinsights.dashboards.DashboardSources.Row;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A Superset (6.1) dashboard export bundle generated from {@link DashboardSources}: what
 * {@code superset import-dashboards} and {@code POST /api/v1/dashboard/import/} read. Pure: the
 * same sources, Trino address and timestamp give the same bytes, because every uuid is derived
 * from a name and every map keeps its insertion order, so a regenerated bundle diffs cleanly.
 */
public final class SupersetBundle {
    /** The single folder at the root of the zip (Superset strips it). */
    public static final String ROOT = "civic_dashboards";

    public static final String DATABASE_NAME = "civic_lake";
    public static final String CATALOG = "lake";
    public static final String SCHEMA = "reporting";
    private static final String VERSION = "1.0.0";
    /** Superset's "all time"; the dashboard's period filter replaces it. */
    private static final String NO_FILTER = "No filter";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> files;

    private SupersetBundle(Map<String, String> files) {
        this.files = Collections.unmodifiableMap(files);
    }

    /**
     * Generates the bundle.
     *
     * @param trinoJdbcUrl Trino as the platform configures it ({@code jdbc:trino://host:port})
     * @param trinoUser    the user Superset connects as
     * @param timestamp    written to metadata.yaml only (an input so that tests can fix it)
     */
    public static SupersetBundle build(
            DashboardSources sources, String trinoJdbcUrl, String trinoUser, Instant timestamp) {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("version", VERSION);
        meta.put("type", "Dashboard");
        meta.put("timestamp", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp.atOffset(ZoneOffset.UTC)));
        files.put(ROOT + "/metadata.yaml", yaml(meta));
        files.put(
                ROOT + "/databases/" + DATABASE_NAME + ".yaml",
                yaml(database(sqlalchemyUri(trinoJdbcUrl, trinoUser), https(trinoJdbcUrl), trustStore(trinoJdbcUrl))));

        Map<String, Integer> datasetIds = new LinkedHashMap<>();
        for (Dataset d : sources.datasets().values()) {
            datasetIds.put(d.name(), datasetIds.size() + 1);
            files.put(ROOT + "/datasets/" + d.name() + ".yaml", yaml(dataset(d)));
        }
        Map<String, Integer> chartIds = new LinkedHashMap<>();
        for (Chart c : sources.charts()) {
            chartIds.put(c.name(), chartIds.size() + 1);
            Dataset d = sources.datasets().get(c.dataset());
            files.put(ROOT + "/charts/" + c.name() + ".yaml", yaml(chart(c, d, datasetIds.get(d.name()))));
        }
        for (Dashboard d : sources.dashboards()) {
            files.put(ROOT + "/dashboards/" + d.slug() + ".yaml", yaml(dashboard(d, sources, chartIds)));
        }
        return new SupersetBundle(files);
    }

    /** Path in the zip (under {@link #ROOT}) to YAML text, in a stable order. */
    public Map<String, String> files() {
        return files;
    }

    /** Writes the bundle as a zip; entry times are fixed, so equal bundles give equal bytes. */
    public void writeZip(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> f : files.entrySet()) {
            ZipEntry e = new ZipEntry(f.getKey());
            e.setTime(315532800000L); // 1980-01-01, the zip epoch: no build time in the bytes
            zip.putNextEntry(e);
            zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        zip.finish();
    }

    /** A uuid derived from what the object is, stable across regenerations. */
    public static UUID uuid(String kind, String name) {
        return UUID.nameUUIDFromBytes(("civic-insights:" + kind + ":" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code jdbc:trino://host:port[/...]} to SQLAlchemy's {@code trino://user@host:port/lake}. */
    public static String sqlalchemyUri(String trinoJdbcUrl, String user) {
        if (trinoJdbcUrl == null || !trinoJdbcUrl.startsWith("jdbc:trino://")) {
            throw new IllegalArgumentException("Trino URL must look like jdbc:trino://host:port, not " + trinoJdbcUrl);
        }
        if (user == null || user.isBlank() || user.contains("@") || user.contains(":") || user.contains("/")) {
            throw new IllegalArgumentException("invalid Trino user '" + user + "'");
        }
        URI uri = URI.create(trinoJdbcUrl.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Trino URL has no host: " + trinoJdbcUrl);
        }
        return "trino://" + user + "@" + uri.getHost() + ":" + (uri.getPort() < 0 ? 8080 : uri.getPort()) + "/"
                + CATALOG;
    }

    /** True for a Trino reached over TLS ({@code SSL=true} in the JDBC URL, as the JDBC driver spells it). */
    static boolean https(String trinoJdbcUrl) {
        return "true".equalsIgnoreCase(urlParameter(trinoJdbcUrl, "SSL"));
    }

    /**
     * The JDBC URL's {@code SSLTrustStorePath} (a PEM file of the CA that signed Trino's
     * certificate): Superset's Trino driver checks the certificate against it ({@code verify}).
     * The path is as Superset's machine sees it; without it the system's CAs are trusted.
     */
    static String trustStore(String trinoJdbcUrl) {
        return urlParameter(trinoJdbcUrl, "SSLTrustStorePath");
    }

    /** A query parameter of the JDBC URL (name case-insensitive, value as written), or null. */
    private static String urlParameter(String trinoJdbcUrl, String name) {
        int q = trinoJdbcUrl.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String kv : trinoJdbcUrl.substring(q + 1).split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equalsIgnoreCase(name)) {
                return kv.substring(eq + 1);
            }
        }
        return null;
    }

    private static Map<String, Object> database(String sqlalchemyUri, boolean https, String trustStore) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database_name", DATABASE_NAME);
        m.put("sqlalchemy_uri", sqlalchemyUri);
        m.put("cache_timeout", null);
        m.put("expose_in_sqllab", true);
        m.put("allow_run_async", false);
        m.put("allow_ctas", false);
        m.put("allow_cvas", false);
        m.put("allow_dml", false);
        m.put("allow_file_upload", false);
        // the Trino driver takes TLS from connect_args, not from the SQLAlchemy URL; the password is
        // never in the bundle: Superset gets it at import time or from its own configuration
        Map<String, Object> connectArgs = new LinkedHashMap<>();
        if (https) {
            connectArgs.put("http_scheme", "https");
            if (trustStore != null) {
                connectArgs.put("verify", trustStore);
            }
        }
        m.put("extra", https ? Map.of("engine_params", Map.of("connect_args", connectArgs)) : Map.of());
        m.put("uuid", uuid("database", DATABASE_NAME).toString());
        m.put("version", VERSION);
        return m;
    }

    private static Map<String, Object> dataset(Dataset d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("table_name", d.name());
        m.put("main_dttm_col", d.timeColumn());
        m.put("description", null);
        m.put("default_endpoint", null);
        m.put("offset", 0);
        m.put("cache_timeout", null);
        m.put("catalog", CATALOG);
        m.put("schema", SCHEMA);
        m.put("sql", null);
        m.put("params", null);
        m.put("template_params", null);
        m.put("filter_select_enabled", true);
        m.put("fetch_values_predicate", null);
        m.put("extra", null);
        m.put("normalize_columns", false);
        m.put("always_filter_main_dttm", false);
        m.put("uuid", uuid("dataset", d.name()).toString());
        List<Object> metrics = new ArrayList<>();
        for (Metric x : d.metrics()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("metric_name", x.name());
            mm.put("verbose_name", x.label());
            mm.put("metric_type", null);
            mm.put("expression", x.sql());
            mm.put("description", null);
            mm.put("d3format", null);
            mm.put("extra", null);
            mm.put("warning_text", null);
            metrics.add(mm);
        }
        m.put("metrics", metrics);
        List<Object> columns = new ArrayList<>();
        for (Column c : d.columns()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("column_name", c.name());
            cm.put("verbose_name", c.label());
            cm.put("is_dttm", c.temporal());
            cm.put("is_active", true);
            cm.put("type", c.type());
            cm.put("advanced_data_type", null);
            cm.put("groupby", true);
            cm.put("filterable", true);
            cm.put("expression", null);
            cm.put("description", null);
            cm.put("python_date_format", null);
            cm.put("extra", null);
            columns.add(cm);
        }
        m.put("columns", columns);
        m.put("version", VERSION);
        m.put("database_uuid", uuid("database", DATABASE_NAME).toString());
        return m;
    }

    private static Map<String, Object> chart(Chart c, Dataset d, int datasetId) {
        Map<String, Object> params = formData(c, d, datasetId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slice_name", c.title());
        m.put("description", null);
        m.put("certified_by", null);
        m.put("certification_details", null);
        m.put("viz_type", c.viz());
        m.put("params", params);
        m.put("query_context", json(queryContext(c, d, datasetId, params)));
        m.put("cache_timeout", null);
        m.put("uuid", uuid("chart", c.name()).toString());
        m.put("version", VERSION);
        m.put("dataset_uuid", uuid("dataset", d.name()).toString());
        return m;
    }

    /** What Superset's explore view would save as the chart's form_data (its {@code params}). */
    private static Map<String, Object> formData(Chart c, Dataset d, int datasetId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("datasource", datasetId + "__table");
        p.put("viz_type", c.viz());
        switch (c.viz()) {
            case "big_number_total" -> {
                p.put("metric", c.metrics().get(0));
                p.put("header_font_size", 0.4);
                p.put("subheader_font_size", 0.15);
                p.put("y_axis_format", "SMART_NUMBER");
                p.put("time_format", "smart_date");
            }
            case "pie" -> {
                p.put("groupby", c.groupBy());
                p.put("metric", c.metrics().get(0));
                p.put("row_limit", rowLimit(c));
                p.put("sort_by_metric", true);
                p.put("color_scheme", "supersetColors");
                p.put("show_labels", true);
                p.put("label_type", "key_percent");
                p.put("number_format", "SMART_NUMBER");
                p.put("show_legend", true);
                p.put("donut", false);
            }
            case "table" -> {
                p.put("query_mode", "aggregate");
                p.put("groupby", c.groupBy());
                p.put("metrics", c.metrics());
                p.put("all_columns", List.of());
                p.put("percent_metrics", List.of());
                p.put("timeseries_limit_metric", c.metrics().get(0));
                p.put("order_desc", !c.sortAscending());
                p.put("row_limit", rowLimit(c));
                p.put("server_pagination", false);
                p.put("table_timestamp_format", "smart_date");
                p.put("show_cell_bars", true);
                p.put("color_pn", true);
            }
            default -> { // the two time series
                p.put("x_axis", xAxis(c, d));
                if (c.xAxis() == null) {
                    p.put("time_grain_sqla", c.timeGrain());
                }
                p.put("metrics", c.metrics());
                p.put("groupby", c.groupBy());
                p.put("order_desc", true);
                p.put("row_limit", rowLimit(c));
                p.put("truncate_metric", true);
                p.put("show_empty_columns", true);
                p.put("comparison_type", "values");
                p.put("annotation_layers", List.of());
                p.put("color_scheme", "supersetColors");
                p.put("show_legend", true);
                p.put("legendType", "scroll");
                p.put("legendOrientation", "top");
                p.put("x_axis_time_format", "smart_date");
                p.put("y_axis_format", "SMART_NUMBER");
                p.put("rich_tooltip", true);
                if (c.viz().equals("echarts_timeseries_line")) {
                    // a week or a day with a single point is still drawn (a line needs two)
                    p.put("markerEnabled", true);
                    p.put("markerSize", 6);
                }
                if (c.viz().equals("echarts_timeseries_bar")) {
                    p.put("orientation", "vertical");
                    p.put("stack", c.metrics().size() > 1 || !c.groupBy().isEmpty() ? "Stack" : null);
                }
            }
        }
        p.put("adhoc_filters", adhocFilters(c, d));
        p.put("extra_form_data", Map.of());
        return p;
    }

    /**
     * The chart's filters as Superset stores them: the dataset's and the chart's SQL conditions,
     * and a "No filter" time range on the time column, which the dashboard's period filter sets.
     */
    private static List<Object> adhocFilters(Chart c, Dataset d) {
        List<Object> out = new ArrayList<>();
        if (d.timeColumn() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("clause", "WHERE");
            f.put("expressionType", "SIMPLE");
            f.put("subject", d.timeColumn());
            f.put("operator", "TEMPORAL_RANGE");
            f.put("comparator", NO_FILTER);
            f.put("filterOptionName", "filter_" + c.name() + "_time");
            f.put("isExtra", false);
            f.put("isNew", false);
            out.add(f);
        }
        int n = 0;
        for (String where : wheres(c, d)) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("clause", "WHERE");
            f.put("expressionType", "SQL");
            f.put("sqlExpression", where);
            f.put("filterOptionName", "filter_" + c.name() + "_sql_" + ++n);
            f.put("isExtra", false);
            f.put("isNew", false);
            out.add(f);
        }
        return out;
    }

    private static List<String> wheres(Chart c, Dataset d) {
        List<String> out = new ArrayList<>();
        if (d.where() != null) {
            out.add(d.where());
        }
        if (c.where() != null) {
            out.add(c.where());
        }
        return out;
    }

    /**
     * The query the chart runs, as Superset's frontend builds it from the form data: the chart
     * data API ({@code GET /api/v1/chart/{id}/data/}) answers 400 for a chart without it.
     */
    private static Map<String, Object> queryContext(Chart c, Dataset d, int datasetId, Map<String, Object> formData) {
        List<Object> columns = new ArrayList<>();
        List<Object> orderby = new ArrayList<>();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("having", "");
        extras.put(
                "where",
                String.join(
                        " AND ", wheres(c, d).stream().map(w -> "(" + w + ")").toList()));
        Map<String, Object> q = new LinkedHashMap<>();
        if (c.timeseries()) {
            Map<String, Object> axis = new LinkedHashMap<>();
            if (c.xAxis() == null) {
                axis.put("timeGrain", c.timeGrain());
                extras.put("time_grain_sqla", c.timeGrain());
            }
            axis.put("columnType", "BASE_AXIS");
            axis.put("sqlExpression", xAxis(c, d));
            axis.put("label", xAxis(c, d));
            axis.put("expressionType", "SQL");
            columns.add(axis);
            columns.addAll(c.groupBy());
            q.put("series_columns", c.groupBy());
            if (!c.groupBy().isEmpty()) {
                orderby.add(List.of(c.metrics().get(0), false));
            }
        } else if (!c.viz().equals("big_number_total")) {
            columns.addAll(c.groupBy());
            orderby.add(List.of(c.metrics().get(0), c.sortAscending()));
        }
        List<Object> filters = new ArrayList<>();
        if (d.timeColumn() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("col", d.timeColumn());
            f.put("op", "TEMPORAL_RANGE");
            f.put("val", NO_FILTER);
            filters.add(f);
        }
        q.put("filters", filters);
        q.put("extras", extras);
        q.put("applied_time_extras", Map.of());
        q.put("columns", columns);
        q.put("metrics", c.metrics());
        q.put("orderby", orderby);
        q.put("annotation_layers", List.of());
        q.put("row_limit", c.viz().equals("big_number_total") ? 1 : rowLimit(c));
        q.put("series_limit", 0);
        q.put("order_desc", !c.sortAscending());
        q.put("time_range", NO_FILTER);
        q.put("url_params", Map.of());
        q.put("custom_params", Map.of());
        q.put("custom_form_data", Map.of());
        Map<String, Object> datasource = new LinkedHashMap<>();
        datasource.put("id", datasetId);
        datasource.put("type", "table");
        Map<String, Object> qc = new LinkedHashMap<>();
        qc.put("datasource", datasource);
        qc.put("force", false);
        qc.put("queries", List.of(q));
        qc.put("form_data", formData);
        qc.put("result_format", "json");
        qc.put("result_type", "full");
        return qc;
    }

    private static String xAxis(Chart c, Dataset d) {
        return c.xAxis() != null ? c.xAxis() : d.timeColumn();
    }

    private static int rowLimit(Chart c) {
        if (c.rowLimit() != null) {
            return c.rowLimit();
        }
        return switch (c.viz()) {
            case "table" -> 100;
            case "pie" -> 25;
            default -> 10000;
        };
    }

    private static Map<String, Object> dashboard(Dashboard d, DashboardSources sources, Map<String, Integer> chartIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dashboard_title", d.title());
        m.put("description", null);
        m.put("css", "");
        m.put("slug", d.slug());
        m.put("certified_by", null);
        m.put("certification_details", null);
        m.put("published", true);
        m.put("uuid", uuid("dashboard", d.slug()).toString());
        m.put("position", position(d, chartIds));
        m.put("metadata", dashboardMetadata(d, sources, chartIds));
        m.put("version", VERSION);
        return m;
    }

    private static Map<String, Object> position(Dashboard d, Map<String, Integer> chartIds) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("DASHBOARD_VERSION_KEY", "v2");
        p.put("ROOT_ID", node("ROOT", "ROOT_ID", List.of("GRID_ID"), null, null));
        List<String> rowIds = new ArrayList<>();
        for (int i = 1; i <= d.rows().size(); i++) {
            rowIds.add("ROW-" + i);
        }
        p.put("GRID_ID", node("GRID", "GRID_ID", rowIds, List.of("ROOT_ID"), null));
        p.put("HEADER_ID", node("HEADER", "HEADER_ID", null, null, Map.of("text", d.title())));
        for (int i = 0; i < d.rows().size(); i++) {
            Row row = d.rows().get(i);
            String rowId = rowIds.get(i);
            List<String> chartNodes =
                    row.charts().stream().map(c -> "CHART-" + c.name()).toList();
            p.put(
                    rowId,
                    node(
                            "ROW",
                            rowId,
                            chartNodes,
                            List.of("ROOT_ID", "GRID_ID"),
                            Map.of("background", "BACKGROUND_TRANSPARENT")));
            for (Chart c : row.charts()) {
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("uuid", uuid("chart", c.name()).toString());
                meta.put("chartId", chartIds.get(c.name()));
                meta.put("width", c.width());
                meta.put("height", 50);
                meta.put("sliceName", c.title());
                p.put(
                        "CHART-" + c.name(),
                        node("CHART", "CHART-" + c.name(), List.of(), List.of("ROOT_ID", "GRID_ID", rowId), meta));
            }
        }
        return p;
    }

    private static Map<String, Object> node(
            String type, String id, List<String> children, List<String> parents, Map<String, Object> meta) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("type", type);
        n.put("id", id);
        if (children != null) {
            n.put("children", children);
        }
        if (parents != null) {
            n.put("parents", parents);
        }
        if (meta != null) {
            n.put("meta", meta);
        }
        return n;
    }

    private static Map<String, Object> dashboardMetadata(
            Dashboard d, DashboardSources sources, Map<String, Integer> chartIds) {
        List<Object> filters = new ArrayList<>();
        for (Filter f : d.filters()) {
            filters.add(nativeFilter(f, d, sources, chartIds));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("native_filter_configuration", filters);
        m.put("color_scheme", "supersetColors");
        m.put("refresh_frequency", 0);
        m.put("expanded_slices", Map.of());
        m.put("label_colors", Map.of());
        m.put("timed_refresh_immune_slices", List.of());
        m.put("cross_filters_enabled", false);
        m.put("default_filters", "{}");
        m.put("chart_configuration", Map.of());
        return m;
    }

    /**
     * One native filter. Charts whose dataset lacks the filtered column are left out of its scope
     * (by the chartIds of the position, which Superset remaps on import).
     */
    private static Map<String, Object> nativeFilter(
            Filter f, Dashboard d, DashboardSources sources, Map<String, Integer> chartIds) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", "NATIVE_FILTER-" + d.slug() + "-" + f.key);
        n.put("name", f.label);
        n.put("filterType", f == Filter.PERIOD ? "filter_time" : "filter_select");
        Map<String, Object> target = new LinkedHashMap<>();
        if (f != Filter.PERIOD) {
            Dataset first = d.charts().stream()
                    .map(c -> sources.datasets().get(c.dataset()))
                    .filter(f::applies)
                    .findFirst()
                    .orElseThrow();
            target.put("datasetUuid", uuid("dataset", first.name()).toString());
            target.put("column", Map.of("name", f.column));
        }
        n.put("targets", List.of(target));
        Map<String, Object> mask = new LinkedHashMap<>();
        mask.put("extraFormData", Map.of());
        mask.put("filterState", Map.of());
        mask.put("ownState", Map.of());
        n.put("defaultDataMask", mask);
        Map<String, Object> controls = new LinkedHashMap<>();
        controls.put("enableEmptyFilter", false);
        if (f != Filter.PERIOD) {
            controls.put("defaultToFirstItem", false);
            controls.put("multiSelect", true);
            controls.put("searchAllOptions", false);
            controls.put("inverseSelection", false);
        }
        n.put("controlValues", controls);
        n.put("cascadeParentIds", List.of());
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("rootPath", List.of("ROOT_ID"));
        scope.put(
                "excluded",
                d.charts().stream()
                        .filter(c -> !f.applies(sources.datasets().get(c.dataset())))
                        .map(c -> chartIds.get(c.name()))
                        .toList());
        n.put("scope", scope);
        n.put("type", "NATIVE_FILTER");
        n.put("description", "");
        return n;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String yaml(Map<String, Object> doc) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setAllowUnicode(true);
        o.setWidth(Integer.MAX_VALUE);
        o.setSplitLines(false);
        o.setDereferenceAliases(true); // a shared empty list is written out, not as &id001 / *id001
        return new Yaml(o).dump(doc);
    }
}
