package org.civicinsights.batch.outreach;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.civicinsights.batch.BatchJob;
import org.civicinsights.batch.BatchSettings;
import org.civicinsights.batch.BatchTables;
import org.civicinsights.batch.CodeLabels;
import org.civicinsights.batch.JobKind;
import org.civicinsights.batch.JobResult;
import org.civicinsights.batch.JobSpec;
import org.civicinsights.batch.QualityCheck;
import org.civicinsights.batch.RawEvents;
import org.civicinsights.batch.TableSpec;
import org.civicinsights.batch.activation.OutreachChannel;
import org.civicinsights.batch.profile.ProfileJob;
import org.civicinsights.batch.segments.SegmentsJob;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.config.KafkaClientProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The daily outreach run: evaluates every campaign active on the run date, applies the contact
 * policy to each citizen across campaigns, writes the lists, the exclusions with their reason and
 * the delta against what the CRM last received, and exports the delta to the CRM (outbox files and
 * a Kafka topic). See docs/outreach.md and docs/crm-export.md.
 *
 * <p>Lists are standing: a citizen stays on a campaign's list while in its audience with consent,
 * and the CRM contacts them when they are added. Each run has an id {@code <date>-r<n>}; a rerun
 * of a date decides the same (the policy reads only runs of earlier dates) and its delta, against
 * the last export, is empty. A run's rows count only once its runs row says {@code exported}, which
 * is written last, after the files and the Kafka transaction: a run that fails half-way is ignored
 * by later runs, whose delta then includes its changes again.
 */
