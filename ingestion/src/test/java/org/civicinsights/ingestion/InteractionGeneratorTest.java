package org.civicinsights.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicinsights.ingestion.TestRuns.DAYS;
import static org.civicinsights.ingestion.TestRuns.START;
import static org.civicinsights.ingestion.TestRuns.big;
import static org.civicinsights.ingestion.TestRuns.run;
import static org.civicinsights.ingestion.TestRuns.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.civicinsights.common.calendar.RomeTime;
import org.civicinsights.common.catalogue.CityService;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.event.Channel;
import org.civicinsights.common.event.EventType;
import org.civicinsights.common.event.InteractionEvent;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.ParseOutcome;
import org.civicinsights.common.privacy.FiscalCode;
import org.civicinsights.ingestion.TestRuns.Run;
import org.civicinsights.ingestion.synthetic.Municipi;
import org.civicinsights.ingestion.synthetic.RomeCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InteractionGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The records of a run as ingestion sees them. */
    static final class Classified {
        final List<InteractionEvent> valid = new ArrayList<>(); // distinct, in stream order, as ingested
        final List<JsonNode> validJson = new ArrayList<>(); // the same, as produced
        final Map<String, Long> rejected = new TreeMap<>();
        long duplicates;
    }

    private static Classified bigClassified;

    /** The shared 50 000-record run, classified once. */
    static synchronized Classified classifiedBig() {
        if (bigClassified == null) {
            bigClassified = classify(big());
        }
        return bigClassified;
    }

    static Classified classify(Run run) {
        InteractionEventCodec codec = TestRuns.codec();
        Classified c = new Classified();
        Map<UUID, String> firstSeen = new HashMap<>();
        List<String> values = run.sink().values;
        for (int i = 0; i < values.size(); i++) {
            String line = values.get(i);
            String key = run.sink().keys.get(i);
            assertThat(line).doesNotContain("\n", "\r");
            ParseOutcome o = codec.parse(line);
            if (!o.isAccepted()) {
                c.rejected.merge(o.rejection().reason().code(), 1L, Long::sum);
                assertThat(UUID.fromString(key))
                        .as("malformed records are keyed by a random UUID")
                        .isNotNull();
                continue;
            }
            UUID id = o.event().eventId;
            assertThat(key).isEqualTo(id.toString());
            String first = firstSeen.putIfAbsent(id, line);
            if (first != null) {
                assertThat(line).as("a duplicate re-sends the same JSON").isEqualTo(first);
                c.duplicates++;
            } else {
                c.valid.add(o.event());
                c.validJson.add(readTree(line));
            }
        }
        return c;
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Long> nonZero(Map<String, Long> m) {
        return m.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 7, 99, 1000, 12_345})
    void producesExactlyTheRequestedNumberOfRecords(long events) {
        Run r = run(settings(events).build());
        GenerationSummary s = r.summary();

        assertThat(r.sink().values).hasSize((int) events);
        assertThat(s.total()).isEqualTo(events);
        assertThat(s.valid() + s.duplicates() + s.malformed()).isEqualTo(events);
        assertThat(s.valid()).isEqualTo(r.settings().validCount());
        assertThat(s.duplicates()).isEqualTo(r.settings().duplicateCount());
        assertThat(s.malformed()).isEqualTo(r.settings().malformedCount());
        assertThat(r.sink().flushes).isPositive();
        assertThat(r.sink().closed).as("the caller owns the sink").isFalse();

        Classified c = classify(r);
        assertThat(c.valid).hasSize((int) s.valid());
        assertThat(c.duplicates).isEqualTo(s.duplicates());
        assertThat(c.rejected).isEqualTo(nonZero(s.malformedByReason()));
    }

    @ParameterizedTest
    @CsvSource({"5, 0.3, 0.19", "50, 0.3, 0.19", "1000, 0.25, 0.2", "333, 0, 0.1", "333, 0.1, 0"})
    void exactCountsWithHighShares(long events, double malformed, double duplicates) {
        Run r = run(settings(events)
                .malformedShare(malformed)
                .duplicateShare(duplicates)
                .build());
        GenerationSummary s = r.summary();
        Classified c = classify(r);

        assertThat(r.sink().values).hasSize((int) events);
        assertThat(s.malformed()).isEqualTo(Math.round(events * malformed));
        assertThat(s.duplicates()).isEqualTo(Math.round(events * duplicates));
        assertThat(c.valid).hasSize((int) s.valid());
        assertThat(c.duplicates).isEqualTo(s.duplicates());
        assertThat(c.rejected).isEqualTo(nonZero(s.malformedByReason()));
        assertThat(codecAccepts(r.sink().values.get(0)))
                .as("the first record is always valid")
                .isTrue();
    }

    private static boolean codecAccepts(String line) {
        return TestRuns.codec().parse(line).isAccepted();
    }

    @Test
    void sameSettingsGiveTheSameBytesAndAnotherSeedDoesNot() {
        GeneratorSettings s = settings(3_000).build();
        Run a = run(s);
        Run b = run(s);
        Run other = run(s.toBuilder().seed(43).build());

        assertThat(b.sink().values).isEqualTo(a.sink().values);
        assertThat(b.sink().keys).isEqualTo(a.sink().keys);
        assertThat(b.summary()).isEqualTo(a.summary());
        assertThat(other.sink().values).hasSameSizeAs(a.sink().values);
        Set<String> shared = new HashSet<>(a.sink().values);
        shared.retainAll(other.sink().values);
        assertThat(shared).isEmpty();
    }

    @Test
    void theDefaultStartDateComesFromTheClockOnce() {
        GeneratorSettings s = GeneratorSettings.builder()
                .events(500)
                .citizens(300)
                .days(7)
                .clock(TestRuns.AFTER)
                .build();
        Run a = run(s);
        Run b = run(s);
        assertThat(b.sink().values).isEqualTo(a.sink().values);

        Instant end = LocalDate.of(2026, 6, 1).atStartOfDay(RomeTime.ZONE).toInstant();
        Instant start = LocalDate.of(2026, 5, 25).atStartOfDay(RomeTime.ZONE).toInstant();
        for (InteractionEvent e : classify(a).valid) {
            assertThat(e.eventTime.toInstant()).isBetween(start, end.minusSeconds(1));
        }
    }

    @Test
    void everyValidRecordIsAcceptedAndEveryMalformedOneRejectedAsClaimed() {
        Run r = big();
        GenerationSummary s = r.summary();
        Classified c = classify(r);

        assertThat(c.valid).hasSize((int) s.valid());
        assertThat(c.duplicates).isEqualTo(s.duplicates()).isPositive();
        assertThat(c.rejected).isEqualTo(nonZero(s.malformedByReason()));
        assertThat(c.rejected.keySet())
                .containsExactlyInAnyOrder(
                        "invalid_json",
                        "missing_field",
                        "invalid_field",
                        "invalid_fiscal_code",
                        "event_time_in_future");
        Map<Channel, Long> byChannel = new EnumMap<>(Channel.class);
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        for (InteractionEvent e : c.valid) {
            byChannel.merge(e.channel, 1L, Long::sum);
            byType.merge(e.eventType, 1L, Long::sum);
        }
        assertThat(nonZeroEnum(s.validByChannel())).isEqualTo(byChannel);
        assertThat(nonZeroEnum(s.validByEventType())).isEqualTo(byType);
    }

    private static <K extends Enum<K>> Map<K, Long> nonZeroEnum(Map<K, Long> m) {
        Map<K, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v > 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void malformedRecordsAreSpreadOverTheStream() {
        Run r = big();
        InteractionEventCodec codec = TestRuns.codec();
        int n = r.sink().values.size();
        int[] rejectedPerQuarter = new int[4];
        for (int i = 0; i < n; i++) {
            if (!codec.parse(r.sink().values.get(i)).isAccepted()) {
                rejectedPerQuarter[i * 4 / n]++;
            }
        }
        for (int q : rejectedPerQuarter) {
            assertThat(q).isBetween(25, 100); // 250 malformed records in all
        }
    }

    @Test
    void duplicatesResendARecentValidEventWithItsKey() {
        Run r = big();
        List<String> values = r.sink().values;
        Map<String, Integer> firstIndex = new HashMap<>();
        int duplicates = 0;
        for (int i = 0; i < values.size(); i++) {
            Integer first = firstIndex.putIfAbsent(values.get(i), i);
            if (first != null) {
                duplicates++;
                assertThat(r.sink().keys.get(i)).isEqualTo(r.sink().keys.get(first));
                assertThat(readTree(values.get(i)).get("event_id").asText())
                        .isEqualTo(r.sink().keys.get(i));
                assertThat(i - first).as("a short while later").isLessThanOrEqualTo(1_100);
            }
        }
        assertThat(duplicates).isEqualTo(r.summary().duplicates());
    }

    @Test
    void validEventsAreInsideThePeriodInTimeOrderWithRomeOffsets() {
        Classified c = classifiedBig();
        Instant start = START.atStartOfDay(RomeTime.ZONE).toInstant();
        Instant end = START.plusDays(DAYS).atStartOfDay(RomeTime.ZONE).toInstant();
        Instant previous = start;
        Set<ZoneOffset> offsets = new HashSet<>();
        for (JsonNode j : c.validJson) {
            OffsetDateTime t = OffsetDateTime.parse(j.get("event_time").asText());
            assertThat(t.toInstant()).isAfterOrEqualTo(start).isBefore(end);
            assertThat(t.toInstant()).isAfterOrEqualTo(previous);
            assertThat(t.getOffset()).isEqualTo(RomeTime.ZONE.getRules().getOffset(t.toInstant()));
            offsets.add(t.getOffset());
            previous = t.toInstant();
        }
        assertThat(offsets).containsExactlyInAnyOrder(ZoneOffset.ofHours(1), ZoneOffset.ofHours(2));
    }

    @Test
    void channelMixDriftsTowardsSelfService() {
        Classified c = classifiedBig();
        double[] self = new double[4];
        double[] all = new double[4];
        for (InteractionEvent e : c.valid) {
            LocalDate day = e.eventTime.atZoneSameInstant(RomeTime.ZONE).toLocalDate();
            int week = (int) (day.toEpochDay() - START.toEpochDay()) / 7;
            all[week]++;
            if (e.channel.selfService()) {
                self[week]++;
            }
        }
        double first = self[0] / all[0];
        double last = self[3] / all[3];
        assertThat(last).isGreaterThan(first + 0.05);
        assertThat(first).isBetween(0.3, 0.7);
        assertThat(last).isBetween(0.45, 0.8);
        assertThat(big().summary().selfServiceShare()).isBetween(0.4, 0.7);
    }

    @Test
    void volumesFollowOfficeHoursAndWeekdays() {
        Classified c = classifiedBig();
        long[] byHour = new long[24];
        long weekday = 0;
        long weekend = 0;
        for (InteractionEvent e : c.valid) {
            ZonedDateTime z = e.eventTime.atZoneSameInstant(RomeTime.ZONE);
            byHour[z.getHour()]++;
            if (z.getDayOfWeek().getValue() >= 6) {
                weekend++;
            } else {
                weekday++;
            }
        }
        assertThat(byHour[10]).isGreaterThan(8 * byHour[3]);
        assertThat(byHour[10]).isGreaterThan(byHour[20]);
        assertThat(weekday / 5.0).isGreaterThan(1.5 * weekend / 2.0); // per day
    }

    @Test
    void everyEventTypeAndChannelOccurs() {
        GenerationSummary s = big().summary();
        assertThat(s.validByEventType())
                .allSatisfy((type, n) -> assertThat(n).as(type.wireName()).isPositive());
        assertThat(s.validByChannel())
                .allSatisfy((channel, n) -> assertThat(n).as(channel.wireName()).isPositive());
        assertThat(s.validByChannel().get(Channel.CONTACT_CENTRE)).isGreaterThan(s.valid() / 10);
    }

    @Test
    void servicesAreOnlyThoseOfferedOnTheEventsChannel() {
        ServiceCatalogue catalogue = ServiceCatalogue.bundled();
        int withService = 0;
        for (InteractionEvent e : classifiedBig().valid) {
            if (e.serviceCode != null) {
                withService++;
                CityService s = catalogue.find(e.serviceCode).orElseThrow();
                assertThat(s.channels()).as(e.serviceCode + " on " + e.channel).contains(e.channel);
            }
        }
        assertThat(withService).isGreaterThan((int) (big().summary().valid() * 3 / 4));
    }

    @Test
    void frontOfficesWorkOnlyOnWorkingDaysFrom830To17() {
        int visits = 0;
        for (InteractionEvent e : classifiedBig().valid) {
            if (e.channel == Channel.FRONT_OFFICE) {
                ZonedDateTime z = e.eventTime.atZoneSameInstant(RomeTime.ZONE);
                assertThat(RomeCalendar.isWorkingDay(z.toLocalDate()))
                        .as(z.toString())
                        .isTrue();
                assertThat(z.toLocalTime()).isBetween(LocalTime.of(8, 30), LocalTime.of(16, 59, 59));
                visits++;
            }
        }
        assertThat(visits).isPositive();
    }

    @Test
    void residentsAreSpreadOverMunicipiByPopulation() {
        Map<Integer, Long> perMunicipio = new TreeMap<>();
        long total = 0;
        for (JsonNode j : classifiedBig().validJson) {
            if (j.has("fiscal_code") && j.has("municipio") && !j.has("lat")) {
                perMunicipio.merge(j.get("municipio").asInt(), 1L, Long::sum);
                total++;
            }
        }
        assertThat(perMunicipio).hasSize(15);
        for (int m = 1; m <= 15; m++) {
            double share = (double) perMunicipio.get(m) / total;
            assertThat(share).as("municipio " + m).isCloseTo(Municipi.share(m), Offset.offset(0.02));
        }
        assertThat(perMunicipio.get(7)).isGreaterThan(perMunicipio.get(8) * 3 / 2); // VII is the most populous
    }

    @Test
    void identitiesAreValidFiscalCodesOrAnonymousIds() {
        Classified c = classifiedBig();
        long anonymous = 0;
        Set<String> codes = new HashSet<>();
        for (JsonNode j : c.validJson) {
            if (j.has("fiscal_code")) {
                String code = j.get("fiscal_code").asText();
                assertThat(FiscalCode.isValid(code)).as(code).isTrue();
                codes.add(code);
            } else {
                assertThat(j.get("anonymous_id").asText()).matches("anon-[0-9a-f-]{36}");
                anonymous++;
            }
        }
        assertThat((double) anonymous / c.validJson.size()).isCloseTo(0.15, Offset.offset(0.03));
        assertThat(codes.size()).isBetween(1_000, 5_000);
    }

    @Test
    void withoutCityUsersEveryEventIsAuthenticated() {
        Run r = run(settings(2_000).cityUserShare(0).build());
        assertThat(classify(r).validJson)
                .allSatisfy(j -> assertThat(j.has("fiscal_code")).isTrue());
    }

    @Test
    void casesStartWithCaseOpenedAndStreetReportsAreInRome() {
        Classified c = classifiedBig();
        Map<String, List<JsonNode>> byCase = new LinkedHashMap<>();
        int located = 0;
        for (JsonNode j : c.validJson) {
            if (j.get("event_type").asText().startsWith("case_")) {
                assertThat(j.get("case_id").asText()).matches("RM-2026-\\d{6}");
                byCase.computeIfAbsent(j.get("case_id").asText(), k -> new ArrayList<>())
                        .add(j);
            }
            if (j.has("lat")) {
                located++;
                assertThat(j.get("lat").asDouble()).isBetween(41.80, 41.99);
                assertThat(j.get("lon").asDouble()).isBetween(12.35, 12.62);
                assertThat(j.get("municipio").asInt()).isBetween(1, 15);
            }
        }
        assertThat(located).isPositive();
        int resolved = 0;
        int stillOpen = 0;
        for (List<JsonNode> events : byCase.values()) {
            assertThat(events.get(0).get("event_type").asText()).isEqualTo("case_opened");
            Set<String> types =
                    events.stream().map(j -> j.get("event_type").asText()).collect(Collectors.toSet());
            if (types.contains("case_resolved")) {
                resolved++;
            }
            if (!types.contains("case_closed")) {
                stillOpen++;
            }
            JsonNode opened = events.get(0);
            if (opened.get("channel").asText().equals("street_report")) {
                assertThat(opened.has("lat")).isTrue();
                assertThat(opened.get("service_code").asText()).startsWith("SEGN-");
            }
        }
        assertThat(resolved).isGreaterThan(byCase.size() / 3);
        assertThat(stillOpen).isPositive();
    }

    @Test
    void contactsHaveConsistentQueueFields() {
        int abandoned = 0;
        int answered = 0;
        for (InteractionEvent e : classifiedBig().valid) {
            if (e.eventType == EventType.CONTACT_CALL) {
                assertThat(e.waitSeconds).isNotNull().isNotNegative();
                if ("abandoned".equals(e.outcome)) {
                    abandoned++;
                    assertThat(e.handleSeconds).isZero();
                    assertThat(e.operatorId).isNull();
                } else {
                    answered++;
                    assertThat(e.handleSeconds).isPositive();
                    assertThat(e.operatorId).startsWith("op-");
                }
            }
            if (e.eventType == EventType.FEEDBACK_GIVEN) {
                assertThat(e.csat != null || e.nps != null || e.feedbackText != null)
                        .isTrue();
            }
            if (e.eventType == EventType.PAYMENT_MADE) {
                assertThat(e.amountEur).isPositive();
            }
        }
        assertThat(abandoned).isPositive();
        assertThat(answered).isGreaterThan(abandoned);
    }

    @Test
    void progressIsReportedAboutEveryPercent() {
        List<long[]> calls = new ArrayList<>();
        GeneratorSettings s = settings(5_000).build();
        TestRuns.GENERATOR.generate(
                s, new CollectingSink(), (produced, total) -> calls.add(new long[] {produced, total}));

        assertThat(calls).hasSizeBetween(100, 101);
        long previous = 0;
        for (long[] c : calls) {
            assertThat(c[1]).isEqualTo(5_000);
            assertThat(c[0]).isGreaterThan(previous).isLessThanOrEqualTo(previous + 50);
            previous = c[0];
        }
        assertThat(previous).isEqualTo(5_000);
    }

    @Test
    void writesJsonLinesThatMatchTheRecords(@TempDir Path dir) throws Exception {
        GeneratorSettings s = settings(2_000).build();
        Path file = dir.resolve("events.jsonl");
        GenerationSummary summary;
        try (JsonLinesRecordSink sink = new JsonLinesRecordSink(file)) {
            summary = TestRuns.GENERATOR.generate(s, sink, null);
            assertThat(sink.linesWritten()).isEqualTo(2_000);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2_000).isEqualTo(run(s).sink().values);
        assertThat(summary.total()).isEqualTo(2_000);
    }

    @Test
    void eventTypesAppearOnPlausibleChannels() {
        Map<EventType, Set<Channel>> seen = new EnumMap<>(EventType.class);
        for (InteractionEvent e : classifiedBig().valid) {
            seen.computeIfAbsent(e.eventType, t -> EnumSet.noneOf(Channel.class))
                    .add(e.channel);
        }
        assertThat(seen.get(EventType.CONTACT_CALL)).containsExactly(Channel.CONTACT_CENTRE);
        assertThat(seen.get(EventType.CONTACT_VISIT)).containsExactly(Channel.FRONT_OFFICE);
        assertThat(seen.get(EventType.CONTACT_EMAIL)).containsExactlyInAnyOrder(Channel.EMAIL, Channel.PEC);
        assertThat(seen.get(EventType.KNOWLEDGE_ARTICLE_VIEWED))
                .containsExactlyInAnyOrder(Channel.PORTAL, Channel.CHATBOT);
        assertThat(seen.get(EventType.NOTIFICATION_OPENED)).containsExactly(Channel.APP_IO);
        assertThat(seen.get(EventType.ONLINE_SERVICE_STARTED))
                .containsExactlyInAnyOrder(Channel.PORTAL, Channel.APP_IO);
    }
}
