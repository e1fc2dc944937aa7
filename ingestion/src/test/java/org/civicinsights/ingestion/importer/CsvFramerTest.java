package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The framer alone: physical lines, quotes, line breaks, caps, and agreement with Commons CSV. */
class CsvFramerTest {
    static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    /** Frames as "first-last END text" strings. */
    static List<String> frames(String text, int chunk) throws IOException {
        CsvFramer f = new CsvFramer(chunked(text, chunk), ',', '"');
        List<String> out = new ArrayList<>();
        for (CsvFramer.Frame fr = f.next(); fr != null; fr = f.next()) {
            out.add(fr.firstLine() + "-" + fr.lastLine() + " " + fr.end() + " " + fr.text());
        }
        return out;
    }

    /** A reader that gives at most {@code chunk} characters per read, to cross the framer's buffer often. */
    static Reader chunked(String text, int chunk) {
        StringReader in = new StringReader(text);
        return new Reader() {
            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                return in.read(cbuf, off, Math.min(len, chunk));
            }

            @Override
            public void close() {
                in.close();
            }
        };
    }

    @Test
    void quotesAreFollowedAsCommonsCsvDoes() {
        assertThat(CsvFramer.openAtEnd("a,b,c", 5, false, ',', '"')).isFalse();
        assertThat(CsvFramer.openAtEnd("a,\"b", 4, false, ',', '"'))
                .as("a quoted field left open")
                .isTrue();
        assertThat(CsvFramer.openAtEnd("a,\"b\"\"c", 7, false, ',', '"'))
                .as("a doubled quote keeps it open")
                .isTrue();
        assertThat(CsvFramer.openAtEnd("a,\"b\"\"c\",d", 10, false, ',', '"')).isFalse();
        assertThat(CsvFramer.openAtEnd("a,b\"c,d", 7, false, ',', '"'))
                .as("a quote in an unquoted field")
                .isFalse();
        assertThat(CsvFramer.openAtEnd("x\",d", 4, true, ',', '"'))
                .as("a line that closes the field")
                .isFalse();
        assertThat(CsvFramer.openAtEnd("no quote here", 13, true, ',', '"'))
                .as("still inside")
                .isTrue();
        assertThat(CsvFramer.openAtEnd("\"abc\"x,\"d", 9, false, ',', '"'))
                .as("after a character following a" + " closing quote, the next field opens")
                .isTrue();
        assertThat(CsvFramer.openAtEnd("'a;b';'c", 8, false, ';', '\''))
                .as("another delimiter and quote")
                .isTrue();
        assertThat(CsvFramer.openAtEnd("a,\"b", 2, false, ',', '"'))
                .as("only the first characters count")
                .isFalse();
    }

    @Test
    void recordsEndAtLineBreaksOutsideQuotesWhateverTheLineEnds() throws IOException {
        String text = "h1,h2\n1,\"a\nb\"\r\n\n2,\"c\r\n\rd\"\r3,x";
        for (int chunk : new int[] {1, 2, 3, 7, 1 << 16}) {
            assertThat(frames(text, chunk))
                    .as("read %d characters at a time", chunk)
                    .containsExactly(
                            "1-1 RECORD h1,h2\n",
                            "2-3 RECORD 1,\"a\nb\"\r\n",
                            // line 4 is blank: skipped
                            "5-7 RECORD 2,\"c\r\n\rd\"\r",
                            "8-8 RECORD 3,x");
        }
    }

    @Test
    void aQuoteLeftOpenEndsAtTheEndOfTheFileOrAtTheCapAndResumesAtTheNextLine() throws IOException {
        CsvFramer f = new CsvFramer(new StringReader("1,\"a\n2,b\n3,c"), ',', '"');
        CsvFramer.Frame open = f.next();
        assertThat(open.end()).isEqualTo(CsvFramer.End.QUOTE_OPEN_AT_END_OF_FILE);
        assertThat(open.firstLine()).isEqualTo(1);
        assertThat(open.lastLine()).isEqualTo(3);
        f.resumeAfterFirstLine(open);
        assertThat(f.next().text()).isEqualTo("2,b\n");
        assertThat(f.next().text()).isEqualTo("3,c");
        assertThat(f.next()).isNull();

        StringBuilder many = new StringBuilder("1,\"a\n");
        for (int i = 2; i <= 1500; i++) {
            many.append(i).append(",b\n");
        }
        f = new CsvFramer(new StringReader(many.toString()), ',', '"');
        open = f.next();
        assertThat(open.end()).isEqualTo(CsvFramer.End.TOO_MANY_LINES);
        assertThat(open.lines()).hasSize(CsvFramer.MAX_RECORD_LINES);
        f.resumeAfterFirstLine(open);
        for (int i = 2; i <= 1500; i++) {
            CsvFramer.Frame fr = f.next();
            assertThat(fr.firstLine()).isEqualTo(i);
            assertThat(fr.text()).isEqualTo(i + ",b\n");
        }
        assertThat(f.next()).isNull();
        assertThat(f.linesRead()).isEqualTo(1500);
    }

    @Test
    void aRecordStopsAtTheCharacterCapAndALongerLineIsCut() throws IOException {
        String longField = "x".repeat(CsvFramer.MAX_RECORD_CHARS / 4);
        StringBuilder text = new StringBuilder("1,\"a\n");
        for (int i = 0; i < 5; i++) {
            text.append(longField).append('\n');
        }
        text.append("2,b\n").append("y".repeat(CsvFramer.MAX_RECORD_CHARS + 10)).append("\r\n3,c\n");
        CsvFramer f = new CsvFramer(new StringReader(text.toString()), ',', '"');
        CsvFramer.Frame open = f.next();
        assertThat(open.end()).isEqualTo(CsvFramer.End.TOO_LONG);
        assertThat(open.lines()).hasSize(5); // the quote is still open after 1 MiB: given up at line 5
        f.resumeAfterFirstLine(open);
        for (int i = 2; i <= 6; i++) {
            assertThat(f.next().firstLine()).isEqualTo(i);
        }
        assertThat(f.next().text()).isEqualTo("2,b\n");
        CsvFramer.Frame cut = f.next();
        assertThat(cut.end()).isEqualTo(CsvFramer.End.TOO_LONG);
        assertThat(cut.lines()).singleElement().satisfies(l -> {
            assertThat(l.cut()).isTrue();
            assertThat(l.number()).isEqualTo(8);
            assertThat(l.end()).isEqualTo(CsvFramer.MAX_RECORD_CHARS);
            assertThat(l.text()).endsWith("y\r\n");
        });
        assertThat(f.next().text()).isEqualTo("3,c\n");
        assertThat(f.next()).isNull();
    }

    /**
     * On text Commons CSV reads without error, the framed records read one by one give exactly its
     * records: framing changes nothing for files that could be read before. Random texts of quotes,
     * delimiters, line breaks of all kinds and spaces.
     */
    @Test
    void onReadableTextTheFramedRecordsAreCommonsCsvsRecords() throws IOException {
        Random random = new Random(14);
        char[] alphabet = {'a', 'b', ',', ',', '"', '"', '"', '\n', '\n', '\r', ' '};
        int readable = 0;
        for (int n = 0; n < 5_000; n++) {
            char[] c = new char[1 + random.nextInt(40)];
            for (int i = 0; i < c.length; i++) {
                c[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String text = new String(c);
            List<List<String>> whole;
            try {
                whole = records(text);
            } catch (UncheckedIOException | IllegalStateException e) {
                continue; // Commons CSV cannot read it: nothing to compare
            }
            readable++;
            List<List<String>> framed = new ArrayList<>();
            CsvFramer f = new CsvFramer(chunked(text, 1 + random.nextInt(5)), ',', '"');
            for (CsvFramer.Frame fr = f.next(); fr != null; fr = f.next()) {
                List<List<String>> one = fr.end() == CsvFramer.End.RECORD ? records(fr.text()) : List.of();
                if (one.size() != 1) {
                    assertThat(one)
                            .as("frame %s (%s) of %s", fr.text(), fr.end(), text)
                            .hasSize(1);
                }
                framed.addAll(one);
            }
            if (!framed.equals(whole)) {
                assertThat(framed).as(text).isEqualTo(whole);
            }
        }
        assertThat(readable).isGreaterThan(1_000);
    }

    static List<List<String>> records(String text) {
        try (CSVParser p = CSVParser.builder()
                .setReader(new StringReader(text))
                .setFormat(FORMAT)
                .get()) {
            List<List<String>> out = new ArrayList<>();
            for (CSVRecord r : p) {
                out.add(Arrays.asList(r.values()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
