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
                "lake.reporting.self_service_deflection", "lake.reporting.satisfaction_week", "lake.reporting.feedback_themes",
                "lake.reporting.worst_services", "lake.reporting.citizen_story", "lake.reporting.citizen_profile",
                "lake.reporting.segment_runs", "lake.reporting.segment_membership", "lake.reporting.cluster_summary",
                "lake.reporting.citizen_cluster", "lake.reporting.outreach_runs", "lake.reporting.outreach_crm_lists",
                "lake.reporting.outreach_exclusions", "lake.reporting.outreach_changes");
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
