package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.config.CivicConfig;
import org.junit.jupiter.api.Test;

class BatchSettingsTest {
    private static BatchSettings settings(Map<String, String> args) {
        return BatchSettings.from(CivicConfig.of(args));
    }

    @Test
    void aDateARangeOrAListOfDatesOldestFirst() {
        assertThat(settings(Map.of("job", "all", "date", "2026-03-02")).dates())
                .containsExactly(LocalDate.parse("2026-03-02"));
        assertThat(settings(Map.of("job", "sla", "from", "2026-01-30", "to", "2026-02-02"))
                        .dates())
                .extracting(LocalDate::toString)
                .containsExactly("2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02");
        // only the days listed, oldest first, each once
        assertThat(settings(Map.of("job", "sla", "dates", "2026-11-30, 2026-11-08,2026-11-15,2026-11-08"))
                        .dates())
                .extracting(LocalDate::toString)
                .containsExactly("2026-11-08", "2026-11-15", "2026-11-30");
    }

    @Test
    void aListOfDatesIsCheckedAndStandsAlone() {
        assertThatThrownBy(() -> settings(Map.of("job", "sla", "dates", "2026-11-08,2026-11-31")))
                .hasMessage("--dates 2026-11-31 is not a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> settings(Map.of("job", "sla", "dates", "2026-11-08", "date", "2026-11-09")))
                .hasMessageContaining("give one of --dates");
        assertThatThrownBy(() ->
                        settings(Map.of("job", "sla", "dates", "2026-11-08", "from", "2026-11-01", "to", "2026-11-09")))
                .hasMessageContaining("give one of --dates");
    }

    @Test
    void theKeysTheJobsReadAndThePassThroughPrefixes() {
        for (String key : List.of(
                "job",
                "dates",
                "config",
                "segments.dir",
                "clusters.k-min",
                "consent.file",
                "suppression.file",
                "campaigns.dir",
                "outreach.outbox",
                "outreach.topic",
                "outreach.kafka-timeout-ms",
                "kafka.bootstrap",
                "pseudonymisation.key-file",
                "catalog.s3.endpoint",
                "catalog.type",
                "spark.executor.memory",
                "spark.master")) {
            assertThat(BatchSettings.ACCEPTED.accepts(key)).as(key).isTrue();
        }
        for (String key : List.of("outreach.max-contact", "segments.directory", "ingest.parallelism", "spark.")) {
            assertThat(BatchSettings.ACCEPTED.accepts(key)).as(key).isFalse();
        }
    }

    @Test
    void everyKeyOfTheHelpIsAccepted() {
        Matcher m = Pattern.compile("--([a-z0-9.-]*[a-z0-9])(?=\\s|$)").matcher(BatchMain.usage());
        int keys = 0;
        while (m.find()) {
            if (!List.of("help", "class", "conf", "list", "format")
                    .contains(m.group(1))) { // spark-submit's options and --list aside
                assertThat(BatchSettings.ACCEPTED.accepts(m.group(1)))
                        .as(m.group(1))
                        .isTrue();
                keys++;
            }
        }
        assertThat(keys).isGreaterThan(10);
    }

    @Test
    void aCatalogClassOrACatalogTypeNotBoth() {
        assertThatThrownBy(() -> settings(Map.of("job", "sla", "date", "2026-03-02", "catalog.type", "glue")))
                .hasMessageContaining("catalog.catalog-impl");
        assertThatThrownBy(() -> settings(Map.of(
                        "job",
                        "sla",
                        "date",
                        "2026-03-02",
                        "catalog.type",
                        "rest",
                        "catalog.catalog-impl",
                        "org.apache.iceberg.aws.glue.GlueCatalog")))
                .hasMessage("give catalog.type or catalog.catalog-impl, not both");
    }

    @Test
    void aCatchUpFindsItsOwnDatesForDailyJobsOnly() {
        BatchSettings s =
                settings(Map.of("job", "all", "catch-up-to", "2026-12-09", "batch.triggered-by", "scheduler"));
        assertThat(s.catchUpTo()).hasToString("2026-12-09");
        assertThat(s.dates()).isEmpty();
        assertThat(s.catchUpDays()).isEqualTo(7);
        assertThat(s.triggeredBy()).isEqualTo("scheduler");
        assertThat(s.checkUpstream()).isTrue();
        assertThat(settings(Map.of("job", "sla", "date", "2026-12-09", "batch.check-upstream", "false"))
                        .checkUpstream())
                .isFalse();
        assertThatThrownBy(() -> settings(Map.of("job", "all", "catch-up-to", "2026-12-09", "date", "2026-12-01")))
                .hasMessageContaining("give no --date");
        assertThatThrownBy(() -> settings(Map.of("job", "outreach", "catch-up-to", "yesterday")))
                .hasMessageContaining("outreach must be given a --date");
        assertThatThrownBy(
                        () -> settings(Map.of("job", "all", "catch-up-to", "2026-12-09", "batch.catch-up-days", "0")))
                .hasMessageContaining("between 1 and 366");
        assertThatThrownBy(() -> settings(Map.of("job", "all", "date", "2026-12-09", "batch.triggered-by", "a b")))
                .hasMessageContaining("short name");
    }
}
