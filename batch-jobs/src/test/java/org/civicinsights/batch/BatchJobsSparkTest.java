package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.Assertions;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cases and SLA jobs on Spark (local mode) over a real Iceberg lake (a file-system catalog in
 * a temporary folder), with hand-made lifecycle events whose expected figures are worked out in
 * the comments. The jobs read only the raw columns created here.
 */
class BatchJobsSparkTest {
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-batch-test");
        spark = TestLake.open(warehouse, "batch-test");
        spark.sql("CREATE TABLE lake.raw.interactions (event_id string, event_type string, event_time timestamp,"
                + " channel string, service_code string, municipio int, citizen_key string, case_id string,"
                + " case_status string, language string, wait_seconds int, handle_seconds int, outcome string, ingested_at timestamp,"
                + " anonymous_id string, csat int, nps int, feedback_text string)"
                + " USING iceberg PARTITIONED BY (days(event_time))");
        spark.sql(
                "CREATE TABLE lake.ref.services (service_code string, deadline_days int, deadline_kind string, available_online boolean) USING iceberg");
        spark.sql(
                "INSERT INTO lake.ref.services VALUES ('EDIL-SCIA', 30, 'working', true), ('CAL-30', 30, 'calendar', true)");
        insert(
                "2026-06-30T10:00:00Z",
                // C1: 30 working days from Fri 20 March, suspended 2-9 April (4 working days) -> due 11 May; resolved 6
                // May: on time, 27 working days
                ev("c1-1", "case_opened", "2026-03-20T09:00:00Z", "front_office", "EDIL-SCIA", "C1"),
                ev("c1-2", "case_suspended", "2026-04-02T10:00:00Z", "front_office", "EDIL-SCIA", "C1"),
                ev("c1-3", "case_resumed", "2026-04-09T10:00:00Z", "front_office", "EDIL-SCIA", "C1"),
                ev("c1-4", "case_resolved", "2026-05-06T09:00:00Z", "front_office", "EDIL-SCIA", "C1"),
                ev("c1-5", "case_closed", "2026-05-07T09:00:00Z", "front_office", "EDIL-SCIA", "C1"),
                // C2: 30 calendar days from Sat 30 May end on Mon 29 June, Rome's patron day -> due 30 June; resolved
                // 30 June: on time,
                // in 20 working days (June less 2 June and 29 June)
                ev("c2-1", "case_opened", "2026-05-30T08:00:00Z", "portal", "CAL-30", "C2"),
                ev("c2-2", "case_resolved", "2026-06-30T12:00:00Z", "portal", "CAL-30", "C2"),
                // C3: open since 20 March, due 5 May: overdue on 30 June, 102 days old
                ev("c3-1", "case_opened", "2026-03-20T09:00:00Z", "app_io", "EDIL-SCIA", "C3"));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static BatchSettings settings(String job, String date) {
        return TestLake.settings(warehouse, job, date);
    }

    static String ev(String id, String type, String time, String channel, String service, String caseId) {
        // language, wait_seconds, handle_seconds, outcome (read by the contacts job) are null in these case events
        return String.format(
                "('%s', '%s', TIMESTAMP '%s', '%s', '%s', 1, 'key-%s', '%s', NULL, NULL, NULL, NULL, NULL, ",
                id, type, time, channel, service, caseId, caseId);
    }

    static void insert(String ingestedAt, String... rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO lake.raw.interactions VALUES ");
        for (int i = 0; i < rows.length; i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append(rows[i])
                    .append("TIMESTAMP '")
                    .append(ingestedAt)
                    .append("', NULL, NULL, NULL, NULL)");
        }
        spark.sql(sql.toString());
    }

    static List<Row> rows(String sql) {
        return spark.sql(sql).collectAsList();
    }

