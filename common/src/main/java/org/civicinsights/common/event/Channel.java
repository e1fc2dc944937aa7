package org.civicinsights.common.event;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where the citizen met the city. Wire names are the lower-case enum names; each channel has its
 * Italian label for the dashboards.
 */
public enum Channel {
    CONTACT_CENTRE(false, "Contact center 060606"),
    PORTAL(true, "Portale"),
    APP_IO(true, "App IO"),
    FRONT_OFFICE(false, "Sportello"),
    EMAIL(false, "E-mail"),
    PEC(false, "PEC"),
    SOCIAL(false, "Social"),
    CHATBOT(true, "Assistente virtuale"),
    STREET_REPORT(true, "Segnalazioni");

    private final boolean selfService;
    private final String label;

    Channel(boolean selfService, String label) {
        this.selfService = selfService;
        this.label = label;
    }

    /** Self-service channels are the target of deflection from counters and phone. */
    public boolean selfService() {
        return selfService;
    }

    /** The Italian name managers read on the dashboards. */
    public String label() {
        return label;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<Channel> fromWire(String value) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(value)).findFirst();
    }
}
