package org.civicinsights.batch.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.batch.sla.CaseSla;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * core.citizen_profile for a date: one row per person key (the citizen key of identified people,
 * the anonymous id of the others) seen up to the end of that Rome day, folded from all their
 * events by {@link CitizenProfiler}, with their cases' service levels from mart.case_sla as of the
 * same date. A run replaces that date's rows; older dates are kept, so a profile can be compared
 * across time.
 */
public final class ProfileJob implements BatchJob {
    public static final String TABLE = BatchTables.CITIZEN_PROFILE;
    static final List<String> CASE_COLUMNS =
            List.of("open_cases", "overdue_cases", "at_risk_cases", "breached_cases_365d");
    /** The fold's output: the profile without the case columns, joined afterwards. */
    static final StructType FOLDED = new StructType(Arrays.stream(ProfileRows.PROFILE.fields())
            .filter(f -> !CASE_COLUMNS.contains(f.name()))
            .toArray(StructField[]::new));

    static final String RAW_COLUMNS =
            "event_id, event_type, event_time, channel, service_code, municipio, citizen_key, anonymous_id,"
                    + " language, csat, nps, ingested_at";

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "profile",
                JobKind.DAILY,
                List.of("sla"),
                List.of(TableSpec.of(BatchTables.CITIZEN_PROFILE, ProfileRows.PROFILE, "(as_of_date)")),
                "core.citizen_profile: one row per person and date");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        String table = BatchTables.name(s, TABLE);
        String suffix = date.toString().replace('-', '_');
        String folded = "profile_folded_" + suffix;
        String cases = "profile_cases_" + suffix;
        try {
            Dataset<Row> events = spark.sql(RawEvents.distinctEvents(
                    s,
                    RAW_COLUMNS,
                    "event_time < " + RawEvents.timestamp(RawEvents.endOf(date))
                            + " AND (citizen_key IS NOT NULL OR anonymous_id IS NOT NULL)"));
            events.groupByKey((MapFunction<Row, String>) ProfileJob::personKey, Encoders.STRING())
                    .flatMapGroups(
                            (FlatMapGroupsFunction<String, Row, Row>) (key, rows) -> fold(key, rows, date),
                            Encoders.row(FOLDED))
                    .createOrReplaceTempView(folded);
            caseCounts(spark, s, date).createOrReplaceTempView(cases);
            String columns = Arrays.stream(ProfileRows.PROFILE.fieldNames())
                    .map(c -> CASE_COLUMNS.contains(c) ? "coalesce(c." + c + ", 0) AS " + c : "p." + c)
                    .collect(Collectors.joining(", "));
            BatchTables.overwrite(
                    spark.sql("SELECT " + columns + " FROM " + folded + " p LEFT JOIN " + cases
                            + " c ON p.key_kind = 'citizen' AND p.citizen_key = c.citizen_key"),
                    table,
                    functions.col("as_of_date").equalTo(functions.lit(date)));

            Row f = spark.sql("SELECT count(*), count_if(key_kind = 'citizen'), count_if(key_kind = 'anonymous'),"
                            + " count_if(residency = 'resident'), count_if(contacts_365d > 0), coalesce(sum(contacts_365d), 0),"
                            + " count(*) - count(DISTINCT citizen_key) FROM " + table + " WHERE as_of_date = DATE '"
                            + date + "'")
                    .first();
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("profiles", f.getLong(0));
            figures.put("citizens", f.getLong(1));
            figures.put("anonymous", f.getLong(2));
            figures.put("residents", f.getLong(3));
            figures.put("active_365d", f.getLong(4));
            long rawContacts = spark.sql("SELECT count(*) FROM ("
                            + RawEvents.distinctEvents(
                                    s,
                                    RAW_COLUMNS,
                                    "event_time >= "
                                            + RawEvents.timestamp(CitizenProfiler.windowStart(date, 365))
                                            + " AND event_time < "
                                            + RawEvents.timestamp(RawEvents.endOf(date))
                                            + " AND (citizen_key IS NOT NULL OR anonymous_id IS NOT NULL)")
                            + ") WHERE " + contactSql())
                    .first()
                    .getLong(0);
            long orphanCases = spark.sql("SELECT count(*) FROM " + cases + " c LEFT ANTI JOIN " + table
                            + " p ON p.as_of_date = DATE '" + date + "' AND p.citizen_key = c.citizen_key")
                    .first()
                    .getLong(0);
            return new JobResult(
                    figures,
                    List.of(
                            QualityCheck.hard(
                                    "one_row_per_person",
                                    f.getLong(6),
                                    "person keys with more than one profile row for the date"),
                            QualityCheck.hard(
                                    "contacts_match_raw",
                                    Math.abs(f.getLong(5) - rawContacts),
                                    "the profiles' contacts in the last 365 days differ from the contact events counted in raw.interactions"),
                            QualityCheck.soft(
                                    "cases_without_profile",
                                    orphanCases,
                                    "citizens with cases in mart.case_sla but no event of their own in raw.interactions")));
        } finally {
            spark.catalog().dropTempView(folded);
            spark.catalog().dropTempView(cases);
        }
    }

    /** SQL form of {@link CitizenProfiler#isContact}, for the independent check against raw.interactions. */
    static String contactSql() {
        return "(event_type IN ("
                + CitizenProfiler.CONTACT_TYPES.stream()
                        .sorted()
                        .map(t -> "'" + t + "'")
                        .collect(Collectors.joining(", "))
                + ") OR (event_type = '" + EventType.CASE_OPENED.wireName() + "' AND channel = '"
                + Channel.STREET_REPORT.wireName() + "'))";
    }

    /** Identified people by citizen key; the others by anonymous id, prefixed so that the two kinds never collide. */
    static String personKey(Row r) {
        String citizen = r.getAs("citizen_key");
        return citizen != null ? "c|" + citizen : "a|" + r.getAs("anonymous_id");
    }

    static Iterator<Row> fold(String key, Iterator<Row> rows, LocalDate date) {
        List<ProfileEvent> events = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            events.add(new ProfileEvent(
                    r.getAs("event_id"),
                    r.getAs("event_type"),
                    (Instant) r.getAs("event_time"),
                    r.getAs("channel"),
                    r.getAs("service_code"),
                    r.getAs("municipio"),
                    r.getAs("language"),
                    r.getAs("csat"),
                    r.getAs("nps")));
        }
        return List.of(toRow(CitizenProfiler.build(key.substring(2), key.startsWith("c|"), events, date)))
                .iterator();
    }

    static Row toRow(CitizenProfile p) {
        return RowFactory.create(
                p.asOfDate(),
                p.citizenKey(),
                p.keyKind(),
                p.residency(),
                p.firstContactAt(),
                p.lastContactAt(),
                p.lastEventAt(),
                p.daysSinceLastContact(),
                p.contacts30d(),
                p.contacts90d(),
                p.contacts365d(),
                CollectionConverters.asScala(p.channels30d()),
                CollectionConverters.asScala(p.channels90d()),
                CollectionConverters.asScala(p.channels365d()),
                p.preferredChannel(),
                p.selfServiceContacts365d(),
                p.assistedContacts365d(),
                p.digitalSharePct(),
                p.onlineCompleted365d(),
                p.onlineAbandoned365d(),
                p.payments365d(),
                p.notificationsOpened365d(),
                p.casesOpened365d(),
                p.csatResponses365d(),
                p.avgCsat365d(),
                p.negativeFeedback30d(),
                p.lastNps(),
                p.lastNpsAt(),
                CollectionConverters.asScala(p.languages()).toSeq(),
                p.mainLanguage(),
                p.mainMunicipio(),
                CollectionConverters.asScala(p.servicesUsed()).toSeq(),
                p.servicesUsed().size());
    }

    /**
     * Each citizen's cases by service level as of the date. mart.case_sla holds one date, the one
     * its job last ran for: it must be this date, or the counts would silently belong to another day.
     */
    static Dataset<Row> caseCounts(SparkSession spark, BatchSettings s, LocalDate date) {
        requireSlaAsOf(spark, s, date);
        String sla = BatchTables.name(s, BatchTables.CASE_SLA);
        return spark.sql("SELECT c.citizen_key, CAST(count_if(s.concluded_date IS NULL) AS int) AS open_cases,"
                + " CAST(count_if(s.sla_status = '" + CaseSla.OPEN_OVERDUE + "') AS int) AS overdue_cases,"
                + " CAST(count_if(s.sla_status = '" + CaseSla.AT_RISK + "') AS int) AS at_risk_cases,"
                + " CAST(count_if(s.sla_status = '" + CaseSla.BREACHED + "' AND s.concluded_date >= DATE '"
                + date.minusDays(364)
                + "') AS int) AS breached_cases_365d FROM " + sla + " s JOIN " + BatchTables.name(s, BatchTables.CASES)
                + " c ON s.case_id = c.case_id WHERE c.citizen_key IS NOT NULL GROUP BY c.citizen_key");
    }

    /** Fails unless mart.case_sla exists and is as of {@code date} (it holds only the date its job last ran for). */
    public static void requireSlaAsOf(SparkSession spark, BatchSettings s, LocalDate date) {
        String sla = BatchTables.name(s, BatchTables.CASE_SLA);
        if (!spark.catalog().tableExists(sla)) {
            throw new IllegalStateException(
                    sla + " does not exist yet: run the cases and sla jobs for " + date + " first");
        }
        List<Row> asOf = spark.sql("SELECT DISTINCT as_of_date FROM " + sla).collectAsList();
        if (!asOf.isEmpty() && !(asOf.size() == 1 && date.equals(asOf.get(0).get(0)))) {
            throw new IllegalStateException(sla + " is as of "
                    + asOf.stream().map(r -> String.valueOf(r.get(0))).collect(Collectors.joining(", ")) + ", not "
                    + date + ": run the sla job for " + date + " first (civic batch run sla --date " + date + ")");
        }
    }
}
