package org.civicinsights.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Single behaviours of the mask; coverage on realistic text is in {@link FreeTextSampleTest}. */
class PersonalDataMaskTest {

    @Test
    void ibanChecksumFollowsIso13616() {
        // the examples printed in ISO 13616 and by the Italian banks' association
        assertThat(PersonalDataMask.ibanChecksumHolds("GB82WEST12345698765432")).isTrue();
        assertThat(PersonalDataMask.ibanChecksumHolds("IT60X0542811101000000123456"))
                .isTrue();
        // one digit changed, two digits swapped
        assertThat(PersonalDataMask.ibanChecksumHolds("GB82WEST12345698765433")).isFalse();
        assertThat(PersonalDataMask.ibanChecksumHolds("IT60X0542811101000000123465"))
                .isFalse();
        assertThat(PersonalDataMask.ibanChecksumHolds("GB82")).isFalse();
    }

    @Test
    void anIbanEndsAtItsCountrysLengthAndAtATokenBoundary() {
        assertThat(PersonalDataMask.mask("IT60X0542811101000000123456 ROMA")).isEqualTo("[iban] ROMA");
        assertThat(PersonalDataMask.mask("IT60 X054 2811 1010 0000 0123 456 ROMA"))
                .isEqualTo("[iban] ROMA");
        // glued to more characters it is some other code
        assertThat(PersonalDataMask.mask("IT60X05428111010000001234567")).isEqualTo("IT60X05428111010000001234567");
        // spaced other than in groups of four, the words after it are not read into it
        assertThat(PersonalDataMask.mask("GB82 WEST 1234 5698 7654 32.")).isEqualTo("[iban].");
    }

    @Test
    void everyCountryOfTheIbanRegistryIsMaskedAtItsLengthAndNoOtherCountryIs() {
        // examples published in the SWIFT IBAN Registry, of countries missing from the earlier table
        assertThat(PersonalDataMask.mask("IBAN NO9386011117947")).isEqualTo("IBAN [iban]");
        assertThat(PersonalDataMask.mask("IBAN SA0380000000608010167519")).isEqualTo("IBAN [iban]");
        assertThat(PersonalDataMask.mask("IBAN BR1800360305000010009795493C1")).isEqualTo("IBAN [iban]");
        assertThat(PersonalDataMask.IBAN_LENGTHS)
                .hasSize(89)
                .containsEntry("IT", 27)
                .containsEntry("NO", 15);
        // a checksum that holds on a code of no registry country, or at another length, is no IBAN
        String unknown = withCheckDigits("ZZ", "X0542811101000000123456");
        assertThat(PersonalDataMask.ibanChecksumHolds(unknown)).isTrue();
        assertThat(PersonalDataMask.mask(unknown)).isEqualTo(unknown);
        String shortItalian = withCheckDigits("IT", "X054281110100000012");
        assertThat(PersonalDataMask.mask(shortItalian)).isEqualTo(shortItalian);
    }

