package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV reader on broken records: what is rejected, with which lines, and that reading goes on. */
class CsvRecordReaderTest {
    static final String HEADER = ImporterTest.HEADER;

    @TempDir
    Path dir;

    static String good(int id) {
        return id + ";2026-02-02 09:00;;;aperta;app;;;;\n";
    }

    /** Every record of the file as "row N id=..." or "row N broken (lines...) ...", read as the importer reads it. */
    List<String> read(String mappingYaml, String csv) throws IOException {
        return read(Mappings.parse(mappingYaml, "town", "town.yaml", ServiceCatalogue.bundled()), csv);
    }

    List<String> read(Mapping m, String csv) throws IOException {
        Path file = dir.resolve("in.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        try (RecordReader r = RecordReader.open(m, file)) {
            for (SourceRecord s = next(r); s != null; s = next(r)) {
                out.add(describe(s, m.redact()));
            }
        }
        assertThat(RecordReader.count(m, file))
                .as("the counting pass counts the same records")
                .isEqualTo(out.size());
        return out;
    }

    List<String> read(String csv) throws IOException {
        return read(ImporterTest.MAPPING, csv);
    }

    static SourceRecord next(RecordReader r) {
        try {
            return r.next();
        } catch (SourceReadException e) {
            throw new AssertionError("reading stopped", e);
        }
    }

    static String describe(SourceRecord s, Set<String> redact) {
        if (s.broken()) {
            assertThat(s.get("id")).isNull();
            return "row " + s.row() + " broken " + s.malformed() + " | " + s.raw(redact);
        }
        return "row " + s.row() + " id=" + s.get("id") + (s.malformed() == null ? "" : " malformed: " + s.malformed());
    }

    static String neverClosed(int row, int line, String resumed) {
        return "row " + row + " broken (lines " + line + "-" + line + ") cannot be read as CSV: a quote opened on line "
                + line + " is never closed (the file ends first); " + resumed;
    }

    @Test
    void aQuoteNeverClosedInTheFirstRecordLosesThatRecordOnly() throws IOException {
        assertThat(read(HEADER + "1;\"2026-02-02 09:00;;;aperta;app;;;;\n" + good(2) + good(3)))
                .containsExactly(
                        neverClosed(1, 2, "reading resumed at line 3") + " | 1;\"2026-02-02 09:00;;;aperta;app;;;;",
                        "row 2 id=2",
                        "row 3 id=3");
    }

    @Test
    void aQuoteNeverClosedInTheMiddle() throws IOException {
        assertThat(read(HEADER + good(1) + "2;2026-02-02 09:00;;;aperta;\"app;;;;\n" + good(3) + good(4)))
                .containsExactly(
                        "row 1 id=1",
                        neverClosed(2, 3, "reading resumed at line 4") + " | 2;2026-02-02 09:00;;;aperta;\"app;;;;",
                        "row 3 id=3",
                        "row 4 id=4");
    }

    @Test
    void aQuoteNeverClosedOnTheLastLine() throws IOException {
        String last = "3;2026-02-02 09:00;;;aperta;\"app;;;;";
        List<String> expected =
                List.of("row 1 id=1", "row 2 id=2", neverClosed(3, 4, "the file ends there") + " | " + last);
        assertThat(read(HEADER + good(1) + good(2) + last + "\n")).isEqualTo(expected);
        assertThat(read(HEADER + good(1) + good(2) + last))
                .as("without a final line break")
                .isEqualTo(expected);
    }

    @Test
    void aCharacterAfterAClosingQuote() throws IOException {
        assertThat(read(HEADER + good(1) + "2;\"2026-02-02 09:00\"x;;;aperta;app;;;;\n" + good(3)))
                .containsExactly(
                        "row 1 id=1",
                        "row 2 broken (lines 3-3) cannot be read as CSV: on line 3 a character follows the closing quote of a"
                                + " field (a quote inside a quoted field must be doubled); reading resumed at line 4"
                                + " | 2;\"2026-02-02 09:00\"x;;;aperta;app;;;;",
                        "row 3 id=3");
    }

