package org.civicinsights.ingestion.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.ParseOutcome;
import org.civicinsights.common.event.ProducerRejection;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.civicinsights.ingestion.CollectingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three real open-data files imported end to end with the bundled mappings, checked against an
 * independent parse of the same files ({@link PlainCsv}). The files are bundled in the test resources
 * ({@code real-data/}: Alessandria's and New York's whole, San Francisco's trimmed, see its README),
 * so these tests always run; where the shared data folder is beside the checkout
 * ({@code ../../shared/data}), its full files are checked too.
 */
class RealFilesImportTest {
    static final Path DATA = bundled();
    static final Path SHARED = Path.of("..", "..", "shared", "data");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    static final InteractionEventCodec CODEC = new InteractionEventCodec(new CitizenPseudonymiser(new byte[32]), CLOCK);

    static final String ALESSANDRIA = "alessandria-segnalazioni.csv";
    static final String SF = "sf311-cases-sample.csv";
    static final String NYC = "nyc311-extract.csv";

    private static final Map<String, Imported> CACHE = new HashMap<>();

    /** One import into in-memory sinks. */
    record Imported(
            ImportSummary summary,
            CollectingSink events,
            CollectingSink rejections,
            List<JsonNode> eventJson,
            List<JsonNode> rejectionJson) {

        List<JsonNode> events(EventType type) {
            return eventJson.stream()
                    .filter(e -> e.get("event_type").asText().equals(type.wireName()))
                    .toList();
        }

        /** The event of a type for a source record id (case_id = mapping-id). */
        JsonNode event(EventType type, String caseId) {
            List<JsonNode> found = events(type).stream()
                    .filter(e -> e.path("case_id").asText().equals(caseId))
                    .toList();
            assertThat(found).as(type + " of " + caseId).hasSize(1);
            return found.get(0);
        }

        boolean has(EventType type, String caseId) {
            return events(type).stream()
                    .anyMatch(e -> e.path("case_id").asText().equals(caseId));
        }
    }

    static Path bundled() {
        try {
            return Path.of(RealFilesImportTest.class.getResource("/real-data").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized Imported imported(String mapping, String file) {
        return CACHE.computeIfAbsent(mapping, m -> importNow(m, file));
    }

    static Imported importNow(String mapping, String file) {
        return importNow(mapping, DATA.resolve(file));
    }

    static Imported importNow(String mapping, Path file) {
        CollectingSink events = new CollectingSink();
        CollectingSink rejections = new CollectingSink();
        ImportSummary s = new Importer(CLOCK).importFile(Mappings.load(mapping), file, events, rejections, null);
        return new Imported(s, events, rejections, events.json(), rejections.json());
    }

    static Map<String, Long> countBy(List<Map<String, String>> rows, String column) {
        return rows.stream().collect(Collectors.groupingBy(r -> r.get(column), TreeMap::new, Collectors.counting()));
    }

    static long count(List<Map<String, String>> rows, Predicate<Map<String, String>> p) {
        return rows.stream().filter(p).count();
    }

    // ------------------------------------------------------------------ all three files

    @ParameterizedTest
    @CsvSource({
        "alessandria, alessandria-segnalazioni.csv",
        "sf311, sf311-cases-sample.csv",
        "nyc311, nyc311-extract.csv"
    })
    void everyEventPassesTheContractAndCarriesTheMappingsIds(String mapping, String file) {
        Imported r = imported(mapping, file);
        assertThat(r.eventJson()).isNotEmpty();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < r.events().values.size(); i++) {
            String json = r.events().values.get(i);
            ParseOutcome o = CODEC.parse(json);
            assertThat(o.isAccepted()).as(json + " -> " + o.rejection()).isTrue();
            JsonNode e = r.eventJson().get(i);
            assertThat(r.events().keys.get(i)).isEqualTo(e.get("event_id").asText());
            assertThat(ids.add(e.get("event_id").asText()))
                    .as("unique event id " + json)
                    .isTrue();
            assertThat(e.get("source_system").asText()).isEqualTo(mapping);
            String caseId = e.get("case_id").asText();
            assertThat(caseId).startsWith(mapping + "-");
            assertThat(e.get("anonymous_id").asText())
                    .isEqualTo(mapping + "-reporter-" + caseId.substring(mapping.length() + 1));
            assertThat(e.has("municipio")).as("not Rome: no municipio").isFalse();
            assertThat(e.get("language").asText()).isEqualTo(mapping.equals("alessandria") ? "it" : "en");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "alessandria, alessandria-segnalazioni.csv",
        "sf311, sf311-cases-sample.csv",
        "nyc311, nyc311-extract.csv"
    })
    void nothingIsDroppedSilently(String mapping, String file) {
        nothingDropped(imported(mapping, file), mapping);
    }

    /** The full files of shared/data, where that folder is beside the checkout: read whole, nothing dropped. */
    @ParameterizedTest
    @CsvSource(
            value = {
                "alessandria| alessandria-segnalazioni.csv| ;",
                "sf311| sf311-cases-sample.csv| ,",
                "nyc311| nyc311-extract.csv| ,"
            },
            delimiter = '|')
    void theFullSharedFilesAreReadWholeWithNothingDropped(String mapping, String file, char delimiter)
            throws IOException {
        assumeTrue(
                Files.isDirectory(SHARED),
                "shared data folder " + SHARED.toAbsolutePath().normalize()
                        + " is absent: only the bundled copies are imported");
        Imported r = importNow(mapping, SHARED.resolve(file));
        nothingDropped(r, mapping);
        assertThat(r.summary().rowsRead())
                .isEqualTo(PlainCsv.read(SHARED.resolve(file), delimiter).size());
        assertThat(r.summary().brokenRecords()).isZero();
    }

    /** The bundled copies hold the shared files' bytes: whole, or (San Francisco) some of its records in order. */
    @Test
    void theBundledCopiesAreTheSharedFilesOrSomeOfTheirRecords() throws IOException {
        assumeTrue(
                Files.isDirectory(SHARED),
                "shared data folder " + SHARED.toAbsolutePath().normalize()
                        + " is absent: the bundled copies cannot be compared with it");
        for (String whole : List.of(ALESSANDRIA, NYC)) {
            assertThat(Files.mismatch(DATA.resolve(whole), SHARED.resolve(whole)))
                    .as(whole)
                    .isEqualTo(-1L);
        }
        String full = Files.readString(SHARED.resolve(SF));
        String trimmed = Files.readString(DATA.resolve(SF));
        List<String> fullRecords = PlainCsv.spans(full).stream()
                .map(x -> full.substring(x[0], x[1]))
                .toList();
        List<String> kept = PlainCsv.spans(trimmed).stream()
                .map(x -> trimmed.substring(x[0], x[1]))
                .toList();
        assertThat(kept.get(0)).as("header").isEqualTo(fullRecords.get(0));
        assertThat(fullRecords).containsSubsequence(kept);
        assertThat(trimmed.length() - kept.stream().mapToInt(String::length).sum())
                .as("one \\n per record")
                .isEqualTo(kept.size());
    }

    static void nothingDropped(Imported r, String mapping) {
        ImportSummary s = r.summary();
        assertThat(s.complete()).isTrue();
        assertThat(s.rowsRead()).isEqualTo(s.rowsMapped() + s.rowsRejected());
        assertThat(s.eventsSent()).isEqualTo(r.events().values.size());
        assertThat(s.rejectionsSent()).isEqualTo(r.rejections().values.size());
        assertThat(r.events().flushes).isPositive();
        Map<String, Long> byReason = r.rejectionJson().stream()
                .collect(Collectors.groupingBy(j -> j.get("reason").asText(), Collectors.counting()));
        assertThat(s.rejectionsByReason()).isEqualTo(byReason);
        Map<EventType, Long> byType = r.eventJson().stream()
                .collect(Collectors.groupingBy(
                        j -> EventType.fromWire(j.get("event_type").asText()).orElseThrow(), Collectors.counting()));
        assertThat(s.eventsByType()).isEqualTo(byType);
        for (String v : r.rejections().values) {
            ProducerRejection p =
                    ProducerRejection.parse(v).orElseThrow(() -> new AssertionError("not an envelope: " + v));
            assertThat(p.source()).isEqualTo(mapping);
            assertThat(p.sourceRecord()).matches("row \\d+");
            assertThat(ImportRejections.ALL).contains(p.reason());
            assertThat(p.detectedAt()).isEqualTo(CLOCK.instant());
            assertThat(p.rawPayload()).isNotBlank();
        }
        assertThat(r.rejections().keys).allSatisfy(k -> assertThat(k).startsWith(mapping + ":row "));
    }

    // ------------------------------------------------------------------ broken records in the real files

    /**
     * A stray quote at the start of the second field of the first, a middle or the last record (for
     * Alessandria's unquoted file, a quote never closed; for San Francisco's and New York's quoted
     * fields, a character after a closing quote): that record, all its lines, is rejected as one
     * broken record with its line numbers, and every other row gives what it gives without the break.
     */
    @ParameterizedTest
    @CsvSource(
            value = {
                "alessandria| alessandria-segnalazioni.csv| ;| first",
                "alessandria| alessandria-segnalazioni.csv| ;| middle",
                "alessandria| alessandria-segnalazioni.csv| ;| last",
                "sf311| sf311-cases-sample.csv| ,| first",
                "sf311| sf311-cases-sample.csv| ,| middle",
                "sf311| sf311-cases-sample.csv| ,| last",
                "nyc311| nyc311-extract.csv| ,| first",
                "nyc311| nyc311-extract.csv| ,| middle",
                "nyc311| nyc311-extract.csv| ,| last"
            },
            delimiter = '|')
    void aStrayQuoteLosesItsRecordOnly(String mapping, String file, char delimiter, String where, @TempDir Path dir)
            throws IOException {
        String text = Files.readString(DATA.resolve(file));
        List<int[]> spans = PlainCsv.spans(text);
        List<Map<String, String>> rows = PlainCsv.read(DATA.resolve(file), delimiter);
        assertThat(spans).hasSize(rows.size() + 1);
        int k = switch (where) { // 1-based data record
            case "first" -> 1;
            case "middle" -> rows.size() / 2;
            default -> rows.size();
        };
        int start = spans.get(k)[0];
        int end = spans.get(k)[1];
        int quoteAt = text.indexOf(delimiter, start) + 1;
        String brokenText = text.substring(0, quoteAt) + '"' + text.substring(quoteAt);
        long firstLine =
                1 + text.substring(0, start).chars().filter(c -> c == '\n').count();
        long lastLine = firstLine
                + text.substring(start, end).chars().filter(c -> c == '\n').count();
        String idColumn = Mappings.load(mapping).recordId();
        String id = rows.get(k - 1).get(idColumn);
        assertThat(rows).filteredOn(x -> x.get(idColumn).equals(id)).hasSize(1);
        Path broken = dir.resolve(file);
        Files.writeString(broken, brokenText);

        Imported intact = imported(mapping, file);
        Imported r = importNow(mapping, broken);
        ImportSummary s = r.summary();
        ImportSummary t = intact.summary();
        assertThat(s.complete()).isTrue();
        assertThat(s.brokenRecords()).isEqualTo(1);
        assertThat(s.rowsRead()).isEqualTo(t.rowsRead());
        assertThat(s.rowsMapped()).isEqualTo(t.rowsMapped() - 1);
        assertThat(s.rowsRejected()).isEqualTo(t.rowsRejected() + 1);
        assertThat(s.rejections(ImportRejections.MALFORMED_RECORD))
                .isEqualTo(t.rejections(ImportRejections.MALFORMED_RECORD) + 1);

        String caseId = mapping + "-" + id;
        assertThat(intact.eventJson())
                .anySatisfy(e -> assertThat(e.get("case_id").asText()).isEqualTo(caseId));
        List<String> expectedEvents = new ArrayList<>();
        for (int i = 0; i < intact.eventJson().size(); i++) {
            if (!intact.eventJson().get(i).get("case_id").asText().equals(caseId)) {
                expectedEvents.add(intact.events().values.get(i));
            }
        }
        assertThat(r.events().values).isEqualTo(expectedEvents);

        List<String> expectedRejections = new ArrayList<>();
        for (int i = 0; i < intact.rejectionJson().size(); i++) {
            if (!intact.rejectionJson().get(i).get("detail").asText().startsWith("id " + id + ":")) {
                expectedRejections.add(intact.rejections().values.get(i));
            }
        }
        List<String> otherRejections = new ArrayList<>();
        List<JsonNode> brokenOnes = new ArrayList<>();
        for (int i = 0; i < r.rejectionJson().size(); i++) {
            if (r.rejectionJson().get(i).get("detail").asText().startsWith("row " + k + " (lines ")) {
                brokenOnes.add(r.rejectionJson().get(i));
            } else {
                otherRejections.add(r.rejections().values.get(i));
            }
        }
        assertThat(otherRejections).isEqualTo(expectedRejections);
        assertThat(brokenOnes).hasSize(1);
        JsonNode rejection = brokenOnes.get(0);

        assertThat(rejection.get("reason").asText()).isEqualTo(ImportRejections.MALFORMED_RECORD);
        assertThat(rejection.get("source_record").asText()).isEqualTo("row " + k);
        assertThat(rejection.get("detail").asText())
                .startsWith("row " + k + " (lines " + firstLine + "-" + lastLine + ") cannot be read as CSV: ")
                .endsWith(
                        where.equals("last") ? "; the file ends there" : "; reading resumed at line " + (lastLine + 1));
        assertThat(rejection.get("raw_payload").asText()).isEqualTo(brokenText.substring(start, end + 1));
    }

    @Test
    void importingTheSameFileTwiceGivesTheSameEventIds() {
        Imported first = importNow("sf311", SF);
        Imported second = importNow("sf311", SF);
        assertThat(second.events().keys).isEqualTo(first.events().keys);
        assertThat(second.events().values).isEqualTo(first.events().values);
        assertThat(second.rejections().values).isEqualTo(first.rejections().values);
        // and another mapping's ids never collide: the mapping name is part of the id
        assertThat(imported("nyc311", NYC).events().keys).doesNotContainAnyElementsOf(first.events().keys);
    }

    // ------------------------------------------------------------------ Alessandria

    @Test
    void alessandriaRowsAndStatusesMatchAnIndependentCount() throws IOException {
        List<Map<String, String>> rows = PlainCsv.read(DATA.resolve(ALESSANDRIA), ';');
        assertThat(rows).hasSize(4651);
        Map<String, Long> statuses = countBy(rows, "Stato");
        assertThat(statuses)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "chiusa",
                        2660L,
                        "aperta",
                        1526L,
                        "annullata",
                        289L,
                        "in carico",
                        149L,
                        "archiviata",
                        23L,
                        "eliminata",
                        4L));

        Imported r = imported("alessandria", ALESSANDRIA);
        ImportSummary s = r.summary();
        assertThat(s.rowsRead()).isEqualTo(4651);
        assertThat(s.rowsMapped()).isEqualTo(4651);
        assertThat(s.rowsRejected()).isZero();
        assertThat(s.events(EventType.CASE_OPENED)).isEqualTo(4651);
        long closable = count(
                rows,
                x -> Set.of("chiusa", "archiviata").contains(x.get("Stato"))
                        && !x.get("Chiusa").isBlank());
        assertThat(closable).isEqualTo(2683);
        assertThat(s.events(EventType.CASE_CLOSED)).isEqualTo(closable);
        assertThat(s.events(EventType.CASE_STATUS_CHANGED))
                .as("no update time in the file")
                .isZero();
        Map<String, Long> closedByStatus = r.events(EventType.CASE_CLOSED).stream()
                .collect(Collectors.groupingBy(e -> e.get("case_status").asText(), Collectors.counting()));
        assertThat(closedByStatus).isEqualTo(Map.of("chiusa", 2660L, "archiviata", 23L));
        // cancelled reports have no closing date in this file: each is a visible rejection, its opening kept
        assertThat(s.rejectionsByReason()).isEqualTo(Map.of(ImportRejections.MISSING_CLOSE_TIME, 293L));
        assertThat(r.rejectionJson())
                .allSatisfy(j -> assertThat(j.get("raw_payload").asText()).containsAnyOf(";annullata;", ";eliminata;"));
        assertThat(r.events(EventType.CASE_OPENED)).allSatisfy(e -> {
            assertThat(e.get("channel").asText()).isEqualTo("street_report");
            assertThat(e.get("case_status").asText()).isEqualTo("aperta");
        });
    }

    @Test
    void alessandriaDatesAreNoonInRomeWithTheOffsetOfTheDay() {
        Imported r = imported("alessandria", ALESSANDRIA);
        assertThat(r.event(EventType.CASE_OPENED, "alessandria-655788")
                        .get("event_time")
                        .asText())
                .isEqualTo("2023-05-08T12:00:00+02:00");
        assertThat(r.event(EventType.CASE_CLOSED, "alessandria-655788")
                        .get("event_time")
                        .asText())
                .isEqualTo("2023-05-25T12:00:00+02:00");
        assertThat(r.event(EventType.CASE_OPENED, "alessandria-978399")
                        .get("event_time")
                        .asText())
                .isEqualTo("2024-01-01T12:00:00+01:00");
        // 2025-03-30 is the day summer time starts: noon is already +02:00
        assertThat(r.event(EventType.CASE_OPENED, "alessandria-1246114")
                        .get("event_time")
                        .asText())
                .isEqualTo("2025-03-30T12:00:00+02:00");
        // opened in summer time, closed the day after it ended (2024-10-27)
        assertThat(r.event(EventType.CASE_OPENED, "alessandria-1122566")
                        .get("event_time")
                        .asText())
                .isEqualTo("2024-09-23T12:00:00+02:00");
        assertThat(r.event(EventType.CASE_CLOSED, "alessandria-1122566")
                        .get("event_time")
                        .asText())
                .isEqualTo("2024-10-28T12:00:00+01:00");
    }

    @Test
    void alessandriaCategoriesBecomeCatalogueServices() throws IOException {
        List<Map<String, String>> rows = PlainCsv.read(DATA.resolve(ALESSANDRIA), ';');
        Map<String, Long> services = imported("alessandria", ALESSANDRIA).events(EventType.CASE_OPENED).stream()
                .collect(Collectors.groupingBy(e -> e.get("service_code").asText(), Collectors.counting()));
        Map<String, Long> categories = countBy(rows, "Categoria");
        assertThat(services.get("SEGN-BUCHE"))
                .isEqualTo(categories.get("Buche"))
                .isEqualTo(1429);
        assertThat(services.get("SEGN-VERDE"))
                .isEqualTo(categories.get("Verde pubblico") + categories.get("Parchi gioco e aree cani"));
        assertThat(services.get("SEGN-ILLUM")).isEqualTo(54);
        assertThat(services.get("AMB-ANIMALI")).isEqualTo(20);
        long urp = categories.get("")
                + categories.get("Altro")
                + categories.get("Tombini")
                + categories.get("Acquedotto e fognature")
                + categories.get("Disinfestazione (topi, blatte, vespe, piccioni)")
                + categories.get("Cimiteri")
                + categories.get("Accessibilità ed inclusione delle persone con disabilità")
                + categories.get("Idee e proposte");
        assertThat(services.get("INFO-URP")).isEqualTo(urp);
        assertThat(services.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(4651);
    }

    // ------------------------------------------------------------------ San Francisco

    @Test
    void sfClosedBeforeOpenedRejectsOnlyTheClosing() throws IOException {
        List<Map<String, String>> rows = PlainCsv.read(DATA.resolve(SF), ',');
        // the bundled sample: the first 2,000 of the 10,000 rows, and the 99 later ones closed before opened
        assertThat(rows).hasSize(2_099);
        Map<String, Long> statuses = countBy(rows, "Status");
        assertThat(statuses).isEqualTo(Map.of("Closed", 2010L, "Open", 89L));
        DateTimeFormatter us = DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss a", Locale.US);
        Set<String> backwards = rows.stream()
                .filter(x -> !x.get("Closed").isEmpty()
                        && LocalDateTime.parse(x.get("Closed"), us).isBefore(LocalDateTime.parse(x.get("Opened"), us)))
                .map(x -> x.get("CaseID"))
                .collect(Collectors.toSet());
        assertThat(backwards).hasSize(129);

        Imported r = imported("sf311", SF);
        ImportSummary s = r.summary();
        assertThat(s.rowsRead()).isEqualTo(rows.size());
        assertThat(s.rowsMapped()).isEqualTo(rows.size());
        assertThat(s.rowsRejected()).isZero();
        assertThat(s.events(EventType.CASE_OPENED)).isEqualTo(rows.size());
        assertThat(s.events(EventType.CASE_CLOSED)).isEqualTo(statuses.get("Closed") - backwards.size());
        assertThat(s.rejectionsByReason()).isEqualTo(Map.of(ImportRejections.CLOSED_BEFORE_OPENED, 129L));
        assertThat(s.eventRejections()).isEqualTo(129);
        Set<String> rejectedIds = r.rejectionJson().stream()
                .map(j -> j.get("detail").asText().replaceFirst("^id (\\d+): .*", "$1"))
                .collect(Collectors.toSet());
        assertThat(rejectedIds).isEqualTo(backwards);
        for (String id : backwards) {
            assertThat(r.has(EventType.CASE_OPENED, "sf311-" + id))
                    .as("opening of " + id + " kept")
                    .isTrue();
            assertThat(r.has(EventType.CASE_CLOSED, "sf311-" + id))
                    .as("closing of " + id)
                    .isFalse();
        }
        assertThat(r.rejectionJson().get(0).get("detail").asText())
                .isEqualTo("id 3953406: case_closed not produced, "
                        + "closed 2014-08-26T08:28-07:00 (column Closed) is earlier than opened 2014-08-26T11:53:14-07:00; "
                        + "the case_opened was kept");
    }

    @Test
    void sfTimesAreLosAngelesLocalTimeAcrossDaylightSaving() {
        Imported r = imported("sf311", SF);
        // summer (PDT, -07:00), 12-hour clock with PM
        assertThat(r.event(EventType.CASE_OPENED, "sf311-1167331")
                        .get("event_time")
                        .asText())
                .isEqualTo("2012-07-15T08:08:00-07:00");
        assertThat(r.event(EventType.CASE_CLOSED, "sf311-1167331")
                        .get("event_time")
                        .asText())
                .isEqualTo("2012-07-17T20:15:00-07:00");
        // winter (PST, -08:00); 01:25 AM
        assertThat(r.event(EventType.CASE_OPENED, "sf311-5489340")
                        .get("event_time")
                        .asText())
                .isEqualTo("2016-01-21T14:27:45-08:00");
        assertThat(r.event(EventType.CASE_CLOSED, "sf311-5489340")
                        .get("event_time")
                        .asText())
                .isEqualTo("2016-01-22T01:25:00-08:00");
        // opened in winter, closed after the switch to summer time
        assertThat(r.event(EventType.CASE_OPENED, "sf311-3089503")
                        .get("event_time")
                        .asText())
                .isEqualTo("2013-11-21T11:51:46-08:00");
        assertThat(r.event(EventType.CASE_CLOSED, "sf311-3089503")
                        .get("event_time")
                        .asText())
                .isEqualTo("2014-04-01T10:16:18-07:00");
        JsonNode first = r.event(EventType.CASE_OPENED, "sf311-3600298");
        assertThat(first.get("lat").asDouble()).isEqualTo(37.774007256355);
        assertThat(first.get("lon").asDouble()).isEqualTo(-122.395680023339);
        assertThat(first.get("service_code").asText()).isEqualTo("INFO-URP"); // Sewer Issues
        assertThat(first.get("case_status").asText()).isEqualTo("Open");
    }

    @Test
    void sfSourcesAndOutcomesMatchAnIndependentCount() throws IOException {
        List<Map<String, String>> rows = PlainCsv.read(DATA.resolve(SF), ',');
        Map<String, Long> sources = countBy(rows, "Source");
        Imported r = imported("sf311", SF);
        Map<String, Long> channels = r.events(EventType.CASE_OPENED).stream()
                .collect(Collectors.groupingBy(e -> e.get("channel").asText(), Collectors.counting()));
        assertThat(channels)
                .isEqualTo(Map.of(
                        "contact_centre", sources.get("Voice In"),
                        "street_report", sources.get("Open311"),
                        "portal", sources.get("Web Self Service"),
                        "social", sources.get("Twitter"),
                        "email", sources.get("e-mail In"),
                        "front_office",
                                sources.get("Integrated Agency")
                                        + sources.get("Other Department")
                                        + sources.getOrDefault("Mail In", 0L)));
        assertThat(channels.get("contact_centre")).isEqualTo(1379);

        Set<String> cancelledIds = rows.stream()
                .filter(x -> x.get("Status").equals("Closed")
                        && x.get("Status.Notes").toLowerCase(Locale.ROOT).startsWith("case completed - cancelled"))
                .map(x -> "sf311-" + x.get("CaseID"))
                .collect(Collectors.toSet());
        Set<String> cancelledEvents = r.events(EventType.CASE_CLOSED).stream()
                .filter(e -> e.path("outcome").asText().equals("cancelled"))
                .map(e -> e.get("case_id").asText())
                .collect(Collectors.toSet());
        Set<String> closedIds = r.events(EventType.CASE_CLOSED).stream()
                .map(e -> e.get("case_id").asText())
                .collect(Collectors.toSet());
        cancelledIds.retainAll(closedIds); // a closing rejected as closed_before_opened has no outcome
        assertThat(cancelledEvents).isEqualTo(cancelledIds).hasSize(10);
        long noPoint = count(rows, x -> x.get("Point").isBlank());
        assertThat(r.events(EventType.CASE_OPENED).stream()
                        .filter(e -> !e.has("lat"))
                        .count())
                .isEqualTo(noPoint)
                .isEqualTo(8);
    }

    // ------------------------------------------------------------------ New York

    @Test
    void nycMultiLineQuotedFieldsAreRead() throws IOException {
        long lines = Files.readAllLines(DATA.resolve(NYC)).size();
        assertThat(lines).isEqualTo(2955); // 1 header + 1,000 records, 977 of them over 3 lines
        List<Map<String, String>> rows = PlainCsv.read(DATA.resolve(NYC), ',');
        assertThat(rows).hasSize(1000);
        assertThat(count(rows, x -> x.get("location").contains("\n"))).isEqualTo(977);

        Imported r = imported("nyc311", NYC);
        assertThat(r.summary().rowsRead()).isEqualTo(1000);
        // every record in order, none split or merged by the line breaks
        assertThat(r.events(EventType.CASE_OPENED).stream()
                        .map(e -> e.get("case_id").asText())
                        .toList())
                .isEqualTo(
                        rows.stream().map(x -> "nyc311-" + x.get("unique_key")).toList());
        Map<String, String> first = rows.get(0);
        assertThat(first.get("location")).isEqualTo("\n,  \n(40.67679280229251, -73.7379342313789)");
        JsonNode e = r.event(EventType.CASE_OPENED, "nyc311-60879417");
        assertThat(e.get("lat").asDouble()).isEqualTo(40.67679280229251);
        assertThat(e.get("lon").asDouble()).isEqualTo(-73.7379342313789);
        assertThat(e.get("event_time").asText()).isEqualTo("2024-04-16T03:03:15-04:00");
        assertThat(e.get("service_code").asText()).isEqualTo("SEGN-BUCHE"); // Street Condition
        assertThat(e.get("channel").asText()).isEqualTo("contact_centre"); // UNKNOWN
        // the line breaks survive in the rejected record's raw payload
        JsonNode rejection = r.rejectionJson().get(0);
        assertThat(rejection.get("detail").asText())
                .startsWith("id 60870611: case_closed not produced, status 'Closed'");
        assertThat(rejection.get("raw_payload").asText())
                .endsWith("\"\n,  \n(40.63549370508815, -74.00955866847329)\"");
    }

    @Test
    void nycStatusesMatchAnIndependentCount() throws IOException {
        List<Map<String, String>> rows = PlainCsv.read(DATA.resolve(NYC), ',');
        assertThat(countBy(rows, "status"))
                .isEqualTo(Map.of("Open", 424L, "Closed", 293L, "In Progress", 277L, "Assigned", 6L));
        long closedWithTime = count(
                rows,
                x -> x.get("status").equals("Closed") && !x.get("closed_date").isEmpty());
        long progressWithTime = count(
                rows,
                x -> Set.of("In Progress", "Assigned").contains(x.get("status"))
                        && !x.get("resolution_action_updated_date").isEmpty());
        assertThat(closedWithTime).isEqualTo(292);
        assertThat(progressWithTime).isEqualTo(126);

        Imported r = imported("nyc311", NYC);
        ImportSummary s = r.summary();
        assertThat(s.rowsMapped()).isEqualTo(1000);
        assertThat(s.events(EventType.CASE_OPENED)).isEqualTo(1000);
        assertThat(s.events(EventType.CASE_CLOSED)).isEqualTo(closedWithTime);
        assertThat(s.events(EventType.CASE_STATUS_CHANGED)).isEqualTo(progressWithTime);
        assertThat(s.rejectionsByReason()).isEqualTo(Map.of(ImportRejections.MISSING_CLOSE_TIME, 1L));
        Map<String, Long> changed = r.events(EventType.CASE_STATUS_CHANGED).stream()
                .collect(Collectors.groupingBy(e -> e.get("case_status").asText(), Collectors.counting()));
        assertThat(changed).isEqualTo(Map.of("In Progress", 120L, "Assigned", 6L));
        Map<String, Long> channels = r.events(EventType.CASE_OPENED).stream()
                .collect(Collectors.groupingBy(e -> e.get("channel").asText(), Collectors.counting()));
        assertThat(channels).isEqualTo(Map.of("contact_centre", 349L + 47L, "portal", 418L, "street_report", 186L));
        // every status change is not earlier than its opening
        for (JsonNode c : r.events(EventType.CASE_STATUS_CHANGED)) {
            JsonNode open = r.event(EventType.CASE_OPENED, c.get("case_id").asText());
            assertThat(OffsetDateTime.parse(c.get("event_time").asText()))
                    .isAfterOrEqualTo(
                            OffsetDateTime.parse(open.get("event_time").asText()));
        }
    }
}
