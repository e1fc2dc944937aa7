package org.civicinsights.collector;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the records of one HTTP request to Kafka with an idempotent producer ({@code acks=all}) and
 * tells when all of them are acknowledged.
 *
 * <p>Backpressure: at most {@code maxInFlight} records may await acknowledgement at once. A request
 * whose records do not fit is refused ({@link Busy}) instead of being buffered; a permit is given back
 * only when the producer reports the record's fate (acknowledged or failed), so the bound holds even
 * when the HTTP side has already given up on a request.
 */
final class KafkaPublisher implements AutoCloseable {
    /** Longest wait for free permits before a request is refused as busy. */
    private static final long PERMIT_WAIT_MS = 100;

    private final Producer<String, String> producer;
    private final Semaphore permits;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final long permitWaitMs;
    private volatile Runnable onAck = () -> {};
    private volatile Runnable onFailure = () -> {};

    /** Thrown when the records of a request would exceed the in-flight limit. */
    static final class Busy extends Exception {
        Busy(String message) {
            super(message, null, false, false);
        }
    }

    KafkaPublisher(CollectorSettings s) {
        this(new KafkaProducer<>(producerConfig(s)), s.maxInFlight(), Math.min(PERMIT_WAIT_MS, s.ackTimeoutMs()));
    }

    KafkaPublisher(Producer<String, String> producer, int maxInFlight, long permitWaitMs) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.permitWaitMs = permitWaitMs;
    }

    /**
     * The producer configuration: idempotent, {@code acks=all}, a short linger for HTTP latency, and
     * timeouts tied to {@code collector.ack-timeout-ms} so a record's fate is known about when the HTTP
     * request gives up on it, and a blocked {@code send} (unknown metadata, full buffer) fails fast.
     */
    static Properties producerConfig(CollectorSettings s) {
        Properties p = new Properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "civic-collector");
        long requestTimeout = Math.max(50, Math.min(s.ackTimeoutMs() / 2, 30_000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(requestTimeout));
        p.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                String.valueOf(Math.max(s.ackTimeoutMs(), requestTimeout + 5)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(s.maxBlockMs()));
        s.kafkaOverrides().forEach(p::put);
        // never overridable (CollectorSettings refuses them in collector.kafka.*)
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return p;
    }

    /** Hooks for the health check: a record acknowledged, a record failed. */
    void listen(Runnable onAck, Runnable onFailure) {
        this.onAck = onAck;
        this.onFailure = onFailure;
    }

    int inFlight() {
        return inFlight.get();
    }

    int peak() {
        return peak.get();
    }

    int maxInFlight() {
        return maxInFlight;
    }

    /**
     * Sends the records. The future completes when Kafka has acknowledged every one of them, or
     * exceptionally with the first failure (the other records may still be delivered: a client that
     * retries creates duplicates, which the ingest job drops by event id).
     *
     * @throws Busy if the records do not fit under the in-flight limit; nothing was sent
     */
    CompletableFuture<Void> sendAll(List<ProducerRecord<String, String>> records) throws Busy, InterruptedException {
        int n = records.size();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (n == 0) {
            done.complete(null);
            return done;
        }
        if (!permits.tryAcquire(n, permitWaitMs, TimeUnit.MILLISECONDS)) {
            throw new Busy(n + " record(s) do not fit: " + inFlight.get() + " of " + maxInFlight
                    + " records already await Kafka acknowledgement");
        }
        peak.accumulateAndGet(inFlight.addAndGet(n), Math::max);
        AtomicInteger remaining = new AtomicInteger(n);
        int sent = 0;
        try {
            for (ProducerRecord<String, String> r : records) {
                RecordCallback cb = new RecordCallback(done, remaining);
                sent++; // from here the callback owns this record's permit
                try {
                    producer.send(r, cb);
                } catch (RuntimeException e) {
                    cb.finish(e); // send threw without calling back: settle the record here
                    break;
                }
                if (done.isCompletedExceptionally()) {
                    break; // e.g. metadata timeout: the rest would block just as long
                }
            }
        } finally {
            int unsent = n - sent;
            if (unsent > 0) {
                release(unsent);
                if (!done.isDone()) {
                    done.completeExceptionally(new IllegalStateException("sending was interrupted"));
                }
            }
        }
        return done;
    }

    private void release(int count) {
        inFlight.addAndGet(-count);
        permits.release(count);
    }

    /** Settles one record exactly once, whether the producer calls back or {@code send} throws. */
    private final class RecordCallback implements Callback {
        private final CompletableFuture<Void> done;
        private final AtomicInteger remaining;
        private final AtomicBoolean settled = new AtomicBoolean();

        RecordCallback(CompletableFuture<Void> done, AtomicInteger remaining) {
            this.done = done;
            this.remaining = remaining;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            finish(exception);
        }

        void finish(Exception exception) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            release(1);
            if (exception != null) {
                onFailure.run();
                done.completeExceptionally(exception);
            } else {
                onAck.run();
                if (remaining.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }
        }
    }

    /** Sends what is buffered and waits for it, up to the timeout, then closes the producer. */
    void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
