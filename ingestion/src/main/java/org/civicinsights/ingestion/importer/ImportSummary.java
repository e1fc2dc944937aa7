package org.civicinsights.ingestion.importer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civicinsights.common.event.EventType;

/**
 * What an import did. Nothing is dropped silently: {@code rowsRead = rowsMapped + rowsRejected}
 * (checked on construction); a mapped row sent at least its first event, a rejected row none.
 * Rejections sent = {@code rowsRejected} (one per rejected row) + {@link #eventRejections()}
 * (a later event of a mapped row, e.g. {@code closed_before_opened}). A broken CSV record is one
 * rejected row ({@code malformed_record}): {@code brokenRecords <= rowsRejected}, and
 * {@code brokenRecords <= } the {@code malformed_record} rejections.
 *
 * @param rowsRead           records read from the file (CSV rows after the header, each broken CSV record
 *                           counted once, JSON array elements)
 * @param rowsMapped         rows that sent at least one event
 * @param rowsRejected       rows that sent no event but one rejection
 * @param brokenRecords      of the rejected rows, the broken CSV records: lines the CSV reader could not
 *                           read as a record (a quote never closed...), stepped over to read on
 * @param eventsByType       events sent by type (types with 0 left out)
 * @param rejectionsByReason rejections sent by reason code (see {@link ImportRejections}; 0 left out)
 * @param elapsed            wall time of the import (including the counting pass for progress)
 * @param incompleteReason   null when the whole file was read (broken CSV records included), else why
 *                           reading stopped (a read failure, JSON that breaks off)
 */
public record ImportSummary(
        String mapping,
        Path file,
        long rowsRead,
        long rowsMapped,
        long rowsRejected,
        long brokenRecords,
        Map<EventType, Long> eventsByType,
        Map<String, Long> rejectionsByReason,
        Duration elapsed,
        String incompleteReason) {

    public ImportSummary {
        Map<EventType, Long> types = new EnumMap<>(EventType.class);
        eventsByType.forEach((t, n) -> {
            if (n != 0) {
                types.put(t, n);
            }
        });
        eventsByType = Collections.unmodifiableMap(types);
        Map<String, Long> reasons = new LinkedHashMap<>();
        rejectionsByReason.forEach((r, n) -> {
            if (n != 0) {
                reasons.put(r, n);
            }
        });
        rejectionsByReason = Collections.unmodifiableMap(reasons);
        if (rowsRead != rowsMapped + rowsRejected) {
            throw new IllegalArgumentException("inconsistent import summary: rows read " + rowsRead + " != mapped "
                    + rowsMapped + " + rejected " + rowsRejected);
        }
        if (brokenRecords < 0
                || brokenRecords > rowsRejected
                || brokenRecords > reasons.getOrDefault(ImportRejections.MALFORMED_RECORD, 0L)) {
            throw new IllegalArgumentException("inconsistent import summary: " + brokenRecords + " broken records but "
                    + rowsRejected + " rejected rows and " + reasons.getOrDefault(ImportRejections.MALFORMED_RECORD, 0L)
                    + " " + ImportRejections.MALFORMED_RECORD + " rejections");
        }
        long sent = reasons.values().stream().mapToLong(Long::longValue).sum();
        if (sent < rowsRejected) {
            throw new IllegalArgumentException(
                    "inconsistent import summary: " + rowsRejected + " rejected rows but only " + sent + " rejections");
        }
    }

    /** Events sent, all types. */
    public long eventsSent() {
        return eventsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Events sent of one type. */
    public long events(EventType type) {
        return eventsByType.getOrDefault(type, 0L);
    }

    /** Rejections sent, all reasons. */
    public long rejectionsSent() {
        return rejectionsByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rejections sent with one reason. */
    public long rejections(String reason) {
        return rejectionsByReason.getOrDefault(reason, 0L);
    }

    /** Rejections of a single event of a row whose first event was sent. */
    public long eventRejections() {
        return rejectionsSent() - rowsRejected;
    }

    /** True when the file was read to its end (stepping over broken CSV records). */
    public boolean complete() {
        return incompleteReason == null;
    }

    public double rowsPerSecond() {
        return rowsRead / Math.max(elapsed.toNanos() / 1e9, 1e-6);
    }
}
