package org.civicinsights.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class SupersetBundleTest {
    private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = SupersetBundle.ROOT + "/";

    private final SupersetBundle bundle =
            SupersetBundle.build(DashboardSources.bundled(), "jdbc:trino://127.0.0.1:8080", "civic", T);

    private Map<String, Object> doc(String path) {
        return new Yaml().load(bundle.files().get(path));
    }

    private List<Map<String, Object>> docs(String folder) {
        List<Map<String, Object>> out = new ArrayList<>();
        bundle.files().forEach((path, text) -> {
            if (path.startsWith(ROOT + folder + "/")) {
                out.add(new Yaml().load(text));
            }
        });
        return out;
    }

    @Test
    void oneRootFolderWithMetadataAndTheFourKindsOfFiles() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        bundle.writeZip(zip);
        Set<String> names = new HashSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        assertThat(names).allSatisfy(n -> assertThat(n).startsWith(ROOT).endsWith(".yaml"));
        assertThat(bundle.files().values())
                .as("no YAML anchors: plain, diffable files")
                .noneMatch(t -> t.contains("&id0"));
        assertThat(names).contains(ROOT + "metadata.yaml", ROOT + "databases/civic_lake.yaml");
        for (String folder : List.of("datasets", "charts", "dashboards")) {
            assertThat(names).anyMatch(n -> n.startsWith(ROOT + folder + "/"));
        }
        Map<String, Object> meta = doc(ROOT + "metadata.yaml");
        assertThat(meta).containsEntry("version", "1.0.0").containsEntry("type", "Dashboard");
        assertThat(String.valueOf(meta.get("timestamp"))).startsWith("2026-11-26T10:00");
    }

    @Test
    void theDatabasePointsAtTrinosLakeCatalog() {
        assertThat(doc(ROOT + "databases/civic_lake.yaml"))
                .containsEntry("database_name", "civic_lake")
                .containsEntry("sqlalchemy_uri", "trino://civic@127.0.0.1:8080/lake")
                .containsEntry("extra", Map.of());
        Map<String, Object> tls = new Yaml()
                .load(SupersetBundle.build(
                                DashboardSources.bundled(),
                                "jdbc:trino://trino.comune.roma.it:8443/lake?SSL=true",
                                "superset",
                                Instant.EPOCH)
                        .files()
                        .get(ROOT + "databases/civic_lake.yaml"));
        assertThat(tls)
                .containsEntry(
                        "extra", Map.of("engine_params", Map.of("connect_args", Map.of("http_scheme", "https"))));
        Map<String, Object> privateCa = new Yaml()
                .load(SupersetBundle.build(
                                DashboardSources.bundled(),
                                "jdbc:trino://127.0.0.1:8443?ssl=true&SSLTrustStorePath=/srv/civic/secrets/tls/ca.pem",
                                "manager",
                                Instant.EPOCH)
                        .files()
                        .get(ROOT + "databases/civic_lake.yaml"));
        assertThat(privateCa)
                .containsEntry("sqlalchemy_uri", "trino://manager@127.0.0.1:8443/lake")
                .containsEntry(
                        "extra",
                        Map.of(
                                "engine_params",
                                Map.of(
                                        "connect_args",
                                        Map.of("http_scheme", "https", "verify", "/srv/civic/secrets/tls/ca.pem"))));
        assertThat(SupersetBundle.sqlalchemyUri("jdbc:trino://trino.comune.roma.it:8443/lake?SSL=true", "superset"))
                .isEqualTo("trino://superset@trino.comune.roma.it:8443/lake");
        assertThatThrownBy(() -> SupersetBundle.sqlalchemyUri("http://x:8080", "civic"))
                .hasMessageContaining("jdbc:trino://");
    }

    @Test
    void everyReferenceResolves() {
        Set<Object> databases = new HashSet<>();
        docs("databases").forEach(d -> databases.add(d.get("uuid")));
        Set<Object> datasets = new HashSet<>();
        for (Map<String, Object> d : docs("datasets")) {
            assertThat(databases).contains(d.get("database_uuid"));
            datasets.add(d.get("uuid"));
        }
        Set<Object> charts = new HashSet<>();
        for (Map<String, Object> c : docs("charts")) {
            assertThat(datasets).as("dataset of chart %s", c.get("slice_name")).contains(c.get("dataset_uuid"));
            charts.add(c.get("uuid"));
        }
        Set<Object> placed = new HashSet<>();
        for (Map<String, Object> d : docs("dashboards")) {
            Set<Object> chartIds = new HashSet<>();
            nodes(d, "CHART").forEach(n -> {
                Map<String, Object> meta = cast(n.get("meta"));
                assertThat(charts).as("chart in %s", d.get("slug")).contains(meta.get("uuid"));
                assertThat(chartIds.add(meta.get("chartId"))).isTrue();
                placed.add(meta.get("uuid"));
            });
            Map<String, Object> metadata = cast(d.get("metadata"));
            List<Map<String, Object>> filters = cast(metadata.get("native_filter_configuration"));
            for (Map<String, Object> f : filters) {
                List<Map<String, Object>> targets = cast(f.get("targets"));
                targets.stream()
                        .filter(t -> t.containsKey("datasetUuid"))
                        .forEach(t -> assertThat(datasets).contains(t.get("datasetUuid")));
                Map<String, Object> scope = cast(f.get("scope"));
                assertThat(chartIds).containsAll(cast(scope.get("excluded")));
            }
        }
        assertThat(placed)
                .as("every chart is on a dashboard (Superset imports only those)")
                .isEqualTo(charts);
    }

    @Test
    void everyChartHasAQueryContextMatchingItsParams() throws Exception {
        for (Map<String, Object> c : docs("charts")) {
            Map<String, Object> params = cast(c.get("params"));
            assertThat(params.get("viz_type")).isEqualTo(c.get("viz_type"));
            JsonNode qc = JSON.readTree((String) c.get("query_context"));
            assertThat(qc.at("/datasource/type").asText()).isEqualTo("table");
            assertThat(qc.at("/datasource/id").asInt() + "__table").isEqualTo(params.get("datasource"));
            assertThat(qc.at("/form_data/datasource").asText()).isEqualTo(params.get("datasource"));
            assertThat(qc.at("/form_data/viz_type").asText()).isEqualTo(c.get("viz_type"));
            assertThat(qc.at("/queries").size()).isEqualTo(1);
            assertThat(qc.at("/queries/0/metrics").size())
                    .as("metrics of %s", c.get("slice_name"))
                    .isPositive();
            assertThat(qc.at("/queries/0/row_limit").asInt()).isPositive();
            assertThat(qc.at("/result_type").asText()).isEqualTo("full");
            if ("echarts_timeseries_line".equals(c.get("viz_type"))) {
                // a series of one point (the demo's single day, a new week) must still show
                assertThat(params).as("%s", c.get("slice_name")).containsEntry("markerEnabled", true);
            }
        }
    }

    @Test
    void timeColumnsAreLocalTimestampsOrDates() {
        for (Map<String, Object> d : docs("datasets")) {
            List<Map<String, Object>> columns = cast(d.get("columns"));
            for (Map<String, Object> col : columns) {
                String type = (String) col.get("type");
                boolean temporal = type.equals("TIMESTAMP(6)") || type.equals("DATE");
                assertThat(col.get("is_dttm"))
                        .as("%s.%s", d.get("table_name"), col.get("column_name"))
                        .isEqualTo(temporal);
            }
            Object main = d.get("main_dttm_col");
            if (main != null) {
                assertThat(columns)
                        .anyMatch(c -> c.get("column_name").equals(main) && Boolean.TRUE.equals(c.get("is_dttm")));
            }
            assertThat(d)
                    .containsEntry("schema", "reporting")
                    .containsEntry("catalog", "lake")
                    .containsEntry("sql", null);
        }
    }

    @Test
    void rowsFitTheTwelveColumnGrid() {
        for (Map<String, Object> d : docs("dashboards")) {
            Map<String, Object> position = cast(d.get("position"));
            nodes(d, "ROW").forEach(row -> {
                List<String> children = cast(row.get("children"));
                int width = children.stream()
                        .mapToInt(id -> (Integer) ((Map<?, ?>) ((Map<?, ?>) position.get(id)).get("meta")).get("width"))
                        .sum();
                assertThat(width).as("%s %s", d.get("slug"), row.get("id")).isBetween(1, 12);
            });
        }
    }

    @Test
    void sameInputsGiveTheSameBytes() throws Exception {
        SupersetBundle again =
                SupersetBundle.build(DashboardSources.bundled(), "jdbc:trino://127.0.0.1:8080", "civic", T);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        bundle.writeZip(a);
        again.writeZip(b);
        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
        SupersetBundle later = SupersetBundle.build(
                DashboardSources.bundled(), "jdbc:trino://127.0.0.1:8080", "civic", T.plusSeconds(60));
        later.files().forEach((path, text) -> {
            if (!path.endsWith("metadata.yaml")) {
                assertThat(text).as(path).isEqualTo(bundle.files().get(path));
            }
        });
    }

    @Test
    void theFiveDashboardsHaveTheirItalianTitles() {
        assertThat(docs("dashboards"))
                .extracting(d -> d.get("dashboard_title"))
                .containsExactly(
                        "Panoramica",
                        "Qualità del servizio e SLA",
                        "Contact center",
                        "Ascolto dei cittadini",
                        "Outreach");
        assertThat(bundle.files().get(ROOT + "dashboards/qualita-sla.yaml")).contains("Qualità");
    }

    /** The position nodes of one type (CHART, ROW...) of a dashboard document. */
    private static List<Map<String, Object>> nodes(Map<String, Object> dashboard, String type) {
        Map<String, Object> position = cast(dashboard.get("position"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object n : position.values()) {
            if (n instanceof Map<?, ?> m && type.equals(m.get("type"))) {
                out.add(cast(m));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
