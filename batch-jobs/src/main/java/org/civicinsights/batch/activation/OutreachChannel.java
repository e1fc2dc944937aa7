package org.civicinsights.batch.activation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A channel of proactive contact; {@link #wire()} is the name in campaign files, tables and exports. */
public enum OutreachChannel {
    /** A message in the IO app (the public administration's app). */
    APP_IO,
    EMAIL,
    SMS,
    /** A phone call by the contact centre. */
    CALL;

    /** The wire name: {@code app_io}, {@code email}, {@code sms}, {@code call}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel of a wire name, or null when there is none. */
    public static OutreachChannel fromWire(String wire) {
        for (OutreachChannel c : values()) {
            if (c.wire().equals(wire)) {
                return c;
            }
        }
        return null;
    }

    /** The wire names, in declaration order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(OutreachChannel::wire).toList();
    }
}
