package org.civicinsights.streaming;

/** A record that broke the contract, kept with its reason. Its payload is already scrubbed. */
public class RejectedRecord {
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    public long kafkaTimestampMillis;
    public String reason;
    public String detail;
    /** The original payload with every fiscal-code-shaped token replaced by its pseudonym. */
    public String rawPayload;

    public long rejectedAtMillis;
    /** Who rejected it before ingestion (an importer's mapping, collector); null for contract rejections. */
    public String producer;
    /** Where in the producer's source the record was (line, request id). */
    public String sourceRecord;
    /** For a replayed record rejected again: the original rejected record (topic/partition/offset). */
    public String replayOf;

    public RejectedRecord() {}
}
