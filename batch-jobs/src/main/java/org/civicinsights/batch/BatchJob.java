package org.civicinsights.batch;

import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/** One daily batch job: idempotent for its date (running a date again gives the same tables). */
public interface BatchJob {
    String name();

    /**
     * Runs for one Rome calendar date; returns figures for the run's summary (name -> value) and
     * its data-quality checks, which the runner records in meta.data_quality (a failed HARD check
     * then fails the run).
     */
    JobResult run(SparkSession spark, BatchSettings settings, LocalDate date);
}
