package org.civicinsights.common.privacy;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the direct identifiers other than fiscal codes that citizens write into free text:
 * e-mail and PEC addresses, phone numbers, IBANs and identity document numbers, each replaced by a
 * typed mask. Pure and stateless.
 *
 * <p>Regular expressions with checks, not a statistical recogniser: the identifiers have fixed
 * shapes, and no NER library for Italian on the JVM is small and accurate enough for them. Where a
 * shape is ambiguous (a protocol number, an amount, a date, a case id) the text is left alone: a
 * masked amount spoils the statistics and a reader can still report a missed identifier.
 */
public final class PersonalDataMask {
    public static final String EMAIL = "[email]";
    public static final String PHONE = "[telefono]";
    public static final String IBAN = "[iban]";
    public static final String DOCUMENT = "[documento]";

    private static final String LABEL = "[\\p{Alnum}](?:[\\p{Alnum}-]*[\\p{Alnum}])?";
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("(?<![\\p{Alnum}._%+-])[\\p{Alnum}._%+-]+@" + LABEL
            + "(?:\\." + LABEL + ")*\\.[A-Za-z]{2,24}(?![\\p{Alnum}-])");

    /** Where an IBAN may start: a country code and two check digits at the start of a token. */
    private static final Pattern IBAN_START = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?=[ -]?[A-Z0-9])");

    private static final int IBAN_MIN = 15;
    private static final int IBAN_MAX = 34;
    /**
     * ISO 13616: every country of the SWIFT IBAN Registry with its IBAN length, from the registry
     * (https://www.swift.com/standards/data-standards/iban, "IBAN Registry": 89 countries in 2025), as
     * tabulated by Apache Commons Validator 1.10.1's IBANValidator (November 2025), read from it. Dependent
     * territories write their parent's code (French overseas departments FR, Jersey GB, Åland FI).
     * A country not in it is not an IBAN: about 1 in 97 random "XX00..." codes passes mod 97 alone.
     */
    private static final String IBAN_REGISTRY = """
            AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27
            DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28
            IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22
            MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24
            SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30
            """;

    static final Map<String, Integer> IBAN_LENGTHS = ibanLengths(IBAN_REGISTRY);

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private static final String SEP = "[ .\\-]";
    private static final String ITALIAN_PREFIX = "(?:\\(?(?:\\+|00)39\\)?" + SEP + "?)";
    /** 3xx then 6 or 7 digits ("328/1234567" too). */
    private static final String MOBILE = "3\\d{2}[ .\\-/]?\\d(?:" + SEP + "?\\d){5,6}";
    /**
     * 0 and an area code, 8 to 11 digits in all; 060606-like service numbers stay. A slash only right
     * after a 2 to 4 digit area code ("06/1234567", "0612/345678"): elsewhere it is a protocol
     * number's year ("0123456/2026").
     */
    private static final String LANDLINE = "0[1-9](?:[ .\\-]?\\d){6,9}"
            + "|0[1-9]/\\d(?:" + SEP + "?\\d){5,8}"
            + "|0[1-9]\\d/\\d(?:" + SEP + "?\\d){4,7}"
            + "|0[1-9]\\d{2}/\\d(?:" + SEP + "?\\d){3,6}";
    /** E.164: at most 15 digits after the international prefix. */
    private static final int E164_MAX_DIGITS = 15;
    /** Another country: + or 00, its code, an optional (area) and 6 to 13 more digits (15 in all at most). */
    private static final String FOREIGN =
            "(?:\\+|00)(?!39)[1-9]\\d{0,2}" + SEP + "?(?:\\(\\d{1,4}\\)" + SEP + "?)?\\d(?:" + SEP + "?\\d){5,12}";

    private static final String PHONE_SHAPES =
            "(?:" + ITALIAN_PREFIX + "?(?:" + MOBILE + "|" + LANDLINE + ")|" + FOREIGN + ")";
    private static final Pattern PHONE_NUMBER = Pattern.compile("(?<![\\p{Alnum}+])(?<![\\p{Alnum}][-/])(?<!\\d[.,])"
            + PHONE_SHAPES + "(?![\\p{Alnum}])(?![.\\-/]\\d)(?![-/]\\p{Alnum})(?!,\\d)");
    /**
     * In an identifier a number may follow a word ("tel-3331234567", "tel3331234567"); not a digit, a
     * hex letter (a UUID's group) or a number and a separator ("RM-2026-0612345678"), and it ends as
     * in text.
     */
    private static final Pattern IDENTIFIER_PHONE_NUMBER = Pattern.compile("(?<![0-9A-Fa-f+])(?<!\\d[.,/-])"
            + PHONE_SHAPES + "(?![\\p{Alnum}])(?![.\\-/]\\d)(?![-/]\\p{Alnum})(?!,\\d)");

    private static final Pattern DATE = Pattern.compile("\\d{1,2}([./-])\\d{1,2}\\1\\d{2,4}");
    private static final Pattern TIME_RANGE = Pattern.compile("\\d{1,2}[.:]\\d{2}-\\d{1,2}[.:]\\d{2}");
    private static final Pattern THOUSANDS = Pattern.compile("\\d{1,3}(?:[. ]\\d{3})+");
    private static final int CUE_WINDOW = 30;
    /** Words before a number that make it a reference, not a phone number. */
    private static final Pattern REFERENCE_CUE = Pattern.compile(
            "(?iu)\\b(?:prot|protocollo|pratica|segnalazione|ticket|fattura|avviso|bollett\\w*|cartella|codice|cod"
                    + "|matricola|rif|riferimento|contratto|utente|cliente|ordine|pod|pdr|iuv|verbale|importo"
                    + "|euro|eur|invoice|order|iva|piva|partita|vat|cf|c\\.f)\\b");
    /** Words before a number that make it a phone number. */
    private static final Pattern PHONE_CUE = Pattern.compile(
            "(?iu)\\b(?:tel|telefon\\w*|cell\\w*|chiam\\w*|whatsapp|sms|recapito|contatt\\w*|fisso|mobile|phone"
                    + "|call)\\b");

    /** Electronic identity card (CA00000AA): specific enough on its own. */
    private static final String CIE = "[A-Z]{2}\\d{5}[A-Z]{2}";
    /** Driving licence: older RM1234567X, newer U1 series. */
    private static final String LICENCE = "[A-Z]{2}\\d{7}[A-Z]|U1(?=[A-Z0-9]*\\d[A-Z0-9]*\\d)[A-Z0-9]{6,7}[A-Z]";

    private static final Pattern DOCUMENT_SHAPE =
            Pattern.compile("(?<![A-Za-z0-9])(?:" + CIE + "|" + LICENCE + ")(?![A-Za-z0-9])");
    /** After a cue: also paper cards and passports (AA1234567, YA1234567), optionally spaced. */
    private static final Pattern CUED_DOCUMENT =
            Pattern.compile("(?<![A-Za-z0-9])(?:[A-Z]{1,3} ?\\d{5,8}[A-Z]{0,2}|U1[A-Z0-9]{6,8})(?![A-Za-z0-9])");

    private static final Pattern DOCUMENT_CUE = Pattern.compile(
            "(?iu)(?:carta\\s+d['’]\\s?identit[àa]|carta\\s+di\\s+identit[àa]|passaport[oi]|passport|patente"
                    + "|driving\\s+licen[cs]e|driver'?s\\s+licen[cs]e|(?<!\\[)\\bdocumento|\\bdoc\\.|identity\\s+card"
                    + "|\\bid\\s+card|(?-i:\\bCIE\\b)|(?-i:\\bC\\.\\s?I\\.))");
    private static final int DOCUMENT_WINDOW = 40;
    /** Lower-case stems of the cue words: a plain search for them is far cheaper than the cue regex. */
    private static final List<String> DOCUMENT_CUE_STEMS = List.of(
            "carta", "passaport", "passport", "patente", "licen", "documento", "doc.", "id card", "identity card");

    private PersonalDataMask() {}

    /** The text with every identifier it recognises replaced by its typed mask; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (out.indexOf('@') >= 0) {
            out = replaceEmails(out);
        }
        if (!hasDigit(out)) {
            return out; // most feedback: nothing below can match without a digit
        }
        out = replaceIbans(out);
        out = replaceDocuments(out);
        return replacePhones(out);
    }

    static String replaceEmails(String text) {
        return EMAIL_ADDRESS.matcher(text).replaceAll(Matcher.quoteReplacement(EMAIL));
    }

    /**
     * Each e-mail address and phone number in the text replaced by what {@code replacement} makes of
     * it, the rest unchanged: for identifier fields, which get a pseudonym instead of a typed mask.
     */
    static String replaceContacts(String text, UnaryOperator<String> emails, UnaryOperator<String> phones) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (out.indexOf('@') >= 0) {
            out = EMAIL_ADDRESS.matcher(out).replaceAll(m -> Matcher.quoteReplacement(emails.apply(m.group())));
        }
        return hasDigit(out) ? replacePhones(out, IDENTIFIER_PHONE_NUMBER, phones) : out;
    }

    static String replaceIbans(String text) {
        Matcher start = IBAN_START.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (start.find(from)) {
            int end = ibanEnd(text, start.start());
            if (end < 0) {
                from = start.end();
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start.start()).append(IBAN);
            copied = end;
            from = end;
            if (from >= text.length()) {
                break;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * End of the valid IBAN starting at {@code begin}, or -1. Upper-case letters and digits are read
     * across a single space or dash after each group of four; the IBAN must end at a token boundary,
     * have its country's length (when known) and pass the ISO 13616 mod-97 check.
     */
    static int ibanEnd(String text, int begin) {
        StringBuilder compact = new StringBuilder(IBAN_MAX);
        int[] endAfter = new int[IBAN_MAX + 1];
        int i = begin;
        int group = 0; // written IBANs are split in groups of four: "IT60 X054 2811 ..."
        while (i < text.length() && compact.length() < IBAN_MAX) {
            char c = text.charAt(i);
            if (isIbanCharacter(c)) {
                compact.append(c);
                endAfter[compact.length()] = i + 1;
                group++;
                i++;
            } else if ((c == ' ' || c == '-')
                    && group == 4
                    && i + 1 < text.length()
                    && isIbanCharacter(text.charAt(i + 1))) {
                group = 0;
                i++;
            } else {
                break;
            }
        }
        Integer length = IBAN_LENGTHS.get(compact.substring(0, 2));
        if (length == null || compact.length() < length) {
            return -1; // not a registry country, or too short for it
        }
        int end = endAfter[length];
        boolean boundary = end >= text.length() || !isAsciiAlnum(text.charAt(end));
        return boundary && ibanChecksumHolds(compact.substring(0, length)) ? end : -1;
    }

    private static Map<String, Integer> ibanLengths(String registry) {
        Map<String, Integer> lengths = new HashMap<>();
        for (String entry : registry.strip().split("\\s+")) {
            lengths.put(entry.substring(0, 2), Integer.valueOf(entry.substring(2)));
        }
        return Map.copyOf(lengths);
    }

    /** ISO 13616: the first four characters moved to the end, letters as 10..35, mod 97 is 1. */
    static boolean ibanChecksumHolds(String iban) {
        if (iban.length() < IBAN_MIN || iban.length() > IBAN_MAX) {
            return false;
        }
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder(rearranged.length() * 2);
        for (int k = 0; k < rearranged.length(); k++) {
            char c = rearranged.charAt(k);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                digits.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    static String replaceDocuments(String text) {
        String out = DOCUMENT_SHAPE.matcher(text).replaceAll(Matcher.quoteReplacement(DOCUMENT));
        if (!mayHoldDocumentCue(out)) {
            return out;
        }
        Matcher cue = DOCUMENT_CUE.matcher(out);
        if (!cue.find()) {
            return out;
        }
        StringBuilder sb = new StringBuilder(out.length());
        int copied = 0;
        do {
            if (cue.end() < copied) {
                continue;
            }
            Matcher token = CUED_DOCUMENT.matcher(out);
            token.region(cue.end(), Math.min(out.length(), cue.end() + DOCUMENT_WINDOW));
            token.useTransparentBounds(true);
            while (token.find()) {
                sb.append(out, copied, token.start()).append(DOCUMENT);
                copied = token.end();
            }
        } while (cue.find());
        return sb.append(out, copied, out.length()).toString();
    }

    private static boolean mayHoldDocumentCue(String text) {
        if (text.contains("CIE") || text.contains("C.I.") || text.contains("C. I.")) {
            return true;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String stem : DOCUMENT_CUE_STEMS) {
            if (lower.contains(stem)) {
                return true;
            }
        }
        return false;
    }

    static String replacePhones(String text) {
        return replacePhones(text, PHONE_NUMBER, number -> PHONE);
    }

    private static String replacePhones(String text, Pattern shape, UnaryOperator<String> replacement) {
        Matcher m = shape.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            if (!isPhone(text, m.start(), m.group())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, m.start()).append(replacement.apply(m.group()));
            copied = m.end();
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Drops the phone-shaped numbers that are dates, time ranges, round amounts or references. */
    private static boolean isPhone(String text, int start, String number) {
        if (DATE.matcher(number).matches() || TIME_RANGE.matcher(number).matches()) {
            return false;
        }
        String before = text.substring(Math.max(0, start - CUE_WINDOW), start).toLowerCase(Locale.ROOT);
        int phoneCue = lastMatch(PHONE_CUE, before);
        if (THOUSANDS.matcher(number).matches() && phoneCue < 0) {
            return false;
        }
        if (isForeign(number) && internationalDigits(number) > E164_MAX_DIGITS) {
            return false;
        }
        // only a plus is unambiguous: "00" also starts references ("riferimento 0012345678", pagoPA notices)
        boolean international = number.startsWith("+") || number.startsWith("(+");
        return international || lastMatch(REFERENCE_CUE, before) <= phoneCue;
    }

    /** A number of another country: + or 00 not followed by Italy's 39. */
    private static boolean isForeign(String number) {
        String n = number.startsWith("(") ? number.substring(1) : number;
        return (n.startsWith("+") || n.startsWith("00")) && !n.startsWith("39", n.startsWith("+") ? 1 : 2);
    }

    /** Digits after the international prefix (+ or 00). */
    private static int internationalDigits(String number) {
        int digits = 0;
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        return number.startsWith("+") || number.startsWith("(+") ? digits : digits - 2;
    }

    private static int lastMatch(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int last = -1;
        while (m.find()) {
            last = m.start();
        }
        return last;
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static boolean isIbanCharacter(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
