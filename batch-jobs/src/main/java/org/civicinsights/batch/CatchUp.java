package org.civicinsights.batch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which dates each daily job runs for when catching up to a date: every date after its newest
 * successful run, at most {@code maxDays} back; only the target date for a job that never
 * succeeded. A job running for a date also re-runs its selected upstream jobs for that date (each is
 * idempotent for its date), because some of them keep one date's state only (mart.case_sla is as
 * of the date sla last ran for), which the downstream job reads.
 */
public final class CatchUp {
    /**
     * @param runs the jobs to run on each date, dates oldest first, jobs in registry order
     * @param tooOld per job, the first and last missed date older than the window: not run, reported
     */
    public record Plan(TreeMap<LocalDate, List<String>> runs, Map<String, LocalDate[]> tooOld) {
        public boolean isEmpty() {
            return runs.isEmpty();
        }
    }

    private CatchUp() {}

    /** {@code jobs} in registry order (each after its needs). */
    public static Plan plan(List<JobSpec> jobs, RunHistory history, LocalDate to, int maxDays) {
        if (maxDays < 1) {
            throw new IllegalArgumentException("batch.catch-up-days must be at least 1, not " + maxDays);
        }
        LocalDate window = to.minusDays(maxDays - 1L);
        Map<String, SortedSet<LocalDate>> dates = new LinkedHashMap<>();
        Map<String, LocalDate[]> tooOld = new LinkedHashMap<>();
        for (JobSpec job : jobs) {
            LocalDate first =
                    history.newestOk(job.name()).map(d -> d.plusDays(1)).orElse(to);
            if (first.isBefore(window)) {
                tooOld.put(job.name(), new LocalDate[] {first, window.minusDays(1)});
                first = window;
            }
            SortedSet<LocalDate> own = new TreeSet<>();
            for (LocalDate d = first; !d.isAfter(to); d = d.plusDays(1)) {
                own.add(d);
            }
            dates.put(job.name(), own);
        }
        // downstream first: a job's dates flow to the upstream jobs it needs (registry order is topological)
        List<JobSpec> reversed = new ArrayList<>(jobs);
        java.util.Collections.reverse(reversed);
        for (JobSpec job : reversed) {
            for (String need : job.needs()) {
                if (dates.containsKey(need)) {
                    dates.get(need).addAll(dates.get(job.name()));
                }
            }
        }
        TreeMap<LocalDate, List<String>> runs = new TreeMap<>();
        for (JobSpec job : jobs) {
            for (LocalDate d : dates.get(job.name())) {
                runs.computeIfAbsent(d, k -> new ArrayList<>()).add(job.name());
            }
        }
        return new Plan(runs, tooOld);
    }
}
