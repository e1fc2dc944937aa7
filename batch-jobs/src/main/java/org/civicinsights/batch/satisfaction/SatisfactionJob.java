package org.civicinsights.batch.satisfaction;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.batch.contacts.ContactWindow;
import org.civicinsights.common.event.EventType;

/**
 * Citizen satisfaction per ISO week from the {@code feedback_given} events: mart.satisfaction_week
 * (CSAT, NPS and response rate per week x channel x service x municipio, every combination rolled
 * up) and mart.feedback_themes (the themes of the comments per week x service x channel, rolled
 * up, from the lexicon of {@link FeedbackThemes}).
 *
 * <p>A run for D replaces, in one commit per table, the ISO week (Monday to Sunday, Rome dates)
 * containing D, as of the end of D: a partial week until its Sunday. Nothing after the end of D
 * (event time) is read, so rerunning D gives the same rows given the same raw events. A feedback
 * that arrives after its week's Sunday was run is counted when a day of that week is run again.
 */
public final class SatisfactionJob implements BatchJob {
    public static final String SATISFACTION_WEEK = "mart.satisfaction_week";
    public static final String FEEDBACK_THEMES = "mart.feedback_themes";

    /** mart.satisfaction_week, column for column. */
    static final StructType WEEK = new StructType()
            .add("week_start", DataTypes.DateType)
            .add("week_end", DataTypes.DateType)
            .add("as_of_date", DataTypes.DateType)
            .add("channel", DataTypes.StringType)
            .add("service_code", DataTypes.StringType)
            .add("municipio", DataTypes.IntegerType)
            .add("responses", DataTypes.LongType)
            .add("csat_responses", DataTypes.LongType)
            .add("csat_avg", DataTypes.DoubleType)
            .add("csat_satisfied", DataTypes.LongType)
            .add("csat_satisfied_pct", DataTypes.DoubleType)
            .add("nps_responses", DataTypes.LongType)
            .add("promoters", DataTypes.LongType)
            .add("passives", DataTypes.LongType)
            .add("detractors", DataTypes.LongType)
            .add("nps", DataTypes.DoubleType)
            .add("surveyed_interactions", DataTypes.LongType)
            .add("response_rate_pct", DataTypes.DoubleType)
            .add("csat_low_sample", DataTypes.BooleanType)
            .add("nps_low_sample", DataTypes.BooleanType);

    /** mart.feedback_themes, column for column. */
    static final StructType THEMES = new StructType()
            .add("week_start", DataTypes.DateType)
            .add("week_end", DataTypes.DateType)
            .add("as_of_date", DataTypes.DateType)
            .add("service_code", DataTypes.StringType)
            .add("channel", DataTypes.StringType)
            .add("theme", DataTypes.StringType)
            .add("texts", DataTypes.LongType)
            .add("mentions", DataTypes.LongType)
            .add("positive_mentions", DataTypes.LongType)
            .add("negative_mentions", DataTypes.LongType)
            .add("detractor_mentions", DataTypes.LongType)
            .add("avg_csat", DataTypes.DoubleType);

    /** One theme mentioned by one comment. */
    static final StructType MENTION = new StructType()
            .add("event_id", DataTypes.StringType)
            .add("channel", DataTypes.StringType)
            .add("service_code", DataTypes.StringType)
            .add("theme", DataTypes.StringType)
            .add("tone", DataTypes.StringType)
            .add("csat", DataTypes.IntegerType)
            .add("detractor", DataTypes.BooleanType);

    static final String FEEDBACK = EventType.FEEDBACK_GIVEN.wireName();

