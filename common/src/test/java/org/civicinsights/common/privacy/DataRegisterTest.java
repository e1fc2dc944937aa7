package org.civicinsights.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.civicinsights.common.privacy.DataRegister.ErasureAction;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;
import org.civicinsights.common.privacy.DataRegister.RetentionAction;
import org.junit.jupiter.api.Test;

class DataRegisterTest {
    @Test
    void theBundledRegisterDeclaresRetentionAndErasureForEveryTableThatHoldsPersons() {
        DataRegister register = DataRegister.bundled();
        RegisteredTable raw = register.table("raw.interactions").orElseThrow();
        assertThat(raw.keptFrom(LocalDate.of(2026, 12, 7))).contains(LocalDate.of(2024, 12, 7));
        assertThat(raw.ageColumn()).isEqualTo("event_time");
        assertThat(raw.personColumns()).containsExactly("citizen_key", "anonymous_id");
        assertThat(register.table("core.cases").orElseThrow().erasure()).isEqualTo(ErasureAction.ANONYMISE);
        assertThat(register.table("activation.suppression").orElseThrow().reachedByErasure())
                .isFalse();
        for (RegisteredTable t : register.tables()) {
            // a table that names a person column is either reached by erasure or says why it is kept
            if (!t.personColumns().isEmpty()) {
                assertThat(t.erasure()).as(t.name()).isNotEqualTo(ErasureAction.NONE);
            }
            if (t.retention().isEmpty() && t.erasure() != ErasureAction.NONE) {
                assertThat(t.whyIndefinite())
                        .as(t.name() + " kept indefinitely")
                        .isNotBlank();
            }
        }
        assertThat(register.topic("civic.interactions.v1")
                        .orElseThrow()
                        .retention()
                        .getDays())
                .isEqualTo(3);
    }

    @Test
    void aTopicsRetentionIsWholeDaysForTheBroker() {
        assertThat(DataRegister.bundled()
                        .topic("civic.interactions.v1")
                        .orElseThrow()
                        .retentionMillis())
                .isEqualTo(3L * 24 * 3600 * 1000);
        assertThatThrownBy(() -> DataRegister.parse("""
                        tables: {}
                        topics:
                          civic.interactions.v1: {personal_data: x, purpose: y, retention: P1M, erasure: none}
                        """))
                .hasMessageContaining("civic.interactions.v1")
                .hasMessageContaining("number of days");
    }

    @Test
    void anEntryWithoutWhatEnforcementNeedsIsRefusedByName() {
        assertThatThrownBy(() -> DataRegister.parse("""
                        tables:
                          core.cases:
                            personal_data: citizen_key
                            purpose: cases
                            retention: P24M
                            age_column: last_event_at
                            retention_action: anonymise
                            erasure: {action: anonymise}
                        topics: {}
                        """)).hasMessageContaining("core.cases needs person_columns");
        assertThatThrownBy(() -> DataRegister.parse("""
                        tables:
                          raw.interactions: {personal_data: x, purpose: y, retention: 24 months, erasure: {action: none}}
                        topics: {}
                        """)).hasMessageContaining("ISO-8601");
        assertThat(DataRegister.parse("""
                        tables:
                          raw.interactions: {personal_data: x, purpose: y, retention: P24M, age_column: event_time, retention_action: delete, person_columns: [citizen_key], erasure: {action: delete}}
                        topics: {}
                        """)
                        .table("raw.interactions")
                        .orElseThrow()
                        .retentionAction())
                .isEqualTo(RetentionAction.DELETE);
    }

    @Test
    void casesEventsOfThePersonAreAnonymisedAndTheRefinementIsCheckedByName() {
        RegisteredTable raw = DataRegister.bundled().table("raw.interactions").orElseThrow();
        assertThat(raw.erasure()).isEqualTo(ErasureAction.DELETE);
        assertThat(raw.anonymiseWhere()).contains("case_");
        assertThat(raw.anonymiseColumns()).containsAll(raw.personColumns()).contains("feedback_text", "lat", "lon");
        assertThat(raw.erasureWhy()).contains("opening");
        assertThatThrownBy(() -> DataRegister.parse("""
                        tables:
                          raw.interactions:
                            personal_data: x
                            purpose: y
                            retention: indefinite
                            why_indefinite: z
                            person_columns: [citizen_key, anonymous_id]
                            erasure: {action: delete, anonymise_where: "a = 1", anonymise_columns: [citizen_key], why: w}
                        topics: {}
                        """))
                .hasMessageContaining("raw.interactions: anonymise_columns must include every person column");
        assertThatThrownBy(() -> DataRegister.parse("""
                        tables:
                          core.cases:
                            personal_data: x
                            purpose: y
                            retention: indefinite
                            person_columns: [citizen_key]
                            erasure: {action: anonymise, anonymise_where: "a = 1", anonymise_columns: [citizen_key]}
                        topics: {}
                        """))
                .hasMessageContaining("core.cases: anonymise_where refines action delete only");
    }

    @Test
    void retentionIsWrittenInWordsForTheDocs() {
        assertThat(DataRegister.describe(java.time.Period.parse("P24M"))).isEqualTo("24 months");
        assertThat(DataRegister.describe(java.time.Period.parse("P1Y6M"))).isEqualTo("1 year 6 months");
        assertThat(DataRegister.describe(java.time.Period.parse("P1D"))).isEqualTo("1 day");
        DataRegister register = DataRegister.bundled();
        assertThat(register.table("raw.rejected_events").orElseThrow().retentionText())
                .isEqualTo("90 days");
        assertThat(register.table("ref.services").orElseThrow().retentionText()).isEqualTo("indefinite");
        assertThat(register.topic("civic.interactions.v1").orElseThrow().retentionText())
                .isEqualTo("3 days");
    }
}
