package org.civicinsights.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A record a producer (an importer, the HTTP collector) could not turn into an interaction event,
 * sent to the rejected-records topic ({@link #TOPIC}) instead of being dropped. The ingest job
 * stores it in {@code raw.rejected_events} with the producer's reason.
 *
 * <p>Wire format (JSON, one per message, key = {@link #source} + ":" + {@link #sourceRecord}):
 * {@code {"rejection_version":1,"source":"sf311","source_record":"row 123","reason":"closed_before_opened",
 * "detail":"...","raw_payload":"<the original record as text>","detected_at":"2026-11-26T10:00:00Z"}}.
 * Reasons are lower-case words chosen by the producer (documented in docs/events.md). The raw
 * payload may hold a clear fiscal code: the ingest job scrubs it before storing.
 *
 * @param source the producer: a mapping name ({@code sf311}), {@code collector}, ...
 * @param sourceRecord where in the source: {@code line 123}, a request id, ...
 */
public record ProducerRejection(
        String source, String sourceRecord, String reason, String detail, String rawPayload, Instant detectedAt) {
    public static final String TOPIC = "civic.interactions.rejected.v1";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public String key() {
        return source + ":" + sourceRecord;
    }

    public String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("rejection_version", VERSION);
        n.put("source", source);
        n.put("source_record", sourceRecord);
        n.put("reason", reason);
        n.put("detail", detail);
        n.put("raw_payload", rawPayload);
        n.put("detected_at", detectedAt.toString());
        return n.toString();
    }

    /** Reads an envelope; empty if the text is not one (the caller then keeps it as it is). */
    public static Optional<ProducerRejection> parse(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null
                    || !n.isObject()
                    || n.path("rejection_version").asInt(-1) != VERSION
                    || !n.path("reason").isTextual()) {
                return Optional.empty();
            }
            Instant at;
            try {
                at = Instant.parse(n.path("detected_at").asText());
            } catch (RuntimeException e) {
                at = null;
            }
            return Optional.of(new ProducerRejection(
                    n.path("source").asText(null),
                    n.path("source_record").asText(null),
                    n.path("reason").asText(),
                    n.path("detail").asText(null),
                    n.path("raw_payload").asText(null),
                    at));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
