package org.civicinsights.batch.contacts;

import java.io.Serializable;
import java.time.Instant;

/** One contact (event type contact_*) as read from raw.interactions, with what the repeat/FCR logic needs. */
public record ContactEvent(
        String eventId, Instant eventTime, String channel, String serviceCode, String citizenKey, String outcome)
        implements Serializable {}
