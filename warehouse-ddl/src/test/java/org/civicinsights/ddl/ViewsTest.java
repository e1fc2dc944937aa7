package org.civicinsights.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civicinsights.common.calendar.BusinessCalendar;
import org.junit.jupiter.api.Test;

class ViewsTest {
    @Test
    void everyBundledViewIsACreateOrReplaceInTheReportingSchema() {
        List<Views.View> views = Views.bundled();
        assertThat(views)
                .extracting(Views.View::name)
                .containsExactly(
                        "lake.reporting.interactions",
                        "lake.reporting.cases",
                        "lake.reporting.case_sla",
                        "lake.reporting.sla_period",
                        "lake.reporting.rejected_events",
                        "lake.reporting.data_quality",
                        "lake.reporting.contact_volume",
                        "lake.reporting.contact_resolution",
                        "lake.reporting.contact_languages",
                        "lake.reporting.self_service_deflection",
                        "lake.reporting.satisfaction_week",
                        "lake.reporting.feedback_themes",
                        "lake.reporting.worst_services",
                        "lake.reporting.citizen_story",
                        "lake.reporting.citizen_profile",
                        "lake.reporting.segment_runs",
                        "lake.reporting.segment_membership",
                        "lake.reporting.cluster_summary",
                        "lake.reporting.citizen_cluster",
                        "lake.reporting.outreach_runs",
                        "lake.reporting.outreach_crm_lists",
                        "lake.reporting.outreach_exclusions",
                        "lake.reporting.outreach_changes");
        for (Views.View v : views) {
            assertThat(v.statement())
                    .startsWith("CREATE OR REPLACE VIEW " + v.name())
                    .doesNotContain("--")
                    .doesNotEndWith(";");
        }
    }

    @Test
    void theDashboardsViewsShowEachCodeWithItsItalianLabel() {
        // view -> its code columns; each has <code>_label from lake.ref.code_labels (the batch jobs write them)
        Map<String, List<String>> codes = Map.of(
                "contact_volume",
                List.of("channel"),
                "contact_resolution",
                List.of("channel"),
                "contact_languages",
                List.of("channel", "language"),
                "sla_period",
                List.of("channel"),
                "satisfaction_week",
                List.of("channel"),
                "feedback_themes",
                List.of("channel", "theme"),
                "outreach_runs",
                List.of("campaign"),
                "outreach_exclusions",
                List.of("campaign", "reason"));
        Map<String, String> codeSets = Map.of(
                "channel",
                "channel",
                "language",
                "language",
                "theme",
                "feedback_theme",
                "campaign",
                "campaign",
                "reason",
                "exclusion_reason");
        Map<String, String> statements = new HashMap<>();
        Views.bundled().forEach(v -> statements.put(v.name().substring("lake.reporting.".length()), v.statement()));
        codes.forEach((view, columns) -> {
            for (String code : columns) {
                Matcher m = Pattern.compile("coalesce\\((\\w+)\\.label, \\w+\\." + code + "\\) AS " + code + "_label")
                        .matcher(statements.get(view));
                assertThat(m.find()).as("%s.%s_label", view, code).isTrue();
                String alias = m.group(1);
                String join = "LEFT JOIN lake.ref.code_labels " + alias + " ON " + alias + ".code_set = '"
                        + codeSets.get(code) + "' AND " + alias + ".code = ";
                assertThat(statements.get(view))
                        .as("%s joins the labels of %s", view, code)
                        .contains(join);
            }
        });
    }

    @Test
    void theCalendarFingerprintChangesWithTheRules() {
        var rome = BusinessCalendar.rome();
        var national = BusinessCalendar.national();
        var from = LocalDate.of(2026, 1, 1);
        var to = LocalDate.of(2026, 12, 31);
        assertThat(WarehouseMigrator.fingerprint(rome.days(from, to)))
                .isEqualTo(WarehouseMigrator.fingerprint(rome.days(from, to)))
                .isNotEqualTo(WarehouseMigrator.fingerprint(national.days(from, to)));
    }
}
