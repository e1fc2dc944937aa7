package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.iceberg.rest.auth.AuthManager;
import org.apache.iceberg.rest.auth.AuthManagers;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.IcebergCatalogProperties;
import org.junit.jupiter.api.Test;

/** Which setting wins: the jobs' needs, then the job's configuration, then spark-submit, then our defaults. */
class SparkSessionSettingsTest {
    private static final String LAKE = "spark.sql.catalog.lake";

    private static SparkSessionSettings effective(Map<String, String> config, Map<String, String> sparkConf) {
        Map<String, String> c = new HashMap<>(config);
        c.put("job", "cases");
        c.put("date", "2026-03-02");
        return SparkSessionSettings.of(BatchSettings.from(CivicConfig.of(c)), sparkConf);
    }

    @Test
    void plainJavaRunsLocallyWithOurDefaultsAndTheBuiltInCatalog() {
        Map<String, String> s = effective(Map.of(), Map.of()).settings();
        assertThat(s)
                .contains(
                        entry("spark.master", "local[2]"),
                        entry("spark.ui.enabled", "false"),
                        entry("spark.sql.shuffle.partitions", "8"),
                        entry("spark.sql.session.timeZone", "UTC"),
                        entry("spark.sql.datetime.java8API.enabled", "true"),
                        entry("spark.sql.extensions", SparkSessionSettings.ICEBERG_EXTENSIONS),
                        entry(LAKE, "org.apache.iceberg.spark.SparkCatalog"),
                        entry(LAKE + ".type", "rest"),
                        entry(LAKE + ".uri", "http://127.0.0.1:8181"));
        assertThat(s.get("spark.redaction.regex")).contains("credential");
    }

    @Test
    void whatSparkSubmitSetWinsOverOurDefaults() {
        Map<String, String> submitted = Map.of(
                "spark.master",
                "spark://10.0.0.5:7077",
                "spark.sql.shuffle.partitions",
                "200",
                "spark.redaction.regex",
                "(?i)secret",
                LAKE + ".uri",
                "https://catalog.city.internal/api/catalog",
                LAKE + ".type",
                "rest");
        Map<String, String> s = effective(Map.of(), submitted).settings();
        // not set again, so the SparkConf's values stay; and a cluster application keeps its UI
        assertThat(s)
                .doesNotContainKeys(
                        "spark.master",
                        "spark.sql.shuffle.partitions",
                        "spark.ui.enabled",
                        "spark.redaction.regex",
                        LAKE + ".uri",
                        LAKE + ".type");
        assertThat(s).contains(entry(LAKE, "org.apache.iceberg.spark.SparkCatalog"));
    }

    @Test
    void theJobsConfigurationWinsOverTheSparkConfExceptForTheMasterSparkSubmitLaunchedOn() {
        SparkSessionSettings effective = effective(
                Map.of(
                        "spark.master", "spark://127.0.0.1:17077",
                        "spark.executor.memory", "2g",
                        "batch.shuffle-partitions", "64",
                        "catalog.uri", "http://127.0.0.1:18181"),
                Map.of(
                        "spark.master",
                        "spark://10.0.0.5:7077",
                        "spark.executor.memory",
                        "1g",
                        "spark.sql.shuffle.partitions",
                        "200",
                        LAKE + ".uri",
                        "http://elsewhere:8181"));
        assertThat(effective.settings())
                .contains(
                        entry("spark.executor.memory", "2g"),
                        entry("spark.sql.shuffle.partitions", "64"),
                        entry(LAKE + ".uri", "http://127.0.0.1:18181"))
                // the driver already runs against spark-submit's master: not switched
                .doesNotContainKey("spark.master")
                // not local: the UI stays on
                .doesNotContainKey("spark.ui.enabled");
        assertThat(effective.warnings())
                .containsExactly("spark.master=spark://127.0.0.1:17077 ignored: spark-submit launched this run on"
                        + " spark://10.0.0.5:7077");
        // launched with plain java (no master in the SparkConf): the configured master applies
        assertThat(effective(Map.of("spark.master", "spark://127.0.0.1:17077"), Map.of())
                        .settings())
                .contains(entry("spark.master", "spark://127.0.0.1:17077"))
                .doesNotContainKey("spark.ui.enabled");
    }

    @Test
    void aLocalMasterFromSparkSubmitStillTurnsTheUiOffUnlessAsked() {
        assertThat(effective(Map.of(), Map.of("spark.master", "local[*]")).settings())
                .contains(entry("spark.ui.enabled", "false"))
                .doesNotContainKey("spark.master");
        assertThat(effective(Map.of(), Map.of("spark.master", "local[*]", "spark.ui.enabled", "true"))
                        .settings())
                .doesNotContainKey("spark.ui.enabled");
        assertThat(effective(Map.of("spark.ui.enabled", "true"), Map.of()).settings())
                .contains(entry("spark.ui.enabled", "true"));
    }

