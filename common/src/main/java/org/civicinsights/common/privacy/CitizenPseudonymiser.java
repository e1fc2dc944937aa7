package org.civicinsights.common.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a fiscal code with a keyed HMAC-SHA256 citizen key. The same code and key always give
 * the same citizen key, so profiles join across channels, while without the key the code cannot be
 * recovered or confirmed by brute force over the (small) space of plausible codes.
 */
public final class CitizenPseudonymiser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";

    /** Marks a token that was replaced in free text, so a reader knows it is already a pseudonym. */
    public static final String TEXT_MARKER = "pseudonym:";

    /**
     * The identifier fields of an interaction event: the fiscal codes, e-mail addresses and phone
     * numbers in them get keyed pseudonyms ({@link #pseudonymiseIdentifier}), never a typed mask,
     * which would merge distinct cases or visitors into one. The event codec and {@link
     * #scrubPayload} both read this set.
     */
    public static final Set<String> IDENTIFIER_FIELDS = Set.of("anonymous_id", "case_id", "operator_id", "session_id");

    private static final Pattern FISCAL_CODE_SHAPE = FiscalCode.SHAPE;

    /** Exact numbers (no double rounding) and one JSON value only, so a scrubbed payload keeps its data. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final byte[] key;
    private transient Mac mac;

    public CitizenPseudonymiser(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("pseudonymisation key must have at least 16 bytes");
        }
        this.key = key.clone();
    }

    /** Citizen key (64 lower-case hex characters) of a fiscal code, after normalisation. */
    public String citizenKey(String fiscalCode) {
        byte[] digest = mac().doFinal(FiscalCode.normalise(fiscalCode).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(digest);
    }

    /**
     * The one scrub of free text (a feedback, a note, a raw payload, a message), for streaming and
     * batch alike: every fiscal-code-shaped token becomes its pseudonym, then e-mail addresses, phone
     * numbers, IBANs and identity document numbers become typed masks ({@link PersonalDataMask}).
     */
    public String scrub(String text) {
        return PersonalDataMask.mask(pseudonymiseFiscalCodes(text));
    }

    /**
     * The scrub of a payload kept for replay (a rejected record, its source record). A JSON object is
     * scrubbed value by value: identifier fields ({@link #IDENTIFIER_FIELDS}) get pseudonyms
     * ({@link #pseudonymiseIdentifier}), so a replay keeps cases and visitors apart; every other string gets {@link
     * #scrub}, on its decoded value, so a mask never breaks an escape ("\n" before an e-mail) and
     * an escape never hides an identifier; numbers, booleans and nulls stay. The object is written
     * back compactly. Anything else (not JSON, malformed, not an object) is scrubbed as plain text.
     */
    public String scrubPayload(String payload) {
        if (payload == null || payload.isEmpty() || payload.charAt(firstNonBlank(payload)) != '{') {
            return scrub(payload);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return scrub(payload);
        }
        if (tree == null || !tree.isObject()) {
            return scrub(payload);
        }
        try {
            return JSON.writeValueAsString(scrubValue(tree, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    /** Strings scrubbed in place, down the tree; identifier-ness is inherited by an array's items. */
    private JsonNode scrubValue(JsonNode node, String identifierField) {
        if (node.isTextual()) {
            String text = node.textValue();
            return TextNode.valueOf(
                    identifierField != null ? pseudonymiseIdentifier(identifierField, text) : scrub(text));
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(scrubValue(
                        field.getValue(), IDENTIFIER_FIELDS.contains(field.getKey()) ? field.getKey() : null));
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, scrubValue(array.get(i), identifierField));
            }
        }
        return node;
    }

    private static int firstNonBlank(String s) {
        int i = 0;
        while (i < s.length() - 1 && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Only the fiscal-code part of {@link #scrub}: every fiscal-code-shaped token becomes its pseudonym. */
    public String pseudonymiseFiscalCodes(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FISCAL_CODE_SHAPE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        do {
            m.appendReplacement(out, TEXT_MARKER + citizenKey(m.group()));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The scrub of an identifier field (anonymous id, case id, operator id, session id): fiscal codes
     * become their citizen key, and e-mail addresses and phone numbers become {@code pseudonym:}
     * followed by the keyed HMAC-SHA256 of the normalised address or number (prefixed {@code email:}
     * or {@code tel:} before hashing, so it never equals a citizen key). An anonymous id links one
     * visitor's events: a typed mask would merge everyone who used an e-mail as their id, while the
     * pseudonym keeps the same e-mail the same id (whatever its case, or the number's prefix and
     * spacing), and stores no clear address.
     */
    public String pseudonymiseIdentifier(String text) {
        return PersonalDataMask.replaceContacts(
                pseudonymiseFiscalCodes(text),
                email -> TEXT_MARKER + keyed("email:" + normaliseEmail(email)),
                phone -> TEXT_MARKER + keyed("tel:" + normalisePhone(phone)));
    }

    /**
     * {@link #pseudonymiseIdentifier(String)} for the identifier field {@code field}. Phone numbers
     * are looked for only in the visitor's ids ({@code anonymous_id}, {@code session_id}), where
     * producers put a caller's number ({@code wa-3331234567}): a case or operator id made of digits
     * (a protocol number such as {@code 0612345678}) is the source system's id and must stay
     * joinable to it.
     */
    public String pseudonymiseIdentifier(String field, String text) {
        if ("anonymous_id".equals(field) || "session_id".equals(field)) {
            return pseudonymiseIdentifier(text);
        }
        return PersonalDataMask.replaceContacts(
                pseudonymiseFiscalCodes(text),
                email -> TEXT_MARKER + keyed("email:" + normaliseEmail(email)),
                phone -> phone);
    }

    /** Whether {@link #pseudonymiseIdentifier} would change the identifier (so the key is needed). */
    public static boolean identifierHoldsPersonalData(String text) {
        return text != null
                && (containsFiscalCodeShape(text)
                        || !PersonalDataMask.replaceContacts(text, e -> "", p -> "")
                                .equals(text));
    }

    static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** E.164-like: + and the digits; a number without a + or 00 prefix is Italian (+39). */
    static String normalisePhone(String phone) {
        String p = phone.strip();
        boolean plus = p.startsWith("+") || p.startsWith("(+");
        String digits = p.replaceAll("[^0-9]", "");
        if (plus) {
            return "+" + digits;
        }
        if (digits.startsWith("00")) {
            return "+" + digits.substring(2);
        }
        return "+39" + digits;
    }

    private String keyed(String input) {
        return HexFormat.of().formatHex(mac().doFinal(input.getBytes(StandardCharsets.UTF_8)));
    }

    /** True if the text still holds something shaped like a fiscal code. */
    public static boolean containsFiscalCodeShape(String text) {
        return text != null && FISCAL_CODE_SHAPE.matcher(text).find();
    }

    private Mac mac() {
        if (mac == null) {
            try {
                Mac m = Mac.getInstance(ALGORITHM);
                m.init(new SecretKeySpec(key, ALGORITHM));
                mac = m;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available", e);
            }
        }
        return mac;
    }
}
