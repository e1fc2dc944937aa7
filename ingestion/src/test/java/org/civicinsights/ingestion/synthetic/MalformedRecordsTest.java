package org.civicinsights.ingestion.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.civicinsights.common.catalogue.ServiceCatalogue;
import org.civicinsights.common.event.InteractionEventCodec;
import org.civicinsights.common.event.ParseOutcome;
import org.civicinsights.common.event.RejectionReason;
import org.civicinsights.common.privacy.CitizenPseudonymiser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MalformedRecordsTest {
    private static final InteractionEventCodec CODEC = new InteractionEventCodec(
            new CitizenPseudonymiser(new byte[32]), Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
    private static final List<String> TEMPLATES = new ArrayList<>();

    static {
        Simulation simulation = new Simulation(
                3_000, 500, 0.2, LocalDate.of(2026, 3, 2), 14, ServiceCatalogue.bundled(), new SplittableRandom(9));
        simulation.run(e -> TEMPLATES.add(InteractionEventCodec.toJson(e)));
    }

    @ParameterizedTest
    @EnumSource(
            value = RejectionReason.class,
            names = {"INVALID_JSON", "MISSING_FIELD", "INVALID_FIELD", "INVALID_FISCAL_CODE", "EVENT_TIME_IN_FUTURE"})
    void everyBrokenRecordIsRejectedForTheIntendedReason(RejectionReason kind) {
        SplittableRandom rng = new SplittableRandom(kind.ordinal());
        for (int i = 0; i < 600; i++) {
            String template = TEMPLATES.get(rng.nextInt(TEMPLATES.size()));
            assertThat(CODEC.parse(template).isAccepted()).isTrue();
            String broken = MalformedRecords.corrupt(template, kind, Randoms.uuid(rng), () -> "RSSMRA85T10A562S", rng);
            ParseOutcome o = CODEC.parse(broken);
            assertThat(o.isAccepted()).as(broken).isFalse();
            assertThat(o.rejection().reason()).as(broken).isEqualTo(kind);
            assertThat(broken).doesNotContain("\n", "\r");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = RejectionReason.class,
            names = {"MISSING_FIELD", "INVALID_FIELD", "INVALID_FISCAL_CODE", "EVENT_TIME_IN_FUTURE"})
    void brokenRecordsGetANewEventId(RejectionReason kind) {
        SplittableRandom rng = new SplittableRandom(1);
        String template = TEMPLATES.get(0);
        var id = Randoms.uuid(rng);
        String broken = MalformedRecords.corrupt(template, kind, id, () -> "RSSMRA85T10A562S", rng);
        String oldId =
                template.substring(template.indexOf("\"event_id\":\"") + 12, template.indexOf("\"event_id\":\"") + 48);
        assertThat(broken).doesNotContain(oldId);
    }
}
