package org.civicinsights.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class LocaleIndependenceTest {

    @Test
    void outputDoesNotDependOnTheDefaultLocale() {
        GeneratorSettings s = TestRuns.settings(1_500).build();
        TestRuns.Run reference = TestRuns.run(s);
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG")); // formats digits as Arabic-Indic by default
            assertThat(String.format("%02d", 7))
                    .as("the locale really changes digits")
                    .isNotEqualTo("07");
            TestRuns.Run arabic = TestRuns.run(s);
            assertThat(arabic.sink().values).isEqualTo(reference.sink().values);
        } finally {
            Locale.setDefault(saved);
        }
        assertThat(reference.sink().values)
                .anySatisfy(v -> assertThat(v).containsPattern("\"case_id\":\"RM-2026-\\d{6}\""));
    }
}
