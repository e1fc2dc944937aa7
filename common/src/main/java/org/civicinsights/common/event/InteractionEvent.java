package org.civicinsights.common.event;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * One interaction between a citizen and the city, as in contract v1 (docs/events.md,
 * {@code contract/interaction-event-v1.schema.json}).
 *
 * <p>Public fields and a no-arg constructor make it a Flink POJO (fast serialisation, as in
 * flink-training). {@link #fiscalCode} exists only on the producer side: ingestion replaces it with
 * {@link #citizenKey} and the clear value never travels further.
 */
public class InteractionEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The version producers write by default; v1 remains accepted. */
    public static final int SCHEMA_VERSION = 1;
    /** Versions this build reads: v2 adds optional fields only (docs/events.md, "Version 2"). */
    public static final int LATEST_SCHEMA_VERSION = 2;

    public int schemaVersion = SCHEMA_VERSION;
    public UUID eventId;
    public EventType eventType;
    public OffsetDateTime eventTime;
    public Channel channel;
    public String serviceCode;
    public Integer municipio;
    /** Clear fiscal code, producer side only; null once pseudonymised. */
    public String fiscalCode;
    /** Keyed HMAC of the fiscal code, set by ingestion. */
    public String citizenKey;
    /** Identifier for unauthenticated users (city users, tourists): cookie, app install, phone hash. */
    public String anonymousId;

    public String caseId;
    public String caseStatus;
    public String language;
    public String operatorId;
    public Integer waitSeconds;
    public Integer handleSeconds;
    public String outcome;
    public Integer csat;
    public Integer nps;
    public String feedbackText;
    public Double lat;
    public Double lon;
    public BigDecimal amountEur;
    public String sourceSystem;
    /** v2: the web or app session the interaction belongs to. */
    public String sessionId;
    /** v2: desktop, mobile, tablet, kiosk, phone or unknown. */
    public String deviceType;
    /** v2: the citizen agreed to be contacted proactively through this channel. */
    public Boolean contactConsent;

    public InteractionEvent() {}

    /** True when the event identifies an authenticated citizen (fiscal code or its key). */
    public boolean authenticated() {
        return fiscalCode != null || citizenKey != null;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InteractionEvent e)) {
            return false;
        }
        return schemaVersion == e.schemaVersion
                && Objects.equals(eventId, e.eventId)
                && eventType == e.eventType
                && Objects.equals(eventTime, e.eventTime)
                && channel == e.channel
                && Objects.equals(serviceCode, e.serviceCode)
                && Objects.equals(municipio, e.municipio)
                && Objects.equals(fiscalCode, e.fiscalCode)
                && Objects.equals(citizenKey, e.citizenKey)
                && Objects.equals(anonymousId, e.anonymousId)
                && Objects.equals(caseId, e.caseId)
                && Objects.equals(caseStatus, e.caseStatus)
                && Objects.equals(language, e.language)
                && Objects.equals(operatorId, e.operatorId)
                && Objects.equals(waitSeconds, e.waitSeconds)
                && Objects.equals(handleSeconds, e.handleSeconds)
                && Objects.equals(outcome, e.outcome)
                && Objects.equals(csat, e.csat)
                && Objects.equals(nps, e.nps)
                && Objects.equals(feedbackText, e.feedbackText)
                && Objects.equals(lat, e.lat)
                && Objects.equals(lon, e.lon)
                && Objects.equals(amountEur, e.amountEur)
                && Objects.equals(sourceSystem, e.sourceSystem)
                && Objects.equals(sessionId, e.sessionId)
                && Objects.equals(deviceType, e.deviceType)
                && Objects.equals(contactConsent, e.contactConsent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, eventType, eventTime);
    }

    /** Never prints the fiscal code: safe to log. */
    @Override
    public String toString() {
        return "InteractionEvent{" + eventId + ' ' + (eventType == null ? null : eventType.wireName()) + ' ' + eventTime
                + ' ' + (channel == null ? null : channel.wireName()) + ' ' + serviceCode + '}';
    }
}
