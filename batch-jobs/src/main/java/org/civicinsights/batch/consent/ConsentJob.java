package org.civicinsights.batch.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.Pseudonymisers;
import scala.Tuple2;

/**
 * Imports the CRM's consent and suppression exports (settings {@code consent.file} and/or
 * {@code suppression.file}, a path or URI Spark reads, where {@code {date}} stands for the run date)
 * into activation.contact_consent and activation.suppression, and their rejected lines into
 * activation.import_rejections. See docs/_draft-consent.md.
 *
 * <p>Each fiscal code is validated and replaced by its citizen key on the executors, with the key
 * bytes broadcast (one {@link CitizenPseudonymiser} per partition: its Mac is not thread-safe); the
 * code reaches no table, staging table or log. Every line read is imported or rejected with a reason
 * (a HARD check). MERGEs make a re-import of the same file change nothing.
 */
public final class ConsentJob implements BatchJob {
    public static final String CONSENT = BatchTables.CONTACT_CONSENT;
    public static final String SUPPRESSION = BatchTables.SUPPRESSION;
    public static final String REJECTIONS = "activation.import_rejections";
    public static final String CONSENT_FILE = "consent.file";
    public static final String SUPPRESSION_FILE = "suppression.file";

    /** History of consents; the current consent of a citizen for a channel is its row with the latest consent_at. */
    public static final StructType CONSENT_SCHEMA = new StructType()
            .add("citizen_key", DataTypes.StringType, false)
            .add("channel", DataTypes.StringType, false)
            .add("granted", DataTypes.BooleanType, false)
            .add("consent_at", DataTypes.TimestampType, false)
            .add("source", DataTypes.StringType)
            .add("imported_at", DataTypes.TimestampType, false)
            .add("import_file", DataTypes.StringType, false);

    public static final StructType SUPPRESSION_SCHEMA = new StructType()
            .add("citizen_key", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false)
            .add("since", DataTypes.TimestampType, false)
            .add("until", DataTypes.TimestampType)
            .add("source", DataTypes.StringType)
            .add("imported_at", DataTypes.TimestampType, false)
            .add("import_file", DataTypes.StringType, false);

