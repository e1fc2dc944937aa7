package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contacts and deflection jobs on Spark (local mode) over a real Iceberg lake (a file-system
 * catalog in its own temporary folder), with hand-made events whose expected figures are worked
 * out in the comments. In June Rome is UTC+2: 08:00Z is 10:00 in Rome, on the same day. The raw
 * table has only the columns the two jobs read.
 */
class ContactsDeflectionSparkTest {
    static Path warehouse;
    static SparkSession spark;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-contacts-test");
        spark = TestLake.open(warehouse, "contacts-test");
        spark.sql(
                "CREATE TABLE lake.raw.interactions (event_id string, event_type string, event_time timestamp, channel string,"
                        + " service_code string, citizen_key string, case_id string, language string, wait_seconds int, handle_seconds int,"
                        + " outcome string, ingested_at timestamp) USING iceberg PARTITIONED BY (days(event_time))");
        spark.sql("CREATE TABLE lake.ref.services (service_code string, available_online boolean) USING iceberg");
        spark.sql("INSERT INTO lake.ref.services VALUES ('ANAG-CERT', true), ('TARI-VAR', true), ('INFO-GEN', false)");

        // contacts, imported on 20 June (so every earlier day among them is a late day of the 20 June run)
        insert(
                "2026-06-20T12:00:00Z",
                // k1 about a certificate: c1 on 6 June; c2 7 x 24 h and 1 s later (no repeat, c1 resolved);
                // c3 three days after c2 on another channel (a repeat: c2 unresolved; c3 resolved, provisionally)
                contact(
                        "c1",
                        "contact_call",
                        "2026-06-06T08:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        "k1",
                        40,
                        200,
                        "resolved_first_contact",
                        "it"),
                contact(
                        "c2",
                        "contact_call",
                        "2026-06-13T08:00:01Z",
                        "contact_centre",
                        "ANAG-CERT",
                        "k1",
                        100,
                        300,
                        "resolved_first_contact",
                        "it"),
                contact(
                        "c3",
                        "contact_visit",
                        "2026-06-16T09:00:00Z",
                        "front_office",
                        "ANAG-CERT",
                        "k1",
                        600,
                        900,
                        "information_given",
                        "it"),
                // k1 about TARI on the chatbot: another service, first and resolved
                contact(
                        "c4",
                        "contact_chat",
                        "2026-06-14T10:00:00Z",
                        "chatbot",
                        "TARI-VAR",
                        "k1",
                        null,
                        120,
                        "answered_by_bot",
                        "en"),
                // k2: an abandoned call (not identified), then an answered one 30 min later (not a repeat of it);
                // c7 by e-mail exactly 7 x 24 h after c6: a repeat, and c6 unresolved
                contact(
                        "c5",
                        "contact_call",
                        "2026-06-13T09:00:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        "k2",
                        900,
                        0,
                        "abandoned",
                        "it"),
                contact(
                        "c6",
                        "contact_call",
                        "2026-06-13T09:30:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        "k2",
                        120,
                        240,
                        "resolved_first_contact",
                        "it"),
                contact(
                        "c7",
                        "contact_email",
                        "2026-06-20T09:30:00Z",
                        "email",
                        "ANAG-CERT",
                        "k2",
                        null,
                        null,
                        "answered",
                        null),
                // anonymous callers: not identified; c9 has no service and no wait
                contact(
                        "c8",
                        "contact_call",
                        "2026-06-13T10:00:00Z",
                        "contact_centre",
                        "INFO-GEN",
                        null,
                        30,
                        60,
                        "information_given",
                        "fr"),
                contact(
                        "c9",
                        "contact_call",
                        "2026-06-13T10:15:00Z",
                        "contact_centre",
                        null,
                        null,
                        null,
                        100,
                        "information_given",
                        null));
        // c6 stored a second time (a copy re-sent after the ingest job's de-duplication window): read once
        insert(
                "2026-06-20T13:00:00Z",
                contact(
                        "c6",
                        "contact_call",
                        "2026-06-13T09:30:00Z",
                        "contact_centre",
                        "ANAG-CERT",
                        "k2",
                        120,
                        240,
                        "resolved_first_contact",
                        "it"));

