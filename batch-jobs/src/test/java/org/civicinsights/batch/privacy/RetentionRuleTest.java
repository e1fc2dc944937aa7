package org.civicinsights.batch.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.RetentionAction;
import org.junit.jupiter.api.Test;

class RetentionRuleTest {
    static final DataRegister REGISTER = DataRegister.bundled();

    static RetentionRule rule(String table, LocalDate today) {
        return RetentionRule.of(REGISTER.table(table).orElseThrow(), today).orElseThrow();
    }

    @Test
    void theFirstKeptDayIsTheRegistersPeriodBeforeToday() {
        LocalDate today = LocalDate.of(2026, 3, 31);
        assertThat(rule("raw.interactions", today).keptFrom()).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(rule("raw.rejected_events", today).keptFrom()).isEqualTo(LocalDate.of(2025, 12, 31));
        // 13 months before 31 March: February has no 31st, so its last day
        assertThat(rule("core.citizen_profile", today).keptFrom()).isEqualTo(LocalDate.of(2025, 2, 28));
        assertThat(rule("activation.outreach_list", today).keptFrom()).isEqualTo(LocalDate.of(2025, 3, 31));
        assertThat(REGISTER.table("mart.sla_period").flatMap(t -> RetentionRule.of(t, today)))
                .isEmpty();
        assertThat(RetentionRule.of(REGISTER, today))
                .extracting(RetentionRule::table)
                .contains("raw.interactions", "core.cases", "activation.segment_membership")
                .doesNotContain("activation.suppression", "mart.sla_period");
    }

    @Test
    void aTimestampColumnIsComparedWithTheStartOfTheRomeDayAcrossClockChanges() {
        // winter: Rome is UTC+1, so the day starts at 23:00 UTC the day before
        assertThat(rule("raw.interactions", LocalDate.of(2027, 1, 15)).keptFromInstant())
                .isEqualTo(Instant.parse("2025-01-14T23:00:00Z"));
        // summer: UTC+2
        assertThat(rule("raw.interactions", LocalDate.of(2026, 7, 1)).keptFromInstant())
                .isEqualTo(Instant.parse("2024-06-30T22:00:00Z"));
        // the day the clocks go forward (31 March 2024) starts before the change, at UTC+1
        assertThat(rule("raw.interactions", LocalDate.of(2026, 3, 31)).keptFromInstant())
                .isEqualTo(Instant.parse("2024-03-30T23:00:00Z"));
        // the day they go back (27 October 2024) starts at UTC+2; it lasts 25 hours
        RetentionRule autumn = rule("raw.interactions", LocalDate.of(2026, 10, 27));
        assertThat(autumn.keptFromInstant()).isEqualTo(Instant.parse("2024-10-26T22:00:00Z"));
        assertThat(autumn.expired(true)).isEqualTo("`event_time` < TIMESTAMP '2024-10-26T22:00:00Z'");
    }

    @Test
    void aDateColumnIsComparedAsADateAndANullAgeIsNeverExpired() {
        RetentionRule membership = rule("activation.segment_membership", LocalDate.of(2026, 3, 31));
        assertThat(membership.action()).isEqualTo(RetentionAction.DELETE);
        // `valid_to < DATE` is not true for a null valid_to: an open membership stays
        assertThat(membership.expired(false)).isEqualTo("`valid_to` < DATE '2025-02-28'");
    }

    @Test
    void anonymisingTouchesOnlyRowsThatStillNameAPerson() {
        RetentionRule cases = rule("core.cases", LocalDate.of(2026, 3, 31));
        assertThat(cases.action()).isEqualTo(RetentionAction.ANONYMISE);
        assertThat(cases.expired(true))
                .isEqualTo("`last_event_at` < TIMESTAMP '2024-03-30T23:00:00Z' AND (`citizen_key` IS NOT NULL)");
        assertThat(cases.anonymise()).isEqualTo("`citizen_key` = NULL");
        RetentionRule two = new RetentionRule(
                "x.y",
                RetentionAction.ANONYMISE,
                "at",
                List.of("citizen_key", "anonymous_id"),
                LocalDate.of(2026, 1, 1));
        assertThat(two.anonymise()).isEqualTo("`citizen_key` = NULL, `anonymous_id` = NULL");
    }
}
