package org.civicinsights.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.civicinsights.cli.schedule.JobRunsView;
import org.civicinsights.cli.schedule.Scheduler;
import org.civicinsights.cli.schedule.SchedulerLock;
import org.civicinsights.cli.schedule.SchedulerReport;
import org.civicinsights.cli.schedule.SchedulerSettings;
import org.civicinsights.cli.schedule.SimulatedNow;
import org.civicinsights.common.config.CivicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "scheduler",
        mixinStandardHelpOptions = true,
        description = {
            "Run the recurring jobs on their schedules, in the foreground: lake",
            "maintenance, the daily batch and (opt-in) the outreach export.",
            "`civic stack up` starts it in the background. A run missed while it was",
            "down is done once when it is back; the daily batch then catches up every",
            "missed date from meta.job_runs. A failed run is retried with a doubling",
            "wait; its failure stays in the state file and shows in",
            "`civic scheduler --list` and `civic stack status`.",
            "Schedules: 'every 30m' (s, m, h, d), 'daily 02:30' (local time) or 'off'."
        },
        footer = {
            "",
            "Jobs and the command each runs (<yesterday>: the day before the",
            "scheduler's now, in schedule.zone):",
            "  maintain  civic maintain --no-retention   (compaction)",
            "  retention civic maintain --triggered-by scheduler",
            "            (the register's retention, snapshot expiry on every table,",
            "            then compaction: see docs/privacy.md)",
            "  batch     civic batch run all --catch-up-to <yesterday>",
            "              --triggered-by scheduler",
            "            (every daily job, each from the date after its newest ok",
            "            run in meta.job_runs, at most batch.catch-up-days back)",
            "  outreach  civic outreach run --date <yesterday> --triggered-by scheduler",
            "",
            "Settings (--config FILE, civic.properties or CIVIC_SCHEDULE_* variables):",
            "  schedule.maintain     default: every 1h",
            "  schedule.batch        default: daily 03:00",
            "  schedule.retention    default: daily 05:30",
            "  schedule.outreach     default: off (each run sends the CRM the changes",
            "                        that make it contact citizens: e.g. daily 05:00,",
            "                        after the batch, once the CRM reads them)",
            "  schedule.zone         zone of 'daily' times and of <yesterday>",
            "                        (default: Europe/Rome)",
            "  schedule.retries      retries of a failed run, 0-10 (default: 2)",
            "  schedule.retry-delay  wait before the first retry, doubled before each",
            "                        next one (default: 5m; e.g. 30s, 5m, 1h). A usage",
            "                        error (exit code 2) is not retried.",
            "",
            "State: <data dir>/run/scheduler-state.properties keeps each job's last",
            "run and exit code, its last failure and its failed runs in a row.",
            "run/scheduler.lock is held while jobs run: the background scheduler waits",
            "for it; a --once that finds it held runs nothing and exits with code 3.",
            "",
            "Exit codes of --once: 0 the jobs that ran ended ok (or none was due),",
            "1 a job failed after its retries, 2 bad usage or settings, 3 another",
            "scheduler was running jobs (nothing ran).",
            "",
            "Examples:",
            "  civic scheduler --list",
            "      jobs, last runs, failures, commands; the lake's meta.job_runs",
            "  civic scheduler --once",
            "      run what is due now, then exit",
            "  civic scheduler --once --job batch",
            "      run the batch now, due or not",
            "  civic scheduler --list --now 2026-12-10T04:00",
            "      what would be due at 04:00 Rome time, with the command lines",
            "  civic scheduler --once --now 2026-12-10T04:00",
            "      a drill: run what would be due then (the jobs are real; the state",
            "      file is read, not written; the runs count as scheduler-drill's)",
            "  CIVIC_SCHEDULE_RETRY_DELAY=10s civic scheduler --once \\",
            "      --now 2026-12-10T04:00 --job batch",
            "      a drill of the batch with short waits between retries"
        })
public class SchedulerCommand implements Callable<Integer> {
    @Mixin
    CivicContext context;

    @Option(
            names = "--list",
            description = "Print the jobs, their last runs, failures and next runs, and the lake's view of the"
                    + " batch runs (meta.job_runs, when Trino answers), and exit.")
    boolean list;

    @Option(names = "--once", description = "Run the jobs that are due now (or those given with --job), then exit.")
    boolean once;

    @Option(
            names = "--job",
            paramLabel = "NAME",
            description =
                    "With --once: run only this job (maintain, batch, retention or outreach), now, whether it is due"
                            + " or not; repeatable.")
    List<String> jobs;

    @Option(
            names = "--now",
            paramLabel = "TIME",
            description = "With --once or --list: fix the scheduler's clock at TIME, a local time in"
                    + " schedule.zone (2026-12-10T04:00) or an instant (2026-12-10T03:00Z), for tests and"
                    + " drills. The jobs run for real; the state file is read but not written, and the runs"
                    + " are recorded as scheduler-drill in meta.job_runs, which real catch-ups ignore.")
    String now;

