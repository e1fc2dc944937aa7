package org.civicinsights.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CitizenPseudonymiserTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    private final CitizenPseudonymiser pseudonymiser = new CitizenPseudonymiser(KEY);

    /** HMAC-SHA256 computed directly with javax.crypto, independently of the class under test. */
    static String hmacHex(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void citizenKeyIsTheHmacSha256OfTheNormalisedCode() throws Exception {
        assertThat(pseudonymiser.citizenKey("RSSMRA85T10A562S")).isEqualTo(hmacHex(KEY, "RSSMRA85T10A562S"));
        assertThat(pseudonymiser.citizenKey(" rssmra85t10a562s ")).isEqualTo(hmacHex(KEY, "RSSMRA85T10A562S"));
    }

    @Test
    void citizenKeyIsSixtyFourLowerCaseHexCharacters() {
        assertThat(pseudonymiser.citizenKey("RSSMRA85T10A562S")).hasSize(64).matches("[0-9a-f]{64}");
    }

    @Test
    void deterministicForTheSameKey() {
        CitizenPseudonymiser again = new CitizenPseudonymiser(KEY.clone());
        assertThat(pseudonymiser.citizenKey("RSSMRA85T10A562S"))
                .isEqualTo(pseudonymiser.citizenKey("RSSMRA85T10A562S"))
                .isEqualTo(again.citizenKey("RSSMRA85T10A562S"));
    }

    @Test
    void differsAcrossKeysAndAcrossCodes() {
        CitizenPseudonymiser other = new CitizenPseudonymiser(OTHER_KEY);
        assertThat(other.citizenKey("RSSMRA85T10A562S")).isNotEqualTo(pseudonymiser.citizenKey("RSSMRA85T10A562S"));
        assertThat(pseudonymiser.citizenKey("BNCLRA90A41H501F"))
                .isNotEqualTo(pseudonymiser.citizenKey("RSSMRA85T10A562S"));
    }

    @Test
    void lowerAndUpperCaseGiveTheSameKey() {
        assertThat(pseudonymiser.citizenKey("rssmra85t10a562s"))
                .isEqualTo(pseudonymiser.citizenKey("RSSMRA85T10A562S"));
        assertThat(pseudonymiser.citizenKey("RssMra85T10a562S"))
                .isEqualTo(pseudonymiser.citizenKey("RSSMRA85T10A562S"));
    }

    @Test
    void theKeyIsCopied() {
        byte[] key = KEY.clone();
        CitizenPseudonymiser p = new CitizenPseudonymiser(key);
        String before = p.citizenKey("RSSMRA85T10A562S");
        Arrays.fill(key, (byte) 0);
        assertThat(p.citizenKey("RSSMRA85T10A562S")).isEqualTo(before);
    }

    @Test
    void keyShorterThanSixteenBytesIsRejected() {
        assertThatThrownBy(() -> new CitizenPseudonymiser(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pseudonymisation key must have at least 16 bytes");
        assertThatThrownBy(() -> new CitizenPseudonymiser(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CitizenPseudonymiser(new byte[16]).citizenKey("RSSMRA85T10A562S"))
                .hasSize(64);
    }

    @Test
    void scrubReplacesEveryFiscalCodeShapedToken() throws Exception {
        String rossi = "pseudonym:" + hmacHex(KEY, "RSSMRA85T10A562S");
        String bianchi = "pseudonym:" + hmacHex(KEY, "BNCLRA90A41H501F");
        assertThat(pseudonymiser.scrub("Sono RSSMRA85T10A562S e chiamo per mia moglie BNCLRA90A41H501F."))
                .isEqualTo("Sono " + rossi + " e chiamo per mia moglie " + bianchi + ".");
        assertThat(pseudonymiser.scrub("{\"fiscal_code\":\"RSSMRA85T10A562S\",\"note\":\"cf rssmra85t10a562s\"}"))
                .isEqualTo("{\"fiscal_code\":\"" + rossi + "\",\"note\":\"cf " + rossi + "\"}");
        assertThat(pseudonymiser.scrub("RSSMRA85T10A562S")).isEqualTo(rossi);
    }

    @Test
    void scrubAlsoReplacesInvalidAndOmocodicShapes() throws Exception {
        // wrong check character: still personal data for practical purposes
        assertThat(pseudonymiser.scrub("cf: RSSMRA85T10A562A"))
                .isEqualTo("cf: pseudonym:" + hmacHex(KEY, "RSSMRA85T10A562A"));
        assertThat(pseudonymiser.scrub("(RSSMRAURTMLARSNL)"))
                .isEqualTo("(pseudonym:" + hmacHex(KEY, "RSSMRAURTMLARSNL") + ")");
    }

    @Test
    void scrubLeavesOtherTextAlone() {
        String text = "Pratica RC-2026-0012345 del municipio VII, tel. 060606, TARI 2025 ABCDEFGHIJKLMNOP";
        assertThat(pseudonymiser.scrub(text)).isSameAs(text);
        // a fiscal code glued to other letters or digits is not a token of its own
        assertThat(pseudonymiser.scrub("XRSSMRA85T10A562S")).isEqualTo("XRSSMRA85T10A562S");
        assertThat(pseudonymiser.scrub("RSSMRA85T10A562S9")).isEqualTo("RSSMRA85T10A562S9");
        assertThat(pseudonymiser.scrub("")).isEmpty();
        assertThat(pseudonymiser.scrub(null)).isNull();
    }

    @Test
    void scrubPseudonymisesFiscalCodesThenMasksOtherPersonalData() throws Exception {
        assertThat(pseudonymiser.scrub("RSSMRA85T10A562S, mario.rossi@example.it, 3331234567"))
                .isEqualTo("pseudonym:" + hmacHex(KEY, "RSSMRA85T10A562S") + ", [email], [telefono]");
        assertThat(pseudonymiser.pseudonymiseFiscalCodes("RSSMRA85T10A562S, mario.rossi@example.it"))
                .isEqualTo("pseudonym:" + hmacHex(KEY, "RSSMRA85T10A562S") + ", mario.rossi@example.it");
    }

    @Test
    void containsFiscalCodeShape() {
        assertThat(CitizenPseudonymiser.containsFiscalCodeShape("ciao RSSMRA85T10A562S"))
                .isTrue();
        assertThat(CitizenPseudonymiser.containsFiscalCodeShape("ciao pseudonym:" + "ab".repeat(32)))
                .isFalse();
        assertThat(CitizenPseudonymiser.containsFiscalCodeShape(null)).isFalse();
    }

    @Test
    void scrubbedTextHoldsNoFiscalCodeShape() {
        String scrubbed = pseudonymiser.scrub("a RSSMRA85T10A562S b BNCLRA90A41H501F c");
        assertThat(CitizenPseudonymiser.containsFiscalCodeShape(scrubbed)).isFalse();
        assertThat(scrubbed).doesNotContain("RSSMRA85T10A562S").doesNotContain("BNCLRA90A41H501F");
    }

    @Test
    void aJsonPayloadKeepsItsIdentifierFieldsAndMasksItsFreeText() throws Exception {
        String payload = "{\"case_id\":\"0612345678\",\"anonymous_id\":\"visitor@example.it\","
                + "\"session_id\":\"3331234567\",\"visitor\":{\"anonymous_id\":\"+39 333 123 4567\"},"
                + "\"operator_id\":\"op-RSSMRA85T10A562S\",\"csat\":4,\"lat\":41.902783000,\"ok\":true,"
                + "\"note\":null,\"feedback_text\":\"Contatti:\\nmario@x.it\\n3331234567\"}";
        String scrubbed = pseudonymiser.scrubPayload(payload);

        JsonNode back = new ObjectMapper().readTree(scrubbed); // still valid JSON
        // identifiers get pseudonyms, never masks; a number is a phone only in anonymous_id (the
        // caller's number) and session_id; in a case id it is the source system's protocol number
        assertThat(back.get("case_id").textValue()).isEqualTo("0612345678");
        assertThat(back.get("session_id").textValue()).isEqualTo("pseudonym:" + hmacHex(KEY, "tel:+393331234567"));
        assertThat(back.get("visitor").get("anonymous_id").textValue())
                .isEqualTo("pseudonym:" + hmacHex(KEY, "tel:+393331234567"));
        assertThat(back.get("anonymous_id").textValue())
                .isEqualTo("pseudonym:" + hmacHex(KEY, "email:visitor@example.it"));
        assertThat(back.get("operator_id").textValue()).isEqualTo("op-pseudonym:" + hmacHex(KEY, "RSSMRA85T10A562S"));
        assertThat(back.get("feedback_text").textValue())
                .isEqualTo("Contatti:\n" + PersonalDataMask.EMAIL + "\n" + PersonalDataMask.PHONE);
        // numbers are written back as they came, booleans and nulls stay
        assertThat(scrubbed).contains("\"csat\":4,\"lat\":41.902783000,\"ok\":true,\"note\":null");
    }

    @Test
    void nestedObjectsAndArraysAreScrubbedToo() throws Exception {
        String scrubbed = pseudonymiser.scrubPayload(
                "{\"meta\":{\"session_id\":\"s@x.it\",\"notes\":[\"tel 3331234567\",7]},\"case_id\":[\"a@b.it\"]}");
        assertThat(scrubbed)
                .isEqualTo("{\"meta\":{\"session_id\":\"pseudonym:" + hmacHex(KEY, "email:s@x.it")
                        + "\",\"notes\":[\"tel [telefono]\",7]},\"case_id\":[\"pseudonym:"
                        + hmacHex(KEY, "email:a@b.it")
                        + "\"]}");
    }

    @Test
    void anEmailOrPhoneUsedAsAnIdentifierBecomesTheSameKeyedPseudonymEachTime() throws Exception {
        String email = pseudonymiser.pseudonymiseIdentifier("Mario.Rossi@Example.it");
        assertThat(email).isEqualTo("pseudonym:" + hmacHex(KEY, "email:mario.rossi@example.it"));
        // the same address in another case, the same number written another way: the same id
        assertThat(pseudonymiser.pseudonymiseIdentifier(" mario.rossi@example.IT"))
                .isEqualTo(" " + email);
        String phone = pseudonymiser.pseudonymiseIdentifier("3331234567");
        assertThat(phone).isEqualTo("pseudonym:" + hmacHex(KEY, "tel:+393331234567"));
        assertThat(pseudonymiser.pseudonymiseIdentifier("+39 333 1234567")).isEqualTo(phone);
        assertThat(pseudonymiser.pseudonymiseIdentifier("0039 333 123 4567")).isEqualTo(phone);
        // inside a longer id only the address goes; another key gives another pseudonym
        assertThat(pseudonymiser.pseudonymiseIdentifier("crm:mario.rossi@example.it"))
                .isEqualTo("crm:" + email);
        assertThat(new CitizenPseudonymiser(OTHER_KEY).pseudonymiseIdentifier("3331234567"))
                .isNotEqualTo(phone);
        // never equal to a citizen key, and fiscal codes keep their citizen key
        assertThat(phone).doesNotContain(pseudonymiser.citizenKey("RSSMRA85T10A562S"));
        assertThat(pseudonymiser.pseudonymiseIdentifier("RSSMRA85T10A562S"))
                .isEqualTo("pseudonym:" + pseudonymiser.citizenKey("RSSMRA85T10A562S"));
    }

    @Test
    void ordinaryIdentifiersStayAsTheyAre() {
        for (String id : java.util.List.of(
                "anon-550e8400-e29b-41d4-a716-446655440000",
                "RM-2026-0012345",
                "op-17",
                "sess-20260302-0915",
                "0012345678/2026")) {
            assertThat(pseudonymiser.pseudonymiseIdentifier(id)).as(id).isEqualTo(id);
            assertThat(CitizenPseudonymiser.identifierHoldsPersonalData(id))
                    .as(id)
                    .isFalse();
        }
        assertThat(CitizenPseudonymiser.identifierHoldsPersonalData("visitor@example.it"))
                .isTrue();
        assertThat(pseudonymiser.pseudonymiseIdentifier(null)).isNull();
    }

    @Test
    void aPayloadThatIsNotAJsonObjectIsScrubbedAsText() throws Exception {
        assertThat(pseudonymiser.scrubPayload("12;RSSMRA85T10A562S;mario@x.it;0612345678"))
                .isEqualTo("12;pseudonym:" + hmacHex(KEY, "RSSMRA85T10A562S") + ";[email];[telefono]");
        assertThat(pseudonymiser.scrubPayload("{not json, mario@x.it")).isEqualTo("{not json, [email]");
        assertThat(pseudonymiser.scrubPayload("{\"a\":1} mario@x.it")).isEqualTo("{\"a\":1} [email]");
        assertThat(pseudonymiser.scrubPayload("[\"mario@x.it\"]")).isEqualTo("[\"[email]\"]");
        assertThat(pseudonymiser.scrubPayload(null)).isNull();
        assertThat(pseudonymiser.scrubPayload("")).isEmpty();
    }
}
