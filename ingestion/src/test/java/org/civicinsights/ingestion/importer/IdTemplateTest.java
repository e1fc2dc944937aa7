package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdTemplateTest {
    record Rec(Map<String, String> values) implements SourceRecord {
        @Override
        public long row() {
            return 1;
        }

        @Override
        public String get(String column) {
            return values.get(column);
        }

        @Override
        public String malformed() {
            return null;
        }

        @Override
        public String raw(Set<String> redacted) {
            return values.toString();
        }
    }

    @Test
    void placeholdersAreFilled() {
        Rec r = new Rec(Map.of("email", " Mario@Example.org ", "ward", "7", "phone", "+39 (06) 0606.1111"));
        assertThat(IdTemplate.parse("{mapping}-reporter-{id}").fill(r, "42", "sf311"))
                .isEqualTo("sf311-reporter-42");
        assertThat(IdTemplate.parse("w{column:ward}-{id}").fill(r, "42", "m")).isEqualTo("w7-42");
        assertThat(IdTemplate.parse("m-{sha256:email}").fill(r, "42", "m"))
                .isEqualTo("m-" + IdTemplate.sha256("Mario@Example.org"));
        assertThat(IdTemplate.parse("tel-{phone_sha256:phone}").fill(r, "42", "m"))
                .isEqualTo("tel-" + IdTemplate.sha256("+390606061111"));
        assertThat(IdTemplate.parse("x-{column:missing}").fill(r, "42", "m")).isNull();
    }

    @Test
    void sha256IsTheStandardDigestAndPhonesAreNormalised() {
        assertThat(IdTemplate.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(IdTemplate.normalisePhone("0039 06 0606-1111")).isEqualTo("+390606061111");
        assertThat(IdTemplate.normalisePhone("+39 (06) 0606.1111")).isEqualTo("+390606061111");
        assertThat(IdTemplate.normalisePhone("06/0606 1111")).isEqualTo("0606061111");
    }
}
