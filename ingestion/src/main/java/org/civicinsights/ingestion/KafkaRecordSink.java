package org.civicinsights.ingestion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;

/**
 * Publishes records to a Kafka topic with an idempotent producer ({@code acks=all},
 * {@code enable.idempotence=true}, {@code linger.ms=20}, lz4 compression), key and value as UTF-8
 * strings.
 *
 * <p>Sends are asynchronous. A record whose delivery fails (after the producer's own retries) is
 * remembered; the next {@link #flush} or {@link #close} throws a {@link RecordSinkException} that
 * counts them and carries the first failure as its cause (and a few more as suppressed). Errors
 * thrown by {@code send} itself propagate immediately. Nothing is lost silently.
 */
public final class KafkaRecordSink implements RecordSink {
    private static final int MAX_KEPT_ERRORS = 10;

    private final Producer<String, String> producer;
    private final String topic;
    private final Object lock = new Object();
    private final List<Exception> errors = new ArrayList<>();
    private long failed;
    private boolean closed;

    public KafkaRecordSink(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, Map.of());
    }

    /**
     * With extra producer settings (security, client id, ...) that override the defaults; not the
     * bootstrap servers, acks, idempotence and serialisers, which stay as above.
     */
    public KafkaRecordSink(String bootstrapServers, String topic, Map<String, ?> overrides) {
        this(new KafkaProducer<>(producerConfig(bootstrapServers, overrides)), topic);
    }

    /**
     * The platform's producers (generator, importers): Kafka at {@code kafka.bootstrap}, with the
     * {@code kafka.client.*} and {@code kafka.client.producer.*} settings (security...).
     */
    public static KafkaRecordSink of(CivicConfig config, String topic) {
        return new KafkaRecordSink(
                config.get(CivicConfig.KAFKA_BOOTSTRAP),
                topic,
                KafkaClientProperties.of(config, KafkaClientProperties.Kind.PRODUCER));
    }

    /** For tests: any producer, e.g. Kafka's MockProducer. */
    KafkaRecordSink(Producer<String, String> producer, String topic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic is required");
        }
        this.topic = topic;
    }

    /** The producer configuration used by the public constructors. */
    static Properties producerConfig(String bootstrapServers, Map<String, ?> overrides) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers is required");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "civic-generator");
        if (overrides != null) {
            overrides.forEach(p::put);
        }
        // what nothing may change: every record acknowledged by all replicas, once
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    @Override
    public void send(String key, String value) {
        if (closed) {
            throw new IllegalStateException("sink for topic " + topic + " is closed");
        }
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
            if (exception != null) {
                recordFailure(exception);
            }
        });
    }

    private void recordFailure(Exception e) {
        synchronized (lock) {
            failed++;
            if (errors.size() < MAX_KEPT_ERRORS) {
                errors.add(e);
            }
        }
    }

    @Override
    public void flush() {
        if (!closed) {
            producer.flush();
        }
        throwIfFailed();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        throwIfFailed();
    }

    /** Throws once for the failures seen since the last throw. */
    private void throwIfFailed() {
        long count;
        List<Exception> seen;
        synchronized (lock) {
            if (failed == 0) {
                return;
            }
            count = failed;
            seen = new ArrayList<>(errors);
            failed = 0;
            errors.clear();
        }
        RecordSinkException e = new RecordSinkException(
                count + " record(s) could not be sent to topic " + topic + ": " + seen.get(0), seen.get(0));
        for (int i = 1; i < seen.size(); i++) {
            e.addSuppressed(seen.get(i));
        }
        throw e;
    }
}
