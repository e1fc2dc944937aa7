package org.civicinsights.batch.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Folds a case's lifecycle events into its current state. Events are applied in event-time
 * order whatever order they arrived in, so a late or re-sent event gives the same result as if
 * it had come on time: the fold is recomputed from all the case's events on every run.
 */
public final class CaseLifecycle {
    public static final String OPEN = "open";
    public static final String SUSPENDED = "suspended";
    public static final String RESOLVED = "resolved";
    public static final String CLOSED = "closed";

    /** Anomalies reported to the data-quality table. */
    public static final String NO_OPENING = "no_opening_event";

    public static final String CONCLUDED_BEFORE_OPENED = "concluded_before_opened";
    public static final String OPENED_TWICE = "opened_twice";
    public static final String RESUMED_WITHOUT_SUSPENSION = "resumed_without_suspension";

    /** Same-instant events are applied in the order a case lives them. */
    private static final Map<String, Integer> ORDER = Map.of(
            "case_opened",
            0,
            "case_status_changed",
            1,
            "case_suspended",
            2,
            "case_resumed",
            3,
            "case_resolved",
            4,
            "case_closed",
            5,
            "case_reopened",
            6);

    private static final Comparator<CaseEvent> LIFE_ORDER = Comparator.comparing(CaseEvent::eventTime)
            .thenComparing(e -> ORDER.getOrDefault(e.eventType(), 9))
            .thenComparing(CaseEvent::eventId);

    private CaseLifecycle() {}

    public static CaseRecord fold(String caseId, List<CaseEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("case " + caseId + " has no events");
        }
        List<CaseEvent> ordered = new ArrayList<>(events);
        ordered.sort(LIFE_ORDER);
        String status = OPEN;
        String sourceStatus = null;
        Instant opened = null;
        Instant resolved = null;
        Instant closed = null;
        CaseEvent opening = null;
        List<Suspension> suspensions = new ArrayList<>();
        Instant suspendedSince = null;
        int reopens = 0;
        List<String> anomalies = new ArrayList<>();
        for (CaseEvent e : ordered) {
            Instant t = e.eventTime();
            if (e.caseStatus() != null) {
                sourceStatus = e.caseStatus();
            }
            switch (e.eventType()) {
                case "case_opened" -> {
                    if (opening == null) {
                        opening = e;
                        opened = t;
                    } else {
                        addOnce(anomalies, OPENED_TWICE);
                    }
                }
                case "case_suspended" -> {
                    if (suspendedSince == null && !RESOLVED.equals(status) && !CLOSED.equals(status)) {
                        suspendedSince = t;
                        status = SUSPENDED;
                    }
                }
                case "case_resumed" -> {
                    if (suspendedSince != null) {
                        suspensions.add(new Suspension(suspendedSince, t));
                        suspendedSince = null;
                        status = OPEN;
                    } else {
                        addOnce(anomalies, RESUMED_WITHOUT_SUSPENSION);
                    }
                }
                case "case_resolved" -> {
                    suspendedSince = endSuspension(suspensions, suspendedSince, t);
                    resolved = t;
                    status = RESOLVED;
                }
                case "case_closed" -> {
                    suspendedSince = endSuspension(suspensions, suspendedSince, t);
                    closed = t;
                    status = CLOSED;
                }
                case "case_reopened" -> {
                    if (RESOLVED.equals(status) || CLOSED.equals(status)) {
                        reopens++;
                        resolved = null;
                        closed = null;
                        status = OPEN;
                    }
                }
                default -> {
                    // case_status_changed: only the source status moves
                }
            }
        }
        if (suspendedSince != null) {
            suspensions.add(new Suspension(suspendedSince, null));
        }
        if (opening == null) {
            addOnce(anomalies, NO_OPENING);
        }
        Instant concluded = resolved != null ? resolved : closed;
        if (opened != null && concluded != null && concluded.isBefore(opened)) {
            addOnce(anomalies, CONCLUDED_BEFORE_OPENED);
        }
        CaseEvent first = ordered.get(0);
        CaseEvent origin = opening != null ? opening : first;
        return new CaseRecord(
                caseId,
                status,
                sourceStatus,
                opened,
                resolved,
                closed,
                firstNonNull(origin.serviceCode(), ordered, CaseEvent::serviceCode),
                origin.channel(),
                firstNonNull(origin.municipio(), ordered, CaseEvent::municipio),
                firstNonNull(origin.citizenKey(), ordered, CaseEvent::citizenKey),
                List.copyOf(suspensions),
                reopens,
                ordered.size(),
                first.eventTime(),
                ordered.get(ordered.size() - 1).eventTime(),
                List.copyOf(anomalies));
    }

    private static Instant endSuspension(List<Suspension> suspensions, Instant since, Instant at) {
        if (since != null) {
            suspensions.add(new Suspension(since, at));
        }
        return null;
    }

    private static <T> T firstNonNull(T preferred, List<CaseEvent> events, Function<CaseEvent, T> field) {
        if (preferred != null) {
            return preferred;
        }
        for (CaseEvent e : events) {
            T v = field.apply(e);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }
}
