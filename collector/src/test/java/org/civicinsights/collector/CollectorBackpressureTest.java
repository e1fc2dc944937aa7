package org.civicinsights.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.civicinsights.collector.CollectorMetrics.Unavailable;
import org.junit.jupiter.api.Test;

/** Kafka unreachable or gone: requests are answered 503 quickly and nothing piles up in memory. */
class CollectorBackpressureTest {
    private static final String TOPIC = "bp.interactions";
    private static final String REJECTED = "bp.rejected";

    private record Timed(HttpResponse<String> response, long millis) {}

    private static List<Timed> flood(Http http, int requests, int eventsPerRequest) throws Exception {
        List<CompletableFuture<Timed>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            futures.add(http.postAsync(Events.batch(eventsPerRequest, new ArrayList<>()))
                    .thenApply(r -> new Timed(r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))));
        }
        List<Timed> out = new ArrayList<>();
        for (CompletableFuture<Timed> f : futures) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void unreachableKafkaGets503Quickly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (EventCollector collector = EventCollector.start(CollectorSettings.of(Map.of(
                "kafka.bootstrap",
                "127.0.0.1:" + port,
                "kafka.topic",
                TOPIC,
                "kafka.rejected-topic",
                REJECTED,
                "collector.port",
                "0",
                "collector.ack-timeout-ms",
                "1000",
                "collector.shutdown-timeout-ms",
                "2000")))) {
            Http http = new Http(collector.port());

            long t0 = System.nanoTime();
            HttpResponse<String> first = http.post(Events.valid());
            long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(first.headers().firstValue("Retry-After")).isPresent();
            assertThat(Http.json(first).path("error").asText()).contains("retry later");
            assertThat(firstMs).as("first answer, ms").isLessThan(3_000);

            List<Timed> flood = flood(http, 50, 20);
            assertThat(flood).allSatisfy(t -> {
                assertThat(t.response().statusCode()).isEqualTo(503);
                assertThat(t.millis()).isLessThan(3_000);
            });

            HttpResponse<String> health = http.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(Http.json(health).path("status").asText()).isEqualTo("unavailable");
            assertThat(Http.json(health).path("detail").asText()).contains("not reachable");
            assertThat(collector.metrics().eventsAccepted()).isZero();
            assertThat(collector.metrics().recordsInFlightPeak())
                    .isLessThanOrEqualTo(collector.settings().maxInFlight());
        }
    }

    @Test
    void brokerGoneGets503QuicklyWithBoundedRecordsInFlight() throws Exception {
        TestKafka kafka = TestKafka.start(TOPIC, REJECTED);
        int maxInFlight = 100;
        try (EventCollector collector = EventCollector.start(CollectorSettings.of(Map.of(
                "kafka.bootstrap", kafka.bootstrap(),
                "kafka.topic", TOPIC,
                "kafka.rejected-topic", REJECTED,
                "collector.port", "0",
                "collector.max-batch", "50",
                "collector.max-in-flight", String.valueOf(maxInFlight),
                "collector.ack-timeout-ms", "1500",
                "collector.health-cache-ms", "500",
                "collector.shutdown-timeout-ms", "3000")))) {
            Http http = new Http(collector.port());
            assertThat(http.post(Events.valid()).statusCode()).isEqualTo(202);
            assertThat(http.get("/health").statusCode()).isEqualTo(200);

            kafka.close(); // the broker stops; the producer still knows the topic's metadata
            long heapBefore = usedHeapAfterGc();

            // 200 requests of 20 events = 4000 records, 40 times the in-flight limit
            List<Timed> flood = flood(http, 200, 20);

            assertThat(flood).allSatisfy(t -> {
                assertThat(t.response().statusCode()).as(t.response().body()).isEqualTo(503);
                assertThat(t.response().headers().firstValue("Retry-After")).isPresent();
                assertThat(t.millis()).as("ms to answer").isLessThan(1_500 + 2_500);
            });
            CollectorMetrics m = collector.metrics();
            assertThat(m.recordsInFlightPeak()).isLessThanOrEqualTo(maxInFlight);
            assertThat(m.unavailable(Unavailable.BUSY) + m.unavailable(Unavailable.KAFKA_DOWN))
                    .as("refused at once")
                    .isPositive();
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertThat(heapGrowth).as("heap growth, bytes").isLessThan(64L * 1024 * 1024);

            // once the health check has seen the broker gone, a request is refused without waiting
            Thread.sleep(600);
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.post(Events.valid());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000);
            assertThat(Http.json(r).path("error").asText()).contains("Kafka is not reachable");
            assertThat(http.get("/health").statusCode()).isEqualTo(503);

            // every record's fate is settled within the producer's delivery timeout: the permits come back
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (m.recordsInFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(m.recordsInFlight()).isZero();
            assertThat(m.eventsAccepted()).isEqualTo(1);
        } finally {
            kafka.close();
        }
    }

    @Test
    void inFlightLimitRefusesWhatDoesNotFit() throws Exception {
        try (TestKafka kafka = TestKafka.start(TOPIC, REJECTED);
                EventCollector collector = EventCollector.start(CollectorSettings.of(Map.of(
                        "kafka.bootstrap", kafka.bootstrap(),
                        "kafka.topic", TOPIC,
                        "kafka.rejected-topic", REJECTED,
                        "collector.port", "0",
                        "collector.max-batch", "30",
                        "collector.max-in-flight", "50",
                        // records wait 500 ms in the producer: a second batch of 30 cannot fit next to the first
                        "collector.kafka.linger.ms", "500")))) {
            Http http = new Http(collector.port());
            CompletableFuture<HttpResponse<String>> first = http.postAsync(Events.batch(30, new ArrayList<>()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (collector.metrics().recordsInFlight() < 30 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            HttpResponse<String> second = http.post(Events.batch(30, new ArrayList<>()));
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(Http.json(second).path("error").asText()).contains("busy", "await Kafka acknowledgement");
            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
            assertThat(http.post(Events.batch(30, new ArrayList<>())).statusCode())
                    .isEqualTo(202);
            assertThat(collector.metrics().recordsInFlightPeak()).isLessThanOrEqualTo(50);
            assertThat(collector.metrics().unavailable(Unavailable.BUSY)).isEqualTo(1);
        }
    }
}
