package org.civicinsights.ingestion.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.ParseOutcome;
import org.civicinsights.common.event.ProducerRejection;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.ingestion.ProgressListener;
import org.civicinsights.ingestion.RecordSink;

/**
 * Imports a source file with a {@link Mapping}: each record becomes interaction events (contract
 * v1) sent to one sink, or {@link ProducerRejection}s sent to another; nothing is dropped.
 *
 * <ul>
 *   <li>Streaming: one record at a time, memory does not grow with the file.</li>
 *   <li>Stable: event ids are name-based UUIDs of mapping, record id and event type, so importing a
 *       file again sends the same ids and the ingest job drops the repeats as duplicates.</li>
 *   <li>Recovering: a CSV record that cannot be read (a quote never closed, a character after a
 *       closing quote) is rejected as {@code malformed_record} with its line numbers, and reading
 *       goes on at the next record ({@link ImportSummary#brokenRecords()}).</li>
 *   <li>Checked: every event is validated with {@link InteractionEventCodec} (against this
 *       importer's clock) before it is sent; one that fails is rejected as {@code invalid_event}.</li>
 * </ul>
 */
public final class Importer {
    private final Clock clock;
    private final InteractionEventCodec codec;

    /** With the system clock. */
    public Importer() {
        this(Clock.systemUTC());
    }

    /** @param clock for the contract's time window and the rejections' {@code detected_at} */
    public Importer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key); // validation only: the citizen keys computed here are thrown away
        this.codec = new InteractionEventCodec(new CitizenPseudonymiser(key), clock);
    }

    /**
     * Imports one file. Sinks are flushed at the end, not closed.
     *
     * @param progress told every 1 % of the rows (at most every 10 000) and at the end; it costs a
     *                 first pass over the file to count the rows. Null for none (and no counting).
     * @throws IllegalArgumentException when the file does not exist or lacks a column the mapping reads
     * @throws UncheckedIOException     when the file cannot be opened
     */
    public ImportSummary importFile(
            Mapping mapping, Path file, RecordSink events, RecordSink rejections, ProgressListener progress) {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(rejections, "rejections");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file not found: " + file);
        }
        long t0 = System.nanoTime();
        Run run = new Run(mapping, events, rejections);
        try {
            long total = progress == null ? -1 : RecordReader.count(mapping, file);
            long step = total <= 0 ? 10_000 : Math.max(1, Math.min(10_000, total / 100));
            try (RecordReader reader = RecordReader.open(mapping, file)) {
                reader.requireColumns(mapping);
                RowMapper mapper = RowMapper.of(mapping, clock);
                while (true) {
                    SourceRecord record;
                    try {
                        record = reader.next();
                    } catch (SourceReadException e) {
                        run.rowsRead++;
                        run.rowsRejected++;
                        run.reject(
                                "row " + e.row(),
                                ImportRejections.MALFORMED_RECORD,
                                e.getMessage() + "; the rest of the file was not imported",
                                null);
                        run.incomplete = e.getMessage();
                        break;
                    }
                    if (record == null) {
                        break;
                    }
                    run.rowsRead++;
                    run.row(record, mapper);
                    if (progress != null && run.rowsRead % step == 0) {
                        progress.onProgress(run.rowsRead, Math.max(total, run.rowsRead));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        events.flush();
        rejections.flush();
        if (progress != null) {
            progress.onProgress(run.rowsRead, run.rowsRead);
        }
        return new ImportSummary(
                mapping.name(),
                file,
                run.rowsRead,
                run.rowsMapped,
                run.rowsRejected,
                run.brokenRecords,
                run.byType,
                run.byReason,
                Duration.ofNanos(System.nanoTime() - t0),
                run.incomplete);
    }

    /** The counters and sinks of one import. */
    private final class Run {
        final Mapping mapping;
        final RecordSink events;
        final RecordSink rejections;
        final Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        final Map<String, Long> byReason = new LinkedHashMap<>();
        long rowsRead;
        long rowsMapped;
        long rowsRejected;
        long brokenRecords;
        String incomplete;

        Run(Mapping mapping, RecordSink events, RecordSink rejections) {
            this.mapping = mapping;
            this.events = events;
            this.rejections = rejections;
            ImportRejections.ALL.forEach(r -> byReason.put(r, 0L));
        }

        void row(SourceRecord record, RowMapper mapper) {
            String where = "row " + record.row();
            RowMapper.MappedRow mapped;
            try {
                mapped = mapper.map(record);
            } catch (RowRejected e) {
                rowsRejected++;
                if (record.broken()) {
                    brokenRecords++;
                }
                reject(where, e.reason(), e.detail(), record);
                return;
            }
            List<InteractionEvent> ok = new ArrayList<>(mapped.events().size());
            List<String> jsons = new ArrayList<>(mapped.events().size());
            List<RowMapper.EventRejection> later = new ArrayList<>(mapped.rejections());
            for (InteractionEvent e : mapped.events()) {
                String json = InteractionEventCodec.toJson(e);
                ParseOutcome check = codec.parse(json);
                if (check.isAccepted()) {
                    ok.add(e);
                    jsons.add(json);
                    continue;
                }
                String detail = "id " + record.get(mapping.recordId()).strip() + ": " + e.eventType.wireName()
                        + " breaks contract v1 (" + check.rejection().reason().code() + ": "
                        + check.rejection().detail() + ")";
                if (ok.isEmpty()) { // the row's first event decides: nothing of the row is sent
                    rowsRejected++;
                    reject(where, ImportRejections.INVALID_EVENT, detail, record);
                    return;
                }
                later.add(new RowMapper.EventRejection(
                        ImportRejections.INVALID_EVENT,
                        detail + "; the " + ok.get(0).eventType.wireName() + " was kept"));
            }
            rowsMapped++;
            for (int i = 0; i < ok.size(); i++) {
                InteractionEvent e = ok.get(i);
                events.send(e.eventId.toString(), jsons.get(i));
                byType.merge(e.eventType, 1L, Long::sum);
            }
            for (RowMapper.EventRejection r : later) {
                reject(where, r.reason(), r.detail(), record);
            }
        }

        void reject(String where, String reason, String detail, SourceRecord record) {
            String raw = record == null ? null : record.raw(mapping.redact());
            ProducerRejection r = new ProducerRejection(mapping.name(), where, reason, detail, raw, clock.instant());
            rejections.send(r.key(), r.toJson());
            byReason.merge(reason, 1L, Long::sum);
        }
    }
}
