package org.civicinsights.common.event;

import java.util.Arrays;
import java.util.Optional;

/** Where the citizen met the city. Wire names are the lower-case enum names. */
public enum Channel {
    CONTACT_CENTRE(false),
    PORTAL(true),
    APP_IO(true),
    FRONT_OFFICE(false),
    EMAIL(false),
    PEC(false),
    SOCIAL(false),
    CHATBOT(true),
    STREET_REPORT(true);

    private final boolean selfService;

    Channel(boolean selfService) {
        this.selfService = selfService;
    }

    /** Self-service channels are the target of deflection from counters and phone. */
    public boolean selfService() {
        return selfService;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<Channel> fromWire(String value) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
    }
}
