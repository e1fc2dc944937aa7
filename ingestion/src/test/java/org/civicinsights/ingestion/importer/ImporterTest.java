package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.ingestion.CollectingSink;
import org.civicinsights.ingestion.JsonLinesRecordSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules of the importer on small synthetic files, one rule at a time. */
class ImporterTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    static final InteractionEventCodec CODEC = new InteractionEventCodec(new CitizenPseudonymiser(new byte[32]), CLOCK);

    static final String MAPPING = """
            name: town
            format:
              type: csv
              delimiter: ";"
            time:
              zone: Europe/Rome
              patterns: ["yyyy-MM-dd HH:mm", "yyyy-MM-dd"]
            record_id: id
            case:
              opened: opened
              closed: closed
              updated: updated
              status:
                column: status
                initial: nuova
                open: [aperta]
                in_progress: [in lavorazione]
                closed: [chiusa]
                cancelled: [annullata]
            channel:
              column: source
              values:
                app: street_report
                web: portal
            service:
              column: category
              values:
                buche: SEGN-BUCHE
              default: INFO-URP
            municipio:
              column: mun
            location:
              lat: lat
              lon: lon
            language: it
            identity:
              anonymous_id: "town-{id}"
            """;
    static final String HEADER = "id;opened;closed;updated;status;source;category;mun;lat;lon\n";

    @TempDir
    Path dir;

    record Run(ImportSummary summary, CollectingSink events, CollectingSink rejections) {
        List<JsonNode> eventJson() {
            return events.json();
        }

        List<JsonNode> rejectionJson() {
            return rejections.json();
        }

        String detail(int i) {
            return rejectionJson().get(i).get("detail").asText();
        }
    }

    Run run(String mappingYaml, String csv) throws IOException {
        return run(mappingYaml, csv.getBytes(StandardCharsets.UTF_8));
    }

    Run run(String mappingYaml, byte[] content) throws IOException {
        Mapping m = Mappings.parse(mappingYaml, "town", "town.yaml", ServiceCatalogue.bundled());
        Path file = dir.resolve("in.csv");
        Files.write(file, content);
        CollectingSink events = new CollectingSink();
        CollectingSink rejections = new CollectingSink();
        ImportSummary s = new Importer(CLOCK).importFile(m, file, events, rejections, null);
        assertThat(s.rowsRead()).isEqualTo(s.rowsMapped() + s.rowsRejected());
        assertThat(events.values)
                .allSatisfy(v -> assertThat(CODEC.parse(v).isAccepted()).as(v).isTrue());
        return new Run(s, events, rejections);
    }

    @Test
    void aFullLifecycle() throws IOException {
        Run r = run(
                MAPPING,
                HEADER
                        + "1;2026-02-02 09:00;2026-02-05 17:30;;chiusa;app;buche;7;41.9;12.5\n"
                        + "2;2026-02-02 10:00;;2026-02-03 08:00;in lavorazione;web;altro;;;\n"
                        + "3;2026-02-02 11:00;2026-02-04;;annullata;app;;;;\n"
                        + "4;2026-02-02 12:00;2026-02-04 10:00;;aperta;app;buche;;;\n"
                        + "5;2026-02-02 13:00;2026-02-02 13:00;;Chiusa;APP;BUCHE;;;\n");
        assertThat(r.summary().rowsRead()).isEqualTo(5);
        assertThat(r.summary().rowsMapped()).isEqualTo(5);
        assertThat(r.summary().rejectionsSent()).isZero();
        assertThat(r.summary().eventsByType())
                .isEqualTo(Map.of(
                        EventType.CASE_OPENED, 5L, EventType.CASE_STATUS_CHANGED, 1L, EventType.CASE_CLOSED, 3L));
        List<JsonNode> e = r.eventJson();
        assertThat(e)
                .extracting(j -> j.get("event_type").asText() + " "
                        + j.get("case_id").asText() + " " + j.get("event_time").asText() + " "
                        + j.path("case_status").asText() + " "
                        + j.path("outcome").asText())
                .containsExactly(
                        "case_opened town-1 2026-02-02T09:00:00+01:00 nuova ",
                        "case_closed town-1 2026-02-05T17:30:00+01:00 chiusa ",
                        "case_opened town-2 2026-02-02T10:00:00+01:00 nuova ",
                        "case_status_changed town-2 2026-02-03T08:00:00+01:00 in lavorazione ",
                        "case_opened town-3 2026-02-02T11:00:00+01:00 nuova ",
                        "case_closed town-3 2026-02-04T12:00:00+01:00 annullata cancelled",
                        "case_opened town-4 2026-02-02T12:00:00+01:00 nuova ", // an open status ignores the close time
                        "case_opened town-5 2026-02-02T13:00:00+01:00 nuova ",
                        "case_closed town-5 2026-02-02T13:00:00+01:00 Chiusa "); // closed at the opening instant is
        // fine
        JsonNode first = e.get(0);
        assertThat(first.get("municipio").asInt()).isEqualTo(7);
        assertThat(first.get("service_code").asText()).isEqualTo("SEGN-BUCHE");
        assertThat(first.get("channel").asText()).isEqualTo("street_report");
        assertThat(first.get("lat").asDouble()).isEqualTo(41.9);
        assertThat(e.get(1).get("lat").asDouble())
                .as("the closing carries the place too")
                .isEqualTo(41.9);
        assertThat(e.get(2).get("service_code").asText()).isEqualTo("INFO-URP");
        assertThat(e.get(2).has("municipio")).isFalse();
        assertThat(first.get("event_id").asText())
                .isEqualTo(UUID.nameUUIDFromBytes("town\n1\ncase_opened".getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    @Test
    void rowsThatCannotBeMappedAreRejectedWithAReason() throws IOException {
        Run r = run(
                MAPPING,
                HEADER
                        + ";2026-02-02 09:00;;;aperta;app;;;;\n" // 1 missing_record_id
                        + "2;;;;aperta;app;;;;\n" // 2 missing_time
                        + "3;02/02/2026;;;aperta;app;;;;\n" // 3 unparseable_time
                        + "4;1999-12-31 23:00;;;aperta;app;;;;\n" // 4 time_out_of_range (before 2000 in UTC)
                        + "5;2026-11-28 09:00;;;aperta;app;;;;\n" // 5 time_out_of_range (future)
                        + "6;2026-02-02 09:00;;;sospesa;app;;;;\n" // 6 unknown_status
                        + "7;2026-02-02 09:00;;;aperta;fax;;;;\n" // 7 unmapped_value (channel)
                        + "8;2026-02-02 09:00;;;aperta;;;;;\n" // 8 missing_value (channel)
                        + "9;2026-02-02 09:00;;;aperta;app;;16;;\n" // 9 unmapped_value (municipio)
                        + "10;2026-02-02 09:00;;;aperta;app;;;41,9;12.5\n" // 10 invalid_value (lat)
                        + "11;2026-02-02 09:00;;;aperta;app;;;91;12.5\n" // 11 invalid_value (range)
                        + "12;2026-02-02 09:00;;;aperta;app;;;41.9;\n" // 12 invalid_value (lat alone)
                        + "13;2026-02-02 09:00;;;aperta;app\n" // 13 malformed_record
                        + "14;2026-02-02 09:00;;;aperta;app;;;;\n"); // 14 fine
        ImportSummary s = r.summary();
        assertThat(s.rowsRead()).isEqualTo(14);
        assertThat(s.rowsMapped()).isEqualTo(1);
        assertThat(s.rowsRejected()).isEqualTo(13);
        assertThat(s.rejectionsByReason())
                .isEqualTo(Map.of(
                        "missing_record_id",
                        1L,
                        "missing_time",
                        1L,
                        "unparseable_time",
                        1L,
                        "time_out_of_range",
                        2L,
                        "unknown_status",
                        1L,
                        "unmapped_value",
                        2L,
                        "missing_value",
                        1L,
                        "invalid_value",
                        3L,
                        "malformed_record",
                        1L));
        List<String> details =
                r.rejectionJson().stream().map(j -> j.get("detail").asText()).toList();
        assertThat(details)
                .containsExactly(
                        "row 1: the record id column id is blank",
                        "id 2: opened: column opened is blank",
                        "id 3: opened (column opened): '02/02/2026' matches none of the patterns [yyyy-MM-dd HH:mm, yyyy-MM-dd]",
                        "id 4: opened 1999-12-31T23:00+01:00 is before 2000-01-01T00:00:00Z, which contract v1 refuses",
                        "id 5: opened 2026-11-28T09:00+01:00 is more than 24 h in the future, which contract v1 refuses",
                        "id 6: status 'sospesa' (column status) is listed under no category and the mapping has no status.default",
                        "id 7: channel: 'fax' (column source) is not in the mapping's values and the mapping has no default",
                        "id 8: channel: column source is blank and the mapping has no default",
                        "id 9: municipio: '16' (column mun) is not a valid value and the mapping has no default",
                        "id 10: location: lat '41,9' and lon '12.5' (columns lat, lon) are not two numbers",
                        "id 11: location: 91.0, 12.5 is outside -90..90, -180..180",
                        "id 12: location: lat '41.9' and lon '' (columns lat, lon) are not two numbers",
                        "row 13 has 6 field(s), the header has 10");
        assertThat(r.rejectionJson().get(12).get("raw_payload").asText()).isEqualTo("13;2026-02-02 09:00;;;aperta;app");
        assertThat(r.rejectionJson())
                .extracting(j -> j.get("source_record").asText())
                .containsExactly(
                        "row 1", "row 2", "row 3", "row 4", "row 5", "row 6", "row 7", "row 8", "row 9", "row 10",
                        "row 11", "row 12", "row 13");
    }

    @Test
    void laterEventsThatCannotBeProducedAreRejectedAloneAndTheOpeningKept() throws IOException {
        Run r = run(
                MAPPING,
                HEADER
                        + "1;2026-02-02 09:00;2026-02-01 09:00;;chiusa;app;;;;\n" // closed_before_opened
                        + "2;2026-02-02 09:00;;;chiusa;app;;;;\n" // missing_close_time
                        + "3;2026-02-02 09:00;ieri;;annullata;app;;;;\n" // unparseable_time
                        + "4;2026-02-02 09:00;2026-12-01 09:00;;chiusa;app;;;;\n" // time_out_of_range
                        + "5;2026-02-02 09:00;;2026-02-01 08:00;in lavorazione;app;;;;\n" // updated_before_opened
                        + "6;2026-02-02 09:00;;;in lavorazione;app;;;;\n"); // no update time: no status change
        ImportSummary s = r.summary();
        assertThat(s.rowsMapped()).isEqualTo(6);
        assertThat(s.rowsRejected()).isZero();
        assertThat(s.eventsByType()).isEqualTo(Map.of(EventType.CASE_OPENED, 6L));
        assertThat(s.eventRejections()).isEqualTo(5);
        assertThat(s.rejectionsByReason())
                .isEqualTo(Map.of(
                        "closed_before_opened",
                        1L,
                        "missing_close_time",
                        1L,
                        "unparseable_time",
                        1L,
                        "time_out_of_range",
                        1L,
                        "updated_before_opened",
                        1L));
        assertThat(r.detail(0))
                .isEqualTo("id 1: case_closed not produced, closed 2026-02-01T09:00+01:00 (column closed)"
                        + " is earlier than opened 2026-02-02T09:00+01:00; the case_opened was kept");
        assertThat(r.detail(1))
                .isEqualTo(
                        "id 2: case_closed not produced, status 'chiusa' means closed but the close"
                                + " time (column closed) is blank, so the case stays open in the lake; the case_opened was kept");
        assertThat(r.detail(4))
                .isEqualTo("id 5: case_status_changed not produced, updated 2026-02-01T08:00+01:00"
                        + " (column updated) is earlier than opened 2026-02-02T09:00+01:00; the case_opened was kept");
    }

    @Test
    void anEventThatBreaksTheContractIsRejectedNotSent() throws IOException {
        String longId = "X".repeat(70); // case_id "town-XXX..." longer than the contract's 64 characters
        Run r = run(MAPPING, HEADER + longId + ";2026-02-02 09:00;;;aperta;app;;;;\n");
        assertThat(r.summary().rowsRejected()).isEqualTo(1);
        assertThat(r.events().values).isEmpty();
        assertThat(r.rejectionJson().get(0).get("reason").asText()).isEqualTo("invalid_event");
        assertThat(r.detail(0))
                .isEqualTo("id " + longId + ": case_opened breaks contract v1 (invalid_field:"
                        + " case_id is longer than 64 characters)");
    }

    @Test
    void aBrokenRecordIsRejectedWithItsLinesAndTheRestOfTheFileImported() throws IOException {
        Run r = run(
                MAPPING,
                HEADER + "1;2026-02-02 09:00;;;aperta;app;;;;\n"
                        + "2;\"2026-02-02 09:00\"x;;;aperta;app;;;;\n3;2026-02-02 09:00;;;aperta;app;;;;\n"
                        + "4;2026-02-02 09:00;;;aperta;\"app;;;;\n5;2026-02-02 09:00;;;aperta;app;;;;\n");
        ImportSummary s = r.summary();
        assertThat(s.complete()).isTrue();
        assertThat(s.incompleteReason()).isNull();
        assertThat(s.rowsRead()).isEqualTo(5);
        assertThat(s.rowsMapped()).isEqualTo(3);
        assertThat(s.rowsRejected()).isEqualTo(2);
        assertThat(s.brokenRecords()).isEqualTo(2);
        assertThat(s.rejectionsByReason()).isEqualTo(Map.of("malformed_record", 2L));
        assertThat(r.eventJson())
                .extracting(e -> e.get("case_id").asText())
                .containsExactly("town-1", "town-3", "town-5");
        assertThat(r.rejectionJson())
                .extracting(j -> j.get("source_record").asText())
                .containsExactly("row 2", "row 4");
        assertThat(r.detail(0))
                .isEqualTo("row 2 (lines 3-3) cannot be read as CSV: on line 3 a character follows the"
                        + " closing quote of a field (a quote inside a quoted field must be doubled); reading resumed at"
                        + " line 4");
        assertThat(r.detail(1))
                .isEqualTo("row 4 (lines 5-5) cannot be read as CSV: a quote opened on line 5 is never"
                        + " closed (the file ends first); reading resumed at line 6");
        assertThat(r.rejectionJson().get(0).get("raw_payload").asText())
                .isEqualTo("2;\"2026-02-02 09:00\"x;;;aperta;app;;;;");
        assertThat(r.rejectionJson().get(1).get("raw_payload").asText())
                .isEqualTo("4;2026-02-02 09:00;;;aperta;\"app;;;;");
    }

    @Test
    void theCountingPassForProgressCountsABrokenRecordOnce() throws IOException {
        String csv = HEADER + "1;2026-02-02 09:00;;;aperta;app;;;;\n2;\"2026-02-02 09:00;;;aperta;app;;;;\n"
                + "3;2026-02-02 09:00;;;aperta;app;;;;\n";
        Path file = dir.resolve("broken.csv");
        Files.writeString(file, csv);
        Mapping m = Mappings.parse(MAPPING, "town", "town.yaml", ServiceCatalogue.bundled());
        List<long[]> calls = new ArrayList<>();
        ImportSummary s = new Importer(CLOCK)
                .importFile(
                        m,
                        file,
                        new CollectingSink(),
                        new CollectingSink(),
                        (done, total) -> calls.add(new long[] {done, total}));
        assertThat(s.rowsRead()).isEqualTo(3);
        assertThat(s.brokenRecords()).isEqualTo(1);
        assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(3));
    }

    @Test
    void bytesOutsideTheCharsetRejectTheirRowOnly() throws IOException {
        byte[] head = (HEADER + "1;2026-02-02 09:00;;;aperta;app;;;;\n2;2026-02-02 09:00;;;aperta;app;Citt")
                .getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xE0, ';', ';', ';', '\n'}; // "Città" written in ISO-8859-1
        byte[] tail = "3;2026-02-02 09:00;;;aperta;app;;;;\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        Run r = run(MAPPING, all);
        assertThat(r.summary().complete()).isTrue();
        assertThat(r.summary().rowsRead()).isEqualTo(3);
        assertThat(r.summary().rowsMapped()).isEqualTo(2);
        assertThat(r.summary().rejectionsByReason()).isEqualTo(Map.of("malformed_record", 1L));
        assertThat(r.detail(0)).isEqualTo("row 2 holds bytes that are not valid UTF-8 (is format.charset right?)");
        assertThat(r.rejectionJson().get(0).get("raw_payload").asText())
                .isEqualTo("2;2026-02-02 09:00;;;aperta;app;Citt\uFFFD;;;");
        Run latin = run(MAPPING.replace("  delimiter: \";\"", "  delimiter: \";\"\n  charset: ISO-8859-1"), all);
        assertThat(latin.summary().rowsMapped()).isEqualTo(3);
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreFine() throws IOException {
        Run r = run(MAPPING, "\uFEFF" + HEADER.replace("\n", "\r\n") + "1;2026-02-02 09:00;;;aperta;app;;;;\r\n\r\n");
        assertThat(r.summary().rowsRead()).isEqualTo(1);
        assertThat(r.summary().rowsMapped()).isEqualTo(1);
    }

    @Test
    void aFileWithoutHeaderNamesItsColumnsInTheMapping() throws IOException {
        String mapping = MAPPING.replace(
                "  delimiter: \";\"",
                "  delimiter: \";\"\n  header: false\n  columns: "
                        + "[id, opened, closed, updated, status, source, category, mun, lat, lon]");
        Run r = run(mapping, "1;2026-02-02 09:00;;;aperta;web;buche;1;;\n2;2026-02-02 09:00;;;aperta;fax;;;;\n");
        assertThat(r.eventJson()).singleElement().satisfies(e -> {
            assertThat(e.get("case_id").asText()).isEqualTo("town-1");
            assertThat(e.get("channel").asText()).isEqualTo("portal");
            assertThat(e.get("municipio").asInt()).isEqualTo(1);
        });
        // the raw payload is the row alone, without the configured column names
        assertThat(r.rejectionJson())
                .singleElement()
                .satisfies(j ->
                        assertThat(j.get("raw_payload").asText()).isEqualTo("2;2026-02-02 09:00;;;aperta;fax;;;;"));
    }

    @Test
    void aFileWithoutAColumnTheMappingReadsIsRefusedBeforeAnythingIsSent() throws IOException {
        assertThatThrownBy(() -> run(MAPPING, "id,opened,closed\n1,2026-02-02 09:00,\n"))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("mapping town reads column(s) [id, source, category, mun, lat, lon, opened,"
                        + " closed, updated, status] that ")
                .hasMessageEndingWith(
                        "does not have; its columns are [id,opened,closed] (wrong mapping or wrong delimiter?)");
        assertThatThrownBy(() -> run(MAPPING, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("in.csv is empty: no header line");
        Mapping m = Mappings.parse(MAPPING, "town", "town.yaml", ServiceCatalogue.bundled());
        assertThatThrownBy(() -> new Importer(CLOCK)
                        .importFile(m, dir.resolve("nope.csv"), new CollectingSink(), new CollectingSink(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file not found: " + dir.resolve("nope.csv"));
    }

    @Test
    void progressIsToldAndEndsWithAllRows() throws IOException {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= 250; i++) {
            csv.append(i).append(";2026-02-02 09:00;;;aperta;app;;;;\n");
        }
        Path file = dir.resolve("many.csv");
        Files.writeString(file, csv);
        Mapping m = Mappings.parse(MAPPING, "town", "town.yaml", ServiceCatalogue.bundled());
        List<long[]> calls = new ArrayList<>();
        Path out = dir.resolve("out.jsonl");
        Path rejected = dir.resolve("out.rejected.jsonl");
        try (JsonLinesRecordSink events = new JsonLinesRecordSink(out);
                JsonLinesRecordSink rejections = new JsonLinesRecordSink(rejected)) {
            ImportSummary s = new Importer(CLOCK)
                    .importFile(m, file, events, rejections, (done, total) -> calls.add(new long[] {done, total}));
            assertThat(s.rowsRead()).isEqualTo(250);
        }
        assertThat(calls).hasSize(126); // every 2 rows (1 %), then the end
        assertThat(calls.get(0)).containsExactly(2, 250);
        assertThat(calls.get(calls.size() - 1)).containsExactly(250, 250);
        assertThat(Files.readAllLines(out)).hasSize(250);
        assertThat(Files.readAllLines(rejected)).isEmpty();
    }
}
