package org.civicinsights.ingestion;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;

/**
 * What a generation run produced. {@code total = valid + duplicates + malformed()} always holds
 * (checked on construction).
 *
 * @param total              records sent to the sink
 * @param valid              distinct events that ingestion will accept
 * @param duplicates         records that re-send an earlier valid event (same event_id, same JSON)
 * @param malformedByReason  malformed records by the {@code RejectionReason} code ingestion will
 *                           assign ({@code invalid_json}, {@code missing_field}, {@code invalid_field},
 *                           {@code invalid_fiscal_code}, {@code event_time_in_future}); every kind is
 *                           present, possibly with 0
 * @param validByChannel     valid events per channel (every channel present, possibly with 0)
 * @param validByEventType   valid events per event type (every type present, possibly with 0)
 */
public record GenerationSummary(
        long total,
        long valid,
        long duplicates,
        Map<String, Long> malformedByReason,
        Map<Channel, Long> validByChannel,
        Map<EventType, Long> validByEventType) {

    public GenerationSummary {
        malformedByReason = Collections.unmodifiableMap(new LinkedHashMap<>(malformedByReason));
        Map<Channel, Long> channels = new EnumMap<>(Channel.class);
        channels.putAll(validByChannel);
        validByChannel = Collections.unmodifiableMap(channels);
        Map<EventType, Long> types = new EnumMap<>(EventType.class);
        types.putAll(validByEventType);
        validByEventType = Collections.unmodifiableMap(types);
        long malformed =
                malformedByReason.values().stream().mapToLong(Long::longValue).sum();
        if (total != valid + duplicates + malformed) {
            throw new IllegalArgumentException("inconsistent summary: total " + total + " != valid " + valid
                    + " + duplicates " + duplicates + " + malformed " + malformed);
        }
        long byChannel =
                validByChannel.values().stream().mapToLong(Long::longValue).sum();
        if (byChannel != valid) {
            throw new IllegalArgumentException(
                    "inconsistent summary: valid " + valid + " != sum by channel " + byChannel);
        }
    }

    /** Number of malformed records, all kinds. */
    public long malformed() {
        return malformedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Share of valid events on self-service channels. */
    public double selfServiceShare() {
        if (valid == 0) {
            return 0;
        }
        long self = validByChannel.entrySet().stream()
                .filter(e -> e.getKey().selfService())
                .mapToLong(Map.Entry::getValue)
                .sum();
        return (double) self / valid;
    }
}
