package org.civicinsights.streaming;

import java.io.Serializable;
import java.util.Optional;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.ParseOutcome;
import org.civicinsights.common.event.ProducerRejection;
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
    private final String producerRejectionsTopic;

    public RecordTriage(InteractionEventCodec codec, CitizenPseudonymiser pseudonymiser) {
        this(codec, pseudonymiser, ProducerRejection.TOPIC);
    }

    /** @param producerRejectionsTopic the topic where producers send what they could not map */
    public RecordTriage(
            InteractionEventCodec codec, CitizenPseudonymiser pseudonymiser, String producerRejectionsTopic) {
        this.codec = codec;
        this.pseudonymiser = pseudonymiser;
        this.producerRejectionsTopic = producerRejectionsTopic;
    }

    /** Exactly one of the two fields of the result is set. */
    public record Result(IngestedInteraction accepted, RejectedRecord rejected) {}

    public Result triage(IncomingRecord in, long nowMillis) {
        if (producerRejectionsTopic.equals(in.topic)) {
            return new Result(null, producerRejection(in, nowMillis));
        }
        if (in.value == null || in.value.isBlank()) {
            return new Result(null, rejection(in, RejectionReason.NOT_AN_OBJECT.code(), "empty message", nowMillis));
        }
        ParseOutcome outcome = codec.parse(in.value, in.replayOf != null);
        if (outcome.isAccepted()) {
            return new Result(new IngestedInteraction(outcome.event(), in, nowMillis), null);
        }
        return new Result(
                null,
                rejection(
                        in,
                        outcome.rejection().reason().code(),
                        outcome.rejection().detail(),
                        nowMillis));
    }

    /** A producer already rejected it: keep its reason; a malformed envelope is kept whole. */
    private RejectedRecord producerRejection(IncomingRecord in, long nowMillis) {
        Optional<ProducerRejection> envelope = in.value == null ? Optional.empty() : ProducerRejection.parse(in.value);
        if (envelope.isEmpty()) {
            return rejection(
                    in,
                    "invalid_rejection_envelope",
                    "not a rejection envelope (rejection_version 1) on " + in.topic,
                    nowMillis);
        }
        ProducerRejection p = envelope.get();
        RejectedRecord r = rejection(in, p.reason(), pseudonymiser.scrub(p.detail()), nowMillis);
        r.rawPayload = cut(pseudonymiser.scrubPayload(p.rawPayload()));
        r.producer = p.source();
        r.sourceRecord = pseudonymiser.scrubPayload(p.sourceRecord());
        return r;
    }

    private RejectedRecord rejection(IncomingRecord in, String reason, String detail, long nowMillis) {
        RejectedRecord r = new RejectedRecord();
        r.sourceTopic = in.topic;
        r.sourcePartition = in.partition;
        r.sourceOffset = in.offset;
        r.kafkaTimestampMillis = in.timestampMillis;
        r.reason = reason;
        r.detail = detail;
        r.rawPayload = cut(pseudonymiser.scrubPayload(in.value));
        r.rejectedAtMillis = nowMillis;
        r.replayOf = in.replayOf;
        return r;
    }

    /** Cut after scrubbing, so a cut never leaves half an identifier that the masks no longer see. */
    private static String cut(String payload) {
        if (payload != null && payload.length() > MAX_PAYLOAD_CHARS) {
            return payload.substring(0, MAX_PAYLOAD_CHARS) + "...[cut at " + MAX_PAYLOAD_CHARS + " chars]";
        }
        return payload;
    }
}
