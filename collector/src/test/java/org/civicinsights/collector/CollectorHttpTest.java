package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicinsights.common.event.ProducerRejection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The collector's HTTP contract against a real Kafka broker in this JVM. */
class CollectorHttpTest {
    private static final String TOPIC = "test.interactions";
    private static final String REJECTED = "test.rejected";
    private static TestKafka kafka;
    private static EventCollector collector;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start(TOPIC, REJECTED);
        collector = EventCollector.start(CollectorSettings.of(Map.of(
                "kafka.bootstrap", kafka.bootstrap(),
                "kafka.topic", TOPIC,
                "kafka.rejected-topic", REJECTED,
                "collector.port", "0",
                "collector.max-body-bytes", "65536",
                "collector.max-batch", "50",
                "collector.max-event-bytes", "4096",
                "collector.max-in-flight", "500")));
        http = new Http(collector.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (collector != null) {
            collector.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, ConsumerRecord<String, String>> byKey(List<ConsumerRecord<String, String>> records) {
        return records.stream().collect(Collectors.toMap(ConsumerRecord::key, Function.identity(), (a, b) -> b));
    }

    @Test
    void singleEventIsAcknowledgedAndForwardedAsSent() throws Exception {
        String id = UUID.randomUUID().toString();
        // an authenticated payment: the fiscal code and the exact amount go to Kafka unchanged,
        // the ingest job pseudonymises
        String event = "{ \"schema_version\": 1, \"event_id\": \"" + id + "\", \"event_type\": \"payment_made\","
                + " \"event_time\": \"" + Events.now() + "\", \"channel\": \"app_io\", \"service_code\": \"TARI\","
                + " \"fiscal_code\": \"" + Events.FISCAL_CODE
                + "\", \"amount_eur\": 12.50, \"x_future_field\": [1, 2.0] }";

        HttpResponse<String> r = http.post(event);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = Http.json(r);
        assertThat(body.path("request_id").asText())
                .isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(body.path("accepted").asInt()).isEqualTo(1);
        assertThat(body.path("rejected").asInt()).isZero();
        assertThat(body.path("results")).hasSize(1);
        assertThat(body.path("results").get(0).path("index").asInt()).isZero();
        assertThat(body.path("results").get(0).path("event_id").asText()).isEqualTo(id);
        assertThat(body.path("results").get(0).path("status").asText()).isEqualTo("accepted");

        ConsumerRecord<String, String> record =
                byKey(kafka.readAll(TOPIC, 1, Duration.ofSeconds(10))).get(id);
        assertThat(record).as("record with key = event_id").isNotNull();
        assertThat(Http.JSON.readTree(record.value())).isEqualTo(Http.JSON.readTree(event));
        assertThat(record.value())
                .doesNotContain(" ") // compacted
                .contains("\"fiscal_code\":\"" + Events.FISCAL_CODE + "\"")
                .contains("\"amount_eur\":12.50")
                .contains("\"x_future_field\":[1,2.0]");
    }

    @Test
    void batchAnswersPerEventAndSendsInvalidEventsToTheRejectedTopic() throws Exception {
        String ok1 = UUID.randomUUID().toString();
        String ok2 = UUID.randomUUID().toString();
        String badCsat =
                Events.valid(UUID.randomUUID().toString()).replace("\"source_system\"", "\"csat\":9,\"source_system\"");
        String noIdentity = Events.valid(UUID.randomUUID().toString()).replaceAll("\"anonymous_id\":\"[^\"]*\",", "");
        String badFiscalCode = Events.valid(UUID.randomUUID().toString())
                .replaceAll("\"anonymous_id\":\"[^\"]*\"", "\"fiscal_code\":\"RSSMRA85T10A562X\"");
        String body = "[" + Events.valid(ok1) + "," + badCsat + ",42," + noIdentity + "," + Events.valid(ok2) + ","
                + badFiscalCode + "]";

        HttpResponse<String> r = http.post(body);

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode json = Http.json(r);
        String requestId = json.path("request_id").asText();
        assertThat(json.path("accepted").asInt()).isEqualTo(2);
        assertThat(json.path("rejected").asInt()).isEqualTo(4);
        JsonNode results = json.path("results");
        assertThat(results).hasSize(6);
        assertThat(results.get(0).path("status").asText()).isEqualTo("accepted");
        assertThat(results.get(0).path("event_id").asText()).isEqualTo(ok1);
        assertThat(results.get(1).path("status").asText()).isEqualTo("rejected");
        assertThat(results.get(1).path("reason").asText()).isEqualTo("invalid_field");
        assertThat(results.get(1).path("detail").asText()).contains("csat");
        assertThat(results.get(1).has("event_id")).isFalse();
        assertThat(results.get(2).path("reason").asText()).isEqualTo("not_an_object");
        assertThat(results.get(3).path("reason").asText()).isEqualTo("missing_citizen_identity");
        assertThat(results.get(4).path("event_id").asText()).isEqualTo(ok2);
        assertThat(results.get(5).path("reason").asText()).isEqualTo("invalid_fiscal_code");
        assertThat(results.get(5).path("detail").asText()).doesNotContain("RSSMRA85T10A562X");
        for (int i = 0; i < 6; i++) {
            assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
        }

        Map<String, ConsumerRecord<String, String>> accepted = byKey(kafka.readAll(TOPIC, 2, Duration.ofSeconds(10)));
        assertThat(accepted).containsKeys(ok1, ok2);

        Map<String, ProducerRejection> rejected = new HashMap<>();
        for (ConsumerRecord<String, String> rec : kafka.readAll(REJECTED, 4, Duration.ofSeconds(10))) {
            Optional<ProducerRejection> p = ProducerRejection.parse(rec.value());
            assertThat(p).as("a ProducerRejection envelope: %s", rec.value()).isPresent();
            assertThat(rec.key()).isEqualTo(p.get().key());
            rejected.put(p.get().sourceRecord(), p.get());
        }
        assertThat(rejected)
                .containsKeys(requestId + "/1", requestId + "/2", requestId + "/3", requestId + "/5")
                .doesNotContainKeys(requestId + "/0", requestId + "/4");
        ProducerRejection csat = rejected.get(requestId + "/1");
        assertThat(csat.source()).isEqualTo("collector");
        assertThat(csat.reason()).isEqualTo("invalid_field");
        assertThat(csat.detail()).isEqualTo(results.get(1).path("detail").asText());
        assertThat(Http.JSON.readTree(csat.rawPayload())).isEqualTo(Http.JSON.readTree(badCsat));
        assertThat(csat.detectedAt()).isNotNull();
        assertThat(rejected.get(requestId + "/2").rawPayload()).isEqualTo("42");
        assertThat(rejected.get(requestId + "/5").reason()).isEqualTo("invalid_fiscal_code");
    }

    @Test
    void validEventLargerThanMaxEventBytesIsRejectedNotDropped() throws Exception {
        // unknown fields are allowed (forward compatibility), but not beyond collector.max-event-bytes
        String huge = Events.valid().replace("{\"schema", "{\"x_attachment\":\"" + "é".repeat(2100) + "\",\"schema");
        HttpResponse<String> r = http.post("[" + huge + "," + Events.valid() + "]");

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode json = Http.json(r);
        assertThat(json.path("results").get(0).path("reason").asText()).isEqualTo("event_too_large");
        assertThat(json.path("results").get(0).path("detail").asText()).contains("collector.max-event-bytes", "4096");
        assertThat(json.path("results").get(1).path("status").asText()).isEqualTo("accepted");
        String requestId = json.path("request_id").asText();
        assertThat(kafka.readAll(REJECTED, 1, Duration.ofSeconds(10)).stream()
                        .map(rec -> ProducerRejection.parse(rec.value()).orElseThrow())
                        .filter(p -> p.sourceRecord().equals(requestId + "/0")))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("event_too_large"));
    }

    @Test
    void bodiesThatAreNotEventsAre400WithAClearMessage() {
        Map<String, String> cases = Map.of(
                "{\"schema_version\": 1, \"event_id\": RSSMRA85T10A562S}", "not valid JSON (line 1",
                "", "request body is empty",
                "   ", "request body is empty",
                "[]", "array of events is empty",
                "\"an event\"", "not string",
                "42", "not number",
                "null", "not null",
                "{\"a\":1} {\"b\":2}", "not valid JSON");
        cases.forEach((body, message) -> {
            HttpResponse<String> r = http.post(body);
            assertThat(r.statusCode()).as("status for %s", body).isEqualTo(400);
            JsonNode json = Http.json(r);
            assertThat(json.path("error").asText())
                    .as("message for %s", body)
                    .contains(message)
                    .doesNotContain(Events.FISCAL_CODE); // Jackson's messages quote the input; ours do not
            assertThat(json.path("request_id").asText()).isNotBlank();
        });
    }

    @Test
    void tooLargeBodyIs413() {
        List<String> ids = new ArrayList<>();
        String big = Events.batch(40, ids)
                .replace("\"portale\"", "\"" + "p".repeat(40) + "\"")
                .replace("{\"schema", "{\"padding\":\"" + "x".repeat(2000) + "\",\"schema");
        assertThat(big.length()).isGreaterThan(65536);

        HttpResponse<String> r = http.post(big);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Http.json(r).path("error").asText()).contains("larger than 65536 bytes", "collector.max-body-bytes");
        // far larger: refused from Content-Length, before the body is read
        HttpResponse<String> huge = http.post("[" + (Events.valid() + ",").repeat(8_000) + Events.valid() + "]");
        assertThat(huge.statusCode()).isEqualTo(413);
        // the collector keeps serving
        assertThat(http.post(Events.valid()).statusCode()).isEqualTo(202);
    }

