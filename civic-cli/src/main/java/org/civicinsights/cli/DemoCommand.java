package org.civicinsights.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.civicinsights.cli.stack.IngestLag;
import org.civicinsights.cli.stack.StackManager;
import org.civicinsights.cli.stack.StackTopology;
import org.civicinsights.cli.stack.TrinoConnections;
import org.civicinsights.cli.stack.TrinoRole;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.ingestion.GenerationSummary;
import org.civicinsights.ingestion.GeneratorSettings;
import org.civicinsights.ingestion.InteractionGenerator;
import org.civicinsights.ingestion.KafkaRecordSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start the local stack, generate Rome interaction events into Kafka, wait until the ingest",
            "job has landed every record in the Iceberg lake, run the Spark batch jobs for today and the",
            "weekly and monthly ones for the generated weeks and months, import a stand-in CRM's consent and",
            "suppression lists and run the outreach export to the CRM, then show what Trino sees."
        })
public class DemoCommand implements Callable<Integer> {
    /**
     * The walk-through shows every kind of data (raw accounting, marts, profiles, the outreach
     * lists): the least role that reads all of it is the engineer.
     */
    private static final TrinoRole ROLE = TrinoRole.ENGINEER;

    @Mixin
    CivicContext context;

    @Option(
            names = "--events",
            defaultValue = "200000",
            description = "Records to generate (default ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--exit", description = "Stop the stack at the end (by default it stays up for queries).")
    boolean exit;

    @Option(names = "--skip-batch", description = "Do not run the Spark batch jobs after ingestion.")
    boolean skipBatch;

    @Option(
            names = "--timeout-minutes",
            defaultValue = "20",
            description = "Give up waiting for the lake after this long.")
    long timeoutMinutes;

    @Option(
            names = "--cluster",
            description = "Run it on the cluster topology (`civic stack up --cluster`) instead of the embedded one.")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        StackManager stack = cluster ? context.stack(StackTopology.CLUSTER) : context.stack();
        stack.up(true);
        CivicConfig config = context.config();
        String topic = config.get(CivicConfig.KAFKA_TOPIC);

        LakeAccounting before;
        try (Connection c = TrinoConnections.open(config, ROLE)) {
            before = LakeAccounting.of(c, topic);
        }
        GeneratorSettings settings =
                GeneratorSettings.builder().events(events).seed(seed).build();
        System.out.printf(
                "%ngenerating %,d events over %d days from %s (%.1f%% malformed, %.1f%% duplicates)%n",
                settings.events(),
                settings.days(),
                settings.startDate(),
                100 * settings.malformedShare(),
                100 * settings.duplicateShare());
        Progress progress = new Progress("sent to Kafka");
        GenerationSummary summary;
        DemoCrm crm;
        try (KafkaRecordSink sink = KafkaRecordSink.of(config, topic)) {
            crm = new DemoCrm(sink);
            summary = new InteractionGenerator().generate(settings, crm, progress);
        }
        GenerateCommand.print(summary, progress.seconds());

        long tIngest = System.nanoTime();
        LakeAccounting landed = waitForLake(stack, config, topic, before, summary.total());
        double ingestSeconds = (System.nanoTime() - tIngest) / 1e9;
        long accepted = landed.interactions() - before.interactions();
        long rejected = landed.rejected() - before.rejected();
        long duplicates = landed.duplicates() - before.duplicates();
        System.out.printf(
                "%nall %,d records accounted for in the lake %.1f s after generation ended:%n"
                        + "  %,d accepted + %,d rejected + %,d duplicates = %,d produced%n",
                summary.total(), ingestSeconds, accepted, rejected, duplicates, accepted + rejected + duplicates);

        System.out.println("\nInteractions per channel (Trino: lake.raw.interactions):");
        System.out.print(SqlCommand.run(
                config,
                ROLE,
                "SELECT channel, count(*) AS interactions, "
                        + "count(DISTINCT citizen_key) AS citizens FROM raw.interactions GROUP BY channel ORDER BY 2 DESC",
                ResultFormatter.Format.TABLE));
        System.out.println("\nRejected records by reason (lake.raw.rejected_events):");
        System.out.print(SqlCommand.run(
                config,
                ROLE,
                "SELECT reason, count(*) AS records FROM raw.rejected_events " + "GROUP BY reason ORDER BY 2 DESC",
                ResultFormatter.Format.TABLE));

