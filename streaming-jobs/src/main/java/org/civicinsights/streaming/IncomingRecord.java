package org.civicinsights.streaming;

/** One message as read from the interactions topic, with where it came from. A Flink POJO. */
public class IncomingRecord {
    public String topic;
    public int partition;
    public long offset;
    /** Broker or producer timestamp of the message, epoch millis. */
    public long timestampMillis;
    /** The message value decoded as UTF-8; null for an empty (tombstone) message. */
    public String value;
    /** Set on records re-sent by `civic rejected replay`: where the original rejected record was. */
    public String replayOf;

    public IncomingRecord() {}

    public IncomingRecord(String topic, int partition, long offset, long timestampMillis, String value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMillis = timestampMillis;
        this.value = value;
    }
}
