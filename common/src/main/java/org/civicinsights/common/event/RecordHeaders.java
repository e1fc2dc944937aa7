package org.civicinsights.common.event;

/** Kafka record headers the platform understands on the interactions topic. */
public final class RecordHeaders {
    /**
     * Set by `civic rejected replay` to the rejected record (topic/partition/offset) a record re-sends;
     * the ingest job then accepts a pseudonym in place of a fiscal code, as scrubbing left it.
     */
    public static final String REPLAY_OF = "civic.replay-of";

    private RecordHeaders() {}
}
