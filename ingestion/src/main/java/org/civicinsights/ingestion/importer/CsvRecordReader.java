package org.civicinsights.ingestion.importer;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a delimited file: {@link CsvFramer} cuts it into records at the line breaks outside quotes,
 * and Apache Commons CSV (RFC 4180: quoted fields may hold the delimiter, doubled quotes and line
 * breaks) reads the fields of each record. Blank lines are skipped. A one-line record with another
 * number of fields than the header is returned as malformed. The framed records are given one after
 * the other to one Commons CSV parser ({@link Feed}), which returns one record per frame; when it
 * fails on one, it is dropped and a new one reads on.
 *
 * <p>A <em>broken</em> record is given up and reading goes on: a record Commons CSV cannot read (a
 * quote never closed, a character after a closing quote), a record over several lines with another
 * number of fields than the header, a quote still open after {@link CsvFramer#MAX_RECORD_LINES}
 * lines or {@link CsvFramer#MAX_RECORD_CHARS} characters. Its first physical line is left out and
 * framing starts again at the next one; the lines that fail in turn (such as the rest of the broken
 * record's lines) join it, up to the next good record. Each broken stretch of lines is returned as one
 * record whose {@link SourceRecord#broken()} is true, with its line numbers and the reason.
 */
final class CsvRecordReader implements RecordReader {
    /** At most this much of a broken record's text is kept for its raw payload. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    /** Where Commons CSV says it failed: the line among those it was given (written with %,d). */
    private static final Pattern COMMONS_CSV_LINE = Pattern.compile(" at line: ([^ ]+), position: ");

    private final Path file;
    private final Reader reader;
    private final Charset charset;
    private final CSVFormat format;
    private final CsvFramer framer;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private long row;
    /** Commons CSV's parser of the records, its input and its records; null after a broken record, until next(). */
    private CSVParser parser;

    private Feed feed;
    private Iterator<CSVRecord> records;
    /** The broken record being read, until a good record ends it. */
    private Broken broken;
    /** A record read after a broken one, returned by the next call. */
    private SourceRecord pending;
    /** A reading failure met after a broken record, thrown by the next call. */
    private SourceReadException failure;

    CsvRecordReader(Reader reader, Mapping.Format f, Path file) throws IOException {
        this.file = file;
        this.reader = reader;
        this.charset = f.charset();
        this.format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(f.delimiter())
                .setQuote(f.quote())
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
                .get();
        this.framer = new CsvFramer(reader, f.delimiter(), f.quote());
        this.columns = f.header() ? header() : new ArrayList<>(f.columns());
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty: no header line");
        }
        for (int i = 0; i < columns.size(); i++) {
            index.putIfAbsent(columns.get(i).strip(), i); // the first of repeated names wins
        }
    }

    /** The column names of the first record, read by Commons CSV; empty for an empty file. */
    private List<String> header() throws IOException {
        CsvFramer.Frame frame = framer.next();
        if (frame == null) {
            return List.of();
        }
        if (frame.end() != CsvFramer.End.RECORD) {
            throw new IOException("cannot read the header of " + file + ": " + unclosed(frame));
        }
        CSVFormat headerFormat =
                format.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser p = CSVParser.builder()
                .setReader(new StringReader(frame.text()))
                .setFormat(headerFormat)
                .get()) {
            return new ArrayList<>(p.getHeaderNames());
        } catch (UncheckedIOException e) {
            throw new IOException("cannot read the header of " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // e.g. a header naming a column twice, in a mode that refuses it
            throw new IllegalArgumentException("cannot read the header of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void requireColumns(Mapping mapping) {
        List<String> missing =
                mapping.columns().stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new MappingException("mapping " + mapping.name() + " reads column(s) " + missing + " that " + file
                    + " does not have; its columns are " + columns + " (wrong mapping or wrong delimiter?)");
        }
    }

    @Override
    public SourceRecord next() throws SourceReadException {
        if (pending != null) {
            SourceRecord r = pending;
            pending = null;
            return r;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            while (true) {
                if (parser == null) {
                    feed = new Feed();
                    parser = CSVParser.builder()
                            .setReader(feed)
                            .setFormat(format)
                            .get();
                    records = parser.iterator();
                }
                CSVRecord record;
                try {
                    record = records.hasNext() ? records.next() : null;
                } catch (UncheckedIOException | IllegalStateException e) {
                    if (feed.thrown) {
                        throw feed.failure;
                    }
                    Given g = feed.given.pollFirst(); // Commons CSV fails on the first record it has not returned
                    if (g == null) {
                        throw new IOException("Commons CSV failed outside the records it was given", e);
                    }
                    fail(g.frame(), unreadable(e, g));
                    continue;
                }
                if (record == null) { // the end of the file, or a quote left open, or frames Commons CSV skipped
                    Given g = feed.given.pollFirst();
                    CsvFramer.Frame open = feed.unclosed;
                    if (g != null) {
                        fail(g.frame(), framingDiffers(g.frame()));
                    } else if (open != null) {
                        feed.unclosed = null;
                        fail(open, unclosed(open));
                    } else {
                        return endBroken(null, "the file ends there");
                    }
                    continue;
                }
                Given g = feed.given.pollFirst();
                if (g == null || record.getCharacterPosition() != g.start()) { // not expected: see CsvFramer
                    if (g == null) {
                        throw new IOException("Commons CSV read a record it was not given");
                    }
                    fail(g.frame(), framingDiffers(g.frame()));
                    continue;
                }
                CsvFramer.Frame frame = g.frame();
                String[] values = record.values();
                boolean oneLine = frame.lines().size() == 1;
                if (values.length == columns.size() || oneLine && broken == null) {
                    Row r = new Row(++row, values);
                    return broken == null ? r : endBroken(r, "reading resumed at line " + frame.firstLine());
                }
                String why = "lines " + frame.firstLine() + "-" + frame.lastLine() + " read as one record of "
                        + values.length + " field(s), the header has " + columns.size();
                if (oneLine) { // a failing line after a broken record: it joins it, and reading goes on
                    broken.add(frame.lines().get(0));
                } else {
                    fail(frame, why);
                }
            }
        } catch (IOException e) {
            String why = RecordReader.describe(e, charset);
            SourceReadException x = new SourceReadException(
                    row + 1,
                    "CSV unreadable from row " + (row + 1) + " (after line " + framer.linesRead() + "): " + why,
                    e);
            if (broken == null) {
                throw x;
            }
            failure = x;
            return endBroken(null, "reading failed after it");
        }
    }

    /**
     * A framed record is broken: its first line starts (or joins) the broken record, and framing
     * starts again at its second line. Commons CSV's parser is dropped, with the frames given to it
     * after this one: their lines are framed again.
     */
    private void fail(CsvFramer.Frame frame, String why) throws IOException {
        if (broken == null) {
            broken = new Broken(++row, why);
        }
        broken.add(frame.lines().get(0));
        List<CsvFramer.Line> again =
                new ArrayList<>(frame.lines().subList(1, frame.lines().size()));
        for (Given g : feed.given) {
            again.addAll(g.frame().lines());
        }
        if (feed.unclosed != null) {
            again.addAll(feed.unclosed.lines());
        }
        framer.giveBack(again);
        parser.close();
        parser = null;
        feed = null;
        records = null;
    }

    /**
     * Returns the broken record being read, if any, and keeps {@code next} for the next call; else {@code next}.
     *
     * @param after what came after the broken record, in words
     */
    private SourceRecord endBroken(Row next, String after) {
        if (broken == null) {
            return next;
        }
        Broken b = broken;
        broken = null;
        b.after = after;
        pending = next;
        return b;
    }

    /** A frame given to Commons CSV: where its text starts in what the parser read, and how many lines came before. */
    private record Given(CsvFramer.Frame frame, long start, long linesBefore) {}

    /**
     * Gives the framed records, one after the other, to one Commons CSV parser as its input, so that
     * reading a record costs no parser of its own. A frame whose quote stays open is not given: the
     * parser sees the end of its input there, and the frame is kept in {@link #unclosed}.
     */
    private final class Feed extends Reader {
        /** The frames given whose records Commons CSV has not returned yet, in order. */
        final Deque<Given> given = new ArrayDeque<>();

        CsvFramer.Frame unclosed;
        /** Reading the file failed; {@code thrown} once Commons CSV was told. */
        IOException failure;

        boolean thrown;
        private String text = "";
        private int pos;
        private long chars;
        private long lines;
        private boolean ended;

        /** Fills as much of {@code cbuf} as the frames allow (whole frames as Commons CSV asks for a buffer). */
        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = 0;
            while (n < len) {
                if (pos == text.length() && !nextFrame(n)) {
                    break;
                }
                int k = Math.min(len - n, text.length() - pos);
                text.getChars(pos, pos + k, cbuf, off + n);
                pos += k;
                n += k;
            }
            return n == 0 && len > 0 ? -1 : n;
        }

        /**
         * Takes the next frame, false at the end of the file or at a frame whose quote stays open. A
         * reading failure is thrown, or, when {@code given} characters are already in the buffer
         * being filled, kept for the next call.
         */
        private boolean nextFrame(int given) throws IOException {
            if (failure != null) {
                thrown = true;
                throw failure;
            }
            if (ended) {
                return false;
            }
            CsvFramer.Frame f;
            try {
                f = framer.next();
            } catch (IOException e) {
                failure = e;
                if (given == 0) {
                    thrown = true;
                    throw e;
                }
                return false;
            }
            if (f == null || f.end() != CsvFramer.End.RECORD) {
                unclosed = f;
                ended = true;
                return false;
            }
            this.given.addLast(new Given(f, chars, lines));
            text = f.text();
            pos = 0;
            chars += text.length();
            lines += f.lines().size();
            return true;
        }

        @Override
        public void close() {
            // the file's reader is closed by the record reader
        }
    }

    /** Why a frame ended inside a quoted field, in words. */
    private static String unclosed(CsvFramer.Frame frame) {
        long first = frame.firstLine();
        return switch (frame.end()) {
            case QUOTE_OPEN_AT_END_OF_FILE ->
                "a quote opened on line " + first + " is never closed (the file ends first)";
            case TOO_MANY_LINES ->
                "a quote opened on line " + first + " is still open after " + CsvFramer.MAX_RECORD_LINES
                        + " lines (the most a record may span)";
            case TOO_LONG ->
                frame.lines().get(frame.lines().size() - 1).cut()
                        ? "line " + frame.lastLine() + " is longer than " + CsvFramer.MAX_RECORD_CHARS + " characters"
                        : "a quote opened on line " + first + " is still open after " + CsvFramer.MAX_RECORD_CHARS
                                + " characters (the most a record may hold)";
            case RECORD -> "lines " + first + "-" + frame.lastLine() + " are not a CSV record";
        };
    }

    /** A record Commons CSV did not read as the framer cut it (not expected: the framer follows its quotes). */
    private static String framingDiffers(CsvFramer.Frame frame) {
        return "lines " + frame.firstLine() + "-" + frame.lastLine() + " are not one record for Commons CSV";
    }

    /** Commons CSV's complaint about a framed record, in words, with the file's line number. */
    private static String unreadable(Exception e, Given given) {
        CsvFramer.Frame frame = given.frame();
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        Matcher m = COMMONS_CSV_LINE.matcher(message);
        long line = frame.firstLine();
        if (m.find()) { // Commons CSV counts the lines it was given; digits of any script, separators of any locale
            long n = 0;
            for (char c : m.group(1).toCharArray()) {
                n = Character.isDigit(c) ? n * 10 + Character.digit(c, 10) : n;
            }
            line += Math.min(Math.max(n - given.linesBefore(), 1), frame.lines().size()) - 1;
        }
        if (message.startsWith("Invalid character between encapsulated token and delimiter")) {
            return (line > frame.firstLine()
                            ? "a quote opened on line " + frame.firstLine() + " closes on line " + line
                                    + ", where a character follows it"
                            : "on line " + line + " a character follows the closing quote" + " of a field")
                    + " (a quote inside a quoted field must be doubled)";
        }
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "a quote opened on line " + frame.firstLine() + " is never closed";
        }
        return "lines " + frame.firstLine() + "-" + frame.lastLine() + ": " + message;
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        reader.close();
    }

    private final class Row implements SourceRecord {
        private final long row;
        private final String[] values;

        Row(long row, String[] values) {
            this.row = row;
            this.values = values;
        }

        @Override
        public long row() {
            return row;
        }

        @Override
        public String get(String column) {
            Integer i = index.get(column);
            return i == null || i >= values.length ? null : values[i];
        }

        @Override
        public String malformed() {
            if (values.length != columns.size()) {
                return "has " + values.length + " field(s), the header has " + columns.size();
            }
            for (String v : values) {
                if (v != null && v.indexOf(BAD_BYTES) >= 0) {
                    return RecordReader.badBytes(charset);
                }
            }
            return null;
        }

        @Override
        public String raw(Set<String> redacted) {
            Object[] out = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                String column = i < columns.size() ? columns.get(i).strip() : null;
                out[i] = RecordReader.redacted(redacted, column) && values[i] != null && !values[i].isBlank()
                        ? REDACTED
                        : values[i];
            }
            return format.format(out).replace(BAD_BYTES, '\uFFFD');
        }
    }

    /** Lines that could not be read as CSV records, from a broken record's first line to the next good record. */
    private final class Broken implements SourceRecord {
        private final long row;
        private final String why;
        private final StringBuilder text = new StringBuilder();
        private long firstLine;
        private long lastLine;
        private long left;
        private String after;

        Broken(long row, String why) {
            this.row = row;
            this.why = why;
        }

        void add(CsvFramer.Line line) {
            if (firstLine == 0) {
                firstLine = line.number();
            }
            lastLine = line.number();
            String t = line.text();
            int room = Math.max(0, MAX_RAW_CHARS - text.length());
            if (t.length() <= room) {
                text.append(t);
            } else {
                text.append(t, 0, room);
                left += t.length() - room;
            }
        }

        @Override
        public long row() {
            return row;
        }

        @Override
        public String get(String column) {
            return null;
        }

        @Override
        public boolean broken() {
            return true;
        }

        @Override
        public String malformed() {
            return "(lines " + firstLine + "-" + lastLine + ") cannot be read as CSV: " + why + "; " + after;
        }

        /** The lines as they are (without the last line break); {@code <redacted>} when the mapping redacts columns. */
        @Override
        public String raw(Set<String> redacted) {
            if (!redacted.isEmpty()) { // the fields of a broken record are not known: nothing of it is shown
                return REDACTED;
            }
            int end = text.length();
            if (left > 0) {
                return text.substring(0, end).replace(BAD_BYTES, '\uFFFD') + " [... " + left + " more characters]";
            }
            if (end > 0 && text.charAt(end - 1) == '\n') {
                end--;
            }
            if (end > 0 && text.charAt(end - 1) == '\r') {
                end--;
            }
            return text.substring(0, end).replace(BAD_BYTES, '\uFFFD');
        }
    }
}
