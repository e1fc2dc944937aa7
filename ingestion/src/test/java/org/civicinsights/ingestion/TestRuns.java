package org.civicinsights.ingestion;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.privacy.CitizenPseudonymiser;

/** Shared settings and a generated run kept across tests (generation is deterministic). */
final class TestRuns {
    /** 2 March - 29 March 2026: four whole weeks, the change to summer time (29 March) inside. */
    static final LocalDate START = LocalDate.of(2026, 3, 2);

    static final int DAYS = 28;
    /** A clock well after the period, as ingestion's clock would be. */
    static final Clock AFTER = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    static final InteractionGenerator GENERATOR = new InteractionGenerator();

    private static Run big;

    private TestRuns() {}

    record Run(GeneratorSettings settings, GenerationSummary summary, CollectingSink sink) {}

    static GeneratorSettings.Builder settings(long events) {
        return GeneratorSettings.builder()
                .events(events)
                .citizens(5_000)
                .startDate(START)
                .days(DAYS)
                .clock(AFTER);
    }

    static Run run(GeneratorSettings settings) {
        CollectingSink sink = new CollectingSink();
        GenerationSummary summary = GENERATOR.generate(settings, sink, null);
        return new Run(settings, summary, sink);
    }

    /** 50 000 records with the default shares, shared by the statistical tests. */
    static synchronized Run big() {
        if (big == null) {
            big = run(settings(50_000).build());
        }
        return big;
    }

    static InteractionEventCodec codec() {
        return new InteractionEventCodec(new CitizenPseudonymiser(new byte[32]), AFTER);
    }
}
