package org.civicinsights.ingestion.synthetic;

import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import org.civicinsights.common.privacy.FiscalCode;

/**
 * Builds synthetic but formally valid Italian fiscal codes: surname and name triplets (random,
 * mostly consonants), the last two digits of the birth year, the month letter, the birth day
 * (+40 for women), a cadastral code of the birthplace and the check character computed by
 * {@link FiscalCode#withCheckCharacter}. They belong to nobody in particular; collisions with real
 * codes are possible and harmless because they never leave test and demo environments.
 */
public final class SyntheticFiscalCodes {
    static final String CONSONANTS = "BCDFGLMNPRSTVZ";
    static final String VOWELS = "AEIOU";
    static final String MONTH_LETTERS = "ABCDEHLMPRST";

    private SyntheticFiscalCodes() {}

    /** A valid 16-character code. */
    public static String code(String surname3, String name3, LocalDate birthDate, boolean female, String birthplace) {
        if (surname3.length() != 3 || name3.length() != 3 || birthplace.length() != 4) {
            throw new IllegalArgumentException("expected 3 + 3 letters and a 4-character birthplace code");
        }
        int day = birthDate.getDayOfMonth() + (female ? 40 : 0);
        String body = surname3
                + name3
                + String.format(Locale.ROOT, "%02d", birthDate.getYear() % 100)
                + MONTH_LETTERS.charAt(birthDate.getMonthValue() - 1)
                + String.format(Locale.ROOT, "%02d", day)
                + birthplace;
        return FiscalCode.withCheckCharacter(body);
    }

    /** Three letters as the surname or name part looks: consonants, sometimes ending with a vowel. */
    public static String triplet(SplittableRandom rng) {
        char[] t = new char[3];
        for (int i = 0; i < 3; i++) {
            t[i] = CONSONANTS.charAt(rng.nextInt(CONSONANTS.length()));
        }
        if (rng.nextDouble() < 0.12) {
            t[2] = VOWELS.charAt(rng.nextInt(VOWELS.length()));
        }
        return new String(t);
    }
}
