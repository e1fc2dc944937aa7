package org.civicinsights.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class IngestJobSettingsTest {

    @Test
    void everyKeyOfTheHelpIsAccepted() {
        Matcher m = Pattern.compile("--([a-z0-9.-]*[a-z0-9])(?=\\s|$)").matcher(IngestJob.usage());
        int keys = 0;
        while (m.find()) {
            if (!m.group(1).equals("help") && !m.group(1).equals("key")) { // "--help", "--key value"
                assertThat(IngestJobSettings.ACCEPTED.accepts(m.group(1)))
                        .as(m.group(1))
                        .isTrue();
                keys++;
            }
        }
        assertThat(keys).isGreaterThan(10);
    }

    @Test
    void catalogPropertiesPassThroughButNotOtherJobsKeys() {
        assertThat(IngestJobSettings.ACCEPTED.accepts("catalog.s3.secret-access-key"))
                .isTrue();
        assertThat(IngestJobSettings.ACCEPTED.accepts("catalog.oauth2-server-uri"))
                .isTrue();
        assertThat(IngestJobSettings.ACCEPTED.accepts("ingest.fail-times")).isTrue();
        assertThat(IngestJobSettings.ACCEPTED.accepts("ingest.checkpoint-interval"))
                .isFalse();
        assertThat(IngestJobSettings.ACCEPTED.accepts("spark.master")).isFalse();
        assertThat(IngestJobSettings.ACCEPTED.accepts("job")).isFalse();
    }

    @Test
    void theConsumerGetsTheKafkaClientSettingsOfTheIngestKind() {
        IngestJobSettings s = IngestJobSettings.from(CivicConfig.of(Map.of(
                "kafka.client.security.protocol", "SASL_SSL",
                "kafka.client.ingest.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.client.producer.sasl.mechanism", "PLAIN")));
        assertThat(s.kafkaClient())
                .containsOnly(Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(IngestJobSettings.ACCEPTED.accepts("kafka.client.ingest.sasl.jaas.config"))
                .isTrue();
        // the read guarantee is the job's own
        assertThatThrownBy(() -> IngestJobSettings.from(
                        CivicConfig.of(Map.of("kafka.client.ingest.isolation.level", "read_uncommitted"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
