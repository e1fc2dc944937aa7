package org.civicinsights.batch.contacts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.event.EventType;

/**
 * Contact-centre and assisted-contact KPIs from the contact events (contact_call, contact_chat,
 * contact_visit, contact_email): mart.contact_volume (Rome day x hour x channel),
 * mart.contact_languages (day x channel x language) and mart.contact_resolution (day x channel x
 * service, rolled up: repeat contacts and first-contact resolution, see {@link ContactWindow}).
 *
 * <p>What a run for D replaces (each table in one commit, whole day partitions):
 * <ul>
 *   <li>volume and languages: the days {@link ContactWindow#volumeDays}: D, and every earlier day
 *   that received contact events on D ({@code ingested_at} on D, Rome), recomputed from all their
 *   contacts. So a late event is counted by the run of the day it arrived, and a backfill of its
 *   own day (later) counts it too;</li>
 *   <li>resolution: {@link ContactWindow#resolutionDays}: for each of those days the days its
 *   contacts can change (7 x 24 h before and after), normally D-7 .. D, each as of the end of D.</li>
 * </ul>
 * Nothing after the end of D (event time) is read: the run for D gives the same rows whenever it
 * runs, given the same raw events. Re-running only an old date D sets the resolution rows of
 * D-6 .. D back to what was known on D (provisional FCR): rerun D .. D+7 (a range, ascending) to
 * make them final again.
 */
public final class ContactsJob implements BatchJob {
    static final String CONTACT_VOLUME_COLUMNS = "contact_date date, hour_of_day int, channel string, contacts bigint,"
            + " answered bigint, abandoned bigint, abandonment_rate_pct double, avg_wait_seconds double,"
            + " avg_handle_seconds double, p90_wait_seconds double";
    static final String CONTACT_RESOLUTION_COLUMNS = "contact_date date, channel string, service_code string,"
            + " contacts bigint, identified_contacts bigint, repeat_contacts bigint, first_contact_resolved bigint,"
            + " fcr_rate_pct double, repeat_rate_pct double, fcr_final boolean, as_of_date date";
    static final String CONTACT_LANGUAGES_COLUMNS =
            "contact_date date, channel string, language string, contacts bigint";

    /** The contact event types, from the contract's event-type families. */
    static final List<String> CONTACT_TYPES = Arrays.stream(EventType.values())
            .filter(t -> t.family() == EventType.Family.CONTACT)
            .map(EventType::wireName)
            .toList();

    /** The raw columns read. */
    static final String RAW_COLUMNS = "event_id, event_type, event_time, channel, service_code, citizen_key, language,"
            + " wait_seconds, handle_seconds, outcome, ingested_at";

