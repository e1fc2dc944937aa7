package org.civicinsights.batch.outreach;

import java.time.LocalDate;
import java.util.List;
import org.civicinsights.batch.activation.OutreachChannel;

/**
 * A campaign as its owner declared it (one YAML file, see {@link CampaignDefinitions}).
 *
 * <p>Audience: the citizens who are members, on the run date, of <b>any</b> of {@code segments}
 * and, when a {@code predicate} is given, satisfy it too (the predicate narrows the segments). With
 * no segments, the predicate alone defines the audience. The predicate is SQL over the profile
 * {@code p} and the views of the segments job (see docs/data-dictionary.md, Segments).
 *
 * @param title the Italian title managers read on the dashboards (lake.ref.code_labels); null when not given
 *     (the dashboards then show the name)
 * @param segments the segment names of the audience; empty for none
 * @param predicate SQL boolean expression over {@code p}; null for none
 * @param channels the channels in order of preference (at least one, no repeats)
 * @param template the message template id (in the CRM)
 * @param priority 1 is the most important
 * @param validFrom the first run date the campaign runs
 * @param validTo the last run date the campaign runs (inclusive); null when open-ended
 * @param cooldownDays the campaign is not sent again to a citizen who got it fewer than this many days ago
 * @param maxAudience the most citizens on the list: citizens already on it stay, new entries beyond it are cut
 *     (ExclusionReason.OVER_CAPACITY); null for no limit
 * @param source where it was read from (a file), for error messages
 */
public record CampaignDefinition(
        String name,
        int version,
        String title,
        String description,
        String owner,
        List<String> segments,
        String predicate,
        List<OutreachChannel> channels,
        String template,
        int priority,
        LocalDate validFrom,
        LocalDate validTo,
        int cooldownDays,
        Integer maxAudience,
        String source) {

    public static final int DEFAULT_COOLDOWN_DAYS = 30;

    public CampaignDefinition {
        segments = List.copyOf(segments);
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("campaign " + name + " has no channel");
        }
        if (segments.isEmpty() && predicate == null) {
            throw new IllegalArgumentException("campaign " + name + " has no audience");
        }
    }

    /** Whether the campaign runs on {@code date}: {@code valid_from <= date <= valid_to}. */
    public boolean activeOn(LocalDate date) {
        return !date.isBefore(validFrom) && (validTo == null || !date.isAfter(validTo));
    }

    /**
     * The predicate with {@code ${as_of_date}} replaced by the run date and {@code ${valid_from}} by
     * the campaign's first date, as SQL date literals; null without a predicate.
     */
    public String predicateFor(LocalDate date) {
        return predicate == null
                ? null
                : predicate
                        .replace("${as_of_date}", "DATE '" + date + "'")
                        .replace("${valid_from}", "DATE '" + validFrom + "'");
    }

    /** The campaign as a candidate of the contact policy. */
    public ContactPolicy.Candidate candidate() {
        return new ContactPolicy.Candidate(name, priority, channels, cooldownDays);
    }
}
