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

    public RejectedRecord() {
    }
}
