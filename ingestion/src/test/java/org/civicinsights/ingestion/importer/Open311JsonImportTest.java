package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.ingestion.CollectingSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Open311 GeoReport v2 requests.json (test fixture) with a mapping file given by path. */
class Open311JsonImportTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    static final InteractionEventCodec CODEC = new InteractionEventCodec(new CitizenPseudonymiser(new byte[32]), CLOCK);

    static ImportSummary summary;
    static List<JsonNode> events;
    static List<JsonNode> rejections;
    static CollectingSink eventSink;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(
                Open311JsonImportTest.class.getResource("/importer/" + name).toURI());
    }

    @BeforeAll
    static void importFixture() throws URISyntaxException {
        Mapping m = Mappings.load(resource("open311-rome.yaml").toString());
        assertThat(m.name()).isEqualTo("open311-rome");
        assertThat(m.format().type()).isEqualTo(Mapping.FormatType.OPEN311_JSON);
        eventSink = new CollectingSink();
        CollectingSink r = new CollectingSink();
        summary = new Importer(CLOCK).importFile(m, resource("open311-requests.json"), eventSink, r, null);
        events = eventSink.json();
        rejections = r.json();
    }

    static JsonNode event(EventType type, String requestId) {
        return events.stream()
                .filter(e -> e.get("event_type").asText().equals(type.wireName())
                        && e.get("case_id").asText().equals("open311-rome-" + requestId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyElementIsAccountedFor() {
        assertThat(summary.rowsRead()).isEqualTo(8);
        assertThat(summary.rowsMapped()).isEqualTo(4);
        assertThat(summary.rowsRejected()).isEqualTo(4);
        assertThat(summary.eventsByType()).isEqualTo(Map.of(EventType.CASE_OPENED, 4L, EventType.CASE_CLOSED, 2L));
        assertThat(summary.rejectionsByReason())
                .isEqualTo(Map.of(
                        ImportRejections.MISSING_RECORD_ID, 1L,
                        ImportRejections.UNPARSEABLE_TIME, 1L,
                        ImportRejections.MALFORMED_RECORD, 1L,
                        ImportRejections.UNMAPPED_VALUE, 1L,
                        ImportRejections.CLOSED_BEFORE_OPENED, 1L));
        assertThat(rejections)
                .extracting(j -> j.get("source_record").asText())
                .containsExactly("row 3", "row 4", "row 5", "row 6", "row 8");
        assertThat(eventSink.values)
                .allSatisfy(v -> assertThat(CODEC.parse(v).isAccepted()).as(v).isTrue());
    }

    @Test
    void anOpenRequestBecomesACaseOpenedWithItsMunicipioAndPlace() {
        JsonNode e = event(EventType.CASE_OPENED, "SEG-2026-000101");
        assertThat(e.get("event_time").asText()).isEqualTo("2026-03-02T18:42:10+01:00");
        assertThat(e.get("service_code").asText()).isEqualTo("SEGN-BUCHE");
        assertThat(e.get("municipio").asInt()).isEqualTo(2);
        assertThat(e.get("lat").asDouble()).isEqualTo(41.9181);
        assertThat(e.get("lon").asDouble()).isEqualTo(12.5046);
        assertThat(e.get("channel").asText()).isEqualTo("street_report");
        assertThat(e.get("case_status").asText()).isEqualTo("open");
        assertThat(e.get("anonymous_id").asText()).isEqualTo("open311-rome-reporter-SEG-2026-000101");
        assertThat(events.stream().filter(x -> x.get("case_id").asText().endsWith("000101")))
                .hasSize(1);
    }

    @Test
    void aClosedRequestClosesAtItsLastUpdateWithTheOutcomeOfItsNotes() {
        JsonNode c = event(EventType.CASE_CLOSED, "SEG-2026-000102");
        assertThat(c.get("event_time").asText()).isEqualTo("2026-03-09T11:30:00+01:00");
        assertThat(c.get("case_status").asText()).isEqualTo("closed");
        assertThat(c.get("outcome").asText()).isEqualTo("fixed");
        assertThat(c.get("municipio").asInt()).isEqualTo(2); // given as a string in the feed
        assertThat(c.get("lat").asDouble()).isEqualTo(41.9128);
    }

    @Test
    void aLocalTimeInTheSpringGapMovesForwardAndAnUnknownServiceTakesTheDefault() {
        JsonNode o = event(EventType.CASE_OPENED, "SEG-2026-000107");
        assertThat(o.get("event_time").asText()).isEqualTo("2026-03-29T03:30:00+02:00");
        assertThat(o.get("service_code").asText()).isEqualTo("INFO-URP");
        JsonNode c = event(EventType.CASE_CLOSED, "SEG-2026-000107");
        assertThat(c.get("event_time").asText()).isEqualTo("2026-03-30T10:00:00+02:00");
        assertThat(c.get("outcome").asText()).isEqualTo("not_competent");
    }

    @Test
    void offsetsOfTheFeedKeepTheirInstantWrittenInRomeTime() {
        JsonNode o = event(EventType.CASE_OPENED, "SEG-2026-000103");
        assertThat(o.get("event_time").asText()).isEqualTo("2026-03-10T09:00:00+01:00"); // 08:00Z
        JsonNode r = rejections.stream()
                .filter(j -> j.get("reason").asText().equals("closed_before_opened"))
                .findFirst()
                .orElseThrow();
        assertThat(r.get("detail").asText())
                .isEqualTo("id SEG-2026-000103: case_closed not produced, closed "
                        + "2026-03-10T08:59+01:00 (column updated_datetime) is earlier than opened 2026-03-10T09:00+01:00; "
                        + "the case_opened was kept");
    }

    @Test
    void rejectionsSayWhyAndKeepTheElement() {
        Map<String, JsonNode> byRow = new HashMap<>();
        rejections.forEach(j -> byRow.put(j.get("source_record").asText(), j));
        assertThat(byRow.get("row 4").get("detail").asText())
                .isEqualTo("row 4: the record id column service_request_id is blank");
        assertThat(byRow.get("row 5").get("detail").asText())
                .isEqualTo(
                        "id SEG-2026-000105: opened (column requested_datetime): 'ieri sera' matches none of the patterns [ISO]");
        assertThat(byRow.get("row 6").get("detail").asText()).isEqualTo("row 6 element is string, not an object");
        assertThat(byRow.get("row 6").get("raw_payload").asText()).isEqualTo("\"not a request\"");
        assertThat(byRow.get("row 8").get("detail").asText())
                .isEqualTo(
                        "id SEG-2026-000108: municipio: '16' (column municipio) is not a valid value and the mapping has no default");
        assertThat(byRow.get("row 8").get("raw_payload").asText())
                .contains("\"service_request_id\":\"SEG-2026-000108\"");
    }

    @Test
    void aFileThatIsNoRequestsArrayIsRefusedAndBrokenJsonStopsVisibly(@TempDir Path dir) throws Exception {
        Mapping m = Mappings.load(resource("open311-rome.yaml").toString());
        Path object = dir.resolve("object.json");
        Files.writeString(object, "{\"service_requests\": []}");
        assertThatThrownBy(() ->
                        new Importer(CLOCK).importFile(m, object, new CollectingSink(), new CollectingSink(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(object
                        + " is not a JSON array of service requests (GeoReport v2 requests.json); it starts with {");
        Path csv = dir.resolve("requests.csv");
        Files.writeString(csv, "service_request_id,status\n1,open\n");
        assertThatThrownBy(
                        () -> new Importer(CLOCK).importFile(m, csv, new CollectingSink(), new CollectingSink(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not JSON");

        Path broken = dir.resolve("broken.json");
        Files.writeString(
                broken,
                "[{\"service_request_id\":\"A1\",\"status\":\"open\","
                        + "\"requested_datetime\":\"2026-03-02T10:00:00+01:00\"},\n{\"service_request_id\": \"A2\", \"status\": ope");
        CollectingSink events = new CollectingSink();
        CollectingSink rejected = new CollectingSink();
        ImportSummary s = new Importer(CLOCK).importFile(m, broken, events, rejected, (done, total) -> {});
        assertThat(s.complete()).isFalse();
        assertThat(s.rowsRead()).isEqualTo(2);
        assertThat(s.rowsMapped()).isEqualTo(1);
        assertThat(s.rejectionsByReason()).isEqualTo(Map.of(ImportRejections.MALFORMED_RECORD, 1L));
        assertThat(rejected.json().get(0).get("source_record").asText()).isEqualTo("row 2");
        assertThat(rejected.json().get(0).get("detail").asText())
                .startsWith("JSON unreadable from element 2: ")
                .endsWith("; the rest of the file was not imported");
    }
}
