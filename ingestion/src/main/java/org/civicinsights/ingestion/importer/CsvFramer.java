package org.civicinsights.ingestion.importer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Cuts delimited text into records at the line breaks that are outside quotes, without reading the
 * fields (Apache Commons CSV reads them, record by record). It follows the quotes as Commons CSV's
 * RFC 4180 format does: a quote opens a quoted field only at the start of a field, a doubled quote
 * inside one is a quote, a single one closes it; elsewhere a quote is an ordinary character. A line
 * break inside a quoted field continues the record on the next physical line.
 *
 * <p>Physical lines end with {@code \n}, {@code \r\n} or {@code \r} (as for Commons CSV) and are
 * numbered from 1, the header included. Blank lines between records are skipped. A quote left open
 * does not take the rest of the file: a record stops at {@link #MAX_RECORD_LINES} lines or
 * {@link #MAX_RECORD_CHARS} characters, and {@link #resumeAfterFirstLine} frames its lines again
 * from the second one. At most one record's lines are held: memory does not grow with the file.
 */
final class CsvFramer {
    /** A quoted field may run over at most this many physical lines. */
    static final int MAX_RECORD_LINES = 1_000;
    /** A record may hold at most this many characters (1 MiB); a longer physical line is cut there. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    /** How a frame ended. */
    enum End {
        /** At a line break outside quotes, or at the end of the file outside quotes. */
        RECORD,
        /** The file ended inside a quoted field. */
        QUOTE_OPEN_AT_END_OF_FILE,
        /** A quoted field was still open after {@link #MAX_RECORD_LINES} lines. */
        TOO_MANY_LINES,
        /** The record passed {@link #MAX_RECORD_CHARS} characters. */
        TOO_LONG
    }

    /**
     * One physical line.
     *
     * @param number  1-based line number in the file
     * @param text    the line with its terminator ({@code \n}, {@code \r\n}, {@code \r}, or none on the last line)
     * @param end     where the terminator starts in {@code text}
     * @param cut     the line was longer than {@link #MAX_RECORD_CHARS}: {@code text} holds its start only
     */
    record Line(long number, String text, int end, boolean cut) {
        boolean blank() {
            return end == 0 && !cut;
        }
    }

    /** One record's physical lines, or the lines read before a quote left open was given up. */
    record Frame(List<Line> lines, End end) {
        long firstLine() {
            return lines.get(0).number();
        }

        long lastLine() {
            return lines.get(lines.size() - 1).number();
        }

        /** The lines' text, line breaks included. */
        String text() {
            if (lines.size() == 1) {
                return lines.get(0).text();
            }
            StringBuilder b = new StringBuilder();
            for (Line l : lines) {
                b.append(l.text());
            }
            return b.toString();
        }
    }

    private final Reader in;
    private final char delimiter;
    private final char quote;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private long lineNumber;
    private final Deque<Line> again = new ArrayDeque<>();
    /** A failure to read the file: thrown again by every later read. */
    private IOException failure;

    CsvFramer(Reader in, char delimiter, char quote) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** The next record's lines, or null at the end of the file. */
    Frame next() throws IOException {
        Line first;
        do {
            first = line();
            if (first == null) {
                return null;
            }
        } while (first.blank());
        List<Line> lines = new ArrayList<>(1);
        lines.add(first);
        if (first.cut()) {
            return new Frame(lines, End.TOO_LONG);
        }
        long chars = first.text().length();
        boolean open = openAtEnd(first.text(), first.end(), false, delimiter, quote);
        while (open) {
            if (lines.size() >= MAX_RECORD_LINES) {
                return new Frame(lines, End.TOO_MANY_LINES);
            }
            Line l = line();
            if (l == null) {
                return new Frame(lines, End.QUOTE_OPEN_AT_END_OF_FILE);
            }
            lines.add(l);
            chars += l.text().length();
            if (l.cut() || chars > MAX_RECORD_CHARS) {
                return new Frame(lines, End.TOO_LONG);
            }
            open = openAtEnd(l.text(), l.end(), true, delimiter, quote);
        }
        return new Frame(lines, End.RECORD);
    }

    /** Gives up a frame's first line: the next frame starts at its second line. */
    void resumeAfterFirstLine(Frame frame) {
        giveBack(frame.lines().subList(1, frame.lines().size()));
    }

    /** Lines read but to be framed again: the next frames start with them, in their order. */
    void giveBack(List<Line> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            again.addFirst(lines.get(i));
        }
    }

    /** The number of the last physical line read from the file (0 before the first). */
    long linesRead() {
        return lineNumber;
    }

    /**
     * Whether a quoted field is still open at the end of a line's first {@code end} characters,
     * given whether one was open at its start (else the line starts a record).
     */
    static boolean openAtEnd(String text, int end, boolean open, char delimiter, char quote) {
        int q = text.indexOf(quote);
        if (q < 0 || q >= end) {
            return open;
        }
        boolean quoted = open;
        int i = 0; // inside a quoted field, or at the start of a field
        while (i < end) {
            if (quoted) {
                int close = text.indexOf(quote, i);
                if (close < 0 || close >= end) {
                    return true;
                }
                if (close + 1 < end && text.charAt(close + 1) == quote) { // a doubled quote: still inside
                    i = close + 2;
                    continue;
                }
                quoted = false; // closed: up to the delimiter is outside quotes (Commons CSV allows only spaces)
                i = close + 1;
            } else if (text.charAt(i) == quote) {
                quoted = true;
                i++;
                continue;
            }
            int d = text.indexOf(delimiter, i); // an unquoted field, or what follows a closing quote
            if (d < 0 || d >= end) {
                return false;
            }
            i = d + 1;
        }
        return quoted;
    }

    /** The next physical line: one given back by {@link #resumeAfterFirstLine}, else from the file; null at its end. */
    private Line line() throws IOException {
        if (!again.isEmpty()) {
            return again.pollFirst();
        }
        StringBuilder b = null;
        boolean cut = false;
        while (true) {
            if (pos == len && !fill()) {
                if (b == null) {
                    return null;
                }
                return new Line(++lineNumber, b.toString(), b.length(), cut);
            }
            int start = pos;
            int stop = pos;
            while (stop < len && buf[stop] != '\n' && buf[stop] != '\r') {
                stop++;
            }
            if (stop == len) { // no line break in the buffer: keep what fits under the cap and read on
                if (b == null) {
                    b = new StringBuilder(len - start + 64);
                }
                cut |= append(b, start, stop);
                pos = len;
                continue;
            }
            pos = stop + 1;
            boolean crAtBufferEnd = buf[stop] == '\r' && pos == len; // its \n, if any, is not read yet
            if (buf[stop] == '\r' && pos < len && buf[pos] == '\n') {
                pos++;
            }
            if (b == null && !crAtBufferEnd) {
                return new Line(++lineNumber, new String(buf, start, pos - start), stop - start, false);
            }
            if (b == null) {
                b = new StringBuilder(stop - start + 2);
            }
            cut |= append(b, start, stop);
            int end = b.length();
            b.append(buf, stop, pos - stop);
            if (crAtBufferEnd && fill() && buf[pos] == '\n') {
                b.append('\n');
                pos++;
            }
            return new Line(++lineNumber, b.toString(), end, cut);
        }
    }

    /** Appends buf[start, stop) as far as the cap allows; true when something was left out. */
    private boolean append(StringBuilder b, int start, int stop) {
        int room = MAX_RECORD_CHARS - b.length();
        int n = Math.min(room, stop - start);
        b.append(buf, start, Math.max(n, 0));
        return n < stop - start;
    }

    private boolean fill() throws IOException {
        if (failure != null) {
            throw failure;
        }
        int n;
        try {
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (n < 0) {
            pos = 0;
            len = 0;
            return false;
        }
        pos = 0;
        len = n;
        return true;
    }
}
