package org.civicinsights.batch.outreach;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Why a citizen must not be contacted proactively at all (the suppression list); wire names in lower case. */
public enum Suppression {
    /** The citizen asked not to be contacted. */
    DO_NOT_CONTACT,
    DECEASED,
    /** No longer a resident of Rome. */
    MOVED_AWAY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire names, in declaration order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Suppression::wire).toList();
    }

    /** The reason of a wire name, or null when there is none. */
    public static Suppression fromWire(String wire) {
        for (Suppression s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
