package org.civicinsights.batch;

import java.util.List;
import java.util.stream.Stream;
import org.civicinsights.batch.cases.CasesJob;
import org.civicinsights.batch.clusters.ClustersJob;
import org.civicinsights.batch.consent.ConsentJob;
import org.civicinsights.batch.contacts.ContactsJob;
import org.civicinsights.batch.deflection.DeflectionJob;
import org.civicinsights.batch.outreach.OutreachJob;
import org.civicinsights.batch.profile.ProfileJob;
import org.civicinsights.batch.satisfaction.SatisfactionJob;
import org.civicinsights.batch.segments.SegmentsJob;
import org.civicinsights.batch.sla.SlaJob;

/**
 * The batch jobs in dependency order; {@code all} runs the daily ones in this order. On-demand jobs
 * (importing a file the CRM sent) run only when named, before the daily ones; the export to the
 * CRM (outreach) only when named, after them: it sends messages to citizens, so a backfill of
 * {@code all} must not run it by accident.
 */
public final class BatchJobs {
    public static final List<String> NAMES =
            List.of("cases", "sla", "contacts", "deflection", "satisfaction", "profile", "segments", "clusters");
    public static final List<String> ON_DEMAND = List.of("consent");
    public static final List<String> EXPORTS = List.of("outreach");
    static final List<String> ORDER =
            Stream.of(ON_DEMAND, NAMES, EXPORTS).flatMap(List::stream).toList();

    private BatchJobs() {}

    static List<String> resolve(String job) {
        if (job.equals("all")) {
            return NAMES;
        }
        for (String j : job.split(",")) {
            if (!ORDER.contains(j.trim())) {
                throw new IllegalArgumentException(
                        "unknown job '" + j.trim() + "': jobs are " + String.join(", ", ORDER) + " or all");
            }
        }
        return ORDER.stream()
                .filter(n -> List.of(job.split(",")).stream().map(String::trim).anyMatch(n::equals))
                .toList();
    }

    public static BatchJob create(String name) {
        return switch (name) {
            case "consent" -> new ConsentJob();
            case "cases" -> new CasesJob();
            case "sla" -> new SlaJob();
            case "contacts" -> new ContactsJob();
            case "deflection" -> new DeflectionJob();
            case "satisfaction" -> new SatisfactionJob();
            case "profile" -> new ProfileJob();
            case "segments" -> new SegmentsJob();
            case "clusters" -> new ClustersJob();
            case "outreach" -> new OutreachJob();
            default -> throw new IllegalArgumentException("unknown job " + name);
        };
    }
}
