package org.civicinsights.batch.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civicinsights.batch.activation.OutreachChannel.APP_IO;
import static org.civicinsights.batch.activation.OutreachChannel.CALL;
import static org.civicinsights.batch.activation.OutreachChannel.EMAIL;
import static org.civicinsights.batch.activation.OutreachChannel.SMS;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civicinsights.batch.activation.OutreachChannel;
import org.civicinsights.batch.outreach.ContactPolicy.Candidate;
import org.civicinsights.batch.outreach.ContactPolicy.Citizen;
import org.civicinsights.batch.outreach.ContactPolicy.Decision;
import org.junit.jupiter.api.Test;

class ContactPolicyTest {
    static final LocalDate RUN = LocalDate.parse("2026-06-30");
    static final ContactPolicy POLICY = ContactPolicy.defaults();
    static final Candidate OVERDUE = new Candidate("overdue_case_update", 2, List.of(APP_IO, EMAIL, SMS), 30);
    static final Candidate INVITE = new Candidate("online_service_invitation", 5, List.of(APP_IO, EMAIL), 90);
    static final Candidate CALLBACK = new Candidate("csat_callback", 1, List.of(CALL), 30);
    static final Map<OutreachChannel, Boolean> ALL = Map.of(APP_IO, true, EMAIL, true, SMS, true, CALL, true);

    static Citizen citizen(Map<OutreachChannel, Boolean> consent) {
        return new Citizen(consent, null, List.of(), Map.of());
    }

    static Decision in(Candidate c, OutreachChannel channel) {
        return Decision.included(c, channel);
    }

    static Decision out(Candidate c, ExclusionReason reason) {
        return Decision.excluded(c, reason);
    }

    static LocalDate daysAgo(int n) {
        return RUN.minusDays(n);
    }

