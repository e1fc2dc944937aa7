package org.civicinsights.common.privacy;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.civicinsights.common.io.BundledResources;
import org.civicinsights.common.io.StrictYaml;

/**
 * The register of personal data ({@code privacy/register.yaml}): for every lake table and Kafka
 * topic, its personal data, purpose, readers, retention and what an erasure does to it. One file,
 * read by retention (civic maintain, the scheduler), by erasure and by the register's tests, so the
 * documented policy and the enforced one cannot drift apart.
 */
public final class DataRegister {
    public static final String RESOURCE = "privacy/register.yaml";

    /** What an erasure does to a table's rows of the person. */
    public enum ErasureAction {
        /**
         * rows whose person columns hold one of the person's keys are deleted, except those matching
         * {@link RegisteredTable#anonymiseWhere()}, which stay with their {@link
         * RegisteredTable#anonymiseColumns()} set to null
         */
        DELETE,
        /** those rows stay with their person columns set to null */
        ANONYMISE,
        /** rows linked (by {@link RegisteredTable#link()}) to the person's events are deleted */
        LINKED,
        /** rows whose text columns contain one of the person's keys are deleted */
        TEXT,
        /** the rows stay on purpose ({@link RegisteredTable#erasureWhy()} says why) */
        KEEP,
        /** the table holds no personal data */
        NONE
    }

    /** What retention does to an expired row. */
    public enum RetentionAction {
        DELETE,
        ANONYMISE
    }

    /**
     * One lake table. {@code retention} is empty when the table is kept indefinitely; then
     * {@code ageColumn} and {@code retentionAction} are null. {@code anonymiseWhere} (a Spark SQL
     * predicate, or null) and {@code anonymiseColumns} refine a {@link ErasureAction#DELETE}: the
     * person's rows matching the predicate are anonymised instead of deleted.
     */
    public record RegisteredTable(
            String name,
            String personalData,
            String purpose,
            List<String> readers,
            Optional<Period> retention,
            String ageColumn,
            RetentionAction retentionAction,
            String whyIndefinite,
            List<String> personColumns,
            List<String> textColumns,
            String link,
            ErasureAction erasure,
            String erasureWhy,
            String anonymiseWhere,
            List<String> anonymiseColumns) {

        /** The first day that is kept on {@code today}: rows whose age column is before it are expired. */
        public Optional<LocalDate> keptFrom(LocalDate today) {
            return retention.map(today::minus);
        }

        /** The retention as docs/privacy.md writes it: "24 months", "90 days", or "indefinite". */
        public String retentionText() {
            return retention.map(DataRegister::describe).orElse("indefinite");
        }

        /** Whether an erasure changes this table. */
        public boolean reachedByErasure() {
            return erasure != ErasureAction.NONE && erasure != ErasureAction.KEEP;
        }
    }

    /** One Kafka topic: retention is time-based on the broker. */
    public record RegisteredTopic(String name, String personalData, String purpose, Period retention, String erasure) {
        /** The retention as docs/privacy.md writes it, such as "3 days". */
        public String retentionText() {
            return describe(retention);
        }

        /** The topic's retention.ms: a broker counts time, not calendar months, so the period is in days. */
        public long retentionMillis() {
            return java.time.Duration.ofDays(retention.getDays()).toMillis();
        }

        /**
         * The topic's segment.ms: a broker deletes only closed segments, and closes one at 1 GiB or
         * after log.roll.hours (a week), so at low volume a 3-day retention would keep records for
         * up to ten days. Rolling at a third of the retention (at most daily) keeps them at most a
         * third longer than the register says.
         */
        public long segmentMillis() {
            return Math.min(java.time.Duration.ofDays(1).toMillis(), retentionMillis() / 3);
        }
    }

    /** A period in words, for people: P24M is "24 months", P1Y6M "1 year 6 months", P3D "3 days". */
    public static String describe(Period period) {
        List<String> parts = new ArrayList<>();
        unit(parts, period.getYears(), "year");
        unit(parts, period.getMonths(), "month");
        unit(parts, period.getDays(), "day");
        return parts.isEmpty() ? "0 days" : String.join(" ", parts);
    }

    private static void unit(List<String> parts, int n, String unit) {
        if (n != 0) {
            parts.add(n + " " + unit + (n == 1 ? "" : "s"));
        }
    }

    private final Map<String, RegisteredTable> tables;
    private final Map<String, RegisteredTopic> topics;

    private DataRegister(Map<String, RegisteredTable> tables, Map<String, RegisteredTopic> topics) {
        this.tables = tables;
        this.topics = topics;
    }

    /** The register bundled with the platform. */
    public static DataRegister bundled() {
        return parse(BundledResources.text(RESOURCE));
    }

    /** Parses a register; throws {@link IllegalArgumentException} naming the entry that is wrong. */
    public static DataRegister parse(String yaml) {
        Object doc = StrictYaml.load(yaml, StrictYaml.Scalars.TEXT);
        Map<String, Object> root = map(doc, "register");
        Map<String, RegisteredTable> tables = new LinkedHashMap<>();
        map(root.get("tables"), "tables").forEach((name, v) -> tables.put(name, table(name, map(v, name))));
        Map<String, RegisteredTopic> topics = new LinkedHashMap<>();
        map(root.get("topics"), "topics").forEach((name, v) -> topics.put(name, topic(name, map(v, name))));
        return new DataRegister(Map.copyOf(tables), Map.copyOf(topics));
    }

