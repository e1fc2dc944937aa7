package org.civicinsights.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.junit.jupiter.api.Test;

/** Contract v2: v1 and v2 producers coexist on one topic. */
class InteractionEventCodecV2Test {
    static final InteractionEventCodec CODEC = new InteractionEventCodec(
            new CitizenPseudonymiser(new byte[32]), Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC));

    static String event(int version, String extra) {
        return "{\"schema_version\":" + version + ",\"event_id\":\"7d3c1a52-1f0e-4b8e-9f59-0c8a1d0e3b11\","
                + "\"event_type\":\"online_service_started\",\"event_time\":\"2026-03-02T09:15:00+01:00\","
                + "\"channel\":\"app_io\",\"anonymous_id\":\"anon-1\"" + extra + "}";
    }

    @Test
    void readsTheV2Fields() {
        ParseOutcome o =
                CODEC.parse(event(2, ",\"session_id\":\"s-9\",\"device_type\":\"mobile\",\"contact_consent\":true"));
        assertThat(o.isAccepted()).isTrue();
        assertThat(o.event().schemaVersion).isEqualTo(2);
        assertThat(o.event().sessionId).isEqualTo("s-9");
        assertThat(o.event().deviceType).isEqualTo("mobile");
        assertThat(o.event().contactConsent).isTrue();
        assertThat(InteractionEventCodec.toJson(o.event()))
                .contains("\"schema_version\":2", "\"device_type\":\"mobile\"", "\"contact_consent\":true");
    }

    @Test
    void aV1RecordIgnoresFieldsItDoesNotKnow() {
        ParseOutcome o = CODEC.parse(event(1, ",\"device_type\":\"toaster\",\"contact_consent\":\"yes\""));
        assertThat(o.isAccepted()).isTrue();
        assertThat(o.event().schemaVersion).isEqualTo(1);
        assertThat(o.event().deviceType).isNull();
        assertThat(o.event().contactConsent).isNull();
    }

    @Test
    void v2FieldsAreValidated() {
        assertThat(CODEC.parse(event(2, ",\"device_type\":\"toaster\""))
                        .rejection()
                        .detail())
                .startsWith("device_type must be one of");
        assertThat(CODEC.parse(event(2, ",\"contact_consent\":\"yes\""))
                        .rejection()
                        .reason())
                .isEqualTo(RejectionReason.INVALID_FIELD);
    }
}
