package org.civicinsights.common.privacy;

import java.util.Locale;
import java.util.Optional;

/**
 * Italian fiscal code (codice fiscale) of a natural person: format, omocodia substitutions and
 * check character. Pure functions; no value is ever logged.
 */
public final class FiscalCode {
    public static final int LENGTH = 16;

    /** Anything shaped like a fiscal code, valid or not (word-bounded, any case, omocodia included). */
    public static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile(
            "(?i)(?<![A-Z0-9])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Z0-9])");

    /** What {@link #redact} puts in place of a fiscal code. */
    public static final String REDACTED = "[fiscal code]";

    /**
     * Free text (an error message) with every fiscal-code-shaped token replaced by {@link #REDACTED}:
     * for text stored or shown where no pseudonymisation key is at hand.
     */
    public static String redact(String text) {
        return text == null ? null : SHAPE.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(REDACTED));
    }

    /** Letters that replace digits 0..9 when the code is made omocodic. */
    static final String OMOCODIA_LETTERS = "LMNPQRSTUV";
    /** Positions (0-based) that normally hold digits and may carry omocodia letters. */
    static final int[] DIGIT_POSITIONS = {6, 7, 9, 10, 12, 13, 14};

    static final String MONTH_LETTERS = "ABCDEHLMPRST";

    // Values of a character in an odd (1st, 3rd, ...) position, for 0-9 then A-Z.
    private static final int[] ODD_DIGITS = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21};
    private static final int[] ODD_LETTERS = {
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23
    };

    private FiscalCode() {}

    /** Upper-cases and trims; does not validate. */
    public static String normalise(String value) {
        return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    }

    /** Returns empty when valid, otherwise why not (without echoing the value). */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.of("fiscal code is missing");
        }
        String code = normalise(value);
        if (code.length() != LENGTH) {
            return Optional.of("fiscal code must have 16 characters, has " + code.length());
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = code.charAt(i);
            boolean digitSlot = isDigitPosition(i);
            if (digitSlot ? !(isDigit(c) || OMOCODIA_LETTERS.indexOf(c) >= 0) : !isLetter(c)) {
                return Optional.of("fiscal code has an unexpected character at position " + (i + 1));
            }
        }
        String plain = withoutOmocodia(code);
        if (MONTH_LETTERS.indexOf(plain.charAt(8)) < 0) {
            return Optional.of("fiscal code has an invalid birth month letter");
        }
        int day = Integer.parseInt(plain.substring(9, 11));
        if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
            return Optional.of("fiscal code has an invalid birth day");
        }
        if (checkCharacter(code) != code.charAt(15)) {
            return Optional.of("fiscal code check character does not match");
        }
        return Optional.empty();
    }

    public static boolean isValid(String value) {
        return problem(value).isEmpty();
    }

    /** Check character for the first 15 characters (omocodic letters count as letters, as the law says). */
    public static char checkCharacter(String code) {
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = code.charAt(i);
            boolean oddPosition = i % 2 == 0; // 1-based odd
            if (oddPosition) {
                sum += isDigit(c) ? ODD_DIGITS[c - '0'] : ODD_LETTERS[c - 'A'];
            } else {
                sum += isDigit(c) ? c - '0' : c - 'A';
            }
        }
        return (char) ('A' + sum % 26);
    }

    /** Replaces omocodia letters with the digits they stand for (check character left as is). */
    public static String withoutOmocodia(String code) {
        char[] chars = code.toCharArray();
        for (int p : DIGIT_POSITIONS) {
            int idx = OMOCODIA_LETTERS.indexOf(chars[p]);
            if (idx >= 0) {
                chars[p] = (char) ('0' + idx);
            }
        }
        return new String(chars);
    }

    /**
     * Applies the first {@code substitutions} omocodia substitutions, right to left as the Agenzia
     * delle Entrate does, and recomputes the check character.
     */
    public static String withOmocodia(String code, int substitutions) {
        char[] chars = normalise(code).toCharArray();
        for (int n = 0; n < substitutions && n < DIGIT_POSITIONS.length; n++) {
            int p = DIGIT_POSITIONS[DIGIT_POSITIONS.length - 1 - n];
            if (isDigit(chars[p])) {
                chars[p] = OMOCODIA_LETTERS.charAt(chars[p] - '0');
            }
        }
        chars[15] = checkCharacter(new String(chars, 0, 15));
        return new String(chars);
    }

    /** Completes a 15-character body with its check character. */
    public static String withCheckCharacter(String body15) {
        return body15 + checkCharacter(body15);
    }

    private static boolean isDigitPosition(int i) {
        for (int p : DIGIT_POSITIONS) {
            if (p == i) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
