package org.civicinsights.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.civicinsights.common.catalogue.CityService;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.ingestion.synthetic.EpisodePlanner.PlannedCase;
import org.civicinsights.ingestion.synthetic.RomeCalendar.DayKind;
import org.junit.jupiter.api.Test;

class EpisodePlannerTest {
    private static final ServiceCatalogue CATALOGUE = ServiceCatalogue.bundled();
    private static final ServiceMenu MENU = new ServiceMenu(CATALOGUE);
    private static final LocalDate START = LocalDate.of(2026, 3, 2);
    private static final Population PEOPLE = Population.generate(1_000, 2026, new SplittableRandom(11));
    private static final long T0 = RomeCalendar.epochSecond(START, LocalTime.MIDNIGHT);

    private record Case(PlannedCase plan, Episode.Builder events, CityService service) {}

    private static List<Case> plannedCases(int n) {
        SplittableRandom rng = new SplittableRandom(21);
        EpisodePlanner planner = new EpisodePlanner(MENU, rng, START);
        List<CityService> caseable = CATALOGUE.services().stream()
                .filter(s -> !ServiceMenu.instant(s))
                .toList();
        ArrayList<Case> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CityService s = caseable.get(rng.nextInt(caseable.size()));
            Channel channel =
                    s.channels().stream().toList().get(rng.nextInt(s.channels().size()));
            Actor actor = PEOPLE.citizen(rng.nextInt(PEOPLE.citizenCount()));
            long opened = T0 + rng.nextLong(60L * 86_400);
            Episode.Builder b = new Episode.Builder();
            PlannedCase c = planner.planCase(b, actor, s, channel, opened, actor.municipioOrNull(), null);
            out.add(new Case(c, b, s));
        }
        return out;
    }

    @Test
    void aboutOneCaseInSevenBreachesItsLegalDeadline() {
        List<Case> cases = plannedCases(6_000);
        long decided = cases.stream().filter(c -> !c.plan().withdrawn()).count();
        long breached = cases.stream().filter(c -> c.plan().breached()).count();
        assertThat((double) breached / decided).isBetween(0.10, 0.20);
        long withdrawn = cases.size() - decided;
        assertThat(withdrawn).isBetween(60L, 300L);
        assertThat(cases.stream().filter(c -> c.plan().suspended()).count()).isBetween(400L, 900L);
        assertThat(cases.stream().filter(c -> c.plan().reopened()).count()).isBetween(120L, 600L);
    }

    @Test
    void lifecyclesAreOrderedAndBackOfficeStepsHappenInOfficeHours() {
        for (Case c : plannedCases(2_000)) {
            Episode e = c.events().build(0);
            assertThat(e.nextTime()).isEqualTo(c.plan().openedAt());
            long previous = Long.MIN_VALUE;
            boolean first = true;
            while (e.hasNext()) {
                long t = e.nextTime();
                InteractionEvent ev = e.take();
                assertThat(t).isGreaterThanOrEqualTo(previous);
                previous = t;
                if (first) {
                    assertThat(ev.eventType).isEqualTo(EventType.CASE_OPENED);
                    first = false;
                }
                if (ev.eventType.family() == EventType.Family.CASE) {
                    assertThat(ev.caseId).isEqualTo(c.plan().caseId());
                    assertThat(ev.caseStatus).isNotBlank();
                    if (ev.eventType != EventType.CASE_OPENED) {
                        assertThat(RomeCalendar.inOfficeHours(t))
                                .as(ev.eventType + " at " + RomeCalendar.local(t))
                                .isTrue();
                    }
                }
                if (ev.serviceCode != null) {
                    assertThat(c.service().channels()).contains(ev.channel);
                }
                if (ev.eventType == EventType.CASE_RESOLVED && !c.plan().reopened()) {
                    assertThat(t).isEqualTo(c.plan().resolvedAt());
                    assertThat(t > c.plan().deadlineEnd()).isEqualTo(c.plan().breached());
                }
            }
        }
    }

    @Test
    void breachedCasesAreRatedWorse() {
        double[] sum = new double[2];
        int[] n = new int[2];
        for (Case c : plannedCases(8_000)) {
            Episode.Builder b = c.events();
            for (int i = 0; i < b.size(); i++) {
                InteractionEvent ev = b.event(i);
                if (ev.eventType == EventType.FEEDBACK_GIVEN && ev.csat != null) {
                    int k = c.plan().breached() ? 1 : 0;
                    sum[k] += ev.csat;
                    n[k]++;
                }
            }
        }
        assertThat(n[0]).isGreaterThan(300);
        assertThat(n[1]).isGreaterThan(40);
        assertThat(sum[1] / n[1]).isLessThan(sum[0] / n[0] - 1.0);
    }

    @Test
    void longWaitsOnThePhoneAreRatedWorseAndAbandonedMoreOften() {
        SplittableRandom rng = new SplittableRandom(5);
        EpisodePlanner planner = new EpisodePlanner(MENU, rng, START);
        double[] csat = new double[2];
        int[] rated = new int[2];
        int[] calls = new int[2];
        int[] abandoned = new int[2];
        long tenAm = RomeCalendar.epochSecond(LocalDate.of(2026, 3, 3), LocalTime.of(10, 0));
        for (int i = 0; i < 30_000; i++) {
            Actor actor = PEOPLE.citizen(rng.nextInt(PEOPLE.citizenCount()));
            Episode.Builder b = planner.plan(actor, Channel.CONTACT_CENTRE, tenAm + i, DayKind.WORKDAY, 600);
            InteractionEvent call = b.event(0);
            assertThat(call.eventType).isEqualTo(EventType.CONTACT_CALL);
            int k = call.waitSeconds > 480 ? 1 : 0;
            calls[k]++;
            if ("abandoned".equals(call.outcome)) {
                abandoned[k]++;
            }
            for (int j = 1; j < b.size(); j++) {
                InteractionEvent f = b.event(j);
                if (f.eventType == EventType.FEEDBACK_GIVEN && f.csat != null) {
                    csat[k] += f.csat;
                    rated[k]++;
                }
            }
        }
        assertThat((double) abandoned[1] / calls[1]).isGreaterThan(2.0 * abandoned[0] / calls[0]);
        assertThat(rated[1]).isGreaterThan(30);
        assertThat(csat[1] / rated[1]).isLessThan(csat[0] / rated[0] - 0.5);
    }

    @Test
    void streetReportsAreLocatedInsideRome() {
        SplittableRandom rng = new SplittableRandom(8);
        EpisodePlanner planner = new EpisodePlanner(MENU, rng, START);
        for (int i = 0; i < 2_000; i++) {
            Actor actor = i % 2 == 0 ? PEOPLE.citizen(i % 1_000) : PEOPLE.cityUser(rng);
            Episode.Builder b = planner.plan(actor, Channel.STREET_REPORT, T0 + 3_600L * i, DayKind.WORKDAY, 600);
            InteractionEvent opened = b.event(0);
            assertThat(opened.eventType).isEqualTo(EventType.CASE_OPENED);
            assertThat(opened.serviceCode).startsWith("SEGN-");
            assertThat(opened.lat).isBetween(Municipi.MIN_LAT, Municipi.MAX_LAT);
            assertThat(opened.lon).isBetween(Municipi.MIN_LON, Municipi.MAX_LON);
            assertThat(opened.municipio).isBetween(1, 15);
        }
    }
}
