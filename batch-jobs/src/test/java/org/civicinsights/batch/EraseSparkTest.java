package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.privacy.EraseJob;
import org.civicinsights.batch.privacy.PersonKeys;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The erase job on Spark (local mode) over a real Iceberg lake holding three persons in every
 * register table that holds persons: A (erased; a citizen key, an anonymous id tied to it by an
 * identified event, a case), B (whose identified event on A's shared device carries A's anonymous
 * id) and C. Raw tables are created as Trino creates them (no row-level write properties).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EraseSparkTest {
    static final String A = "a".repeat(60) + "0001";
    static final String A_DEVICE = "web-a-device-1";
    static final String B = "b".repeat(60) + "0002";
    static final String C = "c".repeat(60) + "0003";
    static final String D = "d".repeat(60) + "0004";
    static final String TOPIC = "civic.interactions.v1";
    static final String EVENTS = "lake.raw.interactions";
    static final DataRegister REGISTER = DataRegister.bundled();

    static Path warehouse;
    static Path outbox;
    static SparkSession spark;
    /** Rows of A (or A's anonymous id) inserted per table, by the fixture. */
    static final Map<String, Long> rowsOfA = new TreeMap<>();

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-erase-test");
        outbox = Files.createTempDirectory("civic-erase-outbox");
        spark = TestLake.open(warehouse, "erase-test");
        long t0 = System.nanoTime();
        rawTables();
        personTables();
        System.out.printf("fixture in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void close() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    @Order(1)
    void aPersonIsGoneFromEveryTableAndEveryFileWhileCasesStatisticsAndSuppressionStay() throws Exception {
        // the rows the erasure must leave as they are: no key of A, not the duplicate of A's visit
        Map<String, List<String>> untouchedBefore = rowsWithout(A, A_DEVICE, "\"a-visit\"");
        long caseEventsOfA = count(EVENTS, "case_id = 'CASE-A' AND left(event_type, 5) = 'case_'");
        long caseEventsHoldingA = count(EVENTS, "case_id = 'CASE-A' AND citizen_key = '" + A + "'");
        String id = UUID.randomUUID().toString();

        JobResult result = erase(id, A);

        for (String table : lakeTables()) { // the current snapshot of every table
            if (table.equals("lake.activation.suppression")) {
                continue; // kept on purpose, below
            }
            assertThat(count(table, ROW + " LIKE '%" + A + "%' OR (" + HOLDS_A_DEVICE + ")"))
                    .as(table)
                    .isZero();
        }
        // no manifest of the current snapshot keeps the rewritten files' entries, and their column bounds
        for (String table : List.of(EVENTS, "lake.core.citizen_profile")) {
            assertThat(spark.sql("SELECT count(*) FROM " + table + ".entries WHERE status = 2")
                            .first()
                            .getLong(0))
                    .as(table)
                    .isZero();
        }
        // whichever snapshot or orphan a file was (the suppression's files hold A's key on purpose)
        assertThat(parquetFilesHolding(ROW + " LIKE '%" + A + "%' OR (" + HOLDS_A_DEVICE + ")"))
                .isNotEmpty()
                .allMatch(f -> f.contains("/activation/suppression/"));
        // every other row is as it was; the anonymised rows are there too, now without a person
        Map<String, List<String>> untouchedAfter = rowsWithout(A, A_DEVICE, "\"a-visit\"");
        for (Map.Entry<String, List<String>> t : untouchedBefore.entrySet()) {
            long anonymised = t.getKey().equals(EVENTS)
                    ? caseEventsHoldingA
                    : t.getKey().equals("lake.core.cases") ? rowsOfA.get("core.cases") : 0;
            assertThat(untouchedAfter.get(t.getKey())).as(t.getKey()).containsAll(t.getValue());
            assertThat(untouchedAfter.get(t.getKey()).size() - t.getValue().size())
                    .as(t.getKey())
                    .isEqualTo(anonymised);
        }
        // B's event on A's shared device is B's, and stays as it was
        assertThat(count(EVENTS, "event_id = 'b-on-a-device' AND citizen_key = '" + B + "'"))
                .isEqualTo(1);
        // the case stays for the statistics, without its person; so do its events, anonymised
        assertThat(count("lake.core.cases", "case_id = 'CASE-A' AND citizen_key IS NULL"))
                .isEqualTo(rowsOfA.get("core.cases"));
        assertThat(count(EVENTS, "case_id = 'CASE-A'")).isEqualTo(caseEventsOfA);
        assertThat(count(
                        EVENTS,
                        "event_id = 'a-case-opened' AND case_id = 'CASE-A' AND citizen_key IS NULL AND anonymous_id IS NULL"
                                + " AND operator_id IS NULL AND session_id IS NULL AND feedback_text IS NULL AND lat IS NULL"
                                + " AND lon IS NULL AND service_code = 'ANAG-CERT'"))
                .isEqualTo(1);
        // the duplicate of a case event stays (it points to an anonymised event), that of a deleted event goes
        assertThat(count("lake.raw.duplicate_events", "event_id = 'a-case-opened'"))
                .isEqualTo(1);
        assertThat(count("lake.raw.duplicate_events", "event_id = 'a-visit'")).isZero();
        // the objection to contact stays: the person is never contacted again
        assertThat(count("lake.activation.suppression", "citizen_key = '" + A + "'"))
                .isEqualTo(rowsOfA.get("activation.suppression"));

        Map<String, Row> recorded = erasures(id);
        for (RegisteredTable t : REGISTER.tables()) {
            if (!t.reachedByErasure()) {
                assertThat(recorded).as(t.name()).doesNotContainKey(t.name());
                continue;
            }
            Row r = recorded.get(t.name());
            assertThat(r).as(t.name()).isNotNull();
            long expected = rowsOfA.getOrDefault(t.name(), 0L);
            long anonymised = t.name().equals("raw.interactions")
                    ? caseEventsHoldingA
                    : t.erasure() == DataRegister.ErasureAction.ANONYMISE ? expected : 0;
            assertThat(r.<Long>getAs("rows_deleted") + r.<Long>getAs("rows_anonymised"))
                    .as(t.name())
                    .isEqualTo(expected);
            assertThat(r.<Long>getAs("rows_anonymised")).as(t.name()).isEqualTo(anonymised);
            assertThat(r.<Long>getAs("data_files_rewritten")).as(t.name()).isPositive();
            assertThat(r.<String>getAs("ticket")).isEqualTo("DPO-2026-17");
            assertThat(r.toString()).doesNotContain(A, A_DEVICE);
        }
        // the accounting identity: per Kafka partition, the raw rows erased
        Map<String, Long> bySource = new TreeMap<>();
        for (String raw : List.of("raw.interactions", "raw.rejected_events", "raw.duplicate_events")) {
            List<Row> sources = recorded.get(raw).getList(recorded.get(raw).fieldIndex("deleted_by_source"));
            sources.forEach(s -> bySource.merge(s.getString(0) + "/" + s.getInt(1), s.getLong(2), Long::sum));
            assertThat(sources.stream().mapToLong(s -> s.getLong(2)).sum())
                    .isEqualTo(recorded.get(raw).<Long>getAs("rows_deleted"));
        }
        assertThat(bySource).isEqualTo(rawRowsOfABySource);
        assertThat(result.figures().get("deleted.raw.interactions"))
                .isEqualTo(recorded.get("raw.interactions").<Long>getAs("rows_deleted"));
        assertThat(result.figures().keySet().toString() + result.figures().values())
                .doesNotContain(A);

        Path notices = outbox.resolve("erasures").resolve(id + ".jsonl");
        assertThat(Files.readAllLines(notices))
                .singleElement()
                .asString()
                .startsWith("{\"schema_version\":1,\"erasure_id\":\"" + id + "\",\"ticket\":\"DPO-2026-17\"")
                .endsWith("\"citizen_key\":\"" + A + "\"}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(notices)))
                .isEqualTo("rw-------");
    }

    /**
     * A rerun for A finds nothing more and records zeros, while D, whose events are only in
     * raw.interactions, is erased as the ingest job keeps committing appends (files whose key range
     * covers D's key, so that serializable isolation would have failed the delete).
     */
    @Test
    @Order(2)
    void aRerunFindsNothingMoreAndTheIngestJobKeepsAppendingWithoutLosingARow() throws Exception {
        HadoopCatalog catalog = new HadoopCatalog(
                spark.sparkContext().hadoopConfiguration(), warehouse.toUri().toString());
        Table table = catalog.loadTable(TableIdentifier.of("raw", "interactions"));
        spark.sql("INSERT INTO " + EVENTS + " VALUES "
                + event("d-visit", "contact_visit", "2026-06-16T09:00:00Z", D, null, null, 0, 30) + ", "
                + event("d-case", "case_opened", "2026-06-16T10:00:00Z", D, null, "CASE-D", 1, 30));
        AtomicBoolean erasing = new AtomicBoolean(true);
        CompletableFuture<List<String>> appended = CompletableFuture.supplyAsync(() -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; erasing.get() || i < 3; i++) {
                ids.add(append(table, i));
                try {
                    Thread.sleep(100); // about the pace of a busy ingest job's commits, scaled down
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ids;
        });
        String id = UUID.randomUUID().toString();
        try {
            erase(id, A, D);
        } finally {
            erasing.set(false);
        }
        List<String> ids = appended.get();
        spark.sql("REFRESH TABLE " + EVENTS); // this session's catalog caches the table it last read

        assertThat(ids.size()).isGreaterThan(3); // the appends ran during the erasure
        assertThat(spark
                        .sql("SELECT event_id FROM " + EVENTS + " WHERE event_id LIKE 'appended-%' AND citizen_key = '"
                                + C + "'")
                        .collectAsList()
                        .stream()
                        .map(r -> r.getString(0))
                        .toList())
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(count(EVENTS, "citizen_key = '" + D + "'")).isZero();
        assertThat(count(EVENTS, "event_id = 'd-case' AND citizen_key IS NULL")).isEqualTo(1);
        Map<String, Row> recorded = erasures(id);
        assertThat(recorded.keySet()).contains("raw.interactions", "core.citizen_profile");
        recorded.forEach((name, r) -> {
            boolean d = name.equals("raw.interactions"); // D's visit deleted, D's case event anonymised
            assertThat(r.<Long>getAs("rows_deleted")).as(name).isEqualTo(d ? 1 : 0);
            assertThat(r.<Long>getAs("rows_anonymised")).as(name).isEqualTo(d ? 1 : 0);
            assertThat(r.<Long>getAs("citizen_keys")).isEqualTo(2);
        });
        assertThat(Files.readAllLines(outbox.resolve("erasures").resolve(id + ".jsonl")))
                .hasSize(2);

        // a row of D committed after the statement (a late ingest commit) is what the final check finds
        spark.sql("INSERT INTO " + EVENTS + " VALUES "
                + event("d-late", "contact_visit", "2026-06-17T09:00:00Z", D, null, null, 0, 31));
        assertThat(EraseJob.left(
                        spark,
                        TestLake.settings(warehouse, "erase", "2026-07-01"),
                        DataRegister.bundled(),
                        new PersonKeys(List.of(D), List.of()),
                        List.of("raw.interactions", "core.citizen_profile")))
                .isEqualTo(Map.of("raw.interactions", 1L));
    }

    // ---- the erase job, as civic privacy erase runs it

    static JobResult erase(String id, String... citizenKeys) throws Exception {
        Path keys = Files.createTempFile("keys", ".txt");
        Files.writeString(keys, "\n" + String.join("\n", citizenKeys) + "\n");
        Map<String, String> conf = new HashMap<>(
                TestLake.settings(warehouse, "erase", "2026-07-01").config().asMap());
        conf.put("erase.keys-file", keys.toString());
        conf.put("erase.id", id);
        conf.put("erase.ticket", "DPO-2026-17");
        conf.put("erase.reason", "art. 17 request");
        conf.put("outreach.outbox", outbox.toString());
        conf.put("privacy.erasures-topic", "none"); // no broker in these tests: Kafka is in the IT
        BatchSettings s = BatchSettings.from(CivicConfig.of(conf));
        return BatchJobs.job("erase").run(spark, s, LocalDate.parse("2026-07-01"));
    }

    static Map<String, Row> erasures(String id) {
        Map<String, Row> out = new TreeMap<>();
        spark.sql("SELECT * FROM lake.meta.erasures WHERE erasure_id = '" + id + "'")
                .collectAsList()
                .forEach(r -> out.put(r.getAs("table_name"), r));
        return out;
    }

    // ---- the fixture

    static final Map<String, Long> rawRowsOfABySource = new TreeMap<>();

    static void rawTables() {
        spark.sql(
                "CREATE TABLE " + EVENTS + " (event_id string, event_type string, event_time timestamp, channel string,"
                        + " service_code string, municipio int, citizen_key string, anonymous_id string, authenticated boolean,"
                        + " case_id string, case_status string, language string, operator_id string, wait_seconds int,"
                        + " handle_seconds int, outcome string, csat int, nps int, feedback_text string, lat double, lon double,"
                        + " amount_eur decimal(12,2), source_system string, schema_version int, source_topic string,"
                        + " source_partition int, source_offset bigint, ingested_at timestamp, session_id string,"
                        + " device_type string, contact_consent boolean) USING iceberg PARTITIONED BY (months(event_time))"
                        + " TBLPROPERTIES ('format-version'='2')");
        spark.sql(
                "CREATE TABLE lake.raw.rejected_events (source_topic string, source_partition int, source_offset bigint,"
                        + " kafka_timestamp timestamp, reason string, detail string, raw_payload string, rejected_at timestamp,"
                        + " producer string, source_record string, replay_of string) USING iceberg"
                        + " PARTITIONED BY (days(rejected_at)) TBLPROPERTIES ('format-version'='2')");
        spark.sql("CREATE TABLE lake.raw.duplicate_events (event_id string, event_time timestamp, source_topic string,"
                + " source_partition int, source_offset bigint, detected_at timestamp) USING iceberg"
                + " PARTITIONED BY (days(detected_at)) TBLPROPERTIES ('format-version'='2')");
        List<String> events = new ArrayList<>();
        // A: identified events on two channels, one on the device that ties A's anonymous id, a case
        // opened by A and closed by the back office (no person on it), and an anonymous visit on A's device
        events.add(event("a-visit", "contact_visit", "2026-06-10T09:00:00Z", A, null, null, 0, 1));
        events.add(event("a-feedback", "feedback_given", "2026-06-11T09:00:00Z", A, A_DEVICE, null, 1, 1));
        events.add(event("a-case-opened", "case_opened", "2026-05-20T09:00:00Z", A, null, "CASE-A", 0, 2));
        events.add(event("a-case-closed", "case_closed", "2026-06-20T09:00:00Z", null, null, "CASE-A", 1, 2));
        events.add(event("a-device-visit", "page_view", "2026-06-12T09:00:00Z", null, A_DEVICE, null, 0, 3));
        events.add(event("b-on-a-device", "contact_visit", "2026-06-13T09:00:00Z", B, A_DEVICE, null, 1, 3));
        events.add(event("b-visit", "contact_visit", "2026-06-14T09:00:00Z", B, "web-b", null, 0, 4));
        events.add(event("b-case-opened", "case_opened", "2026-05-21T09:00:00Z", B, null, "CASE-B", 1, 4));
        events.add(event("c-visit", "page_view", "2026-06-15T09:00:00Z", null, "web-c", null, 0, 5));
        spark.sql("INSERT INTO " + EVENTS + " VALUES " + String.join(", ", events));
        // deleted: a-visit (p0), a-feedback (p1), a-device-visit (p0); anonymised: the case's events
        rawRowsOfABySource.merge(TOPIC + "/0", 2L, Long::sum);
        rawRowsOfABySource.merge(TOPIC + "/1", 1L, Long::sum);
        rowsOfA.put("raw.interactions", 4L); // the back office's case_closed holds no person
        spark.sql("INSERT INTO lake.raw.duplicate_events VALUES"
                + " ('a-visit', TIMESTAMP '2026-06-10 09:00:00', '" + TOPIC
                + "', 1, 10, TIMESTAMP '2026-06-10 09:05:00'),"
                + " ('a-case-opened', TIMESTAMP '2026-05-20 09:00:00', '" + TOPIC
                + "', 0, 11, TIMESTAMP '2026-05-20 09:05:00'),"
                + " ('b-visit', TIMESTAMP '2026-06-14 09:00:00', '" + TOPIC
                + "', 1, 12, TIMESTAMP '2026-06-14 09:05:00')");
        rawRowsOfABySource.merge(TOPIC + "/1", 1L, Long::sum);
        rowsOfA.put("raw.duplicate_events", 1L);
        spark.sql("INSERT INTO lake.raw.rejected_events VALUES "
                + String.join(
                        ", ",
                        List.of(
                                rejected(0, 20, "{\"fiscal_code\":\"pseudonym:" + A + "\",\"channel\":\"fax\"}"),
                                rejected(1, 21, "{\"anonymous_id\":\"" + A_DEVICE + "\",\"event_type\":\"nope\"}"),
                                rejected(1, 22, "{\"fiscal_code\":\"pseudonym:" + B + "\",\"channel\":\"fax\"}"),
                                rejected(0, 23, "{\"anonymous_id\":\"web-a-device-10\",\"event_type\":\"nope\"}"))));
        rawRowsOfABySource.merge(TOPIC + "/0", 1L, Long::sum);
        rawRowsOfABySource.merge(TOPIC + "/1", 1L, Long::sum);
        rowsOfA.put("raw.rejected_events", 2L);
    }

    static String event(
            String id, String type, String time, String key, String anon, String caseId, int partition, long offset) {
        return "("
                + String.join(
                        ", ",
                        lit(id),
                        lit(type),
                        "TIMESTAMP '" + time.replace('T', ' ').replace("Z", "") + "'",
                        "'phone'",
                        "'ANAG-CERT'",
                        "1",
                        lit(key),
                        lit(anon),
                        String.valueOf(key != null),
                        lit(caseId),
                        caseId == null ? "NULL" : "'aperta'",
                        "'it'",
                        "'op-7'",
                        "30",
                        "120",
                        "'resolved'",
                        "4",
                        "9",
                        "'grazie, scrivetemi a [email]'",
                        "41.9",
                        "12.5",
                        "CAST(12.50 AS decimal(12,2))",
                        "'crm'",
                        "2",
                        lit(TOPIC),
                        String.valueOf(partition),
                        String.valueOf(offset),
                        "TIMESTAMP '2026-06-30 10:00:00'",
                        lit("session-" + id),
                        "'mobile'",
                        "true")
                + ")";
    }

    static String rejected(int partition, long offset, String payload) {
        return "(" + lit(TOPIC) + ", " + partition + ", " + offset
                + ", TIMESTAMP '2026-06-20 10:00:00', 'unknown_channel'," + " 'channel fax', " + lit(payload)
                + ", TIMESTAMP '2026-06-20 10:00:01', NULL, NULL, NULL)";
    }

    static String lit(String v) {
        return v == null ? "NULL" : "'" + v.replace("'", "\\'") + "'";
    }

    /**
     * Every other register table that holds persons: two rows of each person on two dates (A's
     * anonymous id has a profile of its own), values of the column's type elsewhere.
     */
    static void personTables() throws Exception {
        for (RegisteredTable t : REGISTER.tables()) {
            if (t.name().startsWith("raw.") || t.personColumns().isEmpty()) {
                continue;
            }
            String name = "lake." + t.name();
            StructType schema = spark.table(name).schema();
            List<Row> rows = new ArrayList<>();
            List<String> persons = new ArrayList<>(List.of(A, B, C));
            if (t.name().equals("core.citizen_profile")) {
                persons.add(A_DEVICE);
            }
            long ofA = 0;
            for (String person : persons) {
                int copies = t.name().equals("core.cases") ? 1 : 2;
                for (int i = 0; i < copies; i++) {
                    rows.add(row(schema, t.personColumns(), person, i));
                    if (person.equals(A) || person.equals(A_DEVICE)) {
                        ofA++;
                    }
                }
            }
            spark.createDataFrame(rows, schema).writeTo(name).append();
            rowsOfA.put(t.name(), ofA);
        }
        // core.cases: the case of A is the case the events are about
        spark.sql("UPDATE lake.core.cases SET case_id = 'CASE-A' WHERE citizen_key = '" + A + "'");
    }

    static Row row(StructType schema, List<String> personColumns, String person, int i) {
        Object[] values = new Object[schema.fields().length];
        for (int f = 0; f < values.length; f++) {
            StructField field = schema.fields()[f];
            values[f] = personColumns.contains(field.name()) ? person : value(field.dataType(), field.nullable(), i);
        }
        return RowFactory.create(values);
    }

    static Object value(DataType type, boolean nullable, int i) {
        if (type.equals(DataTypes.StringType)) {
            return "v" + i;
        } else if (type.equals(DataTypes.IntegerType)) {
            return i + 1;
        } else if (type.equals(DataTypes.LongType)) {
            return (long) i + 1;
        } else if (type.equals(DataTypes.DoubleType)) {
            return 1.5 + i;
        } else if (type.equals(DataTypes.BooleanType)) {
            return i % 2 == 0;
        } else if (type.equals(DataTypes.DateType)) {
            return LocalDate.parse("2026-06-29").plusDays(i);
        } else if (type.equals(DataTypes.TimestampType)) {
            return Instant.parse("2026-06-29T10:00:00Z").plusSeconds(86_400L * i);
        } else if (type instanceof DecimalType) {
            return BigDecimal.ONE;
        } else if (type instanceof ArrayType) {
            return CollectionConverters.asScala(List.of()).toSeq();
        } else if (type instanceof MapType) {
            return scala.collection.immutable.Map$.MODULE$.empty();
        } else if (nullable) {
            return null;
        }
        throw new IllegalStateException("no test value for " + type);
    }

    static String append(Table table, int i) {
        String id = "appended-" + i;
        table.refresh();
        GenericRecord r = GenericRecord.create(table.schema());
        r.setField("event_id", id);
        r.setField("event_type", "page_view");
        r.setField("event_time", OffsetDateTime.of(2026, 7, 1, 9, 0, 0, 0, ZoneOffset.UTC));
        r.setField("anonymous_id", "web-c");
        r.setField("citizen_key", C);
        r.setField("source_topic", TOPIC);
        r.setField("source_partition", 0);
        r.setField("source_offset", 1000L + i);
        try {
            PartitionKey partition = new PartitionKey(table.spec(), table.schema());
            partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(r));
            OutputFileFactory files = OutputFileFactory.builderFor(table, 1, i)
                    .format(FileFormat.PARQUET)
                    .build();
            DataWriter<Record> writer = new GenericAppenderFactory(table.schema(), table.spec())
                    .newDataWriter(files.newOutputFile(table.spec(), partition), FileFormat.PARQUET, partition);
            GenericRecord other = r.copy();
            other.setField("citizen_key", "0".repeat(64)); // with C, a key range that covers D's
            other.setField("event_id", id + "-other");
            try (writer) {
                writer.write(r);
                writer.write(other);
            }
            DataFile file = writer.toDataFile();
            table.newAppend().appendFile(file).commit(); // what the ingest job's sink does on a checkpoint
            return id;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- looking at the lake

    static long count(String table, String where) {
        return spark.sql("SELECT count(*) FROM " + table + " WHERE " + where)
                .first()
                .getLong(0);
    }

    /** A row as JSON text, to look for a value in every column at once. */
    static final String ROW = "to_json(struct(*))";

    /** SQL: the row holds A's anonymous id (not inside a longer id), on a row that is not B's. */
    static final String HOLDS_A_DEVICE =
            ROW + " RLIKE '" + A_DEVICE + "(?![0-9])' AND " + ROW + " NOT LIKE '%" + B + "%'";

    static List<String> lakeTables() {
        List<String> out = new ArrayList<>();
        for (Row ns : spark.sql("SHOW NAMESPACES IN lake").collectAsList()) {
            for (Row t : spark.sql("SHOW TABLES IN lake." + ns.getString(0)).collectAsList()) {
                out.add("lake." + ns.getString(0) + "." + t.getString(1));
            }
        }
        return out;
    }

    /** Every table's rows holding none of {@code values}, as text, sorted. */
    static Map<String, List<String>> rowsWithout(String... values) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RegisteredTable t : REGISTER.tables()) {
            String table = "lake." + t.name();
            if (t.personColumns().isEmpty() && !t.name().startsWith("raw.")) {
                continue; // the erasure does not write them
            }
            String where =
                    Stream.of(values).map(v -> ROW + " NOT LIKE '%" + v + "%'").collect(Collectors.joining(" AND "));
            out.put(
                    table,
                    spark
                            .sql("SELECT " + ROW + " FROM " + table + " WHERE " + where + " ORDER BY 1")
                            .collectAsList()
                            .stream()
                            .map(r -> r.getString(0))
                            .toList());
        }
        return out;
    }

    /** Every Parquet file under the warehouse, live or not, with a row matching {@code condition} (on ROW). */
    static List<String> parquetFilesHolding(String condition) throws Exception {
        Map<Path, List<String>> byTable;
        try (Stream<Path> files = Files.walk(warehouse)) {
            byTable = files.filter(p -> p.toString().endsWith(".parquet"))
                    .collect(Collectors.groupingBy(
                            p -> warehouse.relativize(p).subpath(0, 2),
                            TreeMap::new,
                            Collectors.mapping(p -> p.toUri().toString(), Collectors.toList())));
        }
        assertThat(byTable).containsKey(Path.of("raw", "interactions"));
        List<String> holding = new ArrayList<>();
        for (List<String> files : byTable.values()) {
            spark.read()
                    .option("mergeSchema", "true")
                    .parquet(files.toArray(String[]::new))
                    .where(condition)
                    .selectExpr("input_file_name() AS file")
                    .distinct()
                    .collectAsList()
                    .forEach(r -> holding.add(r.getString(0)));
        }
        return holding;
    }
}
