package org.civicinsights.ddl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One ordered SQL migration, named {@code V<version>__<description>.sql}. */
public record Migration(int version, String description, String script, String checksum) {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    public static Migration of(String fileName, String script) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "migration file name '" + fileName + "' must look like V001__what_it_does.sql");
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), script, sha256(script));
    }

    /** The script's statements: comments removed, split on semicolons that end a line. */
    public List<String> statements() {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String code = stripComment(line).stripTrailing();
            if (code.isBlank()) {
                continue;
            }
            if (code.endsWith(";")) {
                current.append(code, 0, code.length() - 1);
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(code).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** Removes a trailing {@code --} comment that is not inside a string literal. */
    static String stripComment(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                inString = !inString;
            } else if (!inString && c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
