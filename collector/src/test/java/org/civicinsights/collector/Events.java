package org.civicinsights.collector;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** Contract v1 events for the tests, as JSON text. */
final class Events {
    /** A valid synthetic fiscal code (from docs/events.md, not a real person's). */
    static final String FISCAL_CODE = "RSSMRA85T10A562S";

    private Events() {}

    static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(1))
                .minusHours(1)
                .withNano(0)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** An anonymous portal event with this id. */
    static String valid(String eventId) {
        return "{\"schema_version\":1,\"event_id\":\"" + eventId + "\",\"event_type\":\"online_service_started\","
                + "\"event_time\":\"" + now() + "\",\"channel\":\"portal\",\"service_code\":\"ANAG-CERT\","
                + "\"anonymous_id\":\"web-" + eventId.substring(0, 8) + "\",\"source_system\":\"portale\"}";
    }

    static String valid() {
        return valid(UUID.randomUUID().toString());
    }

    /** A JSON array of n valid events; the ids are written into {@code ids}. */
    static String batch(int n, List<String> ids) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            sb.append(i == 0 ? "" : ",").append(valid(id));
        }
        return sb.append(']').toString();
    }
}
