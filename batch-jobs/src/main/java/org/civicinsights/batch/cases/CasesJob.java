package org.civicinsights.batch.cases;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.batch.TableSpec;

/**
 * core.cases: one row per case, its current state folded from every lifecycle event of the case.
 * A run for date D recomputes the cases that had an event on D (Rome time) or received one on D
 * (ingested_at), from all their events (an event stored twice is read once), and MERGEs them in:
 * late and corrected events are folded in their event-time place, and running D again gives the
 * same rows.
 */
public final class CasesJob implements BatchJob {
    @Override
    public JobSpec spec() {
        return new JobSpec(
                "cases",
                JobKind.DAILY,
                List.of(),
                List.of(TableSpec.of(BatchTables.CASES, CaseRows.CASES, null)),
                "core.cases: one row per case, folded from its lifecycle events, MERGEd");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        String raw = RawEvents.table(s);
        String day = "(event_time >= " + RawEvents.timestamp(RawEvents.startOf(date)) + " AND event_time < "
                + RawEvents.timestamp(RawEvents.endOf(date)) + ")";
        String arrived = "(ingested_at >= " + RawEvents.timestamp(RawEvents.startOf(date)) + " AND ingested_at < "
                + RawEvents.timestamp(RawEvents.endOf(date)) + ")";
        // the instants bound the UTC columns directly, so Iceberg prunes partitions and files for event_time
        String touched = "SELECT case_id FROM " + raw + " WHERE case_id IS NOT NULL AND left(event_type, 5) = 'case_'"
                + " AND (" + day + " OR " + arrived + ")";
        Dataset<Row> events = spark.sql(RawEvents.distinctEvents(
                s,
                CaseRows.EVENT_COLUMNS,
                "case_id IS NOT NULL AND left(event_type, 5) = 'case_' AND case_id IN (" + touched + ")"));
        Dataset<Row> cases = events.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups(
                        (FlatMapGroupsFunction<String, Row, Row>) CasesJob::foldGroup, Encoders.row(CaseRows.CASES));
        return merge(spark, s, cases, date, touched);
    }

    static List<QualityCheck> checks(
            SparkSession spark, BatchSettings s, String staging, String target, long recomputed, String touched) {
        long touchedCases = spark.sql("SELECT count(DISTINCT case_id) FROM (" + touched + ")")
                .first()
                .getLong(0);
        Row dup = spark.sql("SELECT count(*) - count(DISTINCT case_id) FROM " + target)
                .first();
        Row a = spark.sql("SELECT count_if(array_contains(anomalies, '" + CaseLifecycle.NO_OPENING + "')),"
                        + " count_if(array_contains(anomalies, '" + CaseLifecycle.CONCLUDED_BEFORE_OPENED + "')),"
                        + " count_if(array_contains(anomalies, '" + CaseLifecycle.OPENED_TWICE + "')),"
                        + " count_if(array_contains(anomalies, '" + CaseLifecycle.RESUMED_WITHOUT_SUSPENSION + "')),"
                        + " count_if(service_code IS NULL OR service_code NOT IN (SELECT service_code FROM "
                        + s.catalogName() + ".ref.services))"
                        + " FROM " + staging)
                .first();
        return List.of(
                QualityCheck.hard(
                        "one_row_per_case", dup.getLong(0), "case ids that appear more than once in core.cases"),
                QualityCheck.hard(
                        "every_touched_case_recomputed",
                        Math.abs(touchedCases - recomputed),
                        "cases with events on the date minus cases recomputed (should be equal)"),
                QualityCheck.soft(
                        "orphan_case_events", a.getLong(0), "cases with lifecycle events but no case_opened event"),
                QualityCheck.soft(
                        "concluded_before_opened", a.getLong(1), "cases resolved or closed before they were opened"),
                QualityCheck.soft(
                        "opened_twice", a.getLong(2), "cases with more than one case_opened event (the first counts)"),
                QualityCheck.soft(
                        "resumed_without_suspension", a.getLong(3), "case_resumed events with no running suspension"),
                QualityCheck.soft(
                        "unknown_service_codes",
                        a.getLong(4),
                        "cases whose service code is missing or not in ref.services"));
    }

    static Iterator<Row> foldGroup(String caseId, Iterator<Row> rows) {
        List<CaseEvent> list = new ArrayList<>();
        rows.forEachRemaining(r -> list.add(CaseRows.event(r)));
        return List.of(CaseRows.toRow(CaseLifecycle.fold(caseId, list))).iterator();
    }

    /**
     * MERGE from a staging table: Spark 4.1 cannot MERGE from a temporary view (apache/iceberg#16451),
     * and an inline SELECT over a real table is the form that works on every engine version.
     */
    private static JobResult merge(
            SparkSession spark, BatchSettings s, Dataset<Row> cases, LocalDate date, String touched) {
        String staging =
                s.catalogName() + ".core.cases_staging_" + date.toString().replace('-', '_');
        spark.sql("DROP TABLE IF EXISTS " + staging + " PURGE");
        try {
            cases.writeTo(staging).using("iceberg").createOrReplace();
            long n = spark.table(staging).count();
            String target = BatchTables.name(s, BatchTables.CASES);
            long before = spark.table(target).count();
            spark.sql("MERGE INTO " + target + " t USING (SELECT * FROM " + staging + ") c ON t.case_id = c.case_id"
                    + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
            long after = spark.table(target).count();
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("cases_recomputed", n);
            figures.put("cases_new", after - before);
            figures.put("cases_total", after);
            figures.put(
                    "cases_with_anomalies",
                    spark.table(staging).where("size(anomalies) > 0").count());
            return new JobResult(figures, checks(spark, s, staging, target, n, touched));
        } finally {
            spark.sql("DROP TABLE IF EXISTS " + staging + " PURGE");
        }
    }
}
