package org.civicinsights.batch.cases;

import java.time.Instant;

/** One lifecycle event of a case, as read from raw.interactions (event_type starts with case_). */
public record CaseEvent(
        String eventId,
        String eventType,
        Instant eventTime,
        String channel,
        String serviceCode,
        Integer municipio,
        String citizenKey,
        String caseStatus) {}
