package org.civicinsights.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.civicinsights.cli.schedule.Schedule;
import org.civicinsights.cli.schedule.Scheduler;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "scheduler",
        mixinStandardHelpOptions = true,
        description = {
            "Run the recurring jobs on their schedules, in the foreground: lake",
            "maintenance (compaction, snapshot expiry) and other civic commands.",
            "`civic stack up` starts it in the background. A run missed while it was",
            "down is done once when it is back. Schedules: 'every 30m' (s, m, h, d),",
            "'daily 02:30' (local time) or 'off'."
        },
        footer = {
            "",
            "Settings:",
            "  schedule.maintain   civic maintain          (default: every 1h)",
            "  schedule.batch      civic batch run all --date <yesterday>  (default: daily 03:00)",
            "  schedule.outreach   civic outreach run --date <yesterday>  (default: off; it sends the CRM",
            "                      the day's changes: e.g. daily 05:00, after the batch, once the CRM reads them)",
            "  schedule.zone       zone of 'daily' times   (default: Europe/Rome)",
            "in --config FILE, civic.properties or CIVIC_SCHEDULE_* variables."
        })
public class SchedulerCommand implements Callable<Integer> {
    @Mixin
    CivicContext context;

    @Option(names = "--list", description = "Print the jobs, their schedules and next runs, and exit.")
    boolean list;

    @Option(names = "--once", description = "Run the jobs that are due now, then exit.")
    boolean once;

    /** The recurring jobs and their schedules, from the settings. */
    static List<Scheduler.Job> jobs(CivicConfig config) {
        ZoneId zone = ZoneId.of(config.get("schedule.zone", RomeTime.ZONE.getId()));
        List<Scheduler.Job> jobs = new ArrayList<>();
        jobs.add(new Scheduler.Job(
                "maintain", Schedule.parse(config.get("schedule.maintain", "every 1h"), zone), List.of("maintain")));
        jobs.add(new Scheduler.Job(
                "batch",
                Schedule.parse(config.get("schedule.batch", "daily 03:00"), zone),
                List.of("batch", "run", "all", "--date", "{yesterday}")));
        // opt-in: each run sends the CRM changes that make it contact citizens
        jobs.add(new Scheduler.Job(
                "outreach",
                Schedule.parse(config.get("schedule.outreach", "off"), zone),
                List.of("outreach", "run", "--date", "{yesterday}")));
        return jobs;
    }

    @Override
    public Integer call() throws Exception {
        CivicConfig config = context.config();
        ZoneId zone = ZoneId.of(config.get("schedule.zone", RomeTime.ZONE.getId()));
        Scheduler scheduler = new Scheduler(
                jobs(config),
                context.layout().run().resolve("scheduler-state.properties"),
                Clock.systemUTC(),
                zone,
                (job, args) -> CivicCli.run(context.forward(args.toArray(String[]::new))),
                SchedulerCommand::log);
        for (Scheduler.Job j : jobs(config)) {
            log(String.format(
                    "%-10s %-32s next run: %s",
                    j.name(),
                    j.schedule().describe(),
                    scheduler.nextRun(j).map(Object::toString).orElse("never")));
        }
        if (list) {
            return 0;
        }
        if (once) {
            scheduler.runDue();
            return 0;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        log("scheduler started");
        while (true) {
            scheduler.runDue();
            // wake at the next due run, or each minute to notice a stop
            Duration wait = scheduler.untilNext(Duration.ofMinutes(1));
            if (stop.await(Math.max(wait.toMillis(), 200), TimeUnit.MILLISECONDS)) {
                log("scheduler stopped");
                return 0;
            }
        }
    }

    private static void log(String line) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
    }
}
