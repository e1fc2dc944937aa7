package org.civicinsights.batch.outreach;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.civicinsights.batch.activation.OutreachChannel;

/**
 * One row of an export: a change of a citizen's place on a campaign's list, with channels as wire
 * names (see {@link OutreachDelta.Change} for what each kind carries). Validated here because these
 * values go to the CRM as they are.
 *
 * @param change {@code added}, {@code removed} or {@code changed}
 * @param channel this run's channel; null for {@code removed}
 * @param previousChannel the previous run's channel; null for {@code added}
 */
public record ExportedChange(String change, String citizenKey, String channel, String previousChannel) {

    public static final String ADDED = "added";
    public static final String REMOVED = "removed";
    public static final String CHANGED = "changed";
    /** The change kinds, in the order of the manifest's counts. */
    public static final List<String> KINDS = List.of(ADDED, REMOVED, CHANGED);

    public ExportedChange {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(citizenKey, "citizenKey");
        if (!KINDS.contains(change)) {
            throw new IllegalArgumentException("change '" + change + "' is not one of " + KINDS);
        }
        if (citizenKey.isEmpty()) {
            throw new IllegalArgumentException("empty citizen key");
        }
        checkChannel("channel", channel, change, !change.equals(REMOVED));
        checkChannel("previous channel", previousChannel, change, !change.equals(ADDED));
        if (change.equals(CHANGED) && channel.equals(previousChannel)) {
            throw new IllegalArgumentException("a changed row needs two different channels, got " + channel + " twice");
        }
    }

    /** The row of a delta change. */
    public static ExportedChange of(OutreachDelta.Change c) {
        return new ExportedChange(
                c.kind().name().toLowerCase(Locale.ROOT), c.citizenKey(), wire(c.channel()), wire(c.previousChannel()));
    }

    private static String wire(OutreachChannel c) {
        return c == null ? null : c.wire();
    }

    private static void checkChannel(String what, String value, String change, boolean required) {
        if (!required && value != null) {
            throw new IllegalArgumentException("a " + change + " row has no " + what + ", got " + value);
        }
        if (required && OutreachChannel.fromWire(value) == null) {
            throw new IllegalArgumentException(
                    "a " + change + " row needs a " + what + " of " + OutreachChannel.wireNames() + ", got " + value);
        }
    }
}
