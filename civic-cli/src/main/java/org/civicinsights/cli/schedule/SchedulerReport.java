package org.civicinsights.cli.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civicinsights.cli.ResultFormatter;

/** What `civic scheduler --list` prints: the jobs with their state, and the lake's view of the runs. */
public final class SchedulerReport {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SchedulerReport() {}

    /** One row per job: schedule, last run and exit, next run (and whether it is due), last failure. */
    public static String jobs(List<Scheduler.JobView> views, ZoneId zone) {
        List<List<String>> rows = new ArrayList<>();
        for (Scheduler.JobView v : views) {
            SchedulerState.JobState s = v.state();
            rows.add(List.of(
                    v.job().name(),
                    v.job().schedule().describe(),
                    s.lastExit().isPresent() ? local(s.lastRun(), zone) : "never ran",
                    s.lastExit().map(String::valueOf).orElse("-"),
                    v.nextRun()
                            .map(n -> local(Optional.of(n), zone) + (v.due() ? " (due)" : ""))
                            .orElse("never (off)"),
                    lastFailure(s, zone)));
        }
        return ResultFormatter.format(
                List.of("job", "schedule", "last run", "exit", "next run", "last failure"),
                rows,
                ResultFormatter.Format.TABLE);
    }

    /** "2026-12-10 03:25:13, exit 1, 2 runs in a row", "..., retry at ...", "..., ok since" or "-". */
    static String lastFailure(SchedulerState.JobState s, ZoneId zone) {
        if (s.lastFailure().isEmpty()) {
            return "-";
        }
        String at = local(s.lastFailure(), zone) + ", exit "
                + s.lastFailureExit().map(String::valueOf).orElse("?");
        if (s.nextRetry().isPresent()) {
            return at + ", retry at " + local(s.nextRetry(), zone);
        }
        int n = s.consecutiveFailures();
        return at + (n == 0 ? ", ok since" : n == 1 ? ", last run failed" : ", " + n + " runs in a row failed");
    }

    /** The command line each job runs at the scheduler's now. */
    public static String commands(List<Scheduler.JobView> views) {
        StringBuilder sb = new StringBuilder();
        int w = views.stream().mapToInt(v -> v.job().name().length()).max().orElse(0);
        for (Scheduler.JobView v : views) {
            sb.append(String.format(
                    "  %-" + w + "s  civic %s%s%n",
                    v.job().name(),
                    String.join(" ", v.commandLine()),
                    v.nextRun().isEmpty() ? "  (off)" : ""));
        }
        return sb.toString();
    }

    /** The lake's view from meta.job_runs, or the line that says why it is not available. */
    public static String lake(JobRunsView.View view) {
        if (!view.available()) {
            return "lake (meta.job_runs): " + view.unavailable() + "\n";
        }
        StringBuilder sb = new StringBuilder("lake (meta.job_runs): each job's newest ok date and last run\n");
        sb.append(ResultFormatter.format(view.perJob().columns(), view.perJob().rows(), ResultFormatter.Format.TABLE));
        if (view.failures().rows().isEmpty()) {
            sb.append("no failed or skipped run\n");
        } else {
            sb.append("newest failed or skipped runs (rerun_ok: a later run of the job and date went ok)\n");
            sb.append(ResultFormatter.format(
                    view.failures().columns(), view.failures().rows(), ResultFormatter.Format.TABLE));
        }
        return sb.toString();
    }

    static String local(Optional<Instant> t, ZoneId zone) {
        return t.map(i -> LOCAL.format(i.atZone(zone))).orElse("-");
    }
}
