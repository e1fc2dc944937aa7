package org.civicinsights.dashboards;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.civicinsights.common.io.BundledResources;
import org.civicinsights.common.io.StrictYaml;

/**
 * The readable sources of the dashboards ({@code superset/datasets.yaml} and one
 * {@code superset/dashboards/<name>.yaml} per dashboard), checked so that a mistake is reported
 * here, naming its file and item, instead of as a broken chart after an import into Superset.
 */
public final class DashboardSources {
    /** Where the bundled sources live on the classpath. */
    public static final String RESOURCE_DIR = "superset";

    /** The chart types the sources may use; all exist in Superset 6.1. */
    public static final Set<String> VIZ_TYPES =
            Set.of("big_number_total", "echarts_timeseries_line", "echarts_timeseries_bar", "pie", "table");
    /** The time-series charts, whose x axis is a column (the dataset's time column by default). */
    public static final Set<String> TIMESERIES = Set.of("echarts_timeseries_line", "echarts_timeseries_bar");
    /** Superset's ISO 8601 time grains the sources may use. */
    public static final Set<String> TIME_GRAINS = Set.of("PT1H", "P1D", "P1W", "P1M", "P3M", "P1Y");
    /**
     * The Trino types of view columns; {@code timestamp with time zone} is allowed as a column but
     * never as a time column, because Superset's time filters break on it.
     */
    public static final Set<String> TYPES = Set.of(
            "VARCHAR", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP(6)", "TIMESTAMP(6) WITH TIME ZONE");

    /** A column of a view: name, Trino type, Italian label (null: Superset shows the name). */
    public record Column(String name, String type, String label) {
        /** Usable as a Superset time column (is_dttm). */
        public boolean temporal() {
            return type.equals("TIMESTAMP(6)") || type.equals("DATE");
        }
    }

    /** A saved metric: a SQL aggregate over the view's columns. */
    public record Metric(String name, String sql, String label) {}

    /** A reporting view read by the dashboards; {@code where} (or null) picks the rows every chart reads. */
    public record Dataset(String name, String timeColumn, String where, List<Column> columns, List<Metric> metrics) {
        public boolean hasColumn(String column) {
            return columns.stream().anyMatch(c -> c.name().equals(column));
        }

        public boolean hasMetric(String metric) {
            return metrics.stream().anyMatch(m -> m.name().equals(metric));
        }

        public Column column(String column) {
            return columns.stream()
                    .filter(c -> c.name().equals(column))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /**
     * A chart. {@code xAxis} is set for a time series over another column than the time column
     * (e.g. the hour of the day), in which case there is no {@code timeGrain}.
     */
    public record Chart(
            String name,
            String title,
            String dataset,
            String viz,
            List<String> metrics,
            List<String> groupBy,
            String xAxis,
            String timeGrain,
            String where,
            int width,
            Integer rowLimit,
            boolean sortAscending) {
        public boolean timeseries() {
            return TIMESERIES.contains(viz);
        }
    }

    /** A row of charts, side by side; widths in Superset's 12-column grid. */
    public record Row(List<Chart> charts) {}

    /** A dashboard; {@code file} is where it was read from, for messages. */
    public record Dashboard(String slug, String title, String file, List<Filter> filters, List<Row> rows) {
        public List<Chart> charts() {
            return rows.stream().flatMap(r -> r.charts().stream()).toList();
        }
    }

    /**
     * The dashboard filters a source may ask for, with their Italian names and the column they
     * filter ({@code period}: each dataset's time column).
     */
    public enum Filter {
        PERIOD("period", "Periodo", null),
        MUNICIPIO("municipio", "Municipio", "municipio"),
        SERVICE("service", "Servizio", "service_name"),
        CHANNEL("channel", "Canale", "channel_label");

        public final String key;
        public final String label;
        public final String column;

        Filter(String key, String label, String column) {
            this.key = key;
            this.label = label;
            this.column = column;
        }

        /** Whether charts of {@code d} can be filtered by this filter. */
        public boolean applies(Dataset d) {
            return column == null ? d.timeColumn() != null : d.hasColumn(column);
        }

        static Filter of(String key) {
            for (Filter f : values()) {
                if (f.key.equals(key)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** A mistake in the sources; the message names the file and the item. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    private final Map<String, Dataset> datasets;
    private final List<Dashboard> dashboards;

    private DashboardSources(Map<String, Dataset> datasets, List<Dashboard> dashboards) {
        this.datasets = datasets;
        this.dashboards = dashboards;
    }

    /** The datasets in source order, by view name. */
    public Map<String, Dataset> datasets() {
        return datasets;
    }

    public List<Dashboard> dashboards() {
        return dashboards;
    }

    /** Every chart of every dashboard, in dashboard and row order. */
    public List<Chart> charts() {
        return dashboards.stream().flatMap(d -> d.charts().stream()).toList();
    }

    /** The sources bundled in this jar (dashboards in the order of {@code dashboards/index.txt}). */
    public static DashboardSources bundled() {
        String datasetsFile = RESOURCE_DIR + "/datasets.yaml";
        String dashboardsDir = RESOURCE_DIR + "/dashboards";
        Map<String, String> dashboardFiles = new LinkedHashMap<>();
        for (String name : BundledResources.names(dashboardsDir)) {
            String file = name + ".yaml";
            dashboardFiles.put(dashboardsDir + "/" + file, BundledResources.listed(dashboardsDir, file));
        }
        return parse(datasetsFile, BundledResources.text(datasetsFile), dashboardFiles);
    }

    /**
     * Reads and checks sources given as text.
     *
     * @param dashboardFiles file name (for messages) to YAML text, in the bundle's order
     */
    public static DashboardSources parse(String datasetsFile, String datasetsYaml, Map<String, String> dashboardFiles) {
        Map<String, Dataset> datasets = parseDatasets(datasetsFile, datasetsYaml);
        List<Dashboard> dashboards = new ArrayList<>();
        Map<String, String> chartFiles = new LinkedHashMap<>();
        Map<String, String> slugFiles = new LinkedHashMap<>();
        dashboardFiles.forEach((file, text) -> {
            Dashboard d = parseDashboard(file, text, datasets);
            String other = slugFiles.putIfAbsent(d.slug(), file);
            if (other != null) {
                throw new Invalid(file + ": slug '" + d.slug() + "' is also the slug of " + other);
            }
            for (Chart c : d.charts()) {
                String first = chartFiles.putIfAbsent(c.name(), file);
                if (first != null) {
                    throw new Invalid(file + ": chart '" + c.name() + "' is defined twice (also in " + first + ")");
                }
            }
            dashboards.add(d);
        });
        if (dashboards.isEmpty()) {
            throw new Invalid("no dashboards");
        }
        return new DashboardSources(datasets, List.copyOf(dashboards));
    }

    private static Map<String, Dataset> parseDatasets(String file, String yaml) {
        Map<?, ?> root = mapping(load(file, yaml), file, List.of("datasets"));
        Map<String, Dataset> out = new LinkedHashMap<>();
        for (Object o : list(root, "datasets", file)) {
            Map<?, ?> m = mapping(o, file + ": dataset", List.of("name", "time_column", "where", "columns", "metrics"));
            String name = text(m, "name", file + ": dataset");
            String at = file + ": dataset '" + name + "'";
            List<Column> columns = new ArrayList<>();
            for (Object c : list(m, "columns", at)) {
                Map<?, ?> cm = mapping(c, at + ": column", List.of("name", "type", "label"));
                String cn = text(cm, "name", at + ": column");
                String type = text(cm, "type", at + ": column '" + cn + "'").toUpperCase(Locale.ROOT);
                if (!TYPES.contains(type)) {
                    throw new Invalid(at + ": column '" + cn + "' has type '" + type + "'; the types are "
                            + new TreeSet<>(TYPES));
                }
                if (columns.stream().anyMatch(x -> x.name().equals(cn))) {
                    throw new Invalid(at + ": column '" + cn + "' is listed twice");
                }
                columns.add(new Column(cn, type, optionalText(cm, "label", at)));
            }
            List<Metric> metrics = new ArrayList<>();
            for (Object x : list(m, "metrics", at)) {
                Map<?, ?> mm = mapping(x, at + ": metric", List.of("name", "sql", "label"));
                String mn = text(mm, "name", at + ": metric");
                if (metrics.stream().anyMatch(y -> y.name().equals(mn))) {
                    throw new Invalid(at + ": metric '" + mn + "' is listed twice");
                }
                metrics.add(
                        new Metric(mn, text(mm, "sql", at + ": metric '" + mn + "'"), optionalText(mm, "label", at)));
            }
            Dataset d = new Dataset(
                    name,
                    optionalText(m, "time_column", at),
                    optionalText(m, "where", at),
                    List.copyOf(columns),
                    List.copyOf(metrics));
            if (d.timeColumn() != null) {
                if (!d.hasColumn(d.timeColumn())) {
                    throw new Invalid(at + ": time_column '" + d.timeColumn() + "' is not one of its columns");
                }
                if (!d.column(d.timeColumn()).temporal()) {
                    throw new Invalid(at + ": time_column '" + d.timeColumn()
                            + "' must be TIMESTAMP(6) or DATE (Superset's time" + " filters break on "
                            + d.column(d.timeColumn()).type() + ")");
                }
            }
            if (out.putIfAbsent(name, d) != null) {
                throw new Invalid(file + ": dataset '" + name + "' is listed twice");
            }
        }
        return out;
    }

    private static Dashboard parseDashboard(String file, String yaml, Map<String, Dataset> datasets) {
        Map<?, ?> root = mapping(load(file, yaml), file, List.of("title", "slug", "filters", "rows"));
        String title = text(root, "title", file);
        String slug = text(root, "slug", file);
        if (!slug.matches("[a-z][a-z0-9-]{1,62}")) {
            throw new Invalid(file + ": slug '" + slug + "' must be lower case letters, digits and -");
        }
        List<Filter> filters = new ArrayList<>();
        for (String key : textList(root, "filters", file)) {
            Filter f = Filter.of(key);
            if (f == null) {
                throw new Invalid(
                        file + ": unknown filter '" + key + "'; the filters are period, municipio, service, channel");
            }
            filters.add(f);
        }
        List<Row> rows = new ArrayList<>();
        int rowNumber = 0;
        for (Object r : list(root, "rows", file)) {
            rowNumber++;
            String rowAt = file + ": row " + rowNumber;
            Map<?, ?> rm = mapping(r, rowAt, List.of("charts"));
            List<Chart> charts = new ArrayList<>();
            for (Object c : list(rm, "charts", rowAt)) {
                charts.add(chart(c, rowAt, datasets));
            }
            int width = charts.stream().mapToInt(Chart::width).sum();
            if (width > 12) {
                throw new Invalid(rowAt + ": the charts "
                        + charts.stream().map(Chart::name).toList() + " are " + width
                        + " wide; a row holds at most 12");
            }
            rows.add(new Row(List.copyOf(charts)));
        }
        Dashboard d = new Dashboard(slug, title, file, List.copyOf(filters), List.copyOf(rows));
        for (Filter f : filters) {
            if (d.charts().stream().noneMatch(c -> f.applies(datasets.get(c.dataset())))) {
                throw new Invalid(file + ": filter '" + f.key + "' applies to none of its charts");
            }
        }
        return d;
    }

    private static Chart chart(Object o, String rowAt, Map<String, Dataset> datasets) {
        Map<?, ?> m = mapping(
                o,
                rowAt + ": chart",
                List.of(
                        "name",
                        "title",
                        "dataset",
                        "viz",
                        "metrics",
                        "group_by",
                        "x_axis",
                        "time_grain",
                        "where",
                        "width",
                        "row_limit",
                        "sort_ascending"));
        String name = text(m, "name", rowAt + ": chart");
        if (!name.matches("[a-z][a-z0-9_]{1,62}")) {
            throw new Invalid(rowAt + ": chart name '" + name + "' must be lower case letters, digits and _");
        }
        String at = rowAt + ": chart '" + name + "'";
        String datasetName = text(m, "dataset", at);
        Dataset d = datasets.get(datasetName);
        if (d == null) {
            throw new Invalid(at + ": unknown dataset '" + datasetName + "'; the datasets are " + datasets.keySet());
        }
        String viz = text(m, "viz", at);
        if (!VIZ_TYPES.contains(viz)) {
            throw new Invalid(at + ": unknown viz '" + viz + "'; the viz types are " + new TreeSet<>(VIZ_TYPES));
        }
        List<String> metrics = textList(m, "metrics", at);
        if (metrics.isEmpty()) {
            throw new Invalid(at + ": needs at least one metric");
        }
        for (String metric : metrics) {
            if (!d.hasMetric(metric)) {
                throw new Invalid(at + ": unknown metric '" + metric + "' of dataset " + d.name() + "; its metrics are "
                        + d.metrics().stream().map(Metric::name).toList());
            }
        }
        List<String> groupBy = textList(m, "group_by", at);
        String xAxis = optionalText(m, "x_axis", at);
        for (String column : xAxis == null ? groupBy : concat(groupBy, xAxis)) {
            if (!d.hasColumn(column)) {
                throw new Invalid(at + ": unknown column '" + column + "' of dataset " + d.name() + "; its columns are "
                        + d.columns().stream().map(Column::name).toList());
            }
        }
        String grain = optionalText(m, "time_grain", at);
        boolean timeseries = TIMESERIES.contains(viz);
        if ((viz.equals("big_number_total") || viz.equals("pie")) && metrics.size() != 1) {
            throw new Invalid(at + ": a " + viz + " shows exactly one metric, not " + metrics);
        }
        if (viz.equals("pie") && groupBy.isEmpty()) {
            throw new Invalid(at + ": a pie needs group_by");
        }
        if (!timeseries && (xAxis != null || grain != null)) {
            throw new Invalid(at + ": x_axis and time_grain are for time series only, not " + viz);
        }
        if (timeseries && xAxis == null) {
            if (d.timeColumn() == null) {
                throw new Invalid(at + ": dataset " + d.name() + " has no time_column; give the chart an x_axis");
            }
            if (grain == null || !TIME_GRAINS.contains(grain)) {
                throw new Invalid(at + ": needs a time_grain, one of " + new TreeSet<>(TIME_GRAINS) + ", not " + grain);
            }
        }
        if (xAxis != null && grain != null) {
            throw new Invalid(at + ": time_grain applies to the time column only, not to x_axis '" + xAxis + "'");
        }
        Object width = m.get("width");
        if (!(width instanceof Integer w) || w < 1 || w > 12) {
            throw new Invalid(at + ": width must be a whole number from 1 to 12, not " + width);
        }
        Object limit = m.get("row_limit");
        if (limit != null && (!(limit instanceof Integer l) || l < 1)) {
            throw new Invalid(at + ": row_limit must be a positive whole number, not " + limit);
        }
        Object asc = m.get("sort_ascending");
        if (asc != null && !(asc instanceof Boolean)) {
            throw new Invalid(at + ": sort_ascending must be true or false, not " + asc);
        }
        return new Chart(
                name,
                text(m, "title", at),
                datasetName,
                viz,
                metrics,
                groupBy,
                xAxis,
                grain,
                optionalText(m, "where", at),
                (Integer) width,
                (Integer) limit,
                Boolean.TRUE.equals(asc));
    }

    private static List<String> concat(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private static Object load(String file, String yaml) {
        try {
            return StrictYaml.load(yaml, StrictYaml.Scalars.TYPED);
        } catch (StrictYaml.InvalidYaml e) {
            throw new Invalid(file + ": not valid YAML: " + e.summary());
        }
    }

    private static Map<?, ?> mapping(Object o, String at, Collection<String> fields) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new Invalid(at + ": expected a mapping with " + fields);
        }
        Set<String> unknown = new TreeSet<>();
        m.keySet().forEach(k -> {
            if (!fields.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k));
            }
        });
        if (!unknown.isEmpty()) {
            throw new Invalid(at + ": unknown field(s) " + unknown + "; the fields are " + fields);
        }
        return m;
    }

    private static List<?> list(Map<?, ?> m, String field, String at) {
        Object v = m.get(field);
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new Invalid(at + ": '" + field + "' must be a non-empty list");
        }
        return l;
    }

    private static List<String> textList(Map<?, ?> m, String field, String at) {
        Object v = m.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l) || l.stream().anyMatch(x -> x instanceof Map || x instanceof List || x == null)) {
            throw new Invalid(at + ": '" + field + "' must be a list of names");
        }
        return l.stream().map(x -> x.toString().strip()).toList();
    }

    private static String text(Map<?, ?> m, String field, String at) {
        String v = optionalText(m, field, at);
        if (v == null) {
            throw new Invalid(at + ": missing '" + field + "'");
        }
        return v;
    }

    private static String optionalText(Map<?, ?> m, String field, String at) {
        Object v = m.get(field);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw new Invalid(at + ": '" + field + "' must be text");
        }
        return v.toString().strip();
    }
}
