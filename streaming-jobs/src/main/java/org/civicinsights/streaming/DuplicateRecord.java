package org.civicinsights.streaming;

/** A valid record whose event_id was already ingested within the de-duplication window. */
public class DuplicateRecord {
    public String eventId;
    public long eventTimeMillis;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    public long detectedAtMillis;

    public DuplicateRecord() {}

    public static DuplicateRecord of(IngestedInteraction i, long detectedAtMillis) {
        DuplicateRecord d = new DuplicateRecord();
        d.eventId = i.event.eventId.toString();
        d.eventTimeMillis = i.event.eventTime.toInstant().toEpochMilli();
        d.sourceTopic = i.sourceTopic;
        d.sourcePartition = i.sourcePartition;
        d.sourceOffset = i.sourceOffset;
        d.detectedAtMillis = detectedAtMillis;
        return d;
    }
}
