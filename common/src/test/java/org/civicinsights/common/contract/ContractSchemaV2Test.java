package org.civicinsights.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.common.event.InteractionEventCodec;
import org.junit.jupiter.api.Test;

/** The v2 schema describes what the codec writes for a v2 event, and differs from v1 only by its additions. */
class ContractSchemaV2Test {
    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonSchema schema(String version) throws Exception {
        try (InputStream in = ContractSchemaV2Test.class.getResourceAsStream(
                "/contract/interaction-event-" + version + ".schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
    }

    static InteractionEvent v2Event() {
        InteractionEvent e = new InteractionEvent();
        e.schemaVersion = 2;
        e.eventId = UUID.fromString("0b8e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
        e.eventType = EventType.ONLINE_SERVICE_COMPLETED;
        e.eventTime = OffsetDateTime.parse("2026-03-02T09:15:00+01:00");
        e.channel = Channel.APP_IO;
        e.anonymousId = "anon-7";
        e.sessionId = "s-1";
        e.deviceType = "mobile";
        e.contactConsent = true;
        return e;
    }

    @Test
    void aV2EventValidatesAgainstV2AndNotV1() throws Exception {
        JsonNode doc = MAPPER.readTree(InteractionEventCodec.toJson(v2Event()));
        assertThat(schema("v2").validate(doc)).isEmpty();
        assertThat(schema("v1").validate(doc)).isNotEmpty();
    }

    @Test
    void v2RejectsAnUnknownDeviceType() throws Exception {
        InteractionEvent e = v2Event();
        e.deviceType = "toaster";
        assertThat(schema("v2").validate(MAPPER.readTree(InteractionEventCodec.toJson(e))))
                .anyMatch(m -> m.getInstanceLocation().toString().contains("device_type"));
    }

    @Test
    void v2OnlyAddsProperties() throws Exception {
        JsonNode v1 = MAPPER.readTree(
                ContractSchemaV2Test.class.getResourceAsStream("/contract/interaction-event-v1.schema.json"));
        JsonNode v2 = MAPPER.readTree(
                ContractSchemaV2Test.class.getResourceAsStream("/contract/interaction-event-v2.schema.json"));
        assertThat(v2.get("required")).isEqualTo(v1.get("required"));
        v1.get("properties").fieldNames().forEachRemaining(f -> {
            if (!f.equals("schema_version")) {
                assertThat(v2.get("properties").get(f))
                        .as(f)
                        .isEqualTo(v1.get("properties").get(f));
            }
        });
        assertThat(v2.get("properties").size()).isEqualTo(v1.get("properties").size() + 3);
    }
}
