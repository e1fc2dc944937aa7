package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.civicinsights.cli.security.KafkaAccessChecks;
import org.civicinsights.cli.security.SecretLeakChecks;
import org.civicinsights.cli.stack.IngestLag;
import org.civicinsights.cli.stack.StackManager;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

/**
 * A secured stack ({@code stack.security=on}, no continuous ingest): the broker refuses strangers
 * ({@link KafkaAccessChecks}), and the pipeline's Kafka side works over SASL_SSL with each kind's own
 * user: the collector and the generator produce, the bounded ingest job (Flink's Kafka source) reads
 * every record, `civic rejected replay` sends one back, the CLI's admin client probes health and lag.
 */
class KafkaSecurityIT {
    private static final Pattern SUMMARY = Pattern.compile("ingest summary: read ([\\d,]+) = accepted");

    @Test
    void onlyTheStacksOwnClientsGetInAndThePipelineRunsThroughTheSecuredBroker() throws Exception {
        TestStack stack = TestStack.start("civic-it-kafka-security", false, Map.of("stack.security", "on"));
        try {
            CivicConfig client = stack.client;
            assertThat(client.get("kafka.client.security.protocol")).isEqualTo("SASL_SSL");
            KafkaAccessChecks.assertRefusals(client, stack.dataDir);

            // the collector's producer (user civic-collector)
            String event = "{\"schema_version\":1,\"event_id\":\"%s\",\"event_type\":\"online_service_started\","
                    + "\"event_time\":\"%s\",\"channel\":\"portal\",\"service_code\":\"CIE-RIL\","
                    + "\"anonymous_id\":\"anon-secured-1\"}";
            String body = "["
                    + String.format(event, UUID.randomUUID(), Instant.now().minusSeconds(60)) + ","
                    + String.format(event, UUID.randomUUID(), Instant.now().minusSeconds(30)) + "]";
            HttpResponse<String> posted = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + client.get("stack.collector-port") + "/v1/events"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            assertThat(posted.body()).contains("\"accepted\":2");

            // the generator (civic-producer), then the ingest job (civic-ingest) reads both topics to their end
            String generated = stack.cliOutput("generate", "--events", "2000", "--seed", "17");
            StackManager manager = stack.manager();
            long onTopics;
            try (Admin admin = manager.kafka().admin()) { // civic-admin
                onTopics = IngestLag.topicRecords(admin, client.get(CivicConfig.KAFKA_TOPIC))
                        + IngestLag.topicRecords(admin, client.get(CivicConfig.KAFKA_REJECTED_TOPIC));
            }
            assertThat(onTopics).isEqualTo(2002); // the generator's records and the collector's two
            String ingest = stack.cliOutput("ingest");
            Matcher m = SUMMARY.matcher(ingest);
            assertThat(m.find()).as(ingest).isTrue();
            assertThat(Long.parseLong(m.group(1).replace(",", ""))).isEqualTo(onTopics);

            // `civic rejected replay` produces as civic-producer too
            String topic = client.get(CivicConfig.KAFKA_TOPIC);
            String rejectedId = stack.cliOutput("rejected", "list")
                    .lines()
                    .filter(l -> l.startsWith(topic + "/"))
                    .findFirst()
                    .orElseThrow()
                    .split(" ")[0];
            String replayed = stack.cliOutput("rejected", "replay", "--id", rejectedId);
            assertThat(replayed).contains("replayed 1 record(s)");
            try (Admin admin = manager.kafka().admin()) {
                assertThat(IngestLag.topicRecords(admin, topic)
                                + IngestLag.topicRecords(admin, client.get(CivicConfig.KAFKA_REJECTED_TOPIC)))
                        .isEqualTo(onTopics + 1);
            }

            // the stack's own health probes log in too
            assertThat(manager.status())
                    .filteredOn(s -> s.name().equals("kafka") || s.name().equals("collector"))
                    .hasSize(2)
                    .allMatch(StackManager.ServiceStatus::healthy);
            assertThat(manager.ingestLag("civic-ingest")).isPresent();
            SecretLeakChecks.assertNoLeaks(stack.dataDir, generated, ingest, replayed);
        } finally {
            stack.stop();
        }
    }
}
