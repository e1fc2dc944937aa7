package org.civicinsights.batch.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

class ContactWindowTest {
    static ContactEvent c(String id, String time, String channel, String service, String citizen, String outcome) {
        return new ContactEvent(id, Instant.parse(time), channel, service, citizen, outcome);
    }

    static String verdicts(List<ContactEvent> contacts) {
        StringBuilder sb = new StringBuilder();
        for (ContactWindow.Verdict v : ContactWindow.classify(contacts)) {
            sb.append(v.contact().eventId())
                    .append(
                            v.identified()
                                    ? (v.repeat() ? " repeat" : " first")
                                            + (v.firstContactResolved() ? " resolved" : " unresolved")
                                    : " not-identified")
                    .append('\n');
        }
        return sb.toString();
    }

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void repeatsAndFirstContactResolutionOfOneCitizenAcrossChannelsAndServices() {
        List<ContactEvent> k1 = new ArrayList<>(List.of(
                // a: a call about a certificate; b, 2 days 2 hours later on the chatbot, same service: a repeat, so a
                // is unresolved
                c("a", "2026-03-02T08:00:00Z", "contact_centre", "ANAG-CERT", "k1", "information_given"),
                c("b", "2026-03-04T10:00:00Z", "chatbot", "ANAG-CERT", "k1", "answered"),
                // d: another service in between: neither a repeat nor does it touch the certificate contacts
                c("d", "2026-03-08T09:00:00Z", "contact_centre", "TARI-VAR", "k1", "resolved_first_contact"),
                // c: 7 x 24 h and 1 s after b: not a repeat, and b is resolved
                c("c", "2026-03-11T10:00:01Z", "front_office", "ANAG-CERT", "k1", "resolved_first_contact"),
                // e: an abandoned call an hour later counts for nothing: c stays resolved, e is no repeat
                c("e", "2026-03-11T11:00:00Z", "contact_centre", "ANAG-CERT", "k1", "abandoned"),
                // g: a call without service: not identified
                c("g", "2026-03-11T12:00:00Z", "contact_centre", null, "k1", "information_given")));
        String expected = """
                a first unresolved
                b repeat resolved
                d first resolved
                c first resolved
                e not-identified
                g not-identified
                """;
        assertThat(verdicts(k1)).isEqualTo(expected);
        Collections.reverse(k1);
        assertThat(verdicts(k1)).as("arrival order does not matter").isEqualTo(expected);
    }

    @Test
    void exactlySevenTimesTwentyFourHoursLaterIsStillARepeat() {
        assertThat(verdicts(List.of(
                        c("p", "2026-06-13T09:30:00Z", "contact_centre", "ANAG-CERT", "k2", null),
                        c("q", "2026-06-20T09:30:00Z", "email", "ANAG-CERT", "k2", null),
                        c("r", "2026-06-27T09:30:00.000001Z", "email", "ANAG-CERT", "k2", null))))
                .isEqualTo("p first unresolved\nq repeat resolved\nr first resolved\n");
    }

    @Test
    void sameInstantContactsAreOrderedByEventIdAndAnonymousOnesAreNotIdentified() {
        assertThat(verdicts(List.of(
                        c("z2", "2026-06-13T09:30:00Z", "front_office", "ANAG-CERT", "k3", null),
                        c("z1", "2026-06-13T09:30:00Z", "contact_centre", "ANAG-CERT", "k3", null),
                        c("anon", "2026-06-13T09:31:00Z", "contact_centre", "ANAG-CERT", null, null))))
                .isEqualTo("z1 first unresolved\nz2 repeat resolved\nanon not-identified\n");
    }

