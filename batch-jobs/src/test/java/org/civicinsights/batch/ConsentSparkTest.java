package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.civicinsights.batch.consent.ConsentJob;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.common.privacy.FiscalCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Job consent on Spark (local mode) over a real Iceberg lake: a consent export and a suppression
 * export with good and bad lines, imported twice (nothing changes), then a later consent export
 * named by the run date.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsentSparkTest {
    static final byte[] KEY = "consent-spark-test-key-32-bytes!".getBytes(StandardCharsets.US_ASCII);
    static final CitizenPseudonymiser P = new CitizenPseudonymiser(KEY);
    static final LocalDate DAY = LocalDate.parse("2026-04-02");
    static final String A = FiscalCode.withCheckCharacter("RSSMRA85T10H501");
    static final String B = FiscalCode.withOmocodia(FiscalCode.withCheckCharacter("VRDLGU70A41F205"), 1);
    static final String C = FiscalCode.withCheckCharacter("BNCGNN60M15L219");
    static final String D = FiscalCode.withCheckCharacter("NREPLA99C03G273");
    static final String A_BAD_CHECK = A.substring(0, 15) + (A.charAt(15) == 'Z' ? 'Y' : (char) (A.charAt(15) + 1));
    static final List<String> CODES = List.of(A, B, C, D, A_BAD_CHECK);
    static Path warehouse;
    static Path exports;
    static SparkSession spark;
    static String consentFile;
    static String suppressionFile;
    static Map<String, List<Row>> firstImport;

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-consent-test");
        exports = Files.createTempDirectory("civic-consent-exports");
        spark = TestLake.open(warehouse, "consent-test");
        Path consent = exports.resolve("consent-2026-04-02.csv");
        Files.writeString(
                consent,
                String.join(
                                "\n",
                                "fiscal_code,channel,granted,consent_at,source",
                                A + ",email,true,2026-03-01T10:00:00+01:00,portale", // 2
                                A.toLowerCase(Locale.ROOT) + ",app_io,true,2026-03-02T09:00:00Z,app", // 3: same citizen
                                A + ",email,false,2026-04-01T08:00:00Z,", // 4: withdrawal, history kept
                                B + ",sms,true,2026-03-05T12:00:00Z,crm", // 5: omocodic
                                A_BAD_CHECK + ",email,true,2026-03-01T10:00:00Z,crm", // 6
                                B + ",fax,true,2026-03-05T12:00:00Z,crm", // 7
                                B + ",call,true,2026-03-05 12:00,crm", // 8
                                B + ",call,true", // 9
                                "", // 10: blank, not a row
                                C + ",call,true,2026-03-06T10:00:00Z,first", // 11: superseded by 12
                                C + ",call,true,2026-03-06T10:00:00Z,second")
                        + "\n"); // 12
        Path suppression = exports.resolve("suppression.csv");
        Files.writeString(
                suppression,
                String.join(
                        "\r\n",
                        "fiscal_code,reason,since,until,source",
                        A + ",do_not_contact,2026-03-10,,crm", // 2
                        B + ",moved_away,2026-02-01T00:00:00+01:00,2026-12-31,anagrafe", // 3
                        C + ",deceased,yesterday,,anagrafe", // 4
                        D + ",on_holiday,2026-03-01,,crm")); // 5
        consentFile = consent.toUri().toString();
        suppressionFile = suppression.toString();
    }

    @AfterAll
    static void close() {
        if (spark != null) {
            spark.stop();
        }
    }

    static BatchSettings settings(LocalDate date, Map<String, String> extra) {
        Map<String, String> c = new HashMap<>(Map.of(
                "job",
                "consent",
                "date",
                date.toString(),
                "catalog.type",
                "hadoop",
                "catalog.warehouse",
                warehouse.toUri().toString(),
                "spark.master",
                "local[2]",
                "batch.shuffle-partitions",
                "2",
                CivicConfig.PSEUDONYMISATION_KEY,
                Base64.getEncoder().encodeToString(KEY)));
        c.putAll(extra);
        return BatchSettings.from(CivicConfig.of(c));
    }

    static JobResult importBoth() {
        JobResult r = new ConsentJob()
                .run(
                        spark,
                        settings(
                                DAY,
                                Map.of(
                                        ConsentJob.CONSENT_FILE,
                                        exports.toUri() + "consent-{date}.csv",
                                        ConsentJob.SUPPRESSION_FILE,
                                        suppressionFile)),
                        DAY);
        assertThat(r.failedHardChecks()).isEmpty();
        return r;
    }

    static List<String> rows(String table, String order) {
        return spark.sql("SELECT * FROM lake." + table + " ORDER BY " + order).collectAsList().stream()
                .map(Row::toString)
                .toList();
    }

    static List<Row> all(String table) {
        return spark.sql("SELECT * FROM lake." + table + " ORDER BY 1, 2, 3, 4").collectAsList();
    }

    static String k(String code) {
        return P.citizenKey(code);
    }

    @Test
    @Order(1)
    void importsConsentsSuppressionsAndRejections() {
        JobResult r = importBoth();
        assertThat(r.figures())
                .containsEntry("consent_rows_read", 10L)
                .containsEntry("consent_rows_imported", 5L)
                .containsEntry("consent_rows_rejected", 5L)
                .containsEntry("consent_rows_new", 5L)
                .containsEntry("suppression_rows_read", 4L)
                .containsEntry("suppression_rows_imported", 2L)
                .containsEntry("suppression_rows_rejected", 2L)
                .containsEntry("suppression_rows_new", 2L);
        assertThat(r.checks())
                .filteredOn(c -> c.severity() == QualityCheck.Severity.HARD)
                .hasSize(6)
                .allMatch(QualityCheck::passed);

        List<Row> consent = spark.sql("SELECT citizen_key, channel, granted, consent_at, source, import_file FROM lake."
                        + ConsentJob.CONSENT + " ORDER BY consent_at, channel")
                .collectAsList();
        assertThat(consent)
                .containsExactly(
                        Row.fromSeq(seq(
                                k(A), "email", true, Instant.parse("2026-03-01T09:00:00Z"), "portale", consentFile)),
                        Row.fromSeq(
                                seq(k(A), "app_io", true, Instant.parse("2026-03-02T09:00:00Z"), "app", consentFile)),
                        Row.fromSeq(seq(k(B), "sms", true, Instant.parse("2026-03-05T12:00:00Z"), "crm", consentFile)),
                        Row.fromSeq(
                                seq(k(C), "call", true, Instant.parse("2026-03-06T10:00:00Z"), "second", consentFile)),
                        Row.fromSeq(
                                seq(k(A), "email", false, Instant.parse("2026-04-01T08:00:00Z"), null, consentFile)));
        assertThat(spark.sql("SELECT count(DISTINCT imported_at) FROM lake." + ConsentJob.CONSENT)
                        .first()
                        .getLong(0))
                .isEqualTo(1);

        List<Row> suppression = spark.sql("SELECT citizen_key, reason, since, until, source, import_file FROM lake."
                        + ConsentJob.SUPPRESSION + " ORDER BY since")
                .collectAsList();
        assertThat(suppression)
                .containsExactly(
                        Row.fromSeq(seq(
                                k(B),
                                "moved_away",
                                Instant.parse("2026-01-31T23:00:00Z"),
                                Instant.parse("2026-12-31T23:00:00Z"),
                                "anagrafe",
                                suppressionFile)),
                        Row.fromSeq(seq(
                                k(A),
                                "do_not_contact",
                                Instant.parse("2026-03-09T23:00:00Z"),
                                null,
                                "crm",
                                suppressionFile)));

        List<Row> rejections = spark.sql("SELECT import_file, line_number, reason FROM lake." + ConsentJob.REJECTIONS
                        + " ORDER BY import_file DESC, line_number")
                .collectAsList();
        assertThat(rejections)
                .containsExactly(
                        Row.fromSeq(seq(consentFile, 6L, "invalid_fiscal_code")),
                        Row.fromSeq(seq(consentFile, 7L, "invalid_channel")),
                        Row.fromSeq(seq(consentFile, 8L, "invalid_timestamp")),
                        Row.fromSeq(seq(consentFile, 9L, "missing_field")),
                        Row.fromSeq(seq(consentFile, 11L, "duplicate_key")),
                        Row.fromSeq(seq(suppressionFile, 4L, "invalid_timestamp")),
                        Row.fromSeq(seq(suppressionFile, 5L, "invalid_reason")));
        assertThat(spark.sql("SELECT detail FROM lake." + ConsentJob.REJECTIONS + " WHERE line_number = 11")
                        .first()
                        .getString(0))
                .startsWith("superseded by line 12");
        assertThat(spark.sql("SELECT count(*) FROM lake." + ConsentJob.REJECTIONS
                                + " WHERE detail IS NULL OR detail = ''")
                        .first()
                        .getLong(0))
                .isZero();
        // the staging tables are gone: only the registry's tables are left
        assertThat(spark.sql("SHOW TABLES IN lake.activation").collectAsList().stream()
                        .map(t -> "activation." + t.getString(1)))
                .containsExactlyInAnyOrderElementsOf(BatchJobs.specs().stream()
                        .flatMap(j -> j.outputNames().stream())
                        .filter(t -> t.startsWith("activation."))
                        .toList());

        firstImport = Map.of(
                ConsentJob.CONSENT,
                all(ConsentJob.CONSENT),
                ConsentJob.SUPPRESSION,
                all(ConsentJob.SUPPRESSION),
                ConsentJob.REJECTIONS,
                all(ConsentJob.REJECTIONS));
    }

    @Test
    @Order(2)
    void noTableHoldsAFiscalCodeInClear() {
        for (String table : List.of(ConsentJob.CONSENT, ConsentJob.SUPPRESSION, ConsentJob.REJECTIONS)) {
            List<String> strings = new ArrayList<>();
            for (StructField f : spark.table("lake." + table).schema().fields()) {
                if (f.dataType().equals(DataTypes.StringType)) {
                    spark.sql("SELECT " + f.name() + " FROM lake." + table)
                            .collectAsList()
                            .forEach(r -> strings.add(r.getString(0)));
                }
            }
            assertThat(strings).isNotEmpty();
            for (String v : strings) {
                if (v == null) {
                    continue;
                }
                assertThat(CitizenPseudonymiser.containsFiscalCodeShape(v))
                        .as("%s holds a fiscal-code shape", table)
                        .isFalse();
                for (String code : CODES) {
                    assertThat(v.toUpperCase(Locale.ROOT)).doesNotContain(code).doesNotContain(code.substring(0, 11));
                }
            }
        }
    }

    @Test
    @Order(3)
    void reimportingTheSameFilesChangesNothing() {
        JobResult r = importBoth();
        assertThat(r.figures())
                .containsEntry("consent_rows_read", 10L)
                .containsEntry("consent_rows_imported", 5L)
                .containsEntry("consent_rows_rejected", 5L)
                .containsEntry("consent_rows_new", 0L)
                .containsEntry("suppression_rows_new", 0L);
        for (String table : firstImport.keySet()) {
            assertThat(all(table)).as(table).isEqualTo(firstImport.get(table));
        }
    }

    @Test
    @Order(4)
    void aLaterExportAddsHistoryAndTheLatestConsentIsCurrent() throws Exception {
        LocalDate next = DAY.plusDays(1);
        Files.writeString(
                exports.resolve("consent-" + next + ".csv"),
                "channel,fiscal_code,consent_at,granted\n" + "email," + A + ",2026-04-02T16:00:00+02:00,true\n");
        JobResult r = new ConsentJob()
                .run(
                        spark,
                        settings(
                                next,
                                Map.of(
                                        ConsentJob.CONSENT_FILE,
                                        exports.resolve("consent-{date}.csv").toString())),
                        next);
        assertThat(r.failedHardChecks()).isEmpty();
        assertThat(r.figures())
                .containsEntry("consent_rows_new", 1L)
                .containsEntry("consent_rows_total", 6L)
                .doesNotContainKey("suppression_rows_read");
        // the current consent of a citizen for a channel: its row with the latest consent_at
        List<Row> current = spark.sql(
                        "SELECT channel, granted FROM (SELECT *, row_number() OVER (PARTITION BY citizen_key, channel"
                                + " ORDER BY consent_at DESC) AS n FROM lake." + ConsentJob.CONSENT
                                + ") WHERE n = 1 AND citizen_key = '" + k(A) + "'"
                                + " ORDER BY channel")
                .collectAsList();
        assertThat(current).containsExactly(Row.fromSeq(seq("app_io", true)), Row.fromSeq(seq("email", true)));
        assertThat(all(ConsentJob.SUPPRESSION)).isEqualTo(firstImport.get(ConsentJob.SUPPRESSION));
    }

    @Test
    @Order(5)
    void aFileWithoutTheRequiredColumnsOrAKeyFailsTheRun() throws Exception {
        Path bad = exports.resolve("bad.csv");
        Files.writeString(bad, "fiscal_code,channel,consent_at\n" + A + ",email,2026-03-01T10:00:00Z\n");
        assertThatThrownBy(() -> new ConsentJob()
                        .run(spark, settings(DAY, Map.of(ConsentJob.CONSENT_FILE, bad.toString())), DAY))
                .hasMessageContaining("lacks required column(s) granted")
                .hasMessageNotContaining(A);
        Map<String, String> noKey = new HashMap<>(Map.of(
                "job",
                "consent",
                "date",
                DAY.toString(),
                "catalog.type",
                "hadoop",
                "catalog.warehouse",
                warehouse.toUri().toString(),
                ConsentJob.CONSENT_FILE,
                consentFile));
        assertThatThrownBy(() -> new ConsentJob().run(spark, BatchSettings.from(CivicConfig.of(noKey)), DAY))
                .hasMessageContaining("pseudonymisation.key");
        assertThatThrownBy(() -> new ConsentJob().run(spark, settings(DAY, Map.of()), DAY))
                .hasMessageContaining("consent.file and/or suppression.file");
    }

    static Seq<Object> seq(Object... values) {
        return CollectionConverters.asScala(Arrays.asList(values)).toList();
    }
}
