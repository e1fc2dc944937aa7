package org.civicinsights.batch.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.civicinsights.batch.cases.CaseRecord;
import org.civicinsights.batch.cases.Suspension;
import org.civicinsights.common.calendar.BusinessCalendar;
import org.civicinsights.common.calendar.DeadlineKind;
import org.junit.jupiter.api.Test;

class CaseSlaTest {
    static final BusinessCalendar ROME = BusinessCalendar.rome();
    static final ServiceDeadline THIRTY_WORKING = new ServiceDeadline("EDIL-SCIA", 30, DeadlineKind.WORKING);

    static CaseRecord kase(String opened, String resolved, List<Suspension> suspensions) {
        return new CaseRecord(
                "C",
                resolved == null ? "open" : "resolved",
                null,
                Instant.parse(opened),
                resolved == null ? null : Instant.parse(resolved),
                null,
                "EDIL-SCIA",
                "portal",
                1,
                "k",
                suspensions,
                0,
                2,
                Instant.parse(opened),
                Instant.parse(opened),
                List.of());
    }

    @Test
    void aSuspensionAcrossEasterExtendsTheDueDateByItsWorkingDays() {
        // opened Fri 20 March 2026; 30 working days -> 5 May (Easter Monday 6 April and 1 May are not working days)
        CaseRecord noSuspension = kase("2026-03-20T09:00:00Z", "2026-05-06T09:00:00Z", List.of());
        SlaResult late = CaseSla.evaluate(noSuspension, THIRTY_WORKING, LocalDate.parse("2026-06-01"), ROME)
                .orElseThrow();
        assertThat(late.dueDate()).isEqualTo("2026-05-05");
        assertThat(late.slaStatus()).isEqualTo(CaseSla.BREACHED);
        assertThat(late.resolutionWorkingDays()).isEqualTo(31);

        // suspended 2 April, resumed 9 April: (2 Apr, 9 Apr] holds 4 working days (3, 7, 8, 9 April) -> due 11 May
        List<Suspension> easter =
                List.of(new Suspension(Instant.parse("2026-04-02T10:00:00Z"), Instant.parse("2026-04-09T10:00:00Z")));
        SlaResult onTime = CaseSla.evaluate(
                        kase("2026-03-20T09:00:00Z", "2026-05-06T09:00:00Z", easter),
                        THIRTY_WORKING,
                        LocalDate.parse("2026-06-01"),
                        ROME)
                .orElseThrow();
        assertThat(onTime.dueDate()).isEqualTo("2026-05-11");
        assertThat(onTime.slaStatus()).isEqualTo(CaseSla.ON_TIME);
        assertThat(onTime.resolutionWorkingDays()).isEqualTo(27);
        assertThat(onTime.suspendedCalendarDays()).isEqualTo(7);
    }

    @Test
    void aCalendarDeadlineFallingOnRomesPatronDayMovesToTheNextWorkingDay() {
        // opened 30 May 2026 + 30 calendar days = Mon 29 June, Saints Peter and Paul in Rome -> Tue 30 June
        ServiceDeadline thirtyCalendar = new ServiceDeadline("X", 30, DeadlineKind.CALENDAR);
        CaseRecord c = kase("2026-05-30T08:00:00Z", "2026-06-30T12:00:00Z", List.of());
        SlaResult r = CaseSla.evaluate(c, thirtyCalendar, LocalDate.parse("2026-07-10"), ROME)
                .orElseThrow();
        assertThat(r.dueDate()).isEqualTo("2026-06-30");
        assertThat(r.slaStatus()).isEqualTo(CaseSla.ON_TIME);
        assertThat(CaseSla.evaluate(c, thirtyCalendar, LocalDate.parse("2026-07-10"), BusinessCalendar.national())
                        .orElseThrow()
                        .slaStatus())
                .isEqualTo(CaseSla.BREACHED);
    }

    @Test
    void openCasesAreOnTrackAtRiskOrOverdueAsOfTheDate() {
        CaseRecord open = kase("2026-03-20T09:00:00Z", null, List.of());
        assertThat(CaseSla.evaluate(open, THIRTY_WORKING, LocalDate.parse("2026-04-01"), ROME)
                        .orElseThrow()
                        .slaStatus())
                .isEqualTo(CaseSla.OPEN_ON_TRACK);
        // Mon 27 April: 28, 29, 30 April, 4, 5 May are left (1 May is a holiday): 5 <= 20 % of 30, at risk
        SlaResult atRisk = CaseSla.evaluate(open, THIRTY_WORKING, LocalDate.parse("2026-04-27"), ROME)
                .orElseThrow();
        assertThat(atRisk.remainingDays()).isEqualTo(5);
        assertThat(atRisk.slaStatus()).isEqualTo(CaseSla.AT_RISK);
        SlaResult overdue = CaseSla.evaluate(open, THIRTY_WORKING, LocalDate.parse("2026-05-07"), ROME)
                .orElseThrow();
        assertThat(overdue.slaStatus()).isEqualTo(CaseSla.OPEN_OVERDUE);
        assertThat(overdue.remainingDays()).isEqualTo(-2);
        assertThat(overdue.ageDays()).isEqualTo(48);
    }

    @Test
    void asOfAnEarlierDateTheCaseIsSeenAsItWasThen() {
        CaseRecord resolvedLater = kase("2026-03-20T09:00:00Z", "2026-05-06T09:00:00Z", List.of());
        SlaResult then = CaseSla.evaluate(resolvedLater, THIRTY_WORKING, LocalDate.parse("2026-04-01"), ROME)
                .orElseThrow();
        assertThat(then.concluded()).isFalse();
        assertThat(then.slaStatus()).isEqualTo(CaseSla.OPEN_ON_TRACK);
        assertThat(CaseSla.evaluate(resolvedLater, THIRTY_WORKING, LocalDate.parse("2026-03-19"), ROME))
                .isEmpty();
    }

    @Test
    void anUnknownServiceHasNoDeadlineButStillAResolutionTime() {
        SlaResult r = CaseSla.evaluate(
                        kase("2026-03-02T09:00:00Z", "2026-03-06T09:00:00Z", List.of()),
                        null,
                        LocalDate.parse("2026-03-10"),
                        ROME)
                .orElseThrow();
        assertThat(r.slaStatus()).isEqualTo(CaseSla.NO_DEADLINE);
        assertThat(r.dueDate()).isNull();
        assertThat(r.resolutionWorkingDays()).isEqualTo(4);
    }

    @Test
    void localRomeDatesAreUsedNotUtcDates() {
        // 23:30 UTC on 31 March is 01:30 on 1 April in Rome (CEST)
        assertThat(CaseSla.localDate(Instant.parse("2026-03-31T23:30:00Z"))).isEqualTo("2026-04-01");
    }
}
