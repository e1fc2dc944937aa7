package org.civicinsights.batch.outreach;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civicinsights.batch.activation.OutreachChannel;

/**
 * Who gets what: for ONE citizen, the decision for each campaign whose audience they are in on the
 * run date. A pure function of its arguments (no clock, no I/O), so a rerun gives the same lists.
 *
 * <p>Campaigns are evaluated by priority (1 first; ties by name). For each, the first of these
 * checks that fails excludes it with that reason (the order of {@link ExclusionReason}):
 * <ol>
 * <li>{@code SUPPRESSED}: the citizen is on the suppression list. It comes first because it is
 * about the person, for every campaign, and no consent or timing can lift it.
 * <li>{@code NO_CONSENT}: no channel of the campaign has the citizen's consent (granted true;
 * false or absent is no consent). It holds for the whole run whatever else happens, and it is what
 * a consent campaign could change.
 * <li>{@code COOLDOWN}: the citizen got this campaign fewer than {@code cooldownDays} days before the
 * run date. A property of the citizen and this campaign, checked before the cross-campaign rules.
 * <li>{@code CAPPED}: the citizen's proactive contacts before the run date in the window of
 * {@code windowDays} days ending with the run date, plus the contact this run would make, exceed
 * {@code maxContacts} (default: at most 2 per 30 days; with 1 previous contact in the window one
 * more is allowed, with 2 none). It depends on the history only, so it is the same for every
 * campaign of the run.
 * <li>{@code TAKEN_BY_HIGHER_PRIORITY}: the citizen is already included in a higher-priority campaign
 * of this run (one proactive contact per citizen per run). It comes last so that it counts exactly
 * the citizens a campaign lost to another campaign: they could have been contacted otherwise. This
 * run's inclusion is the contact that counts toward the cap (the +1 above): since a run makes at
 * most one contact, a second campaign of the same run is reported as taken, not capped.
 * </ol>
 * A campaign that passes every check is INCLUDED with the first channel, in the campaign's order of
 * preference, that has the citizen's consent. A campaign excluded for any reason does not take the
 * run's contact, so a lower-priority campaign can still include the citizen (e.g. through a channel
 * the higher one does not use).
 *
 * <p>A list is standing: the CRM contacts a citizen when they are ADDED to a campaign's list, not
 * again while they stay on it. A citizen who is on the campaign's previous list ({@link
 * Citizen#current}) and still in its audience is therefore KEPT without a new contact: only
 * SUPPRESSED and NO_CONSENT can remove them (the reasons that forbid any contact); cooldown, the cap,
 * the run's one contact and the campaign's capacity are about new contacts and do not apply. A kept
 * citizen keeps their channel while it still has consent, so the CRM sees no change; otherwise the
 * first consented channel in the campaign's order (a CHANGED entry of the delta).
 *
 * <p>{@code OVER_CAPACITY} comes after every other check: the job cuts the new entries of a campaign
 * beyond its {@code max_audience} and decides again with the cut campaign in {@link
 * Citizen#overCapacity}, so a citizen cut from a campaign is free for a lower-priority one.
 *
 * <p>Only the past counts: contact dates on or after the run date are ignored (they belong to this
 * run, or to later runs when an old date is rerun), so a rerun of a date decides the same.
 */
public final class ContactPolicy implements Serializable {
    public static final int DEFAULT_MAX_CONTACTS = 2;
    public static final int DEFAULT_WINDOW_DAYS = 30;

    /** A campaign whose audience the citizen is in: its name, priority, channels in order of preference and cooldown. */
    public record Candidate(String campaign, int priority, List<OutreachChannel> channels, int cooldownDays)
            implements Serializable {
        public Candidate {
            Objects.requireNonNull(campaign, "campaign");
            channels = List.copyOf(channels);
            if (cooldownDays < 0) {
                throw new IllegalArgumentException("cooldownDays < 0 for " + campaign);
            }
        }
    }

    /**
     * What the policy knows about the citizen.
     *
     * @param consent the current consent per channel: {@code true} = granted; false or absent = no consent
     * @param suppression the suppression list's reason, or null when not suppressed
     * @param contactDates the dates of the proactive contacts they got (at least the last {@code windowDays} days; repeats count)
     * @param lastSent per campaign name, the last date they got it before the run date; absent = never
     * @param current per campaign name, the channel of the citizen's entry on the campaign's previous list; absent = not on it
     * @param overCapacity the campaigns that cannot take the citizen as a new entry this run (their max_audience is reached)
     */
    public record Citizen(
            Map<OutreachChannel, Boolean> consent,
            Suppression suppression,
            Collection<LocalDate> contactDates,
            Map<String, LocalDate> lastSent,
            Map<String, OutreachChannel> current,
            Set<String> overCapacity)
            implements Serializable {
        public Citizen {
            consent = Map.copyOf(consent);
            contactDates = List.copyOf(contactDates);
            lastSent = Map.copyOf(lastSent);
            current = Map.copyOf(current);
            overCapacity = Set.copyOf(overCapacity);
        }

        /** A citizen on no list before this run and under every campaign's capacity. */
        public Citizen(
                Map<OutreachChannel, Boolean> consent,
                Suppression suppression,
                Collection<LocalDate> contactDates,
                Map<String, LocalDate> lastSent) {
            this(consent, suppression, contactDates, lastSent, Map.of(), Set.of());
        }

        boolean consents(OutreachChannel channel) {
            return Boolean.TRUE.equals(consent.get(channel));
        }
    }

