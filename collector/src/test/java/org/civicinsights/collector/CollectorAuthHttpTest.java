package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civicinsights.common.event.ProducerRejection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API-key authentication and per-client rate limits, against a real Kafka broker in this JVM. */
class CollectorAuthHttpTest {
    private static final String TOPIC = "auth.interactions";
    private static final String REJECTED = "auth.rejected";

    @TempDir
    static Path dir;

    private static TestKafka kafka;
    private static EventCollector collector;
    private static Http anonymous;
    /** No rate in its line and no default rate: not limited. */
    private static Http appio;
    /** 1 event per second, bursts of 10 (collector.rate-burst-seconds 10): the 429 cases. */
    private static Http chatbot;

    private static NewClient.Entry appioEntry;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start(TOPIC, REJECTED);
        SecureRandom random = new SecureRandom();
        appioEntry = NewClient.create("appio", null, random);
        NewClient.Entry chatbotEntry = NewClient.create("chatbot", "1", random);
        Path clients = dir.resolve("clients.txt");
        Files.writeString(
                clients,
                "# test clients\n" + appioEntry.line() + "\n\n" + chatbotEntry.line() + "  # slow\n",
                StandardCharsets.UTF_8);
        collector = EventCollector.start(CollectorSettings.of(Map.of(
                "kafka.bootstrap",
                kafka.bootstrap(),
                "kafka.topic",
                TOPIC,
                "kafka.rejected-topic",
                REJECTED,
                "collector.port",
                "0",
                "collector.max-batch",
                "50",
                "collector.max-in-flight",
                "500",
                "collector.clients-file",
                clients.toString(),
                "collector.rate-burst-seconds",
                "10")));
        anonymous = new Http(collector.port());
        appio = anonymous.withToken(appioEntry.token());
        chatbot = anonymous.withToken(chatbotEntry.token());
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

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    @Test
    void withoutATokenThe401SaysHowToAuthenticate() {
        HttpResponse<String> r = anonymous.post(Events.valid());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        JsonNode json = Http.json(r);
        assertThat(json.path("error").asText()).contains("authentication required", "Authorization: Bearer");
        assertThat(json.path("request_id").asText())
                .isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aWrongOrMalformedTokenIs401() {
        HttpResponse<String> wrong =
                anonymous.withToken(appioEntry.token() + "x").post(Events.valid());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"civic-collector\", error=\"invalid_token\"");
        assertThat(Http.json(wrong).path("error").asText()).contains("bearer token is not valid");

        // the hash from the clients file is not a token
        String hash = appioEntry.line().split(" ")[1];
        assertThat(anonymous.withToken(hash).post(Events.valid()).statusCode()).isEqualTo(401);

        for (String header : List.of("Basic " + appioEntry.token(), appioEntry.token(), "Bearer", "Bearer a b")) {
            HttpResponse<String> r = anonymous.send(anonymous
                    .request("/v1/events")
                    .header("Content-Type", "application/json")
                    .header("Authorization", header)
                    .POST(HttpRequest.BodyPublishers.ofString(Events.valid()))
                    .build());
            assertThat(r.statusCode()).as(header).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .as(header)
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(Http.json(r).path("error").asText()).as(header).doesNotContain(appioEntry.token());
        }
    }

    @Test
    void theRightTokenIs202AndRejectionsNameTheClient() throws Exception {
        String ok = UUID.randomUUID().toString();
        String badCsat = Events.valid().replace("\"source_system\"", "\"csat\":9,\"source_system\"");
        // the scheme is case-insensitive (RFC 7235)
        HttpResponse<String> r = appio.send(anonymous
                .request("/v1/events")
                .header("Content-Type", "application/json")
                .header("Authorization", "bearer " + appioEntry.token())
                .POST(HttpRequest.BodyPublishers.ofString("[" + Events.valid(ok) + "," + badCsat + "]"))
                .build());

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode json = Http.json(r);
        assertThat(json.path("accepted").asInt()).isEqualTo(1);
        assertThat(keys(kafka.readAll(TOPIC, 1, Duration.ofSeconds(10)))).contains(ok);
        String requestId = json.path("request_id").asText();
        ProducerRejection rejection = kafka.readAll(REJECTED, 1, Duration.ofSeconds(10)).stream()
                .map(rec -> ProducerRejection.parse(rec.value()).orElseThrow())
                .filter(p -> p.sourceRecord().contains(requestId))
                .findFirst()
                .orElseThrow();
        assertThat(rejection.source()).isEqualTo("collector");
        assertThat(rejection.sourceRecord()).isEqualTo("appio/" + requestId + "/1");
        assertThat(rejection.key()).isEqualTo("collector:appio/" + requestId + "/1");

        assertThat(collector.metrics().toJson()).contains("\"appio\":{\"events_accepted\":");
    }

