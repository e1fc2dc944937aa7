package org.civicinsights.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.IcebergCatalogProperties;

/**
 * The settings a batch run gives its Spark session, from the job's configuration and what the
 * SparkConf already holds ({@code spark-submit --conf}, spark-defaults.conf, {@code -Dspark.*}),
 * in three layers:
 *
 * <ol>
 *   <li>what the jobs' code needs to be right, always: Iceberg's SQL extensions (added to any
 *       others), the catalog's Spark class, a UTC session time zone (Rome dates are computed from
 *       UTC instants) and java.time values in rows;
 *   <li>the configuration's {@code spark.*} keys (but {@code spark.master} yields to the master
 *       spark-submit launched the driver on), its {@code catalog.*} properties as
 *       {@code spark.sql.catalog.<name>.<property>} and {@code batch.shuffle-partitions}: the job's
 *       own settings, over the SparkConf;
 *   <li>our defaults, only where neither the configuration nor the SparkConf has the key, so that
 *       spark-submit wins: {@code local[2]}, 8 shuffle partitions, the catalog type {@code rest}
 *       and the built-in catalog URI, the UI off in local mode (a cluster application keeps its
 *       UI), and a redaction pattern that also hides catalog credentials in the UI and event logs.
 * </ol>
 *
 * @param settings what to set on the session builder, in that order (holds secrets: log it masked)
 * @param warnings configuration the jobs overrode because they depend on it
 */
public record SparkSessionSettings(Map<String, String> settings, List<String> warnings) {
    public static final String SPARK_PREFIX = "spark.";
    public static final String MASTER = "spark.master";
    public static final String LOCAL_MASTER = "local[2]";
    static final String EXTENSIONS = "spark.sql.extensions";
    static final String ICEBERG_EXTENSIONS = "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";
    static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
    /** Spark's own default pattern plus the REST catalog's credential and authorization headers. */
    static final String REDACTION_REGEX =
            "(?i)secret|password|token|access[.]?key|credential|authorization|[.]key$|private|apikey";

    static final Map<String, String> REQUIRED = Map.of(
            "spark.sql.session.timeZone", "UTC",
            "spark.sql.datetime.java8API.enabled", "true");

    /** @param sparkConf the entries of the SparkConf the session will start from */
    public static SparkSessionSettings of(BatchSettings s, Map<String, String> sparkConf) {
        CivicConfig config = s.config();
        List<String> warnings = new ArrayList<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, String> explicit = new LinkedHashMap<>();
        config.asMap().forEach((k, v) -> {
            if (k.startsWith(SPARK_PREFIX) && !v.isBlank()) {
                explicit.put(k, v.strip());
            }
        });
        if (config.has("batch.shuffle-partitions")) {
            explicit.put(SHUFFLE_PARTITIONS, String.valueOf(s.shufflePartitions()));
        } else {
            defaults.put(SHUFFLE_PARTITIONS, String.valueOf(s.shufflePartitions()));
        }

        String catalog = "spark.sql.catalog." + s.catalogName();
        Map<String, String> props = IcebergCatalogProperties.from(config);
        if (!props.containsKey("catalog-impl")) {
            (config.has(CivicConfig.CATALOG_TYPE) ? explicit : defaults).put(catalog + ".type", s.catalogType());
        }
        String builtInUri = CivicConfig.defaults().get(CivicConfig.CATALOG_URI);
        props.forEach((p, v) -> {
            boolean builtIn = p.equals("uri") && v.equals(builtInUri);
            (builtIn ? defaults : explicit).put(catalog + "." + p, v);
        });

        // the master is where spark-submit already launched this driver: a configured spark.master
        // (a copied civic.properties, CIVIC_SPARK_MASTER) applies only to a plain `java` launch
        String launchedOn = sparkConf.get(MASTER);
        if (launchedOn != null && explicit.containsKey(MASTER)) {
            String configured = explicit.remove(MASTER);
            if (!configured.equals(launchedOn)) {
                warnings.add(MASTER + "=" + configured + " ignored: spark-submit launched this run on " + launchedOn);
            }
        }
        String master = explicit.getOrDefault(MASTER, sparkConf.getOrDefault(MASTER, LOCAL_MASTER));
        defaults.put(MASTER, LOCAL_MASTER);
        if (master.startsWith("local")) {
            defaults.put("spark.ui.enabled", "false");
        }
        defaults.put("spark.redaction.regex", REDACTION_REGEX);

        Map<String, String> settings = new LinkedHashMap<>();
        defaults.forEach((k, v) -> {
            if (!sparkConf.containsKey(k) && !explicit.containsKey(k)) {
                settings.put(k, v);
            }
        });
        settings.putAll(explicit);
        String extensions = explicit.getOrDefault(EXTENSIONS, sparkConf.get(EXTENSIONS));
        settings.put(
                EXTENSIONS,
                extensions == null
                        ? ICEBERG_EXTENSIONS
                        : extensions.contains(ICEBERG_EXTENSIONS) ? extensions : extensions + "," + ICEBERG_EXTENSIONS);
        settings.put(catalog, "org.apache.iceberg.spark.SparkCatalog");
        REQUIRED.forEach((k, v) -> {
            String asked = explicit.getOrDefault(k, sparkConf.get(k));
            if (asked != null && !asked.equalsIgnoreCase(v)) {
                warnings.add(k + "=" + asked + " ignored: the batch jobs need " + v);
            }
            settings.put(k, v);
        });
        return new SparkSessionSettings(Collections.unmodifiableMap(settings), List.copyOf(warnings));
    }
}
