package org.civicinsights.batch.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseLifecycleTest {
    static int seq;

    static CaseEvent e(String type, String time, String status) {
        return new CaseEvent("e" + (seq++), type, Instant.parse(time), "portal", "EDIL-SCIA", 7, "k1", status);
    }

    @Test
    void aSuspensionAcrossEasterIsRecordedAndTheCaseIsResolvedThenClosed() {
        List<CaseEvent> events = List.of(
                e("case_opened", "2026-03-20T09:00:00Z", "aperta"),
                e("case_status_changed", "2026-03-23T09:00:00Z", "in_lavorazione"),
                e("case_suspended", "2026-04-02T10:00:00Z", "sospesa"),
                e("case_resumed", "2026-04-09T10:00:00Z", "in_lavorazione"),
                e("case_resolved", "2026-04-20T15:00:00Z", "conclusa"),
                e("case_closed", "2026-04-21T08:00:00Z", "chiusa"));
        CaseRecord c = CaseLifecycle.fold("C1", events);
        assertThat(c.status()).isEqualTo(CaseLifecycle.CLOSED);
        assertThat(c.sourceStatus()).isEqualTo("chiusa");
        assertThat(c.openedAt()).isEqualTo("2026-03-20T09:00:00Z");
        assertThat(c.concludedAt()).isEqualTo("2026-04-20T15:00:00Z");
        assertThat(c.suspensions())
                .containsExactly(
                        new Suspension(Instant.parse("2026-04-02T10:00:00Z"), Instant.parse("2026-04-09T10:00:00Z")));
        assertThat(c.reopenCount()).isZero();
        assertThat(c.eventCount()).isEqualTo(6);
        assertThat(c.anomalies()).isEmpty();
        assertThat(c.serviceCode()).isEqualTo("EDIL-SCIA");
        assertThat(c.originChannel()).isEqualTo("portal");
    }

    @Test
    void arrivalOrderDoesNotMatterOnlyEventTime() {
        List<CaseEvent> events = new ArrayList<>(List.of(
                e("case_opened", "2026-01-10T09:00:00Z", "aperta"),
                e("case_resolved", "2026-01-20T09:00:00Z", "conclusa"),
                e("case_reopened", "2026-01-25T09:00:00Z", "riaperta"),
                e("case_resolved", "2026-02-03T09:00:00Z", "conclusa"),
                e("case_closed", "2026-02-04T09:00:00Z", "chiusa")));
        CaseRecord inOrder = CaseLifecycle.fold("C2", events);
        Collections.reverse(events);
        assertThat(CaseLifecycle.fold("C2", events)).isEqualTo(inOrder);
        assertThat(inOrder.reopenCount()).isEqualTo(1);
        assertThat(inOrder.resolvedAt()).isEqualTo("2026-02-03T09:00:00Z");
        assertThat(inOrder.status()).isEqualTo(CaseLifecycle.CLOSED);
    }

    @Test
    void aReopenedCaseIsOpenAgainUntilConcludedAgain() {
        CaseRecord c = CaseLifecycle.fold(
                "C3",
                List.of(
                        e("case_opened", "2026-01-10T09:00:00Z", null),
                        e("case_closed", "2026-01-12T09:00:00Z", null),
                        e("case_reopened", "2026-01-13T09:00:00Z", null)));
        assertThat(c.status()).isEqualTo(CaseLifecycle.OPEN);
        assertThat(c.concludedAt()).isNull();
        assertThat(c.reopenCount()).isEqualTo(1);
    }

    @Test
    void aStillRunningSuspensionIsOpenEnded() {
        CaseRecord c = CaseLifecycle.fold(
                "C4",
                List.of(
                        e("case_opened", "2026-01-10T09:00:00Z", null),
                        e("case_suspended", "2026-01-12T09:00:00Z", null)));
        assertThat(c.status()).isEqualTo(CaseLifecycle.SUSPENDED);
        assertThat(c.suspensions()).containsExactly(new Suspension(Instant.parse("2026-01-12T09:00:00Z"), null));
    }

    @Test
    void anomaliesAreNamed() {
        CaseRecord orphan = CaseLifecycle.fold(
                "C5",
                List.of(
                        e("case_closed", "2026-01-12T09:00:00Z", "chiusa"),
                        e("case_resumed", "2026-01-11T09:00:00Z", null)));
        assertThat(orphan.anomalies())
                .containsExactly(CaseLifecycle.RESUMED_WITHOUT_SUSPENSION, CaseLifecycle.NO_OPENING);
        assertThat(orphan.openedAt()).isNull();
        CaseRecord twice = CaseLifecycle.fold(
                "C6",
                List.of(
                        e("case_opened", "2026-01-10T09:00:00Z", null),
                        e("case_opened", "2026-01-11T09:00:00Z", null)));
        assertThat(twice.anomalies()).containsExactly(CaseLifecycle.OPENED_TWICE);
        assertThat(twice.openedAt()).isEqualTo("2026-01-10T09:00:00Z");
    }
}
