package org.civicinsights.batch.profile;

import java.time.Instant;

/** What the profile needs of one interaction event of a person (from raw.interactions). */
public record ProfileEvent(
        String eventId,
        String eventType,
        Instant time,
        String channel,
        String serviceCode,
        Integer municipio,
        String language,
        Integer csat,
        Integer nps) {}