        String storyExample = null;
        if (!skipBatch) {
            LocalDate today = LocalDate.now(RomeTime.ZONE);
            System.out.printf("%nbatch: every job for %s%n", today);
            int code = CivicCli.run(context.forward("batch", "run", "all", "--date", today.toString()));
            if (code != 0) {
                throw new IllegalStateException("the batch run failed (exit code " + code + ")");
            }
            // The weekly and monthly tables as a month of the scheduler's daily runs leaves them: each
            // period's row is the one its last day's run wrote, so those days are enough (today's run
            // has folded every case and counted every contact: all the events arrived today). Every
            // job for every day took 25 min on 2 cores, about 48 s a day whatever its volume (see README).
            List<LocalDate> ends = periodEnds(settings.startDate(), today);
            System.out.printf(
                    "%nbatch: service levels, self-service share and satisfaction of the weeks and months"
                            + " since %s, on their last days %s, then today again%n",
                    settings.startDate(), ends.subList(0, ends.size() - 1));
            code = CivicCli.run(context.forward(
                    "batch",
                    "run",
                    "sla,deflection,satisfaction",
                    // sla reads today's core.cases for those days on purpose: no cases run for them
                    "--no-upstream-check",
                    "--dates",
                    String.join(",", ends.stream().map(LocalDate::toString).toList())));
            if (code != 0) {
                throw new IllegalStateException("the run of the past weeks and months failed (exit code " + code + ")");
            }
            System.out.println("\nCases by service-level status today (Trino: lake.mart.case_sla):");
            System.out.print(SqlCommand.run(
                    config,
                    ROLE,
                    "SELECT sla_status, count(*) AS cases, round(avg(resolution_working_days), 1)"
                            + " AS avg_working_days FROM mart.case_sla GROUP BY 1 ORDER BY 2 DESC",
                    ResultFormatter.Format.TABLE));
            System.out.println(
                    "\nThis month's compliance by service area, worst first (lake.mart.sla_period, ref.services):");
            System.out.print(SqlCommand.run(
                    config,
                    ROLE,
                    "SELECT s.area, sum(p.concluded) AS concluded,"
                            + " round(100.0 * sum(p.concluded_on_time) / nullif(sum(p.concluded_with_deadline), 0), 1) AS compliance_pct,"
                            + " sum(p.backlog) AS backlog, sum(p.backlog_overdue) AS overdue"
                            + " FROM mart.sla_period p JOIN ref.services s ON s.service_code = p.service_code"
                            + " WHERE p.grain = 'month' AND p.period_start = DATE '" + today.withDayOfMonth(1) + "'"
                            + " AND p.municipio IS NULL AND p.channel IS NULL GROUP BY s.area ORDER BY 3 ASC NULLS LAST",
                    ResultFormatter.Format.TABLE));
            // a day whose 7-day look-ahead for repeat contacts is complete, so its FCR is final
            LocalDate day = today.minusDays(8);
            System.out.println("\nContacts on " + day + " by channel, first-contact resolution final"
                    + " (lake.reporting.contact_volume, contact_resolution):");
            System.out.print(SqlCommand.run(
                    config,
                    ROLE,
                    "SELECT v.channel, sum(v.contacts) AS contacts,"
                            + " round(100.0 * sum(v.abandoned) / sum(v.contacts), 1) AS abandoned_pct,"
                            + " round(sum(v.avg_wait_seconds * v.contacts) / sum(v.contacts)) AS avg_wait_s, round(max(r.fcr_rate_pct), 1) AS fcr_pct"
                            + " FROM reporting.contact_volume v LEFT JOIN reporting.contact_resolution r ON r.contact_date = v.contact_date"
                            + " AND r.channel = v.channel AND r.service_code IS NULL"
                            + " WHERE v.contact_date = DATE '" + day + "' GROUP BY v.channel ORDER BY 2 DESC",
                    ResultFormatter.Format.TABLE));
            System.out.println(
                    "\nSelf-service share of completed transactions, all services (lake.reporting.self_service_deflection):");
            System.out.print(SqlCommand.run(
                    config,
                    ROLE,
                    "SELECT month, total_transactions, round(self_service_share_pct, 1) AS self_service_pct, round(share_change_pp, 1) AS change_pp"
                            + " FROM reporting.self_service_deflection WHERE service_code IS NULL ORDER BY month DESC LIMIT 3",
                    ResultFormatter.Format.TABLE));
            LocalDate weekEnd = lastCompleteWeekEnd(today);
            System.out.println("\nSatisfaction in the last complete week, " + weekEnd.minusDays(6) + " to " + weekEnd
                    + ", by channel, all services (lake.reporting.satisfaction_week; n < 30 flagged):");
            System.out.print(SqlCommand.run(
                    config,
                    ROLE,
                    "SELECT channel, responses, round(csat_avg, 2) AS csat_avg, round(csat_satisfied_pct, 1)"
                            + " AS csat_4_5_pct, round(nps, 1) AS nps, nps_responses, nps_low_sample, round(response_rate_pct, 1) AS response_rate_pct"
                            + " FROM reporting.satisfaction_week WHERE week_start = DATE '" + weekEnd.minusDays(6) + "'"
                            + " AND service_code IS NULL AND municipio IS NULL ORDER BY channel NULLS FIRST",
                    ResultFormatter.Format.TABLE));
            System.out.println("\nCitizen profiles today (lake.reporting.citizen_profile):");
            System.out.print(SqlCommand.run(
                    config,
                    ROLE,
                    "SELECT key_kind, residency, count(*) AS people, round(avg(contacts_365d), 1) AS avg_contacts,"
                            + " round(avg(digital_share_pct), 1) AS avg_digital_pct, sum(open_cases) AS open_cases"
                            + " FROM reporting.citizen_profile WHERE as_of_date = DATE '" + today
                            + "' GROUP BY 1, 2 ORDER BY 3 DESC",
                    ResultFormatter.Format.TABLE));
            System.out.println("\nSegments today (lake.reporting.segment_runs):");
            System.out.print(SqlCommand.run(
                    config,
                    ROLE,
                    "SELECT segment, members, entered, exited, owner FROM reporting.segment_runs"
                            + " WHERE run_date = DATE '" + today + "' ORDER BY segment",
                    ResultFormatter.Format.TABLE));
            System.out.println("\nBehavioural clusters today (lake.reporting.cluster_summary):");
            System.out.print(SqlCommand.run(
                    config,
                    ROLE,
                    "SELECT cluster_id, label, size, round(share_pct, 1) AS share_pct"
                            + " FROM reporting.cluster_summary WHERE as_of_date = DATE '" + today
                            + "' ORDER BY cluster_id",
                    ResultFormatter.Format.TABLE));
            outreach(config, crm, today);
            storyExample = SqlCommand.run(
                            config,
                            ROLE,
                            "SELECT citizen_key FROM core.citizen_profile WHERE as_of_date = DATE '" + today + "'"
                                    + " AND key_kind = 'citizen' ORDER BY contacts_365d DESC, citizen_key LIMIT 1",
                            ResultFormatter.Format.CSV)
                    .lines()
                    .skip(1)
                    .findFirst()
                    .orElse(null);
        }

