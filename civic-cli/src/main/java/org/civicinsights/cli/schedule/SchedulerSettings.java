package org.civicinsights.cli.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.config.CivicConfig;

/**
 * The scheduler's jobs and how it runs them, from the schedule.* settings. The jobs follow the
 * batch registry's kinds: {@code batch} runs every daily job ({@code all}) catching up from
 * meta.job_runs, {@code outreach} the export; {@code maintain} is the lake's hourly upkeep through Trino
 * and {@code retention} the daily one, which enforces the register's retention first.
 */
public record SchedulerSettings(List<Scheduler.Job> jobs, ZoneId zone, Retries retries) {
    /** In a job's command line: the day before the scheduler's now, in {@link #zone}. */
    public static final String YESTERDAY = "{yesterday}";

    public SchedulerSettings {
        jobs = List.copyOf(jobs);
    }

    public static SchedulerSettings from(CivicConfig config) {
        ZoneId zone = zone(config);
        List<Scheduler.Job> jobs = new ArrayList<>();
        // compaction of the small files ingestion writes; retention waits for its own daily run
        jobs.add(job(config, zone, "maintain", "every 1h", List.of("maintain", "--no-retention")));
        // every daily job of the registry, each from the date after its newest ok run up to yesterday
        jobs.add(job(
                config,
                zone,
                "batch",
                "daily 03:00",
                List.of("batch", "run", "all", "--catch-up-to", YESTERDAY, "--triggered-by", "scheduler")));
        // the register's retention (a Spark job), snapshot expiry on every table, then compaction;
        // after the daily batch, so the batch's own writes are not expired half-way
        jobs.add(job(config, zone, "retention", "daily 05:30", List.of("maintain", "--triggered-by", "scheduler")));
        // opt-in: each run sends the CRM changes that make it contact citizens
        jobs.add(job(
                config,
                zone,
                "outreach",
                "off",
                List.of("outreach", "run", "--date", YESTERDAY, "--triggered-by", "scheduler")));
        return new SchedulerSettings(jobs, zone, Retries.from(config));
    }

    public Scheduler.Job job(String name) {
        return jobs.stream()
                .filter(j -> j.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("there is no scheduler job '" + name
                        + "': the jobs are "
                        + String.join(
                                ", ", jobs.stream().map(Scheduler.Job::name).toList())));
    }

    private static Scheduler.Job job(
            CivicConfig config, ZoneId zone, String name, String defaultSchedule, List<String> args) {
        String key = "schedule." + name;
        try {
            return new Scheduler.Job(name, Schedule.parse(config.get(key, defaultSchedule), zone), args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static ZoneId zone(CivicConfig config) {
        String z = config.get("schedule.zone", RomeTime.ZONE.getId());
        try {
            return ZoneId.of(z.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "schedule.zone '" + z + "' is not a time zone: use a region like Europe/Rome (or UTC)");
        }
    }
}
