package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchUpTest {
    static final LocalDate D = LocalDate.parse("2026-12-09");
    static final List<JobSpec> CHAIN = List.of(
            spec("cases"), spec("sla", "cases"), spec("contacts"), spec("profile", "sla"), spec("segments", "profile"));

    static JobSpec spec(String name, String... needs) {
        return new JobSpec(name, JobKind.DAILY, List.of(needs), List.of(), name);
    }

    static RunHistory okUpTo(LocalDate last, String... jobs) {
        RunHistory h = new RunHistory();
        for (String j : jobs) {
            h.add(j, last, JobStatus.OK);
        }
        return h;
    }

    @Test
    void aFirstRunDoesTheTargetDateOnly() {
        CatchUp.Plan p = CatchUp.plan(CHAIN, new RunHistory(), D, 7);
        assertThat(p.runs()).containsOnlyKeys(D);
        assertThat(p.runs().get(D)).containsExactly("cases", "sla", "contacts", "profile", "segments");
        assertThat(p.tooOld()).isEmpty();
    }

    @Test
    void everyMissedDateRunsOldestFirstAndNothingWhenUpToDate() {
        RunHistory h = okUpTo(D.minusDays(3), "cases", "sla", "contacts", "profile", "segments");
        CatchUp.Plan p = CatchUp.plan(CHAIN, h, D, 7);
        assertThat(p.runs().keySet()).containsExactly(D.minusDays(2), D.minusDays(1), D);
        p.runs().values().forEach(jobs -> assertThat(jobs).hasSize(5));
        assertThat(CatchUp.plan(CHAIN, okUpTo(D, "cases", "sla", "contacts", "profile", "segments"), D, 7)
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aJobBehindItsUpstreamAlsoRerunsTheUpstreamOnItsDates() {
        // profile failed on the 7th: sla keeps one date's state, so profile's 7th needs sla's 7th again
        RunHistory h = okUpTo(D.minusDays(1), "cases", "sla", "contacts");
        h.add("profile", D.minusDays(3), JobStatus.OK);
        h.add("segments", D.minusDays(3), JobStatus.OK);
        h.add("profile", D.minusDays(2), JobStatus.FAILED);
        CatchUp.Plan p = CatchUp.plan(CHAIN, h, D, 7);
        assertThat(p.runs().get(D.minusDays(2))).containsExactly("cases", "sla", "profile", "segments");
        assertThat(p.runs().get(D.minusDays(1))).containsExactly("cases", "sla", "profile", "segments");
        assertThat(p.runs().get(D)).containsExactly("cases", "sla", "contacts", "profile", "segments");
    }

    @Test
    void datesOlderThanTheWindowAreReportedNotRun() {
        RunHistory h = okUpTo(D.minusDays(30), "cases");
        CatchUp.Plan p = CatchUp.plan(List.of(spec("cases")), h, D, 3);
        assertThat(p.runs().keySet()).containsExactly(D.minusDays(2), D.minusDays(1), D);
        assertThat(p.tooOld().get("cases")).containsExactly(D.minusDays(29), D.minusDays(3));
        assertThatThrownBy(() -> CatchUp.plan(CHAIN, h, D, 0)).hasMessageContaining("at least 1");
    }

    @Test
    void aFailedRunDoesNotMoveTheNewestOkDate() {
        RunHistory h = okUpTo(D.minusDays(2), "cases");
        h.add("cases", D.minusDays(1), JobStatus.FAILED);
        h.add("cases", D.minusDays(1), JobStatus.SKIPPED);
        assertThat(h.newestOk("cases")).contains(D.minusDays(2));
        assertThat(h.nextAttempt("cases", D.minusDays(1))).isEqualTo(3);
        assertThat(CatchUp.plan(List.of(spec("cases")), h, D, 7).runs().keySet())
                .containsExactly(D.minusDays(1), D);
    }
}
