package org.civicinsights.ingestion.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Streams the records of a source file, one at a time: the file is never held in memory. */
interface RecordReader extends Closeable {

    /** The next record, or null at the end of the file. */
    SourceRecord next() throws SourceReadException;

    /** Fails with a clear message if the file lacks a column the mapping reads (CSV with header only). */
    void requireColumns(Mapping mapping);

    /** Opens the file with the reader for the mapping's format. */
    static RecordReader open(Mapping mapping, Path file) throws IOException {
        Reader reader = reader(file, mapping.format().charset());
        try {
            return switch (mapping.format().type()) {
                case CSV -> new CsvRecordReader(reader, mapping.format(), file);
                case OPEN311_JSON ->
                    new Open311JsonReader(reader, file, mapping.format().charset());
            };
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Marks bytes that are not valid in the mapping's charset. U+FFFF is a noncharacter, never
     * found in text: a record holding it is rejected alone ({@link #badBytes}) and reading goes on.
     */
    char BAD_BYTES = '\uFFFF';

    /** Why a record holding {@link #BAD_BYTES} is malformed. */
    static String badBytes(Charset charset) {
        return "holds bytes that are not valid " + charset.name() + " (is format.charset right?)";
    }

    /** A buffered reader that marks undecodable bytes with {@link #BAD_BYTES} and skips a byte-order mark. */
    private static Reader reader(Path file, Charset charset) throws IOException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(BAD_BYTES));
        BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
        r.mark(1);
        int first = r.read();
        if (first != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    /**
     * Counts the records (a second pass, for progress), a broken CSV record counting as one; stops
     * counting at an unreadable part.
     */
    static long count(Mapping mapping, Path file) throws IOException {
        try (RecordReader r = open(mapping, file)) {
            long n = 0;
            try {
                while (r.next() != null) {
                    n++;
                }
            } catch (SourceReadException e) {
                n++;
            }
            return n;
        }
    }

    /** A reading failure in words: bytes outside the charset, or the parser's message. */
    static String describe(Throwable e, Charset charset) {
        if (e instanceof CharacterCodingException) {
            return "bytes that are not valid " + charset.name() + " (is format.charset right?)";
        }
        if (e instanceof JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Raw-payload helper: is this column redacted? */
    static boolean redacted(Set<String> redacted, String column) {
        return column != null && redacted.contains(column);
    }
}
