package org.civicinsights.ingestion.importer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A text with placeholders, used to build {@code anonymous_id}:
 * <ul>
 *   <li>{@code {id}}: the record id; {@code {mapping}}: the mapping name;</li>
 *   <li>{@code {column:NAME}}: the value of a column, stripped;</li>
 *   <li>{@code {sha256:NAME}}: SHA-256 (64 lower-case hex) of the stripped value of a column;</li>
 *   <li>{@code {phone_sha256:NAME}}: SHA-256 of a phone number after normalisation: white space and
 *       {@code - . / ( )} removed, a leading {@code 00} written {@code +}; so {@code 0039 06 0606}
 *       and {@code +39-06-0606} give the same hash. The clear number is never output.</li>
 * </ul>
 * A template whose placeholders refer to a blank value cannot be filled ({@link #fill} gives null).
 */
public final class IdTemplate {
    private enum Kind {
        TEXT,
        ID,
        MAPPING,
        COLUMN,
        SHA256,
        PHONE_SHA256
    }

    private record Part(Kind kind, String text) {}

    private final String source;
    private final List<Part> parts;

    private IdTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** Parses a template; IllegalArgumentException naming the bad placeholder. */
    static IdTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                parts.add(new Part(Kind.TEXT, template.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Part(Kind.TEXT, template.substring(i, open)));
            }
            int close = template.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '{' in template '" + template + "'");
            }
            parts.add(placeholder(template.substring(open + 1, close), template));
            i = close + 1;
        }
        if (parts.stream().noneMatch(p -> p.kind != Kind.TEXT)) {
            throw new IllegalArgumentException(
                    "template '" + template + "' has no placeholder: every row would get the same identity");
        }
        return new IdTemplate(template, parts);
    }

    private static Part placeholder(String p, String template) {
        if (p.equals("id")) {
            return new Part(Kind.ID, null);
        }
        if (p.equals("mapping")) {
            return new Part(Kind.MAPPING, null);
        }
        int colon = p.indexOf(':');
        String arg = colon < 0 ? "" : p.substring(colon + 1);
        Kind kind = colon < 0
                ? null
                : switch (p.substring(0, colon)) {
                    case "column" -> Kind.COLUMN;
                    case "sha256" -> Kind.SHA256;
                    case "phone_sha256" -> Kind.PHONE_SHA256;
                    default -> null;
                };
        if (kind == null || arg.isBlank()) {
            throw new IllegalArgumentException("unknown placeholder {" + p + "} in template '" + template
                    + "' (known: {id}, {mapping}, {column:NAME}, {sha256:NAME}, {phone_sha256:NAME})");
        }
        return new Part(kind, arg);
    }

    /** The text, or null if a placeholder refers to a blank value. */
    String fill(SourceRecord record, String recordId, String mapping) {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            switch (p.kind) {
                case TEXT -> b.append(p.text);
                case ID -> b.append(recordId);
                case MAPPING -> b.append(mapping);
                default -> {
                    String v = record.get(p.text);
                    if (v == null || v.isBlank()) {
                        return null;
                    }
                    v = v.strip();
                    b.append(
                            switch (p.kind) {
                                case COLUMN -> v;
                                case SHA256 -> sha256(v);
                                default -> sha256(normalisePhone(v));
                            });
                }
            }
        }
        return b.toString();
    }

    /** Columns the template reads. */
    Set<String> columns() {
        Set<String> c = new LinkedHashSet<>();
        parts.stream().filter(p -> p.text != null && p.kind != Kind.TEXT).forEach(p -> c.add(p.text));
        return c;
    }

    /** Columns whose values only appear hashed: they are redacted from rejections' raw payloads. */
    Set<String> hashedColumns() {
        Set<String> c = new LinkedHashSet<>();
        parts.stream()
                .filter(p -> p.kind == Kind.SHA256 || p.kind == Kind.PHONE_SHA256)
                .forEach(p -> c.add(p.text));
        return c;
    }

    static String normalisePhone(String number) {
        StringBuilder b = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (!Character.isWhitespace(c) && "-./()".indexOf(c) < 0) {
                b.append(c);
            }
        }
        String n = b.toString();
        return n.startsWith("00") ? "+" + n.substring(2) : n;
    }

    static String sha256(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
