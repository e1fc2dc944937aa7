package org.civicinsights.common.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Settings shared by every process of the platform. Only these change between the embedded
 * default and a cluster (bootstrap servers, catalog URI, Trino URL, key).
 *
 * <p>Precedence, lowest first: built-in defaults, a properties file, environment variables
 * ({@code CIVIC_KAFKA_BOOTSTRAP} for {@code kafka.bootstrap}), explicit overrides
 * ({@code --set key=value} or {@code --key value} on a job's command line).
 */
public final class CivicConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
    public static final String KAFKA_TOPIC = "kafka.topic";
    public static final String KAFKA_REJECTED_TOPIC = "kafka.rejected-topic";
    /** The topic the outreach job exports list changes to the CRM on ("none": files only). */
    public static final String OUTREACH_TOPIC = "outreach.topic";
    /** The topic erasure notices go to the CRM on (civic privacy erase; key = the citizen key). */
    public static final String PRIVACY_ERASURES_TOPIC = "privacy.erasures-topic";
    /** Physical cleanup deletes unreferenced lake files only once they are older than this (ISO-8601). */
    public static final String PRIVACY_ORPHAN_MIN_AGE = "privacy.orphan-min-age";
    /**
     * One day: a file no snapshot references yet may belong to a Spark write still running or to a
     * Flink checkpoint the ingest job restores from after an outage; deleting it loses that data.
     * Iceberg's own default is 3 days and its SQL procedure refuses less than 24 hours. A constant
     * String so --help can name it.
     */
    public static final String DEFAULT_PRIVACY_ORPHAN_MIN_AGE = "P1D";

    public static final String CATALOG_URI = "catalog.uri";
    public static final String CATALOG_NAME = "catalog.name";
    /** The batch jobs' catalog kind (rest or hadoop); like the name, not handed to the catalog client. */
    public static final String CATALOG_TYPE = "catalog.type";
    /** Every key below it is an Iceberg catalog property (see {@link IcebergCatalogProperties}). */
    public static final String CATALOG_PREFIX = "catalog.";

    public static final String TRINO_URL = "trino.url";
    public static final String TRINO_USER = "trino.user";
    public static final String PSEUDONYMISATION_KEY = "pseudonymisation.key";
    public static final String PSEUDONYMISATION_KEY_FILE = "pseudonymisation.key-file";

    private static final Map<String, String> DEFAULTS = Map.of(
            KAFKA_BOOTSTRAP, "127.0.0.1:9092",
            KAFKA_TOPIC, "civic.interactions.v1",
            KAFKA_REJECTED_TOPIC, "civic.interactions.rejected.v1",
            OUTREACH_TOPIC, "civic.outreach.changes.v1",
            PRIVACY_ERASURES_TOPIC, "civic.privacy.erasures.v1",
            CATALOG_URI, "http://127.0.0.1:8181",
            CATALOG_NAME, "lake",
            TRINO_URL, "jdbc:trino://127.0.0.1:8080",
            TRINO_USER, "civic");

    /**
     * Every key of the platform that holds a '-' or '_', which an environment variable name cannot
     * tell from a '.': CIVIC_STACK_KAFKA_PORT first reads as stack.kafka.port and is mapped back to
     * stack.kafka-port.
     */
    public static final List<String> HYPHENATED = List.of(
            PSEUDONYMISATION_KEY_FILE,
            KAFKA_REJECTED_TOPIC,
            "stack.kafka-port",
            "stack.kafka-controller-port",
            "stack.catalog-port",
            "stack.trino-port",
            "stack.collector-port",
            "stack.trino-java-home",
            "stack.trino-heap",
            "stack.ingest-heap",
            "stack.topic-partitions",
            "stack.s3-port",
            "stack.flink-rest-port",
            "stack.flink-rpc-port",
            "stack.flink-taskmanagers",
            "stack.flink-slots",
            "stack.spark-master-port",
            "stack.spark-master-ui-port",
            "stack.spark-worker-ui-port",
            "stack.spark-worker-cores",
            "stack.spark-worker-memory",
            "ingest.consumer-group",
            "clusters.k-min",
            "clusters.k-max",
            "batch.shuffle-partitions",
            "batch.catch-up-days",
            "batch.check-upstream",
            "batch.triggered-by",
            "ingest.checkpoint-interval-ms",
            "ingest.checkpoint-dir",
            "ingest.dedup-window-hours",
            "ingest.fail-after-records",
            "ingest.fail-times",
            "outreach.max-contacts",
            "outreach.window-days",
            "outreach.dry-run",
            "outreach.allow-earlier-date",
            "outreach.kafka-timeout-ms",
            PRIVACY_ERASURES_TOPIC,
            "privacy.snapshot-grace",
            PRIVACY_ORPHAN_MIN_AGE,
            "privacy.snapshot-retention",
            "erase.keys-file",
            "schedule.retry-delay",
            "collector.max-body-bytes",
            "collector.max-batch",
            "collector.max-in-flight",
            "collector.max-concurrent-requests",
            "collector.max-event-bytes",
            "collector.ack-timeout-ms",
            "collector.shutdown-timeout-ms",
            "collector.health-cache-ms",
            "collector.worker-threads",
            // Iceberg catalog properties (catalog.* is handed to the catalog client, see IcebergCatalogProperties)
            "catalog.catalog-impl",
            "catalog.credential-file",
            "catalog.io-impl",
            "catalog.oauth2-server-uri",
            "catalog.token-refresh-enabled",
            "catalog.s3.endpoint",
            "catalog.s3.path-style-access",
            "catalog.s3.access-key-id",
            "catalog.s3.secret-access-key",
            "catalog.s3.session-token",
            "catalog.client.assume-role.arn",
            "catalog.client.assume-role.region",
            "catalog.rest.sigv4-enabled",
            "catalog.rest.signing-region",
            "catalog.rest.signing-name",
            // Trino logins (civic-cli's TrinoConnections): per role, trino.ROLE.user / password / password-file
            "trino.password-file",
            "trino.analyst.password-file",
            "trino.manager.password-file",
            "trino.crm_operator.user",
            "trino.crm_operator.password",
            "trino.crm_operator.password-file",
            "trino.engineer.password-file",
            "trino.ddl.password-file");
    // (ingest.resume and ingest.bounded have no hyphen)
    /** A variable name has '_' for both '-' and '_' of a key (CIVIC_TRINO_CRM_OPERATOR_PASSWORD). */
    private static final Map<String, String> HYPHENATED_KEYS = HYPHENATED.stream()
            .collect(Collectors.toMap(k -> k.replace('-', '.').replace('_', '.'), k -> k));

    private final Map<String, String> values;

    private CivicConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static CivicConfig defaults() {
        return new CivicConfig(DEFAULTS);
    }

    public static CivicConfig of(Map<String, String> overrides) {
        return defaults().with(overrides);
    }

    /** Defaults, then the file (if it exists), then the environment. */
    public static CivicConfig load(Path propertiesFile, Map<String, String> env) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        if (propertiesFile != null && Files.exists(propertiesFile)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(propertiesFile)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration " + propertiesFile, e);
            }
            p.stringPropertyNames().forEach(k -> v.put(k, p.getProperty(k).strip()));
        }
        env.forEach((k, val) -> keyOfVariable(k).ifPresent(key -> v.put(key, val)));
        return new CivicConfig(v);
    }

    /**
     * The key an environment variable sets: {@code CIVIC_KAFKA_BOOTSTRAP} sets kafka.bootstrap,
     * {@code CIVIC_CATALOG_S3_SECRET_ACCESS_KEY} catalog.s3.secret-access-key (a key of
     * {@link #HYPHENATED}); empty for a variable that is no setting (not CIVIC_*, or CIVIC_HOME).
     */
    public static Optional<String> keyOfVariable(String name) {
        if (!name.startsWith("CIVIC_") || name.equals("CIVIC_HOME")) {
            return Optional.empty();
        }
        String key = name.substring(6).toLowerCase(Locale.ROOT).replace('_', '.');
        return Optional.of(HYPHENATED_KEYS.getOrDefault(key, key));
    }

    /**
     * Reads {@code --key value} and {@code --key=value} pairs (as given to a job jar by
     * {@code flink run} or {@code spark-submit}) on top of the defaults. A {@code --config FILE}
     * pair loads that file first.
     */
    public static CivicConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (expected --key value)");
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            pairs.put(key, value);
        }
        String file = pairs.remove("config");
        return load(file == null ? null : Path.of(file), env).with(pairs);
    }

    public CivicConfig with(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.putAll(overrides);
        return new CivicConfig(v);
    }

    public CivicConfig with(String key, String value) {
        return with(Map.of(key, value));
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("configuration '" + key + "' is not set");
        }
        return v;
    }

    public String get(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    public long getLong(String key, long fallback) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration '" + key + "' must be a whole number, got '" + v + "'");
        }
    }

    public boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isBlank();
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** For logs: every value, secrets shown as {@code ***} (see {@link #isSecret}). */
    @Override
    public String toString() {
        return masked(values).toString();
    }

    /**
     * Whether a key looks like it holds a secret, so its value is never printed: it names a
     * credential, token, secret, password or authorization (header), is a JAAS configuration
     * (sasl.jaas.config carries a password), or ends in {@code .key}
     * (pseudonymisation.key, s3.sse.key), but not a {@code key-file}, which holds only a path.
     * Works on stripped and engine keys too (credential, spark.sql.catalog.lake.token).
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(k::contains)
                || k.endsWith(".key")
                || k.contains(".key.") // spark.hadoop.fs.azure.account.key.<account>
                || k.equals("key");
    }

    private static final List<String> SECRET_WORDS = List.of(
            "credential", "token", "secret", "password", "authorization", "apikey", "api-key", "private", "jaas");

    /** A sorted copy for logs, each secret value replaced by {@code ***}. */
    public static Map<String, String> masked(Map<String, String> settings) {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((k, v) -> shown.put(k, isSecret(k) ? "***" : v));
        return shown;
    }
}
