package org.civicinsights.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.civicinsights.batch.cases.CasesJob;
import org.civicinsights.batch.clusters.ClustersJob;
import org.civicinsights.batch.consent.ConsentJob;
import org.civicinsights.batch.contacts.ContactsJob;
import org.civicinsights.batch.deflection.DeflectionJob;
import org.civicinsights.batch.outreach.OutreachJob;
import org.civicinsights.batch.privacy.EraseJob;
import org.civicinsights.batch.privacy.RetentionJob;
import org.civicinsights.batch.profile.ProfileJob;
import org.civicinsights.batch.satisfaction.SatisfactionJob;
import org.civicinsights.batch.segments.SegmentsJob;
import org.civicinsights.batch.sla.SlaJob;

/**
 * The registry: every batch job, in an order where each job comes after the jobs it needs. The
 * runner, {@code civic batch list}, the CLI's help, the built-in scheduler and the Airflow DAGs
 * (through {@code orchestration/airflow/dags/civic_jobs.json}) all read the graph from here.
 * {@code all} is the daily jobs in this order. On-demand jobs (importing a file the CRM sent) run
 * only when named; the export to the CRM (outreach) only when named too: it sends messages to
 * citizens, so a backfill of {@code all} must not run it by accident. Retention (deleting rows past
 * the register's retention) is on demand too: civic maintain and the daily maintenance run it.
 */
public final class BatchJobs {
    public static final String ALL = "all";

    private static final Map<String, BatchJob> JOBS = register(List.of(
            new ConsentJob(),
            new CasesJob(),
            new SlaJob(),
            new ContactsJob(),
            new DeflectionJob(),
            new SatisfactionJob(),
            new ProfileJob(),
            new SegmentsJob(),
            new ClustersJob(),
            new OutreachJob(),
            new EraseJob(),
            new RetentionJob()));

    /** The tables of the runner itself (run log, data-quality log, code labels), created with the jobs' own. */
    static final List<TableSpec> RUNNER_TABLES =
            List.of(JobRuns.TABLE_SPEC, QualityLog.TABLE_SPEC, CodeLabels.TABLE_SPEC);

    private BatchJobs() {}

    /** Checks the graph once: unique names and tables, each need an earlier job (so no cycle). */
    static Map<String, BatchJob> register(List<BatchJob> jobs) {
        Map<String, BatchJob> byName = new LinkedHashMap<>();
        Set<String> tables = new HashSet<>();
        for (BatchJob job : jobs) {
            JobSpec spec = job.spec();
            for (String need : spec.needs()) {
                if (!byName.containsKey(need)) {
                    throw new IllegalStateException("job " + spec.name() + " needs " + need
                            + ", which is not registered before it (unknown, later, or a cycle)");
                }
            }
            for (String table : spec.outputNames()) {
                if (!tables.add(table)) {
                    throw new IllegalStateException("table " + table + " is declared by two jobs");
                }
            }
            if (byName.put(spec.name(), job) != null) {
                throw new IllegalStateException("job " + spec.name() + " is registered twice");
            }
        }
        return byName;
    }

    /** Every job's spec, in registry (topological) order. */
    public static List<JobSpec> specs() {
        return JOBS.values().stream().map(BatchJob::spec).toList();
    }

    public static List<String> names() {
        return List.copyOf(JOBS.keySet());
    }

    /** The daily jobs, in order: what {@code all} runs and the schedule catches up. */
    public static List<String> daily() {
        return specs().stream()
                .filter(s -> s.kind() == JobKind.DAILY)
                .map(JobSpec::name)
                .toList();
    }

    public static BatchJob job(String name) {
        BatchJob job = JOBS.get(name);
        if (job == null) {
            throw new IllegalArgumentException("unknown job " + name);
        }
        return job;
    }

    public static JobSpec spec(String name) {
        return job(name).spec();
    }

    /** {@code all}, one job or a comma-separated list, as registry-ordered job names; a clear error otherwise. */
    static List<String> resolve(String selection) {
        if (selection.strip().equals(ALL)) {
            return daily();
        }
        List<String> asked = new ArrayList<>();
        for (String j : selection.split(",")) {
            String name = j.strip();
            if (!JOBS.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown job '" + name + "': jobs are " + String.join(", ", JOBS.keySet()) + " or " + ALL);
            }
            asked.add(name);
        }
        return JOBS.keySet().stream().filter(asked::contains).toList();
    }

    /**
     * The runner's tables, and those of the jobs to run, of the jobs they need (transitively) and of
     * the jobs they read, created unless they exist: a job may read a table no run wrote yet (empty,
     * not missing). Other jobs' tables wait for their first run, and so do the analyst views over them.
     */
    public static void ensureTables(SparkSession spark, BatchSettings s, Collection<String> jobs) {
        for (TableSpec t : RUNNER_TABLES) {
            BatchTables.ensure(spark, s, t);
        }
        for (String job : withUpstream(jobs)) {
            for (TableSpec t : spec(job).outputs()) {
                BatchTables.ensure(spark, s, t);
            }
        }
    }

    /** The jobs, every job they need (transitively) and the jobs they read, in registry order. */
    static List<String> withUpstream(Collection<String> jobs) {
        Set<String> all = new HashSet<>(jobs);
        List<String> reversed = new ArrayList<>(JOBS.keySet());
        java.util.Collections.reverse(reversed);
        for (String name : reversed) {
            if (all.contains(name)) {
                all.addAll(spec(name).needs());
                all.addAll(spec(name).reads());
            }
        }
        return JOBS.keySet().stream().filter(all::contains).toList();
    }
}
