package org.civicinsights.batch.segments;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchMain;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.batch.profile.ProfileJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates every segment definition for a date into activation.segment_membership, a history of
 * membership intervals [valid_from, valid_to) per segment and person key, and records each
 * segment's run in activation.segment_runs.
 *
 * <p>A run for D makes D the latest evaluation of each segment: intervals that began on or after D
 * are dropped and intervals that ended after D are reopened, then D's members extend or open an
 * interval and the others' open intervals end at D. So a rerun of D gives the same table, and a
 * backfill runs in date order; rerunning an old date alone discards the later history until the
 * later dates are run again (a range D..today rebuilds it).
 *
 * <p>A definition that cannot be read or evaluated fails only its own segment: the others are
 * written, and the run then fails naming the segment and its error. A segment whose file was
 * removed from the place it was last defined in (the jar's defaults or a segments.dir) is retired.
 */
public final class SegmentsJob implements BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentsJob.class);
    public static final String MEMBERSHIP = BatchTables.SEGMENT_MEMBERSHIP;
    public static final String RUNS = BatchTables.SEGMENT_RUNS;
    static final String OK = "ok";
    static final String FAILED = "failed";
    static final String RETIRED = "retired";
    /** The views a predicate may use besides the profile {@code p}. */
    public static final List<String> VIEWS = List.of("profile", "interactions", "cases", "case_sla", "services");

    static final StructType MEMBERSHIP_SCHEMA = new StructType()
            .add("segment", DataTypes.StringType)
            .add("citizen_key", DataTypes.StringType)
            .add("key_kind", DataTypes.StringType)
            .add("valid_from", DataTypes.DateType)
            .add("valid_to", DataTypes.DateType);

    static final StructType RUNS_SCHEMA = new StructType()
            .add("run_date", DataTypes.DateType)
            .add("segment", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("error", DataTypes.StringType)
            .add("members", DataTypes.LongType)
            .add("entered", DataTypes.LongType)
            .add("exited", DataTypes.LongType)
            .add("description", DataTypes.StringType)
            .add("owner", DataTypes.StringType)
            .add("predicate", DataTypes.StringType)
            .add("source", DataTypes.StringType);

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "segments",
                JobKind.DAILY,
                List.of("profile"),
                List.of(
                        TableSpec.of(BatchTables.SEGMENT_MEMBERSHIP, SegmentsJob.MEMBERSHIP_SCHEMA, "(segment)"),
                        TableSpec.of(BatchTables.SEGMENT_RUNS, SegmentsJob.RUNS_SCHEMA, "(run_date)")),
                "activation.segment_membership, segment_runs: the YAML segment definitions evaluated, entries and exits"
                        + " kept (segments.dir for your own definitions)");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        String membership = BatchTables.name(s, MEMBERSHIP);
        String dir = s.config().get("segments.dir", null);
        List<SegmentDefinitions.Loaded> definitions = SegmentDefinitions.load(dir);
        try {
            views(spark, s, date);
            List<Row> runs = new ArrayList<>();
            Map<String, String> failures = new LinkedHashMap<>();
            long[] totals = new long[3];
            for (SegmentDefinitions.Loaded l : definitions) {
                SegmentDefinition d = l.definition();
                if (!l.ok()) {
                    failures.put(l.name(), l.error());
                    runs.add(RowFactory.create(
                            date, l.name(), FAILED, l.error(), null, null, null, null, null, null, null));
                    continue;
                }
                try {
                    long[] counts = evaluate(
                            spark,
                            membership,
                            d.name(),
                            "SELECT DISTINCT p.citizen_key, p.key_kind FROM profile p WHERE (" + d.predicateFor(date)
                                    + ")",
                            date);
                    for (int i = 0; i < 3; i++) {
                        totals[i] += counts[i];
                    }
                    runs.add(RowFactory.create(
                            date,
                            d.name(),
                            OK,
                            null,
                            counts[0],
                            counts[1],
                            counts[2],
                            d.description(),
                            d.owner(),
                            d.predicate(),
                            d.source()));
                    System.out.printf(
                            "      segment %s: %,d members (+%,d, -%,d)%n", d.name(), counts[0], counts[1], counts[2]);
                } catch (Exception e) { // Spark's AnalysisException is a checked exception thrown from Scala
                    String error = firstLine(e);
                    LOG.warn("segment {} failed for {}: {}", d.name(), date, error);
                    failures.put(d.name(), error);
                    runs.add(RowFactory.create(
                            date,
                            d.name(),
                            FAILED,
                            error,
                            null,
                            null,
                            null,
                            d.description(),
                            d.owner(),
                            d.predicate(),
                            d.source()));
                }
            }
            // segments whose file was removed from the place they were defined in (the jar, or this
            // segments.dir): their open intervals end at D, their history stays. A segment defined
            // elsewhere (another directory, the defaults) is left alone.
            Set<String> defined =
                    definitions.stream().map(SegmentDefinitions.Loaded::name).collect(Collectors.toSet());
            String location = SegmentDefinitions.location(dir);
            Set<String> retired = new TreeSet<>();
            for (Row r : spark.sql("SELECT m.segment, max_by(r.source, r.run_date) FROM (SELECT DISTINCT segment FROM "
                            + membership
                            + " WHERE valid_to IS NULL OR valid_to >= DATE '" + date + "') m LEFT JOIN "
                            + BatchTables.name(s, RUNS)
                            + " r ON r.segment = m.segment AND r.status = '" + OK + "' AND r.run_date <= DATE '" + date
                            + "'"
                            + " GROUP BY m.segment")
                    .collectAsList()) {
                if (!defined.contains(r.getString(0))
                        && location.equals(SegmentDefinitions.locationOf(r.getString(1)))) {
                    retired.add(r.getString(0));
                }
            }
            for (String segment : retired) {
                long[] counts = evaluate(
                        spark, membership, segment, "SELECT citizen_key, key_kind FROM profile WHERE false", date);
                totals[2] += counts[2];
                runs.add(RowFactory.create(date, segment, RETIRED, null, 0L, 0L, counts[2], null, null, null, null));
            }
            // D's rows of the segments not in this run (defined elsewhere) are kept: the day is rewritten
            // whole, in one commit, with them and this run's rows
            Object[] names = runs.stream().map(r -> r.getString(1)).distinct().toArray();
            Dataset<Row> others = spark.table(BatchTables.name(s, RUNS))
                    .where(functions
                            .col("run_date")
                            .equalTo(functions.lit(date))
                            .and(functions.not(functions.col("segment").isin(names))));
            BatchTables.overwrite(
                    spark.createDataFrame(runs, RUNS_SCHEMA)
                            .unionByName(spark.createDataFrame(others.collectAsList(), RUNS_SCHEMA)),
                    BatchTables.name(s, RUNS),
                    functions.col("run_date").equalTo(functions.lit(date)));

            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("segments", (long) definitions.size());
            figures.put("failed_segments", (long) failures.size());
            figures.put("retired_segments", (long) retired.size());
            figures.put("memberships", totals[0]);
            figures.put("entered", totals[1]);
            figures.put("exited", totals[2]);
            return new JobResult(figures, checks(spark, membership, failures));
        } finally {
            VIEWS.forEach(v -> spark.catalog().dropTempView(v));
        }
    }

    /** The views predicates are written against, as of the end of the run date. */
    public static void views(SparkSession spark, BatchSettings s, LocalDate date) {
        spark.table(BatchTables.name(s, BatchTables.CITIZEN_PROFILE))
                .where(functions.col("as_of_date").equalTo(functions.lit(date)))
                .createOrReplaceTempView("profile");
        spark.sql("SELECT *, " + RawEvents.romeDate("event_time") + " AS event_date FROM ("
                        + RawEvents.distinctEvents(
                                s,
                                "event_id, event_type, event_time, channel, service_code, municipio, citizen_key,"
                                        + " anonymous_id, case_id, case_status, outcome, csat, nps, language, ingested_at",
                                "event_time < " + RawEvents.timestamp(RawEvents.endOf(date)))
                        + ")")
                .createOrReplaceTempView("interactions");
        spark.table(BatchTables.name(s, BatchTables.CASES)).createOrReplaceTempView("cases");
        ProfileJob.requireSlaAsOf(spark, s, date);
        spark.table(BatchTables.name(s, BatchTables.CASE_SLA)).createOrReplaceTempView("case_sla");
        spark.table(s.catalogName() + ".ref.services").createOrReplaceTempView("services");
    }

    /**
     * Rewrites one segment's history with {@code membersSql}'s rows as its members on {@code date}
     * (one commit); returns members, entered, exited.
     */
    static long[] evaluate(SparkSession spark, String membership, String segment, String membersSql, LocalDate date) {
        String d = "DATE '" + date + "'";
        String seg = "'" + segment.replace("'", "''") + "'";
        spark.sql(membersSql).createOrReplaceTempView("segment_members");
        try {
            String kept = "SELECT segment, citizen_key, key_kind, valid_from, CASE WHEN valid_to >= " + d
                    + " THEN NULL ELSE valid_to END" + " AS valid_to FROM " + membership + " WHERE segment = " + seg
                    + " AND valid_from < " + d;
            String next = "WITH kept AS (" + kept + "), open AS (SELECT * FROM kept WHERE valid_to IS NULL)"
                    + " SELECT segment, citizen_key, key_kind, valid_from, valid_to FROM kept WHERE valid_to IS NOT NULL"
                    + " UNION ALL SELECT " + seg + " AS segment, coalesce(o.citizen_key, m.citizen_key) AS citizen_key,"
                    + " coalesce(o.key_kind, m.key_kind) AS key_kind, coalesce(o.valid_from, " + d + ") AS valid_from,"
                    + " CASE WHEN m.citizen_key IS NULL THEN " + d + " END AS valid_to"
                    + " FROM open o FULL OUTER JOIN segment_members m ON o.citizen_key = m.citizen_key AND o.key_kind = m.key_kind";
            BatchTables.overwrite(
                    spark.sql(next), membership, functions.col("segment").equalTo(functions.lit(segment)));
            Row r = spark.sql("SELECT count_if(valid_to IS NULL), count_if(valid_from = " + d
                            + "), count_if(valid_to = " + d + ")" + " FROM " + membership + " WHERE segment = " + seg)
                    .first();
            return new long[] {r.getLong(0), r.getLong(1), r.getLong(2)};
        } finally {
            spark.catalog().dropTempView("segment_members");
        }
    }

    static List<QualityCheck> checks(SparkSession spark, String membership, Map<String, String> failures) {
        long overlapping = spark.sql("SELECT count(*) FROM (SELECT segment, citizen_key FROM " + membership
                        + " WHERE valid_to IS NULL GROUP BY segment, citizen_key HAVING count(*) > 1)")
                .first()
                .getLong(0);
        long empty = spark.sql("SELECT count(*) FROM " + membership + " WHERE valid_to <= valid_from")
                .first()
                .getLong(0);
        String failed = failures.isEmpty()
                ? "segment definitions that could not be read or evaluated"
                : "segment definitions that could not be read or evaluated: "
                        + failures.entrySet().stream()
                                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                                .collect(Collectors.joining("; "));
        return List.of(
                QualityCheck.hard("segment_definitions", failures.size(), failed),
                QualityCheck.hard("one_open_interval", overlapping, "segment members with more than one open interval"),
                QualityCheck.hard(
                        "intervals_not_empty", empty, "membership intervals whose valid_to is not after valid_from"));
    }

    public static String firstLine(Throwable e) {
        Throwable t = BatchMain.rootCause(e);
        String m = String.valueOf(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        String first = m.lines().findFirst().orElse(m).strip();
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }
}
