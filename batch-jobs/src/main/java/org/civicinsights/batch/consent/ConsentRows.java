package org.civicinsights.batch.consent;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.civicinsights.batch.activation.OutreachChannel;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.FiscalCode;

/**
 * The rows of the CRM's consent and suppression exports (CSV, comma-separated, header required,
 * RFC 4180 quoting without line breaks inside fields): each line becomes a record with the fiscal
 * code replaced by its citizen key, or a rejection with a reason code and a detail. Pure functions,
 * no Spark.
 *
 * <p>Privacy: no value read from a line is ever copied into a detail (a fiscal code may sit in any
 * column of a shifted line), and exceptions are caught here so that none carries a value into a log.
 */
public final class ConsentRows {
    /** The channels and suppression reasons the CRM may send: the outreach job's own (one list each). */
    public static final List<String> CHANNELS = OutreachChannel.wireNames();

    public static final List<String> REASONS = org.civicinsights.batch.outreach.Suppression.wireNames();

    public static final List<String> CONSENT_REQUIRED = List.of("fiscal_code", "channel", "granted", "consent_at");
    public static final List<String> CONSENT_OPTIONAL = List.of("source");
    public static final List<String> SUPPRESSION_REQUIRED = List.of("fiscal_code", "reason", "since");
    public static final List<String> SUPPRESSION_OPTIONAL = List.of("until", "source");

    // rejection reason codes (activation.import_rejections.reason)
    public static final String MALFORMED_LINE = "malformed_line";
    public static final String MISSING_FIELD = "missing_field";
    public static final String INVALID_FISCAL_CODE = "invalid_fiscal_code";
    public static final String INVALID_CHANNEL = "invalid_channel";
    public static final String INVALID_BOOLEAN = "invalid_boolean";
    public static final String INVALID_TIMESTAMP = "invalid_timestamp";
    public static final String INVALID_REASON = "invalid_reason";
    public static final String INVALID_INTERVAL = "invalid_interval";
    /** Set by the job: a later line of the same file has the same key (citizen, channel, consent_at / reason, since). */
    public static final String DUPLICATE_KEY = "duplicate_key";

    private ConsentRows() {}

    /** The column positions of a file, from its header line. */
    public record Header(Map<String, Integer> columns) implements Serializable {
        public Header {
            columns = Map.copyOf(columns);
        }

        int size() {
            return columns.size();
        }

        /** The field of a column, stripped; null when the column is absent or the field empty. */
        String field(List<String> fields, String column) {
            Integer i = columns.get(column);
            if (i == null) {
                return null;
            }
            String v = fields.get(i).strip();
            return v.isEmpty() ? null : v;
        }
    }

    /** A parsed line: one of {@link Consent}, {@link Suppression}, {@link Rejection}. */
    public sealed interface Result permits Consent, Suppression, Rejection {
        long line();
    }

    public record Consent(
            long line, String citizenKey, String channel, boolean granted, Instant consentAt, String source)
            implements Result {}

    /** A suppression from {@code since} (inclusive) until {@code until} (exclusive; null: open-ended). */
    public record Suppression(long line, String citizenKey, String reason, Instant since, Instant until, String source)
            implements Result {}

    public record Rejection(long line, String reason, String detail) implements Result {}

