package org.civicinsights.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Prints query results as an aligned table, CSV (RFC 4180) or JSON lines. Pure: unit-tested. */
public final class ResultFormatter {
    public enum Format {
        TABLE,
        CSV,
        JSON
    }

    private ResultFormatter() {}

    public static String format(List<String> columns, List<List<String>> rows, Format format) {
        return switch (format) {
            case TABLE -> table(columns, rows);
            case CSV -> csv(columns, rows);
            case JSON -> json(columns, rows);
        };
    }

    static String table(List<String> columns, List<List<String>> rows) {
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], show(r.get(i)).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, columns, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        sb.append(rule).append('\n');
        for (List<String> r : rows) {
            line(sb, r.stream().map(ResultFormatter::show).toList(), width);
        }
        sb.append('(')
                .append(rows.size())
                .append(rows.size() == 1 ? " row)" : " rows)")
                .append('\n');
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < width.length; i++) {
            String c = cells.get(i);
            sb.append(i == 0 ? "" : " | ").append(c).append(" ".repeat(width[i] - c.length()));
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private static String show(String v) {
        return v == null ? "NULL" : v.replace("\n", "\\n");
    }

    static String csv(List<String> columns, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(
                        ",", columns.stream().map(ResultFormatter::csvCell).toList()))
                .append("\r\n");
        for (List<String> r : rows) {
            sb.append(String.join(",", r.stream().map(ResultFormatter::csvCell).toList()))
                    .append("\r\n");
        }
        return sb.toString();
    }

    private static String csvCell(String v) {
        if (v == null) {
            return "";
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    static String json(List<String> columns, List<List<String>> rows) {
        ObjectMapper m = new ObjectMapper();
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            ObjectNode o = m.createObjectNode();
            for (int i = 0; i < columns.size(); i++) {
                o.put(columns.get(i), r.get(i));
            }
            sb.append(o).append('\n');
        }
        return sb.toString();
    }
}
