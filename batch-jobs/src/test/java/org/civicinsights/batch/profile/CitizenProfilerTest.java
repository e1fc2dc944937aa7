package org.civicinsights.batch.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A resident who moves from the counter to the app, profiled at the end of March and at the end of
 * June 2026. Rome is UTC+1 until 29 March and UTC+2 after, so the windows start at Rome midnight.
 */
class CitizenProfilerTest {
    static final LocalDate END_OF_MARCH = LocalDate.parse("2026-03-31");
    static final LocalDate END_OF_JUNE = LocalDate.parse("2026-06-30");

    static ProfileEvent ev(String id, String type, String time, String channel, String service) {
        return new ProfileEvent(id, type, Instant.parse(time), channel, service, 5, "it", null, null);
    }

    static ProfileEvent feedback(String id, String time, String channel, Integer csat, Integer nps) {
        return new ProfileEvent(id, "feedback_given", Instant.parse(time), channel, "ANAG-CERT", 5, "it", csat, nps);
    }

    static List<ProfileEvent> counterToApp() {
        List<ProfileEvent> e = new ArrayList<>(List.of(
                // winter: three visits to the counter, a call, and an unhappy rating at the counter
                ev("v1", "contact_visit", "2026-01-15T09:00:00Z", "front_office", "ANAG-CERT"),
                ev("v2", "contact_visit", "2026-02-10T09:00:00Z", "front_office", "ANAG-CERT"),
                ev("v3", "contact_visit", "2026-03-20T09:00:00Z", "front_office", "TARI-VAR"),
                feedback("f1", "2026-03-20T09:30:00Z", "front_office", 2, 4),
                ev("c1", "contact_call", "2026-03-25T08:00:00Z", "contact_centre", "TARI-VAR"),
                // spring: online on IO, one session abandoned, a payment, a notification read, a happy rating
                ev("o1", "online_service_started", "2026-04-10T08:00:00Z", "app_io", "ANAG-CERT"),
                ev("o1c", "online_service_completed", "2026-04-10T08:05:00Z", "app_io", "ANAG-CERT"),
                ev("o2", "online_service_started", "2026-05-12T08:00:00Z", "app_io", "ANAG-CERT"),
                ev("o2a", "online_service_abandoned", "2026-05-12T08:03:00Z", "app_io", "ANAG-CERT"),
                ev("o3", "online_service_started", "2026-06-01T08:00:00Z", "app_io", "TARI-VAR"),
                ev("o3c", "online_service_completed", "2026-06-01T08:04:00Z", "app_io", "TARI-VAR"),
                ev("p1", "payment_made", "2026-06-01T08:10:00Z", "app_io", "TARI-VAR"),
                feedback("f2", "2026-06-02T10:00:00Z", "app_io", 5, 10),
                ev("n1", "notification_opened", "2026-06-20T10:00:00Z", "app_io", "TARI-VAR"),
                // 23:30 on 29 June in Rome, on the portal
                ev("o4", "online_service_started", "2026-06-29T21:30:00Z", "portal", "ANAG-CERT"),
                ev("o4c", "online_service_completed", "2026-06-29T21:40:00Z", "portal", "ANAG-CERT"),
                // 00:30 on 1 July in Rome: after both as-of dates
                ev("late", "contact_visit", "2026-06-30T22:30:00Z", "front_office", "ANAG-CERT")));
        Collections.reverse(e); // the fold does not depend on order
        return e;
    }

    @Test
    void counterUserAtTheEndOfMarch() {
        CitizenProfile p = CitizenProfiler.build("k1", true, counterToApp(), END_OF_MARCH);
        assertThat(p.keyKind()).isEqualTo("citizen");
        assertThat(p.residency()).isEqualTo("resident");
        // contacts: v1, v2, v3, c1; the 30 days start on 2 March, the 90 days on 1 January
        assertThat(List.of(p.contacts30d(), p.contacts90d(), p.contacts365d())).containsExactly(2L, 4L, 4L);
        assertThat(p.channels30d()).isEqualTo(Map.of("front_office", 1L, "contact_centre", 1L));
        assertThat(p.channels365d()).isEqualTo(Map.of("front_office", 3L, "contact_centre", 1L));
        assertThat(p.preferredChannel()).isEqualTo("front_office");
        assertThat(p.digitalSharePct()).isEqualTo(0.0);
        assertThat(p.firstContactAt()).isEqualTo(Instant.parse("2026-01-15T09:00:00Z"));
        assertThat(p.lastContactAt()).isEqualTo(Instant.parse("2026-03-25T08:00:00Z"));
        assertThat(p.daysSinceLastContact()).isEqualTo(6);
        assertThat(p.csatResponses365d()).isEqualTo(1);
        assertThat(p.avgCsat365d()).isEqualTo(2.0);
        assertThat(p.negativeFeedback30d()).isEqualTo(1);
        assertThat(p.lastNps()).isEqualTo(4);
        assertThat(p.onlineCompleted365d()).isZero();
        assertThat(p.servicesUsed()).containsExactly("ANAG-CERT", "TARI-VAR");
        assertThat(p.mainMunicipio()).isEqualTo(5);
        assertThat(p.languages()).containsExactly("it");
    }