    /**
     * Reads a header: names are trimmed and lower-cased (a UTF-8 byte-order mark is ignored); every
     * required column must be present, columns may come in any order, and a column that is neither
     * required nor optional is an error (a misspelt optional column would otherwise be read as empty).
     * The message names columns only: a header holds no personal data.
     */
    public static Header header(String line, List<String> required, List<String> optional) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("the file has no header line");
        }
        String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
        List<String> names = fields(text);
        if (names == null) {
            throw new IllegalArgumentException("the header line has an unbalanced quote");
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip().toLowerCase(Locale.ROOT);
            if (!required.contains(name) && !optional.contains(name)) {
                unknown.add(name.length() > 40 ? name.substring(0, 40) + "..." : name);
            } else if (columns.putIfAbsent(name, i) != null) {
                throw new IllegalArgumentException("the header names column " + name + " twice");
            }
        }
        List<String> missing =
                required.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "the header lacks required column(s) " + String.join(", ", missing) + " (required: "
                            + String.join(", ", required) + "; optional: " + String.join(", ", optional) + ")");
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "the header has unknown column(s) " + String.join(", ", unknown) + " (required: "
                            + String.join(", ", required) + "; optional: " + String.join(", ", optional) + ")");
        }
        return new Header(columns);
    }

    /** What both exports check first: the line's shape, the required fields, the fiscal code. */
    private static Optional<Rejection> checkShapeAndCode(Header h, long line, List<String> f, List<String> required) {
        Optional<Rejection> shape = shape(h, line, f);
        if (shape.isPresent()) {
            return shape;
        }
        Optional<Rejection> missing = missing(h, line, f, required);
        if (missing.isPresent()) {
            return missing;
        }
        return FiscalCode.problem(h.field(f, "fiscal_code"))
                .map(problem -> new Rejection(line, INVALID_FISCAL_CODE, problem));
    }

    /** One line of the consent export (fiscal_code, channel, granted, consent_at[, source]). */
    public static Result consent(Header h, long line, String text, CitizenPseudonymiser p) {
        try {
            List<String> f = fields(text);
            Optional<Rejection> rejected = checkShapeAndCode(h, line, f, CONSENT_REQUIRED);
            if (rejected.isPresent()) {
                return rejected.get();
            }
            String code = h.field(f, "fiscal_code");
            String channel = h.field(f, "channel").toLowerCase(Locale.ROOT);
            if (!CHANNELS.contains(channel)) {
                return new Rejection(line, INVALID_CHANNEL, "channel must be one of " + String.join(", ", CHANNELS));
            }
            String granted = h.field(f, "granted").toLowerCase(Locale.ROOT);
            if (!granted.equals("true") && !granted.equals("false")) {
                return new Rejection(line, INVALID_BOOLEAN, "granted must be true or false");
            }
            Instant at = instant(h.field(f, "consent_at"));
            if (at == null) {
                return new Rejection(
                        line,
                        INVALID_TIMESTAMP,
                        "consent_at must be an ISO-8601 date-time with offset, such as 2026-03-01T10:15:00+01:00");
            }
            return new Consent(line, p.citizenKey(code), channel, granted.equals("true"), at, source(h, f, p));
        } catch (RuntimeException e) {
            return unreadable(line); // never the exception's message: it may quote the value
        }
    }

    /** One line of the suppression export (fiscal_code, reason, since[, until][, source]). */
    public static Result suppression(Header h, long line, String text, CitizenPseudonymiser p) {
        try {
            List<String> f = fields(text);
            Optional<Rejection> rejected = checkShapeAndCode(h, line, f, SUPPRESSION_REQUIRED);
            if (rejected.isPresent()) {
                return rejected.get();
            }
            String code = h.field(f, "fiscal_code");
            String reason = h.field(f, "reason").toLowerCase(Locale.ROOT);
            if (!REASONS.contains(reason)) {
                return new Rejection(line, INVALID_REASON, "reason must be one of " + String.join(", ", REASONS));
            }
            Instant since = bound(h.field(f, "since"), false);
            if (since == null) {
                return new Rejection(
                        line,
                        INVALID_TIMESTAMP,
                        "since must be an ISO date (2026-03-01) or an ISO-8601 date-time with offset");
            }
            String untilText = h.field(f, "until");
            Instant until = untilText == null ? null : bound(untilText, true);
            if (untilText != null && until == null) {
                return new Rejection(
                        line,
                        INVALID_TIMESTAMP,
                        "until must be empty, an ISO date (2026-03-01) or an ISO-8601 date-time with offset");
            }
            if (until != null && !until.isAfter(since)) {
                return new Rejection(line, INVALID_INTERVAL, "until must be after since");
            }
            return new Suppression(line, p.citizenKey(code), reason, since, until, source(h, f, p));
        } catch (RuntimeException e) {
            return unreadable(line);
        }
    }

    /**
     * An instant with its offset ({@code 2026-03-01T10:15:00+01:00}, {@code ...Z}); null if the text
     * is not one (a local date-time without offset is ambiguous and refused).
     */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * since/until: an instant with offset, or an ISO date read as a Rome calendar day: since D
     * starts at 00:00 of D, until D includes D (the stored, exclusive bound is 00:00 of D + 1).
     */
    static Instant bound(String text, boolean until) {
        if (text == null) {
            return null;
        }
        if (text.length() == 10) {
            try {
                LocalDate d = LocalDate.parse(text);
                return (until ? d.plusDays(1) : d).atStartOfDay(RomeTime.ZONE).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return instant(text);
    }

    /**
     * Splits a CSV line on commas; a field may be quoted ("a, b" and "" for a quote). Null when a
     * quote is not closed or text follows a closing quote.
     */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            // start of a field: skip blanks before an opening quote
            int j = i;
            while (j < n && line.charAt(j) == ' ') {
                j++;
            }
            if (j < n && line.charAt(j) == '"') {
                i = j + 1;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            cur.append('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    cur.append(c);
                    i++;
                }
                if (!closed) {
                    return null;
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    return null;
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        return null;
                    }
                    cur.append(line.charAt(i));
                    i++;
                }
            }
            out.add(cur.toString());
            cur.setLength(0);
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }

    private static Optional<Rejection> shape(Header h, long line, List<String> f) {
        if (f == null) {
            return Optional.of(new Rejection(
                    line, MALFORMED_LINE, "a quoted field is not closed, or text follows its closing quote"));
        }
        if (f.size() < h.size()) {
            return Optional.of(new Rejection(
                    line, MISSING_FIELD, "the line has " + f.size() + " field(s), the header " + h.size()));
        }
        if (f.size() > h.size()) {
            return Optional.of(new Rejection(
                    line, MALFORMED_LINE, "the line has " + f.size() + " fields, the header " + h.size()));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> missing(Header h, long line, List<String> f, List<String> required) {
        for (String c : required) {
            if (h.field(f, c) == null) {
                return Optional.of(new Rejection(line, MISSING_FIELD, c + " is empty"));
            }
        }
        return Optional.empty();
    }

    /** Free text from the CRM, scrubbed as every free text is (fiscal codes, e-mails, phones, IBANs, documents). */
    private static String source(Header h, List<String> f, CitizenPseudonymiser p) {
        String s = h.field(f, "source");
        return s == null ? null : p.scrub(s);
    }

    private static Rejection unreadable(long line) {
        return new Rejection(line, MALFORMED_LINE, "the line could not be read");
    }
}
