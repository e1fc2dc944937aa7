package org.civicinsights.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of {@link CitizenPseudonymiser#scrub} on the labelled sample of free text
 * (privacy/free-text-sample.tsv: input, then the expected output with typed masks and
 * {@code pseudonym:*} for each fiscal code, and for each e-mail or phone number in an identifier
 * field of a payload). A masked span counts as found only when the same characters of the input
 * carry the same mask in the expected output.
 */
class FreeTextSampleTest {
    private static final String SAMPLE = "/privacy/free-text-sample.tsv";
    private static final List<String> MASKS =
            List.of(PersonalDataMask.EMAIL, PersonalDataMask.PHONE, PersonalDataMask.IBAN, PersonalDataMask.DOCUMENT);
    private static final Pattern PSEUDONYM = Pattern.compile(CitizenPseudonymiser.TEXT_MARKER + "[0-9a-f]{64}");
    /** A keyed pseudonym in a label: a fiscal code anywhere, an e-mail or phone in an identifier field. */
    private static final String ANY_PSEUDONYM = CitizenPseudonymiser.TEXT_MARKER + "*";

    private static final List<String> LABELS = List.of(
            PersonalDataMask.EMAIL,
            PersonalDataMask.PHONE,
            PersonalDataMask.IBAN,
            PersonalDataMask.DOCUMENT,
            ANY_PSEUDONYM);
    private static final Pattern ANY_MASK = Pattern.compile(
            LABELS.stream().map(Pattern::quote).reduce((a, b) -> a + "|" + b).orElseThrow());

    private final CitizenPseudonymiser pseudonymiser = new CitizenPseudonymiser(CitizenPseudonymiserTest.KEY);

    record Span(int start, int end, String mask) {}

    record Line(String input, String expected) {}

    static List<Line> sample() throws IOException {
        try (InputStream in = FreeTextSampleTest.class.getResourceAsStream(SAMPLE)) {
            String[] rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<Line> lines = new ArrayList<>();
            for (int i = 1; i < rows.length; i++) { // row 0 is the header
                String[] cols = rows[i].split("\t", -1);
                lines.add(new Line(cols[0], cols[1]));
            }
            return lines;
        }
    }

    /**
     * The masked spans of {@code masked}, as positions in {@code base}: the text between masks is
     * literal, so a regex with one lazy group per mask recovers what each mask replaced.
     */
    static List<Span> spans(String base, String masked) {
        StringBuilder regex = new StringBuilder("^");
        List<String> order = new ArrayList<>();
        Matcher m = ANY_MASK.matcher(masked);
        int copied = 0;
        while (m.find()) {
            regex.append(Pattern.quote(masked.substring(copied, m.start()))).append("(.+?)");
            order.add(m.group());
            copied = m.end();
        }
        regex.append(Pattern.quote(masked.substring(copied))).append('$');
        Matcher aligned = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(base);
        assertThat(aligned.matches())
                .as("masked text derives from its input: %s", masked)
                .isTrue();
        List<Span> spans = new ArrayList<>();
        for (int g = 1; g <= order.size(); g++) {
            spans.add(new Span(aligned.start(g), aligned.end(g), order.get(g - 1)));
        }
        return spans;
    }

    @Test
    void scrubMasksTheLabelledSampleWithHighPrecisionAndRecall() throws IOException {
        List<Line> lines = sample();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(200);
        Map<String, int[]> counts = new TreeMap<>(); // label -> {true positives, masked, labelled}
        LABELS.forEach(k -> counts.put(k, new int[3]));
        int exact = 0;
        for (Line line : lines) {
            // a payload kept for replay (a line starting with '{') goes through scrubPayload, as a rejected record does
            String scrubbed = line.input().startsWith("{")
                    ? pseudonymiser.scrubPayload(line.input())
                    : pseudonymiser.scrub(line.input());

            // fiscal codes come first and are never lost to another mask
            int fiscalCodes = count(FiscalCode.SHAPE.matcher(line.input()));
            assertThat(count(PSEUDONYM.matcher(scrubbed))).as(line.input()).isGreaterThanOrEqualTo(fiscalCodes);
            assertThat(CitizenPseudonymiser.containsFiscalCodeShape(scrubbed)).isFalse();

            String actual = PSEUDONYM.matcher(scrubbed).replaceAll(Matcher.quoteReplacement(ANY_PSEUDONYM));
            String base = line.input();
            Set<Span> expected = new HashSet<>(spans(base, line.expected()));
            List<Span> found = spans(base, actual);
            for (Span s : found) {
                counts.get(s.mask())[1]++;
                if (expected.contains(s)) {
                    counts.get(s.mask())[0]++;
                }
            }
            expected.forEach(s -> counts.get(s.mask())[2]++);
            if (actual.equals(line.expected())) {
                exact++;
            } else {
                System.out.println(
                        "MISMATCH  " + line.input() + "\n  expected " + line.expected() + "\n  actual   " + actual);
            }
        }
        int tp = 0;
        int masked = 0;
        int labelled = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            System.out.printf(
                    Locale.ROOT,
                    "%-12s labelled %3d  masked %3d  precision %.3f  recall %.3f%n",
                    e.getKey(),
                    c[2],
                    c[1],
                    ratio(c[0], c[1]),
                    ratio(c[0], c[2]));
            assertThat(c[2]).as("labelled %s", e.getKey()).isGreaterThanOrEqualTo(10);
            assertThat(ratio(c[0], c[1])).as("precision of %s", e.getKey()).isGreaterThanOrEqualTo(0.95);
            assertThat(ratio(c[0], c[2])).as("recall of %s", e.getKey()).isGreaterThanOrEqualTo(0.90);
            if (MASKS.contains(e.getKey())) { // the overall figures are the typed masks'
                tp += c[0];
                masked += c[1];
                labelled += c[2];
            }
        }
        System.out.printf(
                Locale.ROOT,
                "overall      labelled %3d  masked %3d  precision %.3f  recall %.3f  sentences exact %d/%d%n",
                labelled,
                masked,
                ratio(tp, masked),
                ratio(tp, labelled),
                exact,
                lines.size());
        assertThat(ratio(tp, masked)).as("overall precision").isGreaterThanOrEqualTo(0.98);
        assertThat(ratio(tp, labelled)).as("overall recall").isGreaterThanOrEqualTo(0.95);
    }

    private static double ratio(int part, int whole) {
        return whole == 0 ? 1.0 : (double) part / whole;
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
