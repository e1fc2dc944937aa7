package org.civicinsights.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.civicinsights.batch.outreach.ExclusionReason;
import org.civicinsights.batch.satisfaction.FeedbackThemes;
import org.civicinsights.common.event.Channel;
import org.junit.jupiter.api.Test;

/** Every code the dashboards show has its Italian label: a new code without one fails here. */
class CodeLabelsTest {
    static final Map<String, Map<String, String>> SETS = CodeLabels.bundled();

    @Test
    void everyChannelAndUnknownHasAnItalianLabel() {
        Map<String, String> channels = SETS.get(CodeLabels.CHANNEL);
        List<String> codes =
                Arrays.stream(Channel.values()).map(Channel::wireName).toList();
        assertThat(channels).containsOnlyKeys(concat(codes, CodeLabels.UNKNOWN));
        assertLabels(channels);
        assertThat(channels).containsEntry("front_office", "Sportello").containsEntry("unknown", "Non indicato");
    }

    @Test
    void everyExclusionReasonHasAnItalianLabel() {
        Map<String, String> reasons = SETS.get(CodeLabels.EXCLUSION_REASON);
        assertThat(reasons)
                .containsOnlyKeys(Arrays.stream(ExclusionReason.values())
                        .map(ExclusionReason::wire)
                        .toList());
        assertLabels(reasons);
        assertThat(reasons)
                .containsEntry("no_consent", "Senza consenso")
                .containsEntry("taken_by_higher_priority", "In una campagna prioritaria");
    }

    @Test
    void everyFeedbackThemeAndAltroHasAnItalianLabel() {
        Map<String, String> themes = SETS.get(CodeLabels.FEEDBACK_THEME);
        assertThat(themes).containsOnlyKeys(concat(FeedbackThemes.bundled().themes(), FeedbackThemes.OTHER));
        assertLabels(themes);
    }

    @Test
    void languagesHaveTheirItalianNames() {
        Map<String, String> languages = SETS.get(CodeLabels.LANGUAGE);
        // the generator's languages among them
        assertThat(languages)
                .containsEntry("it", "Italiano")
                .containsEntry("en", "Inglese")
                .containsEntry("ro", "Rumeno")
                .containsEntry("zh", "Cinese")
                .containsEntry("unknown", "Non indicata");
        for (String code : List.of("tl", "bn", "uk", "es", "ar", "pl", "hi", "si", "fr", "de")) {
            assertThat(languages).containsKey(code);
        }
        assertLabels(languages);
    }

    @Test
    void theBundledSetsAreTheFourFixedOnes() {
        // campaigns are written by the outreach job from the definitions it runs (their titles)
        assertThat(SETS)
                .containsOnlyKeys(
                        CodeLabels.CHANNEL,
                        CodeLabels.LANGUAGE,
                        CodeLabels.EXCLUSION_REASON,
                        CodeLabels.FEEDBACK_THEME);
    }

    private static void assertLabels(Map<String, String> labels) {
        labels.forEach((code, label) -> assertThat(label)
                .as("label of %s", code)
                .isNotBlank()
                .isNotEqualTo(code)
                .doesNotContain("_")
                .matches("\\p{Lu}.*"));
    }

    private static List<String> concat(List<String> codes, String extra) {
        List<String> out = new ArrayList<>(codes);
        out.add(extra);
        return out;
    }
}
