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
import org.civicinsights.cli.stack.CatalogClients;
import org.civicinsights.cli.stack.EngineResolver;
import org.civicinsights.cli.stack.StackLayout;
import org.civicinsights.cli.stack.StackSecrets;
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
        subcommands = {BatchCommand.Run.class, BatchCommand.ListJobs.class})
public class BatchCommand implements Runnable {
    /** A job's default date: retention enforces today's boundary; the others run for yesterday. */
    static LocalDate defaultDate(String job) {
        return job.strip().equals("retention") ? LocalDate.now(RomeTime.ZONE) : yesterdayInRome();
    }

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
                "Run batch jobs for a date, for each date of a range (a backfill, oldest",
                "first), for a list of dates (oldest first), or for every date each daily job",
                "missed (--catch-up-to). Each job is idempotent for its date: running a date",
                "again gives the same tables. The jobs, the tables they write and the jobs each",
                "needs first: civic batch list. `all` is the daily jobs in their order; on-",
                "demand jobs (consent: the CRM's consent and suppression exports, with",
                "--consent-file, --suppression-file) and the export to the CRM (outreach: civic",
                "outreach run) run only when named. A job runs for a date only once the jobs it",
                "needs succeeded for that date; every attempt is recorded in meta.job_runs (ok,",
                "failed, skipped).",
                "",
                "Job settings (segments.dir, clusters.k-min, clusters.k-max, batch.shuffle-",
                "partitions, batch.catch-up-days) are read from the configuration",
                "(civic.properties or CIVIC_* variables). Spark runs in local mode (local[2])",
                "in its own JVM; with --master URL, or spark.master in the configuration (a",
                "cluster stack's civic.properties sets it), the same job jar is submitted with",
                "Spark's own spark-submit in client mode. The catalog.* and spark.* keys of the",
                "configuration are passed on to the job, secrets through its environment (see",
                "docs/deployment.md).",
                "",
                "Exit code: 0 when every job succeeded, 1 when one failed or was skipped, 2 for",
                "bad arguments."
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
                "  civic batch run all --catch-up-to yesterday   (every date since each job's last success)",
                "  civic batch run all                       (yesterday in Europe/Rome)",
                "  civic batch run retention                 (today: what civic maintain runs first)"
            })
    static class Run implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Parameters(
                index = "0",
                paramLabel = "JOB",
                description = "A job of civic batch list, a comma-separated list, or all (the daily jobs).")
        String job;

        @Option(
                names = "--date",
                paramLabel = "YYYY-MM-DD",
                description = "The Rome calendar date to run for (default: yesterday; today for retention).")
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
                names = "--catch-up-to",
                paramLabel = "YYYY-MM-DD|yesterday",
                description = {
                    "Run each daily job for every date after its newest successful run in meta.job_runs, up",
                    "to this date, oldest first (at most batch.catch-up-days back, default 7; a job that never",
                    "succeeded runs this date only). What the scheduler runs every night."
                })
        String catchUpTo;

        @Option(
                names = "--triggered-by",
                paramLabel = "NAME",
                description = "Who started the run, as meta.job_runs records it (default: manual).")
        String triggeredBy;

        @Option(
                names = "--no-upstream-check",
                description = {
                    "Run each job even when the jobs it needs have no successful run recorded for the date",
                    "(a lake from before meta.job_runs, or a deliberate partial rerun)."
                })
        boolean noUpstreamCheck;

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
            List<String> dateArgs = catchUpTo != null
                    ? catchUpArgs(catchUpTo, date, from, to, dates)
                    : dateArgs(date, from, to, dates, defaultDate(job));
            Map<String, Path> paths = new HashMap<>();
            paths.put("segments.dir", segmentsDir);
            paths.put("consent.file", consentFile);
            paths.put("suppression.file", suppressionFile);
            return launch(context, job, dateArgs, heap, master, paths, runSettings(triggeredBy, noUpstreamCheck));
        }
    }

    /**
     * Runs the batch job jar for {@code job} and {@code dates} with the configuration's job settings,
     * {@code paths} and {@code settings} as job arguments: in local mode in its own JVM, or through
     * spark-submit when the master ({@code master}, else the configuration's spark.master) is a
     * cluster's; then creates the analyst views still missing. Returns the exit code.
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
        // the batch's own catalog client on a secured stack, not the CLI's that civic.properties names
        Map<String, String> jobConfig = context.stackSettings().secured()
                ? new CatalogClients(layout, StackSecrets.of(layout)).forKind(config.asMap(), CatalogClients.Kind.BATCH)
                : config.asMap();
        // one private file per run (the scheduler and the demo run batches in one JVM), written only if needed
        Path secretFile = PrivateFiles.createTemp(layout.run(), "batch-", ".properties");
        BatchLauncher.Launch launch = BatchLauncher.plan(
                installation,
                new BatchLauncher.Run(job, dates, heap, paths, settings),
                sparkMaster,
                jobConfig,
                secretFile);
        System.out.printf(
                "batch: %s%s (%s)%n",
                job, dates.isEmpty() ? "" : " for " + String.join(" ", dates).replace("--", ""), launch.where());
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
            // a first run creates the tables the analyst views read; views that exist are current
            // (`civic stack up` and `civic ddl migrate` replace them all)
            return CivicCli.run(context.forward("ddl", "views", "--missing-only"));
        }
        return code;
    }

    /** The run's own settings: who triggered it, and whether upstream runs are checked. */
    static Map<String, String> runSettings(String triggeredBy, boolean noUpstreamCheck) {
        Map<String, String> settings = new HashMap<>();
        if (triggeredBy != null) {
            settings.put("batch.triggered-by", triggeredBy);
        }
        if (noUpstreamCheck) {
            settings.put("batch.check-upstream", "false");
        }
        return settings;
    }

    /** --catch-up-to replaces the date options (the job finds the dates in meta.job_runs). */
    static List<String> catchUpArgs(String to, LocalDate date, LocalDate from, LocalDate until, List<LocalDate> dates) {
        if (date != null || from != null || until != null || (dates != null && !dates.isEmpty())) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(new Run()),
                    "--catch-up-to finds the dates itself: give no --date, --from, --to or --dates with it");
        }
        return List.of("--catch-up-to", to);
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

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "Print the batch jobs: their order, kind (daily, on-demand, export), the jobs each needs to",
                "have succeeded for a date first, and the tables each writes. Read from the job jar's registry,",
                "the one graph the runner, the scheduler and the Airflow DAGs use."
            },
            footer = {
                "",
                "Examples:",
                "  civic batch list",
                "  civic batch list --format json > orchestration/airflow/dags/civic_jobs.json"
            })
    static class ListJobs implements Callable<Integer> {
        @Mixin
        CivicContext context;

        @Option(
                names = "--format",
                defaultValue = "text",
                description = "text (default) or json (what the Airflow DAGs read).")
        String format;

        @Override
        public Integer call() throws Exception {
            if (!format.equals("text") && !format.equals("json")) {
                System.err.println("civic batch list: --format must be text or json, not " + format);
                return 2;
            }
            StackLayout layout = context.layout();
            if (!Files.exists(layout.batchJobsJar())) {
                throw new IllegalStateException("the batch job jar " + layout.batchJobsJar()
                        + " is missing: build it with ./mvnw -DskipTests package");
            }
            // the registry's schemas are Spark types: it runs in its own JVM, with Spark on its classpath
            String spark = new EngineResolver(layout, msg -> System.err.println("  " + msg)).classpath("spark");
            List<String> command = new ArrayList<>(List.of(
                    StackService.javaBinary(),
                    "-cp",
                    layout.batchJobsJar() + java.io.File.pathSeparator + spark,
                    BatchLauncher.MAIN_CLASS,
                    "--list"));
            if (format.equals("json")) {
                command.addAll(List.of("--format", "json"));
            }
            Path log = Files.createTempFile("civic-batch-list", ".log");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(false)
                        .redirectError(log.toFile())
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int code = p.waitFor();
                if (code != 0) {
                    System.err.print(Files.readString(log));
                    return code;
                }
                System.out.print(out);
                return 0;
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }
}
