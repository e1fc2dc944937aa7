package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retention job on a real lake: backdated rows on both sides of each table's boundary (the day
 * enforced is 2026-03-31, so raw.interactions' 24 months end on 2024-03-31, a day Rome's clocks
 * went forward), the expected counts derived from the rows written and the boundary.
 */
class RetentionSparkTest {
    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    static final LocalDate DAY = LocalDate.of(2026, 3, 31);
    static Path warehouse;
    static SparkSession spark;

    /** One row of a fixture table: its key, its age (an instant or a date) and its Kafka partition. */
    record Fixture(String key, Object age, int partition) {}

    static final Map<String, List<Fixture>> ROWS = new HashMap<>();

    @BeforeAll
    static void lake() throws Exception {
        warehouse = TestLake.newWarehouse("civic-retention-test");
        spark = LakeSession.open(settings("PT0S"), "retention-test");
        spark.sparkContext().setLogLevel("WARN");
        for (String ns : List.of("raw", "core", "activation")) {
            spark.sql("CREATE NAMESPACE IF NOT EXISTS lake." + ns);
        }
        Instant rawBoundary = LocalDate.of(2024, 3, 31).atStartOfDay(ROME).toInstant(); // 23:00 UTC the day before
        Instant rejectedBoundary = LocalDate.of(2025, 12, 31).atStartOfDay(ROME).toInstant();
        Instant casesBoundary = rawBoundary;
        // as Trino creates it (no write mode), and one table set to merge-on-read, which the job must switch
        spark.sql("CREATE TABLE lake.raw.interactions (event_id string, event_time timestamp, citizen_key string,"
                + " anonymous_id string, source_topic string, source_partition int) USING iceberg"
                + " PARTITIONED BY (months(event_time))");
        spark.sql(
                "CREATE TABLE lake.raw.rejected_events (raw_payload string, rejected_at timestamp, source_topic string,"
                        + " source_partition int) USING iceberg TBLPROPERTIES ('format-version'='2',"
                        + " 'write.delete.mode'='merge-on-read', 'write.update.mode'='merge-on-read')");
        spark.sql(
                "CREATE TABLE lake.core.cases (case_id string, citizen_key string, last_event_at timestamp) USING iceberg"
                        + BatchTables.PROPERTIES);
        spark.sql("CREATE TABLE lake.core.citizen_profile (citizen_key string, as_of_date date) USING iceberg"
                + " PARTITIONED BY (as_of_date)" + BatchTables.PROPERTIES);
        spark.sql("CREATE TABLE lake.activation.outreach_list (citizen_key string, run_date date) USING iceberg"
                + BatchTables.PROPERTIES);
        spark.sql("CREATE TABLE lake.activation.segment_membership (citizen_key string, valid_from date, valid_to date)"
                + " USING iceberg" + BatchTables.PROPERTIES);

        long us = 1; // one microsecond, the columns' precision
        insertInstants(
                "raw.interactions",
                "event_time",
                rawBoundary,
                List.of(
                        new Fixture("i-old", rawBoundary.minus(400, ChronoUnit.DAYS), 0),
                        new Fixture("i-last-expired", rawBoundary.minus(us, ChronoUnit.MICROS), 1),
                        new Fixture(
                                "i-utc-day-before",
                                rawBoundary.minus(30, ChronoUnit.MINUTES),
                                0), // 23:30 Rome on the 30th
                        new Fixture("i-first-kept", rawBoundary, 1),
                        new Fixture(
                                "i-rome-day", rawBoundary.plus(30, ChronoUnit.MINUTES), 0), // 00:30 Rome on the 31st
                        new Fixture(
                                "i-recent", DAY.minusDays(2).atStartOfDay(ROME).toInstant(), 1)));
        insertInstants(
                "raw.rejected_events",
                "rejected_at",
                rejectedBoundary,
                List.of(
                        new Fixture("r-old", rejectedBoundary.minus(10, ChronoUnit.DAYS), 0),
                        new Fixture("r-last-expired", rejectedBoundary.minus(us, ChronoUnit.MICROS), 0),
                        new Fixture("r-first-kept", rejectedBoundary, 1)));
        insertInstants(
                "core.cases",
                "last_event_at",
                casesBoundary,
                List.of(
                        new Fixture("c-old", casesBoundary.minus(1, ChronoUnit.HOURS), 0),
                        new Fixture("c-kept", casesBoundary.plus(1, ChronoUnit.HOURS), 0)));
        insertDates(
                "core.citizen_profile",
                "as_of_date",
                List.of(
                        new Fixture("p-old", LocalDate.of(2025, 2, 27), 0), // 13 months before 31 March: 28 February
                        new Fixture("p-first-kept", LocalDate.of(2025, 2, 28), 0),
                        new Fixture("p-recent", DAY, 0)));
        insertDates(
                "activation.outreach_list",
                "run_date",
                List.of(
                        new Fixture("o-old", LocalDate.of(2025, 3, 30), 0),
                        new Fixture("o-first-kept", LocalDate.of(2025, 3, 31), 0)));
        spark.sql("INSERT INTO lake.activation.segment_membership VALUES"
                + " ('s-closed-old', DATE '2024-01-01', DATE '2025-01-15'),"
                + " ('s-closed-recent', DATE '2024-01-01', DATE '2025-06-01'),"
                + " ('s-open', DATE '2023-01-01', NULL)");
        ROWS.put(
                "activation.segment_membership",
                List.of(
                        new Fixture("s-closed-old", LocalDate.of(2025, 1, 15), 0),
                        new Fixture("s-closed-recent", LocalDate.of(2025, 6, 1), 0),
                        new Fixture("s-open", null, 0)));
    }

