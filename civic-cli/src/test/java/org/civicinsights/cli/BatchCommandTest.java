package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchCommandTest {
    @Test
    void theJobsOwnSettingsAndTheKeyFileArePassedOnPathsMadeAbsolute() {
        Map<String, String> config = Map.of(
                "segments.dir",
                "/etc/civic/segments",
                "clusters.k-max",
                "10",
                "pseudonymisation.key-file",
                "/srv/key",
                "pseudonymisation.key",
                "c2VjcmV0",
                "catalog.uri",
                "http://catalog",
                "consent.file",
                "/data/consent.csv");
        Map<String, Path> paths = new HashMap<>();
        paths.put("segments.dir", null);
        paths.put("suppression.file", Path.of("suppression.csv"));
        assertThat(BatchCommand.jobSettings(config, paths))
                .containsExactly(
                        "--clusters.k-max",
                        "10",
                        "--consent.file",
                        "/data/consent.csv",
                        "--pseudonymisation.key-file",
                        "/srv/key",
                        "--segments.dir",
                        "/etc/civic/segments",
                        "--suppression.file",
                        Path.of("suppression.csv").toAbsolutePath().toString());
        // a path given on the command line wins over the configuration; the inline key never goes on the command line
        assertThat(BatchCommand.jobSettings(config, Map.of("segments.dir", Path.of("/tmp/mine"))))
                .contains("--segments.dir", "/tmp/mine")
                .doesNotContain("c2VjcmV0", "--catalog.uri");
    }

    @Test
    void withoutADateTheRunIsForYesterday() {
        LocalDate yesterday = LocalDate.parse("2026-11-25");
        assertThat(BatchCommand.dateArgs(null, null, null, null, yesterday)).isEqualTo(List.of("--date", "2026-11-25"));
        LocalDate first = LocalDate.parse("2026-01-01");
        assertThat(BatchCommand.dateArgs(null, first, LocalDate.parse("2026-01-31"), null, yesterday))
                .isEqualTo(List.of("--from", "2026-01-01", "--to", "2026-01-31"));
        List<LocalDate> sundays = List.of(LocalDate.parse("2026-01-04"), LocalDate.parse("2026-01-11"));
        assertThat(BatchCommand.dateArgs(null, null, null, sundays, yesterday))
                .isEqualTo(List.of("--dates", "2026-01-04,2026-01-11"));
    }
}
