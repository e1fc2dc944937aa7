package org.civicinsights.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorSettingsTest {
    private static final Clock JUNE_FIRST = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void defaultsAreTheDocumentedOnes() {
        GeneratorSettings s = GeneratorSettings.builder().clock(JUNE_FIRST).build();
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.events()).isEqualTo(200_000);
        assertThat(s.citizens()).isEqualTo(20_000);
        assertThat(s.cityUserShare()).isEqualTo(0.15);
        assertThat(s.days()).isEqualTo(30);
        assertThat(s.malformedShare()).isEqualTo(0.005);
        assertThat(s.duplicateShare()).isEqualTo(0.005);
        // 2026-06-01T00:00Z is already 1 June in Rome: the period is the 30 days before
        assertThat(s.startDate()).isEqualTo(LocalDate.of(2026, 5, 2));
        assertThat(s.periodEnd().toLocalDate()).isEqualTo(LocalDate.of(2026, 6, 1));
        assertThat(s.periodStart().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    }

    @Test
    void theDefaultStartDateIsResolvedOnceAndKept() {
        GeneratorSettings s =
                GeneratorSettings.builder().clock(JUNE_FIRST).days(7).build();
        assertThat(s.startDate()).isEqualTo(LocalDate.of(2026, 5, 25));
        GeneratorSettings copy = s.toBuilder()
                .clock(Clock.fixed(Instant.parse("2026-09-01T00:00:00Z"), ZoneOffset.UTC))
                .build();
        assertThat(copy.startDate()).isEqualTo(s.startDate());
        assertThat(GeneratorSettings.defaults().clock()).isNotNull();
    }

    @Test
    void countsAddUpToTheEvents() {
        GeneratorSettings s =
                GeneratorSettings.builder().events(1_000).clock(JUNE_FIRST).build();
        assertThat(s.malformedCount()).isEqualTo(5);
        assertThat(s.duplicateCount()).isEqualTo(5);
        assertThat(s.validCount()).isEqualTo(990);
        for (long events = 1; events < 200; events++) {
            GeneratorSettings extreme = s.toBuilder()
                    .events(events)
                    .malformedShare(0.3)
                    .duplicateShare(0.1999)
                    .build();
            assertThat(extreme.validCount()).isPositive();
            assertThat(extreme.validCount() + extreme.malformedCount() + extreme.duplicateCount())
                    .isEqualTo(events);
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of((UnaryOperator<GeneratorSettings.Builder>) b -> b.events(0), "events must be > 0"),
                Arguments.of((UnaryOperator<GeneratorSettings.Builder>) b -> b.events(-5), "events must be > 0"),
                Arguments.of((UnaryOperator<GeneratorSettings.Builder>) b -> b.citizens(0), "citizens must be in 1.."),
                Arguments.of((UnaryOperator<GeneratorSettings.Builder>) b -> b.days(0), "days must be in 1.."),
                Arguments.of(
                        (UnaryOperator<GeneratorSettings.Builder>) b -> b.cityUserShare(1.0),
                        "cityUserShare must be in [0, 1)"),
                Arguments.of(
                        (UnaryOperator<GeneratorSettings.Builder>) b -> b.cityUserShare(-0.1),
                        "cityUserShare must be in [0, 1)"),
                Arguments.of(
                        (UnaryOperator<GeneratorSettings.Builder>) b -> b.malformedShare(Double.NaN),
                        "malformedShare must be in [0, 1)"),
                Arguments.of(
                        (UnaryOperator<GeneratorSettings.Builder>) b -> b.duplicateShare(1.5),
                        "duplicateShare must be in [0, 1)"),
                Arguments.of(
                        (UnaryOperator<GeneratorSettings.Builder>)
                                b -> b.malformedShare(0.3).duplicateShare(0.2),
                        "malformedShare + duplicateShare must be < 0.5"),
                Arguments.of(
                        (UnaryOperator<GeneratorSettings.Builder>) b -> b.startDate(LocalDate.of(1999, 12, 31)),
                        "is too early"),
                Arguments.of(
                        (UnaryOperator<GeneratorSettings.Builder>) b -> b.startDate(LocalDate.of(2026, 5, 20)),
                        "would be rejected as event_time_in_future"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsBrokenSettingsWithAClearMessage(UnaryOperator<GeneratorSettings.Builder> change, String message) {
        GeneratorSettings.Builder b = GeneratorSettings.builder().clock(JUNE_FIRST);
        assertThatThrownBy(() -> change.apply(b).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void thePeriodMustLieWithinTheYearsOfRomesBusinessCalendar() {
        Clock farFuture = Clock.fixed(Instant.parse("2300-01-01T00:00:00Z"), ZoneOffset.UTC);
        GeneratorSettings lastDays = GeneratorSettings.builder()
                .clock(farFuture)
                .startDate(LocalDate.of(2199, 12, 2))
                .days(30)
                .build();
        assertThat(lastDays.periodEnd().toLocalDate()).isEqualTo(LocalDate.of(2200, 1, 1));
        assertThatThrownBy(() -> lastDays.toBuilder().days(31).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the period 2199-12-02 + 31 days is outside the dates of Rome's business calendar"
                        + " (1987-01-01 - 2199-12-31)");
        // the default start date, from a clock past the calendar, is rejected here, not by the generator
        assertThatThrownBy(() -> GeneratorSettings.builder().clock(farFuture).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Rome's business calendar");
    }

    @Test
    void aPeriodEndingWithinTheNext24HoursIsAccepted() {
        GeneratorSettings s = GeneratorSettings.builder()
                .clock(JUNE_FIRST)
                .startDate(LocalDate.of(2026, 6, 1))
                .days(1)
                .build();
        assertThat(s.periodEnd().toInstant()).isEqualTo(Instant.parse("2026-06-01T22:00:00Z"));
    }
}
