package org.civicinsights.batch;

import java.util.List;
import org.civicinsights.batch.cases.CasesJob;
import org.civicinsights.batch.clusters.ClustersJob;
import org.civicinsights.batch.contacts.ContactsJob;
import org.civicinsights.batch.deflection.DeflectionJob;
import org.civicinsights.batch.profile.ProfileJob;
import org.civicinsights.batch.satisfaction.SatisfactionJob;
import org.civicinsights.batch.segments.SegmentsJob;
import org.civicinsights.batch.sla.SlaJob;

/** The batch jobs in dependency order; {@code all} runs them in this order. */
public final class BatchJobs {
    public static final List<String> NAMES = List.of("cases", "sla", "contacts", "deflection", "satisfaction", "profile", "segments", "clusters");

    private BatchJobs() {
    }

    static List<String> resolve(String job) {
        if (job.equals("all")) {
            return NAMES;
        }
        for (String j : job.split(",")) {
            if (!NAMES.contains(j.trim())) {
                throw new IllegalArgumentException("unknown job '" + j.trim() + "': jobs are " + String.join(", ", NAMES) + " or all");
            }
        }
        return NAMES.stream().filter(n -> List.of(job.split(",")).stream().map(String::trim).anyMatch(n::equals)).toList();
    }

    public static BatchJob create(String name) {
        return switch (name) {
            case "cases" -> new CasesJob();
            case "sla" -> new SlaJob();
            case "contacts" -> new ContactsJob();
            case "deflection" -> new DeflectionJob();
            case "satisfaction" -> new SatisfactionJob();
            case "profile" -> new ProfileJob();
            case "segments" -> new SegmentsJob();
            case "clusters" -> new ClustersJob();
            default -> throw new IllegalArgumentException("unknown job " + name);
        };
    }
}
