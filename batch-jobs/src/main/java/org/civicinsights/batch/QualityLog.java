package org.civicinsights.batch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * meta.data_quality: for each run date and job, its figures (row counts) and the result of each
 * data-quality rule. A rerun of the date replaces that job's rows for the date, in one commit.
 */
public final class QualityLog {
    public static final String TABLE = "meta.data_quality";

    static final StructType SCHEMA = new StructType()
            .add("run_date", DataTypes.DateType)
            .add("job", DataTypes.StringType)
            .add("name", DataTypes.StringType)
            .add("kind", DataTypes.StringType)
            .add("value", DataTypes.LongType)
            .add("passed", DataTypes.BooleanType)
            .add("description", DataTypes.StringType);
    static final TableSpec TABLE_SPEC = TableSpec.of(TABLE, SCHEMA, "(run_date, job)");

    private QualityLog() {}

    public static void record(SparkSession spark, BatchSettings s, LocalDate date, String job, JobResult result) {
        BatchTables.ensure(spark, s, TABLE_SPEC);
        String table = BatchTables.name(s, TABLE);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Long> f : result.figures().entrySet()) {
            rows.add(RowFactory.create(date, job, f.getKey(), "figure", f.getValue(), null, null));
        }
        for (QualityCheck c : result.checks()) {
            rows.add(RowFactory.create(
                    date,
                    job,
                    c.name(),
                    c.severity().name().toLowerCase(Locale.ROOT),
                    c.failingRows(),
                    c.passed(),
                    c.description()));
        }
        BatchTables.overwrite(
                spark.createDataFrame(rows, SCHEMA),
                table,
                functions
                        .col("run_date")
                        .equalTo(functions.lit(date))
                        .and(functions.col("job").equalTo(job)));
    }
}
