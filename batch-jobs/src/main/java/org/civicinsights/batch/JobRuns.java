package org.civicinsights.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * meta.job_runs: one row per job, date and attempt, appended as soon as the attempt ends (so a
 * later crash leaves what ran). The scheduler's catch-up, the upstream checks and the data
 * engineers' questions ("did sla run for Tuesday? why not?") all read it.
 */
public final class JobRuns {
    public static final String TABLE = "meta.job_runs";

    static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("job", DataTypes.StringType)
            .add("run_date", DataTypes.DateType)
            .add("attempt", DataTypes.IntegerType)
            .add("status", DataTypes.StringType)
            .add("started_at", DataTypes.TimestampType)
            .add("finished_at", DataTypes.TimestampType)
            .add("triggered_by", DataTypes.StringType)
            .add("figures", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
            .add("message", DataTypes.StringType);
    static final TableSpec TABLE_SPEC = TableSpec.of(TABLE, SCHEMA, "(job)");

    /** One attempt of one job for one date. */
    public record Run(
            String runId,
            String job,
            LocalDate date,
            int attempt,
            JobStatus status,
            Instant startedAt,
            Instant finishedAt,
            String triggeredBy,
            Map<String, Long> figures,
            String message) {}

    private JobRuns() {}

    /** Every recorded run's job, date and status (a small table: a few thousand rows a year). */
    public static RunHistory history(SparkSession spark, BatchSettings s) {
        RunHistory history = new RunHistory();
        for (Row r : spark.table(BatchTables.name(s, TABLE))
                .select("job", "run_date", "status")
                .collectAsList()) {
            history.add(r.getString(0), r.getAs(1), JobStatus.of(r.getString(2)));
        }
        return history;
    }

    public static void append(SparkSession spark, BatchSettings s, Run run) {
        Row row = RowFactory.create(
                run.runId(),
                run.job(),
                run.date(),
                run.attempt(),
                run.status().label(),
                run.startedAt(),
                run.finishedAt(),
                run.triggeredBy(),
                scala.jdk.javaapi.CollectionConverters.asScala(run.figures()),
                run.message());
        try {
            spark.createDataFrame(List.of(row), SCHEMA)
                    .writeTo(BatchTables.name(s, TABLE))
                    .append();
        } catch (NoSuchTableException e) {
            throw new IllegalStateException("table " + TABLE + " does not exist", e);
        }
    }
}