        // completed transactions in May (Rome): ANAG-CERT self-service d1, d5 (d4 opened case M2, which d5 counts),
        // assisted d2, d6;
        // TARI-VAR self-service d3; NOPE (not in the catalogue) assisted d8. d0 is not a completed transaction.
        insert(
                "2026-05-31T12:00:00Z",
                tx("d0", "online_service_started", "2026-05-10T07:55:00Z", "portal", "ANAG-CERT", null),
                tx("d1", "online_service_completed", "2026-05-10T08:00:00Z", "portal", "ANAG-CERT", null),
                tx("d2", "case_opened", "2026-05-11T08:00:00Z", "front_office", "ANAG-CERT", "M1"),
                tx("d3", "payment_made", "2026-05-12T08:00:00Z", "app_io", "TARI-VAR", null),
                tx("d4", "online_service_completed", "2026-05-13T08:00:00Z", "portal", "ANAG-CERT", "M2"),
                tx("d5", "case_opened", "2026-05-13T08:00:01Z", "portal", "ANAG-CERT", "M2"),
                tx("d6", "case_opened", "2026-05-14T08:00:00Z", "contact_centre", "ANAG-CERT", "M3"),
                tx("d8", "case_opened", "2026-05-20T08:00:00Z", "front_office", "NOPE", "M4"),
                // 22:30 UTC on 31 May is 00:30 on 1 June in Rome: a June transaction
                tx("d7", "payment_made", "2026-05-31T22:30:00Z", "portal", "TARI-VAR", null));
        // June: ANAG-CERT self-service e1, e2, e4, assisted e3; TARI-VAR assisted e5 (+ d7); no service, self-service
        // d9;
        // INFO-GEN assisted e7; e6 on 25 June is after the 20 June run
        insert(
                "2026-06-20T12:00:00Z",
                tx("e1", "online_service_completed", "2026-06-02T08:00:00Z", "app_io", "ANAG-CERT", null),
                tx("e2", "online_service_completed", "2026-06-03T08:00:00Z", "portal", "ANAG-CERT", null),
                tx("e3", "case_opened", "2026-06-04T08:00:00Z", "email", "ANAG-CERT", "J1"),
                tx("e4", "case_opened", "2026-06-05T08:00:00Z", "portal", "ANAG-CERT", "J2"),
                tx("e5", "payment_made", "2026-06-06T08:00:00Z", "front_office", "TARI-VAR", null),
                tx("d9", "payment_made", "2026-06-07T08:00:00Z", "app_io", null, null),
                tx("e7", "case_opened", "2026-06-08T08:00:00Z", "front_office", "INFO-GEN", "J3"),
                tx("e6", "online_service_completed", "2026-06-25T08:00:00Z", "portal", "ANAG-CERT", null));
        insert(
                "2026-06-20T13:00:00Z",
                tx("e2", "online_service_completed", "2026-06-03T08:00:00Z", "portal", "ANAG-CERT", null));
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

    static String q(Object v) {
        return v == null ? "NULL" : v instanceof Integer ? v.toString() : "'" + v + "'";
    }

    static String contact(
            String id,
            String type,
            String time,
            String channel,
            String service,
            String citizen,
            Integer wait,
            Integer handle,
            String outcome,
            String language) {
        return String.join(
                ", ",
                q(id),
                q(type),
                "TIMESTAMP '" + time + "'",
                q(channel),
                q(service),
                q(citizen),
                "NULL",
                q(language),
                q(wait),
                q(handle),
                q(outcome));
    }

    static String tx(String id, String type, String time, String channel, String service, String caseId) {
        return String.join(
                ", ",
                q(id),
                q(type),
                "TIMESTAMP '" + time + "'",
                q(channel),
                q(service),
                q("k-" + id),
                q(caseId),
                "NULL",
                "NULL",
                "NULL",
                "NULL");
    }

    static void insert(String ingestedAt, String... rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO lake.raw.interactions VALUES ");
        for (int i = 0; i < rows.length; i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(rows[i])
                    .append(", TIMESTAMP '")
                    .append(ingestedAt)
                    .append("')");
        }
        spark.sql(sql.toString());
    }

    static String rows(String sql) {
        return spark.sql(sql).collectAsList().stream().map(Row::toString).reduce("", (a, b) -> a + b + "\n");
    }

    static final String VOLUME =
            "SELECT contact_date, hour_of_day, channel, contacts, answered, abandoned, abandonment_rate_pct,"
                    + " avg_wait_seconds, avg_handle_seconds, round(p90_wait_seconds, 6) FROM lake.mart.contact_volume";
    static final String RESOLUTION_ALL =
            "SELECT contact_date, contacts, identified_contacts, repeat_contacts, first_contact_resolved,"
                    + " fcr_rate_pct, repeat_rate_pct, fcr_final, as_of_date FROM lake.mart.contact_resolution"
                    + " WHERE channel IS NULL AND service_code IS NULL ORDER BY contact_date";
    static final String DEFLECTION =
            "SELECT service_code, self_service_transactions, assisted_transactions, total_transactions,"
                    + " self_service_share_pct, share_change_pp, share_3m_avg_pct, available_online, as_of_date"
                    + " FROM lake.mart.self_service_deflection WHERE month = DATE '%s' ORDER BY service_code NULLS FIRST";