    @Test
    void goodRecordsOverSeveralLinesAreReadAsBefore() throws IOException {
        String csv = HEADER + "1;2026-02-02 09:00;;;aperta;app;\"via\nRoma; 1\";;;\n"
                + "2;2026-02-02 09:00;;;aperta;app;\"say \"\"hi\"\"\n\nthere\";;;\n" + good(3);
        assertThat(read(csv)).containsExactly("row 1 id=1", "row 2 id=2", "row 3 id=3");
        Mapping m = Mappings.parse(ImporterTest.MAPPING, "town", "town.yaml", ServiceCatalogue.bundled());
        Path file = dir.resolve("multi.csv");
        Files.writeString(file, csv);
        try (RecordReader r = RecordReader.open(m, file)) {
            assertThat(next(r).get("category")).isEqualTo("via\nRoma; 1");
            SourceRecord second = next(r);
            assertThat(second.get("category")).isEqualTo("say \"hi\"\n\nthere");
            assertThat(second.raw(Set.of()))
                    .isEqualTo("2;2026-02-02 09:00;;;aperta;app;\"say \"\"hi\"\"\n\nthere\";;;");
        }
    }

    @Test
    void windowsLineEndsAreKeptInFieldsAndLeftOutOfBrokenRecords() throws IOException {
        String csv = (HEADER + good(1) + "2;2026-02-02 09:00;;;aperta;\"app;;;;\n" + good(3)).replace("\n", "\r\n")
                + "4;2026-02-02 09:00;;;aperta;app;\"a\r\nb\";;;\r\n";
        assertThat(read(csv))
                .containsExactly(
                        "row 1 id=1",
                        "row 2 broken (lines 3-3) cannot be read as CSV: a quote opened on line 3 closes on line 5, where a"
                                + " character follows it (a quote inside a quoted field must be doubled); reading resumed at"
                                + " line 4 | 2;2026-02-02 09:00;;;aperta;\"app;;;;",
                        "row 3 id=3",
                        "row 4 id=4");
    }

    @Test
    void aFileWithoutHeaderCountsLinesFromItsFirst() throws IOException {
        String mapping = ImporterTest.MAPPING.replace(
                "  delimiter: \";\"",
                "  delimiter: \";\"\n  header: false\n"
                        + "  columns: [id, opened, closed, updated, status, source, category, mun, lat, lon]");
        assertThat(read(mapping, "1;\"2026-02-02 09:00\"x;;;aperta;app;;;;\n" + good(2)))
                .containsExactly(
                        "row 1 broken (lines 1-1) cannot be read as CSV: on line 1 a character follows the closing quote of a"
                                + " field (a quote inside a quoted field must be doubled); reading resumed at line 2"
                                + " | 1;\"2026-02-02 09:00\"x;;;aperta;app;;;;",
                        "row 2 id=2");
    }

    @Test
    void aBrokenRecordFollowedByAnotherIsOneBrokenStretch() throws IOException {
        // line 3 opens a quote that line 4 closes before a character; line 4 alone leaves one open
        assertThat(read(HEADER + good(1) + "2;\"a;;;aperta;app;;;;\n3;\"b;;;aperta;app;;;;\n" + good(4)))
                .containsExactly(
                        "row 1 id=1",
                        "row 2 broken (lines 3-4) cannot be read as CSV: a quote opened on line 3 closes on line 4,"
                                + " where a character follows it (a quote inside a quoted field must be doubled);"
                                + " reading resumed at line 5 | 2;\"a;;;aperta;app;;;;\n3;\"b;;;aperta;app;;;;",
                        "row 3 id=4");
    }

