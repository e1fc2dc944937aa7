package org.civicinsights.ingestion.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately separate, minimal RFC 4180 reader (quotes, doubled quotes, line breaks in quoted
 * fields), so that the tests count rows and values independently of the importer's Commons CSV.
 */
final class PlainCsv {
    private PlainCsv() {}

    /** Rows as column name to value, the first record being the header. */
    static List<Map<String, String>> read(Path file, char delimiter) throws IOException {
        List<List<String>> records = records(Files.readString(file, StandardCharsets.UTF_8), delimiter);
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() != header.size()) {
                throw new IllegalStateException("row with " + r.size() + " fields: " + r);
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), r.get(i));
            }
            rows.add(m);
        }
        return rows;
    }

    static List<List<String>> records(String text, char delimiter) {
        List<List<String>> out = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == delimiter) {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || field.length() > 0) {
                    record.add(field.toString());
                    out.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (any || field.length() > 0) {
            record.add(field.toString());
            out.add(record);
        }
        return out;
    }

    /**
     * Where each record of {@link #records} is in the text: {start, end} offsets, end being where its
     * line break starts (or the end of the text).
     */
    static List<int[]> spans(String text) {
        List<int[]> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted; // a doubled quote toggles twice
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (i > start) {
                    out.add(new int[] {start, i});
                }
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(new int[] {start, text.length()});
        }
        return out;
    }
}