    public Collection<RegisteredTable> tables() {
        return tables.values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    public Optional<RegisteredTable> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    public Collection<RegisteredTopic> topics() {
        return topics.values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    public Optional<RegisteredTopic> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    private static final java.util.Set<String> TABLE_KEYS = java.util.Set.of(
            "personal_data",
            "purpose",
            "readers",
            "retention",
            "age_column",
            "retention_action",
            "why_indefinite",
            "person_columns",
            "text_columns",
            "link",
            "erasure");

    private static RegisteredTable table(String name, Map<String, Object> t) {
        if (!name.matches("[a-z_]+\\.[a-z_]+")) {
            throw new IllegalArgumentException("register: table " + name + " is not schema.table");
        }
        // an unknown key is a typo, or a flow mapping cut at a comma inside an unquoted value
        for (String key : t.keySet()) {
            if (!TABLE_KEYS.contains(key)) {
                throw new IllegalArgumentException("register: table " + name + " has an unknown key '" + key
                        + "' (a comma inside an unquoted value? quote it)");
            }
        }
        String retentionText = text(t, "retention", name, true);
        Optional<Period> retention =
                "indefinite".equals(retentionText) ? Optional.empty() : Optional.of(period(retentionText, name));
        String ageColumn = text(t, "age_column", name, retention.isPresent());
        RetentionAction retentionAction = retention.isPresent()
                ? RetentionAction.valueOf(
                        text(t, "retention_action", name, true).toUpperCase(Locale.ROOT))
                : null;
        Map<String, Object> erasure = map(t.get("erasure"), name + ".erasure");
        ErasureAction action =
                ErasureAction.valueOf(text(erasure, "action", name, true).toUpperCase(Locale.ROOT));
        List<String> personColumns = list(t.get("person_columns"), name);
        List<String> textColumns = list(t.get("text_columns"), name);
        String link = text(t, "link", name, action == ErasureAction.LINKED);
        String anonymiseWhere = text(erasure, "anonymise_where", name, false);
        List<String> anonymiseColumns = list(erasure.get("anonymise_columns"), name);
        if (anonymiseWhere != null && action != ErasureAction.DELETE) {
            throw new IllegalArgumentException(
                    "register: table " + name + ": anonymise_where refines action delete only");
        }
        if ((anonymiseWhere == null) != anonymiseColumns.isEmpty()) {
            throw new IllegalArgumentException(
                    "register: table " + name + ": anonymise_where and anonymise_columns go together");
        }
        if (anonymiseWhere != null && !anonymiseColumns.containsAll(personColumns)) {
            throw new IllegalArgumentException(
                    "register: table " + name + ": anonymise_columns must include every person column");
        }
        boolean needsPersonColumns = action == ErasureAction.DELETE
                || action == ErasureAction.ANONYMISE
                || action == ErasureAction.KEEP
                || retentionAction == RetentionAction.ANONYMISE;
        if (needsPersonColumns && personColumns.isEmpty()) {
            throw new IllegalArgumentException("register: table " + name + " needs person_columns");
        }
        if (action == ErasureAction.TEXT && textColumns.isEmpty()) {
            throw new IllegalArgumentException("register: table " + name + " needs text_columns");
        }
        return new RegisteredTable(
                name,
                text(t, "personal_data", name, true),
                text(t, "purpose", name, true),
                list(t.get("readers"), name),
                retention,
                ageColumn,
                retentionAction,
                text(t, "why_indefinite", name, false),
                personColumns,
                textColumns,
                link,
                action,
                text(erasure, "why", name, action == ErasureAction.KEEP || anonymiseWhere != null),
                anonymiseWhere,
                anonymiseColumns);
    }

    private static RegisteredTopic topic(String name, Map<String, Object> t) {
        Period retention = period(text(t, "retention", name, true), name);
        if (retention.toTotalMonths() != 0 || retention.getDays() <= 0) {
            throw new IllegalArgumentException("register: topic " + name
                    + ": retention must be a number of days such as P3D (a broker counts time), not " + retention);
        }
        return new RegisteredTopic(
                name,
                text(t, "personal_data", name, true),
                text(t, "purpose", name, true),
                retention,
                text(t, "erasure", name, true));
    }

    private static Period period(String text, String entry) {
        try {
            return Period.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("register: " + entry
                    + ": retention must be an ISO-8601 period such as P90D or indefinite, not " + text);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String what) {
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("register: " + what + " must be a mapping");
        }
        return (Map<String, Object>) v;
    }

    private static List<String> list(Object v, String entry) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("register: " + entry + ": expected a list, not " + v);
        }
        List<String> out = new ArrayList<>();
        l.forEach(o -> out.add(String.valueOf(o)));
        return List.copyOf(out);
    }

    private static String text(Map<String, Object> m, String key, String entry, boolean required) {
        Object v = m.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            if (required) {
                throw new IllegalArgumentException("register: " + entry + " needs " + key);
            }
            return null;
        }
        return String.valueOf(v);
    }
}
