package org.civicinsights.ingestion.importer;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;

/**
 * A case record (one row per case, as the source knows it now) becomes its lifecycle:
 * <ol>
 *   <li>{@code case_opened} at the opened time, {@code case_status} = {@code status.initial};</li>
 *   <li>for an in-progress status, {@code case_status_changed} at the {@code updated} time when the
 *       mapping has that column and the row a value, {@code case_status} = the source status;</li>
 *   <li>for a closed or cancelled status, {@code case_closed} at the closed time, {@code case_status}
 *       = the source status, {@code outcome} = {@code cancelled} for cancelled statuses, else the
 *       {@code outcome} lookup.</li>
 * </ol>
 * The opening decides: without a valid opened time the row gives nothing. A later event that
 * cannot be produced (close time missing, unparseable, before the opening) is rejected alone and
 * the opening kept. For an open status a close time in the row is ignored: the status decides.
 */
final class CaseRowMapper extends RowMapper {
    private final Mapping.Cases cases;

    CaseRowMapper(Mapping mapping, Clock clock) {
        super(mapping, clock);
        this.cases = mapping.cases();
    }

    @Override
    MappedRow map(SourceRecord r, String id) throws RowRejected {
        OffsetDateTime opened = requiredTime(r, cases.opened(), "opened");
        checkRange(opened, "opened");
        Mapping.Status status = cases.status();
        String rawStatus = r.get(status.column());
        rawStatus = rawStatus == null ? "" : rawStatus.strip();
        Mapping.StatusCategory category = status.categorise(rawStatus);
        if (category == null) {
            throw new RowRejected(
                    ImportRejections.UNKNOWN_STATUS,
                    "status '" + rawStatus + "' (column " + status.column()
                            + ") is listed under no category and the mapping has no status.default");
        }
        Common common = common(r, id);
        String caseId = mapping.name() + "-" + id;

        List<InteractionEvent> events = new ArrayList<>(3);
        List<EventRejection> rejections = new ArrayList<>(1);
        InteractionEvent open = caseEvent(EventType.CASE_OPENED, opened, id, caseId, common);
        open.caseStatus = status.initial();
        events.add(open);

        if (category == Mapping.StatusCategory.IN_PROGRESS && cases.updated() != null) {
            String v = r.get(cases.updated());
            if (v != null && !v.isBlank()) {
                try {
                    OffsetDateTime at =
                            laterTime(v, cases.updated(), "updated", opened, ImportRejections.UPDATED_BEFORE_OPENED);
                    InteractionEvent changed = caseEvent(EventType.CASE_STATUS_CHANGED, at, id, caseId, common);
                    changed.caseStatus = rawStatus;
                    events.add(changed);
                } catch (RowRejected e) {
                    rejections.add(new EventRejection(
                            e.reason(),
                            "id " + id + ": case_status_changed not produced, " + e.detail()
                                    + "; the case_opened was kept"));
                }
            }
        }
        if (category == Mapping.StatusCategory.CLOSED || category == Mapping.StatusCategory.CANCELLED) {
            String v = r.get(cases.closed());
            try {
                if (v == null || v.isBlank()) {
                    throw new RowRejected(
                            ImportRejections.MISSING_CLOSE_TIME,
                            "status '" + rawStatus + "' means "
                                    + category.name().toLowerCase(Locale.ROOT) + " but the close time (column "
                                    + cases.closed()
                                    + ") is blank, so the case stays open in the lake");
                }
                OffsetDateTime at =
                        laterTime(v, cases.closed(), "closed", opened, ImportRejections.CLOSED_BEFORE_OPENED);
                InteractionEvent closed = caseEvent(EventType.CASE_CLOSED, at, id, caseId, common);
                closed.caseStatus = rawStatus;
                closed.outcome = category == Mapping.StatusCategory.CANCELLED ? "cancelled" : outcome(r);
                events.add(closed);
            } catch (RowRejected e) {
                rejections.add(new EventRejection(
                        e.reason(),
                        "id " + id + ": case_closed not produced, " + e.detail() + "; the case_opened was kept"));
            }
        }
        return new MappedRow(events, rejections);
    }

    /** A time that must not be earlier than the opening. */
    private OffsetDateTime laterTime(String v, String column, String what, OffsetDateTime opened, String beforeReason)
            throws RowRejected {
        OffsetDateTime at = parseTime(v, column, what);
        if (at.isBefore(opened)) {
            throw new RowRejected(
                    beforeReason, what + " " + at + " (column " + column + ") is earlier than opened " + opened);
        }
        checkRange(at, what);
        return at;
    }

    private String outcome(SourceRecord r) {
        if (cases.outcome() == null) {
            return null;
        }
        try {
            return cases.outcome().resolve(r);
        } catch (RowRejected e) {
            return null; // an outcome the mapping does not know is left out, never a reason to lose the closing
        }
    }

    private InteractionEvent caseEvent(EventType type, OffsetDateTime at, String id, String caseId, Common c) {
        InteractionEvent e = event(type, at, id, c);
        e.caseId = caseId;
        return e;
    }
}
