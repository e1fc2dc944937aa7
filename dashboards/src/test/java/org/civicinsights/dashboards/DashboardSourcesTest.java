package org.civicinsights.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.civicinsights.dashboards.DashboardSources.Column;
import org.civicinsights.dashboards.DashboardSources.Dataset;
import org.civicinsights.dashboards.DashboardSources.Invalid;
import org.junit.jupiter.api.Test;

class DashboardSourcesTest {
    /** The views' SQL, in the repository (tests run in dashboards/). */
    private static final Path VIEWS = Path.of("../warehouse-ddl/src/main/resources/views");

    private static final String DATASETS = """
            datasets:
              - name: sla_period
                time_column: period_start_local
                columns:
                  - {name: period_start_local, type: TIMESTAMP(6)}
                  - {name: service_name, type: VARCHAR, label: Servizio}
                  - {name: municipio, type: INTEGER}
                metrics:
                  - {name: concluse, sql: SUM(concluded)}
            """;

    private static DashboardSources parse(String datasets, String chart, int width) {
        String dashboard = """
                title: Prova
                slug: prova
                filters: [period, municipio]
                rows:
                  - charts:
                      - {name: prova_grafico, title: Grafico, dataset: sla_period, viz: table, metrics: [concluse], %s, width: %d}
                """.formatted(chart, width);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("dashboards/prova.yaml", dashboard);
        return DashboardSources.parse("datasets.yaml", datasets, files);
    }

    @Test
    void aValidSourceParses() {
        DashboardSources s = parse(DATASETS, "group_by: [service_name]", 12);
        assertThat(s.charts())
                .singleElement()
                .satisfies(c -> assertThat(c.groupBy()).containsExactly("service_name"));
    }

    @Test
    void anUnknownColumnIsNamedWithItsFileAndChart() {
        assertThatThrownBy(() -> parse(DATASETS, "group_by: [servizio]", 6))
                .isInstanceOf(Invalid.class)
                .hasMessageContaining("dashboards/prova.yaml")
                .hasMessageContaining("chart 'prova_grafico'")
                .hasMessageContaining("unknown column 'servizio'");
    }

    @Test
    void aRowWiderThanTwelveIsRefused() {
        assertThatThrownBy(() -> parse(DATASETS, "group_by: [service_name]", 13))
                .isInstanceOf(Invalid.class)
                .hasMessageContaining("dashboards/prova.yaml")
                .hasMessageContaining("prova_grafico")
                .hasMessageContaining("width");
    }

    @Test
    void chartsOfARowAddUpToAtMostTwelve() {
        String dashboard = """
                title: Prova
                slug: prova
                rows:
                  - charts:
                      - {name: largo, title: A, dataset: sla_period, viz: table, metrics: [concluse], width: 7}
                      - {name: stretto, title: B, dataset: sla_period, viz: table, metrics: [concluse], width: 6}
                """;
        assertThatThrownBy(() ->
                        DashboardSources.parse("datasets.yaml", DATASETS, Map.of("dashboards/prova.yaml", dashboard)))
                .hasMessageContaining("dashboards/prova.yaml: row 1")
                .hasMessageContaining("[largo, stretto] are 13 wide");
    }

    @Test
    void anUnknownDatasetOrMetricIsRefused() {
        assertThatThrownBy(
                        () -> parse(DATASETS.replace("name: sla_period", "name: sla"), "group_by: [service_name]", 6))
                .hasMessageContaining("chart 'prova_grafico'")
                .hasMessageContaining("unknown dataset 'sla_period'");
        assertThatThrownBy(
                        () -> parse(DATASETS.replace("name: concluse", "name: chiuse"), "group_by: [service_name]", 6))
                .hasMessageContaining("unknown metric 'concluse'");
    }

