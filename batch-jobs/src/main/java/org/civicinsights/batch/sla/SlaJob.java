package org.civicinsights.batch.sla;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
import org.civicinsights.batch.TableSpec;
import org.civicinsights.batch.cases.CaseRecord;
import org.civicinsights.batch.cases.CaseRows;
import org.civicinsights.common.calendar.BusinessCalendar;
import org.civicinsights.common.calendar.DeadlineKind;
import scala.reflect.ClassTag$;

/**
 * mart.case_sla (every case's service level as of the run date) and mart.sla_period (per day,
 * ISO week and month containing the date x service x municipio x channel, with every combination
 * of those three rolled up, so medians are exact at any level). Reads core.cases and ref.services.
 */
public final class SlaJob implements BatchJob {
    static final String SLA_PERIOD_COLUMNS = "grain string, period_start date, period_end date, as_of_date date,"
            + " service_code string, municipio int, channel string, opened bigint, concluded bigint,"
            + " concluded_with_deadline bigint, concluded_on_time bigint, compliance_pct double,"
            + " median_resolution_working_days double, p90_resolution_working_days double, backlog bigint,"
            + " backlog_overdue bigint, backlog_at_risk bigint, aging_0_7 bigint, aging_8_30 bigint, aging_31_90 bigint,"
            + " aging_over_90 bigint, reopened bigint, reopen_rate_pct double";

    private static final String SLA_PERIOD_TABLE = BatchTables.SLA_PERIOD;
    static final StructType CASE_SLA = new StructType()
            .add("case_id", DataTypes.StringType)
            .add("as_of_date", DataTypes.DateType)
            .add("service_code", DataTypes.StringType)
            .add("municipio", DataTypes.IntegerType)
            .add("origin_channel", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("sla_status", DataTypes.StringType)
            .add("deadline_days", DataTypes.IntegerType)
            .add("deadline_kind", DataTypes.StringType)
            .add("opened_date", DataTypes.DateType)
            .add("due_date", DataTypes.DateType)
            .add("concluded_date", DataTypes.DateType)
            .add("resolution_working_days", DataTypes.IntegerType)
            .add("resolution_calendar_days", DataTypes.IntegerType)
            .add("suspended_calendar_days", DataTypes.IntegerType)
            .add("age_days", DataTypes.IntegerType)
            .add("remaining_days", DataTypes.IntegerType)
            .add("reopen_count", DataTypes.IntegerType);

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "sla",
                JobKind.DAILY,
                List.of("cases"),
                List.of(
                        TableSpec.of(BatchTables.CASE_SLA, CASE_SLA, null),
                        TableSpec.ofDdl(BatchTables.SLA_PERIOD, SLA_PERIOD_COLUMNS, "(grain, period_start)")),
                "mart.case_sla, mart.sla_period: deadlines, compliance, resolution, backlog");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        Map<String, ServiceDeadline> deadlines = deadlines(spark, s);
        Broadcast<Map<String, ServiceDeadline>> services =
                spark.sparkContext().broadcast(deadlines, ClassTag$.MODULE$.apply(Map.class));
        BusinessCalendar calendar = BusinessCalendar.rome();
        Dataset<Row> caseSla = spark.table(BatchTables.name(s, BatchTables.CASES))
                .mapPartitions(
                        (MapPartitionsFunction<Row, Row>) rows -> evaluate(rows, services.value(), date, calendar),
                        Encoders.row(CASE_SLA));
        BatchTables.overwrite(caseSla, BatchTables.name(s, BatchTables.CASE_SLA), functions.lit(true));

        String view = "case_sla_" + date.toString().replace('-', '_');
        spark.table(BatchTables.name(s, BatchTables.CASE_SLA)).createOrReplaceTempView(view);
        Dataset<Row> periods = spark.sql(periodsSql(view, date));
        Column replaced = functions.lit(false);
        for (Period p : periods(date)) {
            replaced = replaced.or(functions
                    .col("grain")
                    .equalTo(p.grain())
                    .and(functions.col("period_start").equalTo(functions.lit(p.start()))));
        }
        BatchTables.overwrite(periods, BatchTables.name(s, BatchTables.SLA_PERIOD), replaced);

