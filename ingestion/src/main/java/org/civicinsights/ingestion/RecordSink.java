package org.civicinsights.ingestion;

/**
 * Where generated records go: a Kafka topic, a JSON Lines file, a test list.
 *
 * <p>{@link #send} may be asynchronous; {@link #flush} blocks until everything sent so far is
 * written and throws {@link RecordSinkException} if any record could not be written. {@link #close}
 * flushes first, with the same guarantee: no failure is silently lost.
 */
public interface RecordSink extends AutoCloseable {

    /**
     * Sends one record.
     *
     * @param key   message key (the event_id, or a random UUID for a malformed record)
     * @param value the record exactly as a producer would publish it (normally one JSON object)
     */
    void send(String key, String value);

    /** Blocks until all records sent so far are written; throws if any was lost. */
    void flush();

    /** Flushes and releases resources; throws if any record was lost. */
    @Override
    void close();
}
