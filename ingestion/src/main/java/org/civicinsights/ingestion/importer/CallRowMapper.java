package org.civicinsights.ingestion.importer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;

/**
 * A call record of an ACD (automatic call distributor) export becomes one {@code contact_call},
 * dated when the call ended: start + seconds in queue + seconds with the agent, as the contract
 * says contact events are emitted when the contact ends. An abandoned call has outcome
 * {@code abandoned}, no operator and {@code handle_seconds} 0 unless the export says otherwise;
 * an answered call has the agent as {@code operator_id} and the {@code outcome} lookup's value.
 * The caller's number is only ever used hashed (see {@link IdTemplate}).
 */
final class CallRowMapper extends RowMapper {
    private final Mapping.Calls calls;

    CallRowMapper(Mapping mapping, Clock clock) {
        super(mapping, clock);
        this.calls = mapping.calls();
    }

    @Override
    MappedRow map(SourceRecord r, String id) throws RowRejected {
        OffsetDateTime start = requiredTime(r, calls.start(), "call start");
        Integer wait = seconds(r, calls.waitSeconds(), "wait_seconds");
        Integer handle = seconds(r, calls.handleSeconds(), "handle_seconds");
        boolean abandoned = false;
        if (calls.abandoned() != null) {
            String v = r.get(calls.abandoned());
            abandoned = v != null && calls.abandonedValues().contains(Lookup.key(v));
        }
        long duration = (long) (wait == null ? 0 : wait) + (handle == null ? 0 : handle);
        OffsetDateTime end = mapping.time().inZone(start.toInstant().plusSeconds(duration));
        checkRange(end, "call end");
        Common common = common(r, id);

        InteractionEvent call = event(EventType.CONTACT_CALL, end, id, common);
        call.waitSeconds = wait;
        if (abandoned) {
            call.handleSeconds = handle == null ? 0 : handle;
            call.outcome = "abandoned";
        } else {
            call.handleSeconds = handle;
            if (calls.agent() != null) {
                String agent = r.get(calls.agent());
                call.operatorId = agent == null || agent.isBlank() ? null : agent.strip();
            }
            if (calls.outcome() != null) {
                try {
                    call.outcome = calls.outcome().resolve(r);
                } catch (RowRejected e) {
                    call.outcome = null; // an outcome the mapping does not know is left out
                }
            }
        }
        return new MappedRow(List.of(call), List.of());
    }

    /** Whole seconds, at least 0; a decimal value is rounded; blank is absent. */
    private static Integer seconds(SourceRecord r, String column, String what) throws RowRejected {
        if (column == null) {
            return null;
        }
        String v = r.get(column);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v.strip()).setScale(0, RoundingMode.HALF_UP);
            if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new NumberFormatException();
            }
            return d.intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RowRejected(
                    ImportRejections.INVALID_VALUE,
                    what + ": '" + v.strip() + "' (column " + column + ") is not a number of seconds >= 0");
        }
    }
}
