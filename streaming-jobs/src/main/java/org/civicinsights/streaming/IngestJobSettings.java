package org.civicinsights.streaming;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.civicinsights.common.config.AcceptedKeys;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;

/**
 * The ingest job's own settings, read from the shared configuration.
 *
 * @param kafkaClient the Kafka consumer's extra properties ({@code kafka.client.*}, {@code
 *     kafka.client.ingest.*}): security and the like; may hold secrets, log it masked
 */
public record IngestJobSettings(
        String bootstrapServers,
        String topic,
        String rejectedTopic,
        String consumerGroup,
        String catalogUri,
        String catalogName,
        boolean bounded,
        Duration checkpointInterval,
        String checkpointDir,
        boolean resume,
        int parallelism,
        Duration dedupWindow,
        long failAfterRecords,
        int failTimes,
        Map<String, String> kafkaClient) {

    public IngestJobSettings {
        kafkaClient = Map.copyOf(kafkaClient);
    }

    /**
     * Every key the ingest job reads (here, in {@link IngestJob} and for the pseudonymisation key),
     * and the prefixes passed through: {@code catalog.} to the catalog client, {@code kafka.client.} to the
     * Kafka consumer.
     */
    public static final AcceptedKeys ACCEPTED = new AcceptedKeys(
            Set.of(
                    "config",
                    CivicConfig.KAFKA_BOOTSTRAP,
                    CivicConfig.KAFKA_TOPIC,
                    CivicConfig.KAFKA_REJECTED_TOPIC,
                    CivicConfig.PSEUDONYMISATION_KEY,
                    CivicConfig.PSEUDONYMISATION_KEY_FILE,
                    "ingest.consumer-group",
                    "ingest.bounded",
                    "ingest.checkpoint-interval-ms",
                    "ingest.checkpoint-dir",
                    "ingest.resume",
                    "ingest.parallelism",
                    "ingest.dedup-window-hours",
                    "ingest.fail-after-records",
                    "ingest.fail-times"),
            Set.of(CivicConfig.CATALOG_PREFIX, KafkaClientProperties.PREFIX));

    public static IngestJobSettings from(CivicConfig c) {
        return new IngestJobSettings(
                c.get(CivicConfig.KAFKA_BOOTSTRAP),
                c.get(CivicConfig.KAFKA_TOPIC),
                c.get(CivicConfig.KAFKA_REJECTED_TOPIC),
                c.get("ingest.consumer-group", "civic-ingest"),
                c.get(CivicConfig.CATALOG_URI),
                c.get(CivicConfig.CATALOG_NAME),
                Boolean.parseBoolean(c.get("ingest.bounded", "false")),
                Duration.ofMillis(c.getLong("ingest.checkpoint-interval-ms", 10_000)),
                c.get("ingest.checkpoint-dir", null),
                Boolean.parseBoolean(c.get("ingest.resume", "true")),
                (int) c.getLong("ingest.parallelism", 2),
                Duration.ofHours(c.getLong("ingest.dedup-window-hours", DropRepeatedEvents.DEFAULT_WINDOW.toHours())),
                c.getLong("ingest.fail-after-records", 0),
                (int) c.getLong("ingest.fail-times", 1),
                KafkaClientProperties.of(c, KafkaClientProperties.Kind.INGEST));
    }
}