    /**
     * The decision for one campaign: included with {@code channel}, or excluded with {@code reason}
     * (exactly one is set); {@code kept} when included because the citizen was already on the list.
     */
    public record Decision(
            String campaign, int priority, OutreachChannel channel, ExclusionReason reason, boolean kept) {
        public Decision {
            if ((channel == null) == (reason == null) || (kept && channel == null)) {
                throw new IllegalArgumentException("a decision has either a channel or a reason");
            }
        }

        /** A new entry: the citizen is contacted through {@code channel}. */
        public static Decision included(Candidate c, OutreachChannel channel) {
            return new Decision(c.campaign(), c.priority(), Objects.requireNonNull(channel), null, false);
        }

        /** Stays on the list (no new contact). */
        public static Decision kept(Candidate c, OutreachChannel channel) {
            return new Decision(c.campaign(), c.priority(), Objects.requireNonNull(channel), null, true);
        }

        public static Decision excluded(Candidate c, ExclusionReason reason) {
            return new Decision(c.campaign(), c.priority(), null, Objects.requireNonNull(reason), false);
        }

        public boolean included() {
            return channel != null;
        }
    }

    private final int maxContacts;
    private final int windowDays;

    /** At most {@code maxContacts} proactive contacts per citizen in any {@code windowDays} consecutive days. */
    public ContactPolicy(int maxContacts, int windowDays) {
        if (maxContacts < 1 || windowDays < 1) {
            throw new IllegalArgumentException("the frequency cap needs maxContacts >= 1 and windowDays >= 1, not "
                    + maxContacts + " per " + windowDays + " days");
        }
        this.maxContacts = maxContacts;
        this.windowDays = windowDays;
    }

    /** The default cap: at most 2 proactive contacts per 30 days. */
    public static ContactPolicy defaults() {
        return new ContactPolicy(DEFAULT_MAX_CONTACTS, DEFAULT_WINDOW_DAYS);
    }

    public int maxContacts() {
        return maxContacts;
    }

    public int windowDays() {
        return windowDays;
    }

    /** The order of evaluation: priority, then name. */
    public static final Comparator<Candidate> ORDER =
            Comparator.comparingInt(Candidate::priority).thenComparing(Candidate::campaign);

    /** One decision per candidate, in the order of evaluation ({@link #ORDER}). Campaign names must be unique. */
    public List<Decision> decide(LocalDate runDate, Collection<Candidate> candidates, Citizen citizen) {
        Set<String> names = new HashSet<>();
        for (Candidate c : candidates) {
            if (!names.add(c.campaign())) {
                throw new IllegalArgumentException("campaign " + c.campaign() + " is a candidate twice");
            }
        }
        LocalDate windowStart = runDate.minusDays(windowDays - 1L);
        long previous = citizen.contactDates().stream()
                .filter(d -> !d.isBefore(windowStart) && d.isBefore(runDate))
                .count();
        boolean capped = previous + 1 > maxContacts;
        boolean taken = false;
        List<Decision> out = new ArrayList<>();
        for (Candidate c : candidates.stream().sorted(ORDER).toList()) {
            OutreachChannel channel =
                    c.channels().stream().filter(citizen::consents).findFirst().orElse(null);
            OutreachChannel before = citizen.current().get(c.campaign());
            if (before != null && citizen.suppression() == null && channel != null) {
                out.add(Decision.kept(c, c.channels().contains(before) && citizen.consents(before) ? before : channel));
                continue;
            }
            LocalDate last = citizen.lastSent().get(c.campaign());
            ExclusionReason reason;
            if (citizen.suppression() != null) {
                reason = ExclusionReason.SUPPRESSED;
            } else if (channel == null) {
                reason = ExclusionReason.NO_CONSENT;
            } else if (last != null
                    && last.isBefore(runDate)
                    && last.plusDays(c.cooldownDays()).isAfter(runDate)) {
                reason = ExclusionReason.COOLDOWN;
            } else if (capped) {
                reason = ExclusionReason.CAPPED;
            } else if (taken) {
                reason = ExclusionReason.TAKEN_BY_HIGHER_PRIORITY;
            } else if (citizen.overCapacity().contains(c.campaign())) {
                reason = ExclusionReason.OVER_CAPACITY;
            } else {
                reason = null;
            }
            if (reason == null) {
                taken = true;
                out.add(Decision.included(c, channel));
            } else {
                out.add(Decision.excluded(c, reason));
            }
        }
        return out;
    }
}
