package org.civicinsights.batch.deflection;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;

/**
 * mart.self_service_deflection: per Rome month and service (and all services), how many completed
 * transactions were done on a self-service channel (the channels the contract flags self-service,
 * {@link Channel#selfService()}) and how many on an assisted one, the self-service share and its
 * trend.
 *
 * <p>A completed transaction is a {@code case_opened} (a request, application or report submitted,
 * on the channel it was submitted on), an {@code online_service_completed} that did not open a case
 * (one that did carries the case's {@code case_id}, and its {@code case_opened} already counts the
 * same submission), or a {@code payment_made}.
 *
 * <p>A run for D replaces the month containing D, as of the end of D (a partial month until its
 * last day), in one commit, and nothing else. The trend columns read the two previous months' rows
 * as the table holds them, so a backfill must run in ascending order, and a late event in an
 * earlier month needs a rerun of that month's last day and then of the following months.
 */
public final class DeflectionJob implements BatchJob {
    static final StructType CHANNELS =
            new StructType().add("channel", DataTypes.StringType).add("self_service", DataTypes.BooleanType);

    /** mart.self_service_deflection, column for column. */
    static final StructType DEFLECTION = new StructType()
            .add("month", DataTypes.DateType)
            .add("service_code", DataTypes.StringType)
            .add("self_service_transactions", DataTypes.LongType)
            .add("assisted_transactions", DataTypes.LongType)
            .add("total_transactions", DataTypes.LongType)
            .add("self_service_share_pct", DataTypes.DoubleType)
            .add("share_change_pp", DataTypes.DoubleType)
            .add("share_3m_avg_pct", DataTypes.DoubleType)
            .add("available_online", DataTypes.BooleanType)
            .add("as_of_date", DataTypes.DateType);

