package org.civicinsights.batch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry's job graph as text (civic batch list, --help) and as JSON (the Airflow DAGs read it). */
public final class JobGraph {
    private JobGraph() {}

    /** {"jobs":[{"name","kind","needs","outputs","summary"}, ...]} in registry order, one job per line. */
    public static String json() {
        StringBuilder sb = new StringBuilder("{\"jobs\": [\n");
        List<JobSpec> specs = BatchJobs.specs();
        for (int i = 0; i < specs.size(); i++) {
            JobSpec s = specs.get(i);
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("name", s.name());
            job.put("kind", s.kind().label());
            job.put("needs", s.needs());
            job.put("outputs", s.outputNames());
            job.put("summary", s.summary());
            sb.append("  ").append(Json.of(job)).append(i + 1 < specs.size() ? ",\n" : "\n");
        }
        return sb.append("]}\n").toString();
    }

    public static String text() {
        StringBuilder sb = new StringBuilder(
                "Batch jobs, in the order they run (each for a date once the jobs it needs succeeded for that date):\n");
        for (JobSpec s : BatchJobs.specs()) {
            sb.append(String.format(
                    "  %-13s %-9s needs %-8s %s%n",
                    s.name(), s.kind().label(), s.needs().isEmpty() ? "-" : String.join(",", s.needs()), s.summary()));
        }
        sb.append("all = the daily jobs: ")
                .append(String.join(", ", BatchJobs.daily()))
                .append('\n')
                .append(
                        "on-demand jobs run only when named; the export (outreach) only when named, after the daily jobs.\n");
        return sb.toString();
    }
}