    @Test
    void appUserAtTheEndOfJune() {
        CitizenProfile p = CitizenProfiler.build("k1", true, counterToApp(), END_OF_JUNE);
        // 365 days: v1 v2 v3 c1 o1 o2 o3 o4; 90 days from 2 April: o1 o2 o3 o4; 30 days from 1 June (22:00 UTC on 31
        // May): o3 o4
        assertThat(List.of(p.contacts30d(), p.contacts90d(), p.contacts365d())).containsExactly(2L, 4L, 8L);
        assertThat(p.channels90d()).isEqualTo(Map.of("app_io", 3L, "portal", 1L));
        assertThat(p.channels365d())
                .isEqualTo(Map.of("front_office", 3L, "contact_centre", 1L, "app_io", 3L, "portal", 1L));
        // front_office and app_io have 3 each: the more recently used wins
        assertThat(p.preferredChannel()).isEqualTo("app_io");
        assertThat(p.selfServiceContacts365d()).isEqualTo(4);
        assertThat(p.assistedContacts365d()).isEqualTo(4);
        assertThat(p.digitalSharePct()).isEqualTo(50.0);
        assertThat(List.of(
                        p.onlineCompleted365d(),
                        p.onlineAbandoned365d(),
                        p.payments365d(),
                        p.notificationsOpened365d()))
                .containsExactly(3L, 1L, 1L, 1L);
        assertThat(p.csatResponses365d()).isEqualTo(2);
        assertThat(p.avgCsat365d()).isEqualTo(3.5);
        assertThat(p.negativeFeedback30d()).isZero();
        assertThat(p.lastNps()).isEqualTo(10);
        assertThat(p.lastNpsAt()).isEqualTo(Instant.parse("2026-06-02T10:00:00Z"));
        // the last contact is at 23:30 on 29 June in Rome: one day before the as-of date
        assertThat(p.daysSinceLastContact()).isEqualTo(1);
        assertThat(p.lastEventAt()).isEqualTo(Instant.parse("2026-06-29T21:40:00Z"));
    }

    @Test
    void anonymousPeopleAndPeopleWithoutMunicipioAreCityUsers() {
        ProfileEvent report = new ProfileEvent(
                "r1",
                "case_opened",
                Instant.parse("2026-06-10T10:00:00Z"),
                "street_report",
                "STR-BUCA",
                null,
                "en",
                null,
                null);
        CitizenProfile anonymous = CitizenProfiler.build("anon-1", false, List.of(report), END_OF_JUNE);
        assertThat(anonymous.keyKind()).isEqualTo("anonymous");
        assertThat(anonymous.residency()).isEqualTo("city_user");
        // a street report is a contact of its own; the self-service share is 100 %
        assertThat(anonymous.contacts365d()).isEqualTo(1);
        assertThat(anonymous.digitalSharePct()).isEqualTo(100.0);
        assertThat(anonymous.mainLanguage()).isEqualTo("en");

        CitizenProfile noMunicipio = CitizenProfiler.build("k2", true, List.of(report), END_OF_JUNE);
        assertThat(noMunicipio.residency()).isEqualTo("city_user");
        assertThat(noMunicipio.mainMunicipio()).isNull();
    }

    @Test
    void withoutContactsTheSharesAreUnknownNotZero() {
        ProfileEvent notification = new ProfileEvent(
                "n", "notification_sent", Instant.parse("2025-01-10T10:00:00Z"), "app_io", null, 3, null, null, null);
        CitizenProfile p = CitizenProfiler.build("k3", true, List.of(notification), END_OF_JUNE);
        assertThat(p.contacts365d()).isZero();
        assertThat(p.digitalSharePct()).isNull();
        assertThat(p.preferredChannel()).isNull();
        assertThat(p.firstContactAt()).isNull();
        assertThat(p.daysSinceLastContact()).isNull();
        assertThat(p.avgCsat365d()).isNull();
        assertThat(p.lastNps()).isNull();
        assertThat(p.lastEventAt()).isEqualTo(Instant.parse("2025-01-10T10:00:00Z"));
    }

    @Test
    void rankingBreaksTiesByRecencyThenName() {
        Map<String, Long> counts = Map.of("b", 2L, "a", 2L, "c", 1L);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(CitizenProfiler.ranked(counts, Map.of("a", t, "b", t.plusSeconds(1), "c", t)))
                .containsExactly("b", "a", "c");
        assertThat(CitizenProfiler.ranked(counts, Map.of("a", t, "b", t, "c", t)))
                .containsExactly("a", "b", "c");
    }
}
