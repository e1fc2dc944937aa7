package org.civicinsights.batch.outreach;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records one at a time (a quoted field may hold commas, quotes and line breaks, so
 * a record is not a line); records end with LF or CRLF. For {@link Outbox#verify}, which must count
 * the rows of files of any size.
 */
final class CsvRecords {
    private final Reader in;
    private long record;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The next record's fields, or null at the end. */
    List<String> next() throws IOException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        record++;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new IllegalArgumentException("record " + record + " ends inside a quoted field");
                }
                if (c == '"') {
                    c = in.read();
                    if (c != '"') {
                        quoted = false;
                        continue;
                    }
                }
                field.append((char) c);
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\n' || c == '\r' || c < 0) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                if (c == '\r' && in.read() != '\n') {
                    throw new IllegalArgumentException(
                            "record " + record + " has a CR outside quotes not followed by LF");
                }
                if (c != ',') {
                    return fields;
                }
            } else if (wasQuoted) {
                throw new IllegalArgumentException("record " + record + " has text after a closing quote");
            } else {
                field.append((char) c);
            }
            c = in.read();
        }
    }
}