    @Test
    void randomCodesShapedLikeAnIbanOfNoRegistryCountryAreNeverMasked() {
        // before the registry table about 1 in 97 of these passed (the chance of the mod-97 check)
        Random random = new Random(13616);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        int masked = 0;
        int tried = 0;
        while (tried < 3000) {
            String country = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
            if (PersonalDataMask.IBAN_LENGTHS.containsKey(country)) {
                continue;
            }
            StringBuilder code =
                    new StringBuilder(country).append(random.nextInt(10)).append(random.nextInt(10));
            for (int i = 0, n = 11 + random.nextInt(20); i < n; i++) {
                code.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            tried++;
            if (!PersonalDataMask.mask(code.toString()).equals(code.toString())) {
                masked++;
            }
        }
        assertThat(masked).isZero();
    }

    /** An IBAN-shaped code whose ISO 13616 check digits hold. */
    private static String withCheckDigits(String country, String bban) {
        StringBuilder digits = new StringBuilder();
        for (char c : (bban + country + "00").toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98
                - new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }

    @Test
    void textWithoutIdentifiersIsReturnedAsIs() {
        String text = "Pratica RC-2026-0012345 del 03/02/2026, pagati € 1.234,56, 00181 Roma, tel. 060606";
        assertThat(PersonalDataMask.mask(text)).isSameAs(text);
        assertThat(PersonalDataMask.mask("Operatore gentile")).isEqualTo("Operatore gentile");
        assertThat(PersonalDataMask.mask("")).isEmpty();
        assertThat(PersonalDataMask.mask(null)).isNull();
    }

    @Test
    void aReferenceCueKeepsAPhoneShapedNumberUnlessAPhoneCueIsCloser() {
        assertThat(PersonalDataMask.mask("codice cliente 3331234567")).isEqualTo("codice cliente 3331234567");
        assertThat(PersonalDataMask.mask("codice cliente 12, cell. 3331234567"))
                .isEqualTo("codice cliente 12, cell. [telefono]");
    }

    @Test
    void paperCardsAndPassportsNeedACueWord() {
        assertThat(PersonalDataMask.mask("lotto AX1234567")).isEqualTo("lotto AX1234567");
        assertThat(PersonalDataMask.mask("passaporto n. YA1234567")).isEqualTo("passaporto n. [documento]");
        assertThat(PersonalDataMask.mask("carta d'identità AX 1234567")).isEqualTo("carta d'identità [documento]");
        // the electronic card's shape is specific enough alone
        assertThat(PersonalDataMask.mask("ho la CA12345AB")).isEqualTo("ho la [documento]");
    }

    @Test
    void uuidsAndTimestampsInARawPayloadStay() {
        String json =
                "{\"event_id\":\"06123456-e89b-42d3-a456-335123456789\",\"event_time\":\"2026-03-02T09:15:00+01:00\"}";
        assertThat(PersonalDataMask.mask(json)).isEqualTo(json);
        // decimals of a coordinate are not a mobile number
        String point = "{\"lat\":41.9028,\"lon\":12.3331234567}";
        assertThat(PersonalDataMask.mask(point)).isEqualTo(point);
    }

    @Test
    void aDoubleZeroIsNotEnoughToMakeAReferenceAPhoneNumber() {
        assertThat(PersonalDataMask.mask("riferimento 0012345678")).isEqualTo("riferimento 0012345678");
        assertThat(PersonalDataMask.mask("codice avviso 001234567890123456"))
                .isEqualTo("codice avviso 001234567890123456");
        // without a reference cue a 00 number still is one; a plus always is
        assertThat(PersonalDataMask.mask("chiamate lo 0044 20 7946 0958")).isEqualTo("chiamate lo [telefono]");
        assertThat(PersonalDataMask.mask("pratica 12, +44 20 7946 0958")).isEqualTo("pratica 12, [telefono]");
    }

    @Test
    void anInternationalNumberHasAtMostFifteenDigits() {
        assertThat(PersonalDataMask.mask("numero 0012345678901234")).isEqualTo("numero [telefono]"); // 14 after 00
        assertThat(PersonalDataMask.mask("numero 001234567890123456")).isEqualTo("numero 001234567890123456");
        assertThat(PersonalDataMask.mask("numero +1234567890123456")).isEqualTo("numero +1234567890123456");
    }

    @Test
    void aSlashFollowsOnlyAnAreaCode() {
        assertThat(PersonalDataMask.mask("fisso 06/1234567")).isEqualTo("fisso [telefono]");
        assertThat(PersonalDataMask.mask("fisso 0612/345678")).isEqualTo("fisso [telefono]");
        assertThat(PersonalDataMask.mask("la n. 0123456/2026 è chiusa")).isEqualTo("la n. 0123456/2026 è chiusa");
    }

    @Test
    void aVatNumberIsNotAPhoneNumber() {
        assertThat(PersonalDataMask.mask("P.IVA 02438750586")).isEqualTo("P.IVA 02438750586");
        assertThat(PersonalDataMask.mask("partita iva 02438750586")).isEqualTo("partita iva 02438750586");
        assertThat(PersonalDataMask.mask("C.F. 02438750586")).isEqualTo("C.F. 02438750586");
        assertThat(PersonalDataMask.mask("P.IVA 02438750586, tel. 0243875058"))
                .isEqualTo("P.IVA 02438750586, tel. [telefono]");
    }
}
