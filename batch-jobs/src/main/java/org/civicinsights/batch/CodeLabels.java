package org.civicinsights.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.outreach.ExclusionReason;
import org.civicinsights.batch.satisfaction.FeedbackThemes;
import org.civicinsights.common.event.Channel;

/**
 * lake.ref.code_labels: the Italian label of each code the batch writes and the dashboards show
 * (channels, languages, exclusion reasons, feedback themes, campaigns), one row per code set and
 * code. The labels are not kept here: each set is read from where its codes are defined (the
 * {@link Channel} and {@link ExclusionReason} enums, the themes' labels beside the lexicon, the
 * campaigns' titles in their YAML, the JDK's Italian names of the ISO 639 languages), and the
 * analyst views join this table to show them beside the codes.
 */
public final class CodeLabels {
    public static final String TABLE = "ref.code_labels";
    public static final String CHANNEL = "channel";
    public static final String LANGUAGE = "language";
    public static final String EXCLUSION_REASON = "exclusion_reason";
    public static final String FEEDBACK_THEME = "feedback_theme";
    public static final String CAMPAIGN = "campaign";
    /** The code the jobs write for a missing channel, service or language. */
    public static final String UNKNOWN = "unknown";

    static final StructType SCHEMA = new StructType()
            .add("code_set", DataTypes.StringType)
            .add("code", DataTypes.StringType)
            .add("label", DataTypes.StringType);
    static final TableSpec TABLE_SPEC = TableSpec.of(TABLE, SCHEMA, "(code_set)");

    private CodeLabels() {}

    /** The label sets that ship with the job jar: code set -> (code -> label), codes in their defining order. */
    public static Map<String, Map<String, String>> bundled() {
        Map<String, Map<String, String>> sets = new LinkedHashMap<>();
        Map<String, String> channels = new LinkedHashMap<>();
        for (Channel c : Channel.values()) {
            channels.put(c.wireName(), c.label());
        }
        channels.put(UNKNOWN, "Non indicato");
        sets.put(CHANNEL, channels);
        sets.put(LANGUAGE, languages());
        Map<String, String> reasons = new LinkedHashMap<>();
        for (ExclusionReason r : ExclusionReason.values()) {
            reasons.put(r.wire(), r.label());
        }
        sets.put(EXCLUSION_REASON, reasons);
        sets.put(FEEDBACK_THEME, FeedbackThemes.bundledLabels());
        return sets;
    }

    /** The ISO 639-1 languages with their Italian names as the JDK knows them ("ro" -> "Rumeno"), and 'unknown'. */
    static Map<String, String> languages() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String code : Locale.getISOLanguages()) {
            String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ITALIAN);
            if (!name.isBlank() && !name.equalsIgnoreCase(code)) {
                out.put(code, name.substring(0, 1).toUpperCase(Locale.ITALIAN) + name.substring(1));
            }
        }
        out.put(UNKNOWN, "Non indicata");
        return out;
    }

    /** Writes the bundled sets, each replacing its earlier rows; nothing when the table already holds them. */
    public static void writeBundled(SparkSession spark, BatchSettings s) {
        Map<String, Map<String, String>> sets = bundled();
        write(spark, s, functions.col("code_set").isin(sets.keySet().toArray()), sets);
    }

    /**
     * Writes the labels of {@code codes} of one set: their earlier rows are replaced by
     * {@code labels} (a code without a label loses its row; the views then show the code). Other
     * codes of the set keep theirs, e.g. a campaign no longer defined whose runs are still shown.
     * The whole set is written again: the table is partitioned by set, and Iceberg replaces whole
     * partitions (a filter on codes inside a data file could not be committed).
     */
    public static void write(
            SparkSession spark, BatchSettings s, String codeSet, Collection<String> codes, Map<String, String> labels) {
        ensure(spark, s);
        Map<String, String> set = new LinkedHashMap<>();
        Column inSet = functions.col("code_set").equalTo(codeSet);
        for (Row r : spark.table(BatchTables.name(s, TABLE)).where(inSet).collectAsList()) {
            if (!codes.contains(r.getString(1))) {
                set.put(r.getString(1), r.getString(2));
            }
        }
        set.putAll(labels);
        write(spark, s, inSet, Map.of(codeSet, set));
    }

    /** The table, partitioned by code set (as warehouse-ddl's migration V009 creates it). */
    static void ensure(SparkSession spark, BatchSettings s) {
        BatchTables.ensure(spark, s, TABLE_SPEC);
    }

    private static void write(
            SparkSession spark, BatchSettings s, Column replaced, Map<String, Map<String, String>> sets) {
        ensure(spark, s);
        String table = BatchTables.name(s, TABLE);
        List<Row> rows = new ArrayList<>();
        Map<List<String>, String> wanted = new HashMap<>();
        sets.forEach((set, labels) -> labels.forEach((code, label) -> {
            rows.add(RowFactory.create(set, code, label));
            wanted.put(List.of(set, code), label);
        }));
        Map<List<String>, String> present = new HashMap<>();
        for (Row r : spark.table(table).where(replaced).collectAsList()) {
            present.put(List.of(r.getString(0), r.getString(1)), r.getString(2));
        }
        if (present.equals(wanted)) {
            return; // the usual case: a commit per run would only grow the table's history
        }
        BatchTables.overwrite(spark.createDataFrame(rows, SCHEMA), table, replaced);
    }
}
