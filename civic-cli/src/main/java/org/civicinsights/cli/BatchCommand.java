package org.civicinsights.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.EngineResolver;
import org.civicinsights.cli.stack.StackLayout;
import org.civicinsights.cli.stack.StackService;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        description = "Run the Spark batch jobs on the lake (local mode, in their own JVM).",
        subcommands = {BatchCommand.Run.class})
public class BatchCommand implements Runnable {
    /** The batch's default date: yesterday on Rome's calendar (the last complete day). */
    static LocalDate yesterdayInRome() {
        return LocalDate.now(RomeTime.ZONE).minusDays(1);
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run batch jobs for a date, for each date of a range (a backfill, oldest first),",
                "or for a list of dates (oldest first).",
                "Each job is idempotent for its date: running a date again gives the same tables.",
                "Jobs: cases (core.cases), sla (mart.case_sla, mart.sla_period), contacts",
                "(mart.contact_volume, contact_resolution, contact_languages), deflection",
                "(mart.self_service_deflection), satisfaction (mart.satisfaction_week, feedback_themes),",
                "profile (core.citizen_profile; after sla), segments (activation.segment_membership,",
                "segment_runs; after profile), clusters (mart.citizen_cluster, cluster_summary; after",
                "profile), a comma-separated list, or all (in that order).",
                "On demand, not in all: consent imports the CRM's consent and suppression CSV exports",
                "(--consent-file, --suppression-file) into activation.contact_consent and suppression,",
                "pseudonymising each fiscal code with the platform key. After them, only when named:",
                "outreach builds the campaigns' lists and exports the changes to the CRM (civic outreach run).",
                "Job settings (segments.dir, clusters.k-min, clusters.k-max, batch.shuffle-partitions)",
                "are read from the configuration (civic.properties or CIVIC_* variables).",
                "Spark runs in local mode in its own JVM with the same job jar a cluster gets from",
                "spark-submit (see docs/deployment.md)."
            },
            footer = {
                "",
                "Examples:",
                "  civic batch run all --date 2026-03-02",
                "  civic batch run sla --from 2026-01-01 --to 2026-01-31",
                "  civic batch run sla,satisfaction --dates 2026-01-04,2026-01-11,2026-01-18,2026-01-25,2026-01-31",
                "  civic batch run segments --date 2026-03-02 --segments-dir my-segments/",
                "  civic batch run consent --date 2026-03-02 --consent-file crm/consent-2026-03-02.csv",
                "  civic batch run all                       (yesterday in Europe/Rome)"
            })
    static class Run implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Parameters(
                index = "0",
                paramLabel = "JOB",
                description = "cases, sla, contacts, deflection, satisfaction, profile, segments,"
                        + " clusters, consent, outreach, a comma-separated list, or all (the daily jobs).")
        String job;

        @Option(
                names = "--date",
                paramLabel = "YYYY-MM-DD",
                description = "The Rome calendar date to run for (default: yesterday).")
        LocalDate date;

        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First date of a backfill.")
        LocalDate from;

        @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last date of a backfill (inclusive).")
        LocalDate to;

        @Option(
                names = "--dates",
                paramLabel = "YYYY-MM-DD",
                split = ",",
                description = "Only these dates, comma-separated, run oldest first (e.g. the last day of each week).")
        List<LocalDate> dates;

        @Option(
                names = "--heap",
                defaultValue = "2g",
                description = "Heap of the Spark JVM (default ${DEFAULT-VALUE}).")
        String heap;

        @Option(
                names = "--segments-dir",
                paramLabel = "DIR",
                description =
                        "Evaluate the segment definitions (*.yaml) of DIR instead of the defaults (setting segments.dir).")
        Path segmentsDir;

        @Option(
                names = "--consent-file",
                paramLabel = "CSV",
                description = "Job consent: the CRM's consent export (setting consent.file).")
        Path consentFile;

        @Option(
                names = "--suppression-file",
                paramLabel = "CSV",
                description =
                        "Job consent: the CRM's suppression list (do not contact, deceased, moved away; setting suppression.file).")
        Path suppressionFile;

        @Override
        public Integer call() throws Exception {
            List<String> dateArgs = dateArgs(date, from, to, dates, yesterdayInRome());
            Map<String, Path> paths = new HashMap<>();
            paths.put("segments.dir", segmentsDir);
            paths.put("consent.file", consentFile);
            paths.put("suppression.file", suppressionFile);
            return launch(context, job, dateArgs, heap, paths, Map.of());
        }
    }

    /**
     * Runs the batch job jar in its own JVM (Spark local mode) for {@code job} and {@code dates},
     * with the configuration's job settings, {@code paths} and {@code settings} as job arguments;
     * then refreshes the analyst views. Returns the exit code.
     */
    static int launch(
            CivicContext context,
            String job,
            List<String> dates,
            String heap,
            Map<String, Path> paths,
            Map<String, String> settings)
            throws Exception {
        StackLayout layout = context.layout();
        CivicConfig config = context.config();
        if (!Files.exists(layout.batchJobsJar())) {
            throw new IllegalStateException("the batch job jar " + layout.batchJobsJar()
                    + " is missing: build it with ./mvnw -DskipTests package");
        }
        String spark = new EngineResolver(layout, msg -> System.out.println("  " + msg)).classpath("spark");
        List<String> cmd = new ArrayList<>(List.of(
                StackService.javaBinary(),
                "@" + layout.sparkJvmOptions(),
                "-Xmx" + heap,
                "-XX:+UseParallelGC",
                "-Dlog4j2.configurationFile="
                        + layout.home()
                                .resolve("batch-jobs/log4j2-local.properties")
                                .toUri(),
                "-cp",
                layout.batchJobsJar() + File.pathSeparator + spark,
                "org.civicinsights.batch.BatchMain",
                "--job",
                job,
                "--catalog.uri",
                config.get(CivicConfig.CATALOG_URI),
                "--spark.master",
                "local[2]"));
        cmd.addAll(dates);
        cmd.addAll(jobSettings(config.asMap(), paths));
        settings.forEach((k, v) -> cmd.addAll(List.of("--" + k, v)));
        System.out.printf(
                "batch: %s for %s (Spark local[2], -Xmx%s)%n",
                job, String.join(" ", dates).replace("--", ""), heap);
        // its output goes through this process's stdout, so callers (the demo, the scheduler's log) see it
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // local mode: the driver binds to loopback, not to whatever the host name resolves to
        pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        if (config.has(CivicConfig.PSEUDONYMISATION_KEY)) {
            // an inline key goes through the environment, never on a command line others can list
            pb.environment().put("CIVIC_PSEUDONYMISATION_KEY", config.get(CivicConfig.PSEUDONYMISATION_KEY));
        }
        Process p = pb.start();
        try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                System.out.println(line);
            }
        }
        int code = p.waitFor();
        if (code == 0) {
            // a first run creates the tables the analyst views read
            return CivicCli.run(context.forward("ddl", "views"));
        }
        return code;
    }

    /** Configuration keys the jobs read themselves, passed on as job arguments. */
    static final List<String> JOB_KEY_PREFIXES =
            List.of("segments.", "clusters.", "batch.", "consent.", "suppression.", "campaigns.", "outreach.");

    /**
     * The jobs' own settings from the configuration, the key file the consent job pseudonymises
     * with and the Kafka the outreach job exports to, as job arguments; {@code paths} (setting -> path given on the command line, or null) win,
     * made absolute because the job may run elsewhere.
     */
    static List<String> jobSettings(Map<String, String> config, Map<String, Path> paths) {
        Map<String, String> settings = new TreeMap<>();
        config.forEach((k, v) -> {
            if (k.equals(CivicConfig.PSEUDONYMISATION_KEY_FILE)
                    || k.equals(CivicConfig.KAFKA_BOOTSTRAP)
                    || JOB_KEY_PREFIXES.stream().anyMatch(k::startsWith)) {
                settings.put(k, v);
            }
        });
        paths.forEach((k, path) -> {
            if (path != null) {
                settings.put(k, path.toAbsolutePath().toString());
            }
        });
        List<String> args = new ArrayList<>();
        settings.forEach((k, v) -> args.addAll(List.of("--" + k, v)));
        return args;
    }

    /** The job's date arguments as given (the job checks them before Spark starts); yesterday when none. */
    static List<String> dateArgs(
            LocalDate date, LocalDate from, LocalDate to, List<LocalDate> dates, LocalDate yesterday) {
        List<String> args = new ArrayList<>();
        if (date != null) {
            args.addAll(List.of("--date", date.toString()));
        }
        if (from != null) {
            args.addAll(List.of("--from", from.toString()));
        }
        if (to != null) {
            args.addAll(List.of("--to", to.toString()));
        }
        if (dates != null && !dates.isEmpty()) {
            args.addAll(List.of(
                    "--dates",
                    String.join(",", dates.stream().map(LocalDate::toString).toList())));
        }
        return args.isEmpty() ? List.of("--date", yesterday.toString()) : args;
    }
}
