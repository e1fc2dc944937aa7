package org.civicinsights.batch.cases;

import java.time.LocalDate;
import java.time.ZoneId;
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

/**
 * core.cases: one row per case, its current state folded from every lifecycle event of the case.
 * A run for date D recomputes the cases that had an event on D (Rome time) or received one on D
 * (ingested_at), from all their events, and MERGEs them in: late and corrected events are folded
 * in their event-time place, and running D again gives the same rows.
 */
public final class CasesJob implements BatchJob {
    static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Override
    public String name() {
        return "cases";
    }

    @Override
    public Map<String, Long> run(SparkSession spark, BatchSettings s, LocalDate date) {
        BatchTables.ensureCases(spark, s);
        String raw = s.catalogName() + ".raw.interactions";
        String start = date.atStartOfDay(ROME).toInstant().toString();
        String end = date.plusDays(1).atStartOfDay(ROME).toInstant().toString();
        // the instants bound the UTC columns directly, so Iceberg prunes day partitions for event_time
        String touched = "SELECT case_id FROM " + raw + " WHERE case_id IS NOT NULL AND left(event_type, 5) = 'case_'"
                + " AND ((event_time >= TIMESTAMP '" + start + "' AND event_time < TIMESTAMP '" + end + "')"
                + "  OR (ingested_at >= TIMESTAMP '" + start + "' AND ingested_at < TIMESTAMP '" + end + "'))";
        Dataset<Row> events = spark.sql("SELECT " + CaseRows.EVENT_COLUMNS + " FROM " + raw
                + " WHERE case_id IS NOT NULL AND left(event_type, 5) = 'case_' AND case_id IN (" + touched + ")");
        Dataset<Row> cases = events
                .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) CasesJob::foldGroup, Encoders.row(CaseRows.CASES));
        return merge(spark, s, cases, date);
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
    private static Map<String, Long> merge(SparkSession spark, BatchSettings s, Dataset<Row> cases, LocalDate date) {
        String staging = s.catalogName() + ".core.cases_staging_" + date.toString().replace('-', '_');
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
            figures.put("cases_with_anomalies", spark.table(staging).where("size(anomalies) > 0").count());
            return figures;
        } finally {
            spark.sql("DROP TABLE IF EXISTS " + staging + " PURGE");
        }
    }
}