        Map<String, Long> figures = new LinkedHashMap<>();
        Dataset<Row> sla = spark.table(BatchTables.name(s, BatchTables.CASE_SLA));
        figures.put("cases_evaluated", sla.count());
        for (Row r : sla.groupBy("sla_status").count().orderBy("sla_status").collectAsList()) {
            figures.put("sla_" + r.getString(0), r.getLong(1));
        }
        figures.put(
                "sla_period_rows",
                spark.table(BatchTables.name(s, BatchTables.SLA_PERIOD))
                        .where(replaced)
                        .count());
        List<QualityCheck> checks = checks(spark, s, view, date);
        spark.catalog().dropTempView(view);
        return new JobResult(figures, checks);
    }

    static List<QualityCheck> checks(SparkSession spark, BatchSettings s, String view, LocalDate date) {
        Row counts = spark.sql("SELECT"
                        + " count_if(resolution_working_days < 0 OR resolution_calendar_days < 0 OR age_days < 0 OR suspended_calendar_days < 0),"
                        + " count_if(sla_status = 'no_deadline'),"
                        + " count_if(concluded_date BETWEEN DATE '" + date.withDayOfMonth(1) + "' AND DATE '" + date
                        + "'),"
                        + " count_if(concluded_date IS NULL)"
                        + " FROM " + view)
                .first();
        Row month = spark.sql("SELECT coalesce(sum(concluded), 0), coalesce(sum(backlog), 0) FROM "
                        + BatchTables.name(s, SLA_PERIOD_TABLE)
                        + " WHERE grain = 'month' AND period_start = DATE '" + date.withDayOfMonth(1) + "'"
                        + " AND service_code IS NULL AND municipio IS NULL AND channel IS NULL")
                .first();
        long rollupGap =
                Math.abs(month.getLong(0) - counts.getLong(2)) + Math.abs(month.getLong(1) - counts.getLong(3));
        return List.of(
                QualityCheck.hard(
                        "negative_durations",
                        counts.getLong(0),
                        "cases with a negative resolution time, age or suspension (a calendar or fold error)"),
                QualityCheck.hard(
                        "period_rollup_matches_cases",
                        rollupGap,
                        "the month's all-dimensions row differs from the per-case counts (concluded + backlog)"),
                QualityCheck.soft(
                        "cases_without_deadline",
                        counts.getLong(1),
                        "cases whose service code is unknown to ref.services or has no deadline: no SLA status"));
    }

    static Iterator<Row> evaluate(
            Iterator<Row> rows, Map<String, ServiceDeadline> services, LocalDate asOf, BusinessCalendar calendar) {
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            CaseRecord c = CaseRows.fromRow(rows.next());
            ServiceDeadline d = c.serviceCode() == null ? null : services.get(c.serviceCode());
            Optional<SlaResult> r = CaseSla.evaluate(c, d, asOf, calendar);
            if (r.isEmpty()) {
                continue;
            }
            SlaResult x = r.get();
            // the case as it was on asOf: a conclusion after that date is not known yet
            String status = x.concluded()
                    ? c.status()
                    : "suspended".equals(c.status()) && c.concludedAt() == null ? "suspended" : "open";
            out.add(RowFactory.create(
                    c.caseId(),
                    asOf,
                    c.serviceCode(),
                    c.municipio(),
                    c.originChannel(),
                    status,
                    x.slaStatus(),
                    d == null ? null : d.deadlineDays(),
                    d == null ? null : d.kind().name().toLowerCase(Locale.ROOT),
                    x.openedDate(),
                    x.dueDate(),
                    x.concludedDate(),
                    x.resolutionWorkingDays(),
                    x.resolutionCalendarDays(),
                    x.suspendedCalendarDays(),
                    x.ageDays(),
                    x.remainingDays(),
                    c.reopenCount()));
        }
        return out.iterator();
    }

    static Map<String, ServiceDeadline> deadlines(SparkSession spark, BatchSettings s) {
        Map<String, ServiceDeadline> m = new HashMap<>();
        for (Row r : spark.table(s.catalogName() + ".ref.services")
                .select("service_code", "deadline_days", "deadline_kind")
                .collectAsList()) {
            if (r.isNullAt(1) || r.isNullAt(2)) {
                continue;
            }
            DeadlineKind kind = DeadlineKind.valueOf(r.getString(2).trim().toUpperCase(Locale.ROOT));
            m.put(r.getString(0), new ServiceDeadline(r.getString(0), r.getInt(1), kind));
        }
        return m;
    }

    /** A reporting period containing the run date: the day, its ISO week (Monday first) and its month. */
    public record Period(String grain, LocalDate start, LocalDate end) {}

    public static List<Period> periods(LocalDate d) {
        LocalDate monday = d.with(DayOfWeek.MONDAY);
        return List.of(
                new Period("day", d, d),
                new Period("week", monday, monday.plusDays(6)),
                new Period("month", d.withDayOfMonth(1), d.withDayOfMonth(d.lengthOfMonth())));
    }

    /**
     * The period aggregates as of the run date. Dimensions: unknown values become 'unknown' (0 for
     * municipio) so that null means "all" in the rolled-up rows (GROUP BY CUBE).
     */
    static String periodsSql(String view, LocalDate asOf) {
        StringBuilder union = new StringBuilder();
        for (Period p : periods(asOf)) {
            if (union.length() > 0) {
                union.append(" UNION ALL ");
            }
            union.append("SELECT '")
                    .append(p.grain())
                    .append("' AS grain, DATE '")
                    .append(p.start())
                    .append("' AS period_start, DATE '")
                    .append(p.end())
                    .append("' AS period_end, * FROM c");
        }
        return "WITH c AS (SELECT coalesce(service_code, 'unknown') AS service_code, coalesce(municipio, 0) AS municipio,"
                + " coalesce(origin_channel, 'unknown') AS channel, sla_status, opened_date, concluded_date, age_days,"
                + " resolution_working_days, reopen_count FROM " + view + "),"
                + " p AS (" + union + ")"
                + " SELECT grain, period_start, period_end, DATE '" + asOf
                + "' AS as_of_date, service_code, municipio, channel,"
                + " count_if(opened_date BETWEEN period_start AND period_end) AS opened,"
                + " count_if(concluded_date BETWEEN period_start AND period_end) AS concluded,"
                + " count_if(concluded_date BETWEEN period_start AND period_end AND sla_status IN ('on_time', 'breached')) AS concluded_with_deadline,"
                + " count_if(concluded_date BETWEEN period_start AND period_end AND sla_status = 'on_time') AS concluded_on_time,"
                + " 100.0 * count_if(concluded_date BETWEEN period_start AND period_end AND sla_status = 'on_time')"
                + "   / nullif(count_if(concluded_date BETWEEN period_start AND period_end AND sla_status IN ('on_time', 'breached')), 0) AS compliance_pct,"
                + " percentile(CASE WHEN concluded_date BETWEEN period_start AND period_end THEN resolution_working_days END, 0.5) AS median_resolution_working_days,"
                + " percentile(CASE WHEN concluded_date BETWEEN period_start AND period_end THEN resolution_working_days END, 0.9) AS p90_resolution_working_days,"
                + " count_if(concluded_date IS NULL) AS backlog,"
                + " count_if(concluded_date IS NULL AND sla_status = 'open_overdue') AS backlog_overdue,"
                + " count_if(concluded_date IS NULL AND sla_status = 'at_risk') AS backlog_at_risk,"
                + " count_if(concluded_date IS NULL AND age_days <= 7) AS aging_0_7,"
                + " count_if(concluded_date IS NULL AND age_days BETWEEN 8 AND 30) AS aging_8_30,"
                + " count_if(concluded_date IS NULL AND age_days BETWEEN 31 AND 90) AS aging_31_90,"
                + " count_if(concluded_date IS NULL AND age_days > 90) AS aging_over_90,"
                + " count_if(concluded_date BETWEEN period_start AND period_end AND reopen_count > 0) AS reopened,"
                + " 100.0 * count_if(concluded_date BETWEEN period_start AND period_end AND reopen_count > 0)"
                + "   / nullif(count_if(concluded_date BETWEEN period_start AND period_end), 0) AS reopen_rate_pct"
                + " FROM p GROUP BY grain, period_start, period_end, CUBE(service_code, municipio, channel)";
    }
}
