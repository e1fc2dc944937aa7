package org.civicinsights.streaming;

import java.util.Map;

/** Counts of one bounded ingest run: every record read is valid or rejected, every valid one unique or a duplicate. */
public record IngestSummary(long read, long valid, long rejected, long unique, long duplicates) {

    static IngestSummary from(Map<String, Object> accumulators) {
        return new IngestSummary(
                count(accumulators, ValidateInteractions.READ),
                count(accumulators, ValidateInteractions.ACCEPTED),
                count(accumulators, ValidateInteractions.REJECTED_COUNT),
                count(accumulators, DropRepeatedEvents.UNIQUE),
                count(accumulators, DropRepeatedEvents.DUPLICATE_COUNT));
    }

    private static long count(Map<String, Object> accumulators, String name) {
        Object v = accumulators.get(name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Nothing silently dropped: read = accepted + rejected + duplicates. */
    public boolean balanced() {
        return read == valid + rejected && valid == unique + duplicates;
    }

    public String describe() {
        return String.format(
                "ingest summary: read %,d = accepted %,d + rejected %,d + duplicates %,d%s",
                read, unique, rejected, duplicates, balanced() ? "" : "  (DOES NOT BALANCE)");
    }

    public String toJson() {
        return String.format(
                "{\"read\":%d,\"valid\":%d,\"rejected\":%d,\"unique\":%d,\"duplicates\":%d}",
                read, valid, rejected, unique, duplicates);
    }
}
