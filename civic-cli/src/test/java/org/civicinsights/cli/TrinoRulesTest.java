package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.civicinsights.cli.stack.TrinoSecurity;
import org.civicinsights.dashboards.DashboardSources;
import org.civicinsights.ddl.Views;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules against what the code reads. Whether Trino enforces them as meant is checked
 * against a real Trino (TrinoAccessChecks); here: the table patterns name what the dashboards, the
 * story and the views are, so a new view or dataset cannot silently fall outside a role.
 */
class TrinoRulesTest {
    private static final JsonNode RULES = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(TrinoSecurity.rules());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reporting views a group's table rules name. */
    private static Set<String> reportingViews(String group) {
        List<Pattern> patterns = new ArrayList<>();
        for (JsonNode rule : RULES.path("tables")) {
            if (Pattern.matches(rule.path("group").asText(".*"), group)
                    && Pattern.matches(rule.path("schema").asText(".*"), "reporting")
                    && !rule.path("privileges").isEmpty()) {
                patterns.add(Pattern.compile(rule.path("table").asText(".*")));
            }
        }
        return Views.bundled().stream()
                .map(v -> v.name().substring(v.name().lastIndexOf('.') + 1))
                .filter(name -> patterns.stream().anyMatch(p -> p.matcher(name).matches()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theManagerReadsExactlyTheViewsOfTheDashboards() {
        assertThat(reportingViews("manager"))
                .containsExactlyInAnyOrderElementsOf(
                        DashboardSources.bundled().datasets().keySet());
    }

    @Test
    void theCrmOperatorReadsWhatTheStoryReads() {
        Set<String> crm = reportingViews("crm_operator");
        for (String table : List.of(StoryCommand.VIEW, StoryCommand.PROFILE_TABLE, StoryCommand.SEGMENT_TABLE)) {
            assertThat(table).startsWith("reporting.");
            assertThat(crm).contains(table.substring("reporting.".length()));
        }
    }

    @Test
    void theAnalystReadsNoPersonLevelActivationView() {
        Set<String> analyst = reportingViews("analyst");
        assertThat(analyst)
                .contains("interactions", "rejected_events", "sla_period")
                .doesNotContain(
                        "citizen_story",
                        "citizen_profile",
                        "citizen_cluster",
                        "segment_membership",
                        "outreach_crm_lists",
                        "outreach_exclusions",
                        "outreach_changes");
        for (JsonNode rule : RULES.path("tables")) {
            if (Pattern.matches(rule.path("group").asText(".*"), "analyst")) {
                assertThat(Pattern.matches(rule.path("schema").asText(".*"), "activation"))
                        .as("an analyst rule reaches activation: %s", rule)
                        .isFalse();
            }
        }
    }

    @Test
    void everyViewIsReadBySomeoneBesidesTheEngineer() {
        Set<String> read = new TreeSet<>();
        for (String group : List.of("analyst", "manager", "crm_operator")) {
            read.addAll(reportingViews(group));
        }
        assertThat(read).hasSize(Views.bundled().size());
    }

    @Test
    void theAnalystsRuleForRejectedRecordsHidesThePayloadAndComesFirst() {
        JsonNode first = null;
        for (JsonNode rule : RULES.path("tables")) {
            if (Pattern.matches(rule.path("group").asText(".*"), "analyst")
                    && Pattern.matches(rule.path("schema").asText(".*"), "raw")
                    && Pattern.matches(rule.path("table").asText(".*"), "rejected_events")) {
                first = rule;
                break; // Trino applies the first rule that matches
            }
        }
        assertThat(first).isNotNull();
        assertThat(first.path("columns").toString()).contains("\"raw_payload\"").contains("\"allow\":false");
    }

    @Test
    void theDdlUserMayGrantWhatItsViewsRead() {
        // a definer view's owner needs GRANT_SELECT on every table under it (Trino's ViewAccessControl)
        for (String schema : List.of("raw", "ref", "meta", "core", "mart", "activation")) {
            JsonNode rule = null;
            for (JsonNode r : RULES.path("tables")) {
                if (Pattern.matches(r.path("group").asText(".*"), "ddl")
                        && Pattern.matches(r.path("schema").asText(".*"), schema)
                        && Pattern.matches(r.path("table").asText(".*"), "any_table")) {
                    rule = r;
                    break;
                }
            }
            assertThat(rule).as("ddl rule for %s", schema).isNotNull();
            assertThat(rule.path("privileges").toString()).as(schema).contains("GRANT_SELECT");
        }
    }
}