    @Test
    void noConsentIsExcluded() {
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), citizen(Map.of())))
                .containsExactly(out(OVERDUE, ExclusionReason.NO_CONSENT));
        // refused or for another channel only is no consent either
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), citizen(Map.of(APP_IO, false, EMAIL, false, CALL, true))))
                .containsExactly(out(OVERDUE, ExclusionReason.NO_CONSENT));
    }

    @Test
    void theFirstConsentedChannelInTheCampaignsOrder() {
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), citizen(Map.of(SMS, true, APP_IO, false))))
                .containsExactly(in(OVERDUE, SMS));
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), citizen(Map.of(SMS, true, EMAIL, true))))
                .containsExactly(in(OVERDUE, EMAIL));
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), citizen(ALL))).containsExactly(in(OVERDUE, APP_IO));
    }

    @Test
    void theFrequencyCap() {
        // two contacts in the last 30 days (the run date and the 29 days before it): capped
        Citizen two = new Citizen(ALL, null, List.of(daysAgo(29), daysAgo(3)), Map.of());
        assertThat(POLICY.decide(RUN, List.of(OVERDUE, INVITE), two))
                .containsExactly(out(OVERDUE, ExclusionReason.CAPPED), out(INVITE, ExclusionReason.CAPPED));
        // contacts 30 and 31 days ago are out of the window; one in it still leaves room for this run's contact
        Citizen old = new Citizen(ALL, null, List.of(daysAgo(31), daysAgo(30), daysAgo(3)), Map.of());
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), old)).containsExactly(in(OVERDUE, APP_IO));
        // contacts dated on or after the run date are this run's (a rerun) or later runs': ignored
        Citizen rerun = new Citizen(ALL, null, List.of(RUN, RUN, RUN.plusDays(1)), Map.of());
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), rerun)).containsExactly(in(OVERDUE, APP_IO));
        // configurable: 1 per 7 days
        ContactPolicy weekly = new ContactPolicy(1, 7);
        assertThat(weekly.decide(RUN, List.of(OVERDUE), new Citizen(ALL, null, List.of(daysAgo(6)), Map.of())))
                .containsExactly(out(OVERDUE, ExclusionReason.CAPPED));
        assertThat(weekly.decide(RUN, List.of(OVERDUE), new Citizen(ALL, null, List.of(daysAgo(7)), Map.of())))
                .containsExactly(in(OVERDUE, APP_IO));
        assertThatThrownBy(() -> new ContactPolicy(0, 30)).hasMessageContaining("maxContacts >= 1");
    }

    @Test
    void oneContactPerRunByPriority() {
        // evaluated by priority whatever the order given; the lower one is taken
        assertThat(POLICY.decide(RUN, List.of(INVITE, OVERDUE), citizen(ALL)))
                .containsExactly(in(OVERDUE, APP_IO), out(INVITE, ExclusionReason.TAKEN_BY_HIGHER_PRIORITY));
        // the higher one cannot reach them (no call consent): the lower one still can
        assertThat(POLICY.decide(RUN, List.of(INVITE, CALLBACK), citizen(Map.of(EMAIL, true))))
                .containsExactly(out(CALLBACK, ExclusionReason.NO_CONSENT), in(INVITE, EMAIL));
        // a lower campaign that could not reach them anyway says so, not "taken"
        assertThat(POLICY.decide(RUN, List.of(CALLBACK, INVITE), citizen(Map.of(CALL, true))))
                .containsExactly(in(CALLBACK, CALL), out(INVITE, ExclusionReason.NO_CONSENT));
        // one previous contact: this run's contact makes two, the second campaign is taken (not capped)
        Citizen one = new Citizen(ALL, null, List.of(daysAgo(10)), Map.of());
        assertThat(POLICY.decide(RUN, List.of(CALLBACK, OVERDUE, INVITE), one))
                .containsExactly(
                        in(CALLBACK, CALL),
                        out(OVERDUE, ExclusionReason.TAKEN_BY_HIGHER_PRIORITY),
                        out(INVITE, ExclusionReason.TAKEN_BY_HIGHER_PRIORITY));
    }

    @Test
    void samePriorityGoesByName() {
        Candidate b = new Candidate("b_campaign", 3, List.of(SMS), 30);
        Candidate a = new Candidate("a_campaign", 3, List.of(SMS), 30);
        assertThat(POLICY.decide(RUN, List.of(b, a), citizen(ALL)))
                .containsExactly(in(a, SMS), out(b, ExclusionReason.TAKEN_BY_HIGHER_PRIORITY));
        assertThatThrownBy(() -> POLICY.decide(RUN, List.of(a, a), citizen(ALL)))
                .hasMessageContaining("a_campaign is a candidate twice");
    }

    @Test
    void suppressedBeatsEverything() {
        for (Suppression s : Suppression.values()) {
            Citizen c =
                    new Citizen(Map.of(), s, List.of(daysAgo(1), daysAgo(2)), Map.of(OVERDUE.campaign(), daysAgo(1)));
            assertThat(POLICY.decide(RUN, List.of(OVERDUE, INVITE), c))
                    .containsExactly(out(OVERDUE, ExclusionReason.SUPPRESSED), out(INVITE, ExclusionReason.SUPPRESSED));
        }
        assertThat(Suppression.fromWire("moved_away")).isEqualTo(Suppression.MOVED_AWAY);
    }

    @Test
    void cooldown() {
        // got the overdue update 29 days ago (cooldown 30): not again yet; the invitation takes the slot
        Citizen c = new Citizen(ALL, null, List.of(daysAgo(29)), Map.of(OVERDUE.campaign(), daysAgo(29)));
        assertThat(POLICY.decide(RUN, List.of(OVERDUE, INVITE), c))
                .containsExactly(out(OVERDUE, ExclusionReason.COOLDOWN), in(INVITE, APP_IO));
        // 30 days ago: allowed again
        Citizen d = new Citizen(ALL, null, List.of(daysAgo(30)), Map.of(OVERDUE.campaign(), daysAgo(30)));
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), d)).containsExactly(in(OVERDUE, APP_IO));
        // cooldown comes before the cap: with two contacts in the window and the campaign recent, the reason is the
        // cooldown
        Citizen e = new Citizen(ALL, null, List.of(daysAgo(5), daysAgo(29)), Map.of(OVERDUE.campaign(), daysAgo(5)));
        assertThat(POLICY.decide(RUN, List.of(OVERDUE, INVITE), e))
                .containsExactly(out(OVERDUE, ExclusionReason.COOLDOWN), out(INVITE, ExclusionReason.CAPPED));
        // no consent comes before the cooldown
        Citizen f = new Citizen(Map.of(CALL, true), null, List.of(), Map.of(OVERDUE.campaign(), daysAgo(5)));
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), f)).containsExactly(out(OVERDUE, ExclusionReason.NO_CONSENT));
        // cooldown 0 never blocks; a last date on the run date (a rerun) is ignored
        Candidate daily = new Candidate("daily", 9, List.of(SMS), 0);
        assertThat(POLICY.decide(RUN, List.of(daily), new Citizen(ALL, null, List.of(), Map.of("daily", daysAgo(1)))))
                .containsExactly(in(daily, SMS));
        assertThat(POLICY.decide(
                        RUN, List.of(OVERDUE), new Citizen(ALL, null, List.of(RUN), Map.of(OVERDUE.campaign(), RUN))))
                .containsExactly(in(OVERDUE, APP_IO));
    }

    @Test
    void noCandidatesNoDecisions() {
        assertThat(POLICY.decide(RUN, List.of(), citizen(ALL))).isEmpty();
        assertThatThrownBy(() -> new Decision("x", 1, null, null, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision("x", 1, SMS, ExclusionReason.CAPPED, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCitizenAlreadyOnTheListStaysWithoutANewContact() {
        // on the overdue list through email; since then capped, in cooldown and taken by the callback: still kept
        Citizen onList = new Citizen(
                ALL,
                null,
                List.of(daysAgo(20), daysAgo(2)),
                Map.of(OVERDUE.campaign(), daysAgo(20)),
                Map.of(OVERDUE.campaign(), EMAIL),
                Set.of());
        assertThat(POLICY.decide(RUN, List.of(CALLBACK, OVERDUE), onList))
                .containsExactly(out(CALLBACK, ExclusionReason.CAPPED), Decision.kept(OVERDUE, EMAIL));
        // a kept citizen does not take the run's contact: the callback still gets them when the cap allows
        Citizen kept =
                new Citizen(ALL, null, List.of(daysAgo(20)), Map.of(), Map.of(OVERDUE.campaign(), EMAIL), Set.of());
        assertThat(POLICY.decide(RUN, List.of(CALLBACK, OVERDUE), kept))
                .containsExactly(in(CALLBACK, CALL), Decision.kept(OVERDUE, EMAIL));
        // consent for the list's channel withdrawn: the first consented channel (a CHANGED entry), or out for no
        // consent
        Citizen noEmail =
                new Citizen(Map.of(SMS, true), null, List.of(), Map.of(), Map.of(OVERDUE.campaign(), EMAIL), Set.of());
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), noEmail)).containsExactly(Decision.kept(OVERDUE, SMS));
        Citizen none = new Citizen(
                Map.of(EMAIL, false), null, List.of(), Map.of(), Map.of(OVERDUE.campaign(), EMAIL), Set.of());
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), none))
                .containsExactly(out(OVERDUE, ExclusionReason.NO_CONSENT));
        // suppressed since: removed
        Citizen gone = new Citizen(
                ALL, Suppression.MOVED_AWAY, List.of(), Map.of(), Map.of(OVERDUE.campaign(), EMAIL), Set.of());
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), gone))
                .containsExactly(out(OVERDUE, ExclusionReason.SUPPRESSED));
    }

    @Test
    void aCitizenCutForCapacityIsFreeForALowerPriorityCampaign() {
        Citizen cut = new Citizen(ALL, null, List.of(), Map.of(), Map.of(), Set.of(OVERDUE.campaign()));
        assertThat(POLICY.decide(RUN, List.of(OVERDUE, INVITE), cut))
                .containsExactly(out(OVERDUE, ExclusionReason.OVER_CAPACITY), in(INVITE, APP_IO));
        // other reasons come first: a capped citizen is reported capped, not over capacity
        Citizen capped =
                new Citizen(ALL, null, List.of(daysAgo(1), daysAgo(2)), Map.of(), Map.of(), Set.of(OVERDUE.campaign()));
        assertThat(POLICY.decide(RUN, List.of(OVERDUE), capped)).containsExactly(out(OVERDUE, ExclusionReason.CAPPED));
    }
}