    static String snapshot() {
        return rows("SELECT * FROM lake.mart.contact_volume ORDER BY 1, 2, 3")
                + rows("SELECT * FROM lake.mart.contact_languages ORDER BY 1, 2, 3")
                + rows("SELECT * FROM lake.mart.contact_resolution ORDER BY 1, 2, 3")
                + rows("SELECT * FROM lake.mart.self_service_deflection ORDER BY 1, 2");
    }

    @Test
    void contactKpisAndDeflectionAreExactIdempotentAndPickUpLateEvents() {
        // ---- May, run on its last day
        assertThat(BatchMain.run(spark, settings("deflection", "2026-05-31"))).isTrue();
        // ANAG-CERT 2 of 4 = 50 %; NOPE 0 of 1 (unknown to the catalogue: available_online null); TARI-VAR 1 of 1;
        // all services 3 of 6 = 50 %; no April: no change, the 3-month average is May's own share
        assertThat(rows(String.format(DEFLECTION, "2026-05-01"))).isEqualTo("""
                [null,3,3,6,50.0,null,50.0,null,2026-05-31]
                [ANAG-CERT,2,2,4,50.0,null,50.0,true,2026-05-31]
                [NOPE,0,1,1,0.0,null,0.0,null,2026-05-31]
                [TARI-VAR,1,0,1,100.0,null,100.0,true,2026-05-31]
                """);

        // ---- 20 June
        assertThat(BatchMain.run(spark, settings("contacts,deflection", "2026-06-20")))
                .isTrue();
        // 13 June, 11:00 Rome: c5 (abandoned, waited 900 s) and c6 (120 s, handled 240 s): 50 % abandoned, mean wait
        // 510,
        // handle of the answered only 240, p90 of (120, 900) = 120 + 0.9 * 780 = 822; 12:00: c8 and c9, only c8 has a
        // wait
        assertThat(rows(VOLUME + " ORDER BY 1, 2, 3")).isEqualTo("""
                [2026-06-06,10,contact_centre,1,1,0,0.0,40.0,200.0,40.0]
                [2026-06-13,10,contact_centre,1,1,0,0.0,100.0,300.0,100.0]
                [2026-06-13,11,contact_centre,2,1,1,50.0,510.0,240.0,822.0]
                [2026-06-13,12,contact_centre,2,2,0,0.0,30.0,80.0,30.0]
                [2026-06-14,12,chatbot,1,1,0,0.0,null,120.0,null]
                [2026-06-16,11,front_office,1,1,0,0.0,600.0,900.0,600.0]
                [2026-06-20,11,email,1,1,0,0.0,null,null,null]
                """);
        assertThat(rows("SELECT * FROM lake.mart.contact_languages ORDER BY 1, 2, 3"))
                .isEqualTo("""
                [2026-06-06,contact_centre,it,1]
                [2026-06-13,contact_centre,fr,1]
                [2026-06-13,contact_centre,it,3]
                [2026-06-13,contact_centre,unknown,1]
                [2026-06-14,chatbot,en,1]
                [2026-06-16,front_office,it,1]
                [2026-06-20,email,unknown,1]
                """);
        // c1 resolved (c2 is 7 x 24 h + 1 s later); 13 June: c2 and c6 identified, neither a repeat, both unresolved
        // (c3, c7);
        // c4 resolved; c3 and c7 repeats, resolved as far as is known. Final up to 13 June (13 + 7 <= 20).
        assertThat(rows(RESOLUTION_ALL)).isEqualTo("""
                [2026-06-06,1,1,0,1,100.0,0.0,true,2026-06-20]
                [2026-06-13,5,2,0,0,0.0,0.0,true,2026-06-20]
                [2026-06-14,1,1,0,1,100.0,0.0,false,2026-06-20]
                [2026-06-16,1,1,1,1,100.0,100.0,false,2026-06-20]
                [2026-06-20,1,1,1,1,100.0,100.0,false,2026-06-20]
                """);
        // the cube of 13 June: the abandoned c5 counts as a contact of ANAG-CERT but not as identified; c9's service is
        // 'unknown'
        assertThat(
                        rows(
                                "SELECT channel, service_code, contacts, identified_contacts, repeat_contacts, first_contact_resolved, fcr_rate_pct"
                                        + " FROM lake.mart.contact_resolution WHERE contact_date = DATE '2026-06-13' ORDER BY 1 NULLS FIRST, 2 NULLS FIRST"))
                .isEqualTo("""
                        [null,null,5,2,0,0,0.0]
                        [null,ANAG-CERT,3,2,0,0,0.0]
                        [null,INFO-GEN,1,0,0,0,null]
                        [null,unknown,1,0,0,0,null]
                        [contact_centre,null,5,2,0,0,0.0]
                        [contact_centre,ANAG-CERT,3,2,0,0,0.0]
                        [contact_centre,INFO-GEN,1,0,0,0,null]
                        [contact_centre,unknown,1,0,0,0,null]
                        """);
        // June as of the 20th (e6 on the 25th is not seen, e2 is counted once): ANAG-CERT 3 of 4 = 75 %, +25 points on
        // May,
        // average of 75 and 50 = 62.5; TARI-VAR d7 + e5: 1 of 2 = 50 %, -50 points, (50 + 100) / 2 = 75;
        // all services 5 of 8 = 62.5 %, +12.5 points, (62.5 + 50) / 2 = 56.25
        assertThat(rows(String.format(DEFLECTION, "2026-06-01"))).isEqualTo("""
                [null,5,3,8,62.5,12.5,56.25,null,2026-06-20]
                [ANAG-CERT,3,1,4,75.0,25.0,62.5,true,2026-06-20]
                [INFO-GEN,0,1,1,0.0,null,0.0,false,2026-06-20]
                [TARI-VAR,1,1,2,50.0,-50.0,75.0,true,2026-06-20]
                [unknown,1,0,1,100.0,null,100.0,null,2026-06-20]
                """);
        assertThat(rows("SELECT job, name, kind, value FROM lake.meta.data_quality WHERE run_date = DATE '2026-06-20'"
                        + " AND (NOT passed OR name IN ('late_days', 'contacts', 'transactions')) ORDER BY job, name"))
                .isEqualTo("""
                [contacts,calls_without_wait_seconds,soft,1]
                [contacts,contacts,figure,1]
                [contacts,contacts_without_service,soft,1]
                [contacts,late_days,figure,4]
                [contacts,unidentified_contacts,soft,2]
                [deflection,transactions,figure,8]
                [deflection,unknown_service_transactions,soft,1]
                """);

        // ---- the same date again: identical tables
        String before = snapshot();
        assertThat(BatchMain.run(spark, settings("contacts,deflection", "2026-06-20")))
                .isTrue();
        assertThat(snapshot()).isEqualTo(before);

        // ---- a late event: k1 visited a counter about TARI on 14 June at 14:00 Rome, the event arrives on 21 June.
        // The 21 June run recomputes 14 June's volume and languages and the resolution of 7 .. 21 June (as of the
        // 21st):
        // c4 is now unresolved, c10 a repeat; 14 June becomes final (14 + 7 <= 21); 6 June is left as it was.
        insert(
                "2026-06-21T07:00:00Z",
                contact(
                        "c10",
                        "contact_visit",
                        "2026-06-14T12:00:00Z",
                        "front_office",
                        "TARI-VAR",
                        "k1",
                        300,
                        600,
                        "resolved_first_contact",
                        "it"));
        assertThat(BatchMain.run(spark, settings("contacts", "2026-06-21"))).isTrue();
        assertThat(rows(VOLUME + " WHERE contact_date = DATE '2026-06-14' ORDER BY 1, 2, 3"))
                .isEqualTo("""
                [2026-06-14,12,chatbot,1,1,0,0.0,null,120.0,null]
                [2026-06-14,14,front_office,1,1,0,0.0,300.0,600.0,300.0]
                """);
        assertThat(
                        rows(
                                "SELECT * FROM lake.mart.contact_languages WHERE contact_date = DATE '2026-06-14' ORDER BY 1, 2, 3"))
                .isEqualTo("""
                [2026-06-14,chatbot,en,1]
                [2026-06-14,front_office,it,1]
                """);
        assertThat(rows(RESOLUTION_ALL)).isEqualTo("""
                [2026-06-06,1,1,0,1,100.0,0.0,true,2026-06-20]
                [2026-06-13,5,2,0,0,0.0,0.0,true,2026-06-21]
                [2026-06-14,2,2,1,1,50.0,50.0,true,2026-06-21]
                [2026-06-16,1,1,1,1,100.0,100.0,false,2026-06-21]
                [2026-06-20,1,1,1,1,100.0,100.0,false,2026-06-21]
                """);
        assertThat(
                        rows(
                                "SELECT channel, identified_contacts, repeat_contacts, first_contact_resolved FROM lake.mart.contact_resolution"
                                        + " WHERE contact_date = DATE '2026-06-14' AND channel IS NOT NULL AND service_code = 'TARI-VAR' ORDER BY 1"))
                .isEqualTo("[chatbot,1,0,0]\n[front_office,1,1,1]\n");
        assertThat(rows(
                        "SELECT name, value FROM lake.meta.data_quality WHERE run_date = DATE '2026-06-21' AND job = 'contacts'"
                                + " AND (NOT passed OR name IN ('late_days', 'resolution_days')) ORDER BY name"))
                .isEqualTo("[late_days,1]\n[resolution_days,15]\n");
    }
}
