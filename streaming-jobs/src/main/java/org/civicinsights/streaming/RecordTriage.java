package org.civicinsights.streaming;

import java.io.Serializable;
import org.civicinsights.common.event.ParseOutcome;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.RejectionReason;
import org.civicinsights.common.privacy.CitizenPseudonymiser;

/**
 * Decides what an incoming record becomes: an accepted interaction or a rejected record. Pure:
 * the ingestion time is passed in, so it is unit-testable without Flink.
 */
public final class RecordTriage implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longest raw payload kept for a rejected record; longer ones are cut and say so. */
    static final int MAX_PAYLOAD_CHARS = 64 * 1024;

    private final InteractionEventCodec codec;
    private final CitizenPseudonymiser pseudonymiser;

    public RecordTriage(InteractionEventCodec codec, CitizenPseudonymiser pseudonymiser) {
        this.codec = codec;
        this.pseudonymiser = pseudonymiser;
    }

    /** Exactly one of the two fields of the result is set. */
    public record Result(IngestedInteraction accepted, RejectedRecord rejected) {
    }

    public Result triage(IncomingRecord in, long nowMillis) {
        if (in.value == null || in.value.isBlank()) {
            return new Result(null, rejection(in, RejectionReason.NOT_AN_OBJECT.code(), "empty message", nowMillis));
        }
        ParseOutcome outcome = codec.parse(in.value);
        if (outcome.isAccepted()) {
            return new Result(new IngestedInteraction(outcome.event(), in, nowMillis), null);
        }
        return new Result(null, rejection(in, outcome.rejection().reason().code(), outcome.rejection().detail(), nowMillis));
    }

    private RejectedRecord rejection(IncomingRecord in, String reason, String detail, long nowMillis) {
        RejectedRecord r = new RejectedRecord();
        r.sourceTopic = in.topic;
        r.sourcePartition = in.partition;
        r.sourceOffset = in.offset;
        r.kafkaTimestampMillis = in.timestampMillis;
        r.reason = reason;
        r.detail = detail;
        String payload = in.value;
        if (payload != null && payload.length() > MAX_PAYLOAD_CHARS) {
            payload = payload.substring(0, MAX_PAYLOAD_CHARS) + "...[cut at " + MAX_PAYLOAD_CHARS + " chars]";
        }
        r.rawPayload = pseudonymiser.scrub(payload);
        r.rejectedAtMillis = nowMillis;
        return r;
    }
}
