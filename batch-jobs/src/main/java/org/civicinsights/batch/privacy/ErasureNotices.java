package org.civicinsights.batch.privacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicinsights.batch.outreach.ChangeTopic;
import org.civicinsights.common.config.KafkaClientProperties;
import org.civicinsights.common.io.PrivateFiles;

/**
 * Tells the CRM whom to erase: one JSON notice per citizen key, on a Kafka topic (key = the citizen
 * key) and as one JSON Lines file per erasure in the outbox ({@code <outbox>/erasures/<id>.jsonl}).
 * A notice carries the person's citizen key, which the CRM needs; it goes nowhere else.
 */
public final class ErasureNotices {
    public static final int SCHEMA_VERSION = 1;
    public static final String OUTBOX_DIR = "erasures";
    private static final JsonFactory JSON = new JsonFactory();

    /** One erased citizen, as the CRM receives it. */
    public record Notice(String erasureId, String ticket, Instant erasedAt, String citizenKey) {}

    private ErasureNotices() {}

    /** A notice as one JSON object, fields in a fixed order: a Kafka value and a line of the file. */
    public static String json(Notice n) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema_version", SCHEMA_VERSION);
            g.writeStringField("erasure_id", n.erasureId());
            g.writeStringField("ticket", n.ticket());
            g.writeStringField("erased_at", n.erasedAt().toString());
            g.writeStringField("citizen_key", n.citizenKey());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    static String jsonLines(List<Notice> notices) {
        StringBuilder sb = new StringBuilder();
        notices.forEach(n -> sb.append(json(n)).append('\n'));
        return sb.toString();
    }

    /**
     * Writes the notices to {@code <outbox>/erasures/<erasureId>.jsonl}, complete or not at all: on a
     * local disk through {@link PrivateFiles} (0600, atomic move); on an object store as a hidden
     * file renamed into place. A rerun writes its own file (its own erasure id). Returns the file's URI.
     */
    public static String writeOutbox(Configuration conf, String outbox, String erasureId, List<Notice> notices)
            throws IOException {
        String content = jsonLines(notices);
        Path dir = new Path(new Path(outbox), OUTBOX_DIR);
        FileSystem fs = dir.getFileSystem(conf);
        Path target = fs.makeQualified(new Path(dir, erasureId + ".jsonl"));
        URI uri = target.toUri();
        if ("file".equals(uri.getScheme())) {
            java.nio.file.Path file = java.nio.file.Path.of(uri);
            Files.createDirectories(file.getParent());
            PrivateFiles.write(file, content);
            return uri.toString();
        }
        Path tmp = new Path(dir, "_" + erasureId + "-" + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        return uri.toString();
    }

    /**
     * The producer's settings: idempotent, acks=all (a notice is written once per send, acknowledged
     * by every in-sync replica), with the outreach client's properties (the same user, TLS, SASL).
     * Not transactional: a notice is a fact, sent again by a rerun, so a half-sent erasure is
     * completed by running it again and a consumer may read uncommitted.
     */
    static Properties producerConfig(String bootstrap, Map<String, String> clientProperties, long timeoutMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeoutMs, 30_000)));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // a handful of notices: nothing to batch
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "civic-privacy-erasure");
        p.putAll(KafkaClientProperties.relocated(clientProperties, ChangeTopic.kafkaPackage()));
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // the producer refuses a delivery timeout below linger + request timeout (whatever the client set)
        long floor = Long.parseLong(p.getProperty(ProducerConfig.LINGER_MS_CONFIG))
                + Long.parseLong(p.getProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(timeoutMs, floor)));
        return p;
    }

    /** Sends every notice, keyed by its citizen key; returns how many Kafka acknowledged (all, or it throws). */
    public static long publish(
            String bootstrap,
            Map<String, String> clientProperties,
            String topic,
            long timeoutMs,
            List<Notice> notices) {
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                producerConfig(bootstrap, clientProperties, timeoutMs),
                new StringSerializer(),
                new StringSerializer())) {
            try {
                if (producer.partitionsFor(topic).isEmpty()) {
                    throw new IllegalStateException("Kafka topic " + topic + " has no partitions");
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot send erasure notices to Kafka topic " + topic + " at "
                        + bootstrap + " (does the topic exist?): " + e.getMessage());
            }
            for (Notice n : notices) {
                producer.send(new ProducerRecord<>(topic, n.citizenKey(), json(n)), (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null || acked.get() != notices.size()) {
            throw new IllegalStateException("Kafka acknowledged " + acked.get() + " of " + notices.size()
                    + " erasure notices on " + topic
                    + (failure.get() == null ? "" : ": " + failure.get().getMessage())
                    + "; the lake is erased: run the erasure again to send them");
        }
        return acked.get();
    }
}
