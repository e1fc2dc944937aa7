package org.civicinsights.batch.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.civicinsights.batch.privacy.ErasureStatements.Statement;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;
import org.junit.jupiter.api.Test;

class ErasureStatementsTest {
    static final DataRegister REGISTER = DataRegister.bundled();
    static final String KEY = "ab".repeat(32);
    static final PersonKeys KEYS = new PersonKeys(List.of(KEY), List.of("web-o'brien"));
    static final RegisteredTable EVENTS = REGISTER.table("raw.interactions").orElseThrow();

    static List<Statement> of(String table) {
        return ErasureStatements.of(
                REGISTER.table(table).orElseThrow(), "lake." + table, KEYS, EVENTS, "lake.raw.interactions");
    }

    @Test
    void theEventsOfThePersonAreDeletedAndTheirCaseEventsAnonymisedInOneStatement() {
        String person =
                "(citizen_key IN ('" + KEY + "') OR (citizen_key IS NULL AND anonymous_id IN ('web-o\\'brien')))";
        String caseEvent = "coalesce((" + EVENTS.anonymiseWhere() + "), false)";
        Statement st = of("raw.interactions").get(0);
        assertThat(of("raw.interactions")).hasSize(1);
        assertThat(st.sql())
                .startsWith("MERGE INTO lake.raw.interactions USING (SELECT 1 AS one) ON " + person
                        + " WHEN MATCHED AND " + caseEvent
                        + " THEN UPDATE SET citizen_key = NULL, anonymous_id = NULL,")
                .contains("feedback_text = NULL", "lat = NULL", "lon = NULL")
                .endsWith(" WHEN MATCHED THEN DELETE");
        assertThat(st.deleted()).isEqualTo(person + " AND NOT " + caseEvent);
        assertThat(st.anonymised()).isEqualTo(person + " AND " + caseEvent);
    }

    @Test
    void eachActionOfTheRegisterBecomesItsStatement() {
        // a profile may be keyed by an anonymous id: every key is looked for
        assertThat(of("core.citizen_profile"))
                .singleElement()
                .extracting(Statement::sql)
                .isEqualTo("DELETE FROM lake.core.citizen_profile WHERE (citizen_key IN ('" + KEY
                        + "', 'web-o\\'brien'))");
        assertThat(of("core.cases"))
                .singleElement()
                .satisfies(s -> assertThat(s.deleted()).isNull())
                .extracting(Statement::sql)
                .asString()
                .startsWith("UPDATE lake.core.cases SET citizen_key = NULL WHERE");
        assertThat(of("raw.duplicate_events").get(0).sql())
                .startsWith("DELETE FROM lake.raw.duplicate_events WHERE event_id IN (SELECT event_id FROM"
                        + " lake.raw.interactions WHERE ")
                .contains("AND NOT coalesce(");
        assertThat(of("raw.rejected_events").get(0).sql())
                .contains("instr(raw_payload, '" + KEY + "') > 0", "instr(detail, '\"web-o\\'brien\"') > 0");
        assertThat(of("activation.suppression")).isEmpty();
        assertThat(of("mart.sla_period")).isEmpty();
    }

    @Test
    void withoutLinkedAnonymousIdsOnlyTheCitizenKeysAreLookedFor() {
        PersonKeys keys = new PersonKeys(List.of(KEY), List.of());
        assertThat(ErasureStatements.personPredicate(EVENTS, keys)).isEqualTo("(citizen_key IN ('" + KEY + "'))");
        assertThat(keys.scrub("failed: DELETE ... '" + KEY + "'")).isEqualTo("failed: DELETE ... '[person key]'");
    }
}
