package org.civicinsights.batch.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxRetentionTest {
    static final LocalDate KEPT_FROM = LocalDate.of(2025, 3, 31);

    @Test
    void aRunDirectoryIsExpiredByTheDateInItsName() {
        assertThat(OutboxRetention.expired("2025-03-30-r1", KEPT_FROM)).isTrue();
        assertThat(OutboxRetention.expired("2025-03-30-r12", KEPT_FROM)).isTrue();
        assertThat(OutboxRetention.expired("2025-03-31-r1", KEPT_FROM)).isFalse();
        assertThat(OutboxRetention.expired("_failed-2024-12-01-r2", KEPT_FROM)).isTrue();
        assertThat(OutboxRetention.expired("_tmp-2024-12-01-r2-6f1c", KEPT_FROM))
                .isTrue();
        // not a run's: left alone
        assertThat(OutboxRetention.expired("README", KEPT_FROM)).isFalse();
        assertThat(OutboxRetention.expired("2024-13-45-r1", KEPT_FROM)).isFalse();
    }

    @Test
    void deletesTheOldExportsOfEveryCampaignAndKeepsTheRest(@TempDir Path outbox) throws Exception {
        for (String dir : new String[] {
            "overdue_case_update/2025-03-30-r1",
            "overdue_case_update/2025-03-31-r1",
            "tari_reminder/_failed-2025-01-02-r1",
            "tari_reminder/2026-01-02-r1"
        }) {
            Files.createDirectories(outbox.resolve(dir));
            Files.writeString(outbox.resolve(dir).resolve("changes.csv"), "citizen_key\n");
        }

        long removed =
                OutboxRetention.enforce(new Configuration(), outbox.toUri().toString(), KEPT_FROM);

        assertThat(removed).isEqualTo(2);
        assertThat(outbox.resolve("overdue_case_update/2025-03-30-r1")).doesNotExist();
        assertThat(outbox.resolve("tari_reminder/_failed-2025-01-02-r1")).doesNotExist();
        assertThat(outbox.resolve("overdue_case_update/2025-03-31-r1/changes.csv"))
                .exists();
        assertThat(outbox.resolve("tari_reminder/2026-01-02-r1")).exists();
        assertThat(OutboxRetention.enforce(new Configuration(), outbox.toUri().toString(), KEPT_FROM))
                .isZero();
    }
}