    @Test
    void aRunRecomputesTheSevenDaysBeforeItAndTheDaysAroundLateEvents() {
        assertThat(ContactWindow.firstAffectedDay(d("2026-06-20"))).isEqualTo("2026-06-13");
        assertThat(ContactWindow.lastAffectedDay(d("2026-06-13"))).isEqualTo("2026-06-20");
        assertThat(ContactWindow.resolutionDays(d("2026-06-20"), List.of()))
                .hasSize(8)
                .first()
                .isEqualTo(d("2026-06-13"));
        assertThat(ContactWindow.lastFinalDay(d("2026-06-20"))).isEqualTo("2026-06-13");
        assertThat(ContactWindow.fcrFinal(d("2026-06-13"), d("2026-06-20"))).isTrue();
        assertThat(ContactWindow.fcrFinal(d("2026-06-14"), d("2026-06-20"))).isFalse();

        // late events of 14 June and (ignored) of the run day itself and of the future
        List<LocalDate> late = List.of(d("2026-06-14"), d("2026-06-21"), d("2026-06-25"));
        assertThat(ContactWindow.volumeDays(d("2026-06-21"), late)).containsExactly(d("2026-06-14"), d("2026-06-21"));
        SortedSet<LocalDate> days = ContactWindow.resolutionDays(d("2026-06-21"), late);
        assertThat(days.first()).isEqualTo("2026-06-07");
        assertThat(days.last()).isEqualTo("2026-06-21");
        assertThat(days).hasSize(15);
        // a late event of 1 May: 24 April .. 8 May too, read from 168 h before 24 April to 168 h after 8 May;
        // the run day's own block 14 .. 21 June is read from 168 h before 14 June to the end of 21 June
        SortedSet<LocalDate> withMay = ContactWindow.resolutionDays(d("2026-06-21"), List.of(d("2026-05-01")));
        assertThat(withMay)
                .hasSize(15 + 8)
                .contains(d("2026-04-24"), d("2026-05-08"))
                .doesNotContain(d("2026-05-09"), d("2026-06-13"));
        assertThat(ContactWindow.readRanges(withMay, d("2026-06-21")))
                .containsExactly(
                        new ContactWindow.Range(
                                Instant.parse("2026-04-16T22:00:00Z"), Instant.parse("2026-05-15T22:00:00Z")),
                        new ContactWindow.Range(
                                Instant.parse("2026-06-06T22:00:00Z"), Instant.parse("2026-06-21T22:00:00Z")));
    }

    @Test
    void theWeekAfterTheSpringClockChangeNeedsOneMoreDay() {
        // 29 March 2026 has 23 hours: 168 h before the start of 2 April is 23:00 on 25 March
        assertThat(ContactWindow.firstAffectedDay(d("2026-04-02"))).isEqualTo("2026-03-25");
        assertThat(ContactWindow.resolutionDays(d("2026-04-02"), List.of())).hasSize(9);
        assertThat(ContactWindow.fcrFinal(d("2026-03-26"), d("2026-04-02"))).isFalse();
        assertThat(ContactWindow.fcrFinal(d("2026-03-26"), d("2026-04-03"))).isTrue();
        assertThat(ContactWindow.lastFinalDay(d("2026-04-02"))).isEqualTo("2026-03-25");
        // autumn (25 October has 25 hours): the usual seven days
        assertThat(ContactWindow.firstAffectedDay(d("2026-10-26"))).isEqualTo("2026-10-19");
        assertThat(ContactWindow.lastFinalDay(d("2026-10-26"))).isEqualTo("2026-10-19");
    }

    @Test
    void everyDayIsLastRecomputedByTheRunThatMakesItFinal() {
        for (LocalDate day = d("2026-01-01"); day.isBefore(d("2027-01-01")); day = day.plusDays(1)) {
            LocalDate lastRun = null;
            for (LocalDate run = day; run.isBefore(day.plusDays(12)); run = run.plusDays(1)) {
                if (ContactWindow.resolutionDays(run, List.of()).contains(day)) {
                    lastRun = run;
                }
            }
            assertThat(lastRun).as("last run recomputing %s", day).isNotNull();
            assertThat(ContactWindow.fcrFinal(day, lastRun))
                    .as("%s final on its last run %s", day, lastRun)
                    .isTrue();
            assertThat(ContactWindow.fcrFinal(day, lastRun.minusDays(1)))
                    .as("%s", day)
                    .isFalse();
        }
    }
}
