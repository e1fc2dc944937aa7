package org.civicinsights.batch.privacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.civicinsights.common.privacy.DataRegister.ErasureAction;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;

/**
 * The Spark SQL statements that apply a table's erasure action (from the register) to the persons'
 * keys, each with the predicate of the rows it reaches (the job counts them before and after).
 * Keys are inlined as literals: citizen keys are checked hex, anonymous ids are escaped; no staging
 * table, which would write the keys into a Parquet file of its own.
 */
public final class ErasureStatements {
    static final String CITIZEN_KEY = "citizen_key";
    static final String ANONYMOUS_ID = "anonymous_id";

    /**
     * One statement on one table, with the predicates of the rows it deletes and of those it
     * anonymises (null where it does neither): the job counts each before and after.
     */
    public record Statement(String sql, String deleted, String anonymised) {}

    private ErasureStatements() {}

    /**
     * The statements for one table, in the order they must run.
     *
     * @param table the register's entry
     * @param qualified the table's name in Spark, e.g. {@code lake.raw.interactions}
     * @param events the register's entry of the events table that {@code link} columns point into
     * @param qualifiedEvents its name in Spark
     */
    public static List<Statement> of(
            RegisteredTable table, String qualified, PersonKeys keys, RegisteredTable events, String qualifiedEvents) {
        List<Statement> out = new ArrayList<>();
        switch (table.erasure()) {
            case DELETE -> {
                String person = personPredicate(table, keys);
                if (table.anonymiseWhere() == null) {
                    out.add(delete(qualified, person));
                } else {
                    out.add(deleteOrAnonymise(qualified, table, person));
                }
            }
            case ANONYMISE -> out.add(anonymise(qualified, table.personColumns(), personPredicate(table, keys)));
            case LINKED -> out.add(delete(qualified, linkedPredicate(table, keys, events, qualifiedEvents)));
            case TEXT -> out.add(delete(qualified, textPredicate(table, keys)));
            case KEEP, NONE -> {}
        }
        return out;
    }

    /** The rows of the person that statements reach: those they delete or anonymise (null if none). */
    public static String reachedRows(List<Statement> statements) {
        List<String> parts = new ArrayList<>();
        for (Statement st : statements) {
            for (String p : new String[] {st.deleted(), st.anonymised()}) {
                if (p != null) {
                    parts.add("(" + p + ")");
                }
            }
        }
        return parts.isEmpty() ? null : String.join(" OR ", parts);
    }

    /**
     * The person's rows: a person column holds one of the keys. Where a table has both a citizen key
     * and an anonymous id, an anonymous id counts only on rows without a citizen key, so that another
     * citizen's identified events on a shared device stay theirs.
     */
    static String personPredicate(RegisteredTable t, PersonKeys keys) {
        List<String> parts = new ArrayList<>();
        boolean both =
                t.personColumns().contains(CITIZEN_KEY) && t.personColumns().contains(ANONYMOUS_ID);
        for (String column : t.personColumns()) {
            if (both && column.equals(ANONYMOUS_ID)) {
                if (!keys.anonymousIds().isEmpty()) {
                    parts.add("(" + CITIZEN_KEY + " IS NULL AND " + ANONYMOUS_ID + " IN ("
                            + literals(keys.anonymousIds()) + "))");
                }
            } else if (both) {
                parts.add(column + " IN (" + literals(keys.citizenKeys()) + ")");
            } else {
                parts.add(column + " IN (" + literals(keys.all()) + ")");
            }
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    /** Rows linked through {@code link} to the person's events that are deleted (not those kept anonymised). */
    static String linkedPredicate(RegisteredTable t, PersonKeys keys, RegisteredTable events, String qualifiedEvents) {
        if (events.erasure() != ErasureAction.DELETE) {
            throw new IllegalStateException(t.name() + " links to " + events.name() + ", whose events are not deleted");
        }
        String deleted = personPredicate(events, keys)
                + (events.anonymiseWhere() == null ? "" : " AND NOT " + matches(events.anonymiseWhere()));
        return t.link() + " IN (SELECT " + t.link() + " FROM " + qualifiedEvents + " WHERE " + deleted + ")";
    }

    /**
     * Rows whose text holds a citizen key (a fiscal code in text is stored as {@code pseudonym:<key>})
     * or an anonymous id as a JSON string value ({@code "web-3f9a"}: quoted, so that a short id does
     * not match inside other words).
     */
    static String textPredicate(RegisteredTable t, PersonKeys keys) {
        List<String> needles = new ArrayList<>(keys.citizenKeys());
        keys.anonymousIds().stream().map(a -> '"' + a + '"').forEach(needles::add);
        List<String> parts = new ArrayList<>();
        for (String column : t.textColumns()) {
            for (String needle : needles) {
                parts.add("instr(" + column + ", " + literal(needle) + ") > 0");
            }
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    private static Statement delete(String qualified, String predicate) {
        return new Statement("DELETE FROM " + qualified + " WHERE " + predicate, predicate, null);
    }

    private static Statement anonymise(String qualified, List<String> columns, String predicate) {
        return new Statement("UPDATE " + qualified + " SET " + set(columns) + " WHERE " + predicate, null, predicate);
    }

    /**
     * The person's rows deleted, those of {@code anonymise_where} anonymised, in ONE commit: two
     * statements would lose, on a failure between them, the deleted rows that were the only link from
     * a citizen key to some anonymous ids, so a rerun could not find the anonymous-only case events.
     */
    private static Statement deleteOrAnonymise(String qualified, RegisteredTable table, String person) {
        String kept = matches(table.anonymiseWhere());
        return new Statement(
                "MERGE INTO " + qualified + " USING (SELECT 1 AS one) ON " + person + " WHEN MATCHED AND " + kept
                        + " THEN UPDATE SET " + set(table.anonymiseColumns()) + " WHEN MATCHED THEN DELETE",
                person + " AND NOT " + kept,
                person + " AND " + kept);
    }

    private static String set(List<String> columns) {
        return columns.stream().map(c -> c + " = NULL").collect(Collectors.joining(", "));
    }

    /** A predicate that is false, not null, where a column it reads is null. */
    private static String matches(String predicate) {
        return "coalesce((" + predicate + "), false)";
    }

    static String literals(Collection<String> values) {
        return values.stream().map(ErasureStatements::literal).collect(Collectors.joining(", "));
    }

    /** A Spark SQL string literal (backslash escapes, the default parser). */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