    /** One contact's contribution to mart.contact_resolution. */
    static final StructType DECIDED = new StructType()
            .add("contact_date", DataTypes.DateType)
            .add("channel", DataTypes.StringType)
            .add("service_code", DataTypes.StringType)
            .add("identified", DataTypes.BooleanType)
            .add("is_repeat", DataTypes.BooleanType)
            .add("is_fcr", DataTypes.BooleanType);

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "contacts",
                JobKind.DAILY,
                List.of(),
                List.of(
                        TableSpec.ofDdl(BatchTables.CONTACT_VOLUME, CONTACT_VOLUME_COLUMNS, "(contact_date)"),
                        TableSpec.ofDdl(BatchTables.CONTACT_RESOLUTION, CONTACT_RESOLUTION_COLUMNS, "(contact_date)"),
                        TableSpec.ofDdl(BatchTables.CONTACT_LANGUAGES, CONTACT_LANGUAGES_COLUMNS, "(contact_date)")),
                "mart.contact_volume, contact_resolution, contact_languages: contacts per hour, abandonment, waits,"
                        + " repeat contacts and first-contact resolution (7 x 24 h), languages");
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        String types = CONTACT_TYPES.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
        Instant start = RawEvents.startOf(date);
        Instant end = RawEvents.endOf(date);
        List<LocalDate> late = new ArrayList<>();
        for (Row r : spark.sql("SELECT DISTINCT " + RawEvents.romeDate("event_time") + " FROM " + RawEvents.table(s)
                        + " WHERE event_type IN (" + types + ") AND ingested_at >= " + RawEvents.timestamp(start)
                        + " AND ingested_at < " + RawEvents.timestamp(end) + " AND event_time < "
                        + RawEvents.timestamp(start))
                .collectAsList()) {
            late.add(r.getAs(0));
        }
        SortedSet<LocalDate> volumeDays = ContactWindow.volumeDays(date, late);
        SortedSet<LocalDate> resolutionDays = ContactWindow.resolutionDays(date, late);
        String ranges = ContactWindow.readRanges(resolutionDays, date).stream()
                .map(r -> "(event_time >= " + RawEvents.timestamp(r.from()) + " AND event_time < "
                        + RawEvents.timestamp(r.to()) + ")")
                .collect(Collectors.joining(" OR "));
        Dataset<Row> contacts = spark.sql("SELECT event_id, event_type, event_time, " + RawEvents.romeDate("event_time")
                        + " AS contact_date, "
                        + RawEvents.romeHour("event_time")
                        + " AS hour_of_day, channel, service_code, citizen_key, language, wait_seconds,"
                        + " handle_seconds, outcome, coalesce(outcome = '" + ContactWindow.ABANDONED
                        + "', false) AS abandoned FROM ("
                        + RawEvents.distinctEvents(s, RAW_COLUMNS, "event_type IN (" + types + ") AND (" + ranges + ")")
                        + ")")
                .persist(StorageLevel.MEMORY_AND_DISK());
        String view = "contacts_" + date.toString().replace('-', '_');
        String decidedView = "contacts_decided_" + date.toString().replace('-', '_');
        try {
            contacts.createOrReplaceTempView(view);
            BatchTables.overwrite(
                    spark.sql(volumeSql(view, volumeDays)),
                    BatchTables.name(s, BatchTables.CONTACT_VOLUME),
                    inDays(volumeDays));
            BatchTables.overwrite(
                    spark.sql(languagesSql(view, volumeDays)),
                    BatchTables.name(s, BatchTables.CONTACT_LANGUAGES),
                    inDays(volumeDays));

            Dataset<Row> keyed = contacts.where("citizen_key IS NOT NULL")
                    .groupByKey((MapFunction<Row, String>) r -> r.getAs("citizen_key"), Encoders.STRING())
                    .flatMapGroups(
                            (FlatMapGroupsFunction<String, Row, Row>) ContactsJob::decideCitizen,
                            Encoders.row(DECIDED));
            Dataset<Row> anonymous = spark.sql("SELECT contact_date, coalesce(channel, 'unknown') AS channel,"
                    + " coalesce(service_code, 'unknown') AS service_code, false AS identified, false AS is_repeat, false AS is_fcr"
                    + " FROM " + view + " WHERE citizen_key IS NULL");
            keyed.unionByName(anonymous).createOrReplaceTempView(decidedView);
            BatchTables.overwrite(
                    spark.sql(resolutionSql(decidedView, resolutionDays, date)),
                    BatchTables.name(s, BatchTables.CONTACT_RESOLUTION),
                    inDays(resolutionDays));

            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put(
                    "contacts",
                    spark.table(view)
                            .where(functions.col("contact_date").equalTo(functions.lit(date)))
                            .count());
            figures.put("late_days", (long) volumeDays.size() - 1);
            figures.put("resolution_days", (long) resolutionDays.size());
            figures.put(
                    "contact_volume_rows",
                    spark.table(BatchTables.name(s, BatchTables.CONTACT_VOLUME))
                            .where(inDays(volumeDays))
                            .count());
            figures.put(
                    "contact_languages_rows",
                    spark.table(BatchTables.name(s, BatchTables.CONTACT_LANGUAGES))
                            .where(inDays(volumeDays))
                            .count());
            figures.put(
                    "contact_resolution_rows",
                    spark.table(BatchTables.name(s, BatchTables.CONTACT_RESOLUTION))
                            .where(inDays(resolutionDays))
                            .count());
            return new JobResult(figures, checks(spark, s, view, volumeDays, resolutionDays));
        } finally {
            spark.catalog().dropTempView(view);
            spark.catalog().dropTempView(decidedView);
            contacts.unpersist();
        }
    }

    static Column inDays(SortedSet<LocalDate> days) {
        return functions.col("contact_date").isin(days.toArray());
    }

    static String dayList(SortedSet<LocalDate> days) {
        return days.stream().map(d -> "DATE '" + d + "'").collect(Collectors.joining(", "));
    }

    /** The repeat/FCR decisions of one citizen's contacts (all services and channels read by the run). */
    static Iterator<Row> decideCitizen(String citizenKey, Iterator<Row> rows) {
        List<ContactEvent> list = new ArrayList<>();
        rows.forEachRemaining(r -> list.add(new ContactEvent(
                r.getAs("event_id"),
                r.getAs("event_time"),
                r.getAs("channel"),
                r.getAs("service_code"),
                r.getAs("citizen_key"),
                r.getAs("outcome"))));
        List<Row> out = new ArrayList<>(list.size());
        for (ContactWindow.Verdict v : ContactWindow.classify(list)) {
            ContactEvent c = v.contact();
            out.add(RowFactory.create(
                    LocalDate.ofInstant(c.eventTime(), RomeTime.ZONE),
                    c.channel() == null ? "unknown" : c.channel(),
                    c.serviceCode() == null ? "unknown" : c.serviceCode(),
                    v.identified(),
                    v.repeat(),
                    v.firstContactResolved()));
        }
        return out.iterator();
    }

    static String volumeSql(String view, SortedSet<LocalDate> days) {
        return "SELECT contact_date, hour_of_day, channel, count(*) AS contacts, count_if(NOT abandoned) AS answered,"
                + " count_if(abandoned) AS abandoned, 100D * count_if(abandoned) / count(*) AS abandonment_rate_pct,"
                + " avg(wait_seconds) AS avg_wait_seconds, avg(CASE WHEN NOT abandoned THEN handle_seconds END) AS avg_handle_seconds,"
                + " percentile(wait_seconds, 0.9) AS p90_wait_seconds"
                + " FROM " + view + " WHERE contact_date IN (" + dayList(days)
                + ") GROUP BY contact_date, hour_of_day, channel";
    }

    static String languagesSql(String view, SortedSet<LocalDate> days) {
        return "SELECT contact_date, channel, coalesce(language, 'unknown') AS language, count(*) AS contacts"
                + " FROM " + view + " WHERE contact_date IN (" + dayList(days) + ")"
                + " GROUP BY contact_date, channel, coalesce(language, 'unknown')";
    }

    /** Every combination of channel and service rolled up (null = all), per day, as of the end of {@code asOf}. */
    static String resolutionSql(String view, SortedSet<LocalDate> days, LocalDate asOf) {
        return "SELECT contact_date, channel, service_code, count(*) AS contacts, count_if(identified) AS identified_contacts,"
                + " count_if(is_repeat) AS repeat_contacts, count_if(is_fcr) AS first_contact_resolved,"
                + " 100D * count_if(is_fcr) / nullif(count_if(identified), 0) AS fcr_rate_pct,"
                + " 100D * count_if(is_repeat) / nullif(count_if(identified), 0) AS repeat_rate_pct,"
                + " contact_date <= DATE '" + ContactWindow.lastFinalDay(asOf) + "' AS fcr_final, DATE '" + asOf
                + "' AS as_of_date"
                + " FROM " + view + " WHERE contact_date IN (" + dayList(days) + ")"
                + " GROUP BY contact_date, CUBE(channel, service_code)";
    }

    static List<QualityCheck> checks(
            SparkSession spark,
            BatchSettings s,
            String view,
            SortedSet<LocalDate> volumeDays,
            SortedSet<LocalDate> resolutionDays) {
        String vDays = dayList(volumeDays);
        String volume = BatchTables.name(s, BatchTables.CONTACT_VOLUME);
        String languages = BatchTables.name(s, BatchTables.CONTACT_LANGUAGES);
        String resolution = BatchTables.name(s, BatchTables.CONTACT_RESOLUTION);
        long notAddingUp = spark.sql("SELECT count_if(answered + abandoned <> contacts) FROM " + volume
                        + " WHERE contact_date IN (" + vDays + ")")
                .first()
                .getLong(0);
        long languageGap = spark.sql("SELECT count(*) FROM"
                        + " (SELECT contact_date, channel, sum(contacts) AS n FROM " + volume
                        + " WHERE contact_date IN (" + vDays + ") GROUP BY 1, 2) v"
                        + " FULL OUTER JOIN (SELECT contact_date, channel, sum(contacts) AS n FROM " + languages
                        + " WHERE contact_date IN (" + vDays + ")"
                        + " GROUP BY 1, 2) l ON v.contact_date = l.contact_date AND v.channel = l.channel"
                        + " WHERE v.n IS NULL OR l.n IS NULL OR v.n <> l.n")
                .first()
                .getLong(0);
        long resolutionGap = spark.sql("SELECT count(*) FROM"
                        + " (SELECT contact_date, sum(contacts) AS n FROM " + volume + " WHERE contact_date IN ("
                        + vDays + ") GROUP BY 1) v"
                        + " FULL OUTER JOIN (SELECT contact_date, contacts AS n FROM " + resolution
                        + " WHERE contact_date IN (" + vDays + ")"
                        + " AND channel IS NULL AND service_code IS NULL) r ON v.contact_date = r.contact_date"
                        + " WHERE v.n IS NULL OR r.n IS NULL OR v.n <> r.n")
                .first()
                .getLong(0);
        long inconsistent = spark.sql(
                        "SELECT count_if(repeat_contacts > identified_contacts OR first_contact_resolved > identified_contacts"
                                + " OR identified_contacts > contacts) FROM " + resolution + " WHERE contact_date IN ("
                                + dayList(resolutionDays) + ")")
                .first()
                .getLong(0);
        Row source = spark.sql("SELECT count_if(event_type = 'contact_call' AND wait_seconds IS NULL),"
                        + " count_if(NOT abandoned AND citizen_key IS NULL), count_if(NOT abandoned AND service_code IS NULL)"
                        + " FROM " + view + " WHERE contact_date IN (" + vDays + ")")
                .first();
        return List.of(
                QualityCheck.hard(
                        "contacts_add_up",
                        notAddingUp,
                        "contact_volume rows where answered + abandoned differs from contacts"),
                QualityCheck.hard(
                        "languages_match_volume",
                        languageGap,
                        "days x channels whose contact_languages total differs from contact_volume"),
                QualityCheck.hard(
                        "resolution_matches_volume",
                        resolutionGap,
                        "days whose contact_resolution all-channels, all-services row differs from contact_volume"),
                QualityCheck.hard(
                        "resolution_counts_consistent",
                        inconsistent,
                        "contact_resolution rows with more repeats or resolutions than identified contacts, or more identified than contacts"),
                QualityCheck.soft(
                        "calls_without_wait_seconds",
                        source.getLong(0),
                        "contact_call events without wait_seconds (not in the wait averages)"),
                QualityCheck.soft(
                        "unidentified_contacts",
                        source.getLong(1),
                        "contacts (not abandoned) without citizen_key: they cannot count for repeat contacts and FCR"),
                QualityCheck.soft(
                        "contacts_without_service",
                        source.getLong(2),
                        "contacts (not abandoned) without service_code: they cannot count for repeat contacts and FCR"));
    }
}
