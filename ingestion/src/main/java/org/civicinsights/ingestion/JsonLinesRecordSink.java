package org.civicinsights.ingestion;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes one record value per line to a UTF-8 file (JSON Lines), replacing the file if it exists.
 * Keys are not written: a JSON Lines file holds values only.
 *
 * <p>A value is always written on exactly one line. Line breaks outside JSON strings are only
 * white space and become a space, which keeps the JSON meaning; a raw line break inside a string
 * (already invalid JSON) is written as its escape {@code \n} or {@code \r}. The generator itself
 * never produces a value with a line break.
 */
public final class JsonLinesRecordSink implements RecordSink {
    private final Path file;
    private final Writer out;
    private long lines;
    private boolean closed;

    public JsonLinesRecordSink(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = new BufferedWriter(
                    new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new RecordSinkException("cannot open " + file + " for writing: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(String key, String value) {
        Objects.requireNonNull(value, "value");
        if (closed) {
            throw new IllegalStateException("sink for " + file + " is closed");
        }
        try {
            out.write(singleLine(value));
            out.write('\n');
            lines++;
        } catch (IOException e) {
            throw new RecordSinkException(
                    "cannot write record " + (lines + 1) + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The value with its line breaks removed as described in the class comment. */
    static String singleLine(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length() + 8);
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                if (inString) {
                    b.append(escaped ? "" : "\\").append(c == '\n' ? 'n' : 'r');
                } else {
                    b.append(' ');
                }
                escaped = false;
                continue;
            }
            b.append(c);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            }
        }
        return b.toString();
    }

    @Override
    public void flush() {
        if (closed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new RecordSinkException("cannot flush " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new RecordSinkException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    /** Lines written so far. */
    public long linesWritten() {
        return lines;
    }

    public Path file() {
        return file;
    }
}