    @Test
    void duplicatesAreRefused() {
        assertThatThrownBy(() -> parse(
                        DATASETS.replace("{name: municipio, type: INTEGER}", "{name: service_name, type: VARCHAR}"),
                        "group_by: [service_name]",
                        6))
                .hasMessageContaining("datasets.yaml")
                .hasMessageContaining("column 'service_name' is listed twice");
        String dashboard = """
                title: Prova
                slug: prova
                rows:
                  - charts:
                      - {name: doppio, title: A, dataset: sla_period, viz: table, metrics: [concluse], width: 6}
                      - {name: doppio, title: B, dataset: sla_period, viz: table, metrics: [concluse], width: 6}
                """;
        assertThatThrownBy(() ->
                        DashboardSources.parse("datasets.yaml", DATASETS, Map.of("dashboards/prova.yaml", dashboard)))
                .hasMessageContaining("dashboards/prova.yaml")
                .hasMessageContaining("chart 'doppio' is defined twice");
    }

    @Test
    void aTimeColumnWithTimeZoneIsRefused() {
        assertThatThrownBy(() -> parse(
                        DATASETS.replace("type: TIMESTAMP(6)}", "type: TIMESTAMP(6) WITH TIME ZONE}"),
                        "group_by: [service_name]",
                        6))
                .hasMessageContaining("dataset 'sla_period'")
                .hasMessageContaining("time_column 'period_start_local'");
    }

    @Test
    void theBundledSourcesUseEveryDatasetAndEveryTimeColumnIsLocal() {
        DashboardSources s = DashboardSources.bundled();
        Set<String> used =
                s.charts().stream().map(DashboardSources.Chart::dataset).collect(Collectors.toSet());
        assertThat(used).containsExactlyInAnyOrderElementsOf(s.datasets().keySet());
        for (Dataset d : s.datasets().values()) {
            assertThat(d.column(d.timeColumn()).type()).as(d.name()).isIn("TIMESTAMP(6)", "DATE");
        }
    }

    @Test
    void chartsAndFiltersShowTheItalianLabelNotTheCode() {
        DashboardSources s = DashboardSources.bundled();
        for (DashboardSources.Chart c : s.charts()) {
            Dataset d = s.datasets().get(c.dataset());
            List<String> shown = new ArrayList<>(c.groupBy());
            if (c.xAxis() != null) {
                shown.add(c.xAxis());
            }
            for (String column : shown) {
                // a code with a label column beside it (channel -> channel_label) is shown by its label
                assertThat(d.hasColumn(column + "_label"))
                        .as("chart %s shows code %s instead of %s_label", c.name(), column, column)
                        .isFalse();
            }
        }
        for (Dataset d : s.datasets().values()) {
            if (d.hasColumn("channel")) {
                assertThat(DashboardSources.Filter.CHANNEL.applies(d))
                        .as("channel filter on %s", d.name())
                        .isTrue();
            }
        }
        assertThat(DashboardSources.Filter.CHANNEL.column).isEqualTo("channel_label");
    }

    @Test
    void everyDatasetColumnIsAColumnOfItsView() throws Exception {
        for (Dataset d : DashboardSources.bundled().datasets().values()) {
            Path sql = VIEWS.resolve(d.name() + ".sql");
            assertThat(sql).as("view of dataset %s", d.name()).exists();
            String text = Files.readString(sql, StandardCharsets.UTF_8);
            assertThat(text).contains("CREATE OR REPLACE VIEW lake.reporting." + d.name() + " AS");
            // the outer select list: from the last unindented SELECT (after any WITH) to its FROM
            int start = text.lastIndexOf("\nSELECT\n");
            String select = text.substring(start, text.indexOf("\nFROM ", start));
            for (Column c : d.columns()) {
                // a column of the view is selected last on a line: "x.name," "... AS name," or "name" before FROM
                Pattern selected = Pattern.compile("(?m)(^|[\\s.])" + Pattern.quote(c.name()) + ",?\\s*$");
                assertThat(selected.matcher(select).find())
                        .as("%s.%s in %s", d.name(), c.name(), sql)
                        .isTrue();
            }
        }
    }
}