    /** SQL condition on raw.interactions selecting the completed transactions. */
    static final String TRANSACTION = "(event_type IN ('" + EventType.CASE_OPENED.wireName() + "', '"
            + EventType.PAYMENT_MADE.wireName() + "') OR (event_type = '"
            + EventType.ONLINE_SERVICE_COMPLETED.wireName() + "' AND case_id IS NULL))";

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "deflection",
                JobKind.DAILY,
                List.of(),
                List.of(TableSpec.of(BatchTables.SELF_SERVICE_DEFLECTION, DeflectionJob.DEFLECTION, "(month)")),
                "mart.self_service_deflection: self-service share of completed transactions per month and service,"
                        + " with its trend (run a backfill in ascending order)");
    }

    /** Every channel of the contract with its self-service flag (a tiny table, broadcast to the join). */
    static List<Row> channels() {
        return Arrays.stream(Channel.values())
                .map(c -> RowFactory.create(c.wireName(), c.selfService()))
                .toList();
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        LocalDate month = date.withDayOfMonth(1);
        String suffix = date.toString().replace('-', '_');
        String events = "deflection_events_" + suffix;
        String channels = "deflection_channels_" + suffix;
        String table = BatchTables.name(s, BatchTables.SELF_SERVICE_DEFLECTION);
        try {
            spark.sql(RawEvents.distinctEvents(
                            s,
                            "event_id, event_type, event_time, channel, service_code, case_id, ingested_at",
                            "event_time >= " + RawEvents.timestamp(RawEvents.startOf(month)) + " AND event_time < "
                                    + RawEvents.timestamp(RawEvents.endOf(date)) + " AND " + TRANSACTION))
                    .createOrReplaceTempView(events);
            spark.createDataFrame(channels(), CHANNELS).createOrReplaceTempView(channels);
            List<Row> counts = spark.sql(
                            "SELECT /*+ BROADCAST(c) */ coalesce(e.service_code, 'unknown') AS service_code,"
                                    + " count_if(coalesce(c.self_service, false)) AS self_service, count_if(NOT coalesce(c.self_service, false)) AS assisted,"
                                    + " count(*) AS total FROM " + events + " e LEFT JOIN " + channels
                                    + " c ON e.channel = c.channel"
                                    + " GROUP BY ROLLUP(coalesce(e.service_code, 'unknown'))")
                    .collectAsList();

            Map<String, Boolean> online = new HashMap<>();
            for (Row r : spark.sql("SELECT service_code, available_online FROM " + s.catalogName() + ".ref.services")
                    .collectAsList()) {
                online.put(r.getString(0), r.isNullAt(1) ? null : r.getBoolean(1));
            }
            Map<String, Double> previous = shares(spark, table, month.minusMonths(1));
            Map<String, Double> beforePrevious = shares(spark, table, month.minusMonths(2));
            List<Row> rows = new ArrayList<>();
            for (Row c : counts) {
                String service = c.getString(0);
                long self = c.getLong(1);
                long total = c.getLong(3);
                Double share = DeflectionTrend.share(self, total);
                rows.add(RowFactory.create(
                        month,
                        service,
                        self,
                        c.getLong(2),
                        total,
                        share,
                        DeflectionTrend.change(share, previous.get(service)),
                        DeflectionTrend.average(share, previous.get(service), beforePrevious.get(service)),
                        service == null ? null : online.get(service),
                        date));
            }
            Dataset<Row> out = spark.createDataFrame(rows, DEFLECTION);
            BatchTables.overwrite(out, table, functions.col("month").equalTo(functions.lit(month)));

            Row all = rows.stream().filter(r -> r.isNullAt(1)).findFirst().orElse(null);
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("transactions", all == null ? 0L : all.getLong(4));
            figures.put("self_service_transactions", all == null ? 0L : all.getLong(2));
            figures.put("assisted_transactions", all == null ? 0L : all.getLong(3));
            figures.put(
                    "deflection_rows",
                    spark.table(table)
                            .where(functions.col("month").equalTo(functions.lit(month)))
                            .count());
            return new JobResult(figures, checks(spark, s, events, table, month, rows));
        } finally {
            spark.catalog().dropTempView(events);
            spark.catalog().dropTempView(channels);
        }
    }

    /** A month's shares by service code as the table holds them (the null key is the all-services row). */
    static Map<String, Double> shares(SparkSession spark, String table, LocalDate month) {
        Map<String, Double> m = new HashMap<>();
        for (Row r : spark.table(table)
                .where(functions.col("month").equalTo(functions.lit(month)))
                .select("service_code", "self_service_share_pct")
                .collectAsList()) {
            m.put(r.getString(0), r.isNullAt(1) ? null : r.getDouble(1));
        }
        return m;
    }

    static List<QualityCheck> checks(
            SparkSession spark, BatchSettings s, String events, String table, LocalDate month, List<Row> rows) {
        long[] all = new long[2];
        long[] services = new long[2];
        for (Row r : rows) {
            long[] target = r.isNullAt(1) ? all : services;
            target[0] += r.getLong(2);
            target[1] += r.getLong(4);
        }
        long rollupGap = Math.abs(all[0] - services[0]) + Math.abs(all[1] - services[1]);
        long duplicates = spark.sql("SELECT count(*) FROM (SELECT service_code FROM " + table + " WHERE month = DATE '"
                        + month + "'" + " GROUP BY service_code HAVING count(*) > 1)")
                .first()
                .getLong(0);
        long unknown = spark.sql(
                        "SELECT count_if(service_code IS NULL OR service_code NOT IN (SELECT service_code FROM "
                                + s.catalogName() + ".ref.services WHERE service_code IS NOT NULL)) FROM " + events)
                .first()
                .getLong(0);
        return List.of(
                QualityCheck.hard(
                        "rollup_matches_services",
                        rollupGap,
                        "the all-services row's self-service and total transactions differ from the sum of the services' rows"),
                QualityCheck.hard("one_row_per_service", duplicates, "services with more than one row for the month"),
                QualityCheck.soft(
                        "unknown_service_transactions",
                        unknown,
                        "transactions of the month whose service code is missing or not in ref.services"));
    }
}