    @Test
    void batchLargerThanMaxBatchIs413AndAFullBatchIsAccepted() throws Exception {
        HttpResponse<String> tooMany = http.post(Events.batch(51, new ArrayList<>()));
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(Http.json(tooMany).path("error").asText())
                .contains("at most 50 events", "collector.max-batch", "has 51");

        List<String> ids = new ArrayList<>();
        HttpResponse<String> full = http.post(Events.batch(50, ids));
        assertThat(full.statusCode()).isEqualTo(202);
        assertThat(Http.json(full).path("accepted").asInt()).isEqualTo(50);
        assertThat(byKey(kafka.readAll(TOPIC, 50, Duration.ofSeconds(10)))).containsKeys(ids.toArray(String[]::new));
    }

    @Test
    void wrongContentTypeIs415() {
        for (String type :
                List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=ISO-8859-1")) {
            HttpResponse<String> r = http.send(http.request("/v1/events")
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(Events.valid()))
                    .build());
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(Http.json(r).path("error").asText()).contains("Content-Type must be application/json");
        }
        HttpResponse<String> none = http.send(http.request("/v1/events")
                .POST(HttpRequest.BodyPublishers.ofString(Events.valid()))
                .build());
        assertThat(none.statusCode()).isEqualTo(415);

        HttpResponse<String> gzip = http.send(http.request("/v1/events")
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(Events.valid()))
                .build());
        assertThat(gzip.statusCode()).isEqualTo(415);
        assertThat(Http.json(gzip).path("error").asText()).contains("Content-Encoding");

        HttpResponse<String> utf8 = http.send(http.request("/v1/events")
                .header("Content-Type", "Application/JSON; charset=\"utf-8\"")
                .POST(HttpRequest.BodyPublishers.ofString(Events.valid()))
                .build());
        assertThat(utf8.statusCode()).isEqualTo(202);
    }

    @Test
    void expectContinueIsHonoured() throws Exception {
        HttpResponse<String> ok = http.send(http.request("/v1/events")
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Events.valid()))
                .build());
        assertThat(ok.statusCode()).isEqualTo(202);

        // refused from its headers: the final status comes at once, the body is never asked for. (A raw socket:
        // Java 17's HttpClient hangs on a final status instead of 100, JDK-8286171.)
        try (Socket socket = new Socket("127.0.0.1", collector.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
                                    + "Content-Length: 3000000\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 415 Unsupported Media Type");
        }
    }

    @Test
    void wrongMethodIs405AndUnknownPathIs404() {
        HttpResponse<String> get = http.get("/v1/events");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(Http.json(get).path("error").asText()).contains("GET is not allowed", "use POST");

        HttpResponse<String> put = http.send(http.request("/v1/events")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Events.valid()))
                .build());
        assertThat(put.statusCode()).isEqualTo(405);

        HttpResponse<String> postHealth = http.send(http.request("/health")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(postHealth.statusCode()).isEqualTo(405);
        assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET");

        for (String path : List.of("/", "/v1/event", "/v1/events/", "/v2/events")) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(Http.json(r).path("error").asText()).contains("POST /v1/events");
        }
    }

    @Test
    void healthIsOkWhileKafkaIsReachable() {
        HttpResponse<String> r = http.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.json(r).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void metricsCountRequestsAndEvents() {
        long acceptedBefore = collector.metrics().eventsAccepted();
        long rejectedBefore = collector.metrics().rejectedByReason().getOrDefault("unknown_channel", 0L);
        String unknownChannel = Events.valid().replace("\"portal\"", "\"fax\"");
        assertThat(http.post("[" + Events.valid() + "," + unknownChannel + "]").statusCode())
                .isEqualTo(202);

        HttpResponse<String> r = http.get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode m = Http.json(r);
        assertThat(m.path("events").path("accepted").asLong()).isGreaterThanOrEqualTo(acceptedBefore + 1);
        assertThat(m.path("events")
                        .path("rejected_by_reason")
                        .path("unknown_channel")
                        .asLong())
                .isGreaterThanOrEqualTo(rejectedBefore + 1);
        assertThat(m.path("requests").path("by_status").path("202").asLong()).isPositive();
        assertThat(m.path("kafka").path("max_in_flight").asInt()).isEqualTo(500);
        assertThat(m.path("kafka").path("records_in_flight_peak").asInt()).isBetween(1, 500);
    }
}
