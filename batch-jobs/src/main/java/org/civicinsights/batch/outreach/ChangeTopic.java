package org.civicinsights.batch.outreach;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civicinsights.common.config.KafkaClientProperties;

/**
 * The Kafka half of the CRM export: one message per list change, key {@code citizen_key|campaign},
 * value the same JSON object as the change's JSON Lines row ({@link Outbox#json}).
 *
 * <p>All changes of one run go in ONE Kafka transaction: a CRM consumer reading with
 * {@code isolation.level=read_committed} sees a run's changes all or not at all, and a run that
 * fails half-way leaves nothing visible (its transaction is aborted, or fenced by the next run's
 * producer, which uses the same transactional id). A message carries the citizen's state in the
 * campaign after the change, not an increment, so applying one twice is harmless: a run repeated
 * after a failure re-sends the same changes under a new run id.
 */
public final class ChangeTopic {
    private ChangeTopic() {}

    /**
     * The transactional producer's settings: ours, the configuration's client properties on top (with
     * Kafka's class names moved to the package this jar relocates them to), then again what the
     * transaction rests on.
     */
    static Properties producerConfig(String bootstrap, Map<String, String> clientProperties, long timeoutMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "civic-outreach-export");
        // the transaction spans reading every campaign's changes from the lake (Spark jobs): the
        // default minute is too short for a large first export; 10 min is within the broker's
        // default transaction.max.timeout.ms (15 min)
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "600000");
        p.putAll(KafkaClientProperties.relocated(clientProperties, kafkaPackage()));
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaClientProperties.OUTREACH_TRANSACTIONAL_ID);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    /** The package of the Kafka client in use: org.apache.kafka, or where the job jar relocated it. */
    public static String kafkaPackage() {
        String clients = ProducerConfig.class.getPackageName(); // <kafka>.clients.producer
        return clients.substring(0, clients.length() - ".clients.producer".length());
    }

    /** The message key: a change is about one citizen in one campaign, so both keep their messages in order. */
    public static String key(String citizenKey, String campaign) {
        return citizenKey + "|" + campaign;
    }

    /**
     * Sends every change of {@code exports} (each header's changes from {@code changes}) in one
     * transaction, and commits it only when Kafka acknowledged exactly {@code expected[i]} messages
     * for export i (the reconciliation, before anything is visible); returns the acknowledged
     * counts. Waits at most {@code timeoutMs} for Kafka's metadata and buffer before failing.
     *
     * @param clientProperties extra producer properties ({@code kafka.client.*}, {@code
     *     kafka.client.outreach.*}: security...); not those the transaction rests on, which stay as set here
     */
    public static long[] publish(
            String bootstrap,
            Map<String, String> clientProperties,
            String topic,
            long timeoutMs,
            List<ExportHeader> exports,
            Function<ExportHeader, Iterator<ExportedChange>> changes,
            long[] expected) {
        Properties p = producerConfig(bootstrap, clientProperties, timeoutMs);
        long[] acked = new long[exports.size()];
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            try {
                producer.initTransactions();
                if (producer.partitionsFor(topic).isEmpty()) {
                    throw new IllegalStateException("Kafka topic " + topic + " has no partitions");
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "cannot export outreach changes to Kafka topic " + topic + " at " + bootstrap
                                + " (does the topic exist? create it, or set outreach.topic=none to export files only): "
                                + e.getMessage(),
                        e);
            }
            producer.beginTransaction();
            try {
                AtomicLong[] counts = new AtomicLong[exports.size()];
                for (int i = 0; i < exports.size(); i++) {
                    ExportHeader h = exports.get(i);
                    AtomicLong count = counts[i] = new AtomicLong();
                    for (Iterator<ExportedChange> it = changes.apply(h); it.hasNext(); ) {
                        ExportedChange c = it.next();
                        producer.send(
                                new ProducerRecord<>(topic, key(c.citizenKey(), h.campaign()), Outbox.json(h, c)),
                                (meta, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    } else {
                                        count.incrementAndGet();
                                    }
                                });
                    }
                }
                producer.flush();
                if (failure.get() != null) {
                    throw new IllegalStateException(
                            "Kafka refused an outreach change: " + failure.get().getMessage(), failure.get());
                }
                for (int i = 0; i < counts.length; i++) {
                    acked[i] = counts[i].get();
                    if (acked[i] != expected[i]) {
                        throw new IllegalStateException(
                                "Kafka export of " + exports.get(i).campaign() + " does not reconcile: " + acked[i]
                                        + " messages acknowledged, " + expected[i]
                                        + " changes in the run (nothing was committed)");
                    }
                }
                producer.commitTransaction();
            } catch (RuntimeException e) {
                try {
                    producer.abortTransaction();
                } catch (RuntimeException abort) {
                    e.addSuppressed(abort);
                }
                throw e;
            }
        }
        return acked;
    }
}