    public static final StructType REJECTIONS_SCHEMA = new StructType()
            .add("import_file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, false)
            .add("reason", DataTypes.StringType, false)
            .add("detail", DataTypes.StringType)
            .add("imported_at", DataTypes.TimestampType, false);

    /** What one kind of export needs: its setting, columns, parser, target table and merge key. */
    enum Kind {
        CONSENT_EXPORT(
                "consent",
                CONSENT_FILE,
                ConsentJob.CONSENT,
                CONSENT_SCHEMA,
                ConsentRows.CONSENT_REQUIRED,
                ConsentRows.CONSENT_OPTIONAL,
                List.of("citizen_key", "channel", "consent_at"),
                List.of("granted", "source")),
        SUPPRESSION_EXPORT(
                "suppression",
                SUPPRESSION_FILE,
                ConsentJob.SUPPRESSION,
                SUPPRESSION_SCHEMA,
                ConsentRows.SUPPRESSION_REQUIRED,
                ConsentRows.SUPPRESSION_OPTIONAL,
                List.of("citizen_key", "reason", "since"),
                List.of("until", "source"));

        final String prefix;
        final String setting;
        final String table;
        final StructType schema;
        final List<String> required;
        final List<String> optional;
        final List<String> key;
        final List<String> values;

        Kind(
                String prefix,
                String setting,
                String table,
                StructType schema,
                List<String> required,
                List<String> optional,
                List<String> key,
                List<String> values) {
            this.prefix = prefix;
            this.setting = setting;
            this.table = table;
            this.schema = schema;
            this.required = required;
            this.optional = optional;
            this.key = key;
            this.values = values;
        }

        /** The parsed lines: the record's columns (null when rejected), then line_number, rejection reason and detail. */
        StructType parsed() {
            StructType t = new StructType();
            for (int i = 0; i < schema.fields().length - 2; i++) { // without imported_at, import_file
                t = t.add(schema.fields()[i].name(), schema.fields()[i].dataType(), true);
            }
            return t.add("line_number", DataTypes.LongType, false)
                    .add("rejection_reason", DataTypes.StringType)
                    .add("rejection_detail", DataTypes.StringType);
        }

        ConsentRows.Result parse(ConsentRows.Header h, long line, String text, CitizenPseudonymiser p) {
            return this == CONSENT_EXPORT
                    ? ConsentRows.consent(h, line, text, p)
                    : ConsentRows.suppression(h, line, text, p);
        }
    }

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "consent",
                JobKind.ON_DEMAND,
                List.of(),
                List.of(
                        TableSpec.of(BatchTables.CONTACT_CONSENT, ConsentJob.CONSENT_SCHEMA, null),
                        TableSpec.of(BatchTables.SUPPRESSION, ConsentJob.SUPPRESSION_SCHEMA, null),
                        TableSpec.of(ConsentJob.REJECTIONS, ConsentJob.REJECTIONS_SCHEMA, null)),
                "activation.contact_consent, suppression from the CRM's CSV exports (consent.file and/or"
                        + " suppression.file; {date} in a file name becomes the run date; needs the pseudonymisation key)");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        CivicConfig c = s.config();
        List<Kind> kinds = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (c.has(k.setting)) {
                kinds.add(k);
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("job consent needs " + CONSENT_FILE + " and/or " + SUPPRESSION_FILE);
        }
        if (kinds.size() == 2 && file(c, Kind.CONSENT_EXPORT, date).equals(file(c, Kind.SUPPRESSION_EXPORT, date))) {
            throw new IllegalArgumentException(CONSENT_FILE + " and " + SUPPRESSION_FILE + " name the same file");
        }
        byte[] key = Pseudonymisers.keyFromConfig(c);
        new CitizenPseudonymiser(key); // fails here, on the driver, if the key is too short
        Instant importedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Broadcast<byte[]> shared =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(key);
        Map<String, Long> figures = new LinkedHashMap<>();
        List<QualityCheck> checks = new ArrayList<>();
        try {
            for (Kind k : kinds) {
                importFile(spark, s, k, file(c, k, date), shared, importedAt, date, figures, checks);
            }
        } finally {
            shared.destroy();
        }
        return new JobResult(figures, checks);
    }

    /** The file of a kind for the run date: {@code {date}} in the setting becomes YYYY-MM-DD. */
    static String file(CivicConfig c, Kind k, LocalDate date) {
        return c.get(k.setting).strip().replace("{date}", date.toString());
    }

    private static void importFile(
            SparkSession spark,
            BatchSettings s,
            Kind k,
            String file,
            Broadcast<byte[]> key,
            Instant importedAt,
            LocalDate date,
            Map<String, Long> figures,
            List<QualityCheck> checks) {
        Dataset<String> text = spark.read().textFile(file);
        // one file, read in order: the index is the line's place in it (line 1 is the header)
        JavaRDD<Tuple2<String, Long>> lines =
                text.javaRDD().zipWithIndex().rdd().toJavaRDD();
        List<Tuple2<String, Long>> first = lines.filter(t -> t._2() == 0L).collect();
        ConsentRows.Header header;
        try {
            header = ConsentRows.header(first.isEmpty() ? null : first.get(0)._1(), k.required, k.optional);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(k.setting + " " + file + ": " + e.getMessage(), e);
        }
        long read = lines.filter(t -> t._2() > 0L && !t._1().isBlank()).count();
        JavaRDD<Row> parsed = lines.filter(t -> t._2() > 0L && !t._1().isBlank())
                .mapPartitions((FlatMapFunction<Iterator<Tuple2<String, Long>>, Row>) it -> {
                    CitizenPseudonymiser p = new CitizenPseudonymiser(key.value());
                    List<Row> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Tuple2<String, Long> t = it.next();
                        out.add(row(k.parse(header, t._2() + 1, t._1(), p)));
                    }
                    return out.iterator();
                });
        String staging = s.catalogName() + ".activation." + k.prefix + "_staging_"
                + date.toString().replace('-', '_');
        spark.sql("DROP TABLE IF EXISTS " + staging + " PURGE");
        try {
            spark.createDataFrame(parsed, k.parsed())
                    .withColumn("imported_at", functions.lit(importedAt))
                    .withColumn("import_file", functions.lit(file))
                    .writeTo(staging)
                    .using("iceberg")
                    .createOrReplace();
            merge(spark, s, k, staging, file, read, date, figures, checks);
        } finally {
            spark.sql("DROP TABLE IF EXISTS " + staging + " PURGE");
        }
    }

    private static void merge(
            SparkSession spark,
            BatchSettings s,
            Kind k,
            String staging,
            String file,
            long read,
            LocalDate date,
            Map<String, Long> figures,
            List<QualityCheck> checks) {
        String target = BatchTables.name(s, k.table);
        String rejections = BatchTables.name(s, REJECTIONS);
        String key = String.join(", ", k.key);
        String columns = String.join(", ", k.schema.fieldNames());
        // the valid lines, the latest line of the file winning for one key; the earlier ones are rejected
        String ranked = "(SELECT *, max(line_number) OVER (PARTITION BY " + key + ") AS kept_line FROM " + staging
                + " WHERE rejection_reason IS NULL)";
        String valid = "SELECT " + columns + " FROM " + ranked + " WHERE line_number = kept_line";
        String rejected =
                "SELECT import_file, line_number, rejection_reason AS reason, rejection_detail AS detail, imported_at"
                        + " FROM " + staging + " WHERE rejection_reason IS NOT NULL"
                        + " UNION ALL SELECT import_file, line_number, '" + ConsentRows.DUPLICATE_KEY + "' AS reason,"
                        + " concat('superseded by line ', kept_line, ' of the same file (same key: " + key
                        + ")') AS detail, imported_at"
                        + " FROM " + ranked + " WHERE line_number <> kept_line";

        long imported =
                spark.sql("SELECT count(*) FROM (" + valid + ")").first().getLong(0);
        long rejectedRows =
                spark.sql("SELECT count(*) FROM (" + rejected + ")").first().getLong(0);
        long before = spark.table(target).count();
        String on = k.key.stream()
                .map(c -> "t." + c + " = v." + c)
                .reduce((a, b) -> a + " AND " + b)
                .orElseThrow();
        String same = k.values.stream()
                .map(c -> "t." + c + " <=> v." + c)
                .reduce((a, b) -> a + " AND " + b)
                .orElseThrow();
        // a line already imported is left as it is (imported_at and import_file included); a correction updates it
        spark.sql("MERGE INTO " + target + " t USING (" + valid + ") v ON " + on + " WHEN MATCHED AND NOT (" + same
                + ") THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        long after = spark.table(target).count();
        // the rejections of a file are those of its latest import (a line now valid leaves the table)
        spark.sql("MERGE INTO " + rejections + " t USING (" + rejected + ") v"
                + " ON t.import_file = v.import_file AND t.line_number = v.line_number"
                + " WHEN MATCHED AND NOT (t.reason <=> v.reason AND t.detail <=> v.detail) THEN UPDATE SET *"
                + " WHEN NOT MATCHED THEN INSERT *"
                + " WHEN NOT MATCHED BY SOURCE AND t.import_file = " + literal(file) + " THEN DELETE");

        String p = k.prefix;
        figures.put(p + "_rows_read", read);
        figures.put(p + "_rows_imported", imported);
        figures.put(p + "_rows_rejected", rejectedRows);
        figures.put(p + "_rows_new", after - before);
        figures.put(p + "_rows_total", after);
        long duplicates = spark.sql("SELECT count(*) - count(DISTINCT " + key + ") FROM " + target)
                .first()
                .getLong(0);
        String shape =
                "'(?i)(?<![A-Z0-9])[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Z0-9])'";
        long clear = spark.sql("SELECT count(*) FROM " + staging
                        + " WHERE NOT (citizen_key IS NULL OR citizen_key RLIKE '^[0-9a-f]{64}$')" + " OR source RLIKE "
                        + shape + " OR rejection_detail RLIKE " + shape)
                .first()
                .getLong(0);
        checks.add(QualityCheck.hard(
                p + "_rows_accounted_for",
                Math.abs(read - imported - rejectedRows),
                "lines of " + p
                        + ".file read minus lines imported minus lines rejected (should be 0: nothing is dropped)"));
        checks.add(
                QualityCheck.hard(p + "_one_row_per_key", duplicates, "rows of " + k.table + " sharing (" + key + ")"));
        checks.add(
                QualityCheck.hard(
                        p + "_no_clear_fiscal_code",
                        clear,
                        "imported or rejected lines with something other than a citizen key, or a fiscal-code shape, in a stored column"));
        String time = k == Kind.CONSENT_EXPORT ? "consent_at" : "since";
        long future = spark.sql("SELECT count(*) FROM (" + valid + ") WHERE " + time + " >= "
                        + RawEvents.timestamp(RawEvents.endOf(date)))
                .first()
                .getLong(0);
        checks.add(QualityCheck.soft(p + "_in_the_future", future, time + " after the end of the run date (Rome)"));
    }

    private static Row row(ConsentRows.Result r) {
        if (r instanceof ConsentRows.Consent c) {
            return RowFactory.create(
                    c.citizenKey(), c.channel(), c.granted(), c.consentAt(), c.source(), c.line(), null, null);
        }
        if (r instanceof ConsentRows.Suppression x) {
            return RowFactory.create(
                    x.citizenKey(), x.reason(), x.since(), x.until(), x.source(), x.line(), null, null);
        }
        ConsentRows.Rejection j = (ConsentRows.Rejection) r;
        return RowFactory.create(null, null, null, null, null, j.line(), j.reason(), j.detail());
    }

    /** A Spark SQL string literal. */
    static String literal(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
