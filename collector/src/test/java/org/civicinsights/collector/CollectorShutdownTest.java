package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** close() with requests in flight: nothing answered 202 is lost, new requests are refused. */
class CollectorShutdownTest {
    private static final String TOPIC = "shutdown.interactions";
    private static final String REJECTED = "shutdown.rejected";
    private TestKafka kafka;

    @BeforeEach
    void startKafka() throws Exception {
        kafka = TestKafka.start(TOPIC, REJECTED);
    }

    @AfterEach
    void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void everyAcceptedEventIsOnTheTopicAfterAGracefulShutdown() throws Exception {
        EventCollector collector = EventCollector.start(CollectorSettings.of(Map.of(
                "kafka.bootstrap", kafka.bootstrap(),
                "kafka.topic", TOPIC,
                "kafka.rejected-topic", REJECTED,
                "collector.port", "0",
                "collector.max-concurrent-requests", "16",
                // a long linger keeps records waiting in the producer: requests are surely in flight at close()
                "collector.kafka.linger.ms", "400",
                "collector.shutdown-timeout-ms", "20000")));
        Http http = new Http(collector.port());
        assertThat(http.post(Events.valid()).statusCode()).isEqualTo(202); // metadata known

        int requests = 60;
        List<List<String>> ids = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            List<String> batch = new ArrayList<>();
            ids.add(batch);
            responses.add(http.postAsync(Events.batch(10, batch)));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (collector.metrics().recordsInFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(collector.metrics().recordsInFlight())
                .as("records awaiting acks at close()")
                .isPositive();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(collector::close);
        Thread.sleep(100); // close() is waiting for the requests in flight: a new request is refused
        HttpResponse<String> late = http.post(Events.valid());
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(late.headers().firstValue("Retry-After")).isPresent();
        assertThat(Http.json(late).path("error").asText()).contains("shutting down");

        closing.get(30, TimeUnit.SECONDS);

        Set<String> acknowledged = new HashSet<>();
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> r;
            try {
                r = responses.get(i).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                refused++; // not yet sent when the listener closed: the client knows it was not taken
                continue;
            }
            if (r.statusCode() == 202) {
                accepted++;
                JsonNode body = Http.json(r);
                assertThat(body.path("accepted").asInt()).isEqualTo(10);
                acknowledged.addAll(ids.get(i));
            } else {
                assertThat(r.statusCode())
                        .as("a request not accepted is refused: %s", r.body())
                        .isEqualTo(503);
                refused++;
            }
        }
        assertThat(accepted).as("requests in flight at close() completed").isPositive();
        assertThat(accepted + refused).isEqualTo(requests);

        Set<String> onTopic = new HashSet<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(TOPIC, acknowledged.size() + 1, Duration.ofSeconds(15))) {
            onTopic.add(r.key());
        }
        assertThat(onTopic).containsAll(acknowledged);
        assertThat(collector.metrics().recordsInFlight()).isZero();

        // the listener is closed
        try {
            http.get("/health");
            Assertions.fail("the collector still answers after close()");
        } catch (UncheckedIOException e) {
            assertThat(e.getCause()).isInstanceOf(ConnectException.class);
        }
        collector.close(); // idempotent
    }

    @Test
    void closeWithoutTrafficIsQuick() {
        EventCollector collector = EventCollector.start(CollectorSettings.of(Map.of(
                "kafka.bootstrap",
                kafka.bootstrap(),
                "kafka.topic",
                TOPIC,
                "kafka.rejected-topic",
                REJECTED,
                "collector.port",
                "0")));
        long t0 = System.nanoTime();
        collector.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
}
