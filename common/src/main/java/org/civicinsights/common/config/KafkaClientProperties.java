package org.civicinsights.common.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka client properties a configuration gives one kind of client: every {@code kafka.client.*}
 * key with the prefix stripped, then {@code kafka.client.<kind>.*} on top ({@code
 * kafka.client.security.protocol=SASL_SSL} for every client, {@code kafka.client.ingest.sasl.jaas.config}
 * for the ingest job only). So TLS, SASL, timeouts or a city's own settings need no code change.
 *
 * <p>Secrets stay out of the values: Kafka's own config providers resolve references when the client is
 * created, e.g. {@code kafka.client.config.providers=file},
 * {@code kafka.client.config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider}
 * and {@code ...password="${file:/path/kafka-ingest.properties:password}";}.
 *
 * <p>The settings the platform's guarantees rest on ({@link #FIXED}) cannot be given here: a clear error,
 * not a silent override. Returns plain strings: common has no Kafka dependency, each client module turns
 * the map into its client's properties.
 */
public final class KafkaClientProperties {
    public static final String PREFIX = "kafka.client.";

    /**
     * The outreach export's transactional id: one transactional writer per platform, so the next run
     * fences a stuck one. Fixed (see {@link #FIXED}): the broker's ACL for the outreach user names it.
     */
    public static final String OUTREACH_TRANSACTIONAL_ID = "civic-outreach-export";

    /** The kinds of client, each with its own user on a secured broker. */
    public enum Kind {
        /** The Flink ingest job's source (interactions and rejected-records topics). */
        INGEST,
        /** The generator, the importers and `civic rejected replay`. */
        PRODUCER,
        /** The HTTP collector's producer and its health check. */
        COLLECTOR,
        /** The outreach job's transactional producer (Spark driver). */
        OUTREACH,
        /** The CLI's admin client: topics, the lag probe, the stack's health checks. */
        ADMIN;

        /** The name in keys and user names: {@code ingest}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code kafka.client.ingest.} */
        public String prefix() {
            return PREFIX + key() + ".";
        }
    }

    /**
     * Client properties the platform sets itself (delivery and read guarantees, serialisation, where the
     * broker is), each with what to set instead, if anything.
     */
    public static final Map<String, String> FIXED = Map.ofEntries(
            Map.entry("bootstrap.servers", "set " + CivicConfig.KAFKA_BOOTSTRAP + " instead"),
            Map.entry("acks", "every producer waits for all in-sync replicas (acks=all)"),
            Map.entry("enable.idempotence", "every producer is idempotent"),
            Map.entry("transactional.id", "the outreach export's transactions rest on its fixed id"),
            Map.entry("isolation.level", "the ingest job reads committed records only"),
            Map.entry("group.id", "set ingest.consumer-group instead"),
            Map.entry("key.serializer", "records are UTF-8 strings"),
            Map.entry("value.serializer", "records are UTF-8 strings"),
            Map.entry("key.deserializer", "records are UTF-8 strings"),
            Map.entry("value.deserializer", "records are UTF-8 strings"));

    private KafkaClientProperties() {}

    /**
     * The properties for one kind of client, sorted by name. Holds references to secrets, or secrets
     * when a city puts them there: log it only through {@link CivicConfig#masked}.
     *
     * @throws IllegalArgumentException when a key of {@link #FIXED} is given
     */
    public static Map<String, String> of(CivicConfig config, Kind kind) {
        return of(config.asMap(), kind);
    }

    /** {@link #of(CivicConfig, Kind)} over plain settings. */
    public static Map<String, String> of(Map<String, String> settings, Kind kind) {
        Map<String, String> general = new TreeMap<>();
        Map<String, String> own = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (value == null || value.isBlank() || !key.startsWith(PREFIX)) {
                return;
            }
            Kind of = kindOf(key);
            if (of == null) {
                general.put(key.substring(PREFIX.length()), value.strip());
            } else if (of == kind && key.length() > kind.prefix().length()) {
                own.put(key.substring(kind.prefix().length()), value.strip());
            }
        });
        Map<String, String> props = new TreeMap<>(general);
        props.putAll(own);
        for (String name : props.keySet()) {
            String why = FIXED.get(name);
            if (why != null) {
                String key = (own.containsKey(name) ? kind.prefix() : PREFIX) + name;
                throw new IllegalArgumentException("configuration '" + key + "' cannot be set: " + why);
            }
        }
        return props;
    }

    /** The kind whose prefix a key is under, or null for a key of every client. */
    private static Kind kindOf(String key) {
        for (Kind k : Kind.values()) {
            if (key.startsWith(k.prefix())) {
                return k;
            }
        }
        return null;
    }

    /**
     * The properties for a Kafka client whose classes were relocated into another package (the
     * batch job jar shades {@code org.apache.kafka}): class names in values ({@code
     * config.providers.file.class}, the login module named in {@code sasl.jaas.config}) are moved to
     * that package, else the client looks for classes that are not in the jar.
     *
     * @param kafkaPackage the package the client's {@code org.apache.kafka} classes are in, e.g.
     *     {@code org.civicinsights.shaded.kafka}
     */
    public static Map<String, String> relocated(Map<String, String> props, String kafkaPackage) {
        // assembled at run time: the shade plugin rewrites string constants naming relocated packages
        String original = String.join(".", "org", "apache", "kafka");
        if (kafkaPackage.equals(original)) {
            return props;
        }
        Map<String, String> moved = new TreeMap<>();
        props.forEach((k, v) -> moved.put(k, v.replace(original + ".", kafkaPackage + ".")));
        return moved;
    }
}
