package org.civicinsights.batch;

import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** One batch job: idempotent for its date (running a date again gives the same tables). */
public interface BatchJob {
    /** Its place in the job graph: name, kind, upstream jobs, output tables (see {@link BatchJobs}). */
    JobSpec spec();

    default String name() {
        return spec().name();
    }

    /**
     * Runs for one Rome calendar date, once its upstream jobs succeeded for that date and its tables
     * exist; returns figures for the run's summary (name -> value) and its data-quality checks, which
     * the runner records in meta.data_quality (a failed HARD check then fails the run).
     */
    JobResult run(SparkSession spark, BatchSettings settings, LocalDate date);
}
