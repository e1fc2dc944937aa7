package org.civicinsights.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.FiscalCode;

/**
 * Reads and writes interaction events in the JSON wire format of contract v1.
 *
 * <p>{@link #parse} validates every rule of the contract, pseudonymises the fiscal code, scrubs
 * free-text fields ({@link CitizenPseudonymiser#scrub}: fiscal codes, e-mails, phones, IBANs,
 * document numbers) and pseudonymises fiscal codes inside identifier fields, so an accepted event
 * carries no clear fiscal code and no other direct identifier in its free text. Unknown fields are ignored so that producers of later minor versions are still read.
 */
public final class InteractionEventCodec implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Events dated further ahead than this are clock errors, not interactions. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);
    /** The city's digital records do not go back further. */
    public static final Instant OLDEST_EVENT_TIME = Instant.parse("2000-01-01T00:00:00Z");

    private static final Pattern SERVICE_CODE = Pattern.compile("[A-Z][A-Z0-9_-]{1,39}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern CITIZEN_KEY = Pattern.compile("[0-9a-f]{64}");
    /** v2 device types. */
    public static final List<String> DEVICE_TYPES = List.of("desktop", "mobile", "tablet", "kiosk", "phone", "unknown");

    private final CitizenPseudonymiser pseudonymiser;
    private final Clock clock;

    public InteractionEventCodec(CitizenPseudonymiser pseudonymiser, Clock clock) {
        this.pseudonymiser = pseudonymiser;
        this.clock = clock;
    }

    /** Serialises an event (producer side: includes the fiscal code if set). Nulls are omitted. */
    public static String toJson(InteractionEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema_version", e.schemaVersion);
        n.put("event_id", e.eventId == null ? null : e.eventId.toString());
        n.put("event_type", e.eventType == null ? null : e.eventType.wireName());
        n.put("event_time", e.eventTime == null ? null : e.eventTime.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        n.put("channel", e.channel == null ? null : e.channel.wireName());
        putIfSet(n, "service_code", e.serviceCode);
        if (e.municipio != null) {
            n.put("municipio", e.municipio);
        }
        putIfSet(n, "fiscal_code", e.fiscalCode);
        putIfSet(n, "citizen_key", e.citizenKey);
        putIfSet(n, "anonymous_id", e.anonymousId);
        putIfSet(n, "case_id", e.caseId);
        putIfSet(n, "case_status", e.caseStatus);
        putIfSet(n, "language", e.language);
        putIfSet(n, "operator_id", e.operatorId);
        if (e.waitSeconds != null) {
            n.put("wait_seconds", e.waitSeconds);
        }
        if (e.handleSeconds != null) {
            n.put("handle_seconds", e.handleSeconds);
        }
        putIfSet(n, "outcome", e.outcome);
        if (e.csat != null) {
            n.put("csat", e.csat);
        }
        if (e.nps != null) {
            n.put("nps", e.nps);
        }
        putIfSet(n, "feedback_text", e.feedbackText);
        if (e.lat != null) {
            n.put("lat", e.lat);
        }
        if (e.lon != null) {
            n.put("lon", e.lon);
        }
        if (e.amountEur != null) {
            n.put("amount_eur", e.amountEur);
        }
        putIfSet(n, "source_system", e.sourceSystem);
        putIfSet(n, "session_id", e.sessionId);
        putIfSet(n, "device_type", e.deviceType);
        if (e.contactConsent != null) {
            n.put("contact_consent", e.contactConsent);
        }
        return n.toString();
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    /** Validates and pseudonymises one record. Never throws on bad input. */
    public ParseOutcome parse(String json) {
        return parse(json, false);
    }

    /**
     * As {@link #parse(String)}; with {@code replayed} a {@code fiscal_code} may also be a pseudonym
     * ({@code pseudonym:<citizen key>}), as left in a rejected record's stored payload by scrubbing,
     * so that a rejected record can be replayed after a fix without the clear code.
     */
    public ParseOutcome parse(String json, boolean replayed) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson echoes input tokens in its message: scrub them like any other free text
            return ParseOutcome.rejected(
                    RejectionReason.INVALID_JSON, pseudonymiser.scrub("not valid JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return ParseOutcome.rejected(RejectionReason.NOT_AN_OBJECT, "an event must be a JSON object");
        }
        try {
            return ParseOutcome.accepted(read(root, replayed));
        } catch (ContractViolation v) {
            return ParseOutcome.rejected(v.reason, pseudonymiser.scrub(v.getMessage()));
        }
    }

    private InteractionEvent read(JsonNode n, boolean replayed) {
        InteractionEvent e = new InteractionEvent();
        Integer version = integer(n, "schema_version", true);
        if (version < 1 || version > InteractionEvent.LATEST_SCHEMA_VERSION) {
            throw new ContractViolation(
                    RejectionReason.UNSUPPORTED_SCHEMA_VERSION,
                    "schema_version " + version + " is not supported (supported: 1, 2)");
        }
        e.schemaVersion = version;
        String id = text(n, "event_id", true, 36);
        try {
            e.eventId = UUID.fromString(id);
        } catch (IllegalArgumentException ex) {
            throw invalid("event_id", "must be a UUID");
        }
        String type = text(n, "event_type", true, 40);
        e.eventType = EventType.fromWire(type)
                .orElseThrow(() -> new ContractViolation(
                        RejectionReason.UNKNOWN_EVENT_TYPE, "event_type '" + type + "' is not in the contract"));
        e.eventTime = time(n);
        String channel = text(n, "channel", true, 40);
        e.channel = Channel.fromWire(channel)
                .orElseThrow(() -> new ContractViolation(
                        RejectionReason.UNKNOWN_CHANNEL, "channel '" + channel + "' is not in the contract"));

        e.serviceCode = text(n, "service_code", false, 40);
        if (e.serviceCode != null
                && (!SERVICE_CODE.matcher(e.serviceCode).matches()
                        || CitizenPseudonymiser.containsFiscalCodeShape(
                                e.serviceCode))) { // never carry a clear fiscal code
            throw invalid("service_code", "must be upper-case letters, digits, '_' or '-'");
        }
        e.municipio = integer(n, "municipio", false);
        if (e.municipio != null && (e.municipio < 1 || e.municipio > 15)) {
            throw invalid("municipio", "must be 1..15, got " + e.municipio);
        }
        identity(n, e, replayed);
        e.caseId = identifier(n, "case_id", 64);
        if (e.caseId == null && e.eventType.family() == EventType.Family.CASE) {
            throw new ContractViolation(
                    RejectionReason.MISSING_FIELD, "case_id is required for " + e.eventType.wireName());
        }
        e.caseStatus = scrubbed(n, "case_status", 40);
        e.language = text(n, "language", false, 3);
        if (e.language != null && !LANGUAGE.matcher(e.language).matches()) {
            throw invalid("language", "must be an ISO 639 code in lower case");
        }
        e.operatorId = identifier(n, "operator_id", 64);
        e.waitSeconds = nonNegative(n, "wait_seconds");
        e.handleSeconds = nonNegative(n, "handle_seconds");
        e.outcome = scrubbed(n, "outcome", 40);
        e.csat = integer(n, "csat", false);
        if (e.csat != null && (e.csat < 1 || e.csat > 5)) {
            throw invalid("csat", "must be 1..5, got " + e.csat);
        }
        e.nps = integer(n, "nps", false);
        if (e.nps != null && (e.nps < 0 || e.nps > 10)) {
            throw invalid("nps", "must be 0..10, got " + e.nps);
        }
        e.feedbackText = scrubbed(n, "feedback_text", 4000);
        if (e.eventType == EventType.FEEDBACK_GIVEN && e.csat == null && e.nps == null && e.feedbackText == null) {
            throw new ContractViolation(
                    RejectionReason.MISSING_FIELD, "feedback_given needs at least one of csat, nps, feedback_text");
        }
        e.lat = number(n, "lat", -90, 90);
        e.lon = number(n, "lon", -180, 180);
        if ((e.lat == null) != (e.lon == null)) {
            throw invalid("lat/lon", "must be given together");
        }
        JsonNode amount = n.get("amount_eur");
        if (amount != null && !amount.isNull()) {
            // 1e400 reads as an infinite double, which has no decimal value
            boolean finite = !amount.isFloatingPointNumber() || Double.isFinite(amount.doubleValue());
            if (!amount.isNumber() || !finite || amount.decimalValue().signum() < 0) {
                throw invalid("amount_eur", "must be a non-negative number");
            }
            e.amountEur = amount.decimalValue().setScale(2, RoundingMode.HALF_EVEN);
        }
        e.sourceSystem = scrubbed(n, "source_system", 64);
        if (version >= 2) { // a v1 record's unknown fields are ignored, as v1 always promised
            e.sessionId = identifier(n, "session_id", 128);
            e.deviceType = text(n, "device_type", false, 16);
            if (e.deviceType != null && !DEVICE_TYPES.contains(e.deviceType)) {
                throw invalid("device_type", "must be one of " + DEVICE_TYPES);
            }
            JsonNode consent = n.get("contact_consent");
            if (consent != null && !consent.isNull()) {
                if (!consent.isBoolean()) {
                    throw invalid("contact_consent", "must be true or false, got " + describe(consent));
                }
                e.contactConsent = consent.booleanValue();
            }
        }
        return e;
    }

    private void identity(JsonNode n, InteractionEvent e, boolean replayed) {
        String fiscalCode = text(n, "fiscal_code", false, 128);
        if (fiscalCode != null && fiscalCode.startsWith(CitizenPseudonymiser.TEXT_MARKER)) {
            String key = fiscalCode.substring(CitizenPseudonymiser.TEXT_MARKER.length());
            if (!replayed || !CITIZEN_KEY.matcher(key).matches()) {
                throw new ContractViolation(
                        RejectionReason.INVALID_FISCAL_CODE,
                        "a pseudonym instead of a fiscal code is accepted only in a replayed record");
            }
            e.citizenKey = key;
        } else if (fiscalCode != null) {
            if (fiscalCode.length() > 32) {
                throw invalid("fiscal_code", "is longer than 32 characters");
            }
            Optional<String> problem = FiscalCode.problem(fiscalCode);
            if (problem.isPresent()) {
                throw new ContractViolation(RejectionReason.INVALID_FISCAL_CODE, problem.get());
            }
            e.citizenKey = pseudonymiser.citizenKey(fiscalCode); // the clear code goes no further
        }
        e.anonymousId = identifier(n, "anonymous_id", 128);
        if (e.citizenKey == null && e.anonymousId == null) {
            throw new ContractViolation(
                    RejectionReason.MISSING_CITIZEN_IDENTITY,
                    "one of fiscal_code (authenticated channels) or anonymous_id is required");
        }
    }

    private OffsetDateTime time(JsonNode n) {
        String value = text(n, "event_time", true, 64);
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException ex) {
            throw invalid("event_time", "must be ISO-8601 with a UTC offset, e.g. 2026-03-02T09:15:00+01:00");
        }
        Instant instant = t.toInstant();
        if (instant.isAfter(clock.instant().plus(MAX_FUTURE_SKEW))) {
            throw new ContractViolation(
                    RejectionReason.EVENT_TIME_IN_FUTURE,
                    "event_time " + value + " is more than " + MAX_FUTURE_SKEW.toHours() + " h in the future");
        }
        if (instant.isBefore(OLDEST_EVENT_TIME)) {
            throw new ContractViolation(
                    RejectionReason.EVENT_TIME_TOO_OLD, "event_time " + value + " is before " + OLDEST_EVENT_TIME);
        }
        return t.withOffsetSameInstant(ZoneOffset.UTC); // stored in UTC
    }

    /** Free text: fiscal codes pseudonymised, other personal data masked. */
    private String scrubbed(JsonNode n, String field, int maxLength) {
        return pseudonymiser.scrub(text(n, field, false, maxLength));
    }

    /**
     * An identifier keeps its identity: the fiscal codes, e-mail addresses and phone numbers in it
     * are replaced by their keyed pseudonyms, never by a mask that would merge identifiers.
     */
    private String identifier(JsonNode n, String field, int maxLength) {
        if (!CitizenPseudonymiser.IDENTIFIER_FIELDS.contains(field)) {
            // the rejected-record scrub reads the same set: an identifier missing there gets masked
            throw new IllegalArgumentException(field + " is not in CitizenPseudonymiser.IDENTIFIER_FIELDS");
        }
        return pseudonymiser.pseudonymiseIdentifier(field, text(n, field, false, maxLength));
    }

    private static String text(JsonNode n, String field, boolean required, int maxLength) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ContractViolation(RejectionReason.MISSING_FIELD, field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(
                    field, "must be a string, got " + v.getNodeType().name().toLowerCase());
        }
        String s = v.textValue();
        if (s.isBlank()) {
            if (required) {
                throw new ContractViolation(RejectionReason.MISSING_FIELD, field + " is required and is blank");
            }
            return null;
        }
        if (s.length() > maxLength) {
            throw invalid(field, "is longer than " + maxLength + " characters");
        }
        return s;
    }

    private static Integer integer(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new ContractViolation(RejectionReason.MISSING_FIELD, field + " is required");
            }
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw invalid(field, "must be an integer, got " + describe(v));
        }
        return v.intValue();
    }

    private static Integer nonNegative(JsonNode n, String field) {
        Integer v = integer(n, field, false);
        if (v != null && v < 0) {
            throw invalid(field, "must not be negative, got " + v);
        }
        return v;
    }

    private static Double number(JsonNode n, String field, double min, double max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw invalid(field, "must be a number, got " + describe(v));
        }
        double d = v.doubleValue();
        if (d < min || d > max) {
            throw invalid(field, "must be within " + min + ".." + max);
        }
        return d;
    }

    private static String describe(JsonNode v) {
        return v.isTextual() ? "a string" : v.getNodeType().name().toLowerCase();
    }

    private static ContractViolation invalid(String field, String why) {
        return new ContractViolation(RejectionReason.INVALID_FIELD, field + " " + why);
    }

    /** Internal control flow for the first broken rule; never escapes {@link #parse}. */
    private static final class ContractViolation extends RuntimeException {
        private final RejectionReason reason;

        ContractViolation(RejectionReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
