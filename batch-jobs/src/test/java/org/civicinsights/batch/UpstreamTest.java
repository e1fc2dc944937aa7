package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamTest {
    static final LocalDate D = LocalDate.parse("2026-12-09");
    static final JobSpec PROFILE = new JobSpec("profile", JobKind.DAILY, List.of("sla"), List.of(), "p");

    @Test
    void aJobRunsOnceItsUpstreamSucceededForTheSameDate() {
        RunHistory h = new RunHistory();
        assertThat(Upstream.skipReason(PROFILE, D, h, Map.of(), true))
                .contains("needs sla to have succeeded for 2026-12-09", "civic batch run sla --date 2026-12-09");
        h.add("sla", D.minusDays(1), JobStatus.OK);
        assertThat(Upstream.skipReason(PROFILE, D, h, Map.of(), true)).isNotNull();
        h.add("sla", D, JobStatus.OK);
        assertThat(Upstream.skipReason(PROFILE, D, h, Map.of(), true)).isNull();
    }

    @Test
    void aFailureInThisRunSkipsDependentsEvenWithoutTheCheck() {
        RunHistory h = new RunHistory();
        h.add("sla", D, JobStatus.OK);
        assertThat(Upstream.skipReason(PROFILE, D, h, Map.of("sla", JobStatus.FAILED), true))
                .isEqualTo("upstream job sla failed for 2026-12-09");
        assertThat(Upstream.skipReason(PROFILE, D, new RunHistory(), Map.of("sla", JobStatus.SKIPPED), false))
                .isEqualTo("upstream job sla skipped for 2026-12-09");
        assertThat(Upstream.skipReason(PROFILE, D, new RunHistory(), Map.of(), false))
                .isNull();
    }
}