    @AfterAll
    static void close() {
        if (spark != null) {
            spark.stop();
        }
    }

    static BatchSettings settings(String snapshotRetention) {
        return BatchSettings.from(CivicConfig.of(Map.of(
                "job", "retention",
                "date", DAY.toString(),
                "catalog.type", "hadoop",
                "catalog.warehouse", warehouse.toUri().toString(),
                "spark.master", "local[2]",
                "batch.shuffle-partitions", "2",
                "privacy.snapshot-retention", snapshotRetention)));
    }

    static void insertInstants(String table, String column, Instant boundary, List<Fixture> rows) {
        ROWS.put(table, rows);
        String values = rows.stream()
                .map(f -> table.equals("core.cases")
                        ? "('" + f.key() + "', 'ck-" + f.key() + "', TIMESTAMP '" + f.age() + "')"
                        : table.equals("raw.interactions")
                                ? "('" + f.key() + "', TIMESTAMP '" + f.age() + "', 'ck-" + f.key()
                                        + "', NULL, 'civic.interactions.v1', " + f.partition() + ")"
                                : "('" + f.key() + "', TIMESTAMP '" + f.age() + "', 'civic.interactions.v1', "
                                        + f.partition() + ")")
                .collect(Collectors.joining(", "));
        spark.sql("INSERT INTO lake." + table + " VALUES " + values);
    }

    static void insertDates(String table, String column, List<Fixture> rows) {
        ROWS.put(table, rows);
        spark.sql("INSERT INTO lake." + table + " VALUES "
                + rows.stream()
                        .map(f -> "('" + f.key() + "', DATE '" + f.age() + "')")
                        .collect(Collectors.joining(", ")));
    }

    /** The keys of a table's fixtures whose age is before the first kept instant or day. */
    static List<String> expiredKeys(String table, Object firstKept) {
        return ROWS.get(table).stream()
                .filter(f -> f.age() != null && before(f.age(), firstKept))
                .map(Fixture::key)
                .toList();
    }

    static boolean before(Object age, Object firstKept) {
        return age instanceof Instant i
                ? i.isBefore((Instant) firstKept)
                : ((LocalDate) age).isBefore((LocalDate) firstKept);
    }

