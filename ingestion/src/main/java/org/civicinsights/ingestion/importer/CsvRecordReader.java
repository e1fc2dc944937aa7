package org.civicinsights.ingestion.importer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads a delimited file with Apache Commons CSV (RFC 4180: quoted fields may hold the delimiter,
 * doubled quotes and line breaks). Blank lines are skipped. A row with another number of fields
 * than the header is returned as malformed; a quote never closed ends the reading.
 */
final class CsvRecordReader implements RecordReader {
    private final Path file;
    private final java.nio.charset.Charset charset;
    private final CSVFormat format;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private long row;

    CsvRecordReader(Reader reader, Mapping.Format f, Path file) throws IOException {
        this.file = file;
        this.charset = f.charset();
        CSVFormat.Builder b = CSVFormat.RFC4180.builder().setDelimiter(f.delimiter()).setQuote(f.quote())
                .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL);
        if (f.header()) {
            b.setHeader().setSkipHeaderRecord(true);
        } else {
            b.setHeader(f.columns().toArray(String[]::new)).setSkipHeaderRecord(false);
        }
        this.format = b.get();
        try {
            this.parser = CSVParser.builder().setReader(reader).setFormat(format).get();
        } catch (UncheckedIOException e) {
            throw new IOException("cannot read the header of " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) { // e.g. a header naming a column twice, in a mode that refuses it
            throw new IllegalArgumentException("cannot read the header of " + file + ": " + e.getMessage(), e);
        }
        this.columns = new ArrayList<>(parser.getHeaderNames());
        if (columns.isEmpty()) {
            parser.close();
            throw new IllegalArgumentException(file + " is empty: no header line");
        }
        for (int i = 0; i < columns.size(); i++) {
            index.putIfAbsent(columns.get(i).strip(), i); // the first of repeated names wins
        }
        this.records = parser.iterator();
    }

    @Override
    public void requireColumns(Mapping mapping) {
        List<String> missing = mapping.columns().stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new MappingException("mapping " + mapping.name() + " reads column(s) " + missing + " that " + file
                    + " does not have; its columns are " + columns + " (wrong mapping or wrong delimiter?)");
        }
    }

    @Override
    public SourceRecord next() throws SourceReadException {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord r = records.next();
            row++;
            return new Row(row, r.values());
        } catch (UncheckedIOException | IllegalStateException e) {
            row++;
            String why = RecordReader.describe(e.getCause() != null ? e.getCause() : e, charset);
            throw new SourceReadException(row, "CSV unreadable from row " + row + " (after line "
                    + parser.getCurrentLineNumber() + "): " + why, e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
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
                        ? REDACTED : values[i];
            }
            return format.format(out).replace(BAD_BYTES, '\uFFFD');
        }
    }
}
