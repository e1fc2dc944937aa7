package org.civicinsights.common.privacy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A list of citizen keys as a file holds it, one key a line: what {@code civic privacy erase}
 * hands the erase job. Shared so that the writer and the reader agree on one format.
 */
public final class CitizenKeyList {
    /** A citizen key: the hex HMAC-SHA-256 of a fiscal code, lower case. */
    public static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private CitizenKeyList() {}

    /**
     * The distinct keys of {@code text}, in file order; blank lines are ignored. Anything else is an
     * error that names its line number, never its content (it may be a fiscal code in clear).
     */
    public static List<String> parse(String text) {
        Set<String> keys = new LinkedHashSet<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!KEY.matcher(line).matches()) {
                throw new IllegalArgumentException("line " + (i + 1)
                        + " is not a citizen key (64 lower-case hexadecimal characters); its content is not shown");
            }
            keys.add(line);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no citizen key in the list");
        }
        return List.copyOf(keys);
    }

    /** The text of a list: one key a line. */
    public static String format(List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("not a citizen key (64 lower-case hexadecimal characters)");
            }
            sb.append(k).append('\n');
        }
        return sb.toString();
    }
}
