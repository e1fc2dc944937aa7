package org.civicinsights.ingestion.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Maps the value of one source column to one of our values (a channel, a service code, a language,
 * a municipio, an outcome).
 *
 * <ul>
 *   <li>Keys are matched ignoring case and surrounding white space; with {@code match: prefix} the
 *       first key (in file order) that starts the value wins, otherwise the whole value must equal
 *       a key.</li>
 *   <li>Without {@code values} the value is taken as it is (pass-through) if it is a valid target
 *       (a catalogue code, a channel wire name...).</li>
 *   <li>A value that cannot be mapped takes the {@code default}; with no default the row is
 *       rejected ({@code unmapped_value}).</li>
 *   <li>A blank value takes the default; with no default it is absent, or, for a required lookup
 *       (the channel), the row is rejected ({@code missing_value}).</li>
 *   <li>Without a column every row gets the default (a constant).</li>
 * </ul>
 *
 * @param <T> the target type
 */
public final class Lookup<T> {
    private final String field;
    private final String column;
    private final boolean prefix;
    private final List<Map.Entry<String, T>> entries;
    private final Map<String, T> exact;
    private final Function<String, T> passThrough;
    private final T fallback;
    private final boolean required;

    /**
     * @param field       the mapping key, for messages ({@code service})
     * @param column      source column, or null for a constant
     * @param prefix      prefix instead of exact matching
     * @param values      source value to target, in file order; null for pass-through
     * @param passThrough converts a raw value to a target, null if it is not a valid one
     * @param fallback    the default, or null
     * @param required    a blank value without default rejects the row
     */
    Lookup(
            String field,
            String column,
            boolean prefix,
            Map<String, T> values,
            Function<String, T> passThrough,
            T fallback,
            boolean required) {
        this.field = field;
        this.column = column;
        this.prefix = prefix;
        this.passThrough = Objects.requireNonNull(passThrough, "passThrough");
        this.fallback = fallback;
        this.required = required;
        if (values == null) {
            this.entries = null;
            this.exact = null;
        } else {
            List<Map.Entry<String, T>> list = new ArrayList<>();
            Map<String, T> map = new HashMap<>();
            values.forEach((k, v) -> {
                list.add(Map.entry(key(k), v));
                map.put(key(k), v);
            });
            this.entries = Collections.unmodifiableList(list);
            this.exact = map;
        }
    }

    /** A lookup without column: always {@code value}. */
    static <T> Lookup<T> constant(String field, T value) {
        return new Lookup<>(field, null, false, null, v -> null, value, true);
    }

    static String key(String raw) {
        return raw.strip().toLowerCase(Locale.ROOT);
    }

    /** The target value for this record; null when the value is blank and the lookup optional without default. */
    T resolve(SourceRecord record) throws RowRejected {
        if (column == null) {
            return fallback;
        }
        String raw = record.get(column);
        if (raw == null || raw.isBlank()) {
            if (fallback == null && required) {
                throw new RowRejected(
                        ImportRejections.MISSING_VALUE,
                        field + ": column " + column + " is blank and the mapping has no default");
            }
            return fallback;
        }
        T mapped = map(raw);
        if (mapped != null) {
            return mapped;
        }
        if (fallback == null) {
            throw new RowRejected(
                    ImportRejections.UNMAPPED_VALUE,
                    field + ": '" + raw.strip() + "' (column " + column
                            + ") " + (entries == null ? "is not a valid value" : "is not in the mapping's values")
                            + " and the mapping has no default");
        }
        return fallback;
    }

    /** The mapped value of a non-blank raw value, or null if it has none (the default then applies). */
    T map(String raw) {
        if (entries == null) {
            return passThrough.apply(raw.strip());
        }
        String k = key(raw);
        T hit = exact.get(k);
        if (hit != null || !prefix) {
            return hit;
        }
        for (Map.Entry<String, T> e : entries) {
            if (k.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    public String field() {
        return field;
    }

    /** Source column, or null for a constant. */
    public String column() {
        return column;
    }

    public boolean prefix() {
        return prefix;
    }

    /** The default, or null. */
    public T fallback() {
        return fallback;
    }

    /** The mapped targets, in file order (lower-cased keys); empty for pass-through. */
    public List<Map.Entry<String, T>> entries() {
        return entries == null ? List.of() : entries;
    }
}
