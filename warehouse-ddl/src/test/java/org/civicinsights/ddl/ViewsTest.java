package org.civicinsights.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {
    @Test
    void everyBundledViewIsACreateOrReplaceInTheReportingSchema() {
        List<Views.View> views = Views.bundled();
        assertThat(views).extracting(Views.View::name).containsExactly("lake.reporting.interactions", "lake.reporting.cases",
                "lake.reporting.case_sla", "lake.reporting.sla_period", "lake.reporting.rejected_events", "lake.reporting.data_quality",
                "lake.reporting.contact_volume", "lake.reporting.contact_resolution", "lake.reporting.contact_languages",
                "lake.reporting.self_service_deflection");
        for (Views.View v : views) {
            assertThat(v.statement()).startsWith("CREATE OR REPLACE VIEW " + v.name()).doesNotContain("--").doesNotEndWith(";");
        }
    }

    @Test
    void theCalendarFingerprintChangesWithTheRules() {
        var rome = org.civicinsights.common.calendar.BusinessCalendar.rome();
        var national = org.civicinsights.common.calendar.BusinessCalendar.national();
        var from = java.time.LocalDate.of(2026, 1, 1);
        var to = java.time.LocalDate.of(2026, 12, 31);
        assertThat(WarehouseMigrator.fingerprint(rome.days(from, to))).isEqualTo(WarehouseMigrator.fingerprint(rome.days(from, to)))
                .isNotEqualTo(WarehouseMigrator.fingerprint(national.days(from, to)));
    }
}
