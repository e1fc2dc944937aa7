package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.ingestion.CollectingSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Contact-centre call records (a synthetic ACD export) with the bundled acd-sample mapping. */
class AcdImportTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    static final InteractionEventCodec CODEC = new InteractionEventCodec(new CitizenPseudonymiser(new byte[32]), CLOCK);

    static ImportSummary summary;
    static CollectingSink eventSink;
    static CollectingSink rejectionSink;
    static List<JsonNode> events;
    static List<JsonNode> rejections;

    @BeforeAll
    static void importCalls() throws URISyntaxException {
        Mapping m = Mappings.load("acd-sample");
        assertThat(m.kind()).isEqualTo(Mapping.Kind.CALLS);
        assertThat(m.redact()).containsExactly("caller_number");
        eventSink = new CollectingSink();
        rejectionSink = new CollectingSink();
        Path file = Path.of(
                AcdImportTest.class.getResource("/importer/acd-calls.csv").toURI());
        summary = new Importer(CLOCK).importFile(m, file, eventSink, rejectionSink, null);
        events = eventSink.json();
        rejections = rejectionSink.json();
    }

    static JsonNode call(String id) {
        String eventId = UUID.nameUUIDFromBytes(
                        ("acd-sample\n" + id + "\ncontact_call").getBytes(StandardCharsets.UTF_8))
                .toString();
        return events.stream()
                .filter(e -> e.get("event_id").asText().equals(eventId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyCallIsAContactCallOrARejection() {
        assertThat(summary.rowsRead()).isEqualTo(10);
        assertThat(summary.rowsMapped()).isEqualTo(7);
        assertThat(summary.eventsByType()).isEqualTo(Map.of(EventType.CONTACT_CALL, 7L));
        assertThat(summary.rejectionsByReason())
                .isEqualTo(Map.of(
                        ImportRejections.INVALID_VALUE,
                        1L,
                        ImportRejections.UNPARSEABLE_TIME,
                        1L,
                        ImportRejections.MISSING_RECORD_ID,
                        1L));
        assertThat(eventSink.values)
                .allSatisfy(v -> assertThat(CODEC.parse(v).isAccepted()).as(v).isTrue());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("channel").asText()).isEqualTo("contact_centre");
            assertThat(e.get("source_system").asText()).isEqualTo("acd-sample");
            assertThat(e.has("case_id")).isFalse();
        });
    }

    @Test
    void anAnsweredCallEndsAfterItsWaitAndHandleTime() {
        JsonNode c = call("C-0001");
        assertThat(c.get("event_time").asText()).isEqualTo("2026-03-02T09:20:35+01:00"); // 09:15:00 + 95 s + 240 s
        assertThat(c.get("wait_seconds").asInt()).isEqualTo(95);
        assertThat(c.get("handle_seconds").asInt()).isEqualTo(240);
        assertThat(c.get("operator_id").asText()).isEqualTo("op-4411");
        assertThat(c.get("outcome").asText()).isEqualTo("resolved_first_contact");
        assertThat(c.get("service_code").asText()).isEqualTo("ANAG-CERT");
        assertThat(c.get("language").asText()).isEqualTo("it");
        assertThat(c.get("anonymous_id").asText()).isEqualTo("caller-" + IdTemplate.sha256("+390606061111"));
    }

    @Test
    void anAbandonedCallHasNoOperatorAndTheSameCallerHashHoweverTheNumberIsWritten() {
        JsonNode c = call("C-0002");
        assertThat(c.get("event_time").asText()).isEqualTo("2026-03-02T09:26:40+01:00"); // 09:16:30 + 610 s
        assertThat(c.get("outcome").asText()).isEqualTo("abandoned");
        assertThat(c.get("handle_seconds").asInt()).isZero();
        assertThat(c.has("operator_id")).isFalse();
        assertThat(c.get("service_code").asText()).isEqualTo("TARI-VAR");
        assertThat(c.get("anonymous_id").asText())
                .isEqualTo(call("C-0001").get("anonymous_id").asText());

        JsonNode yes = call("C-0010"); // "yes" means abandoned; ISO start with offset; blank language -> default
        assertThat(yes.get("outcome").asText()).isEqualTo("abandoned");
        assertThat(yes.get("handle_seconds").asInt()).isEqualTo(60);
        assertThat(yes.has("operator_id")).isFalse();
        assertThat(yes.get("event_time").asText()).isEqualTo("2026-03-02T10:21:05+01:00");
        assertThat(yes.get("language").asText()).isEqualTo("it");
    }

    @Test
    void aWithheldNumberFallsBackToOneAnonymousCallerPerCall() {
        JsonNode c = call("C-0003");
        assertThat(c.get("anonymous_id").asText()).isEqualTo("acd-sample-withheld-C-0003");
        assertThat(c.get("language").asText()).isEqualTo("en");
        assertThat(c.get("outcome").asText()).isEqualTo("information_given");
        assertThat(c.get("operator_id").asText()).isEqualTo("op-4420"); // "N" is not abandoned
    }

    @Test
    void callEndsAreWrittenWithTheOffsetInForceWhenTheyEnd() {
        // starts 01:58 winter time, ends 300 s later, after the 02:00 -> 03:00 jump
        assertThat(call("C-0004").get("event_time").asText()).isEqualTo("2026-03-29T03:03:00+02:00");
        assertThat(call("C-0004").get("outcome").asText()).isEqualTo("case_opened");
        // 02:30 happens twice on 2026-10-25: the earlier (summer) offset is taken
        assertThat(call("C-0005").get("event_time").asText()).isEqualTo("2026-10-25T02:32:00+02:00");
        assertThat(call("C-0005").get("language").asText()).isEqualTo("fr");
    }

    @Test
    void unknownValuesTakeTheDefaultsAndDecimalSecondsAreRounded() {
        JsonNode c = call("C-0009");
        assertThat(c.get("service_code").asText()).isEqualTo("INFO-GEN");
        assertThat(c.get("language").asText()).isEqualTo("it");
        assertThat(c.get("wait_seconds").asInt()).isEqualTo(16);
        assertThat(c.has("outcome")).as("an unknown disposition is left out").isFalse();
    }

    @Test
    void theClearNumberNeverLeavesTheImporter() {
        List<String> numbers = List.of(
                "0606 1111",
                "06-0606",
                "0606061111",
                "1234567",
                "123 4567",
                "9876543",
                "987 6543",
                "000 0001",
                "0000001",
                "000 0002",
                "000 0003",
                "0000003");
        for (String line : eventSink.values) {
            numbers.forEach(n -> assertThat(line).doesNotContain(n));
        }
        for (String line : rejectionSink.values) {
            numbers.forEach(n -> assertThat(line).doesNotContain(n));
            assertThat(line).contains(SourceRecord.REDACTED);
        }
        assertThat(rejections)
                .extracting(j -> j.get("detail").asText())
                .containsExactly(
                        "id C-0006: wait_seconds: '-5' (column queue_wait_s) is not a number of seconds >= 0",
                        "id C-0007: call start (column call_start): '02/03/2026 10:05' matches none of the patterns "
                                + "[yyyy-MM-dd HH:mm:ss, ISO]",
                        "row 8: the record id column call_id is blank");
        assertThat(rejections.get(0).get("raw_payload").asText())
                .isEqualTo("C-0006,2026-03-02 10:00:00,cie,-5,100,0,op-4413,ita,<redacted>,RESOLVED");
    }
}
