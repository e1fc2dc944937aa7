package org.civicinsights.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.civicinsights.common.io.StrictYaml.InvalidYaml;
import org.civicinsights.common.io.StrictYaml.Scalars;
import org.junit.jupiter.api.Test;

class StrictYamlTest {
    @Test
    void typedReadsNumbersAndBooleansButKeepsTimestampsAsText() {
        Map<?, ?> m = (Map<?, ?>) StrictYaml.load("""
                width: 6
                ratio: 0.5
                ascending: true
                since: 2026-01-01
                invalid: 2026-02-30
                at: 2026-01-01 10:00:00
                none: ~
                empty:
                list: [a, 1]
                """, Scalars.TYPED);
        assertThat(typed(m))
                .containsExactly(
                        "width=Integer 6",
                        "ratio=Double 0.5",
                        "ascending=Boolean true",
                        "since=String 2026-01-01",
                        "invalid=String 2026-02-30",
                        "at=String 2026-01-01 10:00:00",
                        "none=null",
                        "empty=null",
                        "list=ArrayList [a, 1]");
    }

    @Test
    void textKeepsEveryScalarAsTextButNull() {
        Map<?, ?> m = (Map<?, ?>) StrictYaml.load("""
                answer: no
                switch: on
                octal: 010
                number: 6
                flag: true
                date: 2026-01-01
                tilde: ~
                word: null
                empty:
                quoted: "null"
                """, Scalars.TEXT);
        assertThat(typed(m))
                .containsExactly(
                        "answer=String no",
                        "switch=String on",
                        "octal=String 010",
                        "number=String 6",
                        "flag=String true",
                        "date=String 2026-01-01",
                        "tilde=null",
                        "word=null",
                        "empty=null",
                        "quoted=String null");
    }

    @Test
    void keysKeepFileOrder() {
        Map<?, ?> m = (Map<?, ?>) StrictYaml.load("z: 1\na: 2\nm: 3\n", Scalars.TYPED);
        assertThat(typed(m)).containsExactly("z=Integer 1", "a=Integer 2", "m=Integer 3");
    }

    @Test
    void duplicateKeysAreRefusedInBothModes() {
        for (Scalars s : Scalars.values()) {
            assertThatThrownBy(() -> StrictYaml.load("a: 1\nb:\n  c: 2\n  c: 3\n", s))
                    .isInstanceOf(InvalidYaml.class)
                    .hasMessageContaining("found duplicate key c");
        }
        InvalidYaml e = assertThrows(InvalidYaml.class, () -> StrictYaml.load("a: 1\nb: 2\na: 3\n", Scalars.TEXT));
        assertThat(e.summary()).isEqualTo("while constructing a mapping: found duplicate key a (line 3, column 1)");
    }

    @Test
    void javaTypesAreRefused() {
        assertThatThrownBy(() -> StrictYaml.load("a: !!java.io.File [/tmp]\n", Scalars.TYPED))
                .isInstanceOf(InvalidYaml.class)
                .hasMessageContaining("tag:yaml.org,2002:java.io.File");
    }

    @Test
    void invalidYamlHasAOneLineSummaryWithItsPlace() {
        InvalidYaml e = assertThrows(InvalidYaml.class, () -> StrictYaml.load("a: [1, 2\nb: 3\n", Scalars.TYPED));
        assertThat(e.getMessage()).contains("line");
        assertThat(e.summary()).isNotBlank().doesNotContain("\n").contains("line 2");
        assertThat(e.getMessage().lines().count()).isGreaterThan(1);
    }

    @Test
    void moreThanOneDocumentIsRefused() {
        assertThatThrownBy(() -> StrictYaml.load("a: 1\n---\nb: 2\n", Scalars.TEXT))
                .isInstanceOf(InvalidYaml.class)
                .hasMessageContaining("expected a single document");
    }

    @Test
    void anEmptyDocumentIsNull() {
        assertThat(StrictYaml.load("", Scalars.TYPED)).isNull();
        assertThat(StrictYaml.load("# only a comment\n", Scalars.TEXT)).isNull();
    }

    /** Each entry as key=Type value, in the map's order. */
    private static List<String> typed(Map<?, ?> m) {
        return m.entrySet().stream()
                .map(e -> e.getKey() + "="
                        + (e.getValue() == null
                                ? "null"
                                : e.getValue().getClass().getSimpleName() + " " + e.getValue()))
                .toList();
    }
}
