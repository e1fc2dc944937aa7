package org.civicinsights.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class InteractionEventCodecTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String FISCAL_CODE = "RSSMRA85T10A562S";
    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final InteractionEventCodec codec =
            new InteractionEventCodec(new CitizenPseudonymiser(KEY), Clock.fixed(NOW, ZoneOffset.UTC));

    static String hmacHex(String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.US_ASCII)));
    }

    static InteractionEvent fullEvent() {
        InteractionEvent e = new InteractionEvent();
        e.eventId = UUID.fromString("6f1c2a8e-3b4d-4c5e-9f70-8a1b2c3d4e5f");
        e.eventType = EventType.CONTACT_CALL;
        e.eventTime = OffsetDateTime.parse("2026-03-02T09:15:00+01:00");
        e.channel = Channel.CONTACT_CENTRE;
        e.serviceCode = "ANAG-CERT";
        e.municipio = 7;
        e.fiscalCode = FISCAL_CODE;
        e.anonymousId = "web-3f9a1c77";
        e.caseId = "RC-2026-0012345";
        e.caseStatus = "in_lavorazione";
        e.language = "it";
        e.operatorId = "op-4411";
        e.waitSeconds = 95;
        e.handleSeconds = 240;
        e.outcome = "resolved_first_contact";
        e.csat = 4;
        e.nps = 8;
        e.feedbackText = "Operatore gentile";
        e.lat = 41.8902;
        e.lon = 12.4922;
        e.amountEur = new BigDecimal("12.50");
        e.sourceSystem = "contact-centre";
        return e;
    }

    /** A minimal valid event, changed by {@code edit}. */
    static String event(Consumer<ObjectNode> edit) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema_version", 1);
        n.put("event_id", "0b8e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
        n.put("event_type", "contact_call");
        n.put("event_time", "2026-03-02T09:15:00+01:00");
        n.put("channel", "contact_centre");
        n.put("anonymous_id", "caller-77");
        edit.accept(n);
        return n.toString();
    }

    private Rejection rejection(String json) {
        ParseOutcome outcome = codec.parse(json);
        assertThat(outcome.isAccepted()).as("accepted: %s", json).isFalse();
        assertThat(outcome.event()).isNull();
        return outcome.rejection();
    }

    private InteractionEvent accepted(String json) {
        ParseOutcome outcome = codec.parse(json);
        assertThat(outcome.rejection()).as("rejection of %s", json).isNull();
        assertThat(outcome.isAccepted()).isTrue();
        return outcome.event();
    }

    // ---- round trip ----

    @Test
    void roundTripOfAFullEvent() throws Exception {
        String json = InteractionEventCodec.toJson(fullEvent());
        assertThat(json).contains("\"fiscal_code\":\"RSSMRA85T10A562S\"").doesNotContain("citizen_key");

        InteractionEvent parsed = accepted(json);

        InteractionEvent expected = fullEvent();
        expected.fiscalCode = null;
        expected.citizenKey = hmacHex(FISCAL_CODE);
        expected.eventTime = OffsetDateTime.of(2026, 3, 2, 8, 15, 0, 0, ZoneOffset.UTC);
        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.fiscalCode).isNull();
        assertThat(parsed.citizenKey).hasSize(64);
        assertThat(parsed.eventTime.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(parsed.authenticated()).isTrue();
        assertThat(parsed.schemaVersion).isEqualTo(1);
        assertThat(parsed.amountEur).isEqualByComparingTo("12.5").hasToString("12.50");

        String again = InteractionEventCodec.toJson(parsed);
        assertThat(again)
                .doesNotContain(FISCAL_CODE)
                .doesNotContain("fiscal_code")
                .contains("\"citizen_key\":\"" + hmacHex(FISCAL_CODE) + "\"")
                .contains("\"event_time\":\"2026-03-02T08:15:00Z\"");
    }

    @Test
    void toJsonWritesSnakeCaseAndOmitsNulls() throws Exception {
        InteractionEvent e = new InteractionEvent();
        e.eventId = UUID.fromString("0b8e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
        e.eventType = EventType.PAYMENT_MADE;
        e.eventTime = OffsetDateTime.parse("2026-03-02T09:15:00Z");
        e.channel = Channel.APP_IO;
        e.anonymousId = "io-1";
        e.amountEur = new BigDecimal("30.00");
        assertThat(MAPPER.readTree(InteractionEventCodec.toJson(e)))
                .isEqualTo(
                        MAPPER.readTree("{\"schema_version\":1,\"event_id\":\"0b8e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b\","
                                + "\"event_type\":\"payment_made\",\"event_time\":\"2026-03-02T09:15:00Z\","
                                + "\"channel\":\"app_io\",\"anonymous_id\":\"io-1\",\"amount_eur\":30.00}"));
    }

    @Test
    void minimalAnonymousEventIsAccepted() {
        InteractionEvent e = accepted(event(n -> {}));
        assertThat(e.eventId).isEqualTo(UUID.fromString("0b8e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b"));
        assertThat(e.eventType).isEqualTo(EventType.CONTACT_CALL);
        assertThat(e.channel).isEqualTo(Channel.CONTACT_CENTRE);
        assertThat(e.eventTime).isEqualTo(OffsetDateTime.parse("2026-03-02T08:15:00Z"));
        assertThat(e.anonymousId).isEqualTo("caller-77");
        assertThat(e.citizenKey).isNull();
        assertThat(e.authenticated()).isFalse();
        assertThat(e.serviceCode).isNull();
        assertThat(e.amountEur).isNull();
    }

    @Test
    void eventTimeIsConvertedToUtc() {
        InteractionEvent summer = accepted(event(n -> n.put("event_time", "2025-07-15T10:00:00+02:00")));
        assertThat(summer.eventTime).isEqualTo(OffsetDateTime.of(2025, 7, 15, 8, 0, 0, 0, ZoneOffset.UTC));
        InteractionEvent west = accepted(event(n -> n.put("event_time", "2025-07-15T23:30:00.250-05:00")));
        assertThat(west.eventTime).isEqualTo(OffsetDateTime.of(2025, 7, 16, 4, 30, 0, 250_000_000, ZoneOffset.UTC));
    }

    @Test
    void unknownFieldsAndNullOptionalFieldsAreIgnored() {
        InteractionEvent e = accepted(event(n -> {
            n.put("channel_detail", "ivr-menu-3");
            n.putObject("extra").put("fiscal_code", FISCAL_CODE);
            n.putNull("service_code");
            n.putNull("csat");
            n.put("outcome", "   ");
        }));
        assertThat(e.serviceCode).isNull();
        assertThat(e.csat).isNull();
        assertThat(e.outcome).isNull();
        assertThat(e.citizenKey).isNull();
        assertThat(InteractionEventCodec.toJson(e))
                .doesNotContain("channel_detail")
                .doesNotContain(FISCAL_CODE);
    }

    @Test
    void citizenKeySentByAProducerIsIgnored() {
        InteractionEvent e = accepted(event(n -> n.put("citizen_key", "f".repeat(64))));
        assertThat(e.citizenKey).isNull();
    }

    @Test
    void fiscalCodeIsNormalisedBeforeHashing() throws Exception {
        InteractionEvent e = accepted(event(n -> n.put("fiscal_code", " rssmra85t10a562s ")));
        assertThat(e.citizenKey).isEqualTo(hmacHex(FISCAL_CODE));
        assertThat(e.fiscalCode).isNull();
    }

    @Test
    void omocodicFiscalCodeIsAccepted() throws Exception {
        InteractionEvent e = accepted(event(n -> n.put("fiscal_code", "RSSMRA85T10A56NH")));
        assertThat(e.citizenKey).isEqualTo(hmacHex("RSSMRA85T10A56NH"));
    }

    @Test
    void amountIsRoundedHalfEvenToCents() {
        assertThat(accepted(event(n -> n.put("amount_eur", 12.345))).amountEur).isEqualTo(new BigDecimal("12.34"));
        assertThat(accepted(event(n -> n.put("amount_eur", 7))).amountEur).isEqualTo(new BigDecimal("7.00"));
        assertThat(accepted(event(n -> n.put("amount_eur", 0))).amountEur).isEqualTo(new BigDecimal("0.00"));
    }

    // ---- one test per rejection reason ----

    @ParameterizedTest
    @EnumSource(RejectionReason.class)
    void everyReasonHasATriggeringRecord(RejectionReason reason) {
        String json = switch (reason) {
            case INVALID_JSON -> "{\"schema_version\": 1,";
            case NOT_AN_OBJECT -> "[1, 2, 3]";
            case UNSUPPORTED_SCHEMA_VERSION -> event(n -> n.put("schema_version", 3));
            case MISSING_FIELD -> event(n -> n.remove("event_id"));
            case INVALID_FIELD -> event(n -> n.put("event_id", "not-a-uuid"));
            case UNKNOWN_EVENT_TYPE -> event(n -> n.put("event_type", "contact_fax"));
            case UNKNOWN_CHANNEL -> event(n -> n.put("channel", "fax"));
            case INVALID_FISCAL_CODE -> event(n -> n.put("fiscal_code", "RSSMRA85T10A562A"));
            case MISSING_CITIZEN_IDENTITY -> event(n -> n.remove("anonymous_id"));
            case EVENT_TIME_IN_FUTURE -> event(n -> n.put("event_time", "2026-03-03T12:00:01Z"));
            case EVENT_TIME_TOO_OLD -> event(n -> n.put("event_time", "1999-12-31T23:59:59Z"));
        };
        assertThat(rejection(json).reason()).isEqualTo(reason);
    }

    @Test
    void invalidJson() {
        Rejection r = rejection("{\"schema_version\": 1,");
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_JSON);
        assertThat(r.reason().code()).isEqualTo("invalid_json");
        assertThat(r.detail()).startsWith("not valid JSON: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2, 3]", "42", "\"an event\"", "null", "", "   "})
    void notAnObject(String json) {
        Rejection r = rejection(json);
        assertThat(r.reason()).isEqualTo(RejectionReason.NOT_AN_OBJECT);
        assertThat(r.detail()).isEqualTo("an event must be a JSON object");
    }

    @Test
    void unsupportedSchemaVersion() {
        Rejection r = rejection(event(n -> n.put("schema_version", 3)));
        assertThat(r.reason()).isEqualTo(RejectionReason.UNSUPPORTED_SCHEMA_VERSION);
        assertThat(r.detail()).isEqualTo("schema_version 3 is not supported (supported: 1, 2)");
        assertThat(rejection(event(n -> n.put("schema_version", 0))).reason())
                .isEqualTo(RejectionReason.UNSUPPORTED_SCHEMA_VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"schema_version", "event_id", "event_type", "event_time", "channel"})
    void missingRequiredField(String field) {
        Rejection r = rejection(event(n -> n.remove(field)));
        assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_FIELD);
        assertThat(r.detail()).isEqualTo(field + " is required");
        assertThat(rejection(event(n -> n.putNull(field))).detail()).isEqualTo(field + " is required");
    }

    @Test
    void blankRequiredFieldIsMissing() {
        Rejection r = rejection(event(n -> n.put("channel", "  ")));
        assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_FIELD);
        assertThat(r.detail()).isEqualTo("channel is required and is blank");
    }

    @Test
    void invalidField() {
        Rejection r = rejection(event(n -> n.put("event_id", "not-a-uuid")));
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
        assertThat(r.detail()).isEqualTo("event_id must be a UUID");
    }

    @Test
    void unknownEventType() {
        Rejection r = rejection(event(n -> n.put("event_type", "contact_fax")));
        assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_EVENT_TYPE);
        assertThat(r.detail()).isEqualTo("event_type 'contact_fax' is not in the contract");
        // wire names are case-sensitive
        assertThat(rejection(event(n -> n.put("event_type", "CONTACT_CALL"))).reason())
                .isEqualTo(RejectionReason.UNKNOWN_EVENT_TYPE);
    }

    @Test
    void unknownChannel() {
        Rejection r = rejection(event(n -> n.put("channel", "fax")));
        assertThat(r.reason()).isEqualTo(RejectionReason.UNKNOWN_CHANNEL);
        assertThat(r.detail()).isEqualTo("channel 'fax' is not in the contract");
    }

    @Test
    void invalidFiscalCode() {
        Rejection r = rejection(event(n -> n.put("fiscal_code", "RSSMRA85T10A562A")));
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_FISCAL_CODE);
        assertThat(r.detail()).isEqualTo("fiscal code check character does not match");

        Rejection month = rejection(event(n -> n.put("fiscal_code", "RSSMRA85F10A562S")));
        assertThat(month.reason()).isEqualTo(RejectionReason.INVALID_FISCAL_CODE);
        assertThat(month.detail()).isEqualTo("fiscal code has an invalid birth month letter");

        Rejection length = rejection(event(n -> n.put("fiscal_code", "RSSMRA85T10A56")));
        assertThat(length.detail()).isEqualTo("fiscal code must have 16 characters, has 14");
    }

    @Test
    void missingCitizenIdentity() {
        String expected = "one of fiscal_code (authenticated channels) or anonymous_id is required";
        Rejection r = rejection(event(n -> n.remove("anonymous_id")));
        assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_CITIZEN_IDENTITY);
        assertThat(r.detail()).isEqualTo(expected);
        Rejection blank = rejection(event(n -> {
            n.put("anonymous_id", " ");
            n.put("fiscal_code", "");
        }));
        assertThat(blank.reason()).isEqualTo(RejectionReason.MISSING_CITIZEN_IDENTITY);
    }

    @Test
    void eventTimeInTheFutureUsesTheClock() {
        Rejection r = rejection(event(n -> n.put("event_time", "2026-03-03T12:00:01Z")));
        assertThat(r.reason()).isEqualTo(RejectionReason.EVENT_TIME_IN_FUTURE);
        assertThat(r.detail()).isEqualTo("event_time 2026-03-03T12:00:01Z is more than 24 h in the future");
        // same instant written in Rome's winter offset
        assertThat(rejection(event(n -> n.put("event_time", "2026-03-03T13:00:01+01:00")))
                        .reason())
                .isEqualTo(RejectionReason.EVENT_TIME_IN_FUTURE);
        // exactly 24 h ahead is still accepted
        assertThat(accepted(event(n -> n.put("event_time", "2026-03-03T13:00:00+01:00"))).eventTime)
                .isEqualTo(OffsetDateTime.parse("2026-03-03T12:00:00Z"));
    }

    @Test
    void futureDependsOnTheClockNotOnTheWallClock() {
        InteractionEventCodec later = new InteractionEventCodec(
                new CitizenPseudonymiser(KEY), Clock.fixed(Instant.parse("2026-03-05T00:00:00Z"), ZoneOffset.UTC));
        assertThat(later.parse(event(n -> n.put("event_time", "2026-03-03T12:00:01Z")))
                        .isAccepted())
                .isTrue();
    }

    @Test
    void eventTimeTooOld() {
        Rejection r = rejection(event(n -> n.put("event_time", "1999-12-31T23:59:59Z")));
        assertThat(r.reason()).isEqualTo(RejectionReason.EVENT_TIME_TOO_OLD);
        assertThat(r.detail()).isEqualTo("event_time 1999-12-31T23:59:59Z is before 2000-01-01T00:00:00Z");
        // 2000-01-01T00:30 in Rome is still 1999 in UTC
        assertThat(rejection(event(n -> n.put("event_time", "2000-01-01T00:30:00+01:00")))
                        .reason())
                .isEqualTo(RejectionReason.EVENT_TIME_TOO_OLD);
        assertThat(accepted(event(n -> n.put("event_time", "2000-01-01T00:00:00Z"))).eventTime)
                .isEqualTo(OffsetDateTime.parse("2000-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-02T09:15:00", "2026-03-02", "02/03/2026 09:15", "2026-02-30T09:15:00Z"})
    void eventTimeWithoutOffsetOrMalformedIsInvalid(String time) {
        Rejection r = rejection(event(n -> n.put("event_time", time)));
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
        assertThat(r.detail())
                .isEqualTo("event_time must be ISO-8601 with a UTC offset, e.g. 2026-03-02T09:15:00+01:00");
    }

    // ---- privacy ----

    @Test
    void noFiscalCodeInTheDetailOfInvalidJson() throws Exception {
        Rejection r = rejection("{\"fiscal_code\": RSSMRA85T10A562S}");
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_JSON);
        assertThat(r.detail()).doesNotContainIgnoringCase(FISCAL_CODE).contains("pseudonym:" + hmacHex(FISCAL_CODE));
        assertThat(CitizenPseudonymiser.containsFiscalCodeShape(r.detail())).isFalse();

        Rejection lower = rejection("{\"fiscal_code\": rssmra85t10a562s}");
        assertThat(lower.detail()).doesNotContainIgnoringCase(FISCAL_CODE);
    }

    @Test
    void noFiscalCodeInTheDetailOfOtherRejections() {
        Rejection type = rejection(event(n -> n.put("event_type", FISCAL_CODE)));
        assertThat(type.reason()).isEqualTo(RejectionReason.UNKNOWN_EVENT_TYPE);
        assertThat(type.detail()).doesNotContain(FISCAL_CODE).startsWith("event_type 'pseudonym:");

        Rejection channel = rejection(event(n -> n.put("channel", FISCAL_CODE.toLowerCase())));
        assertThat(channel.detail()).doesNotContainIgnoringCase(FISCAL_CODE);

        Rejection code = rejection(event(n -> n.put("fiscal_code", "RSSMRA85T10A562A")));
        assertThat(code.detail()).doesNotContain("RSSMRA85T10A562");
    }

    @Test
    void feedbackTextIsScrubbed() throws Exception {
        InteractionEvent e = accepted(event(n -> {
            n.put("event_type", "feedback_given");
            n.put("feedback_text", "Sono RSSMRA85T10A562S, la pratica di mia madre (bnclra90a41h501f) è ferma");
        }));
        assertThat(e.feedbackText)
                .isEqualTo("Sono pseudonym:" + hmacHex(FISCAL_CODE) + ", la pratica di mia madre (pseudonym:"
                        + hmacHex("BNCLRA90A41H501F") + ") è ferma");
    }

    @Test
    void feedbackTextLosesEmailPhoneIbanAndDocumentNumbers() throws Exception {
        InteractionEvent e = accepted(event(n -> {
            n.put("event_type", "feedback_given");
            n.put(
                    "feedback_text",
                    "Sono RSSMRA85T10A562S: scrivetemi a mario.rossi@example.it o 333 123 4567, rimborso su"
                            + " IT60 X054 2811 1010 0000 0123 456, CIE CA12345AB. Pratica RC-2026-0012345, € 1.234,56");
        }));
        assertThat(e.feedbackText)
                .isEqualTo("Sono pseudonym:" + hmacHex(FISCAL_CODE) + ": scrivetemi a [email] o [telefono], rimborso su"
                        + " [iban], CIE [documento]. Pratica RC-2026-0012345, € 1.234,56");
    }

    @Test
    void identifierFieldsKeepTheirIdentityWithPseudonymsForFiscalCodesEmailsAndPhones() throws Exception {
        // a typed mask would merge every phone-shaped anonymous id into one visitor: a keyed pseudonym
        InteractionEvent e = accepted(event(n -> {
            n.put("schema_version", 2); // session_id is a v2 field
            n.put("anonymous_id", "tel-3331234567");
            n.put("case_id", "RM-2026-0612345678");
            n.put("session_id", "Mario.Rossi@example.it");
            n.put("operator_id", "op.rossi@example.it " + FISCAL_CODE);
        }));
        assertThat(e.anonymousId).isEqualTo("tel-pseudonym:" + hmacHex("tel:+393331234567"));
        assertThat(e.caseId).isEqualTo("RM-2026-0612345678");
        assertThat(e.sessionId).isEqualTo("pseudonym:" + hmacHex("email:mario.rossi@example.it"));
        assertThat(e.operatorId)
                .isEqualTo("pseudonym:" + hmacHex("email:op.rossi@example.it") + " pseudonym:" + hmacHex(FISCAL_CODE));
        // the same visitor's next event, written another way, keeps the same anonymous id
        assertThat(accepted(event(n -> n.put("anonymous_id", "tel-+39 333 123 4567"))).anonymousId)
                .isEqualTo(e.anonymousId);
    }

    @Test
    void otherFreeTextFieldsAreMaskedToo() {
        InteractionEvent e = accepted(event(n -> {
            n.put("outcome", "callback 3331234567");
            n.put("case_status", "mail a@b.it");
            n.put("source_system", "crm +39 06 1234 5678");
        }));
        assertThat(e.outcome).isEqualTo("callback [telefono]");
        assertThat(e.caseStatus).isEqualTo("mail [email]");
        assertThat(e.sourceSystem).isEqualTo("crm [telefono]");
    }

    @Test
    void rejectionDetailsAreMasked() {
        Rejection r = rejection(event(n -> n.put("event_type", "mail me at a.b@example.it")));
        assertThat(r.detail()).contains("[email]").doesNotContain("a.b@example.it");
    }

    @Test
    void otherFreeTextFieldsAreScrubbed() throws Exception {
        String pseudonym = "pseudonym:" + hmacHex(FISCAL_CODE);
        InteractionEvent e = accepted(event(n -> {
            n.put("anonymous_id", FISCAL_CODE);
            n.put("outcome", FISCAL_CODE);
            n.put("operator_id", "op " + FISCAL_CODE);
            n.put("source_system", FISCAL_CODE);
        }));
        assertThat(e.anonymousId).isEqualTo(pseudonym);
        assertThat(e.outcome).isEqualTo(pseudonym);
        assertThat(e.operatorId).isEqualTo("op " + pseudonym);
        assertThat(e.sourceSystem).isEqualTo(pseudonym);
        assertThat(InteractionEventCodec.toJson(e)).doesNotContain(FISCAL_CODE);
    }

    @Test
    void fiscalCodeAsServiceCodeIsRejected() {
        // it matches the service-code pattern, but would carry a clear fiscal code into the lake
        Rejection r = rejection(event(n -> n.put("service_code", FISCAL_CODE)));
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
        assertThat(r.detail()).isEqualTo("service_code must be upper-case letters, digits, '_' or '-'");
        assertThat(rejection(event(n -> n.put("service_code", "ANAG-" + FISCAL_CODE)))
                        .reason())
                .isEqualTo(RejectionReason.INVALID_FIELD);
    }

    // ---- field rules ----

    @Test
    void integerFieldsGivenAsStringsAreRejected() {
        assertThat(rejection(event(n -> n.put("csat", "4"))).detail())
                .isEqualTo("csat must be an integer, got a string");
        assertThat(rejection(event(n -> n.put("municipio", "7"))).detail())
                .isEqualTo("municipio must be an integer, got a string");
        assertThat(rejection(event(n -> n.put("wait_seconds", "95"))).detail())
                .isEqualTo("wait_seconds must be an integer, got a string");
        Rejection version = rejection(event(n -> n.put("schema_version", "1")));
        assertThat(version.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
        assertThat(version.detail()).isEqualTo("schema_version must be an integer, got a string");
        assertThat(rejection(event(n -> n.put("nps", 7.5))).detail()).isEqualTo("nps must be an integer, got number");
        assertThat(rejection(event(n -> n.put("csat", 4.0))).reason()).isEqualTo(RejectionReason.INVALID_FIELD);
    }

    @Test
    void stringFieldsGivenAsOtherTypesAreRejected() {
        Rejection r = rejection(event(n -> n.put("channel", 3)));
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
        assertThat(r.detail()).isEqualTo("channel must be a string, got number");
        assertThat(rejection(event(n -> n.put("case_id", true))).detail())
                .isEqualTo("case_id must be a string, got boolean");
    }

    @Test
    void caseEventWithoutCaseIdIsRejected() {
        for (EventType t : EventType.values()) {
            if (t.family() != EventType.Family.CASE) {
                continue;
            }
            Rejection r = rejection(event(n -> n.put("event_type", t.wireName())));
            assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_FIELD);
            assertThat(r.detail()).isEqualTo("case_id is required for " + t.wireName());
        }
        assertThat(rejection(event(n -> {
                            n.put("event_type", "case_opened");
                            n.put("case_id", " ");
                        }))
                        .detail())
                .isEqualTo("case_id is required for case_opened");
        InteractionEvent ok = accepted(event(n -> {
            n.put("event_type", "case_opened");
            n.put("case_id", "SEG-2026-0087312");
        }));
        assertThat(ok.caseId).isEqualTo("SEG-2026-0087312");
        assertThat(ok.eventType.family()).isEqualTo(EventType.Family.CASE);
    }

    @Test
    void feedbackNeedsAScoreOrAText() {
        Rejection r = rejection(event(n -> n.put("event_type", "feedback_given")));
        assertThat(r.reason()).isEqualTo(RejectionReason.MISSING_FIELD);
        assertThat(r.detail()).isEqualTo("feedback_given needs at least one of csat, nps, feedback_text");
        assertThat(accepted(event(n -> {
                            n.put("event_type", "feedback_given");
                            n.put("nps", 0);
                        }))
                        .nps)
                .isZero();
    }

    @Test
    void rangesAreEnforced() {
        assertThat(rejection(event(n -> n.put("municipio", 16))).detail()).isEqualTo("municipio must be 1..15, got 16");
        assertThat(rejection(event(n -> n.put("municipio", 0))).detail()).isEqualTo("municipio must be 1..15, got 0");
        assertThat(rejection(event(n -> n.put("csat", 6))).detail()).isEqualTo("csat must be 1..5, got 6");
        assertThat(rejection(event(n -> n.put("csat", 0))).detail()).isEqualTo("csat must be 1..5, got 0");
        assertThat(rejection(event(n -> n.put("nps", 11))).detail()).isEqualTo("nps must be 0..10, got 11");
        assertThat(rejection(event(n -> n.put("handle_seconds", -1))).detail())
                .isEqualTo("handle_seconds must not be negative, got -1");
        assertThat(rejection(event(n -> n.put("language", "IT"))).detail())
                .isEqualTo("language must be an ISO 639 code in lower case");
        assertThat(rejection(event(n -> n.put("language", "ital"))).detail())
                .isEqualTo("language is longer than 3 characters");
        assertThat(rejection(event(n -> n.put("service_code", "anag-cert"))).detail())
                .isEqualTo("service_code must be upper-case letters, digits, '_' or '-'");
        assertThat(rejection(event(n -> n.put("feedback_text", "x".repeat(4001))))
                        .detail())
                .isEqualTo("feedback_text is longer than 4000 characters");
        InteractionEvent edges = accepted(event(n -> {
            n.put("municipio", 15);
            n.put("csat", 5);
            n.put("nps", 10);
            n.put("wait_seconds", 0);
            n.put("feedback_text", "x".repeat(4000));
        }));
        assertThat(edges.municipio).isEqualTo(15);
        assertThat(edges.feedbackText).hasSize(4000);
    }

    @Test
    void latAndLonAreCheckedAndGivenTogether() {
        assertThat(rejection(event(n -> n.put("lat", 41.9))).detail()).isEqualTo("lat/lon must be given together");
        assertThat(rejection(event(n -> n.put("lon", 12.5))).detail()).isEqualTo("lat/lon must be given together");
        assertThat(rejection(event(n -> {
                            n.put("lat", 91);
                            n.put("lon", 12.5);
                        }))
                        .detail())
                .isEqualTo("lat must be within -90.0..90.0");
        assertThat(rejection(event(n -> {
                            n.put("lat", 41.9);
                            n.put("lon", "12.5");
                        }))
                        .detail())
                .isEqualTo("lon must be a number, got a string");
        InteractionEvent e = accepted(event(n -> {
            n.put("lat", 41.9181);
            n.put("lon", 12.5046);
        }));
        assertThat(e.lat).isEqualTo(41.9181);
        assertThat(e.lon).isEqualTo(12.5046);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "1e400", "-1e400", "\"12.50\""})
    void amountMustBeAFiniteNonNegativeNumber(String amount) {
        String json = event(n -> {}).replaceFirst("\\}$", ",\"amount_eur\":" + amount + "}");
        Rejection r = rejection(json);
        assertThat(r.reason()).isEqualTo(RejectionReason.INVALID_FIELD);
        assertThat(r.detail()).isEqualTo("amount_eur must be a non-negative number");
    }

    @Test
    void tooLongFieldsAreRejected() {
        assertThat(rejection(event(n -> n.put("anonymous_id", "a".repeat(129)))).detail())
                .isEqualTo("anonymous_id is longer than 128 characters");
        assertThat(rejection(event(n -> n.put("case_id", "c".repeat(65)))).detail())
                .isEqualTo("case_id is longer than 64 characters");
    }
}