    /** Between two looks at a lock held by another scheduler. */
    static final Duration BUSY_POLL = Duration.ofSeconds(5);
    /** How long a stop (SIGTERM, `civic stack down`) waits for the scheduler to record where it stopped. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** The recurring jobs and their schedules, from the settings. */
    static List<Scheduler.Job> jobs(CivicConfig config) {
        return SchedulerSettings.from(config).jobs();
    }

    @Override
    public Integer call() throws Exception {
        if (list && once) {
            throw new IllegalArgumentException("--list and --once: choose one");
        }
        if (now != null && !list && !once) {
            throw new IllegalArgumentException(
                    "--now fixes the clock of a drill: use it with --once or --list, not in the background scheduler");
        }
        if (jobs != null && !once) {
            throw new IllegalArgumentException("--job chooses the jobs of a --once run: add --once");
        }
        SchedulerSettings settings = SchedulerSettings.from(context.config());
        if (jobs != null) {
            jobs.forEach(settings::job);
        }
        Instant simulated = now == null ? null : SimulatedNow.parse(now, settings.zone());
        Clock clock = simulated == null ? Clock.systemUTC() : Clock.fixed(simulated, ZoneOffset.UTC);
        Scheduler.Mode mode = list
                ? Scheduler.Mode.LIST
                : once ? (simulated == null ? Scheduler.Mode.ONCE : Scheduler.Mode.DRILL) : Scheduler.Mode.SERVICE;
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Scheduler scheduler = new Scheduler(
                settings,
                context.layout().run(),
                clock,
                mode,
                (job, args) -> CivicCli.run(context.forward(args.toArray(String[]::new))),
                delay -> stop.await(delay.toMillis(), TimeUnit.MILLISECONDS),
                SchedulerCommand::log);
        if (simulated != null) {
            log("clock fixed by --now at "
                    + simulated.atZone(settings.zone()).format(DateTimeFormatter.ISO_ZONED_DATE_TIME) + " (" + simulated
                    + "); the state file is read, not written");
        }
        if (list) {
            printList(scheduler, settings);
            return 0;
        }
        // a stop (SIGTERM from `civic stack down`, Ctrl-C) ends a retry's wait at once and leaves the
        // scheduler a moment to record it; a job that is running is not waited for
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (Scheduler.JobView v : scheduler.view()) {
                log(String.format(
                        "%-10s %-32s next run: %s%s",
                        v.job().name(),
                        v.job().schedule().describe(),
                        v.nextRun().map(Object::toString).orElse("never"),
                        v.due() ? " (due)" : ""));
            }
            log("retries: " + settings.retries().describe());
            return once ? once(scheduler, clock) : loop(scheduler, stop);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
    }

    private int once(Scheduler scheduler, Clock clock) throws Exception {
        Scheduler.Pass pass = jobs == null ? scheduler.runDue() : scheduler.runNow(jobs);
        if (pass.busy().isPresent()) {
            System.err.println("civic scheduler: nothing ran: another scheduler is running jobs ("
                    + pass.busy().get() + "); run this again when it is done (civic scheduler --list shows what runs)");
            return pass.exitCode();
        }
        if (pass.ran().isEmpty()) {
            log("nothing is due at " + clock.instant() + " (name a job with --job to run it anyway)");
        } else {
            log("ran " + String.join(", ", pass.ran())
                    + (pass.failed().isEmpty() ? "; all ok" : "; failed: " + String.join(", ", pass.failed())));
        }
        return pass.exitCode();
    }

    private int loop(Scheduler scheduler, CountDownLatch stop) throws Exception {
        log("scheduler started");
        String waitingFor = null;
        while (true) {
            Scheduler.Pass pass = scheduler.runDue();
            Duration wait;
            if (pass.busy().isPresent()) {
                if (!pass.busy().get().equals(waitingFor)) {
                    log("waiting: another scheduler is running jobs ("
                            + pass.busy().get() + ")");
                }
                waitingFor = pass.busy().get();
                wait = BUSY_POLL;
            } else {
                waitingFor = null;
                // wake at the next due run, or each minute to notice a stop
                wait = scheduler.untilNext(Duration.ofMinutes(1));
            }
            if (pass.stopped() || stop.await(Math.max(wait.toMillis(), 200), TimeUnit.MILLISECONDS)) {
                log("scheduler stopped");
                return 0;
            }
        }
    }

    private void printList(Scheduler scheduler, SchedulerSettings settings) {
        List<Scheduler.JobView> views = scheduler.view();
        System.out.printf(
                "scheduler jobs (times in %s; state in %s)%n",
                settings.zone(), context.layout().run().resolve(Scheduler.STATE_FILE));
        System.out.print(SchedulerReport.jobs(views, settings.zone()));
        System.out.println("commands:");
        System.out.print(SchedulerReport.commands(views));
        System.out.println(
                "retries: " + settings.retries().describe() + " (a usage error, exit code 2, is not retried)");
        System.out.println("running now: "
                + SchedulerLock.holder(context.layout().run().resolve(Scheduler.LOCK_FILE))
                        .orElse("no job"));
        System.out.println();
        System.out.print(SchedulerReport.lake(JobRunsView.read(context.config())));
    }

    private static void log(String line) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
    }
}
