package org.civicinsights.ingestion.importer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.common.event.InteractionEventCodec;

/** Turns one source record into events, or rejects it. One instance per import, not thread-safe. */
abstract class RowMapper {

    /** What one row gave: its events in lifecycle order, and the events that could not be produced. */
    record MappedRow(List<InteractionEvent> events, List<EventRejection> rejections) {}

    /** One event of a row that could not be produced (the row's first event was). */
    record EventRejection(String reason, String detail) {}

    /** Fields every event of a row shares. */
    record Common(
            Channel channel,
            String service,
            String language,
            Integer municipio,
            Double lat,
            Double lon,
            String anonymousId,
            String fiscalCode) {}

    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?");

    final Mapping mapping;
    final Clock clock;

    RowMapper(Mapping mapping, Clock clock) {
        this.mapping = mapping;
        this.clock = clock;
    }

    static RowMapper of(Mapping mapping, Clock clock) {
        return switch (mapping.kind()) {
            case CASES -> new CaseRowMapper(mapping, clock);
            case CALLS -> new CallRowMapper(mapping, clock);
        };
    }

    /** The events of a record; RowRejected when the record gives none. */
    final MappedRow map(SourceRecord record) throws RowRejected {
        if (record.malformed() != null) {
            throw new RowRejected(ImportRejections.MALFORMED_RECORD, "row " + record.row() + " " + record.malformed());
        }
        String id = record.get(mapping.recordId());
        if (id == null || id.isBlank()) {
            throw new RowRejected(
                    ImportRejections.MISSING_RECORD_ID,
                    "row " + record.row() + ": the record id column " + mapping.recordId() + " is blank");
        }
        id = id.strip();
        try {
            return map(record, id);
        } catch (RowRejected e) {
            throw new RowRejected(e.reason(), "id " + id + ": " + e.detail());
        }
    }

    abstract MappedRow map(SourceRecord record, String id) throws RowRejected;

    /** Stable id: the same mapping, record and kind of event always give the same UUID (name-based, v3). */
    final UUID eventId(String recordId, EventType type) {
        return UUID.nameUUIDFromBytes(
                (mapping.name() + '\n' + recordId + '\n' + type.wireName()).getBytes(StandardCharsets.UTF_8));
    }

    final InteractionEvent event(EventType type, OffsetDateTime time, String recordId, Common c) {
        InteractionEvent e = new InteractionEvent();
        e.eventId = eventId(recordId, type);
        e.eventType = type;
        e.eventTime = time;
        e.channel = c.channel();
        e.serviceCode = c.service();
        e.municipio = c.municipio();
        e.anonymousId = c.anonymousId();
        e.fiscalCode = c.fiscalCode();
        e.language = c.language();
        e.lat = c.lat();
        e.lon = c.lon();
        e.sourceSystem = mapping.name();
        return e;
    }

    final Common common(SourceRecord r, String id) throws RowRejected {
        Channel channel = mapping.channel().resolve(r);
        String service = mapping.service() == null ? null : mapping.service().resolve(r);
        String language = mapping.language() == null ? null : mapping.language().resolve(r);
        Integer municipio =
                mapping.municipio() == null ? null : mapping.municipio().resolve(r);
        double[] point = location(r);
        String anonymous = null;
        for (IdTemplate t : mapping.identity().anonymousId()) {
            anonymous = t.fill(r, id, mapping.name());
            if (anonymous != null) {
                break;
            }
        }
        String fiscal = null;
        if (mapping.identity().fiscalCode() != null) {
            String v = r.get(mapping.identity().fiscalCode());
            fiscal = v == null || v.isBlank() ? null : v.strip();
        }
        if (anonymous == null && fiscal == null) {
            throw new RowRejected(
                    ImportRejections.MISSING_IDENTITY,
                    "no identity: every anonymous_id template refers to a blank column"
                            + (mapping.identity().fiscalCode() == null ? "" : " and the fiscal code is blank"));
        }
        return new Common(
                channel,
                service,
                language,
                municipio,
                point == null ? null : point[0],
                point == null ? null : point[1],
                anonymous,
                fiscal);
    }

    /** lat/lon of the record, null when the source gives none. */
    private double[] location(SourceRecord r) throws RowRejected {
        Mapping.Location l = mapping.location();
        if (l == null) {
            return null;
        }
        double lat;
        double lon;
        if (l.point() != null) {
            String v = r.get(l.point());
            if (v == null || v.isBlank()) {
                return null;
            }
            Matcher m = NUMBER.matcher(v);
            if (!m.find()) {
                throw invalidLocation(l.point(), v);
            }
            lat = Double.parseDouble(m.group());
            if (!m.find()) {
                throw invalidLocation(l.point(), v);
            }
            lon = Double.parseDouble(m.group());
        } else {
            String a = r.get(l.lat());
            String b = r.get(l.lon());
            boolean noLat = a == null || a.isBlank();
            boolean noLon = b == null || b.isBlank();
            if (noLat && noLon) {
                return null;
            }
            try {
                lat = Double.parseDouble(noLat ? "x" : a.strip());
                lon = Double.parseDouble(noLon ? "x" : b.strip());
            } catch (NumberFormatException e) {
                throw new RowRejected(
                        ImportRejections.INVALID_VALUE,
                        "location: lat '" + (noLat ? "" : a.strip())
                                + "' and lon '" + (noLon ? "" : b.strip()) + "' (columns " + l.lat() + ", " + l.lon()
                                + ") are not two numbers");
            }
        }
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
            throw new RowRejected(
                    ImportRejections.INVALID_VALUE, "location: " + lat + ", " + lon + " is outside -90..90, -180..180");
        }
        return new double[] {lat, lon};
    }

    private static RowRejected invalidLocation(String column, String v) {
        return new RowRejected(
                ImportRejections.INVALID_VALUE,
                "location: '" + v.strip() + "' (column " + column + ") does not hold two numbers lat, lon");
    }

    /** A required time: blank, unparseable or out of the contract's range rejects the row. */
    final OffsetDateTime requiredTime(SourceRecord r, String column, String what) throws RowRejected {
        String v = r.get(column);
        if (v == null || v.isBlank()) {
            throw new RowRejected(ImportRejections.MISSING_TIME, what + ": column " + column + " is blank");
        }
        return parseTime(v, column, what);
    }

    final OffsetDateTime parseTime(String v, String column, String what) throws RowRejected {
        try {
            return mapping.time().parse(v);
        } catch (DateTimeException e) {
            throw new RowRejected(
                    ImportRejections.UNPARSEABLE_TIME, what + " (column " + column + "): " + e.getMessage());
        }
    }

    /** Contract v1 refuses times before 2000 and more than 24 h after the clock. */
    final void checkRange(OffsetDateTime t, String what) throws RowRejected {
        Instant i = t.toInstant();
        if (i.isBefore(InteractionEventCodec.OLDEST_EVENT_TIME)) {
            throw new RowRejected(
                    ImportRejections.TIME_OUT_OF_RANGE,
                    what + " " + t + " is before " + InteractionEventCodec.OLDEST_EVENT_TIME
                            + ", which contract v1 refuses");
        }
        Instant latest = clock.instant().plus(InteractionEventCodec.MAX_FUTURE_SKEW);
        if (i.isAfter(latest)) {
            throw new RowRejected(
                    ImportRejections.TIME_OUT_OF_RANGE,
                    what + " " + t + " is more than 24 h in the future, which contract v1 refuses");
        }
    }
}
