package org.civicinsights.batch.privacy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;

/**
 * The erase job's settings. The outbox, the Kafka producer's properties and its timeout are the
 * outreach job's ({@code outreach.outbox}, {@code kafka.client.*}, {@code kafka.client.outreach.*},
 * {@code outreach.kafka-timeout-ms}): a city configures its CRM channel once.
 */
public record ErasureSettings(
        String keysFile,
        String erasureId,
        String ticket,
        String reason,
        Duration snapshotGrace,
        Duration orphanMinAge,
        String topic,
        String outbox,
        String bootstrap,
        long kafkaTimeoutMs,
        Map<String, String> kafkaClient) {

    public static final String KEYS_FILE = "erase.keys-file";
    public static final String ID = "erase.id";
    public static final String TICKET = "erase.ticket";
    public static final String REASON = "erase.reason";
    public static final String SNAPSHOT_GRACE = "privacy.snapshot-grace";
    public static final String ORPHAN_MIN_AGE = CivicConfig.PRIVACY_ORPHAN_MIN_AGE;
    /** Unreferenced files younger than this are spared (see CivicConfig.DEFAULT_PRIVACY_ORPHAN_MIN_AGE). */
    public static final Duration DEFAULT_ORPHAN_MIN_AGE = Duration.parse(CivicConfig.DEFAULT_PRIVACY_ORPHAN_MIN_AGE);

    public static final String TOPIC = "privacy.erasures-topic";
    public static final String DEFAULT_TOPIC = "civic.privacy.erasures.v1";
    /** {@code privacy.erasures-topic=none}: notices to the outbox only (as outreach.topic=none). */
    public static final String NO_TOPIC = "none";

    public static ErasureSettings from(CivicConfig c) {
        String id = required(c, ID, "the erasure id, a UUID");
        try {
            if (!UUID.fromString(id).toString().equals(id.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ID + " must be a UUID");
        }
        String outbox = c.get("outreach.outbox", null);
        if (outbox == null || outbox.isBlank()) {
            throw new IllegalArgumentException(
                    "outreach.outbox is required: the erasure notices for the CRM are written there");
        }
        return new ErasureSettings(
                required(c, KEYS_FILE, "the file of citizen keys to erase, one a line"),
                id.toLowerCase(java.util.Locale.ROOT),
                required(c, TICKET, "the request's ticket"),
                required(c, REASON, "why the person is erased"),
                duration(c, SNAPSHOT_GRACE, Duration.ZERO),
                duration(c, ORPHAN_MIN_AGE, DEFAULT_ORPHAN_MIN_AGE),
                c.get(TOPIC, DEFAULT_TOPIC).strip(),
                outbox.strip(),
                c.get(CivicConfig.KAFKA_BOOTSTRAP),
                c.getLong("outreach.kafka-timeout-ms", 30_000),
                KafkaClientProperties.of(c, KafkaClientProperties.Kind.OUTREACH));
    }

    boolean kafka() {
        return !topic.equals(NO_TOPIC);
    }

    private static String required(CivicConfig c, String key, String what) {
        String v = c.get(key, null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is required: " + what);
        }
        return v.strip();
    }

    /** An ISO-8601 duration of zero or more, or {@code fallback} when the key is not set. */
    static Duration duration(CivicConfig c, String key, Duration fallback) {
        String v = c.get(key, null);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(v.strip());
            if (d.isNegative()) {
                throw new IllegalArgumentException(key + " must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    key + " must be an ISO-8601 duration such as PT0S, PT10M or P7D, not " + v);
        }
    }
}