public final class OutreachJob implements BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(OutreachJob.class);
    public static final String LIST = "activation.outreach_list";
    public static final String EXCLUSIONS = "activation.outreach_exclusions";
    public static final String DELTA = "activation.outreach_delta";
    public static final String RUNS = "activation.outreach_runs";
    static final String STARTED = "started";
    static final String EXPORTED = "exported";
    static final String FAILED = "failed";
    static final String NO_TOPIC = "none";

    static final StructType LIST_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("run_date", DataTypes.DateType)
            .add("campaign", DataTypes.StringType)
            .add("campaign_version", DataTypes.IntegerType)
            .add("citizen_key", DataTypes.StringType)
            .add("channel", DataTypes.StringType)
            .add("priority", DataTypes.IntegerType)
            .add("template", DataTypes.StringType)
            .add("member_since", DataTypes.DateType);

    static final StructType EXCLUSIONS_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("run_date", DataTypes.DateType)
            .add("campaign", DataTypes.StringType)
            .add("citizen_key", DataTypes.StringType)
            .add("reason", DataTypes.StringType);

    static final StructType DELTA_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("run_date", DataTypes.DateType)
            .add("campaign", DataTypes.StringType)
            .add("previous_run_id", DataTypes.StringType)
            .add("change", DataTypes.StringType)
            .add("citizen_key", DataTypes.StringType)
            .add("channel", DataTypes.StringType)
            .add("previous_channel", DataTypes.StringType);

    static final StructType RUNS_SCHEMA = runsSchema();

    private static StructType runsSchema() {
        StructType t = new StructType()
                .add("run_id", DataTypes.StringType)
                .add("run_number", DataTypes.IntegerType)
                .add("run_date", DataTypes.DateType)
                .add("campaign", DataTypes.StringType)
                .add("campaign_version", DataTypes.IntegerType)
                .add("priority", DataTypes.IntegerType)
                .add("template", DataTypes.StringType)
                .add("status", DataTypes.StringType)
                .add("error", DataTypes.StringType)
                .add("audience", DataTypes.LongType)
                .add("list_size", DataTypes.LongType)
                .add("new_entries", DataTypes.LongType)
                .add("kept", DataTypes.LongType);
        for (ExclusionReason r : ExclusionReason.values()) {
            t = t.add("excluded_" + r.wire(), DataTypes.LongType);
        }
        return t.add("added", DataTypes.LongType)
                .add("removed", DataTypes.LongType)
                .add("changed", DataTypes.LongType)
                .add("previous_run_id", DataTypes.StringType)
                .add("export_seq", DataTypes.LongType)
                .add("outbox_dir", DataTypes.StringType)
                .add("kafka_topic", DataTypes.StringType)
                .add("kafka_messages", DataTypes.LongType)
                .add("started_at", DataTypes.TimestampType)
                .add("finished_at", DataTypes.TimestampType)
                .add("source", DataTypes.StringType);
    }

    @Override
    public JobSpec spec() {
        return new JobSpec(
                "outreach",
                JobKind.EXPORT,
                List.of("segments"),
                List.of(
                        TableSpec.of(OutreachJob.LIST, OutreachJob.LIST_SCHEMA, "(run_date)"),
                        TableSpec.of(OutreachJob.EXCLUSIONS, OutreachJob.EXCLUSIONS_SCHEMA, "(run_date)"),
                        TableSpec.of(OutreachJob.DELTA, OutreachJob.DELTA_SCHEMA, "(run_date)"),
                        TableSpec.of(OutreachJob.RUNS, OutreachJob.RUNS_SCHEMA, "(run_date)")),
                "activation.outreach_list, outreach_exclusions, outreach_delta, outreach_runs: the campaigns' lists,"
                        + " and the changes exported to the CRM (civic outreach run)",
                List.of("consent"));
    }

    /** The job's settings (see docs/deployment.md). */
    record Options(
            String outbox,
            String topic,
            String bootstrap,
            String campaign,
            boolean dryRun,
            ContactPolicy policy,
            String campaignsDir,
            boolean allowEarlierDate,
            long kafkaTimeoutMs,
            Map<String, String> kafkaClient) {
        static Options from(CivicConfig c) {
            ContactPolicy policy = new ContactPolicy(
                    (int) c.getLong("outreach.max-contacts", ContactPolicy.DEFAULT_MAX_CONTACTS),
                    (int) c.getLong("outreach.window-days", ContactPolicy.DEFAULT_WINDOW_DAYS));
            Options o = new Options(
                    c.get("outreach.outbox", null),
                    c.get(CivicConfig.OUTREACH_TOPIC),
                    c.get(CivicConfig.KAFKA_BOOTSTRAP),
                    c.get("outreach.campaign", null),
                    flag(c, "outreach.dry-run"),
                    policy,
                    c.get("campaigns.dir", null),
                    flag(c, "outreach.allow-earlier-date"),
                    c.getLong("outreach.kafka-timeout-ms", 30_000),
                    KafkaClientProperties.of(c, KafkaClientProperties.Kind.OUTREACH));
            if (!o.dryRun && o.outbox == null) {
                throw new IllegalArgumentException(
                        "outreach.outbox is required: the directory (or object-store URI) the CRM reads"
                                + " the exports from; or set outreach.dry-run=true to only look");
            }
            return o;
        }

        private static boolean flag(CivicConfig c, String key) {
            String v = c.get(key, "false");
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(key + " must be true or false, not " + v);
            }
            return v.equals("true");
        }

        boolean kafka() {
            return !topic.equals(NO_TOPIC);
        }
    }

    /** A campaign of this run: its definition's fields, or those of its last export when it is ending without one. */
    record Campaign(String name, int version, int priority, String template, boolean active, String source) {}

    /** The last export of a campaign: what the CRM holds. */
    record Export(
            String runId, LocalDate runDate, long seq, long listSize, int version, int priority, String template) {}

    /** What one campaign's run found, for its runs row and the printout. */
    static final class Outcome {
        final Campaign campaign;
        long audience;
        long listSize;
        long newEntries;
        long kept;
        final Map<ExclusionReason, Long> excluded = new EnumMap<>(ExclusionReason.class);
        long added;
        long removed;
        long changed;
        String previousRunId;
        long exportSeq;
        String outboxDir;
        long kafkaMessages = -1;
        String kafkaTopic;

        Outcome(Campaign campaign) {
            this.campaign = campaign;
            for (ExclusionReason r : ExclusionReason.values()) {
                excluded.put(r, 0L);
            }
        }

        long excludedTotal() {
            return excluded.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public JobResult run(SparkSession spark, BatchSettings s, LocalDate date) {
        Options o = Options.from(s.config());
        ProfileJob.requireProfiles(spark, s, date);
        Set<String> segments = new TreeSet<>();
        spark.table(BatchTables.name(s, BatchTables.SEGMENT_RUNS))
                .where("run_date = DATE '" + date + "' AND status = 'ok'")
                .select("segment")
                .collectAsList()
                .forEach(r -> segments.add(r.getString(0)));
        if (segments.isEmpty()) {
            throw new IllegalStateException(
                    "no segments evaluated for " + date + ": run the segments job for " + date + " first");
        }
        List<CampaignDefinitions.Loaded> loaded =
                CampaignDefinitions.checkSegments(CampaignDefinitions.load(o.campaignsDir()), segments);
        List<String> broken = loaded.stream()
                .filter(l -> !l.ok())
                .map(l -> l.name() + ": " + l.error())
                .toList();
        if (!broken.isEmpty()) {
            // all or nothing: without one campaign the others' priorities and caps would decide differently
            throw new IllegalStateException(
                    "campaign definitions that cannot be used (nothing was exported): " + String.join("; ", broken));
        }
        Map<String, CampaignDefinition> active = new LinkedHashMap<>();
        loaded.stream()
                .map(CampaignDefinitions.Loaded::definition)
                .filter(d -> d.activeOn(date))
                .sorted(Comparator.comparingInt(CampaignDefinition::priority).thenComparing(CampaignDefinition::name))
                .forEach(d -> active.put(d.name(), d));

        String runs = BatchTables.name(s, RUNS);
        Map<String, Export> lastExport = lastExports(spark, runs);
        // a campaign the CRM still holds a list of, but which is no longer active (ended, or its file
        // removed), gets an empty list: the CRM removes everyone
        Map<String, Campaign> campaigns = new LinkedHashMap<>();
        active.values()
                .forEach(d -> campaigns.put(
                        d.name(), new Campaign(d.name(), d.version(), d.priority(), d.template(), true, d.source())));
        lastExport.forEach((name, e) -> {
            if (!active.containsKey(name) && e.listSize() > 0) {
                campaigns.put(name, new Campaign(name, e.version(), e.priority(), e.template(), false, null));
            }
        });
        if (o.campaign() != null && !campaigns.containsKey(o.campaign())) {
            throw new IllegalArgumentException(
                    "campaign " + o.campaign() + " does not run on " + date + ": the campaigns of that date are "
                            + campaigns.keySet() + " (a campaign runs from valid_from to valid_to)");
        }
        List<Campaign> selected = campaigns.values().stream()
                .filter(c -> o.campaign() == null || c.name().equals(o.campaign()))
                .toList();
        List<String> newer = selected.stream()
                .filter(c -> lastExport.containsKey(c.name())
                        && lastExport.get(c.name()).runDate().isAfter(date))
                .map(c -> c.name() + " (" + lastExport.get(c.name()).runId() + ")")
                .toList();
        if (!newer.isEmpty() && !o.dryRun() && !o.allowEarlierDate()) {
            // the delta is against what the CRM holds: an older date's lists would replace newer ones
            throw new IllegalStateException(
                    "the CRM already has exports of a later date for " + String.join(", ", newer) + "; running "
                            + date
                            + " would send it that date's lists instead. Use --dry-run to look, or set outreach.allow-earlier-date=true"
                            + " to roll the CRM back to " + date);
        }
        int runNumber = 1
                + spark.table(runs)
                        .where("run_date = DATE '" + date + "'")
                        .agg(functions.coalesce(functions.max("run_number"), functions.lit(0)))
                        .first()
                        .getInt(0);
        String runId = date + "-r" + runNumber;
        System.out.printf(
                "      outreach run %s%s: %d campaign(s) active, %d to export%n",
                o.dryRun() ? "(dry run) for " + date : runId,
                o.campaign() == null ? "" : " (campaign " + o.campaign() + ")",
                active.size(),
                selected.size());

        Instant started = Instant.now();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        selected.forEach(c -> outcomes.put(c.name(), new Outcome(c)));
        if (!o.dryRun()) {
            // the campaigns' titles for the dashboards (a campaign no longer defined keeps its last title)
            Map<String, String> titles = new LinkedHashMap<>();
            loaded.stream()
                    .map(CampaignDefinitions.Loaded::definition)
                    .filter(d -> d.title() != null)
                    .forEach(d -> titles.put(d.name(), d.title()));
            List<String> defined =
                    loaded.stream().map(CampaignDefinitions.Loaded::name).toList();
            CodeLabels.write(spark, s, CodeLabels.CAMPAIGN, defined, titles);
            writeRuns(spark, runs, date, runId, runNumber, outcomes.values(), STARTED, null, started, null);
        }
        try {
            SegmentsJob.views(spark, s, date);
            audienceViews(spark, s, date);
            Dataset<Row> decisions = decide(spark, s, date, o, active, runs).cache();
            List<String> names = selected.stream().map(Campaign::name).toList();
            Dataset<Row> mine = decisions.where(functions.col("campaign").isin(names.toArray()));
            count(spark, mine, outcomes);

            Dataset<Row> list = mine.where("channel IS NOT NULL")
                    .select(
                            functions.lit(runId).as("run_id"),
                            functions.lit(date).as("run_date"),
                            functions.col("campaign"),
                            perCampaign(campaigns, "campaign_version", Campaign::version, DataTypes.IntegerType),
                            functions.col("citizen_key"),
                            functions.col("channel"),
                            perCampaign(campaigns, "priority", Campaign::priority, DataTypes.IntegerType),
                            perCampaign(campaigns, "template", Campaign::template, DataTypes.StringType),
                            functions.col("member_since"));
            Dataset<Row> exclusions = mine.where("reason IS NOT NULL")
                    .select(
                            functions.lit(runId).as("run_id"),
                            functions.lit(date).as("run_date"),
                            functions.col("campaign"),
                            functions.col("citizen_key"),
                            functions.col("reason"));
            Dataset<Row> delta =
                    delta(spark, s, runId, date, list, selected, lastExport).cache();
            delta.groupBy("campaign", "change").count().collectAsList().forEach(r -> {
                Outcome out = outcomes.get(r.getString(0));
                switch (r.getString(1)) {
                    case "added" -> out.added = r.getLong(2);
                    case "removed" -> out.removed = r.getLong(2);
                    default -> out.changed = r.getLong(2);
                }
            });
            outcomes.values().forEach(out -> {
                Export e = lastExport.get(out.campaign.name());
                out.previousRunId = e == null ? null : e.runId();
                out.exportSeq = e == null ? 1 : e.seq() + 1;
            });
            print(outcomes.values(), o.dryRun());
            List<QualityCheck> checks = checks(outcomes.values(), list);
            if (o.dryRun()) {
                decisions.unpersist();
                delta.unpersist();
                // a dry run must not replace the day's recorded checks
                return new JobResult(figures(outcomes.values()), checks, "");
            }
            for (QualityCheck c : checks) {
                if (c.severity() == QualityCheck.Severity.HARD && !c.passed()) {
                    throw new IllegalStateException("check " + c.name() + " failed (" + c.failingRows() + " "
                            + c.description() + "): nothing was exported");
                }
            }
            list.writeTo(BatchTables.name(s, LIST)).append();
            exclusions.writeTo(BatchTables.name(s, EXCLUSIONS)).append();
            delta.writeTo(BatchTables.name(s, DELTA)).append();
            decisions.unpersist();
            delta.unpersist();
            export(spark, s, o, runId, date, outcomes);
            writeRuns(spark, runs, date, runId, runNumber, outcomes.values(), EXPORTED, null, started, Instant.now());
            // a run of one campaign keeps the full run's checks of the date
            return new JobResult(
                    figures(outcomes.values()), checks, o.campaign() == null ? null : name() + "/" + o.campaign());
        } catch (Exception | Error e) { // Spark's SparkException and AnalysisException are checked
            if (!o.dryRun()) {
                try {
                    withdraw(spark, runId, outcomes.values());
                    writeRuns(
                            spark,
                            runs,
                            date,
                            runId,
                            runNumber,
                            outcomes.values(),
                            FAILED,
                            SegmentsJob.firstLine(e),
                            started,
                            Instant.now());
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException("outreach run " + runId + " failed: " + SegmentsJob.firstLine(e), e);
        } finally {
            // the people and decisions cached for the run (the session may run other jobs next)
            spark.catalog().clearCache();
            for (String v : List.of(
                    "segment_membership",
                    "crm_documents",
                    "candidates",
                    "outreach_bases",
                    "outreach_history",
                    "outreach_previous")) {
                spark.catalog().dropTempView(v);
            }
            SegmentsJob.VIEWS.forEach(v -> spark.catalog().dropTempView(v));
        }
    }

    /** Per campaign, its last exported run (the highest export_seq). */
    static Map<String, Export> lastExports(SparkSession spark, String runs) {
        Map<String, Export> out = new LinkedHashMap<>();
        spark.sql(
                        "SELECT campaign, max_by(run_id, export_seq), max_by(run_date, export_seq), max(export_seq), max_by(list_size, export_seq),"
                                + " max_by(campaign_version, export_seq), max_by(priority, export_seq), max_by(template, export_seq)"
                                + " FROM " + runs + " WHERE status = '" + EXPORTED + "' GROUP BY campaign")
                .collectAsList()
                .forEach(r -> out.put(
                        r.getString(0),
                        new Export(
                                r.getString(1),
                                r.getAs(2),
                                r.getLong(3),
                                r.getLong(4),
                                r.getInt(5),
                                r.getInt(6),
                                r.getString(7))));
        return out;
    }

    /** The views audiences are written against besides those of the segments job: membership on the run date, CRM documents. */
    static void audienceViews(SparkSession spark, BatchSettings s, LocalDate date) {
        spark.table(BatchTables.name(s, BatchTables.SEGMENT_MEMBERSHIP))
                .where("valid_from <= DATE '" + date + "' AND (valid_to IS NULL OR valid_to > DATE '" + date + "')")
                .createOrReplaceTempView("segment_membership");
        String documents = s.catalogName() + ".crm.documents";
        if (spark.catalog().tableExists(documents)) {
            spark.table(documents).createOrReplaceTempView("crm_documents");
        } else {
            // the CRM does not provide document expiry dates yet: campaigns that need them have no audience
            spark.sql(
                            "SELECT CAST(NULL AS string) AS citizen_key, CAST(NULL AS string) AS document_type, CAST(NULL AS date) AS expires_on"
                                    + " WHERE false")
                    .createOrReplaceTempView("crm_documents");
        }
    }

    /** The audience of one campaign on the run date: identified citizens only (an anonymous id has no consent to contact). */
    static String audienceSql(CampaignDefinition d, LocalDate date) {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT '" + d.name()
                + "' AS campaign, p.citizen_key FROM profile p WHERE p.key_kind = 'citizen'");
        if (!d.segments().isEmpty()) {
            sql.append(
                            " AND p.citizen_key IN (SELECT citizen_key FROM segment_membership WHERE key_kind = 'citizen' AND segment IN (")
                    .append(d.segments().stream().map(x -> "'" + x + "'").collect(Collectors.joining(", ")))
                    .append("))");
        }
        if (d.predicate() != null) {
            sql.append(" AND (").append(d.predicateFor(date)).append(")");
        }
        return sql.toString();
    }

    /**
     * Every decision of the run, for all active campaigns (the policy needs them all even when one
     * campaign is exported): one row per campaign and citizen of its audience.
     */
    static Dataset<Row> decide(
            SparkSession spark,
            BatchSettings s,
            LocalDate date,
            Options o,
            Map<String, CampaignDefinition> active,
            String runs) {
        if (active.isEmpty()) {
            return spark.createDataFrame(List.of(), OutreachDecider.DECISION);
        }
        Dataset<Row> candidates = null;
        for (CampaignDefinition d : active.values()) {
            Dataset<Row> audience;
            try {
                audience = spark.sql(audienceSql(d, date));
            } catch (Exception e) { // AnalysisException is checked
                throw new IllegalStateException(
                        "the audience of campaign " + d.name() + " (" + d.source() + ") cannot be evaluated: "
                                + SegmentsJob.firstLine(e) + " (nothing was exported)",
                        e);
            }
            candidates = candidates == null ? audience : candidates.unionByName(audience);
        }
        // cached: the audiences are counted apart from the decisions (the audience_accounted_for check)
        candidates.cache().createOrReplaceTempView("candidates");
        String end = RawEvents.timestamp(RawEvents.endOf(date));
        String d = "DATE '" + date + "'";
        int horizon = Math.max(
                o.policy().windowDays(),
                active.values().stream()
                        .mapToInt(CampaignDefinition::cooldownDays)
                        .max()
                        .orElse(0));
        // the list each campaign's CRM state grew from: the current run (latest exported) of each
        // earlier date; only earlier dates, so that a rerun of the date decides the same
        String current = "SELECT campaign, run_date, max_by(run_id, run_number) AS run_id FROM " + runs
                + " WHERE status = '" + EXPORTED + "' AND run_date < " + d + " GROUP BY campaign, run_date";
        String list = BatchTables.name(s, LIST);
        spark.sql("SELECT l.* FROM " + list + " l JOIN (" + current
                        + ") c ON l.run_id = c.run_id AND l.campaign = c.campaign" + " WHERE l.run_date >= date_sub("
                        + d + ", " + horizon + ")")
                .createOrReplaceTempView("outreach_history");
        spark.sql("SELECT l.* FROM " + list + " l JOIN (SELECT campaign, max_by(run_id, run_date) AS run_id FROM ("
                        + current + ") GROUP BY campaign) c ON l.run_id = c.run_id AND l.campaign = c.campaign")
                .createOrReplaceTempView("outreach_previous");
        String inputs =
                "WITH people AS (SELECT citizen_key, sort_array(collect_set(campaign)) AS campaigns FROM candidates GROUP BY citizen_key),"
                        + " consent AS (SELECT citizen_key, map_from_entries(collect_list(struct(channel, granted))) AS consent FROM ("
                        + "   SELECT citizen_key, channel, max_by(granted, consent_at) AS granted FROM "
                        + BatchTables.name(s, BatchTables.CONTACT_CONSENT)
                        + "   WHERE consent_at < " + end + " GROUP BY citizen_key, channel) GROUP BY citizen_key),"
                        + " suppressed AS (SELECT citizen_key, min(reason) AS suppression FROM "
                        + BatchTables.name(s, BatchTables.SUPPRESSION)
                        + "   WHERE since <= " + end + " AND (until IS NULL OR until > " + end
                        + ") GROUP BY citizen_key),"
                        + " entries AS (SELECT DISTINCT campaign, citizen_key, member_since FROM outreach_history WHERE member_since < "
                        + d + "),"
                        + " contacts AS (SELECT citizen_key, collect_list(member_since) AS contact_dates FROM entries"
                        + "   WHERE member_since > date_sub(" + d + ", "
                        + o.policy().windowDays() + ") GROUP BY citizen_key),"
                        + " last AS (SELECT citizen_key, map_from_entries(collect_list(struct(campaign, last_sent))) AS last_sent FROM ("
                        + "   SELECT citizen_key, campaign, max(member_since) AS last_sent FROM entries GROUP BY citizen_key, campaign) GROUP BY citizen_key),"
                        + " previous AS (SELECT citizen_key, map_from_entries(collect_list(struct(campaign, channel))) AS current,"
                        + "   map_from_entries(collect_list(struct(campaign, member_since))) AS member_since FROM outreach_previous GROUP BY citizen_key)"
                        + " SELECT p.citizen_key, p.campaigns, c.consent, x.suppression, k.contact_dates, l.last_sent, v.current, v.member_since,"
                        + "   CAST(array() AS array<string>) AS over_capacity"
                        + " FROM people p LEFT JOIN consent c USING (citizen_key) LEFT JOIN suppressed x USING (citizen_key)"
                        + " LEFT JOIN contacts k USING (citizen_key) LEFT JOIN last l USING (citizen_key) LEFT JOIN previous v USING (citizen_key)";
        Dataset<Row> people = spark.sql(inputs).cache();
        Map<String, ContactPolicy.Candidate> byName = new LinkedHashMap<>();
        active.values().forEach(c -> byName.put(c.name(), c.candidate()));
        OutreachDecider decider = new OutreachDecider(o.policy(), date, byName);
        Dataset<Row> decisions = people.flatMap(decider, Encoders.row(OutreachDecider.DECISION));
        // capacity: in priority order, the new entries of a full campaign beyond its max_audience are
        // cut (a pseudo-random but reproducible choice: a hash of the key and the date) and everyone
        // is decided again, so a citizen cut from one campaign is free for the next
        for (CampaignDefinition c : active.values()) {
            if (c.maxAudience() == null) {
                continue;
            }
            Dataset<Row> mine = decisions
                    .where(functions
                            .col("campaign")
                            .equalTo(c.name())
                            .and(functions.col("channel").isNotNull()))
                    .cache();
            long kept = mine.where("kept").count();
            Dataset<Row> fresh = mine.where("NOT kept");
            long allowed = Math.max(0, c.maxAudience() - kept);
            if (fresh.count() > allowed) {
                Dataset<Row> chosen = fresh.orderBy(
                                functions.xxhash64(functions.col("citizen_key"), functions.lit(date.toString())),
                                functions.col("citizen_key"))
                        .limit((int) Math.min(Integer.MAX_VALUE, allowed))
                        .select("citizen_key");
                Dataset<Row> cut = fresh.select("citizen_key")
                        .join(chosen, using("citizen_key"), "left_anti")
                        .withColumn("cut", functions.lit(true));
                Dataset<Row> next = people.join(cut, using("citizen_key"), "left")
                        .withColumn(
                                "over_capacity",
                                functions
                                        .when(
                                                functions.col("cut"),
                                                functions.array_union(
                                                        functions.col("over_capacity"),
                                                        functions.array(functions.lit(c.name()))))
                                        .otherwise(functions.col("over_capacity")))
                        .selectExpr(OutreachDecider.INPUT.split(", "))
                        .cache();
                next.count();
                people.unpersist();
                people = next;
                decisions = people.flatMap(decider, Encoders.row(OutreachDecider.DECISION));
            }
            mine.unpersist();
        }
        return decisions;
    }

    private static Seq<String> using(String... columns) {
        return CollectionConverters.asScala(List.of(columns)).toList();
    }

    /** A column with each row's campaign's {@code field} (a CASE over the run's campaigns). */
    private static Column perCampaign(
            Map<String, Campaign> campaigns, String as, Function<Campaign, Object> field, DataType type) {
        Column c = null;
        for (Campaign x : campaigns.values()) {
            Column when = functions.col("campaign").equalTo(x.name());
            c = c == null ? functions.when(when, field.apply(x)) : c.when(when, field.apply(x));
        }
        return (c == null ? functions.lit(null) : c).cast(type).as(as);
    }

    /** Audience, list and exclusions per campaign, from the decisions. */
    private static void count(SparkSession spark, Dataset<Row> mine, Map<String, Outcome> outcomes) {
        if (spark.catalog().tableExists("candidates")) {
            for (Row r : spark.sql("SELECT campaign, count(*) FROM candidates GROUP BY campaign")
                    .collectAsList()) {
                if (outcomes.containsKey(r.getString(0))) {
                    outcomes.get(r.getString(0)).audience = r.getLong(1);
                }
            }
        }
        for (Row r : mine.groupBy("campaign", "reason", "kept").count().collectAsList()) {
            Outcome out = outcomes.get(r.getString(0));
            long n = r.getLong(3);
            if (r.isNullAt(1)) {
                out.listSize += n;
                if (r.getBoolean(2)) {
                    out.kept += n;
                } else {
                    out.newEntries += n;
                }
            } else {
                ExclusionReason reason = ExclusionReason.valueOf(r.getString(1).toUpperCase(Locale.ROOT));
                out.excluded.merge(reason, n, Long::sum);
            }
        }
    }

    /** The changes from what the CRM holds (each campaign's last export) to this run's lists. */
    static Dataset<Row> delta(
            SparkSession spark,
            BatchSettings s,
            String runId,
            LocalDate date,
            Dataset<Row> list,
            List<Campaign> selected,
            Map<String, Export> lastExport) {
        List<Row> bases = new ArrayList<>();
        for (Campaign c : selected) {
            Export e = lastExport.get(c.name());
            if (e != null) {
                bases.add(RowFactory.create(c.name(), e.runId()));
            }
        }
        StructType baseSchema =
                new StructType().add("campaign", DataTypes.StringType).add("base_run_id", DataTypes.StringType);
        Dataset<Row> base = spark.createDataFrame(bases, baseSchema);
        base.createOrReplaceTempView("outreach_bases");
        Dataset<Row> held = spark.sql(
                "SELECT l.campaign, l.citizen_key, l.channel AS previous_channel FROM " + BatchTables.name(s, LIST)
                        + " l JOIN outreach_bases b ON l.campaign = b.campaign AND l.run_id = b.base_run_id");
        Dataset<Row> now =
                list.select(functions.col("campaign"), functions.col("citizen_key"), functions.col("channel"));
        Dataset<Row> joined = held.join(now, using("campaign", "citizen_key"), "full_outer")
                .join(base.withColumnRenamed("base_run_id", "base"), using("campaign"), "left");
        StructType schema = DELTA_SCHEMA;
        return joined.flatMap(
                (FlatMapFunction<Row, Row>) r -> {
                    OutreachChannel before = OutreachChannel.fromWire(r.getAs("previous_channel"));
                    OutreachChannel after = OutreachChannel.fromWire(r.getAs("channel"));
                    OutreachDelta.Kind kind = OutreachDelta.kind(before, after);
                    if (kind == null) {
                        return Collections.emptyIterator();
                    }
                    return List.of(RowFactory.create(
                                    runId,
                                    date,
                                    r.<String>getAs("campaign"),
                                    r.<String>getAs("base"),
                                    kind.name().toLowerCase(Locale.ROOT),
                                    r.<String>getAs("citizen_key"),
                                    after == null ? null : after.wire(),
                                    before == null ? null : before.wire()))
                            .iterator();
                },
                Encoders.row(schema));
    }

    /**
     * Writes each campaign's delta, as stored in the delta table, to the outbox and to Kafka, and
     * checks that every export carries exactly the table's rows.
     */
    private static void export(
            SparkSession spark,
            BatchSettings s,
            Options o,
            String runId,
            LocalDate date,
            Map<String, Outcome> outcomes) {
        Dataset<Row> stored = spark.table(BatchTables.name(s, DELTA))
                .where(functions.col("run_id").equalTo(runId));
        Map<String, Long> tableCounts = new LinkedHashMap<>();
        stored.groupBy("campaign").count().collectAsList().forEach(r -> tableCounts.put(r.getString(0), r.getLong(1)));
        List<ExportHeader> headers = new ArrayList<>();
        for (Outcome out : outcomes.values()) {
            Campaign c = out.campaign;
            headers.add(new ExportHeader(
                    runId, out.previousRunId, date, c.name(), c.version(), c.template(), c.priority(), out.listSize));
        }
        Function<ExportHeader, Iterator<ExportedChange>> changes = h -> {
            Iterator<Row> rows = stored.where(functions.col("campaign").equalTo(h.campaign()))
                    .orderBy("citizen_key")
                    .toLocalIterator();
            return new Iterator<>() {
                public boolean hasNext() {
                    return rows.hasNext();
                }

                public ExportedChange next() {
                    Row r = rows.next();
                    return new ExportedChange(
                            r.getAs("change"), r.getAs("citizen_key"), r.getAs("channel"), r.getAs("previous_channel"));
                }
            };
        };
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        // 1. every campaign's files, staged without their manifest: the CRM does not read them yet
        Map<String, Manifest> staged = new LinkedHashMap<>();
        long[] expected = new long[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            ExportHeader h = headers.get(i);
            Outcome out = outcomes.get(h.campaign());
            long table = tableCounts.getOrDefault(h.campaign(), 0L);
            expected[i] = table;
            try {
                Manifest m = Outbox.stage(conf, o.outbox(), h, changes.apply(h));
                out.outboxDir = m.uri();
                staged.put(h.campaign(), m);
                long counted = out.added + out.removed + out.changed;
                for (Manifest.FileEntry f : m.files()) {
                    if (f.rows() != table || table != counted) {
                        throw new IllegalStateException(
                                "export of " + h.campaign() + " does not reconcile: " + f.name() + " has " + f.rows()
                                        + " rows, " + DELTA + " " + table + ", the run counted " + counted);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot write the export of campaign " + h.campaign() + " to " + o.outbox() + ": "
                                + e.getMessage(),
                        e);
            }
        }
        // 2. Kafka, one transaction, committed only if every campaign's messages reconcile
        if (o.kafka() && !headers.isEmpty()) {
            long[] sent = ChangeTopic.publish(
                    o.bootstrap(), o.kafkaClient(), o.topic(), o.kafkaTimeoutMs(), headers, changes, expected);
            for (int i = 0; i < headers.size(); i++) {
                Outcome out = outcomes.get(headers.get(i).campaign());
                out.kafkaMessages = sent[i];
                out.kafkaTopic = o.topic();
            }
        }
        // 3. the manifests: now the CRM may read the exports; each is read back and checked
        for (Manifest m : staged.values()) {
            try {
                Outbox.publish(conf, m);
                Outbox.verify(conf, m.uri());
            } catch (IOException e) {
                throw new IllegalStateException("cannot publish the export " + m.uri() + ": " + e.getMessage(), e);
            }
        }
        LOG.info("outreach run {} exported {} campaign(s)", runId, headers.size());
    }

    /**
     * Renames the outbox exports a failed run wrote to {@code _failed-<run id>}, its manifest removed
     * first, so that the CRM, which reads only directories with a manifest and not starting with '_',
     * does not apply them (best effort: the run fails anyway). Manifests are written only after the
     * Kafka transaction committed, so the CRM cannot have read an export of a run that failed before.
     */
    private static void withdraw(SparkSession spark, String runId, Collection<Outcome> outcomes) {
        for (Outcome out : outcomes) {
            if (out.outboxDir == null) {
                continue;
            }
            try {
                String failed = Outbox.withdraw(spark.sparkContext().hadoopConfiguration(), out.outboxDir, runId);
                if (failed != null) {
                    out.outboxDir = failed;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "could not withdraw the export of {} of failed run {}: {}",
                        out.campaign.name(),
                        runId,
                        e.toString());
            }
        }
    }

    /** Rewrites this run's rows of the runs table (the date's other runs are kept). */
    private static void writeRuns(
            SparkSession spark,
            String runs,
            LocalDate date,
            String runId,
            int runNumber,
            Collection<Outcome> outcomes,
            String status,
            String error,
            Instant started,
            Instant finished) {
        List<Row> rows = new ArrayList<>();
        for (Outcome out : outcomes) {
            Campaign c = out.campaign;
            List<Object> v = new ArrayList<>(
                    List.of(runId, runNumber, date, c.name(), c.version(), c.priority(), c.template(), status));
            v.add(error);
            v.addAll(List.of(out.audience, out.listSize, out.newEntries, out.kept));
            for (ExclusionReason r : ExclusionReason.values()) {
                v.add(out.excluded.get(r));
            }
            v.addAll(List.of(out.added, out.removed, out.changed));
            v.add(out.previousRunId);
            v.add(status.equals(EXPORTED) ? out.exportSeq : null);
            v.add(out.outboxDir);
            v.add(out.kafkaMessages < 0 ? null : out.kafkaTopic);
            v.add(out.kafkaMessages < 0 ? null : out.kafkaMessages);
            v.add(started);
            v.add(finished);
            v.add(c.source());
            rows.add(RowFactory.create(v.toArray()));
        }
        Dataset<Row> others = spark.table(runs)
                .where(functions
                        .col("run_date")
                        .equalTo(functions.lit(date))
                        .and(functions.col("run_id").notEqual(runId)));
        BatchTables.overwrite(
                spark.createDataFrame(rows, RUNS_SCHEMA)
                        .unionByName(spark.createDataFrame(others.collectAsList(), RUNS_SCHEMA)),
                runs,
                functions.col("run_date").equalTo(functions.lit(date)));
    }

    private static void print(Collection<Outcome> outcomes, boolean dryRun) {
        for (Outcome out : outcomes) {
            Campaign c = out.campaign;
            String reasons = out.excluded.entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .map(e -> String.format("%s %,d", e.getKey().wire(), e.getValue()))
                    .collect(Collectors.joining(", "));
            System.out.printf(
                    "      campaign %s v%d (priority %d)%s: audience %,d; excluded %,d%s; list %,d (%,d new, %,d kept);"
                            + " %s +%,d -%,d ~%,d%n",
                    c.name(),
                    c.version(),
                    c.priority(),
                    c.active() ? "" : " [ended: list emptied]",
                    out.audience,
                    out.excludedTotal(),
                    reasons.isEmpty() ? "" : " (" + reasons + ")",
                    out.listSize,
                    out.newEntries,
                    out.kept,
                    dryRun ? "would send" : "changes for the CRM",
                    out.added,
                    out.removed,
                    out.changed);
        }
    }

    private static Map<String, Long> figures(Collection<Outcome> outcomes) {
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("campaigns", (long) outcomes.size());
        f.put("audience", outcomes.stream().mapToLong(o -> o.audience).sum());
        f.put("excluded", outcomes.stream().mapToLong(Outcome::excludedTotal).sum());
        f.put("listed", outcomes.stream().mapToLong(o -> o.listSize).sum());
        f.put("new_entries", outcomes.stream().mapToLong(o -> o.newEntries).sum());
        f.put("added", outcomes.stream().mapToLong(o -> o.added).sum());
        f.put("removed", outcomes.stream().mapToLong(o -> o.removed).sum());
        f.put("changed", outcomes.stream().mapToLong(o -> o.changed).sum());
        return f;
    }

    private static List<QualityCheck> checks(Collection<Outcome> outcomes, Dataset<Row> list) {
        long twice = list.groupBy("campaign", "citizen_key")
                .count()
                .where("count > 1")
                .count();
        long unaccounted = outcomes.stream()
                .mapToLong(o -> Math.abs(o.audience - o.listSize - o.excludedTotal()))
                .sum();
        return List.of(
                QualityCheck.hard("one_entry_per_citizen", twice, "citizens listed twice in a campaign"),
                QualityCheck.hard(
                        "audience_accounted_for",
                        unaccounted,
                        "audience members neither listed nor excluded with a reason"));
    }
}
