package org.civicinsights.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON schema and the codec describe the same contract. */
class ContractSchemaTest {
    static final String RESOURCE = "/contract/interaction-event-v1.schema.json";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final InteractionEventCodec CODEC = new InteractionEventCodec(
            new CitizenPseudonymiser("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)),
            Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC));

    static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = ContractSchemaTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
    }

    static Set<ValidationMessage> validate(String json) throws Exception {
        return schema.validate(MAPPER.readTree(json));
    }

    static InteractionEvent base(EventType type, Channel channel) {
        InteractionEvent e = new InteractionEvent();
        e.eventId = UUID.nameUUIDFromBytes((type.name() + channel.name()).getBytes(StandardCharsets.UTF_8));
        e.eventType = type;
        e.eventTime = OffsetDateTime.parse("2026-03-02T09:15:00+01:00");
        e.channel = channel;
        return e;
    }

    static Stream<Arguments> producerEvents() {
        List<Arguments> out = new ArrayList<>();

        InteractionEvent call = base(EventType.CONTACT_CALL, Channel.CONTACT_CENTRE);
        call.serviceCode = "ANAG-CERT";
        call.municipio = 7;
        call.fiscalCode = "RSSMRA85T10A562S";
        call.language = "it";
        call.operatorId = "op-4411";
        call.waitSeconds = 95;
        call.handleSeconds = 240;
        call.outcome = "resolved_first_contact";
        call.sourceSystem = "contact-centre";
        out.add(Arguments.of("contact_call", call));

        InteractionEvent report = base(EventType.CASE_OPENED, Channel.STREET_REPORT);
        report.serviceCode = "SEGN-BUCHE";
        report.municipio = 2;
        report.anonymousId = "app-9c41d2e0";
        report.caseId = "SEG-2026-0087312";
        report.caseStatus = "presa_in_carico";
        report.lat = 41.9181;
        report.lon = 12.5046;
        out.add(Arguments.of("case_opened", report));

        InteractionEvent closed = base(EventType.CASE_CLOSED, Channel.FRONT_OFFICE);
        closed.fiscalCode = "BNCLRA90A41H501F";
        closed.caseId = "RC-2026-0012345";
        closed.serviceCode = "ANAG-RES";
        out.add(Arguments.of("case_closed", closed));

        InteractionEvent feedback = base(EventType.FEEDBACK_GIVEN, Channel.PORTAL);
        feedback.fiscalCode = "rssmra85t10a56nh"; // omocodic, lower case
        feedback.csat = 5;
        feedback.nps = 9;
        feedback.feedbackText = "Certificato scaricato in due minuti, grazie.";
        out.add(Arguments.of("feedback_given", feedback));

        InteractionEvent textOnly = base(EventType.FEEDBACK_GIVEN, Channel.APP_IO);
        textOnly.anonymousId = "io-55";
        textOnly.feedbackText = "Troppa attesa";
        out.add(Arguments.of("feedback_given text only", textOnly));

        InteractionEvent payment = base(EventType.PAYMENT_MADE, Channel.APP_IO);
        payment.fiscalCode = "RSSMRA85T10A562S";
        payment.serviceCode = "TARI-ISCR";
        payment.amountEur = new BigDecimal("187.40");
        out.add(Arguments.of("payment_made", payment));

        InteractionEvent abandoned = base(EventType.ONLINE_SERVICE_ABANDONED, Channel.PORTAL);
        abandoned.anonymousId = "web-3f9a1c77";
        abandoned.serviceCode = "SCU-NIDO";
        abandoned.handleSeconds = 610;
        abandoned.outcome = "step_3_documenti";
        out.add(Arguments.of("online_service_abandoned", abandoned));

        InteractionEvent notification = base(EventType.NOTIFICATION_SENT, Channel.PEC);
        notification.fiscalCode = "BNCLRA90A41H501F";
        notification.caseId = "RC-2026-0012345";
        out.add(Arguments.of("notification_sent", notification));

        InteractionEvent article = base(EventType.KNOWLEDGE_ARTICLE_VIEWED, Channel.CHATBOT);
        article.anonymousId = "bot-1";
        article.language = "en";
        out.add(Arguments.of("knowledge_article_viewed", article));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("producerEvents")
    void producerEventsValidateAndAreAccepted(String name, InteractionEvent event) throws Exception {
        String json = InteractionEventCodec.toJson(event);
        assertThat(validate(json)).as(json).isEmpty();
        assertThat(CODEC.parse(json).rejection()).as(json).isNull();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeAndChannelIsInTheSchema(EventType type) throws Exception {
        for (Channel channel : Channel.values()) {
            InteractionEvent e = base(type, channel);
            e.anonymousId = "anon";
            e.caseId = "C-1";
            e.csat = 3;
            String json = InteractionEventCodec.toJson(e);
            assertThat(validate(json)).as(json).isEmpty();
            assertThat(CODEC.parse(json).isAccepted()).as(json).isTrue();
        }
    }

    @Test
    void unknownFieldsAndNullOptionalFieldsAreAllowed() throws Exception {
        String json = minimal(n -> {
            n.put("channel_detail", "ivr");
            n.putObject("future_block").put("x", 1);
            n.putNull("csat");
            n.putNull("service_code");
            n.putNull("lat");
        });
        assertThat(validate(json)).isEmpty();
        assertThat(CODEC.parse(json).isAccepted()).isTrue();
    }

    @Test
    void eventTimeWithoutSecondsOrWithFractionIsAllowed() throws Exception {
        for (String t : new String[] {"2026-03-02T09:15+01:00", "2026-03-02T08:15:00.123456789Z"}) {
            String json = minimal(n -> n.put("event_time", t));
            assertThat(validate(json)).as(t).isEmpty();
            assertThat(CODEC.parse(json).isAccepted()).as(t).isTrue();
        }
    }

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                Arguments.of("no event_id", "required property 'event_id'", (Consumer<ObjectNode>)
                        n -> n.remove("event_id")),
                Arguments.of("event_id not a UUID", "$.event_id", (Consumer<ObjectNode>) n -> n.put("event_id", "42")),
                Arguments.of(
                        "schema_version 3", "$.schema_version", (Consumer<ObjectNode>) n -> n.put("schema_version", 3)),
                Arguments.of("schema_version as string", "$.schema_version", (Consumer<ObjectNode>)
                        n -> n.put("schema_version", "1")),
                Arguments.of("unknown channel", "$.channel", (Consumer<ObjectNode>) n -> n.put("channel", "fax")),
                Arguments.of("unknown event type", "$.event_type", (Consumer<ObjectNode>)
                        n -> n.put("event_type", "contact_fax")),
                Arguments.of("time without offset", "$.event_time", (Consumer<ObjectNode>)
                        n -> n.put("event_time", "2026-03-02T09:15:00")),
                Arguments.of("csat 6", "$.csat", (Consumer<ObjectNode>) n -> n.put("csat", 6)),
                Arguments.of("csat as string", "$.csat", (Consumer<ObjectNode>) n -> n.put("csat", "4")),
                Arguments.of("municipio 16", "$.municipio", (Consumer<ObjectNode>) n -> n.put("municipio", 16)),
                Arguments.of("negative wait", "$.wait_seconds", (Consumer<ObjectNode>) n -> n.put("wait_seconds", -1)),
                Arguments.of("language upper case", "$.language", (Consumer<ObjectNode>) n -> n.put("language", "IT")),
                Arguments.of("service code lower case", "$.service_code", (Consumer<ObjectNode>)
                        n -> n.put("service_code", "anag-cert")),
                Arguments.of("fiscal code as service code", "$.service_code", (Consumer<ObjectNode>)
                        n -> n.put("service_code", "RSSMRA85T10A562S")),
                Arguments.of("negative amount", "$.amount_eur", (Consumer<ObjectNode>) n -> n.put("amount_eur", -0.5)),
                Arguments.of(
                        "lat without lon", "required property 'lon'", (Consumer<ObjectNode>) n -> n.put("lat", 41.9)),
                Arguments.of("lon out of range", "$.lon", (Consumer<ObjectNode>) n -> {
                    n.put("lat", 41.9);
                    n.put("lon", 181);
                }),
                Arguments.of("no identity", "required property 'anonymous_id'", (Consumer<ObjectNode>)
                        n -> n.remove("anonymous_id")),
                Arguments.of("blank anonymous id", "$.anonymous_id", (Consumer<ObjectNode>)
                        n -> n.put("anonymous_id", "  ")),
                Arguments.of("fiscal code with bad month letter", "$.fiscal_code", (Consumer<ObjectNode>) n -> {
                    n.remove("anonymous_id");
                    n.put("fiscal_code", "RSSMRA85F10A562S");
                }),
                Arguments.of("fiscal code too short", "$.fiscal_code", (Consumer<ObjectNode>)
                        n -> n.put("fiscal_code", "RSSMRA85T10A562")),
                Arguments.of("case without case_id", "required property 'case_id'", (Consumer<ObjectNode>)
                        n -> n.put("event_type", "case_opened")),
                Arguments.of("case with blank case_id", "$.case_id", (Consumer<ObjectNode>) n -> {
                    n.put("event_type", "case_resolved");
                    n.put("case_id", " ");
                }),
                Arguments.of(
                        "feedback without score or text", "required property 'feedback_text'", (Consumer<ObjectNode>)
                                n -> {
                                    n.put("event_type", "feedback_given");
                                    n.putNull("csat");
                                }),
                Arguments.of("feedback text too long", "$.feedback_text", (Consumer<ObjectNode>)
                        n -> n.put("feedback_text", "x".repeat(4001))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void invalidDocumentsFailTheSchemaAndTheCodec(String name, String expected, Consumer<ObjectNode> edit)
            throws Exception {
        String json = minimal(edit);
        Set<ValidationMessage> messages = validate(json);
        assertThat(messages).as(json).isNotEmpty();
        assertThat(messages)
                .extracting(ValidationMessage::toString)
                .as(json)
                .anySatisfy(m -> assertThat(m).contains(expected));
        assertThat(CODEC.parse(json).isAccepted()).as(json).isFalse();
    }

    @Test
    void notAnObjectFailsTheSchema() throws Exception {
        assertThat(validate("[1, 2]")).isNotEmpty();
        assertThat(validate("\"event\"")).isNotEmpty();
    }

    @Test
    void schemaDeclaresDraft202012AndAdditionalPropertiesAllowed() throws Exception {
        JsonNode raw;
        try (InputStream in = ContractSchemaTest.class.getResourceAsStream(RESOURCE)) {
            raw = MAPPER.readTree(in);
        }
        assertThat(raw.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(raw.path("required").toString())
                .isEqualTo("[\"schema_version\",\"event_id\",\"event_type\",\"event_time\",\"channel\"]");
        assertThat(raw.path("additionalProperties").path("description").asText())
                .contains("ignored");
        List<String> types = new ArrayList<>();
        raw.path("properties").path("event_type").path("enum").forEach(t -> types.add(t.asText()));
        assertThat(types)
                .containsExactlyElementsOf(
                        Stream.of(EventType.values()).map(EventType::wireName).toList());
        List<String> channels = new ArrayList<>();
        raw.path("properties").path("channel").path("enum").forEach(t -> channels.add(t.asText()));
        assertThat(channels)
                .containsExactlyElementsOf(
                        Stream.of(Channel.values()).map(Channel::wireName).toList());
    }

    /** A valid anonymous contact_call, changed by {@code edit}. */
    static String minimal(Consumer<ObjectNode> edit) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("schema_version", 1);
        n.put("event_id", "0b8e2f4a-1c3d-4e5f-8a9b-0c1d2e3f4a5b");
        n.put("event_type", "contact_call");
        n.put("event_time", "2026-03-02T09:15:00+01:00");
        n.put("channel", "contact_centre");
        n.put("anonymous_id", "caller-77");
        edit.accept(n);
        return n.toString();
    }
}
