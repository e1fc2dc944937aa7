package org.civicinsights.cli.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.civicinsights.common.config.CivicConfig;

/**
 * Ports and sizes of the local stack; every one can be set in civic.properties or CIVIC_* variables.
 * The topology (embedded or cluster) and the cluster's own ports come last.
 */
public record StackSettings(
        int kafkaPort,
        int kafkaControllerPort,
        int catalogPort,
        int trinoPort,
        int collectorPort,
        String trinoJavaHome,
        String trinoHeap,
        String ingestHeap,
        String topic,
        String rejectedTopic,
        int topicPartitions,
        long checkpointIntervalMs,
        Map<String, String> schedules,
        String outreachTopic,
        String erasuresTopic,
        StackTopology topology,
        ClusterSettings cluster,
        boolean secured) {
    /**
     * {@code on} (the default): Kafka over SASL_SSL, Trino over HTTPS with logins and roles, the
     * catalog behind OAuth2. {@code off}: all three open on 127.0.0.1, for a quick look or to debug.
     * On by default because it costs little (docs/security.md, "Cost of security") and because the
     * local stack is what a city copies.
     */
    public static final String SECURITY = "stack.security";

    /** The mode of a stack that does not say: a data dir written before the key existed is upgraded. */
    static final String DEFAULT_SECURITY = "on";

    public static StackSettings from(CivicConfig c) {
        return new StackSettings(
                (int) c.getLong("stack.kafka-port", 9092),
                (int) c.getLong("stack.kafka-controller-port", 9093),
                (int) c.getLong("stack.catalog-port", 8181),
                (int) c.getLong("stack.trino-port", 8080),
                (int) c.getLong("stack.collector-port", 8088),
                c.get("stack.trino-java-home", null),
                c.get("stack.trino-heap", "1G"),
                c.get("stack.ingest-heap", "768m"),
                c.get(CivicConfig.KAFKA_TOPIC),
                c.get(CivicConfig.KAFKA_REJECTED_TOPIC),
                (int) c.getLong("stack.topic-partitions", 2),
                c.getLong("ingest.checkpoint-interval-ms", 5_000),
                schedules(c),
                c.get(CivicConfig.OUTREACH_TOPIC),
                c.get(CivicConfig.PRIVACY_ERASURES_TOPIC),
                StackTopology.of(c.get(StackTopology.KEY, StackTopology.EMBEDDED.key())),
                ClusterSettings.from(c),
                security(c.get(SECURITY, DEFAULT_SECURITY)));
    }

    static boolean security(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException(SECURITY + " must be on or off, got '" + value + "'");
        };
    }

    /** The same settings for the given topology (`civic stack up --cluster`). */
    public StackSettings withTopology(StackTopology t) {
        return new StackSettings(
                kafkaPort,
                kafkaControllerPort,
                catalogPort,
                trinoPort,
                collectorPort,
                trinoJavaHome,
                trinoHeap,
                ingestHeap,
                topic,
                rejectedTopic,
                topicPartitions,
                checkpointIntervalMs,
                schedules,
                outreachTopic,
                erasuresTopic,
                t,
                cluster,
                secured);
    }

    public boolean clustered() {
        return topology == StackTopology.CLUSTER;
    }

    /** The scheduler's settings (schedule.*), passed on to the stack's scheduler through civic.properties. */
    private static Map<String, String> schedules(CivicConfig c) {
        Map<String, String> m = new TreeMap<>();
        c.asMap().forEach((k, v) -> {
            if (k.startsWith("schedule.")) {
                m.put(k, v);
            }
        });
        return m;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String catalogUri() {
        return "http://127.0.0.1:" + catalogPort;
    }

    public String trinoUrl() {
        return "jdbc:trino://127.0.0.1:" + trinoPort;
    }

    /** What clients need to reach this stack (written to civic.properties). */
    public Map<String, String> clientSettings(StackLayout layout) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CivicConfig.KAFKA_BOOTSTRAP, kafkaBootstrap());
        m.put(CivicConfig.KAFKA_TOPIC, topic);
        m.put(CivicConfig.KAFKA_REJECTED_TOPIC, rejectedTopic);
        m.put(CivicConfig.OUTREACH_TOPIC, outreachTopic);
        m.put(CivicConfig.PRIVACY_ERASURES_TOPIC, erasuresTopic);
        m.put(CivicConfig.CATALOG_URI, catalogUri());
        m.put(CivicConfig.TRINO_URL, trinoUrl());
        m.put(CivicConfig.PSEUDONYMISATION_KEY_FILE, layout.keyFile().toString());
        // so that `stack status` and `stack down` find the same stack without repeating --config
        m.put("stack.kafka-port", String.valueOf(kafkaPort));
        m.put("stack.kafka-controller-port", String.valueOf(kafkaControllerPort));
        m.put("stack.catalog-port", String.valueOf(catalogPort));
        m.put("stack.trino-port", String.valueOf(trinoPort));
        m.put("stack.collector-port", String.valueOf(collectorPort));
        m.put("stack.topic-partitions", String.valueOf(topicPartitions));
        if (trinoJavaHome != null) {
            m.put("stack.trino-java-home", trinoJavaHome);
        }
        m.put("stack.trino-heap", trinoHeap);
        m.put("stack.ingest-heap", ingestHeap);
        m.put("ingest.checkpoint-interval-ms", String.valueOf(checkpointIntervalMs));
        m.putAll(schedules);
        m.put(StackTopology.KEY, topology.key());
        m.put(SECURITY, secured ? "on" : "off");
        if (secured) {
            // Kafka: SASL_SSL, each client kind with its own SCRAM login (passwords only in files under secrets/)
            m.putAll(KafkaSecurity.of(layout).clientSettings());
        }
        if (clustered()) {
            m.putAll(cluster.asProperties());
            m.put("flink.jobmanager", cluster.flinkJobManager());
        }
        return m;
    }
}
