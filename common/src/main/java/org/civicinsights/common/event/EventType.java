package org.civicinsights.common.event;

import java.util.Arrays;
import java.util.Optional;

/** What happened in an interaction. Wire names are the lower-case enum names. */
public enum EventType {
    CONTACT_CALL(Family.CONTACT),
    CONTACT_CHAT(Family.CONTACT),
    CONTACT_VISIT(Family.CONTACT),
    CONTACT_EMAIL(Family.CONTACT),
    CASE_OPENED(Family.CASE),
    CASE_STATUS_CHANGED(Family.CASE),
    CASE_SUSPENDED(Family.CASE),
    CASE_RESUMED(Family.CASE),
    CASE_RESOLVED(Family.CASE),
    CASE_CLOSED(Family.CASE),
    CASE_REOPENED(Family.CASE),
    ONLINE_SERVICE_STARTED(Family.ONLINE_SERVICE),
    ONLINE_SERVICE_COMPLETED(Family.ONLINE_SERVICE),
    ONLINE_SERVICE_ABANDONED(Family.ONLINE_SERVICE),
    PAYMENT_MADE(Family.PAYMENT),
    NOTIFICATION_SENT(Family.NOTIFICATION),
    NOTIFICATION_OPENED(Family.NOTIFICATION),
    FEEDBACK_GIVEN(Family.FEEDBACK),
    KNOWLEDGE_ARTICLE_VIEWED(Family.KNOWLEDGE);

    /** Groups of event types that share validation rules and reporting. */
    public enum Family {
        CONTACT,
        CASE,
        ONLINE_SERVICE,
        PAYMENT,
        NOTIFICATION,
        FEEDBACK,
        KNOWLEDGE
    }

    private final Family family;

    EventType(Family family) {
        this.family = family;
    }

    public Family family() {
        return family;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<EventType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
    }
}
