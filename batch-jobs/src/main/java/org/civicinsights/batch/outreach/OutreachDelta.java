package org.civicinsights.batch.outreach;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civicinsights.batch.activation.OutreachChannel;

/**
 * The changes between two runs' lists, for the CRM: a pure function.
 *
 * <p>A citizen whose channel changed (e.g. they withdrew consent for the app and are now reached by
 * SMS) is one {@link Kind#CHANGED} change carrying both channels, not a removal plus an addition:
 * each (campaign, citizen key) then appears at most once in a delta, so the rows of an export file
 * can be applied in any order and a message keyed by citizen key + campaign is the whole change.
 * Entries identical in both lists give no change; two empty or equal lists give an empty delta.
 */
public final class OutreachDelta {

    /** One row of a list: the citizen is on the campaign's list, to be contacted through {@code channel}. */
    public record Entry(String campaign, String citizenKey, OutreachChannel channel) {
        public Entry {
            Objects.requireNonNull(campaign, "campaign");
            Objects.requireNonNull(citizenKey, "citizenKey");
            Objects.requireNonNull(channel, "channel");
        }
    }

    public enum Kind {
        /** On this run's list, not on the previous one. */
        ADDED,
        /** On the previous list, not on this one. */
        REMOVED,
        /** On both, through another channel. */
        CHANGED
    }

    /**
     * A change: {@code channel} is the channel of this run (null for REMOVED), {@code previousChannel}
     * the channel of the previous run (null for ADDED).
     */
    public record Change(
            Kind kind, String campaign, String citizenKey, OutreachChannel channel, OutreachChannel previousChannel) {
        public static Change added(Entry e) {
            return new Change(Kind.ADDED, e.campaign(), e.citizenKey(), e.channel(), null);
        }

        public static Change removed(Entry e) {
            return new Change(Kind.REMOVED, e.campaign(), e.citizenKey(), null, e.channel());
        }

        public static Change changed(Entry previous, Entry current) {
            return new Change(
                    Kind.CHANGED, current.campaign(), current.citizenKey(), current.channel(), previous.channel());
        }
    }

    private OutreachDelta() {}

    /**
     * The changes from {@code previous} to {@code current}, sorted by campaign and citizen key. A
     * (campaign, citizen key) may appear only once in each list.
     */
    public static List<Change> between(Collection<Entry> previous, Collection<Entry> current) {
        Map<List<String>, Entry> before = index(previous, "previous");
        Map<List<String>, Entry> after = index(current, "current");
        List<Change> out = new ArrayList<>();
        for (Map.Entry<List<String>, Entry> e : after.entrySet()) {
            Entry old = before.get(e.getKey());
            Kind kind = kind(old == null ? null : old.channel(), e.getValue().channel());
            if (kind == Kind.ADDED) {
                out.add(Change.added(e.getValue()));
            } else if (kind == Kind.CHANGED) {
                out.add(Change.changed(old, e.getValue()));
            }
        }
        for (Map.Entry<List<String>, Entry> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                out.add(Change.removed(e.getValue()));
            }
        }
        out.sort(Comparator.comparing(Change::campaign).thenComparing(Change::citizenKey));
        return out;
    }

    /**
     * The change of one (campaign, citizen key) from its channel on the previous list to its channel
     * on this one (null: not on that list); null when there is no change.
     */
    public static Kind kind(OutreachChannel before, OutreachChannel after) {
        if (before == null) {
            return after == null ? null : Kind.ADDED;
        }
        if (after == null) {
            return Kind.REMOVED;
        }
        return before == after ? null : Kind.CHANGED;
    }

    private static Map<List<String>, Entry> index(Collection<Entry> list, String which) {
        Map<List<String>, Entry> out = new LinkedHashMap<>();
        for (Entry e : list) {
            if (out.put(List.of(e.campaign(), e.citizenKey()), e) != null) {
                throw new IllegalArgumentException(
                        "the " + which + " list has " + e.citizenKey() + " twice in campaign " + e.campaign());
            }
        }
        return out;
    }
}