    @Test
    void lineNumbersDoNotDependOnTheDefaultLocale() throws IOException {
        String csv = HEADER + good(1) + "2;\"a;;;aperta;app;;;;\n3;\"b;;;aperta;app;;;;\n" + good(4);
        List<String> reference = read(csv);
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG")); // Commons CSV writes its line numbers with %,d
            assertThat(read(csv)).isEqualTo(reference);
        } finally {
            Locale.setDefault(saved);
        }
        assertThat(reference.get(1)).contains("closes on line 4");
    }

    @Test
    void theRestOfABrokenRecordsLinesJoinsIt() throws IOException {
        // a stray quote in a record over three lines: its other two lines are not records either
        String broken = "2;2026-02-02 09:00;;;aperta;app;\"via\"x;\"Roma\n1\n\";;\n";
        assertThat(read(HEADER + good(1) + broken + good(3)))
                .containsExactly(
                        "row 1 id=1",
                        "row 2 broken (lines 3-5) cannot be read as CSV: on line 3 a character follows the closing quote of a"
                                + " field (a quote inside a quoted field must be doubled); reading resumed at line 6 | "
                                + broken.substring(0, broken.length() - 1),
                        "row 3 id=3");
    }

    @Test
    void aRecordOverSeveralLinesWithAnotherNumberOfFieldsIsBroken() throws IOException {
        assertThat(read(HEADER + good(1) + "2;\"a\nb\";x\n" + good(3)))
                .containsExactly(
                        "row 1 id=1",
                        "row 2 broken (lines 3-4) cannot be read as CSV: lines 3-4 read as one record of 3 field(s), the"
                                + " header has 10; reading resumed at line 5 | 2;\"a\nb\";x",
                        "row 3 id=3");
    }

    @Test
    void aOneLineRecordWithAnotherNumberOfFieldsStaysAMalformedRow() throws IOException {
        assertThat(read(HEADER + good(1) + "2;2026-02-02 09:00;aperta\n" + good(3)))
                .containsExactly("row 1 id=1", "row 2 id=2 malformed: has 3 field(s), the header has 10", "row 3 id=3");
    }

    @Test
    void aQuoteOpenForMoreThanTheCapIsGivenUpAndEveryLaterRowRead() throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append("1;\"2026-02-02 09:00;;;aperta;app;;;;\n");
        for (int i = 2; i <= 1500; i++) {
            csv.append(good(i));
        }
        List<String> records = read(csv.toString());
        assertThat(records).hasSize(1500);
        assertThat(records.get(0))
                .startsWith("row 1 broken (lines 2-2) cannot be read as CSV: a quote opened on line 2"
                        + " is still open after 1000 lines (the most a record may span); reading resumed at line 3 | ");
        assertThat(records.get(1499)).isEqualTo("row 1500 id=1500");
    }

    @Test
    void aBrokenRecordsRawPayloadIsCappedAndHidesEverythingWhenTheMappingRedacts() throws IOException {
        String first = "1;\"2026\"x;;;aperta;app;;;;\n";
        StringBuilder csv = new StringBuilder(HEADER).append(first);
        String junk = "x".repeat(99) + "\n";
        for (int i = 0; i < 1000; i++) {
            csv.append(junk); // one field each: failing lines that extend the broken record
        }
        csv.append(good(2));
        List<String> records = read(csv.toString());
        assertThat(records).hasSize(2);
        assertThat(records.get(0))
                .contains("(lines 2-1002)")
                .endsWith(
                        " [... " + (first.length() + 1000 * 100 - CsvRecordReader.MAX_RAW_CHARS) + " more characters]");
        assertThat(records.get(0).length()).isLessThan(CsvRecordReader.MAX_RAW_CHARS + 400);

        String redacting = ImporterTest.MAPPING + "redact: [source]\n";
        assertThat(read(redacting, HEADER + "1;\"2026\"x;;;aperta;app;;;;\n" + good(2)))
                .containsExactly(
                        "row 1 broken (lines 2-2) cannot be read as CSV: on line 2 a character follows the closing quote of a"
                                + " field (a quote inside a quoted field must be doubled); reading resumed at line 3"
                                + " | <redacted>",
                        "row 2 id=2");
    }

    /**
     * Random files of good, malformed and broken records, read by the reader and by the plain
     * design it optimises (each framed record parsed on its own, broken ones given up from their
     * first line): the same rows and the same broken line ranges, in the same order.
     */
    @Test
    void randomFilesGiveWhatParsingEachFramedRecordAloneGives() throws IOException {
        Mapping mapping = Mappings.parse(
                ImporterTest.MAPPING.replace(
                        "  delimiter: \";\"",
                        "  delimiter: \";\"\n"
                                + "  header: false\n  columns: [id, opened, closed, updated, status, source, category, mun, lat, lon]"),
                "town",
                "town.yaml",
                ServiceCatalogue.bundled());
        String[] fields = {"", "ab", "\"a;b\"", "\"x\ny\"", "\"q\"\"q\"", "a\"b", " \"c\" "};
        String[] breaking = {"\"bad\"x", "\"open"};
        String[] ends = {"\n", "\n", "\r\n", "\r"};
        Random random = new Random(14);
        int brokenFiles = 0;
        for (int n = 0; n < 300; n++) {
            StringBuilder csv = new StringBuilder();
            for (int r = random.nextInt(12); r >= 0; r--) {
                int count = random.nextInt(5) == 0 ? 1 + random.nextInt(12) : 10;
                int bad = random.nextInt(6) == 0 ? random.nextInt(count) : -1;
                for (int i = 0; i < count; i++) {
                    csv.append(i == 0 ? "" : ";")
                            .append(
                                    i == bad
                                            ? breaking[random.nextInt(breaking.length)]
                                            : fields[random.nextInt(random.nextInt(3) == 0 ? fields.length : 3)]);
                }
                csv.append(ends[random.nextInt(ends.length)]);
                if (random.nextInt(8) == 0) {
                    csv.append('\n'); // a blank line
                }
            }
            String text = csv.toString();
            List<String> read = read(mapping, text);
            List<String> expected = plainDesign(text);
            List<String> got = read.stream()
                    .map(x -> x.startsWith("row ") && x.contains(" broken (lines ")
                            ? "broken " + x.replaceFirst("(?s)^row \\d+ broken \\(lines (\\d+-\\d+)\\).*$", "$1")
                            : x.replaceFirst("^row \\d+ ", ""))
                    .toList();
            assertThat(got).as(text).isEqualTo(expected);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i)).startsWith("row " + (i + 1) + " ");
            }
            brokenFiles += expected.stream().anyMatch(x -> x.startsWith("broken")) ? 1 : 0;
        }
        assertThat(brokenFiles).isBetween(50, 280);
    }

    /** Frames parsed one by one with their own parser; a broken one given up from its first line. */
    static List<String> plainDesign(String text) throws IOException {
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(';')
                .setIgnoreEmptyLines(true)
                .get();
        CsvFramer framer = new CsvFramer(new StringReader(text), ';', '"');
        List<String> out = new ArrayList<>();
        long first = 0;
        long last = 0;
        for (CsvFramer.Frame f = framer.next(); ; f = framer.next()) {
            String[] values = null;
            if (f != null && f.end() == CsvFramer.End.RECORD) {
                try (CSVParser p = CSVParser.builder()
                        .setReader(new StringReader(f.text()))
                        .setFormat(format)
                        .get()) {
                    List<CSVRecord> all = p.getRecords();
                    values = all.size() == 1 ? all.get(0).values() : null;
                } catch (UncheckedIOException | IllegalStateException e) {
                    values = null;
                }
            }
            boolean good = f == null
                    || values != null && (values.length == 10 || f.lines().size() == 1 && first == 0);
            if (good && first > 0) {
                out.add("broken " + first + "-" + last);
                first = 0;
            }
            if (f == null) {
                return out;
            }
            if (good) {
                String id = values.length > 0 ? values[0] : null;
                out.add("id=" + id
                        + (values.length == 10
                                ? ""
                                : " malformed: has " + values.length + " field(s), the header has 10"));
                continue;
            }
            first = first == 0 ? f.firstLine() : first;
            last = f.firstLine();
            framer.resumeAfterFirstLine(f);
        }
    }

    @Test
    void aReadFailureStopsReadingAfterTheBrokenRecordBeforeIt() throws IOException {
        String text = HEADER + good(1) + "2;\"x\"y;;;aperta;app;;;;\n";
        Reader failing = new Reader() {
            final StringReader in = new StringReader(text);

            @Override
            public int read(char[] cbuf, int off, int len) throws IOException {
                int n = in.read(cbuf, off, len);
                if (n < 0) {
                    throw new IOException("disk gone");
                }
                return n;
            }

            @Override
            public void close() {}
        };
        Mapping m = Mappings.parse(ImporterTest.MAPPING, "town", "town.yaml", ServiceCatalogue.bundled());
        try (CsvRecordReader r = new CsvRecordReader(failing, m.format(), dir.resolve("in.csv"))) {
            assertThat(next(r).get("id")).isEqualTo("1");
            SourceRecord broken = next(r);
            assertThat(broken.broken()).isTrue();
            assertThat(broken.malformed())
                    .isEqualTo("(lines 3-3) cannot be read as CSV: on line 3 a character follows"
                            + " the closing quote of a field (a quote inside a quoted field must be doubled); reading failed"
                            + " after it");
            assertThatThrownBy(r::next)
                    .isInstanceOf(SourceReadException.class)
                    .hasMessage("CSV unreadable from row 3 (after line 3): disk gone");
        }
    }
}
