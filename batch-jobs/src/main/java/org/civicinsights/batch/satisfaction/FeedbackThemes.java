package org.civicinsights.batch.satisfaction;

import java.io.Serializable;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.civicinsights.common.io.BundledResources;

/**
 * The themes of an Italian feedback comment, from a keyword lexicon ({@code feedback-themes.csv},
 * whose header comment is the format's reference). A comment is normalised (lower case, accents
 * and punctuation removed) and split into words; a keyword matches consecutive words, each whole
 * or as a stem. Serializable: the job ships it to the executors inside its flatMap.
 */
public final class FeedbackThemes implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The theme of a comment that matches no keyword. */
    public static final String OTHER = "altro";

    public static final String RESOURCE = "/feedback-themes.csv";
    /** The themes' Italian labels for the dashboards, beside the lexicon. */
    public static final String LABELS_RESOURCE = "/feedback-theme-labels.csv";

    static final String HEADER = "theme,keyword,polarity";
    static final String LABELS_HEADER = "theme,label";
    /** Words that turn a positive keyword right after them (one or two words) negative. */
    static final Set<String> NEGATIONS = Set.of("non", "nessun", "nessuno", "nessuna", "mai", "senza");

    static final int NEGATION_REACH = 2;

    public enum Tone {
        POSITIVE,
        NEGATIVE,
        NEUTRAL
    }

    /** One lexicon line: its words normalised, a stem ending in '*'. */
    record Keyword(String theme, List<String> words, Tone polarity) implements Serializable {}

    /** A theme a comment mentions, with the comment's tone about it. */
    public record Mention(String theme, Tone tone) implements Serializable {}

    private final List<Keyword> keywords;
    private final List<String> themes;

    private FeedbackThemes(List<Keyword> keywords) {
        this.keywords = List.copyOf(keywords);
        this.themes = keywords.stream().map(Keyword::theme).distinct().toList();
    }

    /** The lexicon shipped in the job jar. */
    public static FeedbackThemes bundled() {
        return parse(BundledResources.text(RESOURCE).lines().toList());
    }

    /** The Italian label of each theme (theme -> label, in file order), shipped beside the lexicon. */
    public static Map<String, String> bundledLabels() {
        return parseLabels(BundledResources.text(LABELS_RESOURCE).lines().toList());
    }

    /** Parses the labels file ({@code theme,label} a line); a malformed or repeated line fails with its line number. */
    static Map<String, String> parseLabels(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (DataLine d : dataLines(lines, LABELS_HEADER, FeedbackThemes::badLabel)) {
            int i = d.index();
            String line = d.text();
            int comma = line.indexOf(',');
            String theme = comma < 0 ? line : line.substring(0, comma).strip();
            String label = comma < 0 ? "" : line.substring(comma + 1).strip();
            if (label.isEmpty()) {
                throw badLabel(i, "expected theme,label");
            }
            if (out.put(theme, label) != null) {
                throw badLabel(i, "theme " + theme + " is labelled twice");
            }
        }
        return out;
    }

    /** Parses a lexicon; a malformed line fails with its line number (a silently skipped keyword would skew the themes). */
    public static FeedbackThemes parse(List<String> lines) {
        List<Keyword> out = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        for (DataLine d : dataLines(lines, HEADER, FeedbackThemes::bad)) {
            int i = d.index();
            String line = d.text();
            String[] f = line.split(",", -1);
            if (f.length < 2 || f.length > 3) {
                throw bad(i, "expected theme,keyword,polarity");
            }
            String theme = f[0].strip();
            if (!theme.matches("[a-z][a-z0-9_]*") || theme.equals(OTHER)) {
                throw bad(i, "theme '" + theme + "' must be lower-case letters, digits and _, and not '" + OTHER + "'");
            }
            List<String> words = keywordWords(f[1]);
            if (words.isEmpty()) {
                throw bad(i, "empty keyword");
            }
            for (String w : words) {
                if (w.endsWith("*") && w.length() < 4) {
                    throw bad(i, "stem '" + w + "' is shorter than 3 letters");
                }
            }
            String p = f.length == 3 ? f[2].strip().toLowerCase(Locale.ROOT) : "";
            Tone polarity = switch (p) {
                case "", "neutral" -> Tone.NEUTRAL;
                case "positive" -> Tone.POSITIVE;
                case "negative" -> Tone.NEGATIVE;
                default -> throw bad(i, "polarity must be positive, negative or neutral, not '" + p + "'");
            };
            if (!seen.add(List.of(theme, words))) {
                throw bad(i, "keyword '" + f[1].strip() + "' is listed twice for theme " + theme);
            }
            out.add(new Keyword(theme, words, polarity));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the lexicon has no keywords");
        }
        return new FeedbackThemes(out);
    }

    /** The themes, in lexicon order ('altro' not included). */
    public List<String> themes() {
        return themes;
    }

    /**
     * The themes a comment mentions, in lexicon order; {@link #OTHER} alone when it matches no
     * keyword; none for a missing or blank comment (no comment, nothing to classify).
     */
    public List<Mention> match(String text) {
        List<String> tokens = text == null ? List.of() : tokens(text);
        if (tokens.isEmpty()) {
            return List.of();
        }
        Map<String, boolean[]> found = new LinkedHashMap<>(); // theme -> {positive, negative}
        for (Keyword k : keywords) {
            for (int i = 0; i + k.words().size() <= tokens.size(); i++) {
                if (matchesAt(k.words(), tokens, i)) {
                    boolean[] t = found.computeIfAbsent(k.theme(), x -> new boolean[2]);
                    Tone tone = k.polarity() == Tone.POSITIVE && negated(tokens, i) ? Tone.NEGATIVE : k.polarity();
                    t[0] |= tone == Tone.POSITIVE;
                    t[1] |= tone == Tone.NEGATIVE;
                }
            }
        }
        if (found.isEmpty()) {
            return List.of(new Mention(OTHER, Tone.NEUTRAL));
        }
        List<Mention> out = new ArrayList<>();
        for (String theme : themes) {
            boolean[] t = found.get(theme);
            if (t != null) {
                out.add(new Mention(theme, t[1] ? Tone.NEGATIVE : t[0] ? Tone.POSITIVE : Tone.NEUTRAL));
            }
        }
        return out;
    }

    /** Lower case, accents and punctuation removed ("È più chiaro!" -> e, piu, chiaro). */
    static List<String> tokens(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        return Arrays.stream(s.split("[^\\p{L}\\p{N}]+"))
                .filter(t -> !t.isEmpty())
                .toList();
    }

    /** A lexicon keyword's words, normalised like comments; a trailing '*' (stem) is kept on its last word. */
    static List<String> keywordWords(String keyword) {
        List<String> out = new ArrayList<>();
        for (String w : keyword.strip().split("\\s+")) {
            boolean stem = w.endsWith("*");
            List<String> parts = tokens(stem ? w.substring(0, w.length() - 1) : w);
            for (int j = 0; j < parts.size(); j++) {
                out.add(parts.get(j) + (stem && j == parts.size() - 1 ? "*" : ""));
            }
        }
        return out;
    }

    private static boolean matchesAt(List<String> words, List<String> tokens, int at) {
        for (int j = 0; j < words.size(); j++) {
            String w = words.get(j);
            String t = tokens.get(at + j);
            if (w.endsWith("*") ? !t.startsWith(w.substring(0, w.length() - 1)) : !t.equals(w)) {
                return false;
            }
        }
        return true;
    }

    private static boolean negated(List<String> tokens, int at) {
        for (int j = Math.max(0, at - NEGATION_REACH); j < at; j++) {
            if (NEGATIONS.contains(tokens.get(j))) {
                return true;
            }
        }
        return false;
    }

    /** A line of a bundled CSV after its header: its 0-based index in the file and its stripped text. */
    private record DataLine(int index, String text) {}

    /**
     * The lines after the header, stripped, without blank lines and # comments; the first such line
     * must be {@code header}, else {@code error} (index, message) says so.
     */
    private static List<DataLine> dataLines(
            List<String> lines, String header, BiFunction<Integer, String, IllegalArgumentException> error) {
        List<DataLine> out = new ArrayList<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.equals(header)) {
                    throw error.apply(i, "the first line must be the header " + header);
                }
                headerSeen = true;
                continue;
            }
            out.add(new DataLine(i, line));
        }
        return out;
    }

    private static IllegalArgumentException bad(int index, String message) {
        return new IllegalArgumentException("feedback lexicon line " + (index + 1) + ": " + message);
    }

    private static IllegalArgumentException badLabel(int index, String message) {
        return new IllegalArgumentException("feedback theme labels line " + (index + 1) + ": " + message);
    }
}