    /**
     * SQL condition on raw.interactions: the interactions a satisfaction survey can follow (the
     * denominator of the response rate): contacts that were answered (not abandoned in the
     * queue), online procedures completed, cases resolved.
     */
    static final String SURVEYED = "((event_type IN ("
            + Arrays.stream(EventType.values())
                    .filter(t -> t.family() == EventType.Family.CONTACT)
                    .map(t -> "'" + t.wireName() + "'")
                    .collect(Collectors.joining(", "))
            + ") AND coalesce(outcome, '') <> '" + ContactWindow.ABANDONED + "') OR event_type IN ('"
            + EventType.ONLINE_SERVICE_COMPLETED.wireName() + "', '" + EventType.CASE_RESOLVED.wireName() + "'))";

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "satisfaction",
                JobKind.DAILY,
                List.of(),
                List.of(
                        TableSpec.of(SatisfactionJob.SATISFACTION_WEEK, SatisfactionJob.WEEK, "(week_start)"),
                        TableSpec.of(SatisfactionJob.FEEDBACK_THEMES, SatisfactionJob.THEMES, "(week_start)")),
                "mart.satisfaction_week, mart.feedback_themes: CSAT, NPS, response rate per ISO week, channel, service"
                        + " and municipio; Italian feedback themes");
    }

    public static LocalDate weekStart(LocalDate date) {
        return date.with(DayOfWeek.MONDAY);
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        LocalDate week = weekStart(date);
        String suffix = date.toString().replace('-', '_');
        String raw = "satisfaction_raw_" + suffix;
        String cells = "satisfaction_cells_" + suffix;
        String mentions = "satisfaction_mentions_" + suffix;
        String weekTable = BatchTables.name(s, SATISFACTION_WEEK);
        String themesTable = BatchTables.name(s, FEEDBACK_THEMES);
        Dataset<Row> events = spark.sql(RawEvents.distinctEvents(
                        s,
                        "event_id, event_type, channel, service_code, municipio, outcome, csat, nps, feedback_text",
                        "event_time >= " + RawEvents.timestamp(RawEvents.startOf(week)) + " AND event_time < "
                                + RawEvents.timestamp(RawEvents.endOf(date)) + " AND (event_type = '" + FEEDBACK
                                + "' OR " + SURVEYED + ")"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            events.createOrReplaceTempView(raw);
            spark.sql(cellsSql(raw)).createOrReplaceTempView(cells);
            List<Row> weekRows = weekRows(spark.sql(weekCountsSql(cells)).collectAsList(), week, date);
            BatchTables.overwrite(spark.createDataFrame(weekRows, WEEK), weekTable, inWeek(week));

            FeedbackThemes lexicon = FeedbackThemes.bundled();
            spark.sql("SELECT event_id, channel, service_code, csat, detractor, feedback_text FROM " + cells
                            + " WHERE is_feedback")
                    .flatMap((FlatMapFunction<Row, Row>) r -> mentions(lexicon, r), Encoders.row(MENTION))
                    .createOrReplaceTempView(mentions);
            List<Row> themeRows = themeRows(
                    spark.sql(themeCountsSql(mentions)).collectAsList(),
                    spark.sql(textCountsSql(mentions)).collectAsList(),
                    week,
                    date);
            BatchTables.overwrite(spark.createDataFrame(themeRows, THEMES), themesTable, inWeek(week));

            return new JobResult(figures(weekRows, themeRows), checks(spark, raw, weekTable, themesTable, week));
        } finally {
            spark.catalog().dropTempView(raw);
            spark.catalog().dropTempView(cells);
            spark.catalog().dropTempView(mentions);
            events.unpersist();
        }
    }

    static Column inWeek(LocalDate week) {
        return functions.col("week_start").equalTo(functions.lit(week));
    }

    /**
     * One row per event read, in its cell: unknown dimensions become 'unknown' (0 for municipio)
     * so that null means "all" in the rolled-up rows. Out-of-range answers (the contract rejects
     * them) count as not given; a detractor answered NPS 0-6 or CSAT 1-2.
     */
    static String cellsSql(String raw) {
        return "SELECT *, coalesce(nps <= 6, false) OR coalesce(csat <= 2, false) AS detractor FROM ("
                + "SELECT event_id, coalesce(channel, 'unknown') AS channel, coalesce(service_code, 'unknown') AS service_code,"
                + " coalesce(municipio, 0) AS municipio, event_type = '" + FEEDBACK + "' AS is_feedback,"
                + " CASE WHEN event_type = '" + FEEDBACK + "' AND csat BETWEEN 1 AND 5 THEN csat END AS csat,"
                + " CASE WHEN event_type = '" + FEEDBACK + "' AND nps BETWEEN 0 AND 10 THEN nps END AS nps,"
                + " CASE WHEN event_type = '" + FEEDBACK + "' THEN feedback_text END AS feedback_text FROM " + raw
                + ")";
    }

    /** The additive counts of every cell of the week, every combination of the three dimensions rolled up. */
    static String weekCountsSql(String cells) {
        return "SELECT channel, service_code, municipio, count_if(is_feedback) AS responses, count(csat) AS csat_responses,"
                + " coalesce(sum(csat), 0) AS csat_sum, count_if(csat >= 4) AS csat_satisfied, count(nps) AS nps_responses,"
                + " count_if(nps >= 9) AS promoters, count_if(nps BETWEEN 7 AND 8) AS passives, count_if(nps <= 6) AS detractors,"
                + " count_if(NOT is_feedback) AS surveyed FROM " + cells
                + " GROUP BY CUBE(channel, service_code, municipio)";
    }

    /** The rows of mart.satisfaction_week from the counts (columns of {@link #weekCountsSql}). */
    static List<Row> weekRows(List<Row> counts, LocalDate week, LocalDate asOf) {
        List<Row> out = new ArrayList<>(counts.size());
        for (Row c : counts) {
            long responses = c.getLong(3);
            long csatN = c.getLong(4);
            long satisfied = c.getLong(6);
            long npsN = c.getLong(7);
            long promoters = c.getLong(8);
            long detractors = c.getLong(10);
            long surveyed = c.getLong(11);
            out.add(RowFactory.create(
                    week,
                    week.plusDays(6),
                    asOf,
                    c.get(0),
                    c.get(1),
                    c.get(2),
                    responses,
                    csatN,
                    SatisfactionScores.average(c.getLong(5), csatN),
                    satisfied,
                    SatisfactionScores.pct(satisfied, csatN),
                    npsN,
                    promoters,
                    c.getLong(9),
                    detractors,
                    SatisfactionScores.nps(promoters, detractors, npsN),
                    surveyed,
                    SatisfactionScores.pct(responses, surveyed),
                    SatisfactionScores.lowSample(csatN),
                    SatisfactionScores.lowSample(npsN)));
        }
        return out;
    }

    /** The themes of one feedback's comment (none without a comment). */
    static Iterator<Row> mentions(FeedbackThemes lexicon, Row r) {
        List<Row> out = new ArrayList<>();
        for (FeedbackThemes.Mention m : lexicon.match(r.getAs("feedback_text"))) {
            out.add(RowFactory.create(
                    r.getAs("event_id"),
                    r.getAs("channel"),
                    r.getAs("service_code"),
                    m.theme(),
                    m.tone().name().toLowerCase(Locale.ROOT),
                    r.getAs("csat"),
                    r.getAs("detractor")));
        }
        return out.iterator();
    }

    static String themeCountsSql(String mentions) {
        return "SELECT service_code, channel, theme, count(*) AS mentions, count_if(tone = 'positive') AS positive_mentions,"
                + " count_if(tone = 'negative') AS negative_mentions, count_if(detractor) AS detractor_mentions,"
                + " count(csat) AS csat_n, coalesce(sum(csat), 0) AS csat_sum FROM " + mentions
                + " GROUP BY theme, CUBE(service_code, channel)";
    }

    /** The comments per cell (each comment has at least one mention, 'altro' when no theme matched). */
    static String textCountsSql(String mentions) {
        return "SELECT service_code, channel, count(DISTINCT event_id) AS texts FROM " + mentions
                + " GROUP BY CUBE(service_code, channel)";
    }

    static List<Row> themeRows(List<Row> counts, List<Row> texts, LocalDate week, LocalDate asOf) {
        Map<List<Object>, Long> textsByCell = new HashMap<>();
        for (Row t : texts) {
            textsByCell.put(Arrays.asList(t.get(0), t.get(1)), t.getLong(2));
        }
        List<Row> out = new ArrayList<>(counts.size());
        for (Row c : counts) {
            out.add(RowFactory.create(
                    week,
                    week.plusDays(6),
                    asOf,
                    c.get(0),
                    c.get(1),
                    c.getString(2),
                    textsByCell.get(Arrays.asList(c.get(0), c.get(1))),
                    c.getLong(3),
                    c.getLong(4),
                    c.getLong(5),
                    c.getLong(6),
                    SatisfactionScores.average(c.getLong(8), c.getLong(7))));
        }
        return out;
    }

    /** Figures of the week's all-channels, all-services, all-municipi row; averages x100, rounded. */
    static Map<String, Long> figures(List<Row> weekRows, List<Row> themeRows) {
        Row all = weekRows.stream()
                .filter(r -> r.isNullAt(3) && r.isNullAt(4) && r.isNullAt(5))
                .findFirst()
                .orElse(null);
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("responses", all == null ? 0L : all.getLong(6));
        f.put("csat_responses", all == null ? 0L : all.getLong(7));
        f.put("nps_responses", all == null ? 0L : all.getLong(11));
        f.put("surveyed_interactions", all == null ? 0L : all.getLong(16));
        // a score over no answers is left out rather than written as 0
        if (all != null && !all.isNullAt(8)) {
            f.put("csat_avg_x100", Math.round(all.getDouble(8) * 100));
        }
        if (all != null && !all.isNullAt(15)) {
            f.put("nps_x100", Math.round(all.getDouble(15) * 100));
        }
        long texts = 0;
        long other = 0;
        for (Row t : themeRows) {
            if (t.isNullAt(3) && t.isNullAt(4)) {
                texts = t.getLong(6);
                other += t.getString(5).equals(FeedbackThemes.OTHER) ? t.getLong(7) : 0;
            }
        }
        f.put("texts", texts);
        f.put("texts_without_theme", other);
        f.put("satisfaction_rows", (long) weekRows.size());
        f.put("feedback_theme_rows", (long) themeRows.size());
        return f;
    }

    /** HARD: the written rows are a consistent cube. SOFT: feedback the contract should have kept out. */
    static List<QualityCheck> checks(
            SparkSession spark, String raw, String weekTable, String themesTable, LocalDate week) {
        List<CubeCheck.Cell> weekCells = new ArrayList<>();
        for (Row r : spark.table(weekTable)
                .where(inWeek(week))
                .select(
                        "channel",
                        "service_code",
                        "municipio",
                        "responses",
                        "csat_responses",
                        "csat_satisfied",
                        "nps_responses",
                        "promoters",
                        "passives",
                        "detractors",
                        "surveyed_interactions")
                .collectAsList()) {
            long[] m = new long[8];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.getLong(3 + i);
            }
            weekCells.add(new CubeCheck.Cell(List.of(), Arrays.asList(r.get(0), r.get(1), r.get(2)), m));
        }
        List<CubeCheck.Cell> themeCells = new ArrayList<>();
        for (Row r : spark.table(themesTable)
                .where(inWeek(week))
                .select(
                        "theme",
                        "service_code",
                        "channel",
                        "mentions",
                        "positive_mentions",
                        "negative_mentions",
                        "detractor_mentions")
                .collectAsList()) {
            themeCells.add(new CubeCheck.Cell(List.of(r.getString(0)), Arrays.asList(r.get(1), r.get(2)), new long[] {
                r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)
            }));
        }
        Row source = spark.sql(
                        "SELECT count_if(service_code IS NULL), count_if(csat IS NOT NULL AND csat NOT BETWEEN 1 AND 5),"
                                + " count_if(nps IS NOT NULL AND nps NOT BETWEEN 0 AND 10) FROM " + raw
                                + " WHERE event_type = '" + FEEDBACK + "'")
                .first();
        return List.of(
                QualityCheck.hard(
                        "satisfaction_one_row_per_cell",
                        CubeCheck.duplicates(weekCells),
                        "satisfaction_week rows of the week sharing channel, service and municipio with another row"),
                QualityCheck.hard(
                        "satisfaction_rollup_matches_cells",
                        CubeCheck.rollupMismatches(weekCells),
                        "satisfaction_week rolled-up rows (or missing ones) whose counts differ from the sum of the week's leaf rows"),
                QualityCheck.hard(
                        "themes_one_row_per_cell",
                        CubeCheck.duplicates(themeCells),
                        "feedback_themes rows of the week sharing theme, service and channel with another row"),
                QualityCheck.hard(
                        "themes_rollup_matches_cells",
                        CubeCheck.rollupMismatches(themeCells),
                        "feedback_themes rolled-up rows (or missing ones) whose mentions differ from the sum of the week's leaf rows"),
                QualityCheck.soft(
                        "feedback_without_service",
                        source.getLong(0),
                        "feedback of the week without service_code (counted under service 'unknown')"),
                QualityCheck.soft(
                        "csat_out_of_range",
                        source.getLong(1),
                        "feedback with csat outside 1-5 (counted as not answered)"),
                QualityCheck.soft(
                        "nps_out_of_range",
                        source.getLong(2),
                        "feedback with nps outside 0-10 (counted as not answered)"));
    }
}