    @Test
    void casesAndSlaAreExactIdempotentAndFoldLateEventsIn() {
        assertThat(BatchMain.run(spark, settings("all", "2026-06-30"))).isTrue();
        assertThat(rows("SELECT case_id, status, reopen_count, size(suspensions) FROM lake.core.cases ORDER BY case_id")
                        .toString())
                .isEqualTo("[[C1,closed,0,1], [C2,resolved,0,0], [C3,open,0,0]]");
        assertThat(rows("SELECT case_id, sla_status, CAST(due_date AS string), resolution_working_days, age_days"
                                + " FROM lake.mart.case_sla ORDER BY case_id")
                        .toString())
                .isEqualTo(
                        "[[C1,on_time,2026-05-11,27,102], [C2,on_time,2026-06-30,20,31], [C3,open_overdue,2026-05-05,null,102]]");
        // June, every service, municipio and channel: C2 concluded on time; C3 in the backlog, overdue, over 90 days
        // old
        assertThat(rows("SELECT opened, concluded, concluded_on_time, compliance_pct, median_resolution_working_days,"
                                + " backlog, backlog_overdue, aging_over_90 FROM lake.mart.sla_period WHERE grain = 'month'"
                                + " AND period_start = DATE '2026-06-01' AND service_code IS NULL AND municipio IS NULL AND channel IS NULL")
                        .toString())
                .isEqualTo("[[0,1,1,100.0,20.0,1,1,1]]");
        // the ISO week of Tue 30 June starts on Mon 29 June; May's row is not this run's
        assertThat(rows("SELECT DISTINCT grain, CAST(period_start AS string) FROM lake.mart.sla_period ORDER BY 1")
                        .toString())
                .isEqualTo("[[day,2026-06-30], [month,2026-06-01], [week,2026-06-29]]");

        // the codes' Italian labels for the analyst views, written once: a rerun finds them unchanged
        // and commits nothing
        String labels = "lake.ref.code_labels";
        assertThat(rows("SELECT label FROM " + labels + " WHERE code_set = 'channel' AND code = 'front_office'"))
                .hasToString("[[Sportello]]");
        assertThat(rows("SELECT code_set, count(*) FROM " + labels + " GROUP BY 1 ORDER BY 1")
                        .toString())
                .contains("[channel,10]", "[exclusion_reason,6]", "[feedback_theme,15]");
        long labelSnapshots =
                rows("SELECT count(*) FROM " + labels + ".snapshots").get(0).getLong(0);

        String casesBefore =
                rows("SELECT * FROM lake.core.cases ORDER BY case_id").toString();
        String periodsBefore =
                rows("SELECT * FROM lake.mart.sla_period ORDER BY grain, service_code, municipio, channel")
                        .toString();
        assertThat(BatchMain.run(spark, settings("all", "2026-06-30"))).isTrue();
        assertThat(rows("SELECT count(*) FROM " + labels + ".snapshots").get(0).getLong(0))
                .isEqualTo(labelSnapshots);
        assertThat(rows("SELECT * FROM lake.core.cases ORDER BY case_id").toString())
                .isEqualTo(casesBefore);
        assertThat(rows("SELECT * FROM lake.mart.sla_period ORDER BY grain, service_code, municipio, channel")
                        .toString())
                .isEqualTo(periodsBefore);

        assertThat(rows("SELECT job, name, value FROM lake.meta.data_quality WHERE run_date = DATE '2026-06-30'"
                                + " AND kind IN ('hard', 'soft') AND NOT passed")
                        .toString())
                .isEqualTo("[]");

        // a late event: C3 was resolved on 29 June, but the event reaches the lake on 1 July; and C4's
        // closing arrives without its opening (an orphan, reported but not fatal)
        insert(
                "2026-07-01T07:00:00Z",
                ev("c3-2", "case_resolved", "2026-06-29T15:00:00Z", "app_io", "EDIL-SCIA", "C3"),
                ev("c4-1", "case_closed", "2026-06-30T09:00:00Z", "email", "NOPE", "C4"));
        assertThat(BatchMain.run(spark, settings("cases,sla", "2026-07-01"))).isTrue();
        assertThat(rows("SELECT count(*) FROM lake.core.cases").get(0).getLong(0))
                .isEqualTo(4);
        assertThat(
                        rows("SELECT name, value FROM lake.meta.data_quality WHERE run_date = DATE '2026-07-01' AND job = 'cases'"
                                        + " AND NOT passed ORDER BY name")
                                .toString())
                .isEqualTo("[[orphan_case_events,1], [unknown_service_codes,1]]");
        assertThat(rows("SELECT status, CAST(resolved_at AS string) FROM lake.core.cases WHERE case_id = 'C3'")
                        .toString())
                .isEqualTo("[[resolved,2026-06-29 15:00:00]]");
        assertThat(rows("SELECT sla_status FROM lake.mart.case_sla WHERE case_id = 'C3'")
                        .get(0)
                        .getString(0))
                .isEqualTo("breached");

        // a broken invariant (a case stored twice) fails the run, names the rule and records it
        spark.sql("INSERT INTO lake.core.cases SELECT * FROM lake.core.cases WHERE case_id = 'C1'");
        assertThat(BatchMain.run(spark, settings("cases", "2026-07-01"))).isFalse();
        assertThat(rows("SELECT kind, value, passed FROM lake.meta.data_quality WHERE run_date = DATE '2026-07-01'"
                                + " AND job = 'cases' AND name = 'one_row_per_case'")
                        .toString())
                .isEqualTo("[[hard,1,false]]");
    }

