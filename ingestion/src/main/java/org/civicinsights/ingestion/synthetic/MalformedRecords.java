package org.civicinsights.ingestion.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import org.civicinsights.common.event.RejectionReason;

/**
 * Breaks a valid event in the ways producers really break them, each of which ingestion rejects
 * with a known {@link RejectionReason}:
 *
 * <ul>
 *   <li>{@code invalid_json}: the message is cut short, a value lost its quotes, or a key is in
 *   single quotes;</li>
 *   <li>{@code missing_field}: a required field is left out, null or blank, a case event without
 *   case_id, a feedback without any answer;</li>
 *   <li>{@code invalid_field}: a mistyped or out-of-range field ({@code "csat": "cinque"},
 *   municipio 16, a negative wait, a time without offset, a lower-case service code, ...);</li>
 *   <li>{@code invalid_fiscal_code}: a wrong check character, a character missing, a wrong month
 *   letter;</li>
 *   <li>{@code event_time_in_future}: the event time ten years ahead.</li>
 * </ul>
 *
 * Each broken record gets a new event_id (when it has one) so it never collides with a valid
 * event, and is always a single line.
 */
public final class MalformedRecords {
    /** The kinds produced, in the order used for reporting. */
    public static final List<RejectionReason> KINDS = List.of(
            RejectionReason.INVALID_JSON,
            RejectionReason.MISSING_FIELD,
            RejectionReason.INVALID_FIELD,
            RejectionReason.INVALID_FISCAL_CODE,
            RejectionReason.EVENT_TIME_IN_FUTURE);

    private static final WeightedIndex KIND_WEIGHTS = new WeightedIndex(new double[] {0.25, 0.20, 0.25, 0.15, 0.15});
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MalformedRecords() {}

    public static RejectionReason pickKind(SplittableRandom rng) {
        return KINDS.get(KIND_WEIGHTS.next(rng));
    }

    /**
     * A broken copy of {@code validJson}.
     *
     * @param newId       event_id for the broken record
     * @param fiscalCodes supplies a valid fiscal code to break when the event has none
     */
    public static String corrupt(
            String validJson, RejectionReason kind, UUID newId, Supplier<String> fiscalCodes, SplittableRandom rng) {
        ObjectNode n = parse(validJson);
        n.put("event_id", newId.toString());
        switch (kind) {
            case INVALID_JSON -> {
                return invalidJson(n.toString(), rng);
            }
            case MISSING_FIELD -> missingField(n, rng);
            case INVALID_FIELD -> invalidField(n, rng);
            case INVALID_FISCAL_CODE -> invalidFiscalCode(n, fiscalCodes, rng);
            case EVENT_TIME_IN_FUTURE -> {
                OffsetDateTime t =
                        OffsetDateTime.parse(n.get("event_time").textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                n.put("event_time", t.plusYears(10).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
            default -> throw new IllegalArgumentException("cannot produce malformed records of kind " + kind);
        }
        return n.toString();
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (!(node instanceof ObjectNode o)) {
                throw new IllegalArgumentException("template is not a JSON object");
            }
            return o;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("template is not valid JSON", e);
        }
    }

    private static String invalidJson(String json, SplittableRandom rng) {
        double r = rng.nextDouble();
        if (r < 0.25 && json.contains("\"channel\":\"")) {
            return json.replaceFirst("\"channel\":\"([a-z_]+)\"", "\"channel\":$1"); // unquoted value
        }
        if (r < 0.40) {
            return json.replaceFirst("\"event_type\":", "'event_type':"); // single-quoted key
        }
        int cut = (int) Math.max(1, json.length() / 4 + rng.nextInt(Math.max(1, json.length() * 3 / 4 - 1)));
        return json.substring(0, Math.min(cut, json.length() - 1)); // cut short
    }

    private static void missingField(ObjectNode n, SplittableRandom rng) {
        List<Runnable> options = new ArrayList<>();
        for (String field : new String[] {"schema_version", "event_id", "event_type", "event_time", "channel"}) {
            options.add(() -> n.remove(field));
        }
        options.add(() -> n.putNull("event_time"));
        options.add(() -> n.put("channel", "  "));
        String type = n.path("event_type").asText();
        if (type.startsWith("case_")) {
            options.add(() -> n.remove("case_id"));
            options.add(() -> n.remove("case_id"));
        }
        if (type.equals("feedback_given")) {
            options.add(() -> n.remove(List.of("csat", "nps", "feedback_text")));
        }
        options.get(rng.nextInt(options.size())).run();
    }

    private static void invalidField(ObjectNode n, SplittableRandom rng) {
        switch (rng.nextInt(10)) {
            case 0 -> n.put("csat", "cinque");
            case 1 -> n.put("nps", 8.5);
            case 2 -> n.put("municipio", 16);
            case 3 -> n.put("municipio", "III");
            case 4 -> n.put("wait_seconds", -30);
            case 5 ->
                n.put(
                        "event_time",
                        OffsetDateTime.parse(n.get("event_time").textValue())
                                .toLocalDateTime()
                                .toString()); // no offset
            case 6 -> n.put("event_id", "RM-" + (1000 + rng.nextInt(9000))); // not a UUID
            case 7 -> n.put("language", "ITA");
            case 8 -> {
                n.put("lat", 41.9);
                n.remove("lon");
            }
            default -> n.put("amount_eur", "12,50");
        }
    }

    private static void invalidFiscalCode(ObjectNode n, Supplier<String> fiscalCodes, SplittableRandom rng) {
        String code = n.hasNonNull("fiscal_code") ? n.get("fiscal_code").textValue() : fiscalCodes.get();
        n.remove("anonymous_id");
        double r = rng.nextDouble();
        String broken;
        if (r < 0.7) {
            char check = code.charAt(15);
            char wrong = (char) ('A' + (check - 'A' + 1 + rng.nextInt(25)) % 26);
            broken = code.substring(0, 15) + wrong;
        } else if (r < 0.85) {
            int drop = rng.nextInt(16);
            broken = code.substring(0, drop) + code.substring(drop + 1);
        } else {
            broken = code.substring(0, 8) + 'Z' + code.substring(9); // no month is Z
        }
        n.put("fiscal_code", broken);
    }
}
