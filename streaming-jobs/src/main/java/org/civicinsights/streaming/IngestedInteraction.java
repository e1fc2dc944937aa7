package org.civicinsights.streaming;

import org.civicinsights.common.event.InteractionEvent;

/** An accepted, pseudonymised interaction with its lineage (source offset, ingestion time). */
public class IngestedInteraction {
    public InteractionEvent event;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    public long ingestedAtMillis;

    public IngestedInteraction() {}

    public IngestedInteraction(InteractionEvent event, IncomingRecord from, long ingestedAtMillis) {
        this.event = event;
        this.sourceTopic = from.topic;
        this.sourcePartition = from.partition;
        this.sourceOffset = from.offset;
        this.ingestedAtMillis = ingestedAtMillis;
    }
}