    @Test
    void everyCatalogPropertyBecomesASparkCatalogSetting() {
        Map<String, String> s = effective(
                        Map.of(
                                "catalog.name", "civic",
                                "catalog.uri", "https://lakehouse.city.internal/iceberg",
                                "catalog.warehouse", "civic",
                                "catalog.credential", "client:secret",
                                "catalog.io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                                "catalog.s3.endpoint", "http://127.0.0.1:9000",
                                "catalog.s3.path-style-access", "true"),
                        Map.of())
                .settings();
        assertThat(s)
                .contains(
                        entry("spark.sql.catalog.civic", "org.apache.iceberg.spark.SparkCatalog"),
                        entry("spark.sql.catalog.civic.type", "rest"),
                        entry("spark.sql.catalog.civic.uri", "https://lakehouse.city.internal/iceberg"),
                        entry("spark.sql.catalog.civic.warehouse", "civic"),
                        entry("spark.sql.catalog.civic.credential", "client:secret"),
                        entry("spark.sql.catalog.civic.io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
                        entry("spark.sql.catalog.civic.s3.endpoint", "http://127.0.0.1:9000"),
                        entry("spark.sql.catalog.civic.s3.path-style-access", "true"))
                .doesNotContainKeys("spark.sql.catalog.civic.name", LAKE);
        // the file-system catalog of the tests; a catalog class instead of a type
        assertThat(effective(Map.of("catalog.type", "hadoop"), Map.of(LAKE + ".type", "rest"))
                        .settings())
                .contains(entry(LAKE + ".type", "hadoop"));
        assertThat(effective(Map.of("catalog.catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog"), Map.of())
                        .settings())
                .contains(entry(LAKE + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog"))
                .doesNotContainKey(LAKE + ".type");
    }

    @Test
    void aCredentialFileReachesTheCatalogAsItsPathForOurAuthManagerToRead() throws Exception {
        Path file = Files.createTempFile("catalog-batch", ".credential");
        Files.writeString(file, "civic-batch:the-secret\n");
        Map<String, String> s = effective(
                        Map.of("catalog.credential-file", file.toString(), "catalog.rest.auth.type", "oauth2"),
                        Map.of())
                .settings();
        assertThat(s)
                .contains(
                        entry(LAKE + ".credential-file", file.toString()),
                        entry(LAKE + ".rest.auth.type", IcebergCatalogProperties.CREDENTIAL_FILE_AUTH))
                .doesNotContainKey(LAKE + ".credential");
        assertThat(s.toString()).doesNotContain("the-secret");
        // the Spark runtime's Iceberg finds the auth manager by that name, as SparkCatalog hands it
        // the spark.sql.catalog.lake.* settings without their prefix
        Map<String, String> catalogOptions = new HashMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith(LAKE + ".")) {
                catalogOptions.put(k.substring(LAKE.length() + 1), v);
            }
        });
        try (AuthManager manager = AuthManagers.loadAuthManager("lake", catalogOptions)) {
            assertThat(manager.getClass().getName()).isEqualTo(IcebergCatalogProperties.CREDENTIAL_FILE_AUTH);
        }
    }

    @Test
    void anInlineCredentialStaysOneAndSparkHidesItInItsUiAndEventLogs() {
        Map<String, String> s = effective(Map.of("catalog.credential", "civic-batch:the-secret"), Map.of())
                .settings();
        assertThat(s).contains(entry(LAKE + ".credential", "civic-batch:the-secret"));
        assertThat(Pattern.compile(s.get("spark.redaction.regex"))
                        .matcher(LAKE + ".credential")
                        .find())
                .isTrue();
    }

    @Test
    void whatTheJobsNeedAlwaysHoldsAndOtherExtensionsAreKept() {
        SparkSessionSettings e = effective(
                Map.of("spark.sql.session.timeZone", "Europe/Rome"),
                Map.of(
                        "spark.sql.datetime.java8API.enabled", "false",
                        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension"));
        assertThat(e.settings())
                .contains(
                        entry("spark.sql.session.timeZone", "UTC"),
                        entry("spark.sql.datetime.java8API.enabled", "true"),
                        entry(
                                "spark.sql.extensions",
                                "io.delta.sql.DeltaSparkSessionExtension," + SparkSessionSettings.ICEBERG_EXTENSIONS));
        assertThat(e.warnings())
                .containsExactlyInAnyOrder(
                        "spark.sql.session.timeZone=Europe/Rome ignored: the batch jobs need UTC",
                        "spark.sql.datetime.java8API.enabled=false ignored: the batch jobs need true");
        assertThat(effective(Map.of(), Map.of("spark.sql.session.timeZone", "UTC"))
                        .warnings())
                .isEmpty();
    }
}
