package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner on Spark (local mode) over a real Iceberg lake: every attempt recorded in
 * meta.job_runs, a job skipped until its upstream succeeded for the date, a failure that skips its
 * dependents and stops later dates, and a catch-up that resumes at the failed date.
 */
class JobRunsSparkTest {
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-job-runs-test");
        spark = TestLake.open(warehouse, "job-runs-test");
        spark.sql("CREATE TABLE lake.raw.interactions (event_id string, event_type string, event_time timestamp,"
                + " channel string, service_code string, municipio int, citizen_key string, case_id string,"
                + " case_status string, language string, wait_seconds int, handle_seconds int, outcome string,"
                + " ingested_at timestamp, anonymous_id string, csat int, nps int, feedback_text string)"
                + " USING iceberg PARTITIONED BY (days(event_time))");
        services();
        spark.sql("INSERT INTO lake.raw.interactions VALUES"
                + " ('o1', 'case_opened', TIMESTAMP '2026-06-10T09:00:00Z', 'portal', 'CAL-30', 1, 'key-1', 'C1',"
                + " NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2026-06-10T09:00:01Z', NULL, NULL, NULL, NULL),"
                + " ('o2', 'case_opened', TIMESTAMP '2026-06-11T09:00:00Z', 'app_io', 'CAL-30', 1, 'key-2', 'C2',"
                + " NULL, NULL, NULL, NULL, NULL, TIMESTAMP '2026-06-11T09:00:01Z', NULL, NULL, NULL, NULL)");
    }

    static void services() {
        spark.sql("CREATE TABLE lake.ref.services (service_code string, deadline_days int, deadline_kind string,"
                + " available_online boolean) USING iceberg");
        spark.sql("INSERT INTO lake.ref.services VALUES ('CAL-30', 30, 'calendar', true)");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static boolean run(String job, Map<String, String> dates) {
        Map<String, String> c = new HashMap<>(Map.of(
                "job",
                job,
                "catalog.type",
                "hadoop",
                "catalog.warehouse",
                warehouse.toUri().toString(),
                "batch.shuffle-partitions",
                "2",
                "batch.triggered-by",
                "test"));
        c.putAll(dates);
        return BatchMain.run(spark, BatchSettings.from(CivicConfig.of(c)));
    }

    /** job date status attempt, in the order they were recorded. */
    static List<String> runs(String where) {
        return spark
                .sql("SELECT concat_ws(' ', job, CAST(run_date AS string), status, CAST(attempt AS string))"
                        + " FROM lake.meta.job_runs WHERE " + where + " ORDER BY started_at, run_date")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList();
    }

    @Test
    void runsAreRecordedSkippedUntilUpstreamSucceededAndCaughtUpFromTheFailedDate() {
        // a first catch-up runs the target date only, each job after the one it needs
        assertThat(run("cases,sla,profile", Map.of("catch-up-to", "2026-06-10")))
                .isTrue();
        assertThat(runs("true"))
                .containsExactly("cases 2026-06-10 ok 1", "sla 2026-06-10 ok 1", "profile 2026-06-10 ok 1");
        Row first = spark.sql("SELECT triggered_by, figures['cases_recomputed'], message, finished_at >= started_at"
                        + " FROM lake.meta.job_runs WHERE job = 'cases'")
                .first();
        assertThat(first.toString()).isEqualTo("[test,1,null,true]");

        // profile for a date sla never ran for: skipped with the reason, and the run fails
        assertThat(run("profile", Map.of("date", "2026-06-12"))).isFalse();
        assertThat(spark.sql("SELECT status, message FROM lake.meta.job_runs WHERE run_date = DATE '2026-06-12'")
                        .first()
                        .getString(1))
                .contains("needs sla to have succeeded for 2026-06-12");

        // cases fails for real on the 12th (its reference table is gone): sla and profile are
        // skipped, and the 13th is not run at all
        spark.sql("DROP TABLE lake.ref.services");
        assertThat(run("cases,sla,profile", Map.of("catch-up-to", "2026-06-13", "batch.catch-up-days", "2")))
                .isFalse();
        assertThat(runs("run_date >= DATE '2026-06-11'"))
                .containsExactly(
                        "profile 2026-06-12 skipped 1",
                        "cases 2026-06-12 failed 1",
                        "sla 2026-06-12 skipped 1",
                        "profile 2026-06-12 skipped 2");
        assertThat(spark.sql("SELECT message FROM lake.meta.job_runs WHERE status = 'failed'")
                        .first()
                        .getString(0))
                .contains("services");

        // fixed: the catch-up resumes at the 12th (the 11th is older than the 2-day window)
        services();
        assertThat(run("cases,sla,profile", Map.of("catch-up-to", "2026-06-13", "batch.catch-up-days", "2")))
                .isTrue();
        assertThat(runs("run_date >= DATE '2026-06-12' AND status = 'ok'"))
                .containsExactly(
                        "cases 2026-06-12 ok 2",
                        "sla 2026-06-12 ok 2",
                        "profile 2026-06-12 ok 3",
                        "cases 2026-06-13 ok 1",
                        "sla 2026-06-13 ok 1",
                        "profile 2026-06-13 ok 1");
        assertThat(spark.sql("SELECT count(*) FROM lake.core.citizen_profile WHERE as_of_date = DATE '2026-06-13'"
                                + " AND citizen_key IS NOT NULL")
                        .first()
                        .getLong(0))
                .isEqualTo(2);
        // nothing left: a catch-up to the same date runs nothing
        long before =
                spark.sql("SELECT count(*) FROM lake.meta.job_runs").first().getLong(0);
        assertThat(run("cases,sla,profile", Map.of("catch-up-to", "2026-06-13")))
                .isTrue();
        assertThat(spark.sql("SELECT count(*) FROM lake.meta.job_runs").first().getLong(0))
                .isEqualTo(before);
    }
}
