package org.civicinsights.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSummaryTest {

    @Test
    void balancesWhenEveryRecordIsAccountedFor() {
        IngestSummary s = IngestSummary.from(Map.of(
                ValidateInteractions.READ,
                10_000L,
                ValidateInteractions.ACCEPTED,
                9_900L,
                ValidateInteractions.REJECTED_COUNT,
                100L,
                DropRepeatedEvents.UNIQUE,
                9_850L,
                DropRepeatedEvents.DUPLICATE_COUNT,
                50L));
        assertThat(s.balanced()).isTrue();
        assertThat(s.toJson())
                .isEqualTo("{\"read\":10000,\"valid\":9900,\"rejected\":100,\"unique\":9850,\"duplicates\":50}");
    }

    @Test
    void doesNotBalanceWhenARecordIsMissing() {
        IngestSummary s = new IngestSummary(10, 9, 0, 9, 0);
        assertThat(s.balanced()).isFalse();
        assertThat(s.describe()).contains("DOES NOT BALANCE");
    }
}