    @Test
    void changedLabelsAndCampaignsReplaceTheirWholeSet() {
        BatchSettings s = settings("all", "2026-06-30");
        String labels = "SELECT code, label FROM lake.ref.code_labels WHERE code_set = ";
        CodeLabels.writeBundled(spark, s);
        CodeLabels.write(
                spark, s, CodeLabels.CAMPAIGN, List.of("t_one", "t_two"), Map.of("t_one", "Uno", "t_two", "Due"));
        // a label the table holds from an earlier jar is written again from its source
        CodeLabels.write(spark, s, CodeLabels.CHANNEL, List.of("front_office"), Map.of("front_office", "Vecchio"));
        assertThat(rows(labels + "'channel' AND code = 'front_office'")).hasToString("[[front_office,Vecchio]]");
        CodeLabels.writeBundled(spark, s);
        assertThat(rows(labels + "'channel' AND code = 'front_office'")).hasToString("[[front_office,Sportello]]");
        assertThat(rows("SELECT count(*) FROM lake.ref.code_labels WHERE code_set = 'channel'"))
                .hasToString("[[10]]");
        // a campaign retitled and a new one: a campaign not in this run keeps its title
        CodeLabels.write(
                spark,
                s,
                CodeLabels.CAMPAIGN,
                List.of("t_one", "t_three"),
                Map.of("t_one", "Uno bis", "t_three", "Tre"));
        assertThat(rows(labels + "'campaign' ORDER BY 1")).hasToString("[[t_one,Uno bis], [t_three,Tre], [t_two,Due]]");
        // a campaign whose title was removed loses its row (the views then show its code)
        CodeLabels.write(spark, s, CodeLabels.CAMPAIGN, List.of("t_two"), Map.of());
        assertThat(rows(labels + "'campaign' ORDER BY 1")).hasToString("[[t_one,Uno bis], [t_three,Tre]]");
    }

    @Test
    void badArgumentsAreClearErrors() {
        Assertions.assertThatThrownBy(
                        () -> BatchSettings.from(CivicConfig.of(Map.of("job", "nope", "date", "2026-01-01"))))
                .hasMessageContaining("unknown job 'nope'");
        Assertions.assertThatThrownBy(() -> BatchSettings.from(CivicConfig.of(Map.of("job", "all"))))
                .hasMessageContaining("a date is required");
        Assertions.assertThatThrownBy(() -> BatchSettings.from(
                        CivicConfig.of(Map.of("job", "all", "from", "2026-02-01", "to", "2026-01-01"))))
                .hasMessageContaining("before --from");
        assertThat(BatchSettings.from(CivicConfig.of(Map.of("job", "sla", "from", "2026-01-30", "to", "2026-02-02")))
                        .dates())
                .hasSize(4);
    }
}