    @Test
    void removesExactlyTheExpiredRowsEverywhereAndARerunRemovesNothing() throws Exception {
        Instant rawBoundary = LocalDate.of(2024, 3, 31).atStartOfDay(ROME).toInstant();
        Map<String, List<String>> expired = new HashMap<>();
        expired.put("raw.interactions", expiredKeys("raw.interactions", rawBoundary));
        expired.put(
                "raw.rejected_events",
                expiredKeys(
                        "raw.rejected_events",
                        LocalDate.of(2025, 12, 31).atStartOfDay(ROME).toInstant()));
        expired.put("core.cases", expiredKeys("core.cases", rawBoundary));
        expired.put("core.citizen_profile", expiredKeys("core.citizen_profile", LocalDate.of(2025, 2, 28)));
        expired.put("activation.outreach_list", expiredKeys("activation.outreach_list", LocalDate.of(2025, 3, 31)));
        expired.put(
                "activation.segment_membership",
                expiredKeys("activation.segment_membership", LocalDate.of(2025, 2, 28)));
        Map<String, Long> rowsBefore = new HashMap<>();
        ROWS.keySet().forEach(t -> rowsBefore.put(t, count(t)));

        long t0 = System.nanoTime();
        assertThat(BatchMain.run(spark, settings("PT0S"))).isTrue();
        System.out.printf("retention run: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Map<String, Long> figures = lastFigures();
        for (String table : ROWS.keySet()) {
            long n = expired.get(table).size();
            if (table.equals("core.cases")) {
                assertThat(figures).containsEntry("anonymised:core.cases", n);
                assertThat(count(table)).isEqualTo(rowsBefore.get(table));
                assertThat(spark.sql("SELECT case_id FROM lake.core.cases WHERE citizen_key IS NULL")
                                .as(org.apache.spark.sql.Encoders.STRING())
                                .collectAsList())
                        .containsExactlyInAnyOrderElementsOf(expired.get(table));
            } else {
                assertThat(figures).as(table).containsEntry("removed:" + table, n);
                assertThat(count(table)).as(table).isEqualTo(rowsBefore.get(table) - n);
            }
        }
        assertThat(expired.get("activation.segment_membership")).containsExactly("s-closed-old"); // the open one stays
        // every Parquet file under the warehouse, live or not: no expired key, no anonymised case's person
        List<String> gone = new ArrayList<>();
        expired.forEach((t, keys) -> keys.forEach(k -> gone.add(t.equals("core.cases") ? "ck-" + k : k)));
        gone.addAll(expired.get("raw.interactions").stream().map(k -> "ck-" + k).toList());
        assertThat(filesHoldingAny(gone)).isEmpty();
        // expired rows per Kafka partition, for the accounting identity
        Map<Integer, Long> byPartition = new HashMap<>();
        ROWS.get("raw.interactions").stream()
                .filter(f -> expired.get("raw.interactions").contains(f.key()))
                .forEach(f -> byPartition.merge(f.partition(), 1L, Long::sum));
        Map<Integer, Long> recorded = new HashMap<>();
        spark.sql(
                        "SELECT source_partition, row_count FROM lake.meta.retention_expired WHERE table_name = 'raw.interactions'"
                                + " AND source_topic = 'civic.interactions.v1'")
                .collectAsList()
                .forEach(r -> recorded.merge(r.getInt(0), r.getLong(1), Long::sum));
        assertThat(recorded).isEqualTo(byPartition);

        assertThat(BatchMain.run(spark, settings("PT0S"))).isTrue();
        Map<String, Long> again = lastFigures();
        ROWS.keySet()
                .forEach(t -> assertThat(again)
                        .as(t)
                        .containsAnyOf(Map.entry("removed:" + t, 0L), Map.entry("anonymised:" + t, 0L)));
    }

    static long count(String table) {
        return spark.table("lake." + table).count();
    }

    static Map<String, Long> lastFigures() {
        Row r = spark.sql(
                        "SELECT figures FROM lake.meta.job_runs WHERE job = 'retention' ORDER BY attempt DESC LIMIT 1")
                .first();
        return r.getJavaMap(0);
    }

    /** Parquet files anywhere under the warehouse, live or not, with a string cell equal to one of {@code values}. */
    static List<String> filesHoldingAny(List<String> values) throws Exception {
        Map<Path, List<String>> byTable;
        try (Stream<Path> s = Files.walk(warehouse)) {
            // warehouse/<namespace>/<table>/data/...: one read per table (its files share a schema)
            byTable = s.filter(p -> p.toString().endsWith(".parquet"))
                    .collect(Collectors.groupingBy(
                            p -> warehouse.relativize(p).subpath(0, 2),
                            Collectors.mapping(p -> p.toUri().toString(), Collectors.toList())));
        }
        List<String> holding = new ArrayList<>();
        for (List<String> files : byTable.values()) {
            var df = spark.read().parquet(files.toArray(String[]::new));
            String anyColumn = java.util.Arrays.stream(df.schema().fields())
                    .filter(x -> x.dataType().equals(org.apache.spark.sql.types.DataTypes.StringType))
                    .map(x -> "`" + x.name() + "` IN ('" + String.join("', '", values) + "')")
                    .collect(Collectors.joining(" OR "));
            if (!anyColumn.isEmpty()) {
                df.where(anyColumn)
                        .select(org.apache.spark.sql.functions.input_file_name())
                        .distinct()
                        .collectAsList()
                        .forEach(r -> holding.add(r.getString(0)));
            }
        }
        return holding;
    }
}
