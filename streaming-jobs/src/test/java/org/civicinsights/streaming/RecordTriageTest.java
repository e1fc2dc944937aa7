package org.civicinsights.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.ProducerRejection;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.junit.jupiter.api.Test;

class RecordTriageTest {
    static final String CODE = "RSSMRA85T10A562S";
    static final CitizenPseudonymiser P = new CitizenPseudonymiser(new byte[32]);
    static final RecordTriage TRIAGE = new RecordTriage(
            new InteractionEventCodec(P, Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC)),
            P,
            "rejected-topic");

    static String event(String identity) {
        return "{\"schema_version\":1,\"event_id\":\"7d3c1a52-1f0e-4b8e-9f59-0c8a1d0e3b11\",\"event_type\":\"contact_call\","
                + "\"event_time\":\"2026-03-02T09:15:00+01:00\",\"channel\":\"contact_centre\"," + identity + "}";
    }

    @Test
    void keepsAProducersReasonAndScrubsItsPayload() {
        ProducerRejection r = new ProducerRejection(
                "sf311",
                "line 12",
                "closed_before_opened",
                "closed before opened",
                "12;" + CODE + ";closed",
                Instant.parse("2026-03-01T10:00:00Z"));
        RecordTriage.Result out = TRIAGE.triage(new IncomingRecord("rejected-topic", 1, 5, 0, r.toJson()), 42);
        assertThat(out.accepted()).isNull();
        assertThat(out.rejected().reason).isEqualTo("closed_before_opened");
        assertThat(out.rejected().producer).isEqualTo("sf311");
        assertThat(out.rejected().sourceRecord).isEqualTo("line 12");
        assertThat(out.rejected().rawPayload).isEqualTo("12;pseudonym:" + P.citizenKey(CODE) + ";closed");
        assertThat(out.rejected().sourceOffset).isEqualTo(5);
    }

    @Test
    void masksPersonalDataInEveryPartOfARejectedRecord() {
        ProducerRejection r = new ProducerRejection(
                "collector",
                "post from mario.rossi@example.it",
                "invalid_field",
                "csat must be 1..5; caller left +39 333 123 4567",
                "{\"feedback_text\":\"rimborso su IT60X0542811101000000123456, patente RM1234567X\"}",
                Instant.parse("2026-03-01T10:00:00Z"));
        RejectedRecord stored = TRIAGE.triage(new IncomingRecord("rejected-topic", 0, 7, 0, r.toJson()), 42)
                .rejected();
        assertThat(stored.sourceRecord).isEqualTo("post from [email]");
        assertThat(stored.detail).isEqualTo("csat must be 1..5; caller left [telefono]");
        assertThat(stored.rawPayload).isEqualTo("{\"feedback_text\":\"rimborso su [iban], patente [documento]\"}");

        // a record that breaks the contract keeps its payload, masked the same way
        String broken = event("\"anonymous_id\":\"a1\",\"csat\":9,\"feedback_text\":\"chiamatemi al 3331234567\"");
        RejectedRecord rejected =
                TRIAGE.triage(new IncomingRecord("t", 0, 8, 0, broken), 42).rejected();
        assertThat(rejected.rawPayload).contains("chiamatemi al [telefono]").doesNotContain("3331234567");
    }

    @Test
    void aMalformedEnvelopeIsKeptWhole() {
        RecordTriage.Result out = TRIAGE.triage(new IncomingRecord("rejected-topic", 0, 0, 0, "{\"oops\":1}"), 42);
        assertThat(out.rejected().reason).isEqualTo("invalid_rejection_envelope");
        assertThat(out.rejected().rawPayload).isEqualTo("{\"oops\":1}");
    }

    @Test
    void aPseudonymIsAcceptedOnlyInAReplayedRecord() {
        String scrubbed = event("\"fiscal_code\":\"pseudonym:" + P.citizenKey(CODE) + "\"");
        IncomingRecord fresh = new IncomingRecord("t", 0, 1, 0, scrubbed);
        assertThat(TRIAGE.triage(fresh, 42).rejected().reason).isEqualTo("invalid_fiscal_code");

        IncomingRecord replayed = new IncomingRecord("t", 0, 2, 0, scrubbed);
        replayed.replayOf = "t/0/1";
        RecordTriage.Result out = TRIAGE.triage(replayed, 42);
        assertThat(out.accepted().event.citizenKey).isEqualTo(P.citizenKey(CODE));
    }

    @Test
    void aReplayRejectedAgainPointsToTheOriginal() {
        IncomingRecord replayed = new IncomingRecord("t", 0, 9, 0, "{not json");
        replayed.replayOf = "t/0/3";
        assertThat(TRIAGE.triage(replayed, 42).rejected().replayOf).isEqualTo("t/0/3");
    }

    @Test
    void aRejectedPayloadKeepsItsIdentifiersSoAReplayKeepsCasesApart() throws Exception {
        String broken = event("\"anonymous_id\":\"visitor@example.it\",\"case_id\":\"0612345678\",\"csat\":9,"
                + "\"feedback_text\":\"Contatti:\\nmario@x.it\"");
        RejectedRecord rejected =
                TRIAGE.triage(new IncomingRecord("t", 0, 10, 0, broken), 42).rejected();
        JsonNode payload = new ObjectMapper().readTree(rejected.rawPayload);
        // identifiers get keyed pseudonyms, never masks: distinct visitors stay distinct, no clear address
        String other = broken.replace("visitor@example.it", "other@example.it");
        JsonNode otherPayload = new ObjectMapper()
                .readTree(TRIAGE.triage(new IncomingRecord("t", 0, 11, 0, other), 42)
                        .rejected()
                        .rawPayload);
        assertThat(payload.get("anonymous_id").textValue())
                .startsWith("pseudonym:")
                .isNotEqualTo(otherPayload.get("anonymous_id").textValue());
        // a numeric case id is the source system's protocol number: kept, so a replay finds the case
        assertThat(payload.get("case_id").textValue()).isEqualTo("0612345678");
        assertThat(rejected.rawPayload).doesNotContain("visitor@example.it");
        assertThat(payload.get("csat").intValue()).isEqualTo(9);
        assertThat(payload.get("feedback_text").textValue()).isEqualTo("Contatti:\n[email]");
    }
}
