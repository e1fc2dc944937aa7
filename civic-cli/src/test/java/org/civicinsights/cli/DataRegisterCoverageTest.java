package org.civicinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.civicinsights.cli.stack.KafkaBroker;
import org.civicinsights.cli.stack.StackSettings;
import org.civicinsights.cli.stack.TrinoSecurity;
import org.civicinsights.common.config.CivicConfig;
import org.civicinsights.common.event.ProducerRejection;
import org.civicinsights.common.privacy.DataRegister;
import org.civicinsights.common.privacy.DataRegister.RegisteredTable;
import org.civicinsights.common.privacy.DataRegister.RegisteredTopic;
import org.civicinsights.ddl.Migration;
import org.civicinsights.ddl.Migrations;
import org.civicinsights.ddl.Views;
import org.junit.jupiter.api.Test;

/**
 * The register of personal data (privacy/register.yaml) against what this module sees of the
 * platform: the tables the migrations create, the topics the stack creates, who the Trino rules let
 * read each table (directly or through a reporting view), and the register in docs/privacy.md. The
 * batch jobs' tables are checked in batch-jobs (BatchTablesAreRegisteredTest), the live lake by
 * {@link RegisterCompleteness} in WalkingSkeletonIT.
 */
class DataRegisterCoverageTest {
    private static final DataRegister REGISTER = DataRegister.bundled();
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?i)CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:lake\\.)?([a-z_]+\\.[a-z_]+)");
    private static final Path PRIVACY_DOC = Path.of("..", "docs", "privacy.md");
    /** Who reads every table of the lake: the rules give them all of it. */
    private static final List<String> READ_EVERYTHING = List.of("engineer", "ddl");

    @Test
    void everyTableTheMigrationsCreateIsInTheRegister() {
        Set<String> created = new TreeSet<>();
        for (Migration m : Migrations.bundled()) {
            for (String statement : m.statements()) {
                Matcher t = CREATE_TABLE.matcher(statement);
                while (t.find()) {
                    created.add(t.group(1));
                }
            }
        }
        created.add(org.civicinsights.ddl.WarehouseMigrator.HISTORY_TABLE.replaceFirst("^lake\\.", ""));
        assertThat(created).contains("raw.interactions", "ref.services", "meta.schema_history");
        assertThat(registeredTables()).containsAll(created);
    }

    @Test
    void everyTopicTheStackCreatesOrTheCodeNamesIsInTheRegister() {
        Set<String> topics = new TreeSet<>(KafkaBroker.topics(StackSettings.from(CivicConfig.defaults())).stream()
                .map(KafkaBroker.StackTopic::name)
                .toList());
        CivicConfig defaults = CivicConfig.defaults();
        for (String key :
                List.of(CivicConfig.KAFKA_TOPIC, CivicConfig.KAFKA_REJECTED_TOPIC, CivicConfig.OUTREACH_TOPIC)) {
            topics.add(defaults.get(key));
        }
        topics.add(ProducerRejection.TOPIC);
        assertThat(topics).contains("civic.interactions.v1", "civic.outreach.changes.v1");
        Set<String> registered =
                REGISTER.topics().stream().map(RegisteredTopic::name).collect(Collectors.toSet());
        assertThat(registered).containsAll(topics);
    }

    @Test
    void theRegistersReadersAreWhatTheTrinoRulesAndTheViewsAllow() throws IOException {
        JsonNode rules = new ObjectMapper().readTree(TrinoSecurity.rules());
        Map<String, Set<String>> viewReads = viewsReading();
        Map<String, List<String>> wrong = new TreeMap<>();
        for (RegisteredTable t : REGISTER.tables()) {
            List<String> actual = readers(rules, viewReads, t.name(), t.erasure() != DataRegister.ErasureAction.NONE);
            if (!new TreeSet<>(actual).equals(new TreeSet<>(t.readers()))) {
                wrong.put(t.name(), actual);
            }
        }
        assertThat(wrong)
                .as("tables whose register readers differ from the rules (the rules' readers shown)")
                .isEmpty();
    }

    @Test
    void docsPrivacyHasARowForEveryTableAndTopicWithItsRetentionInWords() throws IOException {
        String doc = Files.readString(PRIVACY_DOC, StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (RegisteredTable t : REGISTER.tables()) {
            checkRow(doc, t.name(), t.retentionText(), missing);
            checkErasureRow(doc, t, missing);
        }
        for (RegisteredTopic t : REGISTER.topics()) {
            checkRow(doc, t.name(), t.retentionText(), missing);
        }
        assertThat(missing).isEmpty();
    }

    /** The register's row of a table or topic: a table line starting with its name in back-quotes. */
    private static void checkRow(String doc, String name, String retention, List<String> missing) {
        List<String> rows = rows(doc, name);
        if (rows.stream().noneMatch(r -> r.contains(retention))) {
            missing.add(name + ": no row of docs/privacy.md starting with `" + name + "` says \"" + retention + "\"");
        }
    }

    /** The erasure list: a row naming the table and its action, in the words of the register. */
    private static void checkErasureRow(String doc, RegisteredTable t, List<String> missing) {
        String action = t.erasure().name().toLowerCase(java.util.Locale.ROOT);
        if (rows(doc, t.name()).stream().noneMatch(r -> r.contains("| " + action + " |"))) {
            missing.add(t.name() + ": no row of docs/privacy.md's erasure list says " + action);
        }
    }

    private static List<String> rows(String doc, String name) {
        String start = "| `" + name + "` |";
        return doc.lines().filter(l -> l.startsWith(start)).toList();
    }

    private static Set<String> registeredTables() {
        return REGISTER.tables().stream().map(RegisteredTable::name).collect(Collectors.toSet());
    }

    /**
     * The readers of a table as the register writes them: engineer and ddl, then each other role
     * that reads it directly ("analyst", "analyst without raw_payload") or else through reporting
     * views: named for a table with personal data ("crm_operator through reporting.citizen_story"),
     * "through reporting views" for the others.
     */
    static List<String> readers(
            JsonNode rules, Map<String, Set<String>> viewReads, String table, boolean personalData) {
        List<String> out = new ArrayList<>();
        for (String role : READ_EVERYTHING) {
            assertThat(grant(rules, role, table)).as("%s reads %s", role, table).isNotNull();
            out.add(role);
        }
        for (String role : List.of("analyst", "manager", "crm_operator")) {
            JsonNode direct = grant(rules, role, table);
            if (direct != null) {
                out.add(role + hidden(direct));
                continue;
            }
            List<String> views = new ArrayList<>();
            for (Map.Entry<String, Set<String>> v : viewReads.entrySet()) {
                JsonNode viaView = grant(rules, role, v.getKey());
                if (v.getValue().contains(table) && viaView != null) {
                    views.add(v.getKey() + hidden(viaView));
                }
            }
            if (!views.isEmpty()) {
                out.add(role + " through " + (personalData ? String.join(" and ", views) : "reporting views"));
            }
        }
        return out;
    }

    /** The first table rule of the role that matches (Trino applies the first), if it grants SELECT. */
    private static JsonNode grant(JsonNode rules, String role, String table) {
        String schema = table.substring(0, table.indexOf('.'));
        String name = table.substring(table.indexOf('.') + 1);
        for (JsonNode rule : rules.path("tables")) {
            if (Pattern.matches(rule.path("group").asText(".*"), role)
                    && Pattern.matches(rule.path("catalog").asText(".*"), "lake")
                    && Pattern.matches(rule.path("schema").asText(".*"), schema)
                    && Pattern.matches(rule.path("table").asText(".*"), name)) {
                return rule.path("privileges").toString().contains("\"SELECT\"") ? rule : null;
            }
        }
        return null;
    }

    private static String hidden(JsonNode rule) {
        List<String> hidden = new ArrayList<>();
        for (JsonNode c : rule.path("columns")) {
            if (!c.path("allow").asBoolean(true)) {
                hidden.add(c.path("name").asText());
            }
        }
        return hidden.isEmpty() ? "" : " without " + String.join(", ", hidden);
    }

    /** Each reporting view and the tables it reads, through the views it reads too. */
    static Map<String, Set<String>> viewsReading() {
        Pattern reference = Pattern.compile(
                "\\blake\\.([a-z_]+\\.[a-z_]+)|\\b((?:raw|ref|core|mart|activation|meta|reporting)\\.[a-z_]+)\\b");
        Map<String, Set<String>> direct = new LinkedHashMap<>();
        for (Views.View v : Views.bundled()) {
            String name = v.name().replaceFirst("^lake\\.", "");
            String body = v.statement()
                    .substring(v.statement().toUpperCase(java.util.Locale.ROOT).indexOf(" AS") + 3);
            Set<String> reads = new TreeSet<>();
            Matcher m = reference.matcher(body);
            while (m.find()) {
                reads.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            reads.remove(name);
            direct.put(name, reads);
        }
        Map<String, Set<String>> closed = new TreeMap<>();
        for (String view : direct.keySet()) {
            Set<String> tables = new TreeSet<>();
            List<String> todo = new ArrayList<>(direct.get(view));
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (direct.containsKey(next)) {
                    todo.addAll(direct.get(next));
                } else {
                    tables.add(next);
                }
            }
            closed.put(view, tables);
        }
        return closed;
    }
}
