package org.civicinsights.batch.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentDefinitionsTest {
    static final String VALID =
            "name: frequent_callers\ndescription: calls a lot\nowner: Contact centre 0606\npredicate: p.contacts_30d >= 5\n";

    @Test
    void theDefaultsAllLoad() {
        List<SegmentDefinitions.Loaded> defaults = SegmentDefinitions.load(null);
        assertThat(defaults)
                .extracting(SegmentDefinitions.Loaded::name)
                .containsExactly(
                        "digital_ready_counter_users",
                        "dissatisfied_last_30_days",
                        "frequent_callers",
                        "waiting_on_overdue_case",
                        "foreign_language_users",
                        "city_users",
                        "inactive_for_a_year");
        assertThat(defaults).allMatch(SegmentDefinitions.Loaded::ok);
    }

    @Test
    void aValidDefinition() {
        SegmentDefinitions.Loaded l = SegmentDefinitions.parse("frequent_callers", VALID, "f.yaml");
        assertThat(l.ok()).isTrue();
        assertThat(l.definition().predicate()).isEqualTo("p.contacts_30d >= 5");
        assertThat(new SegmentDefinition("s", "d", "o", "p.last_contact_at < ${as_of_date} - INTERVAL 1 DAY", "x")
                        .predicateFor(LocalDate.parse("2026-06-30")))
                .isEqualTo("p.last_contact_at < DATE '2026-06-30' - INTERVAL 1 DAY");
    }

    @Test
    void brokenDefinitionsSayWhy() {
        assertThat(SegmentDefinitions.parse("x1", "name: x1\ndescription: d\nowner: o\n", "f")
                        .error())
                .isEqualTo("missing field 'predicate'");
        assertThat(SegmentDefinitions.parse(
                                "x1", "name: x1\ndescription: d\nowner: o\npredicat: true\npredicate: true\n", "f")
                        .error())
                .isEqualTo("unknown field(s) [predicat]; the fields are [description, name, owner, predicate]");
        assertThat(SegmentDefinitions.parse("other", VALID, "f").error())
                .isEqualTo("name 'frequent_callers' differs from its file name other.yaml");
        assertThat(SegmentDefinitions.parse("Bad-Name", VALID.replace("frequent_callers", "Bad-Name"), "f")
                        .error())
                .startsWith("name 'Bad-Name' must be lower case");
        assertThat(SegmentDefinitions.parse("x1", "name: x1\n  - : [\n", "f").error())
                .startsWith("not valid YAML");
        assertThat(SegmentDefinitions.parse("x1", "- a\n- b\n", "f").error()).startsWith("expected a mapping");
        assertThat(SegmentDefinitions.parse("x1", VALID.replace("frequent_callers", "x1") + "owner: again\n", "x1")
                        .error())
                .startsWith("not valid YAML")
                .contains("found duplicate key owner");
        assertThat(SegmentDefinitions.parse(
                                "x1", "name: x1\ndescription: d\nowner: o\npredicate: true; DROP TABLE t\n", "f")
                        .error())
                .contains("no ';'");
        assertThat(SegmentDefinitions.parse("x1", "name: x1\ndescription: d\nowner: o\npredicate: [a, b]\n", "f")
                        .error())
                .isEqualTo("field 'predicate' must be text, not a list or mapping");
    }

    @Test
    void aDirectoryReplacesTheDefaults(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("frequent_callers.yaml"), VALID);
        Files.writeString(dir.resolve("broken.yaml"), "name: broken\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<SegmentDefinitions.Loaded> loaded = SegmentDefinitions.load(dir.toString());
        assertThat(loaded).extracting(SegmentDefinitions.Loaded::name).containsExactly("broken", "frequent_callers");
        assertThat(loaded.get(0).error()).isEqualTo("missing field 'description'");
        assertThatThrownBy(() -> SegmentDefinitions.load(dir.resolve("missing").toString()))
                .hasMessageContaining("is not a directory");
    }
}
