package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {
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

    @Test
    void theSecretsFileIsReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run/batch-1.properties");
        BatchCommand.writePrivately(file, Map.of("spark.hadoop.fs.s3a.secretKey", "s3cr3t"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        assertThat(p).containsEntry("spark.hadoop.fs.s3a.secretKey", "s3cr3t");
    }
}
