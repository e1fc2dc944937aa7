package org.civicinsights.batch.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicinsights.batch.activation.OutreachChannel.APP_IO;
import static org.civicinsights.batch.activation.OutreachChannel.EMAIL;
import static org.civicinsights.batch.activation.OutreachChannel.SMS;

import java.util.List;
import org.civicinsights.batch.outreach.OutreachDelta.Change;
import org.civicinsights.batch.outreach.OutreachDelta.Entry;
import org.civicinsights.batch.outreach.OutreachDelta.Kind;
import org.junit.jupiter.api.Test;

class OutreachDeltaTest {
    static final String C = "overdue_case_update";

    @Test
    void deltaOverTwoRuns() {
        List<Entry> day1 = List.of(new Entry(C, "k1", APP_IO), new Entry(C, "k2", EMAIL), new Entry(C, "k3", SMS));
        List<Entry> day2 = List.of(new Entry(C, "k4", SMS), new Entry(C, "k2", SMS), new Entry(C, "k1", APP_IO));

        // the first run: everything is added
        assertThat(OutreachDelta.between(List.of(), day1))
                .containsExactly(
                        new Change(Kind.ADDED, C, "k1", APP_IO, null),
                        new Change(Kind.ADDED, C, "k2", EMAIL, null),
                        new Change(Kind.ADDED, C, "k3", SMS, null));
        // the second: k1 unchanged, k2 changed channel, k3 left, k4 came
        assertThat(OutreachDelta.between(day1, day2))
                .containsExactly(
                        new Change(Kind.CHANGED, C, "k2", SMS, EMAIL),
                        new Change(Kind.REMOVED, C, "k3", null, SMS),
                        new Change(Kind.ADDED, C, "k4", SMS, null));
        // a rerun: empty
        assertThat(OutreachDelta.between(day2, day2)).isEmpty();
        // the lists may hold several campaigns: keyed by campaign and citizen
        List<Entry> other = List.of(new Entry("a_campaign", "k1", EMAIL));
        assertThat(OutreachDelta.between(day1.subList(0, 1), other))
                .containsExactly(
                        new Change(Kind.ADDED, "a_campaign", "k1", EMAIL, null),
                        new Change(Kind.REMOVED, C, "k1", null, APP_IO));
    }

    @Test
    void aListHoldsACitizenOncePerCampaign() {
        assertThatThrownBy(() ->
                        OutreachDelta.between(List.of(), List.of(new Entry(C, "k1", SMS), new Entry(C, "k1", EMAIL))))
                .hasMessage("the current list has k1 twice in campaign " + C);
    }
}
