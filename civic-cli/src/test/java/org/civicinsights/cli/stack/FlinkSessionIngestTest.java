package org.civicinsights.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.civicinsights.cli.stack.FlinkSessionIngest.JobHealth;
import org.civicinsights.cli.stack.FlinkSessionIngest.Lookup;
import org.junit.jupiter.api.Test;

/** The decisions around the ingest job on the session cluster: when to submit, when it is healthy, when it ended. */
class FlinkSessionIngestTest {
    static final String NAME = "civic-ingest interactions";

    static FlinkRest.Job job(String id, String name, String state) {
        return new FlinkRest.Job(id, name, state);
    }

    @Test
    void aJobManagerThatDidNotAnswerIsNotAJobManagerWithoutTheJob() {
        Lookup unanswered = Lookup.of(Optional.empty(), NAME);
        assertThat(unanswered.answered()).isFalse();
        assertThat(unanswered.none()).isFalse();
        assertThat(unanswered.ended(List.of("a1"))).isFalse();
        assertThat(FlinkSessionIngest.refusal(unanswered, "10.0.0.5:8081"))
                .hasValueSatisfying(m -> assertThat(m).contains("10.0.0.5:8081 did not answer", "not submitting"));

        Lookup none = Lookup.of(
                Optional.of(List.of(job("b2", NAME, "CANCELED"), job("c3", "civic-ingest other", "RUNNING"))), NAME);
        assertThat(none.none()).isTrue();
        assertThat(none.ended(List.of("b2"))).isTrue();
        assertThat(FlinkSessionIngest.refusal(none, "10.0.0.5:8081")).isEmpty();
    }

    @Test
    void aSecondJobIsNeverSubmittedWhileOneOfTheSameNameHasNotEnded() {
        Lookup l = Lookup.of(Optional.of(List.of(job("b2", NAME, "CANCELED"), job("a1", NAME, "CANCELLING"))), NAME);
        assertThat(l.jobs()).containsExactly(job("a1", NAME, "CANCELLING"));
        assertThat(l.none()).isFalse();
        assertThat(l.ended(List.of("a1"))).isFalse();
        assertThat(l.ended(List.of("b2"))).isTrue();
        assertThat(FlinkSessionIngest.refusal(l, "127.0.0.1:8081"))
                .hasValueSatisfying(m -> assertThat(m).contains("a1 is still CANCELLING", "not submitting a second"));
    }

    static FlinkRest.JobDetail detail(String state, String... vertexStates) {
        return new FlinkRest.JobDetail(
                "a1", NAME, state, List.of(vertexStates).stream().map(s -> "v").toList(), List.of(vertexStates));
    }

    @Test
    void aJobRestartingOrWaitingForSlotsIsRecoveringNotFailing() {
        assertThat(JobHealth.of(detail("RUNNING", "RUNNING", "RUNNING"))).isEqualTo(JobHealth.RUNNING);
        // after a TaskManager was lost: restarting, then running with tasks waiting for slots
        assertThat(JobHealth.of(detail("RESTARTING", "CANCELED", "RUNNING"))).isEqualTo(JobHealth.RECOVERING);
        assertThat(JobHealth.of(detail("RUNNING", "SCHEDULED", "DEPLOYING"))).isEqualTo(JobHealth.RECOVERING);
        assertThat(JobHealth.of(detail("INITIALIZING"))).isEqualTo(JobHealth.RECOVERING);
        assertThat(JobHealth.of(detail("CREATED", "CREATED"))).isEqualTo(JobHealth.RECOVERING);
        for (String gone : List.of("FAILING", "CANCELLING", "SUSPENDED", "FAILED", "CANCELED", "FINISHED")) {
            assertThat(JobHealth.of(detail(gone, "CANCELED"))).as(gone).isEqualTo(JobHealth.FAILING);
        }
    }
}
