package org.civicinsights.batch.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** Between Spark rows and the case records the pure fold works on (java.time types: java8API is on). */
public final class CaseRows {
    /** The columns read from raw.interactions, in this order. */
    public static final String EVENT_COLUMNS =
            "case_id, event_id, event_type, event_time, channel, service_code, municipio, citizen_key, case_status";

    static final StructType SUSPENSION =
            new StructType().add("suspended_at", DataTypes.TimestampType).add("resumed_at", DataTypes.TimestampType);

    /** core.cases, column for column. */
    public static final StructType CASES = new StructType()
            .add("case_id", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("source_status", DataTypes.StringType)
            .add("opened_at", DataTypes.TimestampType)
            .add("resolved_at", DataTypes.TimestampType)
            .add("closed_at", DataTypes.TimestampType)
            .add("service_code", DataTypes.StringType)
            .add("origin_channel", DataTypes.StringType)
            .add("municipio", DataTypes.IntegerType)
            .add("citizen_key", DataTypes.StringType)
            .add("suspensions", new ArrayType(SUSPENSION, true))
            .add("reopen_count", DataTypes.IntegerType)
            .add("event_count", DataTypes.IntegerType)
            .add("first_event_at", DataTypes.TimestampType)
            .add("last_event_at", DataTypes.TimestampType)
            .add("anomalies", new ArrayType(DataTypes.StringType, true));

    private CaseRows() {}

    /** A row of {@link #EVENT_COLUMNS}. */
    public static CaseEvent event(Row r) {
        return new CaseEvent(
                r.getString(1),
                r.getString(2),
                (Instant) r.get(3),
                r.getString(4),
                r.getString(5),
                r.isNullAt(6) ? null : r.getInt(6),
                r.getString(7),
                r.getString(8));
    }

    public static Row toRow(CaseRecord c) {
        List<Row> suspensions = new ArrayList<>();
        for (Suspension s : c.suspensions()) {
            suspensions.add(RowFactory.create(s.suspendedAt(), s.resumedAt()));
        }
        return RowFactory.create(
                c.caseId(),
                c.status(),
                c.sourceStatus(),
                c.openedAt(),
                c.resolvedAt(),
                c.closedAt(),
                c.serviceCode(),
                c.originChannel(),
                c.municipio(),
                c.citizenKey(),
                CollectionConverters.asScala(suspensions).toSeq(),
                c.reopenCount(),
                c.eventCount(),
                c.firstEventAt(),
                c.lastEventAt(),
                CollectionConverters.asScala(c.anomalies()).toSeq());
    }

    /** A row of core.cases back into a record (for the SLA job). */
    public static CaseRecord fromRow(Row r) {
        List<Suspension> suspensions = new ArrayList<>();
        List<Row> raw = r.isNullAt(r.fieldIndex("suspensions")) ? List.of() : r.getList(r.fieldIndex("suspensions"));
        for (Row s : raw) {
            suspensions.add(new Suspension((Instant) s.get(0), (Instant) s.get(1)));
        }
        List<String> anomalies =
                r.isNullAt(r.fieldIndex("anomalies")) ? List.of() : r.getList(r.fieldIndex("anomalies"));
        return new CaseRecord(
                r.getAs("case_id"),
                r.getAs("status"),
                r.getAs("source_status"),
                r.getAs("opened_at"),
                r.getAs("resolved_at"),
                r.getAs("closed_at"),
                r.getAs("service_code"),
                r.getAs("origin_channel"),
                r.getAs("municipio"),
                r.getAs("citizen_key"),
                suspensions,
                r.<Integer>getAs("reopen_count"),
                r.<Integer>getAs("event_count"),
                r.getAs("first_event_at"),
                r.getAs("last_event_at"),
                List.copyOf(anomalies));
    }
}
