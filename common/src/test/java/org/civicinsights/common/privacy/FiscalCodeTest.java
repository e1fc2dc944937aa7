package org.civicinsights.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FiscalCodeTest {

    /*
     * RSSMRA85T10A562S by hand. Odd positions (1-based) R S R 8 T 0 5 2 weigh
     * 8 + 12 + 8 + 19 + 14 + 1 + 13 + 5 = 80; even positions S M A 5 1 A 6 weigh
     * 18 + 12 + 0 + 5 + 1 + 0 + 6 = 42; 122 mod 26 = 18 -> 'S'.
     */
    static final String MARIO_ROSSI = "RSSMRA85T10A562S";
    /*
     * BNCLRA90A41H501F, a woman born on 1 January 1990 (day 01 + 40). Odd B C R 9 A 1 5 1:
     * 0 + 5 + 8 + 21 + 1 + 0 + 13 + 0 = 48; even N L A 0 4 H 0: 13 + 11 + 0 + 0 + 4 + 7 + 0 = 35;
     * 83 mod 26 = 5 -> 'F'.
     */
    static final String LAURA_BIANCHI = "BNCLRA90A41H501F";

    @Test
    void checkCharacterMatchesHandComputation() {
        assertThat(FiscalCode.checkCharacter("RSSMRA85T10A562")).isEqualTo('S');
        assertThat(FiscalCode.checkCharacter("BNCLRA90A41H501")).isEqualTo('F');
        assertThat(FiscalCode.withCheckCharacter("RSSMRA85T10A562")).isEqualTo(MARIO_ROSSI);
    }

    @Test
    void knownCodesAreValid() {
        assertThat(FiscalCode.problem(MARIO_ROSSI)).isEmpty();
        assertThat(FiscalCode.isValid(MARIO_ROSSI)).isTrue();
        assertThat(FiscalCode.isValid(LAURA_BIANCHI)).isTrue();
    }

    @Test
    void femaleDayPlusFortyIsValidAndEndsAtSeventyOne() {
        assertThat(FiscalCode.isValid(LAURA_BIANCHI)).isTrue();
        assertThat(FiscalCode.isValid(FiscalCode.withCheckCharacter("BNCLRA90A71H501")))
                .isTrue();
        assertThat(FiscalCode.problem(FiscalCode.withCheckCharacter("BNCLRA90A72H501")))
                .contains("fiscal code has an invalid birth day");
    }

    @Test
    void lowerCaseAndSurroundingSpacesAreAccepted() {
        assertThat(FiscalCode.isValid("rssmra85t10a562s")).isTrue();
        assertThat(FiscalCode.isValid("  RssMra85t10A562s\n")).isTrue();
        assertThat(FiscalCode.normalise(" rssmra85t10a562s ")).isEqualTo(MARIO_ROSSI);
    }

    @Test
    void wrongCheckCharacterIsRejected() {
        assertThat(FiscalCode.problem("RSSMRA85T10A562A")).contains("fiscal code check character does not match");
        assertThat(FiscalCode.problem("RSSMRA85T10A562T")).contains("fiscal code check character does not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSSMRA85T10A562", "RSSMRA85T10A562SX", "", "RSSMRA"})
    void wrongLengthIsRejected(String code) {
        assertThat(FiscalCode.problem(code)).contains("fiscal code must have 16 characters, has " + code.length());
    }

    @Test
    void missingIsRejected() {
        assertThat(FiscalCode.problem(null)).contains("fiscal code is missing");
        assertThat(FiscalCode.isValid(null)).isFalse();
    }

    @Test
    void characterInTheWrongPlaceIsRejected() {
        // digit where the surname letters go
        assertThat(FiscalCode.problem("R5SMRA85T10A562S"))
                .contains("fiscal code has an unexpected character at position 2");
        // letter that is not an omocodia letter in a digit slot (position 7)
        assertThat(FiscalCode.problem("RSSMRAA5T10A562S"))
                .contains("fiscal code has an unexpected character at position 7");
        // digit where the check character goes
        assertThat(FiscalCode.problem("RSSMRA85T10A5621"))
                .contains("fiscal code has an unexpected character at position 16");
        assertThat(FiscalCode.problem("RSSMRA85T10A56-S"))
                .contains("fiscal code has an unexpected character at position 15");
    }

    @ParameterizedTest
    @ValueSource(chars = {'F', 'G', 'I', 'N', 'Z'})
    void badMonthLetterIsRejected(char month) {
        String code = FiscalCode.withCheckCharacter("RSSMRA85" + month + "10A562");
        assertThat(FiscalCode.problem(code)).contains("fiscal code has an invalid birth month letter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "32", "40", "72", "99"})
    void badDayIsRejected(String day) {
        String code = FiscalCode.withCheckCharacter("RSSMRA85T" + day + "A562");
        assertThat(FiscalCode.problem(code)).contains("fiscal code has an invalid birth day");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "31", "41"})
    void boundaryDaysAreValid(String day) {
        assertThat(FiscalCode.isValid(FiscalCode.withCheckCharacter("RSSMRA85T" + day + "A562")))
                .isTrue();
    }

    @Test
    void omocodiaSubstitutesRightToLeftAndRecomputesTheCheckCharacter() {
        // position 15 '2' (odd, 5) -> 'N' (odd, 20): 122 + 15 = 137, 137 mod 26 = 7 -> 'H'
        assertThat(FiscalCode.withOmocodia(MARIO_ROSSI, 1)).isEqualTo("RSSMRA85T10A56NH");
        // then position 14 '6' (even, 6) -> 'S' (even, 18): 137 + 12 = 149, 149 mod 26 = 19 -> 'T'
        assertThat(FiscalCode.withOmocodia(MARIO_ROSSI, 2)).isEqualTo("RSSMRA85T10A5SNT");
        // all seven: 8 5 1 0 5 6 2 -> U R M L R S N; odd 90 + even 77 = 167, 167 mod 26 = 11 -> 'L'
        assertThat(FiscalCode.withOmocodia(MARIO_ROSSI, 7)).isEqualTo("RSSMRAURTMLARSNL");
        assertThat(FiscalCode.withOmocodia(MARIO_ROSSI, 9)).isEqualTo("RSSMRAURTMLARSNL");
        assertThat(FiscalCode.withOmocodia(MARIO_ROSSI, 0)).isEqualTo(MARIO_ROSSI);
        assertThat(FiscalCode.withOmocodia("rssmra85t10a562s", 1)).isEqualTo("RSSMRA85T10A56NH");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void omocodicVariantsStayValidAndRoundTrip(int substitutions) {
        for (String code : new String[] {MARIO_ROSSI, LAURA_BIANCHI}) {
            String omocodic = FiscalCode.withOmocodia(code, substitutions);
            assertThat(omocodic).isNotEqualTo(code).hasSize(16);
            assertThat(FiscalCode.problem(omocodic)).isEmpty();
            // the body without omocodia is the original one (the check character differs)
            assertThat(FiscalCode.withoutOmocodia(omocodic).substring(0, 15)).isEqualTo(code.substring(0, 15));
            assertThat(FiscalCode.withCheckCharacter(
                            FiscalCode.withoutOmocodia(omocodic).substring(0, 15)))
                    .isEqualTo(code);
        }
    }

    @Test
    void withoutOmocodiaOnlyTouchesDigitPositions() {
        assertThat(FiscalCode.withoutOmocodia("RSSMRAURTMLARSNL")).isEqualTo("RSSMRA85T10A562L");
        assertThat(FiscalCode.withoutOmocodia(MARIO_ROSSI)).isEqualTo(MARIO_ROSSI);
    }

    @Test
    void omocodicCodeWithStaleCheckCharacterIsRejected() {
        // substituted letter but the check character of the plain code
        assertThat(FiscalCode.problem("RSSMRA85T10A56NS")).contains("fiscal code check character does not match");
    }

    @Test
    void problemNeverEchoesTheValue() {
        assertThat(FiscalCode.problem("RSSMRA85T10A562A").orElseThrow()).doesNotContain("RSSMRA");
        assertThat(FiscalCode.problem("RSSMRA85F10A562S").orElseThrow()).doesNotContain("RSSMRA");
    }

    @Test
    void redactReplacesEveryFiscalCodeShapedTokenInFreeText() {
        String code = FiscalCode.withCheckCharacter("RSSMRA85T10A562");
        org.assertj.core.api.Assertions.assertThat(FiscalCode.redact(
                        "unknown column(s) " + code + ", " + code.toLowerCase() + " in xRSSMRA85T10A562S"))
                .isEqualTo("unknown column(s) [fiscal code], [fiscal code] in xRSSMRA85T10A562S");
        org.assertj.core.api.Assertions.assertThat(FiscalCode.redact(null)).isNull();
    }
}
