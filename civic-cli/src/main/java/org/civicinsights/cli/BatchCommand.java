package org.civicinsights.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.civicinsights.cli.stack.EngineResolver;
import org.civicinsights.cli.stack.StackLayout;
import org.civicinsights.cli.stack.StackService;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.io.PrivateFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        description =
                "Run the Spark batch jobs on the lake (local mode in their own JVM, or spark-submit to a cluster).",
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
                "Spark runs in local mode (local[2]) in its own JVM; with --master URL, or spark.master in",
                "the configuration (a cluster stack's civic.properties sets it), the same job jar is submitted",
                "with Spark's own spark-submit in client mode. The catalog.* and spark.* keys of the",
                "configuration are passed on to the job, secrets through its environment (see docs/deployment.md)."
            },
            footer = {
                "",
                "Examples:",
                "  civic batch run all --date 2026-03-02",
                "  civic batch run sla --from 2026-01-01 --to 2026-01-31",
                "  civic batch run sla,satisfaction --dates 2026-01-04,2026-01-11,2026-01-18,2026-01-25,2026-01-31",
                "  civic batch run segments --date 2026-03-02 --segments-dir my-segments/",
                "  civic batch run consent --date 2026-03-02 --consent-file crm/consent-2026-03-02.csv",
                "  civic batch run all --date 2026-03-02 --master spark://127.0.0.1:7077",
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
                description =
                        "Heap of the Spark JVM, the driver's when submitting to a cluster (default ${DEFAULT-VALUE}).")
        String heap;

        @Option(
                names = "--master",
                paramLabel = "URL",
                description = {
                    "Spark master to submit to with spark-submit (e.g. spark://127.0.0.1:7077; default: the",
                    "configuration's spark.master, else local[2] in a plain JVM)."
                })
        String master;

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
            return launch(context, job, dateArgs, heap, master, paths, Map.of());
        }
    }

    /**
     * Runs the batch job jar for {@code job} and {@code dates} with the configuration's job settings,
     * {@code paths} and {@code settings} as job arguments: in local mode in its own JVM, or through
     * spark-submit when the master ({@code master}, else the configuration's spark.master) is a
     * cluster's; then refreshes the analyst views. Returns the exit code.
     */
    static int launch(
            CivicContext context,
            String job,
            List<String> dates,
            String heap,
            String master,
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
        BatchLauncher.Installation installation = new BatchLauncher.Installation(
                StackService.javaBinary(),
                layout.sparkJvmOptions(),
                layout.home().resolve("batch-jobs/log4j2-local.properties"),
                spark,
                layout.batchJobsJar());
        String sparkMaster = BatchLauncher.master(master, config.asMap());
        // one private file per run (the scheduler and the demo run batches in one JVM), written only if needed
        Path secretFile = PrivateFiles.createTemp(layout.run(), "batch-", ".properties");
        BatchLauncher.Launch launch = BatchLauncher.plan(
                installation,
                new BatchLauncher.Run(job, dates, heap, paths, settings),
                sparkMaster,
                config.asMap(),
                secretFile);
        System.out.printf(
                "batch: %s for %s (%s)%n", job, String.join(" ", dates).replace("--", ""), launch.where());
        // its output goes through this process's stdout, so callers (the demo, the scheduler's log) see it
        ProcessBuilder pb = new ProcessBuilder(launch.command())
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (launch.loopback()) {
            // the driver binds to loopback, not to whatever the host name resolves to
            pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        }
        // secrets (an inline key, catalog credentials) go through the environment or a file, never on
        // a command line others can list
        pb.environment().putAll(launch.environment());
        int code;
        try {
            if (!launch.secretFile().isEmpty()) {
                PrivateFiles.writeProperties(
                        secretFile, launch.secretFile(), "secrets of one civic batch run; deleted when it ends");
            }
            Process p = pb.start();
            try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    System.out.println(line);
                }
            }
            code = p.waitFor();
        } finally {
            Files.deleteIfExists(secretFile);
        }
        if (code == 0) {
            // a first run creates the tables the analyst views read
            return CivicCli.run(context.forward("ddl", "views"));
        }
        return code;
    }

    /** A properties file only its owner can read (created so, not narrowed afterwards). */
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