        System.out.printf("%ndemo finished in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        if (exit) {
            stack.down();
        } else {
            System.out.println(String.join(
                    "\n",
                    "",
                    "The stack is still running. Next:",
                    "  ./civic sql \"SELECT event_type, count(*) FROM raw.interactions GROUP BY 1 ORDER BY 2 DESC\"",
                    "  ./civic stack status      health of each service and the ingest job's lag",
                    "  ./civic story " + (storyExample == null ? "<citizen key>" : storyExample),
                    "                            one citizen's story (a fiscal code works too; it is pseudonymised first)",
                    "  ./civic dashboards serve  the managers' dashboards in a local Superset (installed on first use)",
                    connectionHints(config),
                    "  ./civic stack down        stop everything (data stays in "
                            + context.layout().dataDir() + ")"));
        }
        return 0;
    }

    /**
     * How a JDBC tool and a browser reach Trino as the analyst, from the client settings {@code stack up}
     * wrote: with {@code stack.security=on} HTTPS, the CA file and the analyst's password file (its path,
     * never the password); with {@code off} plain HTTP and no password.
     */
    static String connectionHints(CivicConfig config) {
        TrinoConnections.Login analyst = TrinoConnections.login(config, TrinoRole.ANALYST);
        String password = TrinoConnections.passwordFile(config, analyst)
                .map(file -> "password in " + file)
                .orElse(config.has(analyst.prefix() + "password") ? "password as configured" : "no password");
        String server = config.get(CivicConfig.TRINO_URL).replaceFirst("^(jdbc:trino://[^/?]*).*$", "$1");
        boolean tls = Boolean.parseBoolean(config.get(TrinoConnections.JDBC_PREFIX + "SSL", "false"));
        String jdbc =
                TrinoConnections.withCatalog(TrinoConnections.clientUrl(config), config.get(CivicConfig.CATALOG_NAME));
        return "  JDBC (DBeaver): " + jdbc + "   user: " + analyst.user() + ", " + password + "\n"
                + "  Trino web UI: " + server.replace("jdbc:trino://", tls ? "https://" : "http://") + "/ui/"
                + (tls ? " (log in as a role's user)" : "");
    }

    /**
     * The days from {@code first} to before {@code today} that end an ISO week (Sundays) or a
     * month, then {@code today}: the runs that leave the weekly and monthly tables as daily runs do.
     */
    static List<LocalDate> periodEnds(LocalDate first, LocalDate today) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = first; d.isBefore(today); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SUNDAY || d.getDayOfMonth() == d.lengthOfMonth()) {
                out.add(d);
            }
        }
        out.add(today);
        return out;
    }

    /** The Sunday that ends the last ISO week (Monday to Sunday) wholly before {@code today}. */
    static LocalDate lastCompleteWeekEnd(LocalDate today) {
        return today.minusDays(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
    }

    /**
     * The CRM's consent and suppression exports for the generated citizens (a stand-in: see
     * DemoCrm), imported; then the outreach run for today and what it sent the CRM.
     */
    private void outreach(CivicConfig config, DemoCrm crm, LocalDate today) throws Exception {
        Path dir = context.layout().dataDir().resolve("demo-crm");
        crm.writeConsent(dir.resolve("consent.csv"), today);
        crm.writeSuppression(dir.resolve("suppression.csv"), today);
        System.out.printf(
                "%noutreach: importing a stand-in CRM's consent and suppression exports for the %,d generated citizens (%s)%n",
                crm.citizens(), dir);
        int code = CivicCli.run(context.forward(
                "batch",
                "run",
                "consent",
                "--date",
                today.toString(),
                "--consent-file",
                dir.resolve("consent.csv").toString(),
                "--suppression-file",
                dir.resolve("suppression.csv").toString()));
        if (code == 0) {
            code = CivicCli.run(context.forward("outreach", "run", "--date", today.toString()));
        }
        if (code != 0) {
            throw new IllegalStateException("the outreach run failed (exit code " + code + ")");
        }
        System.out.println(
                "\nOutreach today: the campaigns' lists and the changes exported to the CRM (lake.reporting.outreach_runs):");
        System.out.print(SqlCommand.run(
                config,
                ROLE,
                "SELECT campaign, audience, list_size AS listed, excluded_no_consent AS no_consent,"
                        + " excluded_suppressed AS suppressed, excluded_capped + excluded_cooldown AS capped_or_cooldown,"
                        + " excluded_taken_by_higher_priority + excluded_over_capacity AS other_campaign_or_full, added, removed, changed"
                        + " FROM reporting.outreach_runs WHERE run_date = DATE '" + today
                        + "' AND is_current ORDER BY priority",
                ResultFormatter.Format.TABLE));
        System.out.println("  exports for the CRM (CSV, JSON Lines, manifest): "
                + context.layout().dataDir().resolve("outbox") + "; the same changes on Kafka topic "
                + config.get(CivicConfig.OUTREACH_TOPIC) + " (docs/crm-export.md)");
    }

    /** Polls Trino until the three raw tables account for every record on the topic. */
    private LakeAccounting waitForLake(
            StackManager stack, CivicConfig config, String topic, LakeAccounting before, long produced)
            throws Exception {
        long expected;
        try (Admin admin = stack.kafka().admin()) {
            expected = IngestLag.topicRecords(admin, topic);
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
        Progress progress = new Progress("landed in the lake");
        try (Connection c = TrinoConnections.open(config, ROLE)) {
            while (true) {
                LakeAccounting now = LakeAccounting.of(c, topic);
                progress.onProgress(Math.min(now.total() - before.total(), produced), produced);
                if (now.total() >= expected) {
                    return now;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("after " + timeoutMinutes + " min the lake accounts for "
                            + now.total() + " of " + expected + " records on the topic; see "
                            + context.layout().log("ingest") + " and `civic stack status`");
                }
                Thread.sleep(2000);
            }
        }
    }
}
