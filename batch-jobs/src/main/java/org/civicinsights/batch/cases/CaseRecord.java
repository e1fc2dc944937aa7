package org.civicinsights.batch.cases;

import java.time.Instant;
import java.util.List;

/**
 * The current state of one case, folded from all its lifecycle events (a row of core.cases).
 * {@code resolvedAt}/{@code closedAt} belong to the last conclusion: a reopening clears them.
 */
public record CaseRecord(
        String caseId,
        String status,
        String sourceStatus,
        Instant openedAt,
        Instant resolvedAt,
        Instant closedAt,
        String serviceCode,
        String originChannel,
        Integer municipio,
        String citizenKey,
        List<Suspension> suspensions,
        int reopenCount,
        int eventCount,
        Instant firstEventAt,
        Instant lastEventAt,
        List<String> anomalies) {

    /** When the office concluded the case: resolution, or closing when no resolution was recorded. */
    public Instant concludedAt() {
        return resolvedAt != null ? resolvedAt : closedAt;
    }
}