    @Test
    void overTheRateIs429AndNothingOfTheRequestIsStored() throws Exception {
        List<String> first = new ArrayList<>();
        HttpResponse<String> burst = chatbot.post(Events.batch(10, first));
        assertThat(burst.statusCode())
                .as("the burst: 10 events at 1/s for 10 s")
                .isEqualTo(202);

        // 5 more right away: the bucket holds well under 5 (1 event per second)
        List<String> refused = new ArrayList<>();
        String invalid = Events.valid().replace("\"portal\"", "\"fax\"");
        String body = Events.batch(4, refused).replace("]", "," + invalid + "]");
        HttpResponse<String> r = chatbot.post(body);

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(2L, 5L));
        JsonNode json = Http.json(r);
        assertThat(json.path("error").asText())
                .contains(
                        "rate limit exceeded for client 'chatbot'",
                        "1 event(s) per second",
                        "bursts of up to 10",
                        "this request has 5 event(s)",
                        "none was stored");
        String refusedRequest = json.path("request_id").asText();
        assertThat(refusedRequest).isNotBlank();

        // another client is not affected; its 202 comes after Kafka acknowledged it, so reading both topics
        // to their end afterwards shows everything the refused request could have written
        String marker = UUID.randomUUID().toString();
        assertThat(appio.post(Events.valid(marker)).statusCode()).isEqualTo(202);
        Set<String> stored = keys(kafka.readAll(TOPIC, 11, Duration.ofSeconds(10)));
        assertThat(stored).contains(marker).containsAll(first).doesNotContainAnyElementsOf(refused);
        assertThat(kafka.readAll(REJECTED, 0, Duration.ofSeconds(10)))
                .noneMatch(rec -> rec.key().contains(refusedRequest));

        JsonNode chat = Http.json(anonymous.get("/metrics")).path("clients").path("chatbot");
        assertThat(chat.path("events_accepted").asLong()).isEqualTo(10);
        assertThat(chat.path("events_rate_limited").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(collector.metrics().requests(429)).isPositive();
    }

    @Test
    void healthAndMetricsNeedNoToken() {
        HttpResponse<String> health = anonymous.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Http.json(health).path("status").asText()).isEqualTo("ok");
        assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(200);
        // the method is checked first: no need for a token to learn that GET is wrong
        assertThat(anonymous.get("/v1/events").statusCode()).isEqualTo(405);
    }

    @Test
    void expectContinueWithoutATokenGets401BeforeSendingTheBody() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", collector.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write(("POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 3000000\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 401 Unauthorized");
        }
    }

    @Test
    void withoutAClientsFileADefaultRateIsSharedByAllCallers() throws Exception {
        try (EventCollector open = EventCollector.start(CollectorSettings.of(Map.of(
                "kafka.bootstrap",
                kafka.bootstrap(),
                "kafka.topic",
                TOPIC,
                "kafka.rejected-topic",
                REJECTED,
                "collector.port",
                "0",
                "collector.default-rate",
                "1",
                "collector.rate-burst-seconds",
                "5")))) {
            Http http = new Http(open.port());
            assertThat(http.post(Events.batch(5, new ArrayList<>())).statusCode())
                    .isEqualTo(202);
            HttpResponse<String> r = http.post(Events.batch(3, new ArrayList<>()));
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(Http.json(r).path("error").asText()).contains("all callers together", "collector.default-rate");
            assertThat(open.metrics().eventsRateLimited()).isEqualTo(3);
        }
    }
}
